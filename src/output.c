/*
 * output: files written to a temporary name beside them and renamed into
 * place when complete. See output.h.
 */
#include "config.h"

#include "output.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hooks.h"
#include "util.h"

/* Standard error's file, when output_stderr_guard sent messages away. */
static struct stat output_stderr_was;
static int	 output_stderr_moved;

struct output {
	char	*what;		/* the option, for messages */
	char	*path;		/* as given, for messages */
	char	*file;		/* the file written: a link's target */
	char	*tmp;		/* NULL: written in place */
	FILE	*fp;
	int	 error;		/* errno of the first failure, 0 none */
	int	 guard;		/* SIGPIPE blocked while it is written */
	sigset_t old;		/* the mask before */
};

/* See output.h. */
char *
output_dirname(const char *path)
{
	const char	*slash;
	size_t		 len = strlen(path);

	/* "out/" names out, whose directory is "." */
	while (len > 1 && path[len - 1] == '/')
		len--;
	for (slash = path + len; slash > path && slash[-1] != '/'; slash--)
		continue;
	if (slash == path)
		return xstrdup(".");
	slash--;
	while (slash > path && slash[-1] == '/')
		slash--;
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/*
 * The inode flags of the regular file or directory at path (chattr(1)):
 * FS_IMMUTABLE_FL and FS_APPEND_FL, 0 if none or unknown.
 */
static int
output_attrs(const char *path, int dir)
{
	int	 fd, flags = 0;

	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC |
	    (dir ? O_DIRECTORY : O_NOFOLLOW))) == -1)
		return 0;
	if (ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0)
		flags = 0;
	close(fd);
	return flags & (FS_IMMUTABLE_FL | FS_APPEND_FL);
}

/* Is the regular file at path one that no rename can replace? */
static int
output_frozen(const char *path)
{
	return output_attrs(path, 0) != 0;
}

/* Not errno values: a file, or a directory, that no rename can change. */
#define OUTPUT_EFROZEN	(-1)
#define OUTPUT_EDIRFROZEN (-2)
/* Not an errno value: the name is too long for the temporary file. */
#define OUTPUT_ETMPLONG	(-3)

/*
 * Can dir/base be written as output_open_target and output_commit write
 * it: a temporary file .base.XXXXXX made in dir, then renamed over a file
 * there? Done with two temporary files, both removed; a name too long,
 * a read-only or full directory, one that keeps what is made in it
 * (append-only: checked first, as nothing made there could be removed)
 * fail here as they would after the run. 0, or an errno value.
 */
/* Test hook: SIGSTOP at the point named (see hooks.h). */
static void
output_stop_at(const char *where)
{
	struct hooks	 h;

	hooks_read(&h);
	if (h.stop_at != NULL && strcmp(h.stop_at, where) == 0)
		raise(SIGSTOP);
}

static int
output_probe(const char *dir, const char *base)
{
	char	*a, *b;
	int	 fa = -1, fb = -1, error = 0;

	if (output_attrs(dir, 1) != 0)
		return OUTPUT_EDIRFROZEN;
	xasprintf(&a, "%s/.%s.XXXXXX", dir, base);
	b = xstrdup(a);
	if ((fa = mkostemp(a, O_CLOEXEC)) == -1 ||
	    (fb = mkostemp(b, O_CLOEXEC)) == -1 || (output_stop_at("probe"),
	    rename(a, b) != 0))
		error = errno;
	if (fa != -1) {
		close(fa);
		if (error != 0)
			unlink(a);
	}
	if (fb != -1) {
		close(fb);
		unlink(b);
	}
	free(a);
	free(b);
	return error == ENAMETOOLONG ? OUTPUT_ETMPLONG : error;
}

/*
 * Why a file in dir cannot be written (error: an errno value or
 * OUTPUT_E*), allocated.
 */
static char *
output_why(int error, const char *dir)
{
	char	*why;

	if (error == EISDIR)
		why = xstrdup("is a directory");
	else if (error == OUTPUT_EFROZEN)
		why = xstrdup("is immutable or append-only (see lsattr): it "
		    "cannot be replaced");
	else if (error == OUTPUT_EDIRFROZEN)
		xasprintf(&why, "directory %s is immutable or append-only (see "
		    "lsattr -d): no file in it can be replaced", dir);
	else if (error == OUTPUT_ETMPLONG)
		why = xstrdup("File name too long for the temporary file pint "
		    "writes beside it first (8 bytes longer)");
	else
		why = xstrdup(strerror(error));
	return why;
}

int
output_check_dir(const char *what, const char *dir, char **cause)
{
	struct stat	 st;
	char		*parent = NULL, *why;
	int		 error;

	if (*dir == '\0') {
		xasprintf(cause, "%s: empty directory name", what);
		return -1;
	}
	if (stat(dir, &st) == 0) {
		if (!S_ISDIR(st.st_mode)) {
			xasprintf(cause, "%s %s: not a directory", what, dir);
			return -1;
		}
		error = output_probe(dir, "pint-probe");
	} else if (errno == ENOENT && lstat(dir, &st) == 0 &&
	    S_ISLNK(st.st_mode)) {
		/* mkdir(2) makes no directory through a link. */
		xasprintf(cause, "%s %s: a symbolic link to a directory that "
		    "does not exist; make it first", what, dir);
		return -1;
	} else if ((error = errno) == ENOENT) {
		/*
		 * Made by mkdir(2): an append-only parent takes a new entry
		 * (and nothing made in it to probe could be removed).
		 */
		parent = output_dirname(dir);
		error = output_attrs(parent, 1) == FS_APPEND_FL ? 0 :
		    output_probe(parent, "pint-probe");
	}
	if (error != 0) {
		why = output_why(error, parent != NULL ? parent : dir);
		xasprintf(cause, "%s %s: %s", what, dir, why);
		free(why);
	}
	free(parent);
	return error != 0 ? -1 : 0;
}

/* See output.h. */
char *
output_key(const char *path)
{
	const char	*base = strrchr(path, '/');
	char		*dir, *rdir, *key;
	int		 saved;

	base = base != NULL ? base + 1 : path;
	dir = output_dirname(path);
	if ((rdir = realpath(dir, NULL)) == NULL && errno == ENAMETOOLONG) {
		struct stat	 st;

		/*
		 * A directory deeper than PATH_MAX (reached by relative
		 * steps) has no absolute name: it is known by its device and
		 * inode, which no path can spell.
		 */
		if (stat(dir, &st) == 0)
			xasprintf(&rdir, "[%llu:%llu]",
			    (unsigned long long)st.st_dev,
			    (unsigned long long)st.st_ino);
		else if (errno != ENOENT)
			errno = ENAMETOOLONG;
	}
	if (rdir == NULL && errno == ENOENT && strcmp(dir, path) != 0 &&
	    *base != '\0')
		rdir = output_key(dir);
	saved = errno;
	free(dir);
	if (rdir == NULL) {
		errno = saved;
		return NULL;
	}
	xasprintf(&key, "%s/%s", strcmp(rdir, "/") == 0 ? "" : rdir, base);
	free(rdir);
	return key;
}

/*
 * Is key one of this process's descriptor links (/proc/PID/fd/N)? N, or
 * -1.
 */
static int
output_own_fd(const char *key)
{
	char		 prefix[64];
	const char	*p;
	char		*end;
	long		 n;

	snprintf(prefix, sizeof prefix, "/proc/%ld/fd/", (long)getpid());
	if (strncmp(key, prefix, strlen(prefix)) != 0)
		return -1;
	p = key + strlen(prefix);
	n = strtol(p, &end, 10);
	if (end == p || *end != '\0' || n < 0 || n > 1 << 20)
		return -1;
	return (int)n;
}

void
output_target_free(struct output_target *t)
{
	free(t->what);
	free(t->path);
	free(t->file);
	free(t->key);
	memset(t, 0, sizeof *t);
	t->fd = -1;
}

/*
 * Follow the links of path to the file it names (t->file), and find what
 * that is. 0, or an errno value (EISDIR for a directory).
 */
static int
output_follow(struct output_target *t)
{
	struct stat	 st;
	char		*cur, *dir, target[4096];
	ssize_t		 len;
	int		 hops, error = 0;

	cur = xstrdup(t->path);
	for (hops = 0;; hops++) {
		free(t->key);
		t->key = NULL;
		if (hops > 40) {
			error = ELOOP;
			break;
		}
		if ((t->key = output_key(cur)) == NULL) {
			error = errno;
			break;
		}
		/*
		 * /proc's links (/dev/stdout, /dev/fd/N) name open files, not
		 * directory entries: written where they are, never replaced.
		 */
		if (strncmp(t->key, "/proc/", 6) == 0) {
			t->inplace = 1;
			/*
			 * One of ours may be a regular file opened by the
			 * shell (5<>task.yaml): known by its device and
			 * inode, so that it is never another output's file.
			 */
			if ((t->fd = output_own_fd(t->key)) >= 0 &&
			    t->fd == STDERR_FILENO && output_stderr_moved) {
				t->exists = t->reg = 1;
				t->dev = output_stderr_was.st_dev;
				t->ino = output_stderr_was.st_ino;
			} else if (t->fd >= 0 && fstat(t->fd, &st) == 0) {
				t->exists = 1;
				t->dev = st.st_dev;
				t->ino = st.st_ino;
				t->reg = S_ISREG(st.st_mode);
			}
			break;
		}
		if (lstat(cur, &st) != 0) {
			if (errno != ENOENT)
				error = errno;
			break;
		}
		if (!S_ISLNK(st.st_mode)) {
			t->exists = 1;
			t->dev = st.st_dev;
			t->ino = st.st_ino;
			t->reg = S_ISREG(st.st_mode);
			if (S_ISDIR(st.st_mode))
				error = EISDIR;
			else if (!S_ISREG(st.st_mode))
				t->inplace = 1;
			break;
		}
		/* A link: on to its target, relative to the link's directory. */
		if ((len = readlink(cur, target, sizeof target - 1)) == -1) {
			error = errno;
			break;
		}
		target[len] = '\0';
		dir = output_dirname(cur);
		free(cur);
		if (target[0] == '/')
			cur = xstrdup(target);
		else
			xasprintf(&cur, "%s/%s", dir, target);
		free(dir);
	}
	t->file = cur;
	if (error == 0 && t->inplace && t->fd < 0 && stat(t->file, &st) == 0) {
		t->exists = 1;
		t->dev = st.st_dev;
		t->ino = st.st_ino;
		t->reg = S_ISREG(st.st_mode);
	}
	return error;
}

/* Can t be written (how: OUTPUT_*)? 0, or an errno value or OUTPUT_E*. */
static int
output_writable(const struct output_target *t, int how)
{
	const char	*base;
	char		*dir;
	int		 flags, error = 0;

	if ((how == OUTPUT_WRITE || how == OUTPUT_LATER) && t->fd < 0 &&
	    !t->inplace && t->exists && t->reg && output_frozen(t->file))
		return OUTPUT_EFROZEN;
	if (how != OUTPUT_WRITE)
		return 0;
	if (t->fd >= 0) {
		/* One of pint's own descriptors: open, and for writing? */
		if ((flags = fcntl(t->fd, F_GETFL)) == -1)
			error = errno;
		else if ((flags & O_ACCMODE) == O_RDONLY)
			error = EBADF;
	} else if (t->inplace) {
		if (access(t->file, W_OK) != 0)
			error = errno;
	} else {
		base = strrchr(t->file, '/');
		dir = output_dirname(t->file);
		error = output_probe(dir, base != NULL ? base + 1 : t->file);
		free(dir);
	}
	return error;
}

/* The message of error about t; frees t. -1. */
static int
output_refuse(struct output_target *t, int error, char **cause)
{
	char	*dir = output_dirname(t->file), *why = output_why(error, dir);

	if (*t->path == '\0')
		xasprintf(cause, "%s: empty file name", t->what);
	else if (strcmp(t->file, t->path) != 0)
		xasprintf(cause, "%s %s: %s: %s", t->what, t->path, t->file,
		    why);
	else
		xasprintf(cause, "%s %s: %s", t->what, t->path, why);
	free(why);
	free(dir);
	output_target_free(t);
	return -1;
}

/* Start t for path; 0, or an errno value (t is then to be freed). */
static int
output_begin(struct output_target *t, const char *what, const char *path,
    int how)
{
	memset(t, 0, sizeof *t);
	t->fd = -1;
	t->what = xstrdup(what);
	t->path = xstrdup(path);
	t->write = how != OUTPUT_READ;
	t->owned = how == OUTPUT_OWNED;
	if (*path == '\0') {
		t->file = xstrdup(path);
		return ENOENT;
	}
	return output_follow(t);
}

int
output_resolve(struct output_target *t, const char *what, const char *path,
    int how, char **cause)
{
	int	 error;

	if ((error = output_begin(t, what, path, how)) != 0 ||
	    (error = output_writable(t, how)) != 0)
		return output_refuse(t, error, cause);
	return 0;
}

int
output_same(const struct output_target *a, const struct output_target *b)
{
	/* Two files read: nothing is overwritten. */
	if (!a->write && !b->write)
		return 0;
	/*
	 * Both written through pint's own descriptors: in turn, appended.
	 * Not a journal (written by its owner, at its own offsets) nor a
	 * descriptor pint reads (standard input for -c -).
	 */
	if (a->fd >= 0 && b->fd >= 0 && a->write && b->write && !a->owned &&
	    !b->owned)
		return 0;
	/* A regular file is one file by any name, /dev/fd/N included. */
	if (a->exists && b->exists && a->dev == b->dev && a->ino == b->ino)
		return a->reg || b->reg;
	/* Devices and FIFOs may be named twice: nothing is replaced. */
	if (a->inplace || b->inplace || (a->exists && b->exists))
		return 0;
	return strcmp(a->key, b->key) == 0;
}

void
output_set_init(struct output_set *set)
{
	memset(set, 0, sizeof *set);
}

void
output_set_free(struct output_set *set)
{
	int	 i;

	for (i = 0; i < set->n; i++)
		output_target_free(&set->t[i]);
	free(set->t);
	memset(set, 0, sizeof *set);
}

/*
 * Standard error shares its file with an input or an output: no message
 * may land there (it would be written into the task, a report or the
 * journal). They go to the terminal, if there is one, else nowhere.
 */
static void
output_stderr_away(void)
{
	int	 fd;

	if ((fd = open("/dev/tty", O_WRONLY | O_NOCTTY | O_CLOEXEC)) == -1)
		fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd == -1)
		return;
	dup2(fd, STDERR_FILENO);
	if (fd != STDERR_FILENO)
		close(fd);
}

/* See output.h. */
void
output_stderr_guard(int argc, char **argv)
{
	struct stat	 e, s;
	const char	*a, *eq;
	int		 i;

	if (fstat(STDERR_FILENO, &e) != 0 || !S_ISREG(e.st_mode))
		return;
	if (fstat(STDIN_FILENO, &s) == 0 && s.st_dev == e.st_dev &&
	    s.st_ino == e.st_ino)
		goto away;
	for (i = 1; i < argc; i++) {
		a = argv[i];
		if (strncmp(a, "--", 2) == 0 && (eq = strchr(a, '=')) != NULL)
			a = eq + 1;
		if (stat(a, &s) == 0 && s.st_dev == e.st_dev &&
		    s.st_ino == e.st_ino)
			goto away;
	}
	return;
away:
	output_stderr_was = e;
	output_stderr_moved = 1;
	output_stderr_away();
}

/* Add t, refused if it is the same file as one already there. */
static int
output_set_put(struct output_set *set, struct output_target *t,
    char **cause)
{
	int	 i;

	for (i = 0; i < set->n; i++) {
		if (!output_same(&set->t[i], t))
			continue;
		xasprintf(cause, "%s%s%s: the same file as %s%s%s%s", t->what,
		    *t->path ? " " : "", t->path, set->t[i].what,
		    *set->t[i].path ? " " : "", set->t[i].path,
		    set->t[i].write ? "" :
		    ", which it would overwrite");
		if (t->fd == STDERR_FILENO || set->t[i].fd == STDERR_FILENO)
			output_stderr_away();
		output_target_free(t);
		return -1;
	}
	set->t = xreallocarray(set->t, set->n + 1, sizeof *set->t);
	set->t[set->n++] = *t;
	return 0;
}

int
output_set_add(struct output_set *set, const char *what, const char *path,
    int how, char **cause)
{
	struct output_target	 t;
	int			 error;

	/* The same file as another first: that says more than a probe. */
	if ((error = output_begin(&t, what, path, how)) != 0) {
		if (how != OUTPUT_OWNED)
			return output_refuse(&t, error, cause);
		output_target_free(&t);	/* its owner says what is wrong */
		return 0;
	}
	if (output_set_put(set, &t, cause) != 0)
		return -1;
	if ((error = output_writable(&set->t[set->n - 1], how)) != 0) {
		output_refuse(&set->t[--set->n], error, cause);
		return -1;
	}
	return 0;
}

/*
 * The regular file open on fd (standard input or output) as a member of
 * the set, what and path naming it; nothing for another kind of file.
 */
static int
output_set_fd(struct output_set *set, int fd, const char *what,
    const char *path, int write, char **cause)
{
	struct output_target	 t;
	struct stat		 st;

	/* Still the file it was, for the set: only its messages moved. */
	if (fd == STDERR_FILENO && output_stderr_moved)
		st = output_stderr_was;
	else if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	memset(&t, 0, sizeof t);
	t.what = xstrdup(what);
	t.path = xstrdup(path);
	t.file = xstrdup("");
	t.key = xstrdup("");
	t.fd = fd;
	t.exists = t.reg = 1;
	t.write = write;
	t.dev = st.st_dev;
	t.ino = st.st_ino;
	return output_set_put(set, &t, cause);
}

int
output_set_stdout(struct output_set *set, char **cause)
{
	return output_set_fd(set, STDOUT_FILENO, "standard output", "", 1,
	    cause);
}

/*
 * Standard error too: pint's messages go there, so a journal or an
 * export on its file would be written over by them (--checkpoint log
 * 2>log). With standard output it is one stream in turn (>log 2>&1).
 */
int
output_set_stderr(struct output_set *set, char **cause)
{
	return output_set_fd(set, STDERR_FILENO, "standard error", "", 1,
	    cause);
}

int
output_set_stdin(struct output_set *set, const char *what, char **cause)
{
	return output_set_fd(set, STDIN_FILENO, what, "-", 0, cause);
}

const struct output_target *
output_set_find(const struct output_set *set, const char *path)
{
	int	 i;

	for (i = 0; set != NULL && i < set->n; i++)
		if (set->t[i].write && *path != '\0' &&
		    strcmp(set->t[i].path, path) == 0)
			return &set->t[i];
	return NULL;
}

static void
output_free(struct output *o)
{
	if (o->guard)
		sigpipe_release(&o->old);
	free(o->what);
	free(o->path);
	free(o->file);
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

/* A descriptor written by output_fdopen's stream. */
struct output_cookie {
	int	 fd;
	int	 own;		/* closed with the stream */
	size_t	 chunk;		/* the most one write(2) may take */
};

/*
 * Write all of buf, or stop when pint is told to stop (EINTR). A write
 * that blocks (a pipe, a FIFO whose reader does not read) must not hold
 * a signal: SIGINT, SIGTERM and SIGHUP are blocked but while ppoll waits
 * for room, and then at most PIPE_BUF bytes are written, which a pipe
 * with room takes without blocking; a signal that came just before the
 * wait is seen by it, not lost.
 */
static ssize_t
output_cookie_write(void *cookie, const char *buf, size_t size)
{
	struct output_cookie	*oc = cookie;
	struct pollfd		 pfd = { oc->fd, POLLOUT, 0 };
	sigset_t		 stops, old;
	size_t			 done = 0;
	ssize_t			 n;
	int			 error = 0;

	sigemptyset(&stops);
	sigaddset(&stops, SIGINT);
	sigaddset(&stops, SIGTERM);
	sigaddset(&stops, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stops, &old);
	while (done < size) {
		if (stop_signal != 0) {
			error = EINTR;
			break;
		}
		if (oc->chunk != SIZE_MAX &&
		    ppoll(&pfd, 1, NULL, &old) == -1) {
			if (errno == EINTR)
				continue;
			error = errno;
			break;
		}
		n = write(oc->fd, buf + done, size - done < oc->chunk ?
		    size - done : oc->chunk);
		if (n == -1) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			error = errno;
			break;
		}
		done += (size_t)n;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (error != 0) {
		errno = error;
		return done > 0 ? (ssize_t)done : -1;
	}
	return (ssize_t)done;
}

static int
output_cookie_close(void *cookie)
{
	struct output_cookie	*oc = cookie;
	int			 rv = 0;

	if (oc->own)
		rv = close(oc->fd);
	free(oc);
	return rv;
}

FILE *
output_fdopen(int fd, int own)
{
	cookie_io_functions_t	 io = { NULL, output_cookie_write, NULL,
				    output_cookie_close };
	struct output_cookie	*oc;
	struct stat		 st;
	FILE			*fp;

	oc = xmalloc(sizeof *oc);
	oc->fd = fd;
	oc->own = own;
	/* A regular file never waits for a reader: whole writes. */
	oc->chunk = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? SIZE_MAX :
	    PIPE_BUF;
	if ((fp = fopencookie(oc, "w", io)) == NULL)
		free(oc);
	return fp;
}

/* The message for an output that failed with error. */
static void
output_failed(char **cause, const char *what, const char *path, int error,
    const char *more)
{
	if (error == EINTR && stop_signal != 0)
		xasprintf(cause, "%s %s: not written to the end: pint got "
		    "%s%s", what, path, sig_name(stop_signal), more);
	else
		xasprintf(cause, "%s %s: %s%s%s", what, path, strerror(error),
		    error == EPIPE ? " (its reader closed it before the end)" :
		    "", more);
}

struct output *
output_open_target(const struct output_target *t, char **cause)
{
	struct output	*o;
	char		*dir;
	int		 fd = -1;

	o = xcalloc(1, sizeof *o);
	o->what = xstrdup(t->what);
	o->path = xstrdup(t->path);
	o->file = xstrdup(t->file);
	if (t->fd >= 0) {
		/* Shares the descriptor's offset: in order with the report. */
		if ((fd = fcntl(t->fd, F_DUPFD_CLOEXEC, 3)) != -1 &&
		    (o->fp = output_fdopen(fd, 1)) == NULL) {
			int	 saved = errno;

			close(fd);
			errno = saved;
		}
	} else if (t->inplace) {
		/*
		 * A FIFO's reader may go away before the end: a failed write
		 * (EPIPE) reported as such, not a death by SIGPIPE.
		 */
		o->guard = sigpipe_hold(&o->old) == 0;
		/* A signal stops its writes too (output_fdopen). */
		if ((fd = open(t->file, O_WRONLY | O_CREAT | O_TRUNC |
		    O_CLOEXEC, 0666)) != -1 &&
		    (o->fp = output_fdopen(fd, 1)) == NULL) {
			int	 saved = errno;

			close(fd);
			errno = saved;
		}
	} else {
		const char	*base = strrchr(t->file, '/');

		dir = output_dirname(t->file);
		xasprintf(&o->tmp, "%s/.%s.XXXXXX", dir,
		    base != NULL ? base + 1 : t->file);
		free(dir);
		if ((fd = mkostemp(o->tmp, O_CLOEXEC)) != -1 &&
		    (fchmod(fd, output_mode(t->file)) != 0 ||
		    (o->fp = fdopen(fd, "w")) == NULL)) {
			int	 saved = errno;

			close(fd);
			unlink(o->tmp);
			errno = saved;
		}
	}
	if (o->fp == NULL) {
		int	 saved = errno;

		if (saved == EINTR && stop_signal != 0)
			/* Opening a FIFO waits for a reader; a signal came. */
			xasprintf(cause, "%s %s: pint got %s while it waited "
			    "for a reader to open it", t->what, t->path,
			    sig_name(stop_signal));
		else
			output_failed(cause, t->what, t->path, saved, "");
		output_free(o);
		errno = saved;
		return NULL;
	}
	return o;
}

struct output *
output_open(const struct output_set *set, const char *what,
    const char *path, char **cause)
{
	const struct output_target	*found;
	struct output_target		 t;
	struct output			*o;

	if ((found = output_set_find(set, path)) != NULL)
		return output_open_target(found, cause);
	/* A name the plan could not know (a --min-time round): now. */
	if (output_resolve(&t, what, path, OUTPUT_WRITE, cause) != 0)
		return NULL;
	o = output_open_target(&t, cause);
	output_target_free(&t);
	return o;
}

struct output *
output_open_in(const struct output_set *set, const char *what,
    const char *dir, const char *name, char **cause)
{
	struct output	*o;
	char		*path;

	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		xasprintf(cause, "%s %s: %s", what, dir, strerror(errno));
		return NULL;
	}
	xasprintf(&path, "%s/%s", dir, name);
	o = output_open(set, what, path, cause);
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

/*
 * Before a set of renames: keep each file that will be replaced under a
 * second name (a hard link beside it), so that a later rename failing can
 * put it back; a file pint cannot link (a file system without links, a
 * file of another user) gets none, and is renamed after those that have
 * one. A file that no rename can replace fails the set here, before any
 * rename. 0, or -1 with os[i]->error set on the one at fault (*badi).
 */
static int
output_keep_old(struct output **os, int n, char **old, int *order, int *badi)
{
	struct stat	 st;
	int		 i, k = 0;

	for (i = 0; i < n; i++)
		old[i] = NULL;
	for (i = 0; i < n; i++) {
		if (os[i]->tmp == NULL || lstat(os[i]->file, &st) != 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		xasprintf(&old[i], "%s.old", os[i]->tmp);
		if (link(os[i]->file, old[i]) == 0)
			continue;
		if (errno != ENOENT && output_frozen(os[i]->file)) {
			os[i]->error = EPERM;
			*badi = i;
			return -1;
		}
		free(old[i]);
		old[i] = NULL;
	}
	/* Those with a way back (or nothing to lose) first. */
	for (i = 0; i < n; i++) {
		if (old[i] != NULL || os[i]->tmp == NULL ||
		    lstat(os[i]->file, &st) != 0)
			order[k++] = i;
	}
	for (i = 0; i < n; i++) {
		if (!(old[i] != NULL || os[i]->tmp == NULL ||
		    lstat(os[i]->file, &st) != 0))
			order[k++] = i;
	}
	return 0;
}

int
output_commit_all(struct output **os, int n, char **cause)
{
	struct output	*bad = NULL;
	char		**old = NULL, *undo = NULL;
	int		*order, *made, i, j, error, badi = -1;

	order = xcalloc(n, sizeof *order);
	made = xcalloc(n, sizeof *made);
	for (i = 0; i < n; i++) {
		order[i] = i;
		if (output_close(os[i]) != 0 && bad == NULL)
			bad = os[i];
	}
	output_stop_at("commit");
	/* A signal came: no file of the set is put in place. */
	if (bad == NULL && stop_signal != 0) {
		os[0]->error = EINTR;
		bad = os[0];
	}
	/* One file is replaced by one rename: all or nothing already. */
	if (bad == NULL && n > 1) {
		old = xcalloc(n, sizeof *old);
		if (output_keep_old(os, n, old, order, &badi) != 0)
			bad = os[badi];
	}
	for (j = 0; j < n && bad == NULL; j++) {
		struct stat	 st;

		i = order[j];
		if (os[i]->tmp == NULL)
			continue;	/* in place */
		made[i] = lstat(os[i]->file, &st) != 0;
		if (rename(os[i]->tmp, os[i]->file) != 0) {
			os[i]->error = errno;
			bad = os[i];
			made[i] = 0;
			break;
		}
		free(os[i]->tmp);
		os[i]->tmp = NULL;
		made[i] = made[i] ? 1 : 2;	/* 1 new, 2 replaced */
	}
	/* A rename failed: put back what the earlier ones replaced. */
	for (i = 0; bad != NULL && i < n; i++) {
		if (made[i] == 0)
			continue;
		errno = 0;
		if (made[i] == 1 ? unlink(os[i]->file) == 0 :
		    old[i] != NULL && rename(old[i], os[i]->file) == 0) {
			if (made[i] == 2) {
				free(old[i]);
				old[i] = NULL;
			}
			continue;
		}
		if (undo == NULL)
			xasprintf(&undo, "; %s %s was replaced and could not be "
			    "put back%s%s", os[i]->what, os[i]->path,
			    errno != 0 ? ": " : "", errno != 0 ?
			    strerror(errno) : "");
	}
	if (bad != NULL)
		output_failed(cause, bad->what, bad->path, bad->error,
		    n > 1 && undo == NULL ?
		    "; no file of the set was replaced" : undo != NULL ?
		    undo : "");
	error = bad != NULL ? bad->error : 0;
	for (i = 0; i < n; i++) {
		if (old != NULL && old[i] != NULL) {
			unlink(old[i]);
			free(old[i]);
		}
		if (os[i]->tmp != NULL)
			unlink(os[i]->tmp);
		output_free(os[i]);
	}
	free(old);
	free(undo);
	free(order);
	free(made);
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
