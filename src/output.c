/*
 * output: files written to a temporary name beside them and renamed into
 * place when complete. See output.h.
 */
#include "config.h"

#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

struct output {
	char	*what;		/* the option, for messages */
	char	*path;
	char	*tmp;		/* NULL: written in place */
	FILE	*fp;
	int	 error;		/* errno of the first failure, 0 none */
};

/* The directory part of path ("." when there is none), allocated. */
static char *
output_dirname(const char *path)
{
	const char	*slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/* Can a new file be made in dir? 0, or -1 with errno set. */
static int
output_probe(const char *dir)
{
	char	*tmp;
	int	 fd, saved;

	xasprintf(&tmp, "%s/.pint-probe.XXXXXX", dir);
	fd = mkostemp(tmp, O_CLOEXEC);
	saved = errno;
	if (fd != -1) {
		close(fd);
		unlink(tmp);
	}
	free(tmp);
	errno = saved;
	return fd == -1 ? -1 : 0;
}

int
output_check_file(const char *what, const char *path, char **cause)
{
	struct stat	 st;
	char		*dir;
	int		 rv;

	if (*path == '\0') {
		xasprintf(cause, "%s: empty file name", what);
		return -1;
	}
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			xasprintf(cause, "%s %s: is a directory", what, path);
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			/* A device or FIFO is written in place. */
			if (access(path, W_OK) == 0)
				return 0;
			xasprintf(cause, "%s %s: %s", what, path,
			    strerror(errno));
			return -1;
		}
	}
	dir = output_dirname(path);
	if ((rv = output_probe(dir)) != 0)
		xasprintf(cause, "%s %s: %s", what, path, strerror(errno));
	free(dir);
	return rv;
}

int
output_check_dir(const char *what, const char *dir, char **cause)
{
	struct stat	 st;
	char		*parent;
	int		 rv;

	if (*dir == '\0') {
		xasprintf(cause, "%s: empty directory name", what);
		return -1;
	}
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			xasprintf(cause, "%s %s: not a directory", what, dir);
			return -1;
		}
		if (output_probe(dir) != 0) {
			xasprintf(cause, "%s %s: %s", what, dir,
			    strerror(errno));
			return -1;
		}
		return 0;
	}
	if (errno != ENOENT) {
		xasprintf(cause, "%s %s: %s", what, dir, strerror(errno));
		return -1;
	}
	parent = output_dirname(dir);
	if ((rv = output_probe(parent)) != 0)
		xasprintf(cause, "%s %s: %s", what, dir, strerror(errno));
	free(parent);
	return rv;
}

static void
output_free(struct output *o)
{
	free(o->what);
	free(o->path);
	free(o->tmp);
	free(o);
}

/* The mode a new file gets from open(2): an existing file's mode is kept. */
static mode_t
output_mode(const char *path)
{
	struct stat	 st;
	mode_t		 mask;

	if (stat(path, &st) == 0)
		return st.st_mode & 07777;
	mask = umask(077);
	umask(mask);
	return 0666 & ~mask;
}

struct output *
output_open(const char *what, const char *path, char **cause)
{
	struct output	*o;
	struct stat	 st;
	char		*dir;
	int		 fd = -1;

	o = xcalloc(1, sizeof *o);
	o->what = xstrdup(what);
	o->path = xstrdup(path);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		o->fp = fopen(path, "we");
	} else {
		const char	*base = strrchr(path, '/');

		dir = output_dirname(path);
		xasprintf(&o->tmp, "%s/.%s.XXXXXX", dir,
		    base != NULL ? base + 1 : path);
		free(dir);
		if ((fd = mkostemp(o->tmp, O_CLOEXEC)) != -1 &&
		    (fchmod(fd, output_mode(path)) != 0 ||
		    (o->fp = fdopen(fd, "w")) == NULL)) {
			int	 saved = errno;

			close(fd);
			unlink(o->tmp);
			errno = saved;
		}
	}
	if (o->fp == NULL) {
		int	 saved = errno;

		xasprintf(cause, "%s %s: %s", what, path, strerror(saved));
		output_free(o);
		errno = saved;
		return NULL;
	}
	return o;
}

struct output *
output_open_in(const char *what, const char *dir, const char *name,
    char **cause)
{
	struct output	*o;
	char		*path;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		xasprintf(cause, "%s %s: %s", what, dir, strerror(errno));
		return NULL;
	}
	xasprintf(&path, "%s/%s", dir, name);
	o = output_open(what, path, cause);
	free(path);
	return o;
}

FILE *
output_fp(struct output *o)
{
	return o->fp;
}

/* Everything written and closed; 0 or -1 with o->error set. */
static int
output_close(struct output *o)
{
	int	 error = 0;

	if (fflush(o->fp) != 0)
		error = errno;
	else if (ferror(o->fp))
		error = EIO;	/* an earlier write failed; its errno is gone */
	if (error == 0 && o->tmp != NULL && fsync(fileno(o->fp)) != 0)
		error = errno;
	if (fclose(o->fp) != 0 && error == 0)
		error = errno != 0 ? errno : EIO;
	o->fp = NULL;
	o->error = error;
	return error == 0 ? 0 : -1;
}

int
output_commit(struct output *o, char **cause)
{
	return output_commit_all(&o, 1, cause);
}

int
output_commit_all(struct output **os, int n, char **cause)
{
	struct output	*bad = NULL;
	int		 i, error;

	for (i = 0; i < n; i++) {
		if (output_close(os[i]) != 0 && bad == NULL)
			bad = os[i];
	}
	for (i = 0; i < n && bad == NULL; i++) {
		if (os[i]->tmp != NULL && rename(os[i]->tmp, os[i]->path) != 0) {
			os[i]->error = errno;
			bad = os[i];
		} else {
			free(os[i]->tmp);
			os[i]->tmp = NULL;	/* in place */
		}
	}
	if (bad != NULL)
		xasprintf(cause, "%s %s: %s", bad->what, bad->path,
		    strerror(bad->error));
	error = bad != NULL ? bad->error : 0;
	for (i = 0; i < n; i++) {
		if (os[i]->tmp != NULL)
			unlink(os[i]->tmp);
		output_free(os[i]);
	}
	errno = error;
	return bad != NULL ? -1 : 0;
}

void
output_abort(struct output *o)
{
	if (o == NULL)
		return;
	if (o->fp != NULL)
		fclose(o->fp);
	if (o->tmp != NULL)
		unlink(o->tmp);
	output_free(o);
}
