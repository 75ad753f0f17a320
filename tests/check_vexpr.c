/*
 * Tests of the vector engine. muParser is the reference: fixed cases pin
 * its quirks (precedences, folding, NaN handling), and a differential test
 * compares the engines on thousands of random expressions at random
 * points. Where libmvec's few ulps could be magnified (cancellation, a
 * comparison of nearly equal values), the differential test works out how
 * far an answer may move and skips points that sit on a discontinuity.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <muParserDLL.h>

#include "expr.h"
#include "suites.h"
#include "task.h"
#include "util.h"
#include "vexpr.h"

#define REL_TOL		1e-12
#define ABS_TOL		1e-300
#define TINY		1e-290	/* rounding near underflow, absolute */

/* A muParser handle with x, y, z (by dims) and the test's constants. */
struct mu {
	muParserHandle_t	 h;
	double			 x, y, z;
};

static struct task_const consts[2];
static int		 nconsts = 2;

static void
init_consts(void)
{
	strcpy(consts[0].name, "k");
	consts[0].value = 0.75;
	strcpy(consts[1].name, "c2");
	consts[1].value = -1.25;
}

static void
mu_init(struct mu *m, int dims)
{
	int	 i;

	init_consts();

	m->h = mupCreate(muBASETYPE_FLOAT);
	mupDefineVar(m->h, "x", &m->x);
	if (dims > 1)
		mupDefineVar(m->h, "y", &m->y);
	if (dims > 2)
		mupDefineVar(m->h, "z", &m->z);
	/* pint's own _pi and _e, as expr.c defines them. */
	mupDefineConst(m->h, "_pi", M_PI);
	mupDefineConst(m->h, "_e", M_E);
	for (i = 0; i < nconsts; i++)
		mupDefineConst(m->h, consts[i].name, consts[i].value);
}

static int
mu_set(struct mu *m, const char *expr)
{
	mupSetExpr(m->h, expr);
	m->x = m->y = m->z = 0.5;
	mupEval(m->h);
	return (mupError(m->h) ? -1 : 0);
}

static double
mu_eval(struct mu *m, double x, double y, double z)
{
	m->x = x;
	m->y = y;
	m->z = z;
	return (mupEval(m->h));
}

static struct vexpr *
compile_ok(const char *expr, int dims)
{
	struct vexpr	*ve;
	char		*why;

	ve = vexpr_compile(expr, dims, consts, nconsts, &why);
	ck_assert_msg(ve != NULL, "%s: refused: %s", expr, why);
	return (ve);
}

static double
eval1(struct vexpr *ve, double x, double y, double z)
{
	double	 out;

	vexpr_eval_row(ve, &x, 1, y, z, &out);
	return (out);
}

static int
same_bits(double a, double b)
{
	return (memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b)));
}

/*
 * Compile expr for each instruction set this CPU has, from the widest:
 * *isa the set of the one returned, NULL after the last (and the limit
 * lifted).
 */
static struct vexpr *
compile_isa(const char *expr, int dims, int *isa)
{
	struct vexpr	*ve;

	*isa = *isa < 0 ? vexpr_isa_cpu() : *isa - 1;
	if (*isa < VEXPR_ISA_BASE) {
		vexpr_isa_limit(-1);
		return (NULL);
	}
	vexpr_isa_limit(*isa);
	ve = compile_ok(expr, dims);
	ck_assert_int_eq(vexpr_isa_of(ve), *isa);
	return (ve);
}

static int
close_enough(double a, double b)
{
	if (!isfinite(a) || !isfinite(b))
		return (same_bits(a, b) || (!isfinite(a) && !isfinite(b)));
	return (fabs(a - b) <= REL_TOL * fabs(b) || fabs(a - b) <= ABS_TOL);
}

/* muParser 2.3.3 results, exactly, as the engine must reproduce them. */
static const struct exact_case {
	const char	*expr;
	double		 x;
	double		 want;
} exact_cases[] = {
	/* fused: a function of a sum, difference or product in one pass */
	{ "-(x*y)", 0.7, -0.175 },
	{ "sqrt(x*y+1)", 0.7, 1.08397416943394 },
	{ "-(x-y)", 0.7, -0.44999999999999996 },
	{ "sqrt(x+y)", 0.7, 0.9746794344808963 },
	{ "-(y+x)+0*sqrt(x+y)", 0.7, -0.95 },
	{ "-2^2", 0, -4 },			/* sign binds looser than ^ */
	{ "- 2^2", 0, -4 },
	{ "(-2)^2", 0, 4 },
	{ "-x^2", 3, -9 },
	{ "2^3^2", 0, 512 },			/* ^ is right-associative */
	{ "2^-3^2", 0, 0.001953125 },
	{ "2*-3", 0, -6 },
	{ "x--1", 1, 2 },
	{ "1-2-3", 0, -4 },
	{ "8/4/2", 0, 1 },
	{ "3>2>1", 0, 0 },			/* (3>2)>1 */
	{ "1==1<2", 0, 1 },			/* one level, left to right */
	{ "1 || 0 && 0", 0, 1 },		/* && binds tighter */
	{ "0 && 1 || 1", 0, 1 },
	{ "1 + 2 > 2", 0, 1 },
	{ "0.5&&1", 0, 0 },			/* folded as (int)0.5 && 1 */
	{ "k&&1", 0, 0 },			/* constants fold too */
	{ "0.5||0", 0, 0 },
	{ "x&&1", 0.5, 1 },			/* at run time 0.5 is true */
	{ "min(0.5,1)&&1", 0, 1 },		/* variadic: not folded */
	{ "sin(0.5)&&1", 0, 0 },		/* the others fold */
	{ "atan2(0.5,1)||0", 0, 0 },
	{ "-0.5||0", 0, 0 },
	{ "(x*0+0.5)||0", 7, 1 },
#if defined(__x86_64__) || defined(__i386__)
	{ "(0/0)&&1", 0, 1 },			/* (int)NaN is INT_MIN */
	{ "-1e30||0", 0, 1 },
#endif
	{ "(x*0+0.5)&&1", 7, 1 },
	{ "1 ? 2 : 3 ? 4 : 5", 0, 2 },
	{ "0 ? 2 : 0 ? 4 : 5", 0, 5 },
	{ "x ? 1 : 0 + 5", 0, 5 },		/* ?: binds loosest */
	{ "0/0 ? 1 : 2", 0, 1 },		/* NaN is true */
	{ "_pi", 0, M_PI },		/* pint's, not muParser's short pi */
	{ "_e", 0, 2.718281828459045 },
	{ "rint(2.5)", 0, 3 },			/* floor(v + 0.5) */
	{ "rint(-2.5)", 0, -2 },
	{ "rint(x)", -0.5, 0 },
	{ "sign(0/0)", 0, 0 },
	{ "sign(x)", -3, -1 },
	{ "abs(-0)", 0, -0.0 },			/* (v >= 0) ? v : -v */
	{ "abs(x)", -0.0, -0.0 },
	{ "min(0/0,1)", 0, NAN },		/* std::min, NaN first */
	{ "min(1,0/0)", 0, 1 },
	{ "max(0/0,1)", 0, NAN },
	{ "max(x,0/0)", 2, 2 },
	{ "sum(x,2,3)", 1, 6 },
	{ "avg(x,2)", 1, 1.5 },
	{ "asinh(-1e10)", 0, -INFINITY },	/* log(v + sqrt(v*v + 1)) */
	{ "log2(8)", 0, 3 },
	{ "x+0.2+0.7", 0.1, 0.99999999999999989 },	/* x + (0.2+0.7) */
	{ "x*3*5", 0.1, 1.5 },
	{ "1/(x*0*-1)", 0.1, -INFINITY },	/* x*(-0) + (-0) */
	{ "x*-0", 0.1, 0 },
	{ "x^0", NAN, 1 },
	{ "(0/0)^0", 0, 1 },
	{ "1e-3*x+.5", 2, 0.502 },
	{ "x*x-0.01", 0.1, 1.7347234759768071e-18 },	/* no fused mul-add */
	{ "(x+1)*(x+1)-1.21", 0.1, 2.2204460492503131e-16 },
	{ "5.+1.e2+1E2+00012", 0, 217 },
	{ "1e-400", 0, 0 },
	{ "+x*2+1", 3, 7 },
	{ "sqrt(x>0?4:9)", -1, 3 },
};

START_TEST(test_exact)
{
	const struct exact_case	*c = &exact_cases[_i];
	struct vexpr		*ve;
	struct mu		 m;
	double			 xs[11], out[11], ref;
	int			 i, isa = -1;

	mu_init(&m, 3);
	ck_assert_msg(mu_set(&m, c->expr) == 0, "%s: muParser refused",
	    c->expr);
	ref = mu_eval(&m, c->x, 0.25, -1.5);
	ck_assert_msg(same_bits(ref, c->want), "%s: muParser gives %.17g, "
	    "the test expects %.17g", c->expr, ref, c->want);
	/*
	 * A row, through the vector loops and their tails, with each
	 * instruction set's loops.
	 */
	for (i = 0; i < 11; i++)
		xs[i] = c->x;
	while ((ve = compile_isa(c->expr, 3, &isa)) != NULL) {
		vexpr_eval_row(ve, xs, 11, 0.25, -1.5, out);
		for (i = 0; i < 11; i++)
			ck_assert_msg(same_bits(out[i], ref), "%s at x=%g "
			    "(%s): vexpr %.17g, muParser %.17g", c->expr,
			    c->x, vexpr_isa_name(isa), out[i], ref);
		vexpr_free(ve);
	}
	mupRelease(m.h);
}
END_TEST

/* IEEE results where muParser gives them: same value, or same class. */
static const struct ieee_case {
	const char	*expr;
	double		 x;
} ieee_cases[] = {
	{ "1/x", 0 }, { "-1/x", 0 }, { "1/x", -0.0 }, { "x/x", 0 },
	{ "log(x)", -1 }, { "log(x)", 0 }, { "ln(x)", -0.0 },
	{ "log10(x)", -2 }, { "log2(x)", -2 }, { "log2(x)", 0 },
	{ "sqrt(x)", -1 }, { "sqrt(x)", -0.0 },
	{ "x^0.5", -4 }, { "x^0.5", -0.0 }, { "x^0.5", -INFINITY },
	{ "x^-0.5", -0.0 }, { "x^-0.5", -INFINITY }, { "x^-0.5", 0 },
	{ "x^(1/3)", -8 }, { "(x-1)^1.5", -2 }, { "(-8)^(1/3)", 0 },
	{ "x^-1", 0 }, { "x^-2", -0.0 }, { "x^-3", -0.0 }, { "x^-7", 0 },
	{ "(x+1)^-8", -1 }, { "x^7", INFINITY }, { "x^5", NAN },
	{ "asin(x)", 2 }, { "acos(x)", -2 }, { "acosh(x)", 0.5 },
	{ "atanh(x)", 1 }, { "atanh(x)", -1 }, { "atanh(x)", 3 },
	{ "exp(x)", 1000 }, { "exp(x)", -1000 }, { "sinh(x)", 1000 },
	{ "cosh(x)", -1000 }, { "tan(x)", INFINITY }, { "sin(x)", NAN },
	{ "x*0", INFINITY }, { "x-x", INFINITY }, { "x+x", -INFINITY },
	{ "atan2(x,0)", 0 }, { "atan2(x*0,-1)", -1 }, { "atan2(-0,x)", -1 },
	{ "rint(x)", INFINITY }, { "rint(x)", NAN }, { "rint(x)", 4.5e15 },
	{ "rint(x)", -4.5e15 }, { "sign(x)", -0.0 }, { "abs(x)", NAN },
	{ "x<1", NAN }, { "x!=1", NAN }, { "x&&1", NAN }, { "x||0", NAN },
	{ "min(x,1)", NAN }, { "max(1,x)", NAN },
	/* signed zeros, seen through 1/0 */
	{ "1/sum(x)", -0.0 }, { "1/avg(x,x)", -0.0 }, { "1/(x+0)", -0.0 },
	{ "1/(x*2)", -0.0 }, { "1/(x-0)", -0.0 }, { "1/(0-x)", 0 },
	{ "1/(-x)", 0 }, { "1/(x*-1)", 0 }, { "1/min(x,0)", -0.0 },
	{ "1/(y*x)", -0.0 },
};

START_TEST(test_ieee)
{
	const struct ieee_case	*c = &ieee_cases[_i];
	struct vexpr		*ve;
	struct mu		 m;
	double			 got, ref, xs[11], out[11];
	int			 i, isa = -1;

	mu_init(&m, 2);
	ck_assert(mu_set(&m, c->expr) == 0);
	ref = mu_eval(&m, c->x, 2, 0);
	/* One point (the scalar tail) and a row (the vector loops too). */
	for (i = 0; i < 11; i++)
		xs[i] = c->x;
	while ((ve = compile_isa(c->expr, 2, &isa)) != NULL) {
		vexpr_eval_row(ve, xs, 11, 2, 0, out);
		for (i = 0; i < 12; i++) {
			got = i < 11 ? out[i] : eval1(ve, c->x, 2, 0);
			if (isfinite(ref))
				ck_assert_msg(close_enough(got, ref), "%s at "
				    "x=%g (%s): vexpr %.17g, muParser %.17g",
				    c->expr, c->x, vexpr_isa_name(isa), got,
				    ref);
			else
				ck_assert_msg(isinf(got) == isinf(ref) &&
				    (isinf(ref) == 0 ||
				    signbit(got) == signbit(ref)) &&
				    isnan(got) == isnan(ref), "%s at x=%g "
				    "(%s): vexpr %g, muParser %g", c->expr,
				    c->x, vexpr_isa_name(isa), got, ref);
		}
		vexpr_free(ve);
	}
	mupRelease(m.h);
}
END_TEST

/* Both branches are computed; the one not taken must not leak. */
START_TEST(test_ternary)
{
	static const struct {
		const char	*expr;
		double		 x, want;
	} t[] = {
		{ "x>0 ? log(x) : 0", -1, 0 },
		{ "x==0 ? 0 : 1/x", 0, 0 },
		{ "x!=0 ? 1/x : 0", 0, 0 },
		{ "x<0 ? sqrt(x) : x", 4, 4 },
		{ "x<0 ? x : sqrt(x)", -4, -4 },
		{ "x>0 ? 0/0 : x*2", -1, -2 },
		{ "x>0 ? x : exp(1000*x)", 1, 1 },
		{ "log(x) ? 1 : 2", -1, 1 },	/* NaN condition: then */
		{ "x ? 1 : 2", -0.0, 2 },
		{ "x<0 ? -1 : x<1 ? x : 1", 0.5, 0.5 },
		{ "(x<0 ? -1 : 2)*3", -5, -3 },
		{ "x>1 ? 1 : x>0 ? 2 : 3", 0.5, 2 },
		{ "x>1 ? (x>2 ? 3 : 2) : 1", 1.5, 2 },
	};
	struct vexpr	*ve;
	double		 xs[300], out[300];
	size_t		 i, j;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		ve = compile_ok(t[i].expr, 1);
		/* The point among others, in a full vector and a tail. */
		for (j = 0; j < 300; j++)
			xs[j] = j % 2 ? t[i].x : 7;
		vexpr_eval_row(ve, xs, 300, 0, 0, out);
		for (j = 1; j < 300; j += 2)
			ck_assert_msg(same_bits(out[j], t[i].want),
			    "%s at x=%g: %g, want %g", t[i].expr, t[i].x,
			    out[j], t[i].want);
		vexpr_free(ve);
	}
}
END_TEST

/*
 * Ternaries inside function arguments, as muParser 2.3.3 evaluates them
 * (its values were checked against the formulas, and the differential
 * test's trees put ternaries in every argument): first or
 * later argument, bracketed or not, nested, in one- and many-argument
 * calls, with constant and variable conditions.
 */
START_TEST(test_ternary_args)
{
	static const char *exprs[] = {
		"sum(3, (x>y) ? 3 : 10)",
		"sum(3, x>y ? 3 : 10)",
		"sum(x>y ? 3 : 10, 3)",
		"sum(3, (4>5) ? 3 : 10)",
		"sum(x<y ? 1 : 2)",
		"min(x>y ? 1 : 2, 3)",
		"max(x, (x>0?1:2))",
		"atan2(x>0?1:2, 1)",
		"atan2(x<y ? 1 : 2, x<y ? 3 : 4)",
		"sum(1, 2, x<y?3:4, 5)",
		"sum(x<y ? sum(1,2) : 4, 5)",
		"sum(sin(x>y?1:2),1)",
		"avg(x<y?1:2, 3, 4)",
		"sum(1, x<y ? y<0.5? 2 : 3 : 4)",
		"sum(1, 0 ? 2 : 1 ? 3 : 4)",
		"sum(x, x<y ? x : y, y)",
		"max(x<y ? x : y, x>y ? x : y)",
		"sum(x<y ? x*2 : y*3, 1)",
		"sum(3, -x>0.5 ? 1 : 0)",
		"sum(x<y?1:2,3) + sum(4, x>y?5:6)",
	};
	static const double pts[][2] = {
		{ 0.3, 0.7 }, { 0.7, 0.3 }, { -0.6, 0.2 }, { 0.9, 0.95 },
		{ 0, 0 },
	};
	struct vexpr	*ve;
	struct mu	 m;
	double		 xs[5], out[5], ref;
	size_t		 i, k, r;

	mu_init(&m, 2);
	for (i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
		ck_assert_msg(mu_set(&m, exprs[i]) == 0, "%s: muParser: %s",
		    exprs[i], mupGetErrorMsg(m.h));
		ve = compile_ok(exprs[i], 2);
		for (r = 0; r < 5; r++) {
			for (k = 0; k < 5; k++)
				xs[k] = pts[(k + r) % 5][0];
			vexpr_eval_row(ve, xs, 5, pts[r][1], 0, out);
			for (k = 0; k < 5; k++) {
				ref = mu_eval(&m, xs[k], pts[r][1], 0);
				ck_assert_msg(close_enough(out[k], ref),
				    "%s at (%g, %g): vexpr %.17g, muParser "
				    "%.17g", exprs[i], xs[k], pts[r][1],
				    out[k], ref);
			}
		}
		vexpr_free(ve);
	}
	mupRelease(m.h);
}
END_TEST

/* Each refused construct gives NULL and a reason naming it. */
START_TEST(test_refuse)
{
	static const struct {
		const char	*expr;
		int		 dims;
		const char	*why;
	} t[] = {
		{ "x=3", 1, "assignment" },
		{ "1,2", 1, "comma" },
		{ "x,y", 2, "comma" },
		{ "sum(x ? 1, 2 : 3)", 1, "syntax error" },	/* as muParser */
		{ "sum(x ? 1 : 2, 3 : 4)", 1, "misplaced colon" },
		{ "foo(x)", 1, "unsupported function foo" },
		{ "rnd()", 1, "unsupported function rnd" },
		{ "fmod(x,2)", 1, "unsupported function fmod" },
		{ "w+1", 1, "unknown name w" },
		{ "y", 1, "unknown name y" },
		{ "z*x", 2, "unknown name z" },
		{ "sin (x)", 1, "unknown name sin" },
		{ "\"s\"", 1, "strings" },
		{ "1e999", 1, "out of range" },
		{ "1e", 1, "malformed number" },
		{ "2.5e+", 1, "malformed number" },
		{ "x & 1", 1, "unexpected character" },
		{ "!x", 1, "unexpected character" },
		{ "", 1, "syntax error" },
		{ "   ", 1, "syntax error" },
		{ "x+", 1, "syntax error" },
		{ "(x", 1, "syntax error" },
		{ "x)", 1, "syntax error" },
		{ "()", 1, "syntax error" },
		{ "x y", 2, "syntax error" },
		{ "2x", 1, "syntax error" },
		{ "--x", 1, "syntax error" },
		{ "-+x", 1, "syntax error" },
		{ "*x", 1, "syntax error" },
		{ "x ? 1", 1, "else" },
		{ "x : 1", 1, "colon" },
		{ "(x ? 1) : 2", 1, "syntax error" },
		{ "sin()", 1, "syntax error" },
		{ "sin(1,2)", 1, "wrong number of arguments for sin" },
		{ "atan2(1)", 1, "wrong number of arguments for atan2" },
		{ "(1,2)", 1, "syntax error" },
		{ "min(,1)", 1, "syntax error" },
		{ "x^", 1, "syntax error" },
	};
	struct vexpr	*ve;
	char		*why;
	size_t		 i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		why = NULL;
		ve = vexpr_compile(t[i].expr, t[i].dims, consts, nconsts,
		    &why);
		ck_assert_msg(ve == NULL, "%s: compiled", t[i].expr);
		ck_assert_msg(why != NULL && strstr(why, t[i].why) != NULL,
		    "%s: reason \"%s\", want \"%s\"", t[i].expr,
		    why != NULL ? why : "(none)", t[i].why);
		free(why);
	}
	vexpr_free(NULL);
}
END_TEST

/* A constant of the caller's may take the name of muParser's own. */
START_TEST(test_const_override)
{
	struct task_const	 c[2];
	struct vexpr		*ve;

	strcpy(c[0].name, "_pi");
	c[0].value = 3;
	strcpy(c[1].name, "x");
	c[1].value = 5;
	ve = vexpr_compile("_pi*2+_e", 1, c, 1, &(char *){ NULL });
	ck_assert(ve != NULL);
	ck_assert(eval1(ve, 0, 0, 0) == 6 + 2.718281828459045);
	vexpr_free(ve);
	/* Constants are looked up before variables, as in muParser. */
	ve = vexpr_compile("x", 1, c, 2, &(char *){ NULL });
	ck_assert(ve != NULL);
	ck_assert(eval1(ve, 1, 0, 0) == 5);
	vexpr_free(ve);
}
END_TEST

START_TEST(test_too_long)
{
	struct vexpr	*ve;
	char		*s, *why;
	size_t		 i;

	/* "x+x+...+x", as long as allowed, and then one term more. */
	s = xmalloc(EXPR_MAXLEN + 3);
	for (i = 0; i + 2 < EXPR_MAXLEN; i += 2)
		memcpy(s + i, "x+", 2);
	s[i] = 'x';
	s[i + 1] = '\0';
	ve = compile_ok(s, 1);
	ck_assert(eval1(ve, 1, 0, 0) == i / 2 + 1);
	vexpr_free(ve);
	strcat(s, "+x");
	ck_assert(strlen(s) > EXPR_MAXLEN);
	ve = vexpr_compile(s, 1, NULL, 0, &why);
	ck_assert(ve == NULL);
	ck_assert(strstr(why, "too long") != NULL);
	free(why);
	free(s);
}
END_TEST

/* Build "pre" n times, then "mid", then "post" n times. */
static char *
nest(const char *pre, const char *mid, const char *post, int n)
{
	size_t	 lp = strlen(pre), lm = strlen(mid), lq = strlen(post);
	char	*s, *p;
	int	 i;

	p = s = xmalloc(n * (lp + lq) + lm + 1);
	for (i = 0; i < n; i++, p += lp)
		memcpy(p, pre, lp);
	memcpy(p, mid, lm);
	p += lm;
	for (i = 0; i < n; i++, p += lq)
		memcpy(p, post, lq);
	*p = '\0';
	return (s);
}

/* Deep nesting must not exhaust the stack: the parser has none. */
START_TEST(test_deep)
{
	static const struct {
		const char	*pre, *mid, *post;
		int		 n;
	} t[] = {
		{ "(", "x", ")", 200 },
		{ "(", "x", ")", 2000 },
		{ "-(", "x", ")", 1000 },
		{ "-(", "x+1", ")", 1001 },
		{ "sin(", "x", ")", 500 },
		{ "abs(", "x", ")", 800 },
		{ "x^(", "1", ")", 1000 },
		{ "x^", "x", "", 1000 },
		{ "(1+", "x", ")", 1000 },
		{ "x*(", "1", "+x)", 500 },
		{ "x>0?", "1", ":0", 400 },
		{ "(x>0?", "1", ":0)", 400 },
		{ "min(x,", "1", ")", 500 },
	};
	struct vexpr	*ve;
	struct mu	 m;
	double		 xs[5] = { -1.5, -0.5, 0.25, 1, 1.75 }, out[5], ref;
	char		*s;
	size_t		 i;
	int		 j;

	mu_init(&m, 1);
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		s = nest(t[i].pre, t[i].mid, t[i].post, t[i].n);
		ck_assert(strlen(s) <= EXPR_MAXLEN);
		ve = compile_ok(s, 1);
		vexpr_eval_row(ve, xs, 5, 0, 0, out);
		ck_assert_msg(mu_set(&m, s) == 0, "%s...: muParser refused",
		    t[i].pre);
		for (j = 0; j < 5; j++) {
			ref = mu_eval(&m, xs[j], 0, 0);
			ck_assert_msg(close_enough(out[j], ref),
			    "%s...%s x %d at x=%g: vexpr %.17g, muParser "
			    "%.17g", t[i].pre, t[i].post, t[i].n, xs[j],
			    out[j], ref);
		}
		vexpr_free(ve);
		free(s);
	}

	/* A function of many arguments. */
	s = xmalloc(8 + 2 * 1500 + 2);
	strcpy(s, "sum(");
	for (j = 0; j < 1500; j++)
		strcat(s, j % 2 ? "x," : "1,");
	strcat(s, "x)");
	ve = compile_ok(s, 1);
	ck_assert(mu_set(&m, s) == 0);
	vexpr_eval_row(ve, xs, 5, 0, 0, out);
	for (j = 0; j < 5; j++)
		ck_assert(close_enough(out[j], mu_eval(&m, xs[j], 0, 0)));
	vexpr_free(ve);
	free(s);
	mupRelease(m.h);
}
END_TEST

/*
 * Parts that depend on y and z are cached per (y, z): check the cache
 * follows every change, back and forth, NaN and signed zero included.
 */
START_TEST(test_hoist)
{
	static const char *exprs[] = {
		"sin(x)*cos(y)+y^2*z+exp(y*z)",
		"x*y+z",
		"y>0 ? x/y : 1/z",
		"cos(y)*z",				/* no x at all */
		"atan2(y,z)+x^y",
		"1/y + x*(z-y)",
	};
	static const double yz[][2] = {
		{ 0.5, 1 }, { 0.7, 1 }, { 0.5, 1 }, { 0.5, -2 }, { NAN, 1 },
		{ 0.5, 1 }, { -0.0, 1 }, { 0.0, 1 }, { 0.5, NAN }, { 3, 4 },
		{ 3, 4 }, { -1, -0.0 }, { -1, 0 },
	};
	struct vexpr	*ve;
	struct mu	 m;
	double		 xs[7] = { -2, -0.5, 0, 0.3, 1, 2.5, 1e3 }, out[7];
	double		 ref;
	size_t		 i, r;
	int		 j;

	mu_init(&m, 3);
	for (i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
		ve = compile_ok(exprs[i], 3);
		ck_assert(mu_set(&m, exprs[i]) == 0);
		for (r = 0; r < sizeof yz / sizeof yz[0]; r++) {
			vexpr_eval_row(ve, xs, 7, yz[r][0], yz[r][1], out);
			for (j = 0; j < 7; j++) {
				ref = mu_eval(&m, xs[j], yz[r][0], yz[r][1]);
				ck_assert_msg(close_enough(out[j], ref),
				    "%s at (%g, %g, %g): vexpr %.17g, "
				    "muParser %.17g", exprs[i], xs[j],
				    yz[r][0], yz[r][1], out[j], ref);
			}
		}
		vexpr_free(ve);
	}
	mupRelease(m.h);
}
END_TEST

/* Row lengths around the block size, and out the same array as x. */
START_TEST(test_rows)
{
	static const char *exprs[] = {
		"x", "2*3+k", "y*z", "sin(x)*y+x", "x*2+1", "x^3-x",
		"x<0 ? -x : x*x",
	};
	static const size_t ns[] = {
		0, 1, 3, 255, 256, 257, 600, VEXPR_BLOCK * 4 + 5
	};
	struct vexpr	*ve;
	struct mu	 m;
	double		*xs, *out, ref;
	size_t		 i, k, j, n;

	mu_init(&m, 3);
	xs = xcalloc(2000, sizeof *xs);
	out = xcalloc(2000, sizeof *out);
	for (i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
		ve = compile_ok(exprs[i], 3);
		ck_assert(mu_set(&m, exprs[i]) == 0);
		for (k = 0; k < sizeof ns / sizeof ns[0]; k++) {
			n = ns[k];
			for (j = 0; j < n; j++)
				xs[j] = -3 + 6.0 * j / (n + 1);
			out[n] = 42;
			vexpr_eval_row(ve, xs, n, 0.75, -0.5, out);
			ck_assert(out[n] == 42);	/* nothing past n */
			for (j = 0; j < n; j++) {
				ref = mu_eval(&m, xs[j], 0.75, -0.5);
				ck_assert_msg(close_enough(out[j], ref),
				    "%s, n=%zu, x[%zu]=%g: %.17g vs %.17g",
				    exprs[i], n, j, xs[j], out[j], ref);
			}
			/* In place. */
			vexpr_eval_row(ve, xs, n, 0.75, -0.5, xs);
			for (j = 0; j < n; j++)
				ck_assert(same_bits(xs[j], out[j]));
		}
		vexpr_free(ve);
	}
	free(xs);
	free(out);
	mupRelease(m.h);
}
END_TEST

/* Integer powers become multiplications; they stay within 1e-15. */
START_TEST(test_powi)
{
	static const char *bases[] = { "x", "(x+0.5)", "(x*y)", "sin(x)" };
	struct vexpr	*ve;
	struct mu	 m;
	double		 xs[64], out[64], ref, rel;
	char		*s;
	size_t		 b;
	int		 n, j;

	mu_init(&m, 2);
	for (j = 0; j < 64; j++)
		xs[j] = -3.1 + 6.2 * (j + 0.37) / 64;
	for (b = 0; b < sizeof bases / sizeof bases[0]; b++) {
		for (n = -16; n <= 16; n++) {
			xasprintf(&s, "%s^%d", bases[b], n);
			ve = compile_ok(s, 2);
			ck_assert(mu_set(&m, s) == 0);
			vexpr_eval_row(ve, xs, 64, 1.3, 0, out);
			for (j = 0; j < 64; j++) {
				ref = mu_eval(&m, xs[j], 1.3, 0);
				rel = fabs(out[j] - ref) / fabs(ref);
				/* sin's own ulps, times n, for sin(x). */
				ck_assert_msg(rel <= (b == 3 ? (abs(n) + 1) *
				    1e-15 : 1e-15),
				    "%s at x=%g: %.17g vs %.17g (%.2g)", s,
				    xs[j], out[j], ref, rel);
			}
			vexpr_free(ve);
			free(s);
		}
	}
	mupRelease(m.h);
}
END_TEST

/*
 * The differential test. A random expression tree is printed in
 * muParser's syntax (parentheses where its precedences need them, and
 * some more), compiled by both engines and evaluated at random points.
 * The tree is also evaluated here, with a running bound on how much
 * rounding anywhere could move each value ("scale"): the engines must
 * agree within REL_TOL of that, and points where a comparison, a sign,
 * rint or a domain edge is within that distance are skipped.
 */
enum gkind {
	G_NUM, G_VAR, G_NEG, G_POS, G_BIN, G_FN, G_TERN
};

enum gop {
	B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_LT, B_GT, B_LE, B_GE, B_EQ,
	B_NE, B_AND, B_OR
};

static const struct {
	const char	*s;
	int		 prec;
	int		 weight;
} gbin[] = {
	{ "+", 5, 8 }, { "-", 5, 8 }, { "*", 6, 8 }, { "/", 6, 5 },
	{ "^", 7, 5 }, { "<", 4, 1 }, { ">", 4, 1 }, { "<=", 4, 1 },
	{ ">=", 4, 1 }, { "==", 4, 1 }, { "!=", 4, 1 }, { "&&", 2, 1 },
	{ "||", 1, 1 }
};
#define NGBIN	(int)(sizeof gbin / sizeof gbin[0])

enum gfn {
	F_SIN, F_COS, F_TAN, F_ASIN, F_ACOS, F_ATAN, F_SINH, F_COSH, F_TANH,
	F_ASINH, F_ACOSH, F_ATANH, F_LOG2, F_LOG10, F_LOG, F_LN, F_EXP,
	F_SQRT, F_SIGN, F_RINT, F_ABS, F_ATAN2, F_SUM, F_AVG, F_MIN, F_MAX
};

static const struct {
	const char	*name;
	int		 nargs;		/* -1 variadic */
} gfn[] = {
	{ "sin", 1 }, { "cos", 1 }, { "tan", 1 }, { "asin", 1 },
	{ "acos", 1 }, { "atan", 1 }, { "sinh", 1 }, { "cosh", 1 },
	{ "tanh", 1 }, { "asinh", 1 }, { "acosh", 1 }, { "atanh", 1 },
	{ "log2", 1 }, { "log10", 1 }, { "log", 1 }, { "ln", 1 },
	{ "exp", 1 }, { "sqrt", 1 }, { "sign", 1 }, { "rint", 1 },
	{ "abs", 1 }, { "atan2", 2 }, { "sum", -1 }, { "avg", -1 },
	{ "min", -1 }, { "max", -1 }
};
#define NGFN	(int)(sizeof gfn / sizeof gfn[0])

struct gnode {
	int		 kind;
	int		 op;
	int		 n;
	struct gnode	*k[4];
	double		 val;		/* G_NUM: the value its text reads as */
	char		 text[32];	/* G_NUM: the number or constant name */
	int		 var;
};

struct gen {
	uint64_t	 rng;
	int		 budget;	/* nodes left */
	int		 dims;
	char		*buf;
	size_t		 len, size;
};

static uint64_t
rnd(struct gen *g)
{
	uint64_t	 z;

	/* splitmix64: reproducible everywhere */
	z = (g->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (z ^ (z >> 31));
}

static int
rndn(struct gen *g, int n)
{
	return ((int)(rnd(g) % (uint64_t)n));
}

static double
rndu(struct gen *g)
{
	return ((rnd(g) >> 11) * 0x1p-53);
}

static void
gen_num(struct gen *g, struct gnode *n)
{
	static const char *fixed[] = {
		"0", "1", "2", "3", "0.5", "10", ".25", "2.", "1e-3", "1.5E2",
		"0.1", "7", "2.5e-1", "1e+1", "00012", "4.75"
	};
	static const char *names[] = { "_pi", "_e", "k", "c2" };
	static const double namev[] = {
		M_PI, M_E, 0.75, -1.25
	};
	int	 r = rndn(g, 10);

	n->kind = G_NUM;
	if (r < 5)
		snprintf(n->text, sizeof n->text, "%s",
		    fixed[rndn(g, sizeof fixed / sizeof fixed[0])]);
	else if (r < 7)
		snprintf(n->text, sizeof n->text, "%.3f", rndu(g) * 5);
	else if (r < 8)
		snprintf(n->text, sizeof n->text, "%.2fe%d", rndu(g) * 9,
		    rndn(g, 7) - 3);
	else {
		r = rndn(g, 4);
		snprintf(n->text, sizeof n->text, "%s", names[r]);
		n->val = namev[r];
		return;
	}
	n->val = strtod(n->text, NULL);
}

/* A random tree. */
static struct gnode *
gen_tree(struct gen *g, int depth)
{
	struct gnode	*n;
	int		 r, i, w;

	n = xcalloc(1, sizeof *n);
	g->budget--;
	if (depth <= 0 || g->budget <= 0 || rndn(g, 10) < 3) {
		if (rndn(g, 5) < 3) {
			n->kind = G_VAR;
			n->var = rndn(g, g->dims);
		} else
			gen_num(g, n);
		return (n);
	}
	r = rndn(g, 100);
	if (r < 45) {
		n->kind = G_BIN;
		for (w = 0, i = 0; i < NGBIN; i++)
			w += gbin[i].weight;
		w = rndn(g, w);
		for (i = 0; w >= gbin[i].weight; i++)
			w -= gbin[i].weight;
		n->op = i;
		n->n = 2;
		n->k[0] = gen_tree(g, depth - 1);
		if (i == B_POW && rndn(g, 3) < 2) {
			/* Mostly constant exponents: integers, halves. */
			n->k[1] = xcalloc(1, sizeof *n->k[1]);
			n->k[1]->kind = G_NUM;
			snprintf(n->k[1]->text, sizeof n->k[1]->text, "%s",
			    (const char *[]){ "2", "3", "4", "5", "0.5", "-1",
			    "-2", "1.5", "0", "1", "9", "-0.5", "8", "-3",
			    "2.5", "-8" }[rndn(g, 16)]);
			n->k[1]->val = strtod(n->k[1]->text, NULL);
		} else
			n->k[1] = gen_tree(g, depth - 1);
	} else if (r < 75) {
		n->kind = G_FN;
		n->op = rndn(g, NGFN);
		n->n = gfn[n->op].nargs > 0 ? gfn[n->op].nargs :
		    1 + rndn(g, 4);
		for (i = 0; i < n->n; i++)
			n->k[i] = gen_tree(g, depth - 1);
	} else if (r < 87) {
		n->kind = rndn(g, 4) ? G_NEG : G_POS;
		n->n = 1;
		n->k[0] = gen_tree(g, depth - 1);
	} else {
		n->kind = G_TERN;
		n->n = 3;
		for (i = 0; i < 3; i++)
			n->k[i] = gen_tree(g, depth - 1);
	}
	return (n);
}

static void
gen_free(struct gnode *n)
{
	int	 i;

	for (i = 0; i < n->n; i++)
		gen_free(n->k[i]);
	free(n);
}

static void
out_s(struct gen *g, const char *s)
{
	size_t	 l = strlen(s);

	if (g->len + l + 1 > g->size) {
		g->size = (g->len + l + 1) * 2;
		g->buf = xrealloc(g->buf, g->size);
	}
	memcpy(g->buf + g->len, s, l + 1);
	g->len += l;
}

/* muParser's precedence of a node as an operand. */
static int
gprec(const struct gnode *n)
{
	switch (n->kind) {
	case G_BIN:
		return (gbin[n->op].prec);
	case G_NEG:
	case G_POS:
		return (6);
	case G_TERN:
		return (0);
	}
	return (9);
}

static void	gen_print(struct gen *, const struct gnode *);

static void
gen_operand(struct gen *g, const struct gnode *n, int paren)
{
	if (paren || rndn(g, 12) == 0) {
		out_s(g, "(");
		gen_print(g, n);
		out_s(g, ")");
	} else
		gen_print(g, n);
}

static void
gen_print(struct gen *g, const struct gnode *n)
{
	static const char *vars[] = { "x", "y", "z" };
	const struct gnode *a;
	int		 p, i;

	switch (n->kind) {
	case G_NUM:
		out_s(g, n->text);
		break;
	case G_VAR:
		out_s(g, vars[n->var]);
		break;
	case G_NEG:
	case G_POS:
		/* No sign right after a sign; ^ binds tighter than it. */
		out_s(g, n->kind == G_NEG ? "-" : "+");
		a = n->k[0];
		gen_operand(g, a, a->kind == G_NEG || a->kind == G_POS ||
		    gprec(a) < 7);
		break;
	case G_BIN:
		p = gbin[n->op].prec;
		a = n->k[0];
		gen_operand(g, a, gprec(a) < p || (gprec(a) == p &&
		    n->op == B_POW));
		if (rndn(g, 4) == 0)
			out_s(g, " ");
		out_s(g, gbin[n->op].s);
		if (rndn(g, 4) == 0)
			out_s(g, " ");
		a = n->k[1];
		/* A sign may follow an operator: it applies first. */
		gen_operand(g, a, a->kind != G_NEG && a->kind != G_POS &&
		    (gprec(a) < p || (gprec(a) == p && n->op != B_POW)));
		break;
	case G_FN:
		out_s(g, gfn[n->op].name);
		out_s(g, "(");
		for (i = 0; i < n->n; i++) {
			if (i > 0)
				out_s(g, rndn(g, 3) ? "," : ", ");
			gen_print(g, n->k[i]);
		}
		out_s(g, ")");
		break;
	case G_TERN:
		gen_operand(g, n->k[0], gprec(n->k[0]) <= 0);
		out_s(g, rndn(g, 2) ? " ? " : "?");
		gen_operand(g, n->k[1], gprec(n->k[1]) <= 0);
		out_s(g, rndn(g, 2) ? " : " : ":");
		gen_operand(g, n->k[2], 0);
		break;
	}
}

/* A value, how far rounding anywhere below could move it, and whether
 * it may fall on the other side of a discontinuity. */
struct rv {
	double		 v;
	double		 s;
	int		 unsure;
};

/* How far d times an error s moves a result; exact inputs move nothing. */
static double
term(double d, double s)
{
	return (s == 0 ? 0 : fabs(d) * s);
}

static int
near(double a, double edge, double s)
{
	return (s > 0 && fabs(a - edge) <= REL_TOL * s);
}

/*
 * A NaN is a NaN in both engines (domain edges are checked apart), so it
 * carries no rounding; a bound that cannot be worked out (inf * 0 and
 * the like) makes the point unsure.
 */
static struct rv
rv_fix(struct rv r)
{
	if (isnan(r.v))
		r.s = 0;
	else if (isnan(r.s))
		r.unsure = 1;
	return (r);
}

static struct rv
rv_op(int op, struct rv a, struct rv b)
{
	struct rv	 r;
	double		 v;

	r.unsure = a.unsure || b.unsure;
	switch (op) {
	case B_ADD:
		r.v = a.v + b.v;
		r.s = a.s + b.s + fabs(r.v) + TINY;
		break;
	case B_SUB:
		r.v = a.v - b.v;
		r.s = a.s + b.s + fabs(r.v) + TINY;
		break;
	case B_MUL:
		r.v = a.v * b.v;
		r.s = term(b.v, a.s) + term(a.v, b.s) + fabs(r.v) + TINY;
		break;
	case B_DIV:
		r.v = a.v / b.v;
		r.s = term(1 / b.v, a.s) + term(r.v / b.v, b.s) + fabs(r.v) +
		    TINY;
		r.unsure |= near(b.v, 0, b.s);
		break;
	case B_POW:
		r.v = pow(a.v, b.v);
		r.s = fabs(r.v) + TINY;
		if (a.v != 0)
			r.s += term(b.v * r.v / a.v, a.s);
		if (a.v > 0)
			r.s += term(r.v * log(a.v), b.s);
		/* Edges: a at 0, b at 0 for a <= 0 or not finite (NaN^0
		 * is 1), b integral for a < 0, 1^inf. */
		if (near(a.v, 0, a.s) || (a.v < 0 && b.s > 0) ||
		    (a.v == 0 && a.s > 0) || (!(isfinite(a.v) &&
		    a.v > 0) && near(b.v, 0, b.s)) || (!isfinite(b.v) &&
		    near(fabs(a.v), 1, a.s)))
			r.unsure = 1;
		break;
	default:
		/* Comparisons and logic: exact, unless an input is near. */
		v = op == B_AND || op == B_OR ? 0 : b.v;
		if (op == B_AND || op == B_OR) {
			r.unsure |= near(a.v, 0, a.s) || near(b.v, 0, b.s);
		} else
			r.unsure |= near(a.v, v, a.s + b.s);
		switch (op) {
		case B_LT:
			r.v = a.v < b.v;
			break;
		case B_GT:
			r.v = a.v > b.v;
			break;
		case B_LE:
			r.v = a.v <= b.v;
			break;
		case B_GE:
			r.v = a.v >= b.v;
			break;
		case B_EQ:
			r.v = a.v == b.v;
			break;
		case B_NE:
			r.v = a.v != b.v;
			break;
		case B_AND:
			r.v = a.v != 0 && b.v != 0;
			break;
		default:
			r.v = a.v != 0 || b.v != 0;
			break;
		}
		r.s = 0;
		break;
	}
	return (rv_fix(r));
}

/* f(a) where f' is d and f is continuous at a. */
static struct rv
rv_fn(double v, double d, struct rv a)
{
	struct rv	 r;

	r.v = v;
	r.s = term(d, a.s) + fabs(v) + TINY;
	r.unsure = a.unsure;
	return (rv_fix(r));
}

static struct rv
rv_const(double v)
{
	struct rv	 r;

	r.v = v;
	r.s = 0;
	r.unsure = 0;
	return (r);
}

static struct rv
rv_log(struct rv a)
{
	struct rv	 r = rv_fn(log(a.v), 1 / a.v, a);

	r.unsure |= near(a.v, 0, a.s);
	return (r);
}

static struct rv
rv_sqrt(struct rv a)
{
	struct rv	 r = rv_fn(sqrt(a.v), 0.5 / sqrt(a.v), a);

	r.unsure |= near(a.v, 0, a.s);
	return (r);
}

static struct rv	rv_eval(const struct gnode *, const double *);

/*
 * Whether muParser's bytecode holds this as one folded value: numbers,
 * and signs, operators and fixed-argument functions of those, and var^0.
 */
static int
gconst(const struct gnode *n)
{
	const struct gnode	*a;
	int			 i;

	switch (n->kind) {
	case G_NUM:
		return (1);
	case G_NEG:
	case G_POS:
		return (gconst(n->k[0]));
	case G_BIN:
		for (a = n->k[0]; a->kind == G_POS; a = a->k[0])
			;
		if (n->op == B_POW && a->kind == G_VAR && gconst(n->k[1]) &&
		    n->k[1]->kind == G_NUM && n->k[1]->val == 0)
			return (1);
		return (gconst(n->k[0]) && gconst(n->k[1]));
	case G_FN:
		if (gfn[n->op].nargs < 0)
			return (0);
		for (i = 0; i < n->n; i++)
			if (!gconst(n->k[i]))
				return (0);
		return (1);
	}
	return (0);
}

static struct rv
rv_eval1(const struct gnode *n, const double *xyz)
{
	struct rv	 a, b, c, r;
	double		 v;
	int		 i;

	switch (n->kind) {
	case G_NUM:
		return (rv_const(n->val));
	case G_VAR:
		return (rv_const(xyz[n->var]));
	case G_NEG:
		r = rv_eval(n->k[0], xyz);
		r.v = -r.v;
		return (r);
	case G_POS:
		return (rv_eval(n->k[0], xyz));
	case G_BIN:
		a = rv_eval(n->k[0], xyz);
		b = rv_eval(n->k[1], xyz);
		if ((n->op == B_AND || n->op == B_OR) && gconst(n->k[0]) &&
		    gconst(n->k[1])) {
			/* muParser folds these through (int). */
			a.v = !(fabs(a.v) < 1);
			b.v = !(fabs(b.v) < 1);
		}
		return (rv_op(n->op, a, b));
	case G_TERN:
		c = rv_eval(n->k[0], xyz);
		a = rv_eval(n->k[1], xyz);
		b = rv_eval(n->k[2], xyz);
		r = c.v != 0 ? a : b;
		r.unsure |= c.unsure || near(c.v, 0, c.s);
		return (r);
	}

	/* Functions, as muParser's MathImpl computes them. */
	a = rv_eval(n->k[0], xyz);
	v = a.v;
	switch (n->op) {
	case F_SIN:
		return (rv_fn(sin(v), cos(v), a));
	case F_COS:
		return (rv_fn(cos(v), sin(v), a));
	case F_TAN:
		return (rv_fn(tan(v), 1 + tan(v) * tan(v), a));
	case F_ASIN:
	case F_ACOS:
		r = rv_fn(n->op == F_ASIN ? asin(v) : acos(v),
		    1 / sqrt(1 - v * v), a);
		r.unsure |= near(fabs(v), 1, a.s);
		return (r);
	case F_ATAN:
		return (rv_fn(atan(v), 1 / (1 + v * v), a));
	case F_SINH:
		return (rv_fn(sinh(v), cosh(v), a));
	case F_COSH:
		return (rv_fn(cosh(v), sinh(v), a));
	case F_TANH:
		return (rv_fn(tanh(v), 1 - tanh(v) * tanh(v), a));
	case F_ASINH:
	case F_ACOSH:
		/* log(v + sqrt(v * v +- 1)) */
		b = rv_op(n->op == F_ASINH ? B_ADD : B_SUB,
		    rv_op(B_MUL, a, a), rv_const(1));
		return (rv_log(rv_op(B_ADD, a, rv_sqrt(b))));
	case F_ATANH:
		/* 0.5 * log((1 + v) / (1 - v)) */
		b = rv_op(B_DIV, rv_op(B_ADD, rv_const(1), a),
		    rv_op(B_SUB, rv_const(1), a));
		return (rv_op(B_MUL, rv_const(0.5), rv_log(b)));
	case F_LOG2:
		return (rv_op(B_DIV, rv_log(a), rv_const(log(2.0))));
	case F_LOG10:
		r = rv_fn(log10(v), 1 / (v * log(10.0)), a);
		r.unsure |= near(v, 0, a.s);
		return (r);
	case F_LOG:
	case F_LN:
		return (rv_log(a));
	case F_EXP:
		return (rv_fn(exp(v), exp(v), a));
	case F_SQRT:
		return (rv_sqrt(a));
	case F_SIGN:
		r = rv_const(v < 0 ? -1 : v > 0 ? 1 : 0);
		r.unsure = a.unsure || near(v, 0, a.s);
		return (r);
	case F_RINT:
		b = rv_op(B_ADD, a, rv_const(0.5));
		r = rv_const(floor(b.v));
		r.unsure = b.unsure || near(b.v, round(b.v), b.s);
		return (r);
	case F_ABS:
		a.v = v >= 0 ? v : -v;
		return (a);
	case F_ATAN2:
		b = rv_eval(n->k[1], xyz);
		r.v = atan2(v, b.v);
		r.s = term(b.v / (v * v + b.v * b.v), a.s) +
		    term(v / (v * v + b.v * b.v), b.s) + fabs(r.v);
		r.unsure = a.unsure || b.unsure ||
		    (b.v <= 0 && near(v, 0, a.s + b.s)) ||
		    (near(v, 0, a.s) && near(b.v, 0, b.s));
		return (r);
	case F_SUM:
	case F_AVG:
		r = rv_op(B_ADD, rv_const(0), a);
		for (i = 1; i < n->n; i++)
			r = rv_op(B_ADD, r, rv_eval(n->k[i], xyz));
		if (n->op == F_AVG)
			r = rv_op(B_DIV, r, rv_const(n->n));
		return (r);
	default:
		/*
		 * min, max: std::min and std::max from the first on. Any
		 * argument moving can move the result as much.
		 */
		r = a;
		for (i = 1; i < n->n; i++) {
			b = rv_eval(n->k[i], xyz);
			if (n->op == F_MIN ? b.v < r.v : r.v < b.v)
				r.v = b.v;
			r.s = fmax(r.s, b.s);
			r.unsure |= b.unsure;
		}
		return (r);
	}
}

static struct rv
rv_eval(const struct gnode *n, const double *xyz)
{
	return (rv_fix(rv_eval1(n, xyz)));
}

/*
 * The next random expression, printed into g->buf, in 1 to 3 dimensions
 * (*dims); NULL when its text is too long.
 */
static struct gnode *
gen_expr(struct gen *g, int *dims)
{
	struct gnode	*t;

	*dims = g->dims = 1 + rndn(g, 3);
	g->budget = 4 + rndn(g, 40);
	t = gen_tree(g, 2 + rndn(g, 6));
	g->len = 0;
	out_s(g, "");
	gen_print(g, t);
	if (g->len > EXPR_MAXLEN) {
		gen_free(t);
		return (NULL);
	}
	return (t);
}

static double
rnd_point(struct gen *g)
{
	static const double special[] = {
		0, 1, -1, 0.5, -0.5, 2, 1e-8, -3, 10, 0.75, -1.25
	};

	if (rndn(g, 6) == 0)
		return (special[rndn(g, sizeof special / sizeof special[0])]);
	return (-4 + 8 * rndu(g));
}

/*
 * Compare vexpr's value with muParser's at one point: equal, both not
 * finite, or within REL_TOL of how far rounding could move the value.
 * Returns 0 agreed exactly, 1 within tolerance, 2 skipped.
 */
static int
diff_point(const char *expr, const struct gnode *t, const double *xyz,
    double got, double ref)
{
	struct rv	 r;
	double		 scale;

	if (same_bits(got, ref) || (!isfinite(ref) && !isfinite(got)))
		return (0);
	r = rv_eval(t, xyz);
	if (r.unsure || !isfinite(r.s) || fabs(ref) > 1e300 ||
	    (ref != 0 && fabs(ref) < 1e-290))
		return (2);
	scale = fmax(fabs(ref), r.s);
	ck_assert_msg(isfinite(got) && isfinite(ref) &&
	    fabs(got - ref) <= REL_TOL * scale + ABS_TOL,
	    "%s at (%.17g, %.17g, %.17g): vexpr %.17g, muParser %.17g, "
	    "scale %g", expr, xyz[0], xyz[1], xyz[2], got, ref, scale);
	return (1);
}

START_TEST(test_differential)
{
	struct gen	 g;
	struct gnode	*t;
	struct vexpr	*ve;
	struct mu	 m[4];
	double		 xs[24], out[24], xyz[3], ref;
	char		*why;
	int		 nexpr = 3000, e, row, j, dims, count[3] = { 0, 0, 0 };

	/* _i an instruction set: those this CPU lacks are not tested. */
	if (_i > vexpr_isa_cpu())
		return;
	vexpr_isa_limit(_i);
	if (_i < vexpr_isa_cpu())
		nexpr = 1000;
	memset(&g, 0, sizeof g);
	g.rng = 0x5eed5eed12345678ULL;
	for (dims = 1; dims <= 3; dims++)
		mu_init(&m[dims], dims);

	for (e = 0; e < nexpr; e++) {
		if ((t = gen_expr(&g, &dims)) == NULL)
			continue;
		ck_assert_msg(mu_set(&m[dims], g.buf) == 0,
		    "generated \"%s\", muParser refused: %s", g.buf,
		    mupGetErrorMsg(m[dims].h));
		ve = vexpr_compile(g.buf, dims, consts, nconsts, &why);
		ck_assert_msg(ve != NULL, "%s: refused: %s", g.buf, why);
		ck_assert_int_eq(vexpr_isa_of(ve), _i);

		/* Two rows, at two (y, z). */
		for (row = 0; row < 2; row++) {
			xyz[1] = dims > 1 ? rnd_point(&g) : 0;
			xyz[2] = dims > 2 ? rnd_point(&g) : 0;
			for (j = 0; j < 24; j++)
				xs[j] = rnd_point(&g);
			vexpr_eval_row(ve, xs, 24, xyz[1], xyz[2], out);
			for (j = 0; j < 24; j++) {
				xyz[0] = xs[j];
				ref = mu_eval(&m[dims], xs[j], xyz[1], xyz[2]);
				count[diff_point(g.buf, t, xyz, out[j], ref)]++;
			}
		}
		vexpr_free(ve);
		gen_free(t);
	}
	/* Most points must have been compared, not skipped. */
	ck_assert_msg(count[2] * 20 < count[0] + count[1],
	    "%d points agree exactly, %d within tolerance, %d skipped",
	    count[0], count[1], count[2]);
	free(g.buf);
	for (dims = 1; dims <= 3; dims++)
		mupRelease(m[dims].h);
	vexpr_isa_limit(-1);
}
END_TEST

/*
 * Which operations run once per x segment, once per row and at every
 * point: constants fold away, ternaries and multi-argument functions are
 * classified node by node, and at most VEXPR_MAXCACHE x-only values are
 * kept (past that the latest x-only nodes run per row).
 */
START_TEST(test_classify)
{
	static const struct {
		const char	*expr;
		int		 dims;
		int		 x_only, yz_only, mixed, cached;
	} t[] = {
		{ "sin(x)*cos(y)+x*y", 2, 1, 1, 3, 1 },
		{ "x*2+1", 1, 2, 0, 0, 1 },		/* var * 2 + 1 */
		{ "k*y + x", 2, 0, 2, 1, 0 },
		{ "2*_pi + k", 3, 0, 0, 0, 0 },		/* folded */
		{ "x", 2, 0, 0, 0, 0 },
		{ "y*z + sin(y)", 3, 0, 3, 0, 0 },
		{ "x^3 + y^2", 2, 2, 1, 1, 1 },
		{ "x>0.5 ? sin(x) : y", 2, 2, 0, 1, 2 },
		{ "x>0.5 ? sin(x) : cos(x)", 2, 4, 0, 0, 1 },
		{ "(x>y) ? 3 : 10", 2, 0, 0, 2, 0 },
		{ "y>0 ? sin(x) : 1", 2, 1, 1, 1, 1 },
		{ "min(x, 2*x, y)", 2, 3, 0, 1, 1 },
		{ "sum(x, 1, 2)", 1, 3, 0, 0, 1 },
		{ "sum(3, (x>y) ? 3 : 10)", 2, 0, 0, 3, 0 },
		{ "atan2(x, y) + exp(x)", 2, 1, 0, 2, 1 },
		{ "sin(x)+cos(x)*sin(x)", 2, 4, 0, 0, 1 },
		{ "sin(x)*y+cos(x)*y+tan(x)*y+exp(x)*y+sqrt(x)*y+log(x)*y+"
		    "atan(x)*y+asin(x)*y+acos(x)*y+sinh(x)*y", 2, 8, 0, 21, 8 },
	};
	static const struct {
		const char	*expr;
		int		 dims, x_only;
	} xo[] = {
		{ "x", 2, 1 }, { "3*x^3-2*x^2+x-5", 2, 1 },
		{ "x>0.5 ? sin(x) : cos(x)", 3, 1 }, { "x*k", 2, 1 },
		{ "exp(x)*sin(x)", 1, 1 }, { "x*y", 2, 0 }, { "y", 2, 0 },
		{ "7", 2, 0 }, { "x + z*0", 3, 0 }, { "x>y ? x : 2*x", 2, 0 },
	};
	struct vexpr		*ve;
	struct vexpr_stats	 st;
	size_t			 i;

	init_consts();
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		ve = compile_ok(t[i].expr, t[i].dims);
		vexpr_stats(ve, &st);
		ck_assert_msg(st.x_only == t[i].x_only &&
		    st.yz_only == t[i].yz_only && st.mixed == t[i].mixed &&
		    st.cached == t[i].cached,
		    "%s: x-only %d, y/z-only %d, mixed %d, cached %d; want "
		    "%d, %d, %d, %d", t[i].expr, st.x_only, st.yz_only,
		    st.mixed, st.cached, t[i].x_only, t[i].yz_only,
		    t[i].mixed, t[i].cached);
		ck_assert(st.cached <= 8);
		vexpr_free(ve);
		ve = vexpr_compile_flags(t[i].expr, t[i].dims, consts,
		    nconsts, VEXPR_NOXCACHE, &(char *){ NULL });
		ck_assert_ptr_nonnull(ve);
		vexpr_stats(ve, &st);
		ck_assert(st.x_only == 0 && st.cached == 0 &&
		    st.mixed == t[i].x_only + t[i].mixed);
		vexpr_free(ve);
	}
	/* Values of x alone (their rows' sums are shared), and not. */
	for (i = 0; i < sizeof xo / sizeof xo[0]; i++) {
		ve = compile_ok(xo[i].expr, xo[i].dims);
		ck_assert_msg(vexpr_x_only(ve) == xo[i].x_only, "%s: x only %d",
		    xo[i].expr, vexpr_x_only(ve));
		vexpr_free(ve);
	}
}
END_TEST

/*
 * One expression, cached against the engine without the cache: rows of a
 * bound segment at several (y, z), the segment crossing blocks, and an
 * unbound row written to an unaligned array, must all give the same bits;
 * so must the same rows taken a block at a time, blocks in reverse order
 * (the x program then runs on the last block first) and the rows of each
 * block in turn.
 */
#define XC_ROWS	4
static void
same_as_uncached(const char *expr, int dims, struct gen *g, size_t n)
{
	struct vexpr	*ve, *ref;
	double		*xs, *out, *want[XC_ROWS], *odd, *rowv;
	const double	*p;
	double		 y[XC_ROWS], z[XC_ROWS], blk[VEXPR_BLOCK];
	size_t		 i, b, nb, m, rs;
	char		*why;
	int		 row;

	ve = compile_ok(expr, dims);
	ref = vexpr_compile_flags(expr, dims, consts, nconsts, VEXPR_NOXCACHE,
	    &why);
	ck_assert_msg(ref != NULL, "%s: refused: %s", expr, why);
	xs = xcalloc(n, sizeof *xs);
	out = xcalloc(n, sizeof *out);
	odd = xcalloc(n + 1, sizeof *odd);
	for (i = 0; i < n; i++)
		xs[i] = rnd_point(g);
	vexpr_bind_x(ve, xs, n);
	for (row = 0; row < XC_ROWS; row++) {
		y[row] = dims > 1 ? rnd_point(g) : 0;
		z[row] = dims > 2 ? rnd_point(g) : 0;
		want[row] = xcalloc(n, sizeof *want[row]);
		vexpr_eval_bound(ve, y[row], z[row], out);
		vexpr_eval_row(ref, xs, n, y[row], z[row], want[row]);
		for (i = 0; i < n; i++)
			ck_assert_msg(same_bits(out[i], want[row][i]),
			    "%s, row %d at (%.17g, %.17g, %.17g): cached "
			    "%.17g, uncached %.17g", expr, row, xs[i], y[row],
			    z[row], out[i], want[row][i]);
	}
	vexpr_eval_row(ve, xs, n, y[XC_ROWS - 1], z[XC_ROWS - 1], odd + 1);
	for (i = 0; i < n; i++)
		ck_assert_msg(same_bits(odd[i + 1], want[XC_ROWS - 1][i]),
		    "%s, unbound at x=%.17g: %.17g, uncached %.17g", expr,
		    xs[i], odd[i + 1], want[XC_ROWS - 1][i]);

	/* A block at a time, on a fresh bind. */
	vexpr_bind_x(ve, xs, n);
	rs = vexpr_row_size(ve);
	rowv = xcalloc(XC_ROWS * rs, sizeof *rowv);
	for (row = 0; row < XC_ROWS; row++)
		vexpr_row(ve, y[row], z[row], rowv + row * rs);
	nb = (n + VEXPR_BLOCK - 1) / VEXPR_BLOCK;
	for (b = nb; b-- > 0;) {
		m = n - b * VEXPR_BLOCK < VEXPR_BLOCK ? n - b * VEXPR_BLOCK :
		    VEXPR_BLOCK;
		for (row = 0; row < XC_ROWS; row++) {
			p = vexpr_eval_block(ve, rowv + row * rs, b, blk);
			for (i = 0; i < m; i++)
				ck_assert_msg(same_bits(p[i],
				    want[row][b * VEXPR_BLOCK + i]),
				    "%s, row %d, block %zu at x=%.17g: %.17g, "
				    "uncached %.17g", expr, row, b,
				    xs[b * VEXPR_BLOCK + i], p[i],
				    want[row][b * VEXPR_BLOCK + i]);
		}
	}
	for (row = 0; row < XC_ROWS; row++)
		free(want[row]);
	free(rowv);
	free(xs);
	free(out);
	free(odd);
	vexpr_free(ve);
	vexpr_free(ref);
}

/* The x cache changes no bit on the differential test's expressions. */
START_TEST(test_xcache)
{
	struct gen	 g;
	struct gnode	*t;
	int		 e, dims;

	init_consts();
	memset(&g, 0, sizeof g);
	g.rng = 0x5eed5eed12345678ULL;
	for (e = 0; e < 1500; e++) {
		if ((t = gen_expr(&g, &dims)) == NULL)
			continue;
		same_as_uncached(g.buf, dims, &g,
		    1 + (size_t)rndn(&g, e % 10 == 0 ? VEXPR_XMAX : 700));
		gen_free(t);
	}
	/* Past the cache's limit, and a full segment. */
	same_as_uncached("sin(x)*y+cos(x)*y+tan(x)*y+exp(x)*y+sqrt(x)*y+"
	    "log(x)*y+atan(x)*y+asin(x)*y+acos(x)*y+sinh(x)*y", 2, &g,
	    VEXPR_XMAX);
	same_as_uncached("sin(x)*cos(y)+x*y", 2, &g, VEXPR_XMAX);
	free(g.buf);
}
END_TEST

/* Rows over a bound segment follow the bound values, not stale ones. */
START_TEST(test_rebind)
{
	struct vexpr	*ve, *ref;
	double		 xs[300], out[300], want[300], row[16];
	const double	*p;
	size_t		 i, n, b;
	int		 k;

	ve = compile_ok("sin(x)*y + x*x", 2);
	ck_assert_uint_le(vexpr_row_size(ve), 16);
	ref = vexpr_compile_flags("sin(x)*y + x*x", 2, NULL, 0,
	    VEXPR_NOXCACHE, &(char *){ NULL });
	for (k = 0; k < 3; k++) {
		n = 300 - k;
		for (i = 0; i < n; i++)
			xs[i] = k + i / 300.0;
		vexpr_bind_x(ve, xs, n);
		vexpr_eval_bound(ve, 2, 0, out);
		vexpr_eval_bound(ve, 3, 0, out);
		vexpr_eval_row(ref, xs, n, 3, 0, want);
		for (i = 0; i < n; i++)
			ck_assert(same_bits(out[i], want[i]));
		/* The same a block at a time. */
		vexpr_bind_x(ve, xs, n);
		vexpr_row(ve, 3, 0, row);
		for (b = 0; b * VEXPR_BLOCK < n; b++) {
			p = vexpr_eval_block(ve, row, b, out);
			for (i = 0; i < VEXPR_BLOCK && b * VEXPR_BLOCK + i < n;
			    i++)
				ck_assert(same_bits(p[i],
				    want[b * VEXPR_BLOCK + i]));
		}
	}
	vexpr_free(ve);
	vexpr_free(ref);
}
END_TEST

Suite *
make_vexpr_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("vexpr");

	tc = tcase_create("semantics");
	tcase_add_loop_test(tc, test_exact, 0,
	    sizeof exact_cases / sizeof exact_cases[0]);
	tcase_add_loop_test(tc, test_ieee, 0,
	    sizeof ieee_cases / sizeof ieee_cases[0]);
	tcase_add_test(tc, test_ternary);
	tcase_add_test(tc, test_ternary_args);
	tcase_add_test(tc, test_powi);
	tcase_add_test(tc, test_const_override);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_refuse);
	tcase_add_test(tc, test_too_long);
	tcase_add_test(tc, test_deep);
	suite_add_tcase(s, tc);

	tc = tcase_create("rows");
	tcase_add_test(tc, test_hoist);
	tcase_add_test(tc, test_rows);
	tcase_add_test(tc, test_classify);
	tcase_add_test(tc, test_rebind);
	suite_add_tcase(s, tc);

	tc = tcase_create("differential");
	tcase_add_loop_test(tc, test_differential, VEXPR_ISA_BASE,
	    VEXPR_ISA_AVX512 + 1);
	tcase_add_test(tc, test_xcache);
	tcase_set_timeout(tc, 300);	/* an upper bound on a busy machine */
	suite_add_tcase(s, tc);

	return (s);
}
