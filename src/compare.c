/*
 * compare: reports in, scaling tables and verdicts out. Each report is
 * read with the task reader's bounded YAML tree (JSON is YAML), checked
 * for what compare needs, and its runs become results_run entries of
 * their set, so that the scaling table, its interval, the outliers and
 * the flags are computed by results and stats exactly as for a sweep.
 */
#include "config.h"

#include "compare.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/stat.h>

#include "output.h"
#include "plot.h"
#include "pool.h"
#include "report.h"
#include "results.h"
#include "stats.h"
#include "task-yaml.h"
#include "util.h"

enum {
	CMP_OPT_ALPHA = 256,
	CMP_OPT_PLOT,
	CMP_OPT_ALLOW,
};

const struct option compare_longopts[] = {
	{ "format",		required_argument, NULL, 'f' },
	{ "alpha",		required_argument, NULL, CMP_OPT_ALPHA },
	{ "plot",		required_argument, NULL, CMP_OPT_PLOT },
	{ "allow-different-tasks", no_argument,	   NULL, CMP_OPT_ALLOW },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ NULL,			0,		   NULL, 0 }
};

const char compare_shortopts[] = "f:qh";

static const char compare_usage[] =
"usage: pint compare [-f text|json|csv|markdown] [--alpha A] [--plot FILE]\n"
"                    [--allow-different-tasks] [-q] FILE... [-- FILE...]\n"
"\n"
"Read pint's JSON reports (-f json, --export-json, -o DIR's benchmark.json;\n"
"- is standard input). Reports of one task at several -j values give one\n"
"scaling table; two sets (split by --, or by --label, host or build) are\n"
"compared at each -j value: ratio of medians B/A, its 95% interval, the\n"
"Mann-Whitney U test's p-value, ~ where not significant.\n"
"\n"
"  -f, --format FORMAT     text, json, csv or markdown\n"
"      --alpha A           significance level (default 0.05)\n"
"      --plot FILE         draw one set's scaling (.png or .svg; gnuplot)\n"
"      --allow-different-tasks\n"
"                          compare reports of different tasks\n"
"  -q, --quiet             no warnings on standard error\n"
"  -h, --help              print this help\n"
"\n"
"Exit status: 0 compared, 1 an output could not be written, 2 bad\n"
"invocation or input. See pint(1), COMPARE.\n";

enum cmp_format {
	CMP_TEXT,
	CMP_JSON,
	CMP_CSV,
	CMP_MARKDOWN,
};

/* One report file, read and checked. */
struct cmp_file {
	const char		*path;
	char			*shown;		/* path, str_escape'd */
	char			*buf;
	struct task_tree	 tree;
	const struct task_node	*root;
	int			 schema;
	int			 set;		/* 0 or 1 */
	char			*setkey;
	char			*hostkey;	/* host name and build */
	char			*taskid;
	dev_t			 dev;		/* the file read, to find it */
	ino_t			 ino;		/* given twice */
};

/* A set of reports: its runs as a sweep. */
struct cmp_set {
	char			*name;
	char			*shown;		/* name, str_escape'd for text */
	int			 nfiles;
	struct results		 r;
	int			*file;		/* per run of r: its file */
	int			*orig_repeat;	/* per run: the report's repeat */
	struct task		 task;		/* for the plot's title */
};

struct cmp_mismatch {
	const char	*kind;		/* machine, build, task, conditions */
	char		*field;
	char		**values;	/* per file (NULL: unknown) */
	int		*files;
	int		 n;
};

struct cmp {
	enum cmp_format		 format;
	double			 alpha;
	const char		*plot;
	struct output_set	 outputs;	/* --plot beside the reports */
	struct plot_opts	 plotopts;	/* gnuplot and its limit */
	int			 allow;
	struct cmp_file		*files;
	int			 nfiles;
	struct cmp_set		 sets[2];
	int			 nsets;
	struct cmp_mismatch	*mm;
	int			 nmm;
	char			**warn;
	int			 nwarn;
};

/* One comparison of two samples: B over A. */
struct cmp_test {
	int		 na, nb;
	double		 ma, mb;		/* medians */
	double		 ratio, lo, hi, p;
	int		 significant;
};

/* A row of two sets at one -j value. */
struct cmp_row {
	int		 jobs;
	int		 ra, rb;		/* the row in each set, or -1 */
	struct cmp_test	 wall, compute;
};

/* Tree access. */

static const struct task_node *
cmp_key(const struct task_node *n, const char *key)
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
		n = cmp_key(n, key);
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
static double
cmp_num(const struct task_node *n, const char *path)
{
	double	 v;

	n = cmp_get(n, path);
	if (n == NULL || n->type != TASK_SCALAR || !n->plain ||
	    parse_double(n->value, &v) != 0)
		return NAN;
	return v;
}

static const char *
cmp_str(const struct task_node *n, const char *path)
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

/* The first byte that is not JSON white space (1 for a NUL), 0 if none. */
static char
cmp_first(const char *buf, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (buf[i] == '\0' || strchr(" \t\r\n", buf[i]) == NULL)
			return buf[i] == '\0' ? '\x01' : buf[i];
	return '\0';
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
	size_t		 len = 0, cap = 65536;
	ssize_t		 n;
	int		 fd, i;

	if (strcmp(f->path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(f->path, O_RDONLY | O_CLOEXEC)) == -1)
		return cmp_bad(f->path, "%s", strerror(errno));
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
		if (n == -1 && errno == EINTR && stop_signal == 0)
			continue;
		if (n <= 0)
			break;
		/* No further than the first byte that JSON cannot hold. */
		if (memchr(f->buf + len, '\0', (size_t)n) != NULL) {
			len += (size_t)n;
			break;
		}
		len += (size_t)n;
		if (cmp_first(f->buf, len) != '\0' &&
		    cmp_first(f->buf, len) != '{')
			break;
	}
	if (n == -1) {
		int	 e = errno;

		if (fd != STDIN_FILENO)
			close(fd);
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
	double			 v = cmp_num(run, path);

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
static int
cmp_load(struct cmp_file *f, const struct cmp_file *before, int nbefore)
{
	const struct task_node	*n, *runs, *run;
	char			*cause = NULL;
	size_t			 len = 0, i;
	double			 v;

	if (cmp_read(f, before, nbefore, &len) != 0)
		return -1;
	if (len == 0)
		return cmp_bad(f->path, "empty: not a pint report");
	if (cmp_json_check(f, len) != 0)
		return -1;
	if (task_tree_build_max(&f->tree, f->buf, len, f->path,
	    COMPARE_MAXNODES, &cause) != 0) {
		const char	*at = cause;
		size_t		 plen = strlen(f->path);

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
	if (cmp_str(n, "schema") != NULL &&
	    strcmp(cmp_str(n, "schema"), "pint-compare") == 0)
		return cmp_bad(f->path, "a pint compare output, not a report");
	if (cmp_get(n, "schema_version") == NULL)
		return cmp_bad(f->path, "not a pint report (no "
		    "schema_version)");
	v = cmp_num(n, "schema_version");
	if (v != 2 && v != REPORT_SCHEMA)
		return cmp_bad(f->path, "unknown schema_version %s (this pint "
		    "reads 2 and %d)", cmp_get(n, "schema_version")->value,
		    REPORT_SCHEMA);
	f->schema = (int)v;
	if (cmp_str(n, "task.expression") == NULL)
		return cmp_bad(f->path, "not a pint report: no "
		    "task.expression");
	runs = cmp_key(n, "runs");
	if (runs == NULL || runs->type != TASK_SEQUENCE || runs->nitems == 0)
		return cmp_bad(f->path, "not a pint report: no runs[]");
	for (i = 0; i < runs->nitems; i++) {
		run = runs->items[i];
		v = cmp_num(run, "jobs");
		if (!(v >= 1 && v <= 1e6) || v != floor(v))
			return cmp_bad(f->path, "runs[%zu].jobs: expected a "
			    "count of workers", i);
		/* A run resumed whole from its journal timed nothing. */
		v = cmp_num(run, "checkpoint.chunks_resumed");
		if (v > 0 && v >= cmp_num(n, "task.chunks"))
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

static void
cmp_identity(struct cmp_file *f)
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
static void
cmp_setkey(struct cmp_file *f, int by_label)
{
	const char	*label = cmp_str(f->root, "label");
	char		*b = NULL, *t, *v;
	int		 i;

	xasprintf(&b, "%s", cmp_str(f->root, "host.hostname") != NULL ?
	    cmp_str(f->root, "host.hostname") : "?");
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

static void
cmp_warn(struct cmp *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
cmp_warn(struct cmp *c, const char *fmt, ...)
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

static void
cmp_mismatches(struct cmp *c)
{
	char	**seen = NULL;
	int	 i, nseen = 0;

	for (i = 0; i < c->nfiles; i++)
		cmp_host_fields(c, cmp_key(c->files[i].root, "host"), "host",
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

/* The runs of a set's files into its results, grouped by -j. */
struct cmp_ref {
	int			 jobs, file;
	int			 index;		/* in the file's runs[] */
	const struct task_node	*run;
};

static int
cmp_ref_order(const void *a, const void *b)
{
	const struct cmp_ref	*x = a, *y = b;

	if (x->jobs != y->jobs)
		return x->jobs < y->jobs ? -1 : 1;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * A run's energy and warnings, as a report gives them (missing or null:
 * unknown), for its row's means and kinds.
 */
static void
cmp_run_cond(struct results_run *rr, const struct task_node *run,
    const struct task_node *root)
{
	const struct task_node	*w = cmp_key(run, "warnings");
	const char		*kind;
	double			 j = cmp_num(run, "energy.joules");
	double			 watts = cmp_num(run, "energy.watts");
	double			 points = cmp_num(root, "task.points");
	size_t			 i;
	int			 k;

	fp_cond_init(&rr->cond);
	snprintf(rr->cond.energy.why, sizeof rr->cond.energy.why, "%s",
	    cmp_str(run, "energy.null_reasons.joules") != NULL ?
	    cmp_str(run, "energy.null_reasons.joules") : "not in the report");
	if (isfinite(j) && isfinite(watts) && watts > 0 && points > 0) {
		rr->cond.energy.known = 1;
		rr->cond.energy.joules = j;
		rr->window_s = j / watts;
		rr->points = (uint64_t)points;
	}
	for (i = 0; w != NULL && w->type == TASK_SEQUENCE && i < w->nitems;
	    i++) {
		if ((kind = cmp_str(w->items[i], "kind")) == NULL)
			continue;
		for (k = 0; k < RESULTS_NWARN; k++)
			if (strcmp(kind, results_warn_names[k]) == 0)
				rr->warn |= 1 << k;
	}
}

static void
cmp_build_set(struct cmp *c, int s)
{
	struct cmp_set		*set = &c->sets[s];
	struct cmp_ref		*refs = NULL;
	struct results_run	 rr;
	const struct cmp_file	*f0 = NULL;
	int			 i, k, nref = 0, group = -1, rep = 0, cpus = 0;
	size_t			 j;

	for (i = 0; i < c->nfiles; i++) {
		const struct cmp_file	*f = &c->files[i];
		const struct task_node	*runs = cmp_key(f->root, "runs");
		double			 u = cmp_num(f->root,
		    "host.cpus_usable");

		if (f->set != s)
			continue;
		if (f0 == NULL)
			f0 = f;
		set->nfiles++;
		/* The fewest usable CPUs: the most cautious ideal. */
		if (u >= 1 && (cpus == 0 || u < cpus))
			cpus = (int)u;
		refs = xreallocarray(refs, nref + runs->nitems, sizeof *refs);
		for (j = 0; j < runs->nitems; j++) {
			refs[nref].run = runs->items[j];
			refs[nref].index = (int)j;
			refs[nref].jobs = (int)cmp_num(runs->items[j], "jobs");
			refs[nref++].file = i;
		}
	}
	qsort(refs, nref, sizeof *refs, cmp_ref_order);
	memset(&set->r, 0, sizeof set->r);
	set->r.host.cpus_usable = cpus;
	set->file = xcalloc(nref, sizeof *set->file);
	set->orig_repeat = xcalloc(nref, sizeof *set->orig_repeat);
	for (k = 0; k < nref; k++) {
		const struct task_node	*run = refs[k].run;

		if (k == 0 || refs[k].jobs != refs[k - 1].jobs) {
			group++;
			rep = 0;
		}
		memset(&rr, 0, sizeof rr);
		rr.jobs = refs[k].jobs;
		rr.repeat = isfinite(cmp_num(run, "repeat")) ?
		    (int)cmp_num(run, "repeat") : ++rep;
		rr.origin = c->files[refs[k].file].shown;
		rr.wall_s = cmp_num(run, "timing.wall_s");
		rr.compute_s = cmp_num(run, "timing.compute_s");
		rr.setup_s = cmp_num(run, "timing.setup_s");
		rr.parallelism = cmp_num(run, "cpu.parallelism");
		rr.efficiency = cmp_num(run, "cpu.efficiency");
		rr.other_cpus = cmp_num(run, "cpu.other_cpus");
		rr.other_load = cmp_num(run, "cpu.other_load");
		rr.points_per_s = cmp_num(run, "throughput.points_per_s");
		rr.deaths = isfinite(cmp_num(run, "faults.worker_deaths")) ?
		    (int)cmp_num(run, "faults.worker_deaths") : 0;
		rr.chunks_retried = cmp_num(run, "faults.chunks_retried") > 0 ?
		    (uint64_t)cmp_num(run, "faults.chunks_retried") : 0;
		rr.integral = cmp_num(run, "result.integral");
		cmp_run_cond(&rr, run, c->files[refs[k].file].root);
		set->file[k] = refs[k].file;
		set->orig_repeat[k] = isfinite(cmp_num(run, "repeat")) ?
		    (int)cmp_num(run, "repeat") : 0;
		results_add_run(&set->r, group, &rr);
	}
	free(refs);
	results_finish(&set->r);
	/* The title of a plot: the task of the set's first report. */
	set->task.name = (char *)(uintptr_t)cmp_str(f0->root, "task.name");
	set->task.expression = (char *)(uintptr_t)cmp_str(f0->root,
	    "task.expression");
	set->task.points = isfinite(cmp_num(f0->root, "task.points")) ?
	    (uint64_t)cmp_num(f0->root, "task.points") : 0;
	set->r.task = &set->task;
	snprintf(set->r.host.hostname, sizeof set->r.host.hostname, "%s",
	    cmp_str(f0->root, "host.hostname") != NULL ?
	    cmp_str(f0->root, "host.hostname") : "");
	/* Named by its label when every file of the set has that one. */
	for (i = 0; i < c->nfiles; i++) {
		const char	*l = cmp_str(c->files[i].root, "label");

		if (c->files[i].set == s && (l == NULL || cmp_str(f0->root,
		    "label") == NULL || strcmp(l, cmp_str(f0->root,
		    "label")) != 0))
			break;
	}
	if (i == c->nfiles)
		set->name = xstrdup(cmp_str(f0->root, "label"));
	else
		xasprintf(&set->name, "%c", 'A' + s);
}

/* Conditions: runs with other load, rows too short to measure scaling. */
static void
cmp_conditions(struct cmp *c)
{
	int	 s, i, k;

	for (s = 0; s < c->nsets; s++) {
		const struct results	*r = &c->sets[s].r;

		/* One line per file and -j: runs are in that order. */
		for (i = 0; i < r->nruns; i = k) {
			int	 busy = 0;
			double	 most = 0;

			for (k = i; k < r->nruns && r->runs[k].jobs ==
			    r->runs[i].jobs && c->sets[s].file[k] ==
			    c->sets[s].file[i]; k++) {
				if (r->runs[k].other_cpus > RESULTS_BUSY_CPUS)
					busy++;
				if (r->runs[k].other_cpus > most)
					most = r->runs[k].other_cpus;
			}
			if (busy > 0)
				cmp_warn(c, "%s: %d of %d runs at -j %d ran "
				    "beside other load (up to %.2f CPUs)",
				    c->files[c->sets[s].file[i]].shown, busy,
				    k - i, r->runs[i].jobs, most);
		}
		for (i = 0; i < r->nrows; i++)
			if (r->rows[i].wall_median < RESULTS_SHORT_S)
				cmp_warn(c, "set %s: -j %d: median run %.3f s, "
				    "under %.1f s: it measures start-up, not "
				    "scaling", c->sets[s].shown, r->rows[i].jobs,
				    r->rows[i].wall_median, RESULTS_SHORT_S);
	}
}

/* The values of one field of a row's runs, compute_s or wall_s. */
static double *
cmp_values(const struct results *r, int row, int compute, int *n)
{
	double	*v = xcalloc(r->nruns > 0 ? r->nruns : 1, sizeof *v);
	int	 i;

	*n = 0;
	for (i = 0; i < r->nruns; i++) {
		double	 x = compute ? r->runs[i].compute_s :
		    r->runs[i].wall_s;

		if (r->runs[i].row == row && x > 0)
			v[(*n)++] = x;
	}
	return v;
}

/* The median compute time of a set's row; NAN for none (row -1). */
static double
cmp_compute_median(const struct results *r, int row)
{
	double	*v, m;
	int	 n;

	if (row < 0)
		return NAN;
	v = cmp_values(r, row, 1, &n);
	m = stats_median(v, n);
	free(v);
	return m;
}

static void
cmp_test(struct cmp *c, struct cmp_row *row, int compute)
{
	struct cmp_test	*t = compute ? &row->compute : &row->wall;
	double		*a, *b;

	a = cmp_values(&c->sets[0].r, row->ra, compute, &t->na);
	b = cmp_values(&c->sets[1].r, row->rb, compute, &t->nb);
	t->ma = stats_median(a, t->na);
	t->mb = stats_median(b, t->nb);
	t->ratio = t->ma > 0 ? t->mb / t->ma : NAN;
	stats_ratio_ci(b, t->nb, a, t->na, STATS_ALPHA, &t->lo, &t->hi);
	t->p = stats_mann_whitney(a, t->na, b, t->nb, NULL, NULL);
	t->significant = t->p < c->alpha;
	free(a);
	free(b);
}

static int
cmp_row_of(const struct results *r, int jobs)
{
	int	 i;

	for (i = 0; i < r->nrows; i++)
		if (r->rows[i].jobs == jobs)
			return i;
	return -1;
}

/* The -j values of either set, in order, with the tests where both ran. */
static struct cmp_row *
cmp_rows(struct cmp *c, int *nrows)
{
	const struct results	*a = &c->sets[0].r, *b = &c->sets[1].r;
	struct cmp_row		*rows;
	int			 i, k, n = 0, jobs;

	rows = xcalloc(a->nrows + b->nrows, sizeof *rows);
	for (i = k = 0; i < a->nrows || k < b->nrows; n++) {
		if (k >= b->nrows || (i < a->nrows &&
		    a->rows[i].jobs <= b->rows[k].jobs))
			jobs = a->rows[i].jobs;
		else
			jobs = b->rows[k].jobs;
		rows[n].jobs = jobs;
		rows[n].ra = cmp_row_of(a, jobs);
		rows[n].rb = cmp_row_of(b, jobs);
		i += rows[n].ra >= 0;
		k += rows[n].rb >= 0;
		if (rows[n].ra >= 0 && rows[n].rb >= 0) {
			cmp_test(c, &rows[n], 0);
			cmp_test(c, &rows[n], 1);
		}
	}
	*nrows = n;
	return rows;
}

/* The geometric mean of the ratios where both sets ran; NAN if none. */
static double
cmp_geomean(const struct cmp_row *rows, int n, int compute)
{
	double	 s = 0;
	int	 i, k = 0;

	for (i = 0; i < n; i++) {
		const struct cmp_test	*t = compute ? &rows[i].compute :
		    &rows[i].wall;

		if (rows[i].ra >= 0 && rows[i].rb >= 0 && t->ratio > 0) {
			s += log(t->ratio);
			k++;
		}
	}
	return k > 0 ? exp(s / k) : NAN;
}

/*
 * The fewest runs in each set whose smallest p-value, 2 / C(2k, k), is
 * below alpha (a difference can be shown), or at most 1 - level (the
 * extremes make an interval at that level).
 */
static int
cmp_min_runs(double alpha, int below)
{
	int	 k = 1;

	while (k < 1000 && (below ? !(stats_mann_whitney_min_p(k, k) <
	    alpha) : !(stats_mann_whitney_min_p(k, k) <= alpha)))
		k++;
	return k;
}

/* What the runs of a row can and cannot show, as warnings. */
static void
cmp_power(struct cmp *c, const struct cmp_row *rows, int n)
{
	int	 i;

	for (i = 0; i < n; i++) {
		const struct cmp_test	*t = &rows[i].wall;
		double			 minp;

		if (rows[i].ra < 0 || rows[i].rb < 0) {
			cmp_warn(c, "-j %d: only set %s has runs", rows[i].jobs,
			    c->sets[rows[i].ra < 0].shown);
			continue;
		}
		minp = stats_mann_whitney_min_p(t->na, t->nb);
		if (minp >= c->alpha)
			cmp_warn(c, "-j %d: %d and %d runs cannot detect a "
			    "difference at alpha %g (the smallest p-value "
			    "they can give is %.3g); run %d or more in each "
			    "set", rows[i].jobs, t->na, t->nb, c->alpha, minp,
			    cmp_min_runs(c->alpha, 1));
		if (isnan(t->lo))
			cmp_warn(c, "-j %d: %d and %d runs give no 95%% "
			    "interval; run %d or more in each set",
			    rows[i].jobs, t->na, t->nb,
			    cmp_min_runs(1 - STATS_LEVEL, 0));
	}
}

/* Output: text. */

static void
cmp_ci(char *buf, size_t len, double lo, double hi)
{
	if (isnan(lo))
		snprintf(buf, len, "[n/a]");
	else
		snprintf(buf, len, "[%.3f-%.3f]", lo, hi);
}

static void
cmp_text_tests(FILE *fp, const struct cmp *c, const struct cmp_row *rows,
    int n, int compute)
{
	char	 ci[48], ratio[24], p[24];
	int	 i;

	fprintf(fp, "%s time, B = %s over A = %s:\n", compute ? "compute" :
	    "wall", c->sets[1].shown, c->sets[0].shown);
	fprintf(fp, "%6s %6s %12s %6s %12s %9s %16s %9s\n", "jobs", "A runs",
	    "A median s", "B runs", "B median s", "B/A", "[95% interval]",
	    "p-value");
	for (i = 0; i < n; i++) {
		const struct cmp_test	*t = compute ? &rows[i].compute :
		    &rows[i].wall;

		if (rows[i].ra < 0 || rows[i].rb < 0) {
			fprintf(fp, "%6d %s\n", rows[i].jobs, rows[i].ra < 0 ?
			    "only in B" : "only in A");
			continue;
		}
		cmp_ci(ci, sizeof ci, t->lo, t->hi);
		snprintf(ratio, sizeof ratio, "%s%.3f", t->significant ? "" :
		    "~ ", t->ratio);
		snprintf(p, sizeof p, "%.3g", t->p);
		fprintf(fp, "%6d %6d %12.6f %6d %12.6f %9s %16s %9s\n",
		    rows[i].jobs, t->na, t->ma, t->nb, t->mb, ratio, ci, p);
	}
	fprintf(fp, "%6s %6s %12s %6s %12s %9.3f\n", "geomean", "", "", "", "",
	    cmp_geomean(rows, n, compute));
}

/* Text from a report or the command line, its control characters escaped. */
static void
cmp_put(FILE *fp, const char *s)
{
	char	*e = str_escape(s != NULL ? s : "?");

	fputs(e, fp);
	free(e);
}

static void
cmp_out_text(FILE *fp, const struct cmp *c, const struct cmp_row *rows,
    int n)
{
	const struct cmp_file	*f0 = &c->files[0];
	int			 s, i;

	fprintf(fp, "%-12s ", "task");
	cmp_put(fp, cmp_str(f0->root, "task.expression"));
	fprintf(fp, ", %s rule, %s points\n",
	    cmp_str(f0->root, "task.rule") != NULL ?
	    cmp_str(f0->root, "task.rule") : "?",
	    cmp_str(f0->root, "task.points") != NULL ?
	    cmp_str(f0->root, "task.points") : "?");
	for (s = 0; s < c->nsets; s++) {
		fprintf(fp, "%-12s %s: %d report%s, %d run%s:", c->nsets > 1 ?
		    (s == 0 ? "set A" : "set B") : "set",
		    c->sets[s].shown, c->sets[s].nfiles,
		    c->sets[s].nfiles == 1 ? "" : "s", c->sets[s].r.nruns,
		    c->sets[s].r.nruns == 1 ? "" : "s");
		for (i = 0; i < c->nfiles; i++)
			if (c->files[i].set == s) {
				fputc(' ', fp);
				cmp_put(fp, c->files[i].path);
			}
		fputc('\n', fp);
	}
	if (c->nsets == 2) {
		cmp_text_tests(fp, c, rows, n, 0);
		cmp_text_tests(fp, c, rows, n, 1);
		fprintf(fp, "B/A: ratio of median times; its 95%% interval is "
		    "Hodges-Lehmann's on the log times; p: Mann-Whitney U, "
		    "two-sided; ~: not significant at alpha %g\n", c->alpha);
	}
	for (s = 0; s < c->nsets; s++) {
		fprintf(fp, "scaling of %s%s:\n", c->nsets > 1 ? "set " : "",
		    c->sets[s].shown);
		report_sweep_table(fp, &c->sets[s].r, s == c->nsets - 1);
		report_sweep_conditions(fp, &c->sets[s].r);
	}
	for (i = 0; i < c->nmm; i++) {
		fprintf(fp, "%-12s %s %s differs:", "mismatch", c->mm[i].kind,
		    c->mm[i].field);
		for (s = 0; s < c->mm[i].n; s++) {
			fputs(s ? "; " : " ", fp);
			cmp_put(fp, c->mm[i].values[s]);
			fputs(" (", fp);
			cmp_put(fp, c->files[c->mm[i].files[s]].path);
			fputc(')', fp);
		}
		fputc('\n', fp);
	}
}

/* Output: JSON, by a small writer that keeps the commas right. */
struct cmp_json {
	FILE	*fp;
	int	 depth;
	int	 first[16];
};

static void
cj_key(struct cmp_json *j, const char *key)
{
	fprintf(j->fp, "%s\n%*s", j->first[j->depth] ? "" : ",",
	    2 * j->depth, "");
	j->first[j->depth] = 0;
	if (key != NULL) {
		report_json_string(j->fp, key);
		fputs(": ", j->fp);
	}
}

static void
cj_open(struct cmp_json *j, const char *key, int array)
{
	if (j->depth > 0 || key != NULL)
		cj_key(j, key);
	fputc(array ? '[' : '{', j->fp);
	j->first[++j->depth] = 1;
}

static void
cj_close(struct cmp_json *j, int array)
{
	int	 empty = j->first[j->depth];

	j->depth--;
	if (!empty)
		fprintf(j->fp, "\n%*s", 2 * j->depth, "");
	fputc(array ? ']' : '}', j->fp);
}

static void
cj_num(struct cmp_json *j, const char *key, double v)
{
	cj_key(j, key);
	if (isfinite(v))
		fprintf(j->fp, "%.17g", v);
	else
		fputs("null", j->fp);
}

static void
cj_int(struct cmp_json *j, const char *key, long long v)
{
	cj_key(j, key);
	fprintf(j->fp, "%lld", v);
}

static void
cj_str(struct cmp_json *j, const char *key, const char *v)
{
	cj_key(j, key);
	if (v == NULL)
		fputs("null", j->fp);
	else
		report_json_string(j->fp, v);
}

static void
cj_bool(struct cmp_json *j, const char *key, int v)
{
	cj_key(j, key);
	fputs(v ? "true" : "false", j->fp);
}

static void
cj_test(struct cmp_json *j, const struct cmp_test *t)
{
	cj_num(j, "ratio", t->ratio);
	cj_num(j, "ci_low", t->lo);
	cj_num(j, "ci_high", t->hi);
	cj_num(j, "p_value", t->p);
	cj_bool(j, "significant", t->significant);
}

static void
cj_set_rows(struct cmp_json *j, const struct results *r)
{
	int	 i, k;

	cj_open(j, "rows", 1);
	for (i = 0; i < r->nrows; i++) {
		const struct results_row	*row = &r->rows[i];

		cj_open(j, NULL, 0);
		cj_int(j, "jobs", row->jobs);
		cj_int(j, "runs", row->nruns);
		cj_num(j, "median_s", row->wall_median);
		cj_num(j, "min_s", row->wall_min);
		cj_num(j, "max_s", row->wall_max);
		cj_num(j, "speedup", row->speedup);
		cj_num(j, "speedup_ci95_low", row->speedup_ci_low);
		cj_num(j, "speedup_ci95_high", row->speedup_ci_high);
		cj_num(j, "ideal_speedup", row->ideal);
		cj_num(j, "scaling_efficiency", row->scaling_efficiency);
		cj_num(j, "efficiency", row->efficiency);
		cj_num(j, "karp_flatt", row->karp_flatt);
		cj_num(j, "other_cpus", row->other_cpus);
		cj_int(j, "outliers", row->noutliers);
		cj_str(j, "flag", row->flag[0] != '\0' ? row->flag : NULL);
		cj_num(j, "joules", row->joules);
		cj_num(j, "watts", row->watts);
		cj_num(j, "joules_per_gpoint", row->joules_per_gpoint);
		cj_open(j, "warnings", 1);
		for (k = 0; k < RESULTS_NWARN; k++)
			if (row->warn & (1 << k))
				cj_str(j, NULL, results_warn_names[k]);
		cj_close(j, 1);
		cj_close(j, 0);
	}
	cj_close(j, 1);
}

static void
cmp_out_json(FILE *fp, const struct cmp *c, const struct cmp_row *rows,
    int n)
{
	struct cmp_json		 j = { fp, 0, { 1 } };
	const struct task_node	*r0 = c->files[0].root;
	char			 cause[128];
	int			 s, i, k;

	cj_open(&j, NULL, 0);
	cj_str(&j, "schema", "pint-compare");
	cj_int(&j, "schema_version", COMPARE_SCHEMA);
	cj_str(&j, "pint_version", PACKAGE_VERSION);
	cj_num(&j, "alpha", c->alpha);
	cj_open(&j, "task", 0);
	cj_str(&j, "name", cmp_str(r0, "task.name"));
	cj_str(&j, "expression", cmp_str(r0, "task.expression"));
	cj_str(&j, "rule", cmp_str(r0, "task.rule"));
	cj_num(&j, "points", cmp_num(r0, "task.points"));
	cj_str(&j, "engine", cmp_str(r0, "task.engine"));
	cj_close(&j, 0);
	cj_open(&j, "sets", 1);
	for (s = 0; s < c->nsets; s++) {
		cj_open(&j, NULL, 0);
		cj_str(&j, "name", c->sets[s].name);
		cj_open(&j, "files", 1);
		for (i = 0; i < c->nfiles; i++)
			if (c->files[i].set == s)
				cj_str(&j, NULL, c->files[i].path);
		cj_close(&j, 1);
		cj_int(&j, "runs", c->sets[s].r.nruns);
		cj_set_rows(&j, &c->sets[s].r);
		cj_close(&j, 0);
	}
	cj_close(&j, 1);
	if (c->nsets == 2) {
		cj_open(&j, "comparison", 1);
		for (i = 0; i < n; i++) {
			cj_open(&j, NULL, 0);
			cj_int(&j, "jobs", rows[i].jobs);
			cj_open(&j, "sets", 1);
			for (s = 0; s < 2; s++) {
				int	 row = s ? rows[i].rb : rows[i].ra;
				const struct results *r = &c->sets[s].r;

				cj_open(&j, NULL, 0);
				cj_int(&j, "runs", row >= 0 ?
				    r->rows[row].nruns : 0);
				cj_num(&j, "median_s", row >= 0 ?
				    r->rows[row].wall_median : NAN);
				cj_num(&j, "compute_median_s",
				    cmp_compute_median(r, row));
				cj_close(&j, 0);
			}
			cj_close(&j, 1);
			if (rows[i].ra >= 0 && rows[i].rb >= 0) {
				cj_test(&j, &rows[i].wall);
				cj_open(&j, "compute", 0);
				cj_test(&j, &rows[i].compute);
				cj_close(&j, 0);
			} else {
				struct cmp_test none = { 0, 0, NAN, NAN, NAN,
				    NAN, NAN, NAN, 0 };

				cj_test(&j, &none);
				cj_str(&j, "compute", NULL);
			}
			cj_close(&j, 0);
		}
		cj_close(&j, 1);
		cj_open(&j, "geomean", 0);
		cj_num(&j, "ratio", cmp_geomean(rows, n, 0));
		cj_num(&j, "compute_ratio", cmp_geomean(rows, n, 1));
		cj_close(&j, 0);
	} else {
		cj_str(&j, "comparison", NULL);
		cj_str(&j, "geomean", NULL);
	}
	cj_open(&j, "outliers", 1);
	for (s = 0; s < c->nsets; s++) {
		const struct results	*r = &c->sets[s].r;

		for (i = 0; i < r->nruns; i++) {
			if (!r->runs[i].outlier)
				continue;
			results_outlier_cause(&r->runs[i],
			    &r->rows[r->runs[i].row], cause, sizeof cause);
			cj_open(&j, NULL, 0);
			cj_str(&j, "set", c->sets[s].name);
			cj_str(&j, "file", c->files[c->sets[s].file[i]].path);
			cj_int(&j, "jobs", r->runs[i].jobs);
			cj_int(&j, "repeat", c->sets[s].orig_repeat[i]);
			cj_num(&j, "wall_s", r->runs[i].wall_s);
			cj_num(&j, "of_median", r->runs[i].wall_s /
			    r->rows[r->runs[i].row].wall_median);
			cj_num(&j, "modified_z", r->runs[i].wall_z);
			cj_str(&j, "cause", cause);
			cj_close(&j, 0);
		}
	}
	cj_close(&j, 1);
	cj_open(&j, "mismatches", 1);
	for (i = 0; i < c->nmm; i++) {
		cj_open(&j, NULL, 0);
		cj_str(&j, "kind", c->mm[i].kind);
		cj_str(&j, "field", c->mm[i].field);
		cj_open(&j, "values", 1);
		for (k = 0; k < c->mm[i].n; k++) {
			cj_open(&j, NULL, 0);
			cj_str(&j, "file", c->files[c->mm[i].files[k]].path);
			cj_str(&j, "value", c->mm[i].values[k]);
			cj_close(&j, 0);
		}
		cj_close(&j, 1);
		cj_close(&j, 0);
	}
	cj_close(&j, 1);
	cj_open(&j, "warnings", 1);
	for (i = 0; i < c->nwarn; i++)
		cj_str(&j, NULL, c->warn[i]);
	cj_close(&j, 1);
	cj_close(&j, 0);
	fputc('\n', fp);
}

/* Output: CSV and Markdown, one line a -j value (of each set, or both). */
static void
cmp_csv_num(FILE *fp, double v)
{
	if (isfinite(v))
		fprintf(fp, ",%.17g", v);
	else
		fputc(',', fp);
}

static void
cmp_out_csv(FILE *fp, const struct cmp *c, const struct cmp_row *rows,
    int n)
{
	int	 s, i;

	if (c->nsets == 2) {
		fputs("jobs,runs_a,median_s_a,runs_b,median_s_b,ratio,ci_low,"
		    "ci_high,p_value,significant,compute_ratio,compute_ci_low,"
		    "compute_ci_high,compute_p_value,compute_significant\n", fp);
		for (i = 0; i < n; i++) {
			const struct cmp_test	*w = &rows[i].wall;
			const struct cmp_test	*t = &rows[i].compute;

			if (rows[i].ra < 0 || rows[i].rb < 0)
				continue;
			fprintf(fp, "%d,%d", rows[i].jobs, w->na);
			cmp_csv_num(fp, w->ma);
			fprintf(fp, ",%d", w->nb);
			cmp_csv_num(fp, w->mb);
			cmp_csv_num(fp, w->ratio);
			cmp_csv_num(fp, w->lo);
			cmp_csv_num(fp, w->hi);
			cmp_csv_num(fp, w->p);
			fprintf(fp, ",%s", w->significant ? "true" : "false");
			cmp_csv_num(fp, t->ratio);
			cmp_csv_num(fp, t->lo);
			cmp_csv_num(fp, t->hi);
			cmp_csv_num(fp, t->p);
			fprintf(fp, ",%s\n", t->significant ? "true" : "false");
		}
		return;
	}
	fputs("set,jobs,runs,median_s,min_s,max_s,speedup,speedup_ci95_low,"
	    "speedup_ci95_high,scaling_efficiency,efficiency,karp_flatt,"
	    "other_cpus,outliers\n", fp);
	for (s = 0; s < c->nsets; s++) {
		const struct results	*r = &c->sets[s].r;

		for (i = 0; i < r->nrows; i++) {
			const struct results_row	*row = &r->rows[i];

			/* Its control characters escaped, as in text. */
			report_csv_field(fp, c->sets[s].shown);
			fprintf(fp, ",%d,%d", row->jobs, row->nruns);
			cmp_csv_num(fp, row->wall_median);
			cmp_csv_num(fp, row->wall_min);
			cmp_csv_num(fp, row->wall_max);
			cmp_csv_num(fp, row->speedup);
			cmp_csv_num(fp, row->speedup_ci_low);
			cmp_csv_num(fp, row->speedup_ci_high);
			cmp_csv_num(fp, row->scaling_efficiency);
			cmp_csv_num(fp, row->efficiency);
			cmp_csv_num(fp, row->karp_flatt);
			cmp_csv_num(fp, row->other_cpus);
			fprintf(fp, ",%d\n", row->noutliers);
		}
	}
}

static void
cmp_out_markdown(FILE *fp, const struct cmp *c, const struct cmp_row *rows,
    int n)
{
	int	 s, i;

	if (c->nsets == 2) {
		fputs("B = ", fp);
		report_md_text(fp, c->sets[1].name);
		fputs(" over A = ", fp);
		report_md_text(fp, c->sets[0].name);
		fprintf(fp, ", median wall time; ~: not "
		    "significant at alpha %g (Mann–Whitney U)\n\n"
		    "| -j | A runs | A median [s] | B runs | B median [s] | "
		    "B/A | 95%% interval | p |\n"
		    "|---:|---:|---:|---:|---:|---:|---:|---:|\n", c->alpha);
		for (i = 0; i < n; i++) {
			const struct cmp_test	*t = &rows[i].wall;

			if (rows[i].ra < 0 || rows[i].rb < 0)
				continue;
			fprintf(fp, "| %d | %d", rows[i].jobs, t->na);
			report_md_num(fp, "%.6f", t->ma);
			fprintf(fp, " | %d", t->nb);
			report_md_num(fp, "%.6f", t->mb);
			fprintf(fp, " | %s%.3f", t->significant ? "" : "~ ",
			    t->ratio);
			if (isnan(t->lo))
				fputs(" | n/a", fp);
			else
				fprintf(fp, " | %.3f–%.3f", t->lo, t->hi);
			report_md_num(fp, "%.3g", t->p);
			fputs(" |\n", fp);
		}
		fprintf(fp, "| geomean | | | | | %.3f | | |\n\n",
		    cmp_geomean(rows, n, 0));
	}
	for (s = 0; s < c->nsets; s++) {
		const struct results	*r = &c->sets[s].r;

		fputs("Scaling of ", fp);
		report_md_text(fp, c->sets[s].name);
		fputs("\n\n| -j | runs | median [s] | speedup | 95% interval | "
		    "scaling efficiency | Karp–Flatt |\n"
		    "|---:|---:|---:|---:|---:|---:|---:|\n", fp);
		for (i = 0; i < r->nrows; i++) {
			const struct results_row	*row = &r->rows[i];

			fprintf(fp, "| %d | %d", row->jobs, row->nruns);
			report_md_num(fp, "%.6f", row->wall_median);
			report_md_num(fp, "%.3f", row->speedup);
			if (isnan(row->speedup_ci_low))
				fputs(i == 0 ? " | –" : " | n/a", fp);
			else
				fprintf(fp, " | %.3f–%.3f", row->speedup_ci_low,
				    row->speedup_ci_high);
			report_md_num(fp, "%.3f", row->scaling_efficiency);
			report_md_num(fp, "%.4f", row->karp_flatt);
			fputs(" |\n", fp);
		}
		fputc('\n', fp);
		report_notes(fp, r, "- ", 1);
	}
	/* The warnings hold escaped names and paths: Markdown escapes. */
	for (i = 0; i < c->nmm; i++) {
		fprintf(fp, "- mismatch: %s ", c->mm[i].kind);
		report_md_text(fp, c->mm[i].field);
		fputs(" differs\n", fp);
	}
	for (i = 0; i < c->nwarn; i++) {
		fputs("- warning: ", fp);
		report_md_plain(fp, c->warn[i]);
		fputc('\n', fp);
	}
}

/* The command line. */

static int
cmp_options(struct cmp *c, int argc, char **argv)
{
	int	 ch;

	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":f:qh", compare_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				c->format = CMP_TEXT;
			else if (strcmp(optarg, "json") == 0)
				c->format = CMP_JSON;
			else if (strcmp(optarg, "csv") == 0)
				c->format = CMP_CSV;
			else if (strcmp(optarg, "markdown") == 0)
				c->format = CMP_MARKDOWN;
			else {
				warnmsg("compare: -f: expected text, json, csv "
				    "or markdown, got '%s'", optarg);
				return -1;
			}
			break;
		case CMP_OPT_ALPHA:
			if (parse_double(optarg, &c->alpha) != 0 ||
			    !(c->alpha > 0 && c->alpha < 1)) {
				warnmsg("compare: --alpha: expected a level "
				    "between 0 and 1, got '%s'", optarg);
				return -1;
			}
			break;
		case CMP_OPT_PLOT:
			c->plot = optarg;
			break;
		case CMP_OPT_ALLOW:
			c->allow = 1;
			break;
		case 'q':
			warnings_off = 1;
			break;
		case 'h':
			fputs(compare_usage, stdout);
			return 1;
		case ':':
			warnmsg("compare: option '%s' needs an argument; see "
			    "'pint compare -h'", argv[optind - 1]);
			return -1;
		default:
			warnmsg("compare: unknown option '%s'; see 'pint "
			    "compare -h'", argv[optind - 1]);
			return -1;
		}
	}
	return 0;
}

/*
 * The files: before "--" (options and set A), after it (set B, files
 * only). getopt would move a "--" among the files, so it is found first.
 */
static int
cmp_args(struct cmp *c, int argc, char **argv, int *split)
{
	char	**head, *cause = NULL;
	int	 i, dash = argc, nhead, rv, stdin_seen = 0;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			dash = i;
			break;
		}
	for (i = dash + 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			warnmsg("compare: --: given twice; two sets at most "
			    "(a file named -- is ./--)");
			return -1;
		}
	head = xcalloc(dash + 1, sizeof *head);
	memcpy(head, argv, dash * sizeof *head);
	nhead = dash;
	if ((rv = cmp_options(c, nhead, head)) != 0) {
		free(head);
		return rv;
	}
	c->files = xcalloc(argc, sizeof *c->files);
	for (i = optind; i < nhead; i++)
		c->files[c->nfiles++].path = head[i];
	*split = dash < argc ? c->nfiles : -1;
	for (i = dash + 1; i < argc; i++)
		c->files[c->nfiles++].path = argv[i];
	for (i = 0; i < c->nfiles; i++)
		c->files[i].shown = str_escape(c->files[i].path);
	free(head);
	if (c->nfiles == 0) {
		warnmsg("compare: no report files given; see 'pint compare "
		    "-h'");
		return -1;
	}
	if (*split == 0 || *split == c->nfiles) {
		warnmsg("compare: --: give report files on both sides");
		return -1;
	}
	for (i = 0; i < c->nfiles; i++)
		if (strcmp(c->files[i].path, "-") == 0 && stdin_seen++) {
			warnmsg("compare: -: standard input given twice");
			return -1;
		}
	if (c->plot != NULL && plot_format(c->plot) == NULL) {
		warnmsg("compare: --plot%s%s: the name must end in .png or "
		    ".svg", *c->plot ? " " : "", c->plot);
		return -1;
	}
	/*
	 * Neither the output (>> a.json) nor the plot overwrites a report
	 * read, standard input's file included.
	 */
	for (i = 0; i < c->nfiles && cause == NULL; i++)
		(void)(strcmp(c->files[i].path, "-") == 0 ?
		    output_set_stdin(&c->outputs, "report", &cause) :
		    output_set_add(&c->outputs, "report", c->files[i].path,
		    OUTPUT_READ, &cause));
	if (cause == NULL)
		(void)output_set_stdout(&c->outputs, &cause);
	if (cause == NULL && c->plot != NULL &&
	    output_set_add(&c->outputs, "--plot", c->plot, OUTPUT_WRITE,
	    &cause) == 0)
		(void)plot_check(c->plot, &c->plotopts.gnuplot, &cause);
	if (cause != NULL) {
		warnmsg("compare: %s", cause);
		free(cause);
		return -1;
	}
	if (c->plot != NULL)
		c->plotopts.timeout_s = PLOT_TIMEOUT_S;
	return 0;
}

/* Sets by --, or by label, or by host and build; at most two. */
static int
cmp_sets(struct cmp *c, int split)
{
	const char	*keys[2];
	int		 i, by_label = 0, s, first[2];

	if (split >= 0) {
		for (i = 0; i < c->nfiles; i++)
			c->files[i].set = i >= split;
		c->nsets = 2;
		return 0;
	}
	for (i = 0; i < c->nfiles; i++)
		by_label |= cmp_str(c->files[i].root, "label") != NULL;
	c->nsets = 0;
	for (i = 0; i < c->nfiles; i++) {
		cmp_setkey(&c->files[i], by_label);
		for (s = 0; s < c->nsets; s++)
			if (strcmp(keys[s], c->files[i].setkey) == 0)
				break;
		if (s < c->nsets && strcmp(c->files[first[s]].hostkey,
		    c->files[i].hostkey) != 0) {
			warnmsg("compare: %s and %s have one label (%s) but "
			    "ran on other hosts or builds (%s; %s): label them "
			    "apart, or split the sets with --",
			    c->files[first[s]].path, c->files[i].path, keys[s],
			    c->files[first[s]].hostkey, c->files[i].hostkey);
			return -1;
		}
		if (s == c->nsets) {
			if (c->nsets == 2) {
				warnmsg("compare: %s: a third set (%s), after "
				    "%s and %s: compare two at a time, or "
				    "split them with --", c->files[i].path,
				    c->files[i].setkey, keys[0], keys[1]);
				return -1;
			}
			first[c->nsets] = i;
			keys[c->nsets++] = c->files[i].setkey;
		}
		c->files[i].set = s;
	}
	return 0;
}

/*
 * One run read from two files (a copy of a report, or one report and an
 * export of the same runs): the same start, -j, repeat and wall time to
 * the bit. Such a pair is refused, as the same file twice is: counted
 * twice it would make a difference look significant.
 */
struct cmp_runid {
	const char	*started;
	int		 jobs, repeat, file;
	size_t		 index;
	uint64_t	 wall;
};

static int
cmp_runid_order(const void *a, const void *b)
{
	const struct cmp_runid	*x = a, *y = b;
	int			 d = strcmp(x->started, y->started);

	if (d != 0)
		return d;
	if (x->jobs != y->jobs)
		return x->jobs < y->jobs ? -1 : 1;
	if (x->repeat != y->repeat)
		return x->repeat < y->repeat ? -1 : 1;
	if (x->wall != y->wall)
		return x->wall < y->wall ? -1 : 1;
	return x->file < y->file ? -1 : x->file > y->file;
}

static int
cmp_same_runs(const struct cmp *c)
{
	struct cmp_runid	*id = NULL, *x, *y;
	size_t			 n = 0, j;
	int			 i, rv = 0;

	for (i = 0; i < c->nfiles; i++) {
		const struct task_node	*runs = cmp_key(c->files[i].root,
		    "runs");
		const char		*t = cmp_str(c->files[i].root,
		    "provenance.start_time");

		id = xreallocarray(id, n + runs->nitems, sizeof *id);
		for (j = 0; j < runs->nitems; j++, n++) {
			double	 w = cmp_num(runs->items[j], "timing.wall_s");
			double	 r = cmp_num(runs->items[j], "repeat");

			id[n].started = t != NULL ? t : "";
			id[n].jobs = (int)cmp_num(runs->items[j], "jobs");
			id[n].repeat = isfinite(r) ? (int)r : 0;
			id[n].file = i;
			id[n].index = j;
			memcpy(&id[n].wall, &w, sizeof w);
		}
	}
	qsort(id, n, sizeof *id, cmp_runid_order);
	for (j = 1; j < n; j++) {
		x = &id[j - 1];
		y = &id[j];
		if (x->file == y->file || strcmp(x->started, y->started) != 0 ||
		    x->jobs != y->jobs || x->repeat != y->repeat ||
		    x->wall != y->wall)
			continue;
		warnmsg("compare: %s runs[%zu] and %s runs[%zu] are the same "
		    "run (-j %d, repeat %d, started %s, the same wall time): a "
		    "copy of one report? give each run once",
		    c->files[x->file].path, x->index, c->files[y->file].path,
		    y->index, x->jobs, x->repeat, *x->started != '\0' ?
		    x->started : "unknown");
		rv = -1;
		break;
	}
	free(id);
	return rv;
}

static int
cmp_same_task(const struct cmp *c)
{
	int	 i;

	for (i = 1; i < c->nfiles; i++) {
		if (strcmp(c->files[i].taskid, c->files[0].taskid) == 0)
			continue;
		warnmsg("compare: %s and %s are reports of different tasks "
		    "(expression, grid, rule, engine or tolerance); "
		    "--allow-different-tasks compares them anyway",
		    c->files[0].path, c->files[i].path);
		return -1;
	}
	return 0;
}

static int
cmp_write(const struct cmp *c, const struct cmp_row *rows, int n)
{
	char	*cause = NULL;

	switch (c->format) {
	case CMP_TEXT:
		cmp_out_text(stdout, c, rows, n);
		break;
	case CMP_JSON:
		cmp_out_json(stdout, c, rows, n);
		break;
	case CMP_CSV:
		cmp_out_csv(stdout, c, rows, n);
		break;
	case CMP_MARKDOWN:
		cmp_out_markdown(stdout, c, rows, n);
		break;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warnmsg("compare: standard output: %s", strerror(errno));
		return EXIT_RUNFAIL;
	}
	if (c->plot != NULL && plot_write(&c->outputs, c->plot, &c->plotopts,
	    &c->sets[c->nsets - 1].r, &cause) != 0) {
		warnmsg("compare: %s", cause);
		free(cause);
		return EXIT_RUNFAIL;
	}
	return EXIT_OK;
}

static void
cmp_free(struct cmp *c)
{
	int	 i, k;

	for (i = 0; i < c->nfiles; i++) {
		task_tree_free(&c->files[i].tree);
		free(c->files[i].buf);
		free(c->files[i].shown);
		free(c->files[i].setkey);
		free(c->files[i].hostkey);
		free(c->files[i].taskid);
	}
	free(c->files);
	output_set_free(&c->outputs);
	free(c->plotopts.gnuplot);
	for (i = 0; i < c->nsets; i++) {
		results_free(&c->sets[i].r);
		free(c->sets[i].file);
		free(c->sets[i].orig_repeat);
		free(c->sets[i].name);
		free(c->sets[i].shown);
	}
	for (i = 0; i < c->nmm; i++) {
		for (k = 0; k < c->mm[i].n; k++)
			free(c->mm[i].values[k]);
		free(c->mm[i].values);
		free(c->mm[i].files);
		free(c->mm[i].field);
	}
	free(c->mm);
	for (i = 0; i < c->nwarn; i++)
		free(c->warn[i]);
	free(c->warn);
}

int
compare_main(int argc, char **argv)
{
	struct cmp	 c;
	struct cmp_row	*rows = NULL;
	int		 i, k, n = 0, split, rv = EXIT_USAGE;

	memset(&c, 0, sizeof c);
	c.alpha = STATS_ALPHA;
	if ((i = cmp_args(&c, argc, argv, &split)) != 0) {
		rv = i > 0 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	for (i = 0; i < c.nfiles; i++) {
		if (cmp_load(&c.files[i], c.files, i) != 0)
			goto out;
		cmp_identity(&c.files[i]);
	}
	if (cmp_same_runs(&c) != 0)
		goto out;
	if (!c.allow && cmp_same_task(&c) != 0)
		goto out;
	if (cmp_sets(&c, split) != 0)
		goto out;
	if (c.plot != NULL && c.nsets == 2) {
		warnmsg("compare: --plot draws the scaling of one set; these "
		    "reports make two");
		goto out;
	}
	for (i = 0; i < c.nsets; i++)
		cmp_build_set(&c, i);
	/* Two sets of one label (split by --) by their letters. */
	if (c.nsets == 2 && strcmp(c.sets[0].name, c.sets[1].name) == 0)
		for (i = 0; i < 2; i++) {
			free(c.sets[i].name);
			xasprintf(&c.sets[i].name, "%c", 'A' + i);
		}
	for (i = 0; i < c.nsets; i++) {
		c.sets[i].shown = str_escape(c.sets[i].name);
		if (c.nsets == 2)
			c.sets[i].r.set = c.sets[i].shown;
	}
	for (i = 0; i < c.nsets; i++)
		for (k = 0; k < c.sets[i].r.nrows; k++)
			if (c.sets[i].r.rows[k].nruns > COMPARE_MAXRUNS) {
				warnmsg("compare: set %s: %d runs at -j %d, more "
				    "than the %d a -j value this pint compares",
				    c.sets[i].shown, c.sets[i].r.rows[k].nruns,
				    c.sets[i].r.rows[k].jobs, COMPARE_MAXRUNS);
				goto out;
			}
	cmp_mismatches(&c);
	cmp_conditions(&c);
	if (c.nsets == 2) {
		rows = cmp_rows(&c, &n);
		for (i = 0; i < n && (rows[i].ra < 0 || rows[i].rb < 0); i++)
			;
		if (i == n) {
			warnmsg("compare: sets %s and %s share no -j value: "
			    "nothing to compare (for one sweep, give the "
			    "reports without --)", c.sets[0].shown,
			    c.sets[1].shown);
			goto out;
		}
		cmp_power(&c, rows, n);
	}
	for (i = 0; i < c.nmm; i++) {
		char	*v = NULL, *t;

		for (k = 0; k < c.mm[i].n; k++) {
			char	*e = str_escape(c.mm[i].values[k]);

			xasprintf(&t, "%s%s%s (%s)", v != NULL ? v : "",
			    k ? ", " : "", e, c.files[c.mm[i].files[k]].shown);
			free(e);
			free(v);
			v = t;
		}
		warning("compare: %s %s differs: %s", c.mm[i].kind,
		    c.mm[i].field, v);
		free(v);
	}
	for (i = 0; i < c.nwarn; i++)
		warning("compare: %s", c.warn[i]);
	rv = cmp_write(&c, rows, n);
out:
	free(rows);
	cmp_free(&c);
	return rv;
}
