/*
 * compare-read: one report read with the task reader's bounded YAML
 * tree (JSON is YAML) and checked for what compare needs; its identity
 * (task, build, machine) and the fields where the reports differ.
 */
#include "config.h"

#include "compare.h"
#include "compare-int.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "hooks.h"
#include "report.h"
#include "task-yaml.h"
#include "util.h"

/* Tree access. */

const struct task_node *
compare_key(const struct task_node *n, const char *key)
{
	size_t	 i;

	if (n == NULL || n->type != TASK_MAPPING)
		return NULL;
	for (i = 0; i + 1 < n->nitems; i += 2)
		if (strcmp(n->items[i]->value, key) == 0)
			return n->items[i + 1];
	return NULL;
}

/* A dotted path of keys: "timing.wall_s". */
static const struct task_node *
cmp_get(const struct task_node *n, const char *path)
{
	char	 key[64];
	size_t	 len;

	while (n != NULL && *path != '\0') {
		len = strcspn(path, ".");
		if (len >= sizeof key)
			return NULL;
		memcpy(key, path, len);
		key[len] = '\0';
		n = compare_key(n, key);
		path += len + (path[len] == '.');
	}
	return n;
}

static int
cmp_isnull(const struct task_node *n)
{
	return n == NULL || (n->type == TASK_SCALAR && n->plain &&
	    strcmp(n->value, "null") == 0);
}

/* A number at path: NAN when missing, null or not a number. */
double
compare_num(const struct task_node *n, const char *path)
{
	double	 v;

	n = cmp_get(n, path);
	if (n == NULL || n->type != TASK_SCALAR || !n->plain ||
	    parse_double(n->value, &v) != 0)
		return NAN;
	return v;
}

const char *
compare_str(const struct task_node *n, const char *path)
{
	n = cmp_get(n, path);
	if (n == NULL || n->type != TASK_SCALAR || cmp_isnull(n))
		return NULL;
	return n->value;
}

static void
cmp_append(char **s, const char *a)
{
	char	*t;

	xasprintf(&t, "%s%s", *s != NULL ? *s : "", a);
	free(*s);
	*s = t;
}

/* A node as compact text, for identities and messages. */
static void
cmp_text(const struct task_node *n, char **s)
{
	size_t	 i;
	int	 map;

	if (n == NULL || n->type == TASK_SCALAR) {
		cmp_append(s, n != NULL ? n->value : "null");
		return;
	}
	map = n->type == TASK_MAPPING;
	cmp_append(s, map ? "{" : "[");
	for (i = 0; i < n->nitems; i++) {
		if (i > 0)
			cmp_append(s, map && i % 2 == 1 ? ":" : ",");
		cmp_text(n->items[i], s);
	}
	cmp_append(s, map ? "}" : "]");
}

static char *
cmp_text_of(const struct task_node *n, const char *path)
{
	char	*s = NULL;

	cmp_text(cmp_get(n, path), &s);
	return s;
}

/* Reading. */

static int
cmp_bad(const char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
cmp_bad(const char *path, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	warnmsg("compare: %s: %s", path, msg);
	free(msg);
	return -1;
}

/* How many bytes buf begins with that are JSON white space. */
static size_t
cmp_white(const char *buf, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (buf[i] == '\0' || strchr(" \t\r\n", buf[i]) == NULL)
			break;
	return i;
}

/* The first byte that is not JSON white space (1 for a NUL), 0 if none. */
static char
cmp_first(const char *buf, size_t len)
{
	size_t	 i = cmp_white(buf, len);

	if (i == len)
		return '\0';
	return buf[i] == '\0' ? '\x01' : buf[i];
}

/*
 * Read one file, refusing one already read (the same device and inode:
 * the same name twice, ./ and symbolic links, hard links, /dev/stdin and
 * -): its runs would count twice.
 */
static int
cmp_read(struct cmp_file *f, const struct cmp_file *before, int nbefore,
    size_t *lenp)
{
	struct stat	 st;
	size_t		 len = 0, cap = 65536, ws = 0;
	ssize_t		 n;
	int		 fd, i;

	if (strcmp(f->path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(f->path, O_RDONLY | O_CLOEXEC)) == -1) {
		/* Opening a FIFO waits for a writer; a signal came. */
		if (errno == EINTR && stop_signal != 0)
			return cmp_bad(f->path, "pint got %s while it waited "
			    "for a writer to open it", sig_name(stop_signal));
		return cmp_bad(f->path, "%s", strerror(errno));
	}
	if (fstat(fd, &st) == 0) {
		f->dev = st.st_dev;
		f->ino = st.st_ino;
		for (i = 0; i < nbefore; i++)
			if (before[i].dev == f->dev && before[i].ino == f->ino)
				break;
		if (i < nbefore) {
			if (fd != STDIN_FILENO)
				close(fd);
			warnmsg("compare: %s and %s are the same file: its "
			    "runs would count twice; give each report once",
			    before[i].path, f->path);
			return -1;
		}
	}
	f->buf = xmalloc(cap);
	for (;;) {
		/*
		 * A signal ends the read, whether a read blocked or not: a
		 * pipe that never stops sending must not outlast it.
		 */
		if (stop_signal != 0) {
			n = -1;
			errno = EINTR;
			break;
		}
		if (len + 1 == cap) {
			if (cap > COMPARE_MAXBYTES) {
				if (fd != STDIN_FILENO)
					close(fd);
				return cmp_bad(f->path, "larger than %lu MiB: "
				    "not a pint report", COMPARE_MAXBYTES >> 20);
			}
			cap *= 2;
			f->buf = xrealloc(f->buf, cap);
		}
		n = read(fd, f->buf + len, cap - 1 - len);
		/* A signal ends the wait for a slow or silent stdin. */
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		/* No further than the first byte that JSON cannot hold. */
		if (memchr(f->buf + len, '\0', (size_t)n) != NULL) {
			len += (size_t)n;
			break;
		}
		len += (size_t)n;
		/* The white space before it is scanned once: linear. */
		ws += cmp_white(f->buf + ws, len - ws);
		if (ws < len && f->buf[ws] != '{')
			break;
	}
	if (n == -1) {
		int	 e = errno;

		if (fd != STDIN_FILENO)
			close(fd);
		if (e == EINTR && stop_signal != 0)
			return cmp_bad(f->path, "pint got %s while it read",
			    sig_name(stop_signal));
		return cmp_bad(f->path, "%s", strerror(e));
	}
	if (fd != STDIN_FILENO)
		close(fd);
	f->buf[len] = '\0';
	*lenp = len;
	return 0;
}

/* Is the text cut short: not ending with the object's closing brace? */
static int
cmp_truncated(const char *buf, size_t len)
{
	while (len > 0 && strchr(" \t\r\n", buf[len - 1]) != NULL)
		len--;
	return len > 0 && buf[0] == '{' && buf[len - 1] != '}';
}

/*
 * A run's wall or compute time: a number of seconds from a nanosecond
 * (the clock's resolution) to COMPARE_MAX_S. Anything else is refused,
 * not left out: a run left out changes n, and 1e300 gives infinities.
 */
static int
cmp_seconds(const struct cmp_file *f, const struct task_node *run, size_t i,
    const char *path)
{
	const struct task_node	*n = cmp_get(run, path);
	double			 v = compare_num(run, path);

	if (v >= COMPARE_MIN_S && v <= COMPARE_MAX_S)
		return 0;
	if (n == NULL || n->type != TASK_SCALAR || isnan(v))
		return cmp_bad(f->path, "runs[%zu].%s: %s; expected seconds",
		    i, path, n == NULL ? "missing" : "not a number");
	return cmp_bad(f->path, "runs[%zu].%s: %s is not a time pint "
	    "measures (expected %g to %g seconds)", i, path, n->value,
	    COMPARE_MIN_S, COMPARE_MAX_S);
}

/*
 * What the YAML reader would accept but JSON is not, said exactly: a
 * UTF-16 or UTF-32 text, YAML, a '#' comment, a NUL byte, data after the
 * object, nesting deeper than the reader takes.
 */
static int
cmp_json_check(const struct cmp_file *f, size_t len)
{
	const unsigned char	*b = (const unsigned char *)f->buf;
	size_t			 i, line = 1;
	int			 depth = 0, str = 0;
	char			 c;

	if (len >= 2 && ((b[0] == 0xfe && b[1] == 0xff) || (b[0] == 0xff &&
	    b[1] == 0xfe) || (b[0] != 0 && b[1] == 0)))
		return cmp_bad(f->path, "not a pint report: UTF-16 or UTF-32 "
		    "text, not UTF-8 JSON");
	c = cmp_first(f->buf, len);
	if (c == '\x01')
		return cmp_bad(f->path, "not a pint report: a NUL byte, not "
		    "JSON");
	if (c != '{')
		return cmp_bad(f->path, "not a pint report: not a JSON object "
		    "(it begins with '%c', not '{')", isprint((unsigned char)c) ?
		    c : '?');
	for (i = 0; i < len; i++) {
		if (b[i] == '\0')
			return cmp_bad(f->path, "not a pint report: a NUL byte "
			    "at line %zu", line);
		if (b[i] == '\n')
			line++;
		if (str) {
			if (b[i] == '\\')
				i++;
			else if (b[i] == '"')
				str = 0;
			continue;
		}
		switch (b[i]) {
		case '"':
			str = 1;
			break;
		case '{':
		case '[':
			if (++depth > TASK_MAXDEPTH)
				return cmp_bad(f->path, "not a pint report: "
				    "JSON nested deeper than %d levels at line "
				    "%zu", TASK_MAXDEPTH, line);
			break;
		case '}':
		case ']':
			if (--depth > 0)
				break;
			for (i++; i < len && b[i] != '\0' &&
			    strchr(" \t\r\n", b[i]) != NULL; i++)
				line += b[i] == '\n';
			if (i < len)
				return cmp_bad(f->path, "not a pint report: %s "
				    "after the JSON object at line %zu", b[i] ==
				    '\0' ? "a NUL byte" : "data", line);
			return 0;
		case '#':
			return cmp_bad(f->path, "not a pint report: a '#' "
			    "comment at line %zu (JSON has none)", line);
		case '\'':
			return cmp_bad(f->path, "not a pint report: a "
			    "'-quoted string at line %zu (JSON quotes with \")",
			    line);
		}
	}
	return 0;	/* cut short: the parser says where */
}

/* Read, parse and check one report; on error, the message is printed. */
/* Test hook: SIGSTOP in the parse of the first report (see hooks.h). */
static void
cmp_parse_stop(void)
{
	struct hooks	 h;

	hooks_read(&h);
	if (h.stop_at != NULL && strcmp(h.stop_at, "parse") == 0)
		raise(SIGSTOP);
}

int
compare_load(struct cmp_file *f, const struct cmp_file *before, int nbefore)
{
	const struct task_node	*n, *runs, *run;
	char			*cause = NULL;
	size_t			 len = 0, i;
	double			 v;
	int			 rc;

	if (cmp_read(f, before, nbefore, &len) != 0)
		return -1;
	if (len == 0)
		return cmp_bad(f->path, "empty: not a pint report");
	if (cmp_white(f->buf, len) == len)
		return cmp_bad(f->path, "empty (white space only): not a "
		    "pint report");
	if (cmp_json_check(f, len) != 0)
		return -1;
	task_parse_hook = nbefore == 0 ? cmp_parse_stop : NULL;
	rc = task_tree_build_max(&f->tree, f->buf, len, f->path,
	    COMPARE_MAXNODES, &cause);
	task_parse_hook = NULL;
	if (rc != 0) {
		const char	*at = cause;
		size_t		 plen = strlen(f->path);

		if (stop_signal != 0) {
			free(cause);
			return cmp_bad(f->path, "pint got %s while it read",
			    sig_name(stop_signal));
		}
		/* "path:line:col: problem": the path is said once. */
		if (strncmp(cause, f->path, plen) == 0 && cause[plen] == ':')
			at = cause + plen + 1;
		cmp_bad(f->path, "%s at %s", cmp_truncated(f->buf, len) ?
		    "truncated report: it ends" : "not a pint report: invalid "
		    "JSON", at);
		free(cause);
		return -1;
	}
	f->root = n = f->tree.root;
	if (n == NULL || n->type != TASK_MAPPING)
		return cmp_bad(f->path, "not a pint report (not a JSON object)");
	if (compare_str(n, "schema") != NULL &&
	    strcmp(compare_str(n, "schema"), "pint-compare") == 0)
		return cmp_bad(f->path, "a pint compare output, not a report");
	if (cmp_get(n, "schema_version") == NULL)
		return cmp_bad(f->path, "not a pint report (no "
		    "schema_version)");
	v = compare_num(n, "schema_version");
	if (v != 2 && v != REPORT_SCHEMA)
		return cmp_bad(f->path, "unknown schema_version %s (this pint "
		    "reads 2 and %d)", cmp_get(n, "schema_version")->value,
		    REPORT_SCHEMA);
	f->schema = (int)v;
	if (compare_str(n, "task.expression") == NULL)
		return cmp_bad(f->path, "not a pint report: no "
		    "task.expression");
	runs = compare_key(n, "runs");
	if (runs == NULL || runs->type != TASK_SEQUENCE || runs->nitems == 0)
		return cmp_bad(f->path, "not a pint report: no runs[]");
	for (i = 0; i < runs->nitems; i++) {
		run = runs->items[i];
		v = compare_num(run, "jobs");
		if (!(v >= 1 && v <= 1e6) || v != floor(v))
			return cmp_bad(f->path, "runs[%zu].jobs: expected a "
			    "count of workers", i);
		/* A run resumed whole from its journal timed nothing. */
		v = compare_num(run, "checkpoint.chunks_resumed");
		if (v > 0 && v >= compare_num(n, "task.chunks"))
			return cmp_bad(f->path, "runs[%zu]: every chunk came "
			    "from the --checkpoint journal, so nothing was "
			    "timed; compare a run that computed", i);
		if (cmp_seconds(f, run, i, "timing.wall_s") != 0 ||
		    cmp_seconds(f, run, i, "timing.compute_s") != 0)
			return -1;
	}
	return 0;
}

/* What makes two reports the same task: the grid, rule and engine. */
static const char *const cmp_task_fields[] = {
	"task.expression", "task.rule", "task.order", "task.dims",
	"task.domain", "task.nodes", "task.points", "task.engine", NULL
};

/* Differences listed but allowed: the machine's and the build's. */
static const char *const cmp_build_fields[] = {
	"pint_version", "provenance.compiler", "provenance.cflags",
	"task.engine_note", NULL
};

void
compare_identity(struct cmp_file *f)
{
	char	*s = NULL, *t, *v;
	int	 i;

	for (i = 0; cmp_task_fields[i] != NULL; i++) {
		v = cmp_text_of(f->root, cmp_task_fields[i]);
		xasprintf(&t, "%s%s=%s;", s != NULL ? s : "",
		    cmp_task_fields[i], v);
		free(v);
		free(s);
		s = t;
	}
	/* A tolerance run's target is part of the task. */
	v = cmp_text_of(f->root, "result.tolerance_target");
	xasprintf(&f->taskid, "%stolerance=%s", s, v);
	free(v);
	free(s);
}

/*
 * Without --: a label splits sets; else the host and the build do. The
 * host and build are kept in hostkey either way: one label on two hosts
 * or builds is refused, not pooled.
 */
void
compare_setkey(struct cmp_file *f, int by_label)
{
	const char	*label = compare_str(f->root, "label");
	char		*b = NULL, *t, *v;
	int		 i;

	xasprintf(&b, "%s", compare_str(f->root, "host.hostname") != NULL ?
	    compare_str(f->root, "host.hostname") : "?");
	for (i = 0; cmp_build_fields[i] != NULL; i++) {
		v = cmp_text_of(f->root, cmp_build_fields[i]);
		xasprintf(&t, "%s, %s", b, v);
		free(v);
		free(b);
		b = t;
	}
	f->hostkey = b;
	if (by_label)
		xasprintf(&f->setkey, "%s", label != NULL ? label :
		    "(no label)");
	else
		f->setkey = xstrdup(b);
}

void
compare_warn(struct cmp *c, const char *fmt, ...)
{
	va_list	 ap;

	c->warn = xreallocarray(c->warn, c->nwarn + 1, sizeof *c->warn);
	va_start(ap, fmt);
	xvasprintf(&c->warn[c->nwarn++], fmt, ap);
	va_end(ap);
}

/*
 * A field whose known values differ between files: a mismatch. A value
 * that is missing or null is unknown, never a difference.
 */
static void
cmp_field(struct cmp *c, const char *kind, const char *path)
{
	struct cmp_mismatch	 m;
	char			*first = NULL;
	int			 i, differ = 0;

	memset(&m, 0, sizeof m);
	m.values = xcalloc(c->nfiles, sizeof *m.values);
	m.files = xcalloc(c->nfiles, sizeof *m.files);
	for (i = 0; i < c->nfiles; i++) {
		const struct task_node	*n = cmp_get(c->files[i].root, path);

		if (cmp_isnull(n))
			continue;
		m.files[m.n] = i;
		m.values[m.n] = cmp_text_of(c->files[i].root, path);
		if (first == NULL)
			first = m.values[m.n];
		else if (strcmp(first, m.values[m.n]) != 0)
			differ = 1;
		m.n++;
	}
	if (!differ) {
		for (i = 0; i < m.n; i++)
			free(m.values[i]);
		free(m.values);
		free(m.files);
		return;
	}
	m.kind = kind;
	m.field = xstrdup(path);
	c->mm = xreallocarray(c->mm, c->nmm + 1, sizeof *c->mm);
	c->mm[c->nmm++] = m;
}

/* host's leaves that change from moment to moment, not machine to machine. */
static int
cmp_volatile(const char *key)
{
	static const char *const words[] = { "load", "freq", "mhz", "temp",
	    "thermal", "steal", "runnable", "energy", NULL };
	int	 i;

	for (i = 0; words[i] != NULL; i++)
		if (strstr(key, words[i]) != NULL)
			return 1;
	return 0;
}

/*
 * Every scalar under host (the fingerprint included, when the reports
 * have one), by its path in the first file that has it.
 */
static void
cmp_host_fields(struct cmp *c, const struct task_node *n, const char *path,
    char ***seen, int *nseen)
{
	char	*p;
	size_t	 i;
	int	 k;

	if (n == NULL)
		return;
	if (n->type != TASK_MAPPING) {
		for (k = 0; k < *nseen; k++)
			if (strcmp((*seen)[k], path) == 0)
				return;
		*seen = xreallocarray(*seen, *nseen + 1, sizeof **seen);
		(*seen)[(*nseen)++] = xstrdup(path);
		cmp_field(c, "machine", path);
		return;
	}
	for (i = 0; i + 1 < n->nitems; i += 2) {
		if (cmp_volatile(n->items[i]->value))
			continue;
		xasprintf(&p, "%s.%s", path, n->items[i]->value);
		cmp_host_fields(c, n->items[i + 1], p, seen, nseen);
		free(p);
	}
}

void
compare_mismatches(struct cmp *c)
{
	char	**seen = NULL;
	int	 i, nseen = 0;

	for (i = 0; i < c->nfiles; i++)
		cmp_host_fields(c, compare_key(c->files[i].root, "host"), "host",
		    &seen, &nseen);
	for (i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
	/* An MPI job's ranks on several nodes are another machine. */
	cmp_field(c, "machine", "ranks");
	for (i = 0; cmp_build_fields[i] != NULL; i++)
		cmp_field(c, "build", cmp_build_fields[i]);
	if (c->allow)
		for (i = 0; cmp_task_fields[i] != NULL; i++)
			cmp_field(c, "task", cmp_task_fields[i]);
}

