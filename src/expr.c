/*
 * expr: the integrand, compiled with muParser's C API (float parser).
 *
 * muParser is the language and the reference. The text is checked first
 * for what muParser 2.3.3 accepts but mishandles (assignment, top-level
 * commas, string literals, control characters), then compiled. The vector
 * engine (vexpr) is used when it supports the expression and agrees with
 * muParser at sample points of the domain; otherwise the report says why
 * not.
 *
 * Only mupEval is used, never the OpenMP bulk path (mupEvalBulk hangs in a
 * child whose parent ran it, and multiplies threads per worker).
 */
#include "config.h"

#include "expr.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <muParserDLL.h>

#include "task.h"
#include "util.h"
#include "vexpr.h"

#define EXPR_MAXNEST	64	/* parentheses nested at most */
#define EXPR_NROWS	16	/* sample rows where the engines must agree, */
#define EXPR_ROWLEN	24	/* of this many points */
#define EXPR_RELTOL	1e-10	/* agreement: relative to the value, */
#define EXPR_ABSTOL	1e-13	/* or to the largest value seen */
#define EXPR_MUPBUF	2048	/* muParser's C API buffer for error text */

_Static_assert(EXPR_XMAX <= VEXPR_XMAX, "x segment larger than vexpr's");
_Static_assert(EXPR_BLOCK == VEXPR_BLOCK, "blocks of another size");

struct expr {
	muParserHandle_t	 mp;
	double			 var[TASK_MAXDIM];	/* bound to x, y, z */
	struct vexpr		*vx;			/* NULL: muParser */
	const double		*bx;			/* bound x values */
	size_t			 bn;
	enum engine_kind	 engine;
	char			*note;			/* why not vector */
};

/* The variables, by axis. */
static const char *const expr_vars[TASK_MAXDIM] = { "x", "y", "z" };

const struct expr_builtin expr_builtins[EXPR_NBUILTINS] = {
	{ "sin", 1 }, { "cos", 1 }, { "tan", 1 }, { "asin", 1 },
	{ "acos", 1 }, { "atan", 1 }, { "atan2", 2 }, { "sinh", 1 },
	{ "cosh", 1 }, { "tanh", 1 }, { "asinh", 1 }, { "acosh", 1 },
	{ "atanh", 1 }, { "log2", 1 }, { "log10", 1 }, { "log", 1 },
	{ "ln", 1 }, { "exp", 1 }, { "sqrt", 1 }, { "sign", 1 },
	{ "rint", 1 }, { "abs", 1 }, { "sum", -1 }, { "avg", -1 },
	{ "min", -1 }, { "max", -1 }
};

int
expr_builtin(const char *s)
{
	int	 i;

	for (i = 0; i < EXPR_NBUILTINS; i++) {
		if (strcmp(s, expr_builtins[i].name) == 0)
			return i;
	}
	return -1;
}

int
expr_const_name(const char *s, const char *q, char **cause)
{
	size_t	 len = strlen(s);
	int	 i;

	if (len == 0 || isdigit((unsigned char)*s) ||
	    strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != len) {
		xasprintf(cause, "invalid constant name %s (letters, digits "
		    "and _, not starting with a digit)", q);
		return -1;
	}
	if (len >= TASK_NAMELEN) {
		xasprintf(cause, "constant name %s is too long (limit %d "
		    "characters)", q, TASK_NAMELEN - 1);
		return -1;
	}
	if (*s == '_') {
		xasprintf(cause, "constant name %s is reserved (names "
		    "starting with _ are muParser's)", q);
		return -1;
	}
	for (i = 0; i < TASK_MAXDIM; i++) {
		if (strcmp(s, expr_vars[i]) == 0) {
			xasprintf(cause, "constant name %s is a variable", q);
			return -1;
		}
	}
	if (expr_builtin(s) != -1) {
		xasprintf(cause, "constant name %s is a built-in function", q);
		return -1;
	}
	return 0;
}

/*
 * A number in the expression that strtod reads but cannot represent:
 * muParser takes 1e400 for an unknown name and 1e-400 silently for 0.
 * 0, or -1 with *cause naming it and its position.
 */
static int
expr_check_numbers(const char *s, char **cause)
{
	const char	*p;
	char		*end;
	double		 v;

	for (p = s; *p != '\0'; p++) {
		if (!isdigit((unsigned char)*p) && !(*p == '.' &&
		    isdigit((unsigned char)p[1])))
			continue;
		if (p > s && (isalnum((unsigned char)p[-1]) || p[-1] == '_' ||
		    p[-1] == '.')) {
			continue;	/* inside a name or a number */
		}
		errno = 0;
		v = strtod(p, &end);
		if (errno == ERANGE && (v == 0 || !isfinite(v))) {
			xasprintf(cause, "number \"%.*s\" at character %d is "
			    "out of the range of doubles (about 1e-308 to "
			    "1.8e308)", (int)(end - p > 40 ? 40 : end - p), p,
			    (int)(p - s) + 1);
			return -1;
		}
		p = end - 1;
	}
	return 0;
}

/*
 * The offset of the first '?' that no ':' answers in its parentheses or
 * function argument, or -1. muParser says "'?' without ':'" at offset 0
 * wherever the '?' is.
 */
static int
expr_lone_query(const char *s)
{
	size_t	 i, j;
	int	 depth, nest;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] != '?')
			continue;
		depth = nest = 0;
		for (j = i + 1; s[j] != '\0'; j++) {
			if (s[j] == '(')
				depth++;
			else if (s[j] == ')' && depth-- == 0)
				break;
			else if (depth > 0)
				continue;
			else if (s[j] == ',')
				break;
			else if (s[j] == '?')
				nest++;
			else if (s[j] == ':' && nest-- == 0)
				break;
		}
		if (s[j] != ':' && i <= INT_MAX)
			return (int)i;
	}
	return -1;
}

static const char *
expr_error_text(int code)
{
	switch (code) {
	case 0:
		return "unexpected operator";
	case 1:
		return "unknown name";
	case 2:
		return "unexpected end of expression";
	case 3:
		return "unexpected ','";
	case 4:
	case 5:
	case 6:
		return "unexpected value";
	case 7:
		return "unexpected parenthesis";
	case 8:
	case 9:
	case 13:
	case 17:
		return "strings are not supported";
	case 11:
		return "missing parenthesis";
	case 12:
		return "unexpected function";
	case 14:
		return "too many arguments";
	case 15:
		return "too few arguments";
	case 25:
		return "expression is empty";
	case 32:
		return "unexpected '?'";
	case 33:
		return "'?' without ':'";
	case 34:
		return "misplaced ':'";
	case 36:
		return "name too long";
	case 37:
		return "expression too long";
	case 38:
		return "invalid character";
	default:
		return "syntax error";
	}
}

/*
 * Checks made on the text before muParser sees it. On error, *pos is the
 * 0-based offset of the offending character.
 */
int
expr_check_text(const char *s, size_t *pos, char **cause)
{
	int		 call[EXPR_MAXNEST + 1];	/* a bracket opens a call */
	size_t		 i, len;
	int		 depth = 0, blank = 1;
	unsigned char	 c;

	*pos = 0;
	len = strlen(s);
	if (len > EXPR_MAXLEN) {
		xasprintf(cause, "expression too long: %zu bytes (limit %d)",
		    len, EXPR_MAXLEN);
		return -1;
	}
	call[0] = 0;
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		*pos = i;
		if (c < 0x20 || c >= 0x7f) {
			xasprintf(cause, "invalid byte 0x%02x in expression at "
			    "character %zu", c, i + 1);
			return -1;
		}
		if (c != ' ')
			blank = 0;
		switch (c) {
		case '"':
			xasprintf(cause, "strings are not supported in "
			    "expressions (character %zu)", i + 1);
			return -1;
		case '=':
			if (i + 1 < len && s[i + 1] == '=') {
				i++;
				break;
			}
			if (i > 0 && strchr("<>!", s[i - 1]) != NULL)
				break;
			xasprintf(cause, "assignment '=' at character %zu is "
			    "not supported (use == to compare)", i + 1);
			return -1;
		case '(':
			if (depth == EXPR_MAXNEST) {
				xasprintf(cause, "expression nested too deeply "
				    "at character %zu (limit %d)", i + 1,
				    EXPR_MAXNEST);
				return -1;
			}
			depth++;
			{
				size_t	 k = i;

				while (k > 0 && s[k - 1] == ' ')
					k--;
				call[depth] = k > 0 &&
				    (s[k - 1] == '_' ||
				    (s[k - 1] >= '0' && s[k - 1] <= '9') ||
				    ((s[k - 1] | 0x20) >= 'a' &&
				    (s[k - 1] | 0x20) <= 'z'));
			}
			break;
		case ')':
			if (depth > 0)	/* else muParser reports it */
				depth--;
			break;
		case ',':
			if (depth == 0 || !call[depth]) {
				xasprintf(cause, "',' at character %zu outside a "
				    "function's arguments", i + 1);
				return -1;
			}
			break;
		}
	}
	if (blank) {
		*pos = 0;
		xasprintf(cause, "expression is empty");
		return -1;
	}
	return 0;
}

static muParserHandle_t
expr_parser(struct expr *e, const struct task *t)
{
	muParserHandle_t	 mp;
	int			 i;

	mp = mupCreate(muBASETYPE_FLOAT);
	if (mp == NULL)
		fatalmsg(EXIT_RESOURCE, "cannot create the expression parser");
	for (i = 0; i < t->dims; i++)
		mupDefineVar(mp, expr_vars[i], &e->var[i]);
	/*
	 * muParser's _pi is 3.141592653589, 7.9e-13 short; pint's are the
	 * doubles nearest pi and e, as in the vector engine. The task's
	 * constants, defined after, may still redefine them.
	 */
	mupDefineConst(mp, "_pi", M_PI);
	mupDefineConst(mp, "_e", M_E);
	for (i = 0; i < t->nconsts; i++)
		mupDefineConst(mp, t->consts[i].name, t->consts[i].value);
	return mp;
}

/*
 * Row k of the agreement check: y and z at a corner of the domain for the
 * first rows, pseudo-random after; x at both ends and EXPR_ROWLEN - 2
 * pseudo-random places between. Whole rows go through the vector engine,
 * so its vector loops are checked, not only their scalar tails.
 */
static void
expr_sample_row(const struct task *t, unsigned k, double *x, double *y,
    double *z)
{
	uint64_t	 r = 0x9e3779b97f4a7c15ull * (k + 1);
	double		 u[EXPR_ROWLEN];
	unsigned	 i;
	int		 d;

	for (i = 0; i < EXPR_ROWLEN; i++) {
		r ^= r >> 29;
		r *= 0xbf58476d1ce4e5b9ull;
		r ^= r >> 32;
		u[i] = (double)(r >> 11) * 0x1p-53;
	}
	u[0] = 0;
	u[1] = 1;
	for (i = 0; i < EXPR_ROWLEN; i++)
		x[i] = t->axis[0].lo + u[i] * (t->axis[0].hi - t->axis[0].lo);
	*y = *z = 0;
	for (d = 1; d < t->dims; d++) {
		double	 v = k < 4 ? (k >> (d - 1)) & 1 : u[1 + d] * 0.999 + 0.0005;
		double	*p = d == 1 ? y : z;

		*p = t->axis[d].lo + v * (t->axis[d].hi - t->axis[d].lo);
	}
}

/* Agree: both the same non-finite value, or close relative to a or scale. */
static int
expr_agree(double a, double b, double scale)
{
	double	 d;

	if (!isfinite(a) || !isfinite(b))
		return isnan(a) ? isnan(b) : a == b;
	d = fabs(a - b);
	return d <= EXPR_RELTOL * fmax(fabs(a), fabs(b)) ||
	    d <= EXPR_ABSTOL * scale;
}

/* Does the vector engine agree with muParser across the domain? */
static int
expr_verify(struct expr *e, const struct task *t, char **why)
{
	double		 x[EXPR_ROWLEN], mp[EXPR_ROWLEN], vx[EXPR_ROWLEN];
	double		 y, z, scale = 0;
	unsigned	 k, i, pass;

	/* Pass 0 finds the integrand's scale, pass 1 compares. */
	for (pass = 0; pass < 2; pass++) {
		for (k = 0; k < EXPR_NROWS; k++) {
			expr_sample_row(t, k, x, &y, &z);
			e->var[1] = y;
			e->var[2] = z;
			for (i = 0; i < EXPR_ROWLEN; i++) {
				e->var[0] = x[i];
				mp[i] = mupEval(e->mp);
				if (isfinite(mp[i]) && fabs(mp[i]) > scale)
					scale = fabs(mp[i]);
			}
			if (pass == 0)
				continue;
			vexpr_eval_row(e->vx, x, EXPR_ROWLEN, y, z, vx);
			for (i = 0; i < EXPR_ROWLEN; i++) {
				if (!expr_agree(mp[i], vx[i], scale)) {
					xasprintf(why, "disagrees with muParser "
					    "at (%.17g, %.17g, %.17g): %.17g vs "
					    "%.17g", x[i], y, z, vx[i], mp[i]);
					return -1;
				}
			}
		}
	}
	return 0;
}

struct expr *
expr_compile(const struct task *t, enum engine_kind want, int verify,
    char **cause)
{
	struct expr	*e;
	size_t		 pos;
	char		*why = NULL;
	int		 i;

	if (expr_check_text(t->expression, &pos, cause) != 0 ||
	    expr_check_numbers(t->expression, cause) != 0)
		return NULL;

	e = xcalloc(1, sizeof *e);
	e->mp = expr_parser(e, t);
	mupSetExpr(e->mp, t->expression);
	for (i = 0; i < t->dims; i++)
		e->var[i] = (t->axis[i].lo + t->axis[i].hi) / 2;
	(void)mupEval(e->mp);	/* parses; the value is not used */
	if (mupError(e->mp)) {
		int		 code = mupGetErrorCode(e->mp);
		int		 at = mupGetErrorPos(e->mp);
		const char	*tok = NULL;

		/*
		 * muParser 2.3.3's mupGetErrorToken copies the token with
		 * sprintf into a static buffer of EXPR_MUPBUF bytes, and a
		 * token can be the whole rest of the expression: a longer
		 * one overflows it and corrupts the library. Tokens are
		 * taken from the text, so they fit when the text does.
		 */
		if (strlen(t->expression) < EXPR_MUPBUF)
			tok = mupGetErrorToken(e->mp);

		if (code == 33 && (at = expr_lone_query(t->expression)) >= 0)
			tok = NULL;
		if (at < 0)
			at = 0;
		if (tok != NULL && *tok != '\0' && strlen(tok) < 64)
			xasprintf(cause, "%s \"%s\" at character %d",
			    expr_error_text(code), tok, at + 1);
		else
			xasprintf(cause, "%s at character %d",
			    expr_error_text(code), at + 1);
		expr_free(e);
		return NULL;
	}

	e->engine = ENGINE_MUPARSER;
	if (want == ENGINE_MUPARSER) {
		e->note = xstrdup("muparser (requested)");
		return e;
	}
	e->vx = vexpr_compile(t->expression, t->dims, t->consts, t->nconsts,
	    &why);
	if (e->vx != NULL && verify && expr_verify(e, t, &why) != 0) {
		if (want == ENGINE_VECTOR) {
			warning("vector engine %s", why);
			free(why);
			why = NULL;
		} else {
			vexpr_free(e->vx);
			e->vx = NULL;
		}
	}
	if (e->vx == NULL) {
		if (want == ENGINE_VECTOR) {
			xasprintf(cause, "the vector engine cannot evaluate "
			    "this expression: %s", why);
			free(why);
			expr_free(e);
			return NULL;
		}
		xasprintf(&e->note, "muparser (fallback: %s)", why);
		free(why);
		return e;
	}
	e->engine = ENGINE_VECTOR;
	xasprintf(&e->note, "vector (%s)",
	    vexpr_isa_name(vexpr_isa_of(e->vx)));
	return e;
}

void
expr_free(struct expr *e)
{
	if (e == NULL)
		return;
	if (e->vx != NULL)
		vexpr_free(e->vx);
	mupRelease(e->mp);
	free(e->note);
	free(e);
}

void
expr_eval_row(struct expr *e, const double *x, size_t n, double y, double z,
    double *out)
{
	size_t	 i;

	e->bx = NULL;	/* as vexpr_eval_row does */
	e->bn = 0;
	if (e->vx != NULL) {
		vexpr_eval_row(e->vx, x, n, y, z, out);
		return;
	}
	e->var[1] = y;
	e->var[2] = z;
	for (i = 0; i < n; i++) {
		e->var[0] = x[i];
		out[i] = mupEval(e->mp);
	}
}

void
expr_bind_x(struct expr *e, const double *x, size_t n)
{
	if (e->vx != NULL)
		vexpr_bind_x(e->vx, x, n);
	e->bx = x;
	e->bn = n;
}

int
expr_bound(const struct expr *e, const double *x, size_t n)
{
	return e->bx == x && e->bn == n;
}

void
expr_eval_bound(struct expr *e, double y, double z, double *out)
{
	if (e->vx != NULL)
		vexpr_eval_bound(e->vx, y, z, out);
	else
		expr_eval_row(e, e->bx, e->bn, y, z, out);
}

size_t
expr_row_size(const struct expr *e)
{
	return e->vx != NULL ? vexpr_row_size(e->vx) : 2;
}

void
expr_row(const struct expr *e, double y, double z, double *row)
{
	if (e->vx != NULL)
		vexpr_row(e->vx, y, z, row);
	else {
		row[0] = y;
		row[1] = z;
	}
}

const double *
expr_eval_block(struct expr *e, const double *row, size_t b, double *out)
{
	size_t	 off = b * EXPR_BLOCK, i, m;

	if (e->vx != NULL)
		return vexpr_eval_block(e->vx, row, b, out);
	m = e->bn - off < EXPR_BLOCK ? e->bn - off : EXPR_BLOCK;
	e->var[1] = row[0];
	e->var[2] = row[1];
	for (i = 0; i < m; i++) {
		e->var[0] = e->bx[off + i];
		out[i] = mupEval(e->mp);
	}
	return out;
}

double
expr_eval_point(struct expr *e, double x, double y, double z)
{
	double	 out;

	expr_eval_row(e, &x, 1, y, z, &out);
	return out;
}

void
expr_ops(const struct expr *e, struct engine_ops *ops)
{
	struct vexpr_stats	 st;

	ops->x_only = ops->yz_only = ops->mixed = -1;
	if (e->vx == NULL)
		return;
	vexpr_stats(e->vx, &st);
	ops->x_only = st.x_only;
	ops->yz_only = st.yz_only;
	ops->mixed = st.mixed;
}

int
expr_x_only(const struct expr *e)
{
	return e->vx != NULL && vexpr_x_only(e->vx);
}

enum engine_kind
expr_engine(const struct expr *e)
{
	return e->engine;
}

const char *
expr_engine_note(const struct expr *e)
{
	return e->note;
}

const char *
expr_muparser_version(void)
{
	static char	 version[64];
	muParserHandle_t mp;

	if (version[0] == '\0') {
		mp = mupCreate(muBASETYPE_FLOAT);
		if (mp == NULL)
			return "unknown";
		snprintf(version, sizeof version, "%s", mupGetVersion(mp));
		mupRelease(mp);
	}
	return version;
}
