/*
 * expr: the integrand, compiled with muParser's C API (float parser).
 *
 * muParser is the language and the reference. The text is checked first
 * for what muParser 2.3.3 accepts but mishandles (assignment, top-level
 * commas, string literals, control characters, ternaries inside
 * multi-argument calls), then compiled. The vector engine (vexpr) is used
 * when it supports the expression and agrees with muParser at sample
 * points of the domain; otherwise the report says why not.
 *
 * Only mupEval is used, never the OpenMP bulk path (mupEvalBulk hangs in a
 * child whose parent ran it, and multiplies threads per worker).
 */
#include "config.h"

#include "expr.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <muParserDLL.h>

#include "util.h"
#include "vexpr.h"

#define EXPR_MAXNEST	64	/* parentheses nested at most */
#define EXPR_NCHECK	257	/* sample points where the engines must agree */
#define EXPR_RELTOL	1e-10	/* agreement: relative to the value, */
#define EXPR_ABSTOL	1e-13	/* or to the largest value seen */
#define EXPR_MUPBUF	2048	/* muParser's C API buffer for error text */

struct expr {
	muParserHandle_t	 mp;
	double			 var[TASK_MAXDIM];	/* bound to x, y, z */
	struct vexpr		*vx;			/* NULL: muParser */
	enum engine_kind	 engine;
	char			*note;			/* why not vector */
};

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
	struct {
		int	 call, comma, ternary;
		size_t	 qpos;
	}		 stack[EXPR_MAXNEST + 1];
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
	memset(&stack[0], 0, sizeof stack[0]);
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
			memset(&stack[depth], 0, sizeof stack[depth]);
			{
				size_t	 k = i;

				while (k > 0 && s[k - 1] == ' ')
					k--;
				stack[depth].call = k > 0 &&
				    (s[k - 1] == '_' ||
				    (s[k - 1] >= '0' && s[k - 1] <= '9') ||
				    ((s[k - 1] | 0x20) >= 'a' &&
				    (s[k - 1] | 0x20) <= 'z'));
			}
			break;
		case ')':
			if (depth == 0)
				break;	/* muParser reports it */
			if (stack[depth].call && stack[depth].comma &&
			    stack[depth].ternary) {
				*pos = stack[depth].qpos;
				xasprintf(cause, "'?' at character %zu inside a "
				    "multi-argument function is not supported "
				    "(muParser 2.3.3 mishandles it)",
				    stack[depth].qpos + 1);
				return -1;
			}
			depth--;
			if (stack[depth + 1].ternary && !stack[depth].ternary) {
				stack[depth].ternary = 1;
				stack[depth].qpos = stack[depth + 1].qpos;
			}
			break;
		case ',':
			if (depth == 0 || !stack[depth].call) {
				xasprintf(cause, "',' at character %zu outside a "
				    "function's arguments", i + 1);
				return -1;
			}
			stack[depth].comma = 1;
			break;
		case '?':
			if (!stack[depth].ternary) {
				stack[depth].ternary = 1;
				stack[depth].qpos = i;
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
	static const char	*names[TASK_MAXDIM] = { "x", "y", "z" };
	muParserHandle_t	 mp;
	int			 i;

	mp = mupCreate(muBASETYPE_FLOAT);
	if (mp == NULL)
		fatalmsg(EXIT_RESOURCE, "cannot create the expression parser");
	for (i = 0; i < t->dims; i++)
		mupDefineVar(mp, names[i], &e->var[i]);
	for (i = 0; i < t->nconsts; i++)
		mupDefineConst(mp, t->consts[i].name, t->consts[i].value);
	return mp;
}

/* Sample point k of the agreement check: corners first, then a lattice. */
static void
expr_sample(const struct task *t, unsigned k, double p[TASK_MAXDIM])
{
	uint64_t	 r;
	int		 i;

	r = 0x9e3779b97f4a7c15ull * (k + 1);
	for (i = 0; i < TASK_MAXDIM; i++) {
		const struct task_axis	*a = &t->axis[i];
		double			 u;

		if (i >= t->dims) {
			p[i] = 0;
			continue;
		}
		if (k < (1u << t->dims))
			u = (k >> i) & 1;
		else {
			r ^= r >> 29;
			r *= 0xbf58476d1ce4e5b9ull;
			r ^= r >> 32;
			u = (double)(r >> 11) * 0x1p-53;
		}
		p[i] = a->lo + u * (a->hi - a->lo);
	}
}

/* Does the vector engine agree with muParser across the domain? */
static int
expr_verify(struct expr *e, const struct task *t, char **why)
{
	double		 mp[EXPR_NCHECK], vx[EXPR_NCHECK], p[TASK_MAXDIM];
	double		 scale = 0;
	unsigned	 k;

	for (k = 0; k < EXPR_NCHECK; k++) {
		expr_sample(t, k, p);
		memcpy(e->var, p, sizeof e->var);
		mp[k] = mupEval(e->mp);
		vexpr_eval_row(e->vx, &p[0], 1, p[1], p[2], &vx[k]);
		if (isfinite(mp[k]) && fabs(mp[k]) > scale)
			scale = fabs(mp[k]);
	}
	for (k = 0; k < EXPR_NCHECK; k++) {
		double	 a = mp[k], b = vx[k], d;

		if (!isfinite(a) || !isfinite(b)) {
			if (isfinite(a) != isfinite(b) ||
			    (isnan(a) != isnan(b)) ||
			    (isinf(a) && a != b))
				goto differ;
			continue;
		}
		d = fabs(a - b);
		if (d <= EXPR_RELTOL * fmax(fabs(a), fabs(b)) ||
		    d <= EXPR_ABSTOL * scale)
			continue;
	differ:
		expr_sample(t, k, p);
		xasprintf(why, "disagrees with muParser at (%.17g, %.17g, "
		    "%.17g): %.17g vs %.17g", p[0], p[1], p[2], b, a);
		return -1;
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

	if (expr_check_text(t->expression, &pos, cause) != 0)
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
			warnmsg("warning: vector engine %s", why);
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
	e->note = xstrdup("vector");
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

double
expr_eval_point(struct expr *e, double x, double y, double z)
{
	double	 out;

	expr_eval_row(e, &x, 1, y, z, &out);
	return out;
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
