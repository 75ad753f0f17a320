/*
 * task-keys: the task file's keys, one table, task_schema[]: each key's
 * name, the key it is an old name of, its type, limits and choices, the
 * handler that reads it, and its field in struct task with how the
 * file's value joins the options' (task_merge) and what task_free frees.
 * The walk over the file's tree, the messages for unknown keys and the
 * check that pint-task(5) documents every key all go by that table.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "task-int.h"
#include "task-yaml.h"
#include "util.h"

/* The top-level keys: indices into task_schema below. */
enum task_keyid {
	KEY_NAME,
	KEY_EXPRESSION,
	KEY_EQUATION,
	KEY_DOMAIN,
	KEY_STEP,
	KEY_POINTS,
	KEY_RULE,
	KEY_CONSTANTS,
	KEY_CHUNK,
	KEY_ENGINE,
	KEY_ORDER,
	KEY_TOLERANCE,
	KEY_ABS_TOLERANCE,
	KEY_X_START,
	KEY_X_END,
	KEY_Y_START,
	KEY_Y_END,
	KEY_Z_START,
	KEY_Z_END,
	KEY_COUNT
};

/* State of one walk over a file's tree, filling the scratch task f. */
struct task_parse {
	struct task		*f;
	char			**cause;
	const struct task_node	*seen[KEY_COUNT];	/* key nodes given */
	double			 flat[TASK_MAXDIM][2];	/* x_start, x_end... */
	const struct task_node	*flatv[TASK_MAXDIM][2];	/* and their values */
	const struct task_node	*grid[TASK_MAXDIM];	/* per-axis grid keys */
	const char		*gridkey[TASK_MAXDIM];	/* step or points */
	int			 grid_all[2];	/* scalar step, points given */
};

/* What a key's value is, as pint-task(5) writes it. */
enum task_ktype {
	KT_STRING,	/* a scalar */
	KT_NUMBER,	/* a finite number */
	KT_COUNT,	/* a positive integer */
	KT_POSITIVE,	/* a positive finite number */
	KT_CHOICE,	/* a name from choices */
	KT_GRID,	/* a number or count, or a mapping of axes to one */
	KT_CHUNK,	/* a positive integer or auto */
	KT_MAPPING,	/* a mapping its handler reads */
};

/*
 * How a key's value in the file joins the task the options built
 * (task_merge), and what task_free frees: each unless an option set it.
 */
enum task_merge {
	TM_NONE,	/* an old name: the key it stands for merges */
	TM_VALUE,	/* the field (size bytes), when the file has it */
	TM_STRING,	/* an owned string, moved; task_free frees it */
	TM_DOMAIN,	/* each axis's bounds */
	TM_GRID,	/* each axis's step or point count */
	TM_CONSTS,	/* the constants, all or none */
};

struct task_key;
typedef int (*task_keyfn)(struct task_parse *, const struct task_key *,
    const struct task_node *, const struct task_node *);

/* One key of the task file: everything the walk needs to read it. */
struct task_key {
	const char		*name;
	const char		*alias;		/* what this old name stands for */
	enum task_ktype		 type;
	int			 arg;		/* for the handler: axis, end... */
	const char *const	*choices;	/* KT_CHOICE: NULL-terminated */
	task_keyfn		 fn;
	uint64_t		 min, max;	/* KT_COUNT: limits */
	size_t			 off;		/* its field in struct task */
	size_t			 locoff;	/* and its location, or 0 */
	size_t			 size;		/* the field's size */
	enum task_merge		 merge;
};

static const struct task_key task_schema[KEY_COUNT];

/* A key's field in struct task, its location's, and its size. */
#define TASK_FIELD(f, loc)	offsetof(struct task, f), \
	offsetof(struct task, loc), sizeof(((struct task *)NULL)->f)
/* A key with no location. */
#define TASK_FIELD_NOLOC(f)	offsetof(struct task, f), 0, \
	sizeof(((struct task *)NULL)->f)

/*
 * Typed values from the tree.
 */

static struct task_loc
task_node_loc(const struct task_node *n)
{
	struct task_loc	 loc;

	loc.line = n->line;
	loc.col = n->col;
	loc.opt = NULL;
	return loc;
}

static int __attribute__((format(printf, 3, 4)))
task_perr(struct task_parse *ctx, const struct task_node *n,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	task_verror_at(ctx->cause, ctx->f->source, n->line, n->col, fmt, ap);
	va_end(ap);
	return -1;
}

static int
task_is_null(const struct task_node *n)
{
	const char	*s = n->value;

	return n->type == TASK_SCALAR && n->plain && (*s == '\0' ||
	    strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0);
}

/* The YAML spellings of infinity and not-a-number. */
static int
task_is_yaml_nonfinite(const char *s)
{
	if (*s == '+' || *s == '-')
		s++;
	return strcmp(s, ".inf") == 0 || strcmp(s, ".Inf") == 0 ||
	    strcmp(s, ".INF") == 0 || strcmp(s, ".nan") == 0 ||
	    strcmp(s, ".NaN") == 0 || strcmp(s, ".NAN") == 0;
}

/* Whether a plain scalar reads as a number, finite or not. */
static int
task_is_numeric(const char *s)
{
	char	*end;

	if (task_is_yaml_nonfinite(s))
		return 1;
	if (*s == '\0' || isspace((unsigned char)*s))
		return 0;
	errno = 0;
	strtod(s, &end);
	return *end == '\0';
}

/* Describe a node for "expected X, got Y". */
static const char *
task_kind(const struct task_node *n, char *buf, size_t size)
{
	char	 q[200];

	switch (n->type) {
	case TASK_SEQUENCE:
		return "a sequence";
	case TASK_MAPPING:
		return "a mapping";
	case TASK_SCALAR:
		break;
	}
	if (task_is_null(n))
		return "null";
	if (n->plain && (task_is_numeric(n->value) ||
	    strcmp(n->value, "true") == 0 || strcmp(n->value, "false") == 0))
		snprintf(buf, size, "%.40s", n->value);
	else
		snprintf(buf, size, "a string %s", task_quote(n->value, q,
		    sizeof q));
	return buf;
}

static int
task_get_string(struct task_parse *ctx, const struct task_node *n,
    const char *what, const char **out)
{
	char	 kind[256];

	if (n->type != TASK_SCALAR || task_is_null(n)) {
		return task_perr(ctx, n, "%s: expected a string, got %s", what,
		    task_kind(n, kind, sizeof kind));
	}
	*out = n->value;
	return 0;
}

/* A finite number: a plain scalar read by strtod to its end. */
static int
task_get_number(struct task_parse *ctx, const struct task_node *n,
    const char *what, double *out)
{
	char		 kind[256];
	const char	*s;
	char		*end;
	double		 v;
	int		 range;

	if (n->type != TASK_SCALAR || !n->plain || task_is_null(n))
		goto wrong;
	s = n->value;
	if (parse_double(s, out) == 0)
		return 0;
	if (task_is_yaml_nonfinite(s))
		return task_perr(ctx, n, "%s must be finite, got %s", what, s);
	if (*s == '\0' || isspace((unsigned char)*s))
		goto wrong;
	errno = 0;
	v = strtod(s, &end);
	range = errno == ERANGE;
	if (*end != '\0')
		goto wrong;
	if (!isfinite(v))
		return task_perr(ctx, n, "%s must be finite, got %s", what, s);
	if (range) {
		return task_perr(ctx, n, "%s is out of range: %s", what,
		    task_kind(n, kind, sizeof kind));
	}
	*out = v;	/* longer than parse_double takes, but fine */
	return 0;

wrong:
	task_perr(ctx, n, "%s: expected a number, got %s", what,
	    task_kind(n, kind, sizeof kind));
	return -1;
}

static int
task_get_positive(struct task_parse *ctx, const struct task_node *n,
    const char *what, double *out)
{
	char	 num[32];

	if (task_get_number(ctx, n, what, out) != 0)
		return -1;
	if (*out <= 0) {
		return task_perr(ctx, n, "%s must be positive, got %s", what,
		    task_fmtnum(*out, num, sizeof num));
	}
	return 0;
}

/* A positive integer: digits only, no sign, exponent or fraction. */
static int
task_get_count(struct task_parse *ctx, const struct task_node *n,
    const char *what, uint64_t *out)
{
	char		 kind[256];
	const char	*s;
	double		 v;

	if (n->type != TASK_SCALAR || !n->plain)
		goto wrong;
	s = n->value;
	if (*s != '\0' && strspn(s, "0123456789") == strlen(s)) {
		if (parse_u64(s, out) != 0) {
			return task_perr(ctx, n, "%s is too large: %s", what,
			    s);
		}
		if (*out == 0) {
			return task_perr(ctx, n, "%s must be positive, got 0",
			    what);
		}
		return 0;
	}
	if (parse_double(s, &v) == 0 && v <= 0) {
		return task_perr(ctx, n, "%s must be positive, got %s", what,
		    s);
	}

wrong:
	task_perr(ctx, n, "%s: expected a positive integer, got %s", what,
	    task_kind(n, kind, sizeof kind));
	return -1;
}

/*
 * The schema: a handler per kind of key, then the table.
 */

static int
task_key_name(struct task_parse *ctx, const struct task_key *key,
    const struct task_node *k, const struct task_node *v)
{
	const char	*s;

	(void)k;
	if (task_get_string(ctx, v, key->name, &s) != 0)
		return -1;
	free(ctx->f->name);
	ctx->f->name = xstrdup(s);
	return 0;
}

static int
task_key_expression(struct task_parse *ctx, const struct task_key *key,
    const struct task_node *k, const struct task_node *v)
{
	struct task	*f = ctx->f;
	const char	*s;
	size_t		 len;

	(void)key;
	if (ctx->seen[KEY_EXPRESSION] != NULL &&
	    ctx->seen[KEY_EQUATION] != NULL) {
		return task_perr(ctx, k, "expression and equation cannot both "
		    "be given (equation is the old name of expression)");
	}
	if (v->type == TASK_SCALAR && task_blank(v->value))
		return task_perr(ctx, v, "expression is empty");
	if (task_get_string(ctx, v, k->value, &s) != 0)
		return -1;
	if ((len = strlen(s)) > EXPR_MAXLEN) {
		return task_perr(ctx, v, "expression is too long (%zu bytes, "
		    "limit %d)", len, EXPR_MAXLEN);
	}
	free(f->expression);
	f->expression = xstrdup(s);
	f->loc_expression = task_node_loc(v);
	return 0;
}

/* The first of x_start ... z_end given, if any. */
static const struct task_node *
task_flat_seen(struct task_parse *ctx)
{
	int	 i;

	for (i = KEY_X_START; i <= KEY_Z_END; i++) {
		if (ctx->seen[i] != NULL)
			return ctx->seen[i];
	}
	return NULL;
}

static int
task_check_bounds(struct task_parse *ctx, const struct task_node *n, int i,
    double lo, double hi)
{
	char	 a[32], b[32];

	if (!(lo < hi)) {
		return task_perr(ctx, n, "empty domain on %s: [%s, %s]",
		    task_axes[i], task_fmtnum(lo, a, sizeof a),
		    task_fmtnum(hi, b, sizeof b));
	}
	if (!isfinite(hi - lo)) {
		return task_perr(ctx, n, "domain on %s is too wide: [%s, %s]",
		    task_axes[i], task_fmtnum(lo, a, sizeof a),
		    task_fmtnum(hi, b, sizeof b));
	}
	return 0;
}

static int
task_key_domain(struct task_parse *ctx, const struct task_key *key,
    const struct task_node *k, const struct task_node *v)
{
	struct task_axis	*a;
	const struct task_node	*flat, *ak, *av;
	char			 kind[256], q[200], what[32];
	double			 lo, hi;
	size_t			 j;
	int			 i;

	if ((flat = task_flat_seen(ctx)) != NULL) {
		return task_perr(ctx, k, "domain cannot be combined with %s "
		    "(the old form of the domain)", flat->value);
	}
	if (v->type != TASK_MAPPING) {
		return task_perr(ctx, v, "domain: expected a mapping of axes, "
		    "got %s", task_kind(v, kind, sizeof kind));
	}
	if (v->nitems == 0)
		return task_perr(ctx, v, "domain is empty");
	for (j = 0; j < v->nitems; j += 2) {
		ak = v->items[j];
		av = v->items[j + 1];
		if ((i = task_axis_index(ak->value)) == -1) {
			return task_perr(ctx, ak, "unknown axis %s in domain "
			    "(expected x, y or z)",
			    task_quote(ak->value, q, sizeof q));
		}
		snprintf(what, sizeof what, "%s.%s", key->name, task_axes[i]);
		if (av->type != TASK_SEQUENCE || av->nitems != 2) {
			if (av->type == TASK_SEQUENCE) {
				return task_perr(ctx, av, "%s: expected "
				    "[lo, hi], got %zu items", what,
				    av->nitems);
			}
			return task_perr(ctx, av, "%s: expected [lo, hi], "
			    "got %s", what, task_kind(av, kind, sizeof kind));
		}
		if (task_get_number(ctx, av->items[0], what, &lo) != 0 ||
		    task_get_number(ctx, av->items[1], what, &hi) != 0)
			return -1;
		if (task_check_bounds(ctx, av, i, lo, hi) != 0)
			return -1;
		a = &ctx->f->axis[i];
		a->set = 1;
		a->lo = lo;
		a->hi = hi;
		a->loc_domain = task_node_loc(av);
	}
	return 0;
}

static int
task_key_flat(struct task_parse *ctx, const struct task_key *key,
    const struct task_node *k, const struct task_node *v)
{
	int	 i = key->arg / 2, end = key->arg % 2;

	if (ctx->seen[KEY_DOMAIN] != NULL) {
		return task_perr(ctx, k, "%s cannot be combined with domain "
		    "(it is the old form of the domain)", k->value);
	}
	if (task_get_number(ctx, v, k->value, &ctx->flat[i][end]) != 0)
		return -1;
	ctx->flatv[i][end] = v;
	return 0;
}

/* Set step (which 0) or points (which 1) on one axis of the scratch task. */
static int
task_grid_axis(struct task_parse *ctx, const struct task_node *v, int which,
    int i, int all, double step, uint64_t points)
{
	struct task_axis	*a = &ctx->f->axis[i];

	if ((which == 0 && a->points != 0) || (which == 1 && a->step != 0)) {
		if (all && ctx->grid_all[!which])
			return task_perr(ctx, v, "step and points cannot "
			    "both be given");
		return task_perr(ctx, v, "step and points cannot both be "
		    "given for %s", task_axes[i]);
	}
	a->step = step;
	a->points = points;
	a->loc_grid = task_node_loc(v);
	return 0;
}

static int
task_grid_value(struct task_parse *ctx, const struct task_node *v,
    int which, const char *what, double *step, uint64_t *points)
{
	*step = 0;
	*points = 0;
	if (which == 0)
		return task_get_positive(ctx, v, what, step);
	return task_get_count(ctx, v, what, points);
}

static int
task_key_grid(struct task_parse *ctx, const struct task_key *key,
    const struct task_node *k, const struct task_node *v)
{
	const struct task_node	*ak, *av;
	const char		*name = k->value;
	char			 kind[256], q[200], what[32];
	int			 which = key->arg, i;
	double			 step;
	uint64_t		 points;
	size_t			 j;

	if (v->type == TASK_SCALAR) {
		if (task_grid_value(ctx, v, which, name, &step, &points) != 0)
			return -1;
		ctx->grid_all[which] = 1;
		for (i = 0; i < TASK_MAXDIM; i++) {
			if (task_grid_axis(ctx, v, which, i, 1, step,
			    points) != 0)
				return -1;
		}
		return 0;
	}
	if (v->type != TASK_MAPPING) {
		return task_perr(ctx, v, "%s: expected %s or a mapping of "
		    "axes, got %s", name, which ? "a positive integer" :
		    "a number", task_kind(v, kind, sizeof kind));
	}
	for (j = 0; j < v->nitems; j += 2) {
		ak = v->items[j];
		av = v->items[j + 1];
		if ((i = task_axis_index(ak->value)) == -1) {
			return task_perr(ctx, ak, "unknown axis %s in %s "
			    "(expected x, y or z)",
			    task_quote(ak->value, q, sizeof q), name);
		}
		snprintf(what, sizeof what, "%s.%s", name, task_axes[i]);
		if (task_grid_value(ctx, av, which, what, &step,
		    &points) != 0)
			return -1;
		if (task_grid_axis(ctx, av, which, i, 0, step, points) != 0)
			return -1;
		ctx->grid[i] = ak;
		ctx->gridkey[i] = name;
	}
	return 0;
}

/* rule and engine: a name from the key's choices. */
static int
task_key_choice(struct task_parse *ctx, const struct task_key *key,
    const struct task_node *k, const struct task_node *v)
{
	struct task_loc	 loc = task_node_loc(v);
	const char	*s;

	if (task_get_string(ctx, v, k->value, &s) != 0)
		return -1;
	if (key->choices == quad_rule_names)
		return task_set_rule(ctx->f, s, &loc, ctx->cause);
	return task_set_engine(ctx->f, s, &loc, ctx->cause);
}

static int
task_key_chunk(struct task_parse *ctx, const struct task_key *key,
    const struct task_node *k, const struct task_node *v)
{
	char	 kind[256];

	(void)k;
	(void)key;
	if (v->type == TASK_SCALAR && strcmp(v->value, "auto") == 0)
		ctx->f->chunk_rows = 0;
	else if (v->type == TASK_SCALAR && v->plain &&
	    task_is_numeric(v->value)) {
		if (task_get_count(ctx, v, "chunk", &ctx->f->chunk_rows) != 0)
			return -1;
	} else {
		return task_perr(ctx, v, "chunk: expected a positive integer "
		    "or auto, got %s", task_kind(v, kind, sizeof kind));
	}
	ctx->f->loc_chunk = task_node_loc(v);
	return 0;
}

/* Whether a constant's name is one the expression could use. */
static int
task_const_name(struct task_parse *ctx, const struct task_node *n)
{
	char	 q[200], *why;
	int	 rc;

	task_quote(n->value, q, sizeof q);
	if (expr_const_name(n->value, q, &why) == 0)
		return 0;
	rc = task_perr(ctx, n, "%s", why);
	free(why);
	return rc;
}

static int
task_key_constants(struct task_parse *ctx, const struct task_key *key,
    const struct task_node *k, const struct task_node *v)
{
	struct task		*f = ctx->f;
	struct task_const	*c;
	const struct task_node	*ck;
	char			 kind[256], what[TASK_NAMELEN + 16];
	size_t			 j;

	(void)k;
	(void)key;
	if (v->type != TASK_MAPPING && !task_is_null(v)) {
		return task_perr(ctx, v, "constants: expected a mapping of "
		    "names to numbers, got %s", task_kind(v, kind,
		    sizeof kind));
	}
	f->nconsts = 0;
	for (j = 0; j < v->nitems; j += 2) {
		ck = v->items[j];
		if (task_const_name(ctx, ck) != 0)
			return -1;
		if (f->nconsts == TASK_MAXCONST) {
			return task_perr(ctx, ck, "too many constants "
			    "(limit %d)", TASK_MAXCONST);
		}
		c = &f->consts[f->nconsts];
		snprintf(what, sizeof what, "constants.%s", ck->value);
		if (task_get_number(ctx, v->items[j + 1], what,
		    &c->value) != 0)
			return -1;
		snprintf(c->name, sizeof c->name, "%s", ck->value);
		c->loc = task_node_loc(ck);
		f->nconsts++;
	}
	return 0;
}

/* Store a key's value (key->size bytes) and its location. */
static void
task_store(struct task *t, const struct task_key *key, const void *val,
    const struct task_loc *loc)
{
	memcpy((char *)t + key->off, val, key->size);
	memcpy((char *)t + key->locoff, loc, sizeof *loc);
}

/* A positive integer within the key's limits, into its field. */
static int
task_key_count(struct task_parse *ctx, const struct task_key *key,
    const struct task_node *k, const struct task_node *v)
{
	struct task_loc	 loc;
	uint64_t	 n;

	(void)k;
	if (task_get_count(ctx, v, key->name, &n) != 0)
		return -1;
	if (n < key->min || n > key->max) {
		return task_perr(ctx, v, "%s must be %" PRIu64 " to %" PRIu64
		    ", got %" PRIu64, key->name, key->min, key->max, n);
	}
	loc = task_node_loc(v);
	task_store(ctx->f, key, &n, &loc);
	return 0;
}

/* A positive finite number, into its field. */
static int
task_key_positive(struct task_parse *ctx, const struct task_key *key,
    const struct task_node *k, const struct task_node *v)
{
	struct task_loc	 loc;
	double		 d;

	(void)k;
	if (task_get_positive(ctx, v, key->name, &d) != 0)
		return -1;
	loc = task_node_loc(v);
	task_store(ctx->f, key, &d, &loc);
	return 0;
}

/*
 * The keys. A key with an alias is an old name, kept so the old flat
 * task.json loads unchanged; the alias says what it stands for.
 */
static const struct task_key task_schema[KEY_COUNT] = {
	[KEY_NAME] = { "name", NULL, KT_STRING, 0, NULL, task_key_name,
	    0, 0, TASK_FIELD_NOLOC(name), TM_STRING },
	[KEY_EXPRESSION] = { "expression", NULL, KT_STRING, 0, NULL,
	    task_key_expression, 0, 0, TASK_FIELD(expression, loc_expression),
	    TM_STRING },
	[KEY_EQUATION] = { "equation", "expression", KT_STRING, 0, NULL,
	    task_key_expression },
	[KEY_DOMAIN] = { "domain", NULL, KT_MAPPING, 0, NULL,
	    task_key_domain, 0, 0, 0, 0, 0, TM_DOMAIN },
	[KEY_STEP] = { "step", NULL, KT_GRID, 0, NULL, task_key_grid,
	    0, 0, 0, 0, 0, TM_GRID },
	[KEY_POINTS] = { "points", NULL, KT_GRID, 1, NULL, task_key_grid,
	    0, 0, 0, 0, 0, TM_GRID },
	[KEY_RULE] = { "rule", NULL, KT_CHOICE, 0, quad_rule_names,
	    task_key_choice, 0, 0, TASK_FIELD(rule, loc_rule), TM_VALUE },
	[KEY_CONSTANTS] = { "constants", NULL, KT_MAPPING, 0, NULL,
	    task_key_constants, 0, 0, 0, 0, 0, TM_CONSTS },
	[KEY_CHUNK] = { "chunk", NULL, KT_CHUNK, 0, NULL, task_key_chunk,
	    0, 0, TASK_FIELD(chunk_rows, loc_chunk), TM_VALUE },
	[KEY_ENGINE] = { "engine", NULL, KT_CHOICE, 0, task_engines,
	    task_key_choice, 0, 0, TASK_FIELD(engine, loc_engine), TM_VALUE },
	[KEY_ORDER] = { "order", NULL, KT_COUNT, 0, NULL, task_key_count,
	    2, QUAD_MAXORDER, TASK_FIELD(order, loc_order), TM_VALUE },
	[KEY_TOLERANCE] = { "tolerance", NULL, KT_POSITIVE, 0, NULL,
	    task_key_positive, 0, 0, TASK_FIELD(tolerance, loc_tolerance),
	    TM_VALUE },
	[KEY_ABS_TOLERANCE] = { "abs_tolerance", NULL, KT_POSITIVE, 0, NULL,
	    task_key_positive, 0, 0,
	    TASK_FIELD(abs_tolerance, loc_abs_tolerance), TM_VALUE },
	[KEY_X_START] = { "x_start", "domain.x[0]", KT_NUMBER, 0, NULL,
	    task_key_flat },
	[KEY_X_END] = { "x_end", "domain.x[1]", KT_NUMBER, 1, NULL,
	    task_key_flat },
	[KEY_Y_START] = { "y_start", "domain.y[0]", KT_NUMBER, 2, NULL,
	    task_key_flat },
	[KEY_Y_END] = { "y_end", "domain.y[1]", KT_NUMBER, 3, NULL,
	    task_key_flat },
	[KEY_Z_START] = { "z_start", "domain.z[0]", KT_NUMBER, 4, NULL,
	    task_key_flat },
	[KEY_Z_END] = { "z_end", "domain.z[1]", KT_NUMBER, 5, NULL,
	    task_key_flat },
};

static int
task_schema_find(const char *s)
{
	int	 i;

	for (i = 0; i < KEY_COUNT; i++) {
		if (strcmp(s, task_schema[i].name) == 0)
			return i;
	}
	return -1;
}

const char *
task_schema_key(size_t i, const char **alias)
{
	if (i >= KEY_COUNT)
		return NULL;
	if (alias != NULL)
		*alias = task_schema[i].alias;
	return task_schema[i].name;
}

/* Checks that need the whole file: the old flat bounds, grid axes. */
static int
task_walk_finish(struct task_parse *ctx)
{
	struct task		*f = ctx->f;
	struct task_axis	*a;
	const struct task_node	*lo, *hi;
	int			 i, flat;

	flat = task_flat_seen(ctx) != NULL;
	for (i = 0; i < TASK_MAXDIM; i++) {
		lo = ctx->flatv[i][0];
		hi = ctx->flatv[i][1];
		if (lo == NULL && hi == NULL)
			continue;
		if (hi == NULL) {
			return task_perr(ctx, ctx->seen[KEY_X_START + 2 * i],
			    "%s_start needs %s_end", task_axes[i],
			    task_axes[i]);
		}
		if (lo == NULL) {
			return task_perr(ctx, ctx->seen[KEY_X_END + 2 * i],
			    "%s_end needs %s_start", task_axes[i],
			    task_axes[i]);
		}
		if (task_check_bounds(ctx, lo, i, ctx->flat[i][0],
		    ctx->flat[i][1]) != 0)
			return -1;
		a = &f->axis[i];
		a->set = 1;
		a->lo = ctx->flat[i][0];
		a->hi = ctx->flat[i][1];
		a->loc_domain = task_node_loc(lo);
	}

	/*
	 * A per-axis step or point count for an axis the file's domain
	 * lacks is most likely a forgotten axis. Without a domain in the
	 * file, -d gives it and there is nothing to compare with.
	 */
	if (ctx->seen[KEY_DOMAIN] == NULL && !flat)
		return 0;
	for (i = 0; i < TASK_MAXDIM; i++) {
		if (ctx->grid[i] != NULL && !f->axis[i].set) {
			return task_perr(ctx, ctx->grid[i], "%s given for %s, "
			    "which is not in the domain", ctx->gridkey[i],
			    task_axes[i]);
		}
	}
	return 0;
}

static int
task_walk(struct task_parse *ctx, const struct task_tree *tr)
{
	const struct task_node	*root = tr->root, *k, *v;
	const char		*near;
	char			 kind[256], q[200];
	size_t			 j;
	int			 id;

	if (root == NULL || task_is_null(root)) {
		return task_error_at(ctx->cause, ctx->f->source, 1, 1,
		    "empty task");
	}
	if (root->type != TASK_MAPPING) {
		return task_perr(ctx, root, "expected a mapping at the top "
		    "level, got %s", task_kind(root, kind, sizeof kind));
	}
	for (j = 0; j < root->nitems; j += 2) {
		k = root->items[j];
		v = root->items[j + 1];
		if ((id = task_schema_find(k->value)) == -1) {
			task_quote(k->value, q, sizeof q);
			near = task_suggest(k->value, &task_schema[0].name,
			    KEY_COUNT, sizeof task_schema[0]);
			if (near != NULL) {
				return task_perr(ctx, k, "unknown key %s (did "
				    "you mean \"%s\"?)", q, near);
			}
			return task_perr(ctx, k, "unknown key %s", q);
		}
		ctx->seen[id] = k;
		if (task_schema[id].fn(ctx, &task_schema[id], k, v) != 0)
			return -1;
	}
	return task_walk_finish(ctx);
}

/* The axes' bounds (domain) or grids from the file, axis by axis. */
static void
task_merge_axes(struct task *t, const struct task *f, enum task_merge m)
{
	struct task_axis	*a;
	const struct task_axis	*b;
	int			 i;

	for (i = 0; i < TASK_MAXDIM; i++) {
		a = &t->axis[i];
		b = &f->axis[i];
		if (m == TM_DOMAIN && b->set && !task_cli(&a->loc_domain)) {
			a->set = 1;
			a->lo = b->lo;
			a->hi = b->hi;
			a->loc_domain = b->loc_domain;
		}
		if (m == TM_GRID && (b->step != 0 || b->points != 0) &&
		    !task_cli(&a->loc_grid)) {
			a->step = b->step;
			a->points = b->points;
			a->loc_grid = b->loc_grid;
		}
	}
}

/* Move what the file gave for one key into the task (task_merge). */
static void
task_merge_key(struct task *t, struct task *f, const struct task_key *key)
{
	const struct task_loc	*floc = (const void *)((char *)f + key->locoff);
	const struct task_loc	*tloc = (const void *)((char *)t + key->locoff);
	char			**ts = (void *)((char *)t + key->off);
	char			**fs = (void *)((char *)f + key->off);

	switch (key->merge) {
	case TM_NONE:
		break;
	case TM_VALUE:
		if (floc->line > 0 && !task_cli(tloc))
			task_store(t, key, (char *)f + key->off, floc);
		break;
	case TM_STRING:
		if (*fs == NULL || (key->locoff != 0 && task_cli(tloc)))
			break;
		free(*ts);
		*ts = *fs;
		*fs = NULL;
		if (key->locoff != 0)
			memcpy((char *)t + key->locoff, floc, sizeof *floc);
		break;
	case TM_DOMAIN:
	case TM_GRID:
		task_merge_axes(t, f, key->merge);
		break;
	case TM_CONSTS:
		if (f->nconsts > 0) {
			memcpy(t->consts, f->consts, sizeof t->consts);
			t->nconsts = f->nconsts;
		}
		break;
	}
}

/* Move what the file gave into the task, key by key of the table. */
static void
task_merge(struct task *t, struct task *f)
{
	int	 i;

	free(t->source);
	t->source = f->source;
	f->source = NULL;
	for (i = 0; i < KEY_COUNT; i++)
		task_merge_key(t, f, &task_schema[i]);
}

int
task_load_buffer(struct task *t, const char *buf, size_t len,
    const char *source, char **cause)
{
	struct task		 f;
	struct task_tree	 tr;
	struct task_parse	 ctx;
	int			 rc;

	if (source == NULL)
		source = "<input>";
	if (len > TASK_MAXFILE) {
		xasprintf(cause, "%s: file too large (limit %d bytes)", source,
		    TASK_MAXFILE);
		return -1;
	}
	if (task_tree_build(&tr, buf, len, source, cause) != 0)
		return -1;

	task_init(&f);
	free(f.source);
	f.source = xstrdup(source);
	memset(&ctx, 0, sizeof ctx);
	ctx.f = &f;
	ctx.cause = cause;
	if ((rc = task_walk(&ctx, &tr)) == 0)
		task_merge(t, &f);
	task_tree_free(&tr);
	task_free(&f);
	return rc;
}

int
task_set_number(struct task *t, const char *name, double v, const char *opt,
    char **cause)
{
	struct task_loc	 loc = { 0, 0, opt };
	char		 num[32];
	int		 i;

	if ((i = task_schema_find(name)) == -1 ||
	    task_schema[i].type != KT_POSITIVE)
		return task_error(t, &loc, cause, "no such number %s", name);
	if (!isfinite(v) || v <= 0) {
		return task_error(t, &loc, cause, "%s must be positive, got %s",
		    name, task_fmtnum(v, num, sizeof num));
	}
	task_store(t, &task_schema[i], &v, &loc);
	return 0;
}

void
task_free_keys(struct task *t)
{
	char	**sp;
	int	 i;

	for (i = 0; i < KEY_COUNT; i++) {
		if (task_schema[i].merge != TM_STRING)
			continue;
		sp = (void *)((char *)t + task_schema[i].off);
		free(*sp);
		*sp = NULL;
	}
}
