/*
 * task: the integration task, loaded from a YAML file (JSON is YAML, so
 * the old flat task.json loads too) or built from command-line options,
 * checked for everything a user can get wrong and turned into a grid
 * (intervals, nodes and step per axis, task-grid.c) before anything is
 * forked.
 *
 * The file is read into a bounded tree by task-yaml.c and walked by the
 * table of its keys, task_schema[] (task-keys.c); this file holds the
 * messages, the options (task_set_*) and the file loader.
 *
 * The command line wins over the file whatever the order of the options.
 * A value whose location names an option (set by task_set_*) is never
 * replaced by task_load_*, and -s or -n set the step or point count of
 * every axis, including axes that a later -d adds. The file is loaded
 * into a scratch task first, so a file with an error changes nothing.
 */
#include "config.h"

#include "task.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "expr.h"
#include "readfile.h"
#include "task-int.h"
#include "task-yaml.h"
#include "util.h"

#define TASK_KEYLEN	32		/* longest name suggested for */

const char *const task_axes[TASK_MAXDIM] = { "x", "y", "z" };

const char *const task_engines[] = {
	"auto", "muparser", "vector", NULL
};

int
task_cli(const struct task_loc *loc)
{
	return loc->line == 0 && loc->opt != NULL;
}

static char *
task_where_alloc(const struct task *t, const struct task_loc *loc)
{
	char	*s;

	if (loc != NULL && loc->line > 0)
		xasprintf(&s, "%s:%u:%u", t->source, loc->line, loc->col);
	else if (loc != NULL && loc->opt != NULL)
		s = xstrdup(loc->opt);
	else
		s = xstrdup(t->source);
	return s;
}

int
task_error(const struct task *t, const struct task_loc *loc, char **cause,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*where, *msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	where = task_where_alloc(t, loc);
	xasprintf(cause, "%s: %s", where, msg);
	free(where);
	free(msg);
	return -1;
}

const char *
task_fmtnum(double v, char *buf, size_t size)
{
	snprintf(buf, size, "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, size, "%.17g", v);
	return buf;
}

/* Optimal string alignment distance (a swap of neighbours costs one). */
static int
task_distance(const char *a, const char *b)
{
	int	 d[TASK_KEYLEN + 1][TASK_KEYLEN + 1];
	size_t	 la = strlen(a), lb = strlen(b), i, j;
	int	 cost, v;

	if (la > TASK_KEYLEN || lb > TASK_KEYLEN)
		return TASK_KEYLEN;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		for (j = 1; j <= lb; j++) {
			cost = a[i - 1] != b[j - 1];
			v = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + cost < v)
				v = d[i - 1][j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	}
	return d[la][lb];
}

/*
 * The known name nearest to s, if near enough to be a likely typo: names
 * is the first of at most n names stride bytes apart (a NULL-terminated
 * array, or the name field of a table), as qsort(3) walks its array.
 */
const char *
task_suggest(const char *s, const char *const *names, size_t n,
    size_t stride)
{
	const char	*best = NULL, *name;
	int		 bestd = TASK_KEYLEN, d, limit;
	size_t		 i;

	for (i = 0; i < n; i++) {
		name = *(const char *const *)(const void *)
		    ((const char *)names + i * stride);
		if (name == NULL)
			break;
		d = task_distance(s, name);
		limit = strlen(name) / 3;
		if (limit < 1)
			limit = 1;
		if (d <= limit && d < bestd) {
			best = name;
			bestd = d;
		}
	}
	return best;
}

int
task_blank(const char *s)
{
	for (; *s != '\0'; s++) {
		if (!isspace((unsigned char)*s))
			return 0;
	}
	return 1;
}

int
task_axis_index(const char *s)
{
	int	 i;

	for (i = 0; i < TASK_MAXDIM; i++) {
		if (strcmp(s, task_axes[i]) == 0)
			return i;
	}
	return -1;
}

static int
task_lookup(const char *s, const char *const *names)
{
	int	 i;

	for (i = 0; names[i] != NULL; i++) {
		if (strcmp(s, names[i]) == 0)
			return i;
	}
	return -1;
}

/* "a, b or c" of a NULL-terminated list. */
static const char *
task_list(const char *const *names, char *buf, size_t size)
{
	size_t	 n, i, len = 0;

	for (n = 0; names[n] != NULL; n++)
		;
	buf[0] = '\0';
	for (i = 0; i < n && len < size; i++) {
		len += snprintf(buf + len, size - len, "%s%s", i == 0 ? "" :
		    i + 1 == n ? " or " : ", ", names[i]);
	}
	return buf;
}

/* Look a rule or engine name up; on failure say what was expected. */
static int
task_choose(const struct task *t, const char *what, const char *s,
    const char *const *names, const struct task_loc *loc, char **cause)
{
	const char	*near;
	char		 q[200], list[200];
	int		 i;

	if ((i = task_lookup(s, names)) != -1)
		return i;
	near = task_suggest(s, names, SIZE_MAX, sizeof *names);
	if (near != NULL) {
		task_error(t, loc, cause, "unknown %s %s (did you mean "
		    "\"%s\"?)", what, task_quote(s, q, sizeof q), near);
	} else {
		task_error(t, loc, cause, "unknown %s %s (expected %s)", what,
		    task_quote(s, q, sizeof q), task_list(names, list,
		    sizeof list));
	}
	return -1;
}

void
task_init(struct task *t)
{
	memset(t, 0, sizeof *t);
	t->source = xstrdup("<command line>");
	t->rule = RULE_MIDPOINT;
	t->engine = ENGINE_AUTO;
	t->order = TASK_ORDER_DEFAULT;
}

void
task_free(struct task *t)
{
	free(t->source);
	t->source = NULL;
	task_free_keys(t);
}

const char *
task_engine_name(enum engine_kind engine)
{
	if ((unsigned)engine > ENGINE_VECTOR)
		return "unknown";
	return task_engines[engine];
}

void
task_where(const struct task *t, const struct task_loc *loc, char *buf,
    size_t len)
{
	char	*s;

	s = task_where_alloc(t, loc);
	snprintf(buf, len, "%s", s);
	free(s);
}

int
task_load_file(struct task *t, const char *path, char **cause)
{
	const char	*source;
	char		*buf;
	size_t		 len = 0;
	ssize_t		 n;
	int		 fd, rc, more;

	if (strcmp(path, "-") == 0) {
		fd = STDIN_FILENO;
		source = "<stdin>";
	} else {
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
			/* Named as the option: "a:3:4" is no location. */
			xasprintf(cause, "-c %s: %s", path, strerror(errno));
			return -1;
		}
		source = path;
	}

	buf = xmalloc(TASK_MAXFILE + 1);
	if ((n = readfile_fd(fd, buf, TASK_MAXFILE + 1, &more)) == -1) {
		xasprintf(cause, "%s: %s", source, strerror(errno));
		goto fail;
	}
	len = (size_t)n;
	if (more) {
		xasprintf(cause, "%s: file too large (limit %d bytes)", source,
		    TASK_MAXFILE);
		goto fail;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	rc = task_load_buffer(t, buf, len, source, cause);
	free(buf);
	return rc;

fail:
	if (fd != STDIN_FILENO)
		close(fd);
	free(buf);
	return -1;
}

/*
 * Setters for the command line. Their locations name the option, which
 * keeps a task file loaded later from replacing the value.
 */

int
task_set_domain(struct task *t, const char *spec, char **cause)
{
	static const struct task_loc	 loc = { 0, 0, "-d" };
	struct task_axis		*a;
	const char			*eq, *colon;
	char				 q[200], x[32], y[32];
	char				*name, *los, *his;
	double				 lo, hi;
	int				 i, rc = -1;

	if ((eq = strchr(spec, '=')) == NULL ||
	    (colon = strchr(eq + 1, ':')) == NULL) {
		return task_error(t, &loc, cause, "expected VAR=A:B, got %s",
		    task_quote(spec, q, sizeof q));
	}
	name = xstrndup(spec, eq - spec);
	los = xstrndup(eq + 1, colon - eq - 1);
	his = xstrdup(colon + 1);
	if ((i = task_axis_index(name)) == -1) {
		task_error(t, &loc, cause, "unknown axis %s (expected x, y or "
		    "z)", task_quote(name, q, sizeof q));
		goto out;
	}
	if (parse_double(los, &lo) != 0 || parse_double(his, &hi) != 0) {
		const char	*bad = parse_double(los, &lo) != 0 ? los : his;
		double		 v;

		errno = 0;
		v = strtod(bad, NULL);
		task_error(t, &loc, cause, "bad bound %s on %s (%s)",
		    task_quote(bad, q, sizeof q), task_axes[i],
		    errno == ERANGE && (v == 0 || !isfinite(v)) ?
		    "out of the range of doubles, about 1e-308 to 1.8e308" :
		    "expected a finite number");
		goto out;
	}
	if (!(lo < hi)) {
		task_error(t, &loc, cause, "empty domain on %s: [%s, %s]",
		    task_axes[i], task_fmtnum(lo, x, sizeof x),
		    task_fmtnum(hi, y, sizeof y));
		goto out;
	}
	if (!isfinite(hi - lo)) {
		task_error(t, &loc, cause, "domain on %s is too wide: [%s, %s]",
		    task_axes[i], task_fmtnum(lo, x, sizeof x),
		    task_fmtnum(hi, y, sizeof y));
		goto out;
	}
	a = &t->axis[i];
	a->set = 1;
	a->lo = lo;
	a->hi = hi;
	a->loc_domain = loc;
	rc = 0;
out:
	free(name);
	free(los);
	free(his);
	return rc;
}

/*
 * -s and -n apply to every axis, present or not yet given, and replace
 * the other: the last of them wins, and both win over the file.
 */
int
task_set_step(struct task *t, double step, const char *opt, char **cause)
{
	struct task_loc	 loc = { 0, 0, opt };
	char		 num[32];
	int		 i;

	if (!isfinite(step) || step <= 0) {
		return task_error(t, &loc, cause, "step must be positive, "
		    "got %s", task_fmtnum(step, num, sizeof num));
	}
	for (i = 0; i < TASK_MAXDIM; i++) {
		t->axis[i].step = step;
		t->axis[i].points = 0;
		t->axis[i].loc_grid = loc;
	}
	return 0;
}

int
task_set_points(struct task *t, uint64_t points, const char *opt,
    char **cause)
{
	struct task_loc	 loc = { 0, 0, opt };
	int		 i;

	if (points == 0)
		return task_error(t, &loc, cause, "points must be positive, "
		    "got 0");
	for (i = 0; i < TASK_MAXDIM; i++) {
		t->axis[i].step = 0;
		t->axis[i].points = points;
		t->axis[i].loc_grid = loc;
	}
	return 0;
}

int
task_set_rule(struct task *t, const char *name, const struct task_loc *loc,
    char **cause)
{
	static const struct task_loc	 none;
	int				 i;

	if (loc == NULL)
		loc = &none;
	if ((i = task_choose(t, "rule", name, quad_rule_names, loc, cause)) == -1)
		return -1;
	t->rule = i;
	t->loc_rule = *loc;
	return 0;
}

int
task_set_engine(struct task *t, const char *name, const struct task_loc *loc,
    char **cause)
{
	static const struct task_loc	 none;
	int				 i;

	if (loc == NULL)
		loc = &none;
	if ((i = task_choose(t, "engine", name, task_engines, loc,
	    cause)) == -1)
		return -1;
	t->engine = i;
	t->loc_engine = *loc;
	return 0;
}


void
task_set_expression(struct task *t, const char *expr, const char *opt)
{
	free(t->expression);
	t->expression = xstrdup(expr);
	t->loc_expression.line = 0;
	t->loc_expression.col = 0;
	t->loc_expression.opt = opt;
}
