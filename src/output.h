/*
 * output: the files a user asks for (-o DIR's result.txt and
 * benchmark.json, --samples, the export files, the plot), written
 * completely or not at all.
 *
 * Outputs are one set (struct output_set), resolved once in the parent
 * before any fork: every path pint writes (-o's pair, --samples, the
 * exports, --plot, --checkpoint) and the task file it reads. Two that are
 * the same file (the same device and inode, or for files not yet made the
 * same resolved name) are refused, naming both options; so is an output
 * that is standard output redirected to a regular file, or the file on
 * standard input that -c - reads. Outputs written through pint's own
 * descriptor to standard output follow the report in turn; the journal,
 * written at its own offsets, does not.
 *
 * Where a path leads is decided from lstat(2) and each link's target,
 * never from stat(2) alone: a symbolic link to a regular file is followed
 * and its target replaced (the temporary file in the target's directory),
 * the link kept; a path that is not a regular file (a device, a FIFO, a
 * link into /proc such as /dev/stdout) is written in place and never
 * replaced, and one of pint's own descriptors (/dev/stdout, /dev/fd/N) is
 * written through that descriptor, in order with the report. An entry
 * that cannot be written (a directory) is refused.
 *
 * After the run, each file is written through output_open: a temporary
 * file in the target's directory, renamed over it by output_commit only
 * once every byte is written and synced. A failed write (a full disk,
 * /dev/full, a file size limit) removes the temporary file and leaves the
 * old file as it was; the caller prints the cause and exits 1.
 * output_commit_all writes a set of files (-o's pair) so that they are
 * replaced together or none is: each old file is kept under a second
 * name (a hard link) until every rename has succeeded, and put back when
 * one fails. A file that no rename can replace (immutable, append-only)
 * is refused before the run.
 *
 * Messages name the option and the path: "--samples s.csv: No space left
 * on device". Every function returning a cause allocates it; a failed
 * output_open or output_commit also leaves errno set to the error.
 */
#ifndef PINT_OUTPUT_H
#define PINT_OUTPUT_H

#include <sys/types.h>

#include <stdio.h>

struct output;

/* Where a path leads (output_resolve). */
struct output_target {
	char		*what;		/* the option, for messages */
	char		*path;		/* as given */
	char		*file;		/* the file written: a link's target */
	char		*key;		/* its canonical name, for comparing */
	int		 write;		/* written, not only read */
	int		 inplace;	/* not a regular file: never replaced */
	int		 fd;		/* one of ours (/dev/stdout), or -1 */
	int		 owned;	/* written by its owner (the journal), not
					   appended in turn with the report */
	int		 exists;	/* dev and ino are known */
	int		 reg;		/* what they name is a regular file */
	dev_t		 dev;
	ino_t		 ino;
};

/* How output_set_add checks a path. */
#define OUTPUT_READ	0	/* read (the task file): compared only */
#define OUTPUT_WRITE	1	/* written: its directory must accept it */
#define OUTPUT_LATER	3	/* written in a directory made later (-o) */
#define OUTPUT_OWNED	5	/* written and checked by its owner (ckpt) */

struct output_set {
	struct output_target	*t;
	int			 n;
};

/*
 * Follow path's links to the file it names. Written (how is not
 * OUTPUT_READ), it must be
 * writable: a regular file is written as output_open and output_commit
 * write it, so that is what is checked (a temporary file .NAME.XXXXXX
 * made beside it and renamed over another, then removed: right for root,
 * read-only mounts, names too long for the temporary file; an append-only
 * or immutable directory is found from its flags first), a device or FIFO
 * must be writable, a descriptor open for writing; a directory is
 * refused. what names the option ("--samples"). 0, or -1 +
 * cause.
 */
int		 output_resolve(struct output_target *, const char *what,
		     const char *path, int how, char **cause);
void		 output_target_free(struct output_target *);
/* Are a and b one file, so that writing one would clobber the other? */
int		 output_same(const struct output_target *,
		     const struct output_target *);

/*
 * The canonical name of path: its directory resolved by realpath(3) (a
 * missing one, for -o's new directory, from its parent) and its own name;
 * a directory too deep for an absolute name is "[DEV:INO]". For comparing
 * only. Allocated, or NULL with errno set.
 */
char		*output_key(const char *path);
/* The directory part of path ("." when there is none), allocated. */
char		*output_dirname(const char *path);

void		 output_set_init(struct output_set *);
void		 output_set_free(struct output_set *);
/*
 * Resolve path and add it (how: OUTPUT_*); refused if it is one file with
 * another already there. 0, or -1 + cause.
 */
int		 output_set_add(struct output_set *, const char *what,
		     const char *path, int how, char **cause);
/*
 * Standard output, or error, when it is a regular file: no output may
 * replace it (the two may share one).
 */
int		 output_set_stdout(struct output_set *, char **cause);
int		 output_set_stderr(struct output_set *, char **cause);
/*
 * Before any message: when standard error is the file of standard input
 * or of any argument (a task, a report, a journal, an export: 2>>t.yaml),
 * messages go to the terminal, if there is one, else nowhere, so that no
 * refusal is written into the file it protects. (An argument that only
 * happens to name that file, as -e x 2>x, sends them there too.)
 */
void		 output_stderr_guard(int, char **);
/*
 * Standard input, read by what ("-c -"), when it is a regular file: no
 * output may replace it.
 */
int		 output_set_stdin(struct output_set *, const char *what,
		     char **cause);
/* The output added for path, or NULL. */
const struct output_target *output_set_find(const struct output_set *,
		     const char *path);

/*
 * Can files be written in dir? An existing directory must accept a new
 * file; a missing one must be creatable (its parent accepts a new file);
 * output_open_in creates it. 0, or -1 + cause.
 */
int		 output_check_dir(const char *what, const char *dir,
		     char **cause);

/*
 * Start writing path (dir/name with output_open_in, dir made if needed)
 * as the set resolved it; a path not in the set (a --min-time round's
 * samples) is resolved now.
 */
struct output	*output_open(const struct output_set *, const char *what,
		     const char *path, char **cause);
struct output	*output_open_in(const struct output_set *, const char *what,
		     const char *dir, const char *name, char **cause);
struct output	*output_open_target(const struct output_target *,
		     char **cause);

/* The stream to write to; its errors are found by output_commit. */
/*
 * A stream that writes fd (closed with it when own), whose writes stop
 * with EINTR when pint is told to stop (SIGINT, SIGTERM, SIGHUP) even
 * while a pipe or a FIFO has no room: for the report on standard output
 * and the outputs written in place.
 */
FILE		*output_fdopen(int fd, int own);

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
