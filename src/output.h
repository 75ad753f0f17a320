/*
 * output: the files a user asks for (-o DIR's result.txt and
 * benchmark.json, --samples, the export files), written completely or
 * not at all.
 *
 * Before any fork, plan checks each path with output_check_file or
 * output_check_dir (a bad one is a bad invocation, exit 2). After the
 * run, each file is written through output_open: a temporary file in the
 * same directory, renamed over the path by output_commit only once every
 * byte is written and synced. A failed write (a full disk, /dev/full)
 * removes the temporary file and leaves the old file as it was; the
 * caller prints the cause and exits 1. output_commit_all writes a set of
 * files (-o's pair) so that they are replaced together or none is.
 *
 * A path that names something other than a regular file (/dev/stdout, a
 * FIFO, /dev/full) is written in place: it cannot be renamed over.
 *
 * Messages name the option and the path: "--samples s.csv: No space left
 * on device". Every function returning a cause allocates it; a failed
 * output_open or output_commit also leaves errno set to the error.
 */
#ifndef PINT_OUTPUT_H
#define PINT_OUTPUT_H

#include <stdio.h>

struct output;

/*
 * Can a file be written at path? It must not be empty or a directory,
 * and its directory must exist and accept a new file (checked by creating
 * and removing one, which is right for root and read-only mounts too).
 * what names the option ("--samples"). 0, or -1 + cause.
 */
int		 output_check_file(const char *what, const char *path,
		     char **cause);

/*
 * Can files be written in dir? An existing directory must accept a new
 * file; a missing one must be creatable (its parent accepts a new file);
 * output_open_in creates it. 0, or -1 + cause.
 */
int		 output_check_dir(const char *what, const char *dir,
		     char **cause);

/* Start writing path (dir/name with output_open_in, dir made if needed). */
struct output	*output_open(const char *what, const char *path,
		     char **cause);
struct output	*output_open_in(const char *what, const char *dir,
		     const char *name, char **cause);

/* The stream to write to; its errors are found by output_commit. */
FILE		*output_fp(struct output *);

/*
 * Flush, sync and close the file and rename it into place. Frees the
 * output either way; 0, or -1 + cause with the temporary file removed.
 */
int		 output_commit(struct output *, char **cause);

/*
 * Commit n outputs together: every file is written and closed before the
 * first rename, so a failed write replaces none of them. Frees all.
 */
int		 output_commit_all(struct output **, int n, char **cause);

/* Give up: the temporary file is removed, the path untouched; frees. */
void		 output_abort(struct output *);

#endif
