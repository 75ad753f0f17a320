/*
 * vexpr: the vector engine. An expression muParser has accepted is parsed
 * again here, the way muParser 2.3.3 parses it (same precedences, same
 * bytecode rewrites, same constant folding, same formulas for asinh and
 * friends), into a graph of primitive operations with common parts shared.
 * Constants are folded, parts that depend only on y and z become a scalar
 * "row program" run once per (y, z), and the rest becomes a short list of
 * array operations (a product feeding a sum done in the same pass), each
 * run over a block of VEXPR_BLOCK x values in a loop the compiler
 * vectorises, calling glibc's libmvec for sin, exp, pow and the like.
 *
 * Results differ from muParser's only by the few ulps of libmvec and of
 * the integer powers done by multiplication; everything else is computed
 * with the same operations in the same order. Whatever is not understood
 * fails compilation with a reason, and the caller falls back to muParser.
 *
 * Nothing here recurses: the parser works on explicit stacks and the graph
 * is kept in creation order, which is a topological order.
 */
#include "config.h"

#include "vexpr.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/*
 * Loops marked VEXPR_SIMD are elementwise (an output may be one of the
 * inputs, element i only reads element i), so they may be vectorised
 * whatever the pointers alias. Without -fopenmp-simd (or with another
 * compiler) the compiler's own vectoriser decides.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#define VEXPR_SIMD	_Pragma("omp simd")
#else
#define VEXPR_SIMD
#endif

/*
 * glibc declares its vector math variants only under -ffast-math. Declare
 * them here so that vectorised loops call libmvec (_ZGVbN2v_sin at the
 * x86-64 baseline, _ZGVdN4v_sin with AVX2, ...). libmvec has sin, cos,
 * exp, log and pow since glibc 2.22 and the rest since 2.35.
 */
#if defined(__x86_64__) && defined(__GLIBC__) && defined(__GNUC__) && \
    !defined(__clang__) && !defined(__FAST_MATH__)
#define VEXPR_VEC	__attribute__((__simd__("notinbranch")))
double	sin(double) VEXPR_VEC;
double	cos(double) VEXPR_VEC;
double	exp(double) VEXPR_VEC;
double	log(double) VEXPR_VEC;
double	pow(double, double) VEXPR_VEC;
#if __GLIBC_PREREQ(2, 35)
double	tan(double) VEXPR_VEC;
double	asin(double) VEXPR_VEC;
double	acos(double) VEXPR_VEC;
double	atan(double) VEXPR_VEC;
double	atan2(double, double) VEXPR_VEC;
double	sinh(double) VEXPR_VEC;
double	cosh(double) VEXPR_VEC;
double	tanh(double) VEXPR_VEC;
double	log10(double) VEXPR_VEC;
#endif
#endif

/*
 * Built for the x86-64 baseline, the block loops are compiled a second
 * time for AVX2 and picked at load time on CPUs that have it: libmvec's
 * AVX2 sin is three times as fast as its SSE2 one.
 */
#if defined(__x86_64__) && defined(__GLIBC__) && defined(__GNUC__) && \
    !defined(__clang__) && !defined(__AVX2__)
#define VEXPR_RUN_ATTR	__attribute__((target_clones("avx2", "default")))
#else
#define VEXPR_RUN_ATTR
#endif

/*
 * a * b + c rounds twice in muParser: no fused multiply-add in the block
 * loops, even where the build targets FMA (GCC contracts by default).
 */
#if defined(__FMA__) && defined(__GNUC__) && !defined(__clang__)
#define VEXPR_NO_FMA
#endif
#pragma STDC FP_CONTRACT OFF

#define VEXPR_MAXPOWI	8	/* x^n by multiplication up to this |n| */

/* Operations of the graph; unary, then binary, then the ternary select. */
enum vexpr_op {
	OP_CONST,
	OP_VAR,

	OP_NEG,
	OP_SIN,
	OP_COS,
	OP_TAN,
	OP_ASIN,
	OP_ACOS,
	OP_ATAN,
	OP_SINH,
	OP_COSH,
	OP_TANH,
	OP_EXP,
	OP_LOG,
	OP_LOG10,
	OP_SQRT,
	OP_ABS,		/* muParser's (v >= 0) ? v : -v */
	OP_SIGN,
	OP_FLOOR,
	OP_SQRTP,	/* pow(v, 0.5) */
	OP_RSQRTP,	/* pow(v, -0.5) */

	OP_ADD,
	OP_SUB,
	OP_MUL,
	OP_DIV,
	OP_POW,
	OP_LT,
	OP_GT,
	OP_LE,
	OP_GE,
	OP_EQ,
	OP_NE,
	OP_AND,
	OP_OR,
	OP_MIN,		/* std::min(r, v): (v < r) ? v : r */
	OP_MAX,		/* std::max(r, v): (r < v) ? v : r */
	OP_ATAN2,

	OP_SELECT,
	OP_NOPS
};
#define OP_ISBINARY(op)	((op) >= OP_ADD && (op) < OP_SELECT)

/* What a node depends on: nothing, y and z only, or x. */
enum vexpr_cls {
	CLS_CONST,
	CLS_UNI,
	CLS_VEC
};

struct vexpr_node {
	int		 op;
	int		 cls;
	int		 a, b, c;	/* operands, -1 when absent */
	int		 var;		/* OP_VAR: 0 x, 1 y, 2 z */
	double		 val;		/* OP_CONST */
};

/*
 * A copy of one muParser bytecode token, enough to replay its optimizer:
 * a value, a variable, var * data + data2, var^2..4, or anything else.
 */
enum vexpr_tcmd {
	T_OTHER,
	T_VAL,
	T_VAR,
	T_VARMUL,
	T_VARPOW2,
	T_VARPOW3,
	T_VARPOW4
};

struct vexpr_tok {
	int		 cmd;
	int		 var;		/* -1: none (muParser's null) */
	double		 data;
	double		 data2;
};

/* Operator stack entries, as in muParser's CreateRPN. */
enum vexpr_okind {
	OK_BO,
	OK_FUNC,
	OK_INFIX,
	OK_BIN,
	OK_IF,
	OK_ELSE
};

struct vexpr_opent {
	int		 kind;
	int		 code;		/* OP_* for OK_BIN, function index */
	int		 pos;		/* offset in the source, for messages */
	int		 ternary;	/* OK_BO: a '?' inside these brackets */
};

enum vexpr_tk {
	TK_NONE,
	TK_END,
	TK_VAL,
	TK_VAR,
	TK_FUNC,
	TK_BIN,
	TK_INFIX,
	TK_BO,
	TK_BC,
	TK_SEP,
	TK_IF,
	TK_ELSE
};

/* muParser 2.3.3's functions; nargs -1 is variadic. */
enum vexpr_fn {
	FN_SIN, FN_COS, FN_TAN, FN_ASIN, FN_ACOS, FN_ATAN, FN_ATAN2,
	FN_SINH, FN_COSH, FN_TANH, FN_ASINH, FN_ACOSH, FN_ATANH,
	FN_LOG2, FN_LOG10, FN_LOG, FN_LN, FN_EXP, FN_SQRT, FN_SIGN,
	FN_RINT, FN_ABS, FN_SUM, FN_AVG, FN_MIN, FN_MAX
};

static const struct {
	const char	*name;
	int		 nargs;
} vexpr_fns[] = {
	{ "sin", 1 }, { "cos", 1 }, { "tan", 1 }, { "asin", 1 },
	{ "acos", 1 }, { "atan", 1 }, { "atan2", 2 }, { "sinh", 1 },
	{ "cosh", 1 }, { "tanh", 1 }, { "asinh", 1 }, { "acosh", 1 },
	{ "atanh", 1 }, { "log2", 1 }, { "log10", 1 }, { "log", 1 },
	{ "ln", 1 }, { "exp", 1 }, { "sqrt", 1 }, { "sign", 1 },
	{ "rint", 1 }, { "abs", 1 }, { "sum", -1 }, { "avg", -1 },
	{ "min", -1 }, { "max", -1 }
};
#define VEXPR_NFNS	(sizeof vexpr_fns / sizeof vexpr_fns[0])

/* The built-in operator strings, in muParser's matching order. */
static const struct {
	const char	*s;
	int		 tk;
	int		 op;
} vexpr_oprts[] = {
	{ "<=", TK_BIN, OP_LE }, { ">=", TK_BIN, OP_GE },
	{ "!=", TK_BIN, OP_NE }, { "==", TK_BIN, OP_EQ },
	{ "<", TK_BIN, OP_LT }, { ">", TK_BIN, OP_GT },
	{ "+", TK_BIN, OP_ADD }, { "-", TK_BIN, OP_SUB },
	{ "*", TK_BIN, OP_MUL }, { "/", TK_BIN, OP_DIV },
	{ "^", TK_BIN, OP_POW }, { "&&", TK_BIN, OP_AND },
	{ "||", TK_BIN, OP_OR }, { "=", TK_NONE, 0 },
	{ "(", TK_BO, 0 }, { ")", TK_BC, 0 },
	{ "?", TK_IF, 0 }, { ":", TK_ELSE, 0 }
};
#define VEXPR_NOPRTS	(sizeof vexpr_oprts / sizeof vexpr_oprts[0])

/* Compilation state. */
struct vexpr_cc {
	const char		*src;
	size_t			 pos;
	int			 dims;
	const struct task_const	*consts;
	int			 nconsts;
	char			*why;

	struct vexpr_node	*nodes;
	int			 nnodes;
	int			 nodesalloc;
	int			*hash;		/* open addressing, -1 empty */
	size_t			 hashsize;

	struct vexpr_tok	*rpn;
	int			 nrpn;
	int			 rpnalloc;

	int			*vals;		/* value stack of node ids */
	int			 nvals;
	int			 valsalloc;

	struct vexpr_opent	*opts;
	int			 nopts;
	int			 optsalloc;

	int			*argc;		/* arguments in each bracket */
	int			 nargc;
	int			 argcalloc;

	/* The token just read. */
	double			 tkval;
	int			 tkcode;
	int			 tkpos;
};

/* Block program: one array operation per instruction. */
enum vexpr_shape {
	SH_VV,		/* both operands registers */
	SH_VS,		/* a register, b scalar slot */
	SH_SV		/* a scalar slot, b register */
};
#define VI_BCAST	OP_CONST	/* fill register from a slot */
#define VI_BIN(op, sh)	(OP_NOPS + 3 * ((op) - OP_ADD) + (sh))
/*
 * a * b + c, a * b - c and c - a * b in one pass (rounded twice, as
 * muParser does), b and c each a register or a slot.
 */
enum vexpr_mad {
	MAD_ADD,
	MAD_SUBL,	/* a * b - c */
	MAD_SUBR	/* c - a * b */
};
#define VI_MAD(k, bs, cs)						\
	(VI_BIN(OP_SELECT, 0) + 4 * (k) + 2 * (bs) + (cs))

struct vexpr_ins {
	int		 op;
	int		 d;
	int		 a, b, c;
};

#define REG_X		0	/* the x values given, read only */
#define REG_OUT		1	/* the caller's output */
#define SLOT_Y		0
#define SLOT_Z		1

enum vexpr_result {
	RES_BLOCK,	/* the block program writes REG_OUT */
	RES_SLOT,	/* a scalar, the same for every x */
	RES_X		/* x itself */
};

struct vexpr {
	struct vexpr_ins	*ins;		/* block program */
	int			 nins;
	struct vexpr_ins	*rins;		/* row program, on slots */
	int			 nrins;
	double			*slot;
	int			 nslot;
	double			**reg;
	int			 nreg;
	void			*regbase;
	int			 result;
	int			 rslot;
	int			 cached;	/* slots hold row cy, cz */
	uint64_t		 cy, cz;
};

static int	vexpr_mk(struct vexpr_cc *, int, int, int, int);
static int	vexpr_fail(struct vexpr_cc *, int, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Record why compilation fails (the first reason only); returns -1. */
static int
vexpr_fail(struct vexpr_cc *cc, int pos, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (cc->why != NULL)
		return (-1);
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (pos >= 0) {
		xasprintf(&cc->why, "%s at position %d", msg, pos + 1);
		free(msg);
	} else
		cc->why = msg;
	return (-1);
}

/* Evaluate one operation on scalars, with muParser's semantics. */
static double
vexpr_scalar(int op, double a, double b, double c)
{
	switch (op) {
	case OP_NEG:
		return (-a);
	case OP_SIN:
		return (sin(a));
	case OP_COS:
		return (cos(a));
	case OP_TAN:
		return (tan(a));
	case OP_ASIN:
		return (asin(a));
	case OP_ACOS:
		return (acos(a));
	case OP_ATAN:
		return (atan(a));
	case OP_SINH:
		return (sinh(a));
	case OP_COSH:
		return (cosh(a));
	case OP_TANH:
		return (tanh(a));
	case OP_EXP:
		return (exp(a));
	case OP_LOG:
		return (log(a));
	case OP_LOG10:
		return (log10(a));
	case OP_SQRT:
		return (sqrt(a));
	case OP_ABS:
		return (a >= 0 ? a : -a);
	case OP_SIGN:
		return (a < 0 ? -1.0 : a > 0 ? 1.0 : 0.0);
	case OP_FLOOR:
		return (floor(a));
	case OP_SQRTP:
		return (pow(a, 0.5));
	case OP_RSQRTP:
		return (pow(a, -0.5));
	case OP_ADD:
		return (a + b);
	case OP_SUB:
		return (a - b);
	case OP_MUL:
		return (a * b);
	case OP_DIV:
		return (a / b);
	case OP_POW:
		return (pow(a, b));
	case OP_LT:
		return (a < b);
	case OP_GT:
		return (a > b);
	case OP_LE:
		return (a <= b);
	case OP_GE:
		return (a >= b);
	case OP_EQ:
		return (a == b);
	case OP_NE:
		return (a != b);
	case OP_AND:
		return (a != 0 && b != 0);
	case OP_OR:
		return (a != 0 || b != 0);
	case OP_MIN:
		return (b < a ? b : a);
	case OP_MAX:
		return (a < b ? b : a);
	case OP_ATAN2:
		return (atan2(a, b));
	case OP_SELECT:
		return (a != 0 ? b : c);
	}
	return (NAN);
}

/*
 * muParser folds && and || of two constants as (int)a && (int)b, so 0.5
 * is false there while it is true at run time. Out of int range, x86
 * gives INT_MIN, also for NaN; other machines saturate, NaN giving 0.
 */
static int
vexpr_int_truth(double v)
{
#if defined(__x86_64__) || defined(__i386__)
	return (!(fabs(v) < 1.0));
#else
	return (fabs(v) >= 1.0);
#endif
}

static void
vexpr_grow(void **p, int *alloc, int need, size_t size)
{
	int	 n;

	if (need <= *alloc)
		return;
	n = *alloc < 16 ? 16 : *alloc;
	while (n < need)
		n *= 2;
	*p = xreallocarray(*p, n, size);
	*alloc = n;
}

static uint64_t
vexpr_bits(double v)
{
	uint64_t	 u;

	memcpy(&u, &v, sizeof u);
	return (u);
}

static size_t
vexpr_hashnode(const struct vexpr_node *n)
{
	uint64_t	 h;

	h = (uint64_t)n->op * 0x9e3779b97f4a7c15ULL;
	h ^= (uint64_t)(n->a + 1) * 0xbf58476d1ce4e5b9ULL;
	h ^= (uint64_t)(n->b + 1) * 0x94d049bb133111ebULL;
	h ^= (uint64_t)(n->c + 1) * 0x2545f4914f6cdd1dULL;
	h ^= (uint64_t)(n->var + 1) * 0x9e3779b97f4a7c15ULL;
	h ^= vexpr_bits(n->val);
	h ^= h >> 31;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 29;
	return ((size_t)h);
}

static int
vexpr_samenode(const struct vexpr_node *x, const struct vexpr_node *y)
{
	return (x->op == y->op && x->a == y->a && x->b == y->b &&
	    x->c == y->c && x->var == y->var &&
	    vexpr_bits(x->val) == vexpr_bits(y->val));
}

/* Find or add a node; equal nodes are shared (common subexpressions). */
static int
vexpr_intern(struct vexpr_cc *cc, const struct vexpr_node *n)
{
	size_t	 i, mask, j;
	int	 id;

	if ((size_t)cc->nnodes * 2 >= cc->hashsize) {
		free(cc->hash);
		cc->hashsize = cc->hashsize == 0 ? 256 : cc->hashsize * 2;
		cc->hash = xreallocarray(NULL, cc->hashsize, sizeof *cc->hash);
		memset(cc->hash, 0xff, cc->hashsize * sizeof *cc->hash);
		mask = cc->hashsize - 1;
		for (id = 0; id < cc->nnodes; id++) {
			j = vexpr_hashnode(&cc->nodes[id]) & mask;
			while (cc->hash[j] != -1)
				j = (j + 1) & mask;
			cc->hash[j] = id;
		}
	}
	mask = cc->hashsize - 1;
	i = vexpr_hashnode(n) & mask;
	while ((id = cc->hash[i]) != -1) {
		if (vexpr_samenode(&cc->nodes[id], n))
			return (id);
		i = (i + 1) & mask;
	}
	vexpr_grow((void **)&cc->nodes, &cc->nodesalloc, cc->nnodes + 1,
	    sizeof *cc->nodes);
	id = cc->nnodes++;
	cc->nodes[id] = *n;
	cc->hash[i] = id;
	return (id);
}

static int
vexpr_const(struct vexpr_cc *cc, double v)
{
	struct vexpr_node	 n;

	memset(&n, 0, sizeof n);
	n.op = OP_CONST;
	n.cls = CLS_CONST;
	n.a = n.b = n.c = n.var = -1;
	n.val = v;
	return (vexpr_intern(cc, &n));
}

static int
vexpr_var(struct vexpr_cc *cc, int var)
{
	struct vexpr_node	 n;

	memset(&n, 0, sizeof n);
	n.op = OP_VAR;
	n.cls = var == 0 ? CLS_VEC : CLS_UNI;
	n.a = n.b = n.c = -1;
	n.var = var;
	return (vexpr_intern(cc, &n));
}

static int
vexpr_isconst(struct vexpr_cc *cc, int id, double v)
{
	const struct vexpr_node	*n = &cc->nodes[id];

	return (n->op == OP_CONST && vexpr_bits(n->val) == vexpr_bits(v));
}

/* x^n for an integer n by squaring and multiplying. */
static int
vexpr_powi(struct vexpr_cc *cc, int a, int n)
{
	int	 r = -1, p = a;
	unsigned k;

	if (n == 0)
		return (vexpr_const(cc, 1.0));
	k = n < 0 ? -(unsigned)n : (unsigned)n;
	for (;;) {
		if (k & 1)
			r = r == -1 ? p : vexpr_mk(cc, OP_MUL, r, p, -1);
		k >>= 1;
		if (k == 0)
			break;
		p = vexpr_mk(cc, OP_MUL, p, p, -1);
	}
	if (n < 0)
		r = vexpr_mk(cc, OP_DIV, vexpr_const(cc, 1.0), r, -1);
	return (r);
}

/*
 * Make a node, folding constants and applying only rewrites that give
 * bit-identical results (x*1 is x, b + -a is b - a, ...), except that
 * powers of x with constant exponents are strength-reduced.
 */
static int
vexpr_mk(struct vexpr_cc *cc, int op, int a, int b, int c)
{
	struct vexpr_node	 n;
	const struct vexpr_node	*na, *nb, *nc;
	double			 e;
	int			 t;

	na = &cc->nodes[a];
	nb = b == -1 ? NULL : &cc->nodes[b];
	nc = c == -1 ? NULL : &cc->nodes[c];

	memset(&n, 0, sizeof n);
	n.op = op;
	n.a = a;
	n.b = b;
	n.c = c;
	n.var = -1;
	n.cls = na->cls;
	if (nb != NULL && nb->cls > n.cls)
		n.cls = nb->cls;
	if (nc != NULL && nc->cls > n.cls)
		n.cls = nc->cls;

	if (n.cls == CLS_CONST)
		return (vexpr_const(cc, vexpr_scalar(op, na->val,
		    nb != NULL ? nb->val : 0, nc != NULL ? nc->val : 0)));

	switch (op) {
	case OP_NEG:
		if (na->op == OP_NEG)
			return (na->a);
		break;
	case OP_ADD:
		/* b + (-a) is b - a, exactly. */
		if (nb->op == OP_NEG)
			return (vexpr_mk(cc, OP_SUB, a, nb->a, -1));
		if (na->op == OP_NEG)
			return (vexpr_mk(cc, OP_SUB, b, na->a, -1));
		if (a > b) {
			t = a;
			n.a = b;
			n.b = t;
		}
		break;
	case OP_SUB:
		if (vexpr_isconst(cc, b, 0.0))
			return (a);
		if (nb->op == OP_NEG)
			return (vexpr_mk(cc, OP_ADD, a, nb->a, -1));
		break;
	case OP_MUL:
		if (vexpr_isconst(cc, a, 1.0))
			return (b);
		if (vexpr_isconst(cc, b, 1.0))
			return (a);
		if (vexpr_isconst(cc, a, -1.0))
			return (vexpr_mk(cc, OP_NEG, b, -1, -1));
		if (vexpr_isconst(cc, b, -1.0))
			return (vexpr_mk(cc, OP_NEG, a, -1, -1));
		if (a > b) {
			t = a;
			n.a = b;
			n.b = t;
		}
		break;
	case OP_DIV:
		if (vexpr_isconst(cc, b, 1.0))
			return (a);
		break;
	case OP_EQ:
	case OP_NE:
	case OP_AND:
	case OP_OR:
		if (a > b) {
			t = a;
			n.a = b;
			n.b = t;
		}
		break;
	case OP_POW:
		/* Scalars keep pow; arrays get cheaper equivalents. */
		if (na->cls != CLS_VEC || nb->op != OP_CONST)
			break;
		e = nb->val;
		if (e == 0.5)
			return (vexpr_mk(cc, OP_SQRTP, a, -1, -1));
		if (e == -0.5)
			return (vexpr_mk(cc, OP_RSQRTP, a, -1, -1));
		if (e == trunc(e) && fabs(e) <= VEXPR_MAXPOWI)
			return (vexpr_powi(cc, a, (int)e));
		break;
	case OP_SELECT:
		if (na->op == OP_CONST)
			return (na->val != 0 ? b : c);
		if (b == c)
			return (b);
		break;
	}
	return (vexpr_intern(cc, &n));
}

/* The node muParser's optimizer token stands for. */
static int
vexpr_tok_node(struct vexpr_cc *cc, const struct vexpr_tok *t)
{
	int	 v;

	if (t->cmd == T_VAL)
		return (vexpr_const(cc, t->data2));
	v = vexpr_var(cc, t->var);
	switch (t->cmd) {
	case T_VARMUL:
		return (vexpr_mk(cc, OP_ADD, vexpr_mk(cc, OP_MUL, v,
		    vexpr_const(cc, t->data), -1), vexpr_const(cc, t->data2),
		    -1));
	case T_VARPOW2:
		return (vexpr_mk(cc, OP_MUL, v, v, -1));
	case T_VARPOW3:
		return (vexpr_mk(cc, OP_MUL, vexpr_mk(cc, OP_MUL, v, v, -1), v,
		    -1));
	case T_VARPOW4:
		return (vexpr_mk(cc, OP_MUL, vexpr_mk(cc, OP_MUL,
		    vexpr_mk(cc, OP_MUL, v, v, -1), v, -1), v, -1));
	}
	return (v);
}

static void
vexpr_rpn_push(struct vexpr_cc *cc, int cmd, int var, double data,
    double data2)
{
	struct vexpr_tok	*t;

	vexpr_grow((void **)&cc->rpn, &cc->rpnalloc, cc->nrpn + 1,
	    sizeof *cc->rpn);
	t = &cc->rpn[cc->nrpn++];
	t->cmd = cmd;
	t->var = var;
	t->data = data;
	t->data2 = data2;
}

static void
vexpr_push_val(struct vexpr_cc *cc, int id)
{
	vexpr_grow((void **)&cc->vals, &cc->valsalloc, cc->nvals + 1,
	    sizeof *cc->vals);
	cc->vals[cc->nvals++] = id;
}

/*
 * Replay muParser's ParserByteCode::AddOp on the copied tokens: fold two
 * values, or rewrite var^n, var*c, var+c, ... into one token. Rewritten
 * tokens change how muParser rounds (x*3*5 becomes x*15), so the graph
 * follows the tokens.
 */
static int
vexpr_apply_bin(struct vexpr_cc *cc, int op)
{
	struct vexpr_tok	*t1, *t2;
	double			 sign;
	int			 a, b, id, sz = cc->nrpn, done = 0;

	if (cc->nvals < 2 || sz < 2)
		return (vexpr_fail(cc, -1, "syntax error"));
	b = cc->vals[--cc->nvals];
	a = cc->vals[--cc->nvals];
	t1 = &cc->rpn[sz - 2];
	t2 = &cc->rpn[sz - 1];

	if (t1->cmd == T_VAL && t2->cmd == T_VAL) {
		if (op == OP_AND)
			t1->data2 = vexpr_int_truth(t1->data2) &&
			    vexpr_int_truth(t2->data2);
		else if (op == OP_OR)
			t1->data2 = vexpr_int_truth(t1->data2) ||
			    vexpr_int_truth(t2->data2);
		else
			t1->data2 = vexpr_scalar(op, t1->data2, t2->data2, 0);
		cc->nrpn--;
		vexpr_push_val(cc, vexpr_const(cc, t1->data2));
		return (0);
	}

	switch (op) {
	case OP_POW:
		if (t1->cmd != T_VAR || t2->cmd != T_VAL)
			break;
		done = 1;
		if (t2->data2 == 0) {
			t1->cmd = T_VAL;
			t1->var = -1;
			t1->data = 0;
			t1->data2 = 1;
		} else if (t2->data2 == 1)
			t1->cmd = T_VAR;
		else if (t2->data2 == 2)
			t1->cmd = T_VARPOW2;
		else if (t2->data2 == 3)
			t1->cmd = T_VARPOW3;
		else if (t2->data2 == 4)
			t1->cmd = T_VARPOW4;
		else
			done = 0;
		break;
	case OP_ADD:
	case OP_SUB:
		if ((t2->cmd == T_VAR && t1->cmd == T_VAL) ||
		    (t2->cmd == T_VAL && t1->cmd == T_VAR) ||
		    (t2->cmd == T_VAL && t1->cmd == T_VARMUL) ||
		    (t2->cmd == T_VARMUL && t1->cmd == T_VAL) ||
		    ((t2->cmd == T_VAR || t2->cmd == T_VARMUL) &&
		    (t1->cmd == T_VAR || t1->cmd == T_VARMUL) &&
		    t1->var == t2->var)) {
			sign = op == OP_SUB ? -1 : 1;
			t1->cmd = T_VARMUL;
			if (t1->var == -1)
				t1->var = t2->var;
			t1->data2 += sign * t2->data2;
			t1->data += sign * t2->data;
			done = 1;
		}
		break;
	case OP_MUL:
		if ((t2->cmd == T_VAR && t1->cmd == T_VAL) ||
		    (t2->cmd == T_VAL && t1->cmd == T_VAR)) {
			t1->cmd = T_VARMUL;
			if (t1->var == -1)
				t1->var = t2->var;
			t1->data = t1->data2 + t2->data2;
			t1->data2 = 0;
			done = 1;
		} else if ((t2->cmd == T_VAL && t1->cmd == T_VARMUL) ||
		    (t2->cmd == T_VARMUL && t1->cmd == T_VAL)) {
			t1->cmd = T_VARMUL;
			if (t1->var == -1)
				t1->var = t2->var;
			if (t2->cmd == T_VAL) {
				t1->data *= t2->data2;
				t1->data2 *= t2->data2;
			} else {
				t1->data = t2->data * t1->data2;
				t1->data2 = t2->data2 * t1->data2;
			}
			done = 1;
		} else if (t2->cmd == T_VAR && t1->cmd == T_VAR &&
		    t1->var == t2->var) {
			t1->cmd = T_VARPOW2;
			done = 1;
		}
		break;
	case OP_DIV:
		if (t2->cmd == T_VAL && t1->cmd == T_VARMUL &&
		    t2->data2 != 0) {
			t1->data /= t2->data2;
			t1->data2 /= t2->data2;
			done = 1;
		}
		break;
	}
	if (done) {
		cc->nrpn--;
		id = vexpr_tok_node(cc, t1);
	} else {
		vexpr_rpn_push(cc, T_OTHER, -1, 0, 0);
		id = vexpr_mk(cc, op, a, b, -1);
	}
	vexpr_push_val(cc, id);
	return (0);
}

/* Build a function of its arguments from primitives, as MathImpl does. */
static int
vexpr_build_fn(struct vexpr_cc *cc, int fn, const int *av, int n)
{
	int	 v = av[0], one, r, i;

	one = vexpr_const(cc, 1.0);
	switch (fn) {
	case FN_SIN:
		return (vexpr_mk(cc, OP_SIN, v, -1, -1));
	case FN_COS:
		return (vexpr_mk(cc, OP_COS, v, -1, -1));
	case FN_TAN:
		return (vexpr_mk(cc, OP_TAN, v, -1, -1));
	case FN_ASIN:
		return (vexpr_mk(cc, OP_ASIN, v, -1, -1));
	case FN_ACOS:
		return (vexpr_mk(cc, OP_ACOS, v, -1, -1));
	case FN_ATAN:
		return (vexpr_mk(cc, OP_ATAN, v, -1, -1));
	case FN_ATAN2:
		return (vexpr_mk(cc, OP_ATAN2, av[0], av[1], -1));
	case FN_SINH:
		return (vexpr_mk(cc, OP_SINH, v, -1, -1));
	case FN_COSH:
		return (vexpr_mk(cc, OP_COSH, v, -1, -1));
	case FN_TANH:
		return (vexpr_mk(cc, OP_TANH, v, -1, -1));
	case FN_ASINH:
	case FN_ACOSH:
		/* log(v + sqrt(v * v +- 1)) */
		r = vexpr_mk(cc, fn == FN_ASINH ? OP_ADD : OP_SUB,
		    vexpr_mk(cc, OP_MUL, v, v, -1), one, -1);
		r = vexpr_mk(cc, OP_ADD, v, vexpr_mk(cc, OP_SQRT, r, -1, -1),
		    -1);
		return (vexpr_mk(cc, OP_LOG, r, -1, -1));
	case FN_ATANH:
		/* 0.5 * log((1 + v) / (1 - v)) */
		r = vexpr_mk(cc, OP_DIV, vexpr_mk(cc, OP_ADD, one, v, -1),
		    vexpr_mk(cc, OP_SUB, one, v, -1), -1);
		return (vexpr_mk(cc, OP_MUL, vexpr_const(cc, 0.5),
		    vexpr_mk(cc, OP_LOG, r, -1, -1), -1));
	case FN_LOG2:
		/* log(v) / log(2) */
		return (vexpr_mk(cc, OP_DIV, vexpr_mk(cc, OP_LOG, v, -1, -1),
		    vexpr_const(cc, log(2.0)), -1));
	case FN_LOG10:
		return (vexpr_mk(cc, OP_LOG10, v, -1, -1));
	case FN_LOG:
	case FN_LN:
		return (vexpr_mk(cc, OP_LOG, v, -1, -1));
	case FN_EXP:
		return (vexpr_mk(cc, OP_EXP, v, -1, -1));
	case FN_SQRT:
		return (vexpr_mk(cc, OP_SQRT, v, -1, -1));
	case FN_SIGN:
		return (vexpr_mk(cc, OP_SIGN, v, -1, -1));
	case FN_RINT:
		/* floor(v + 0.5) */
		return (vexpr_mk(cc, OP_FLOOR, vexpr_mk(cc, OP_ADD, v,
		    vexpr_const(cc, 0.5), -1), -1, -1));
	case FN_ABS:
		return (vexpr_mk(cc, OP_ABS, v, -1, -1));
	case FN_SUM:
	case FN_AVG:
		/* r = 0; r += a[i]; avg divides by n */
		r = vexpr_const(cc, 0.0);
		for (i = 0; i < n; i++)
			r = vexpr_mk(cc, OP_ADD, r, av[i], -1);
		if (fn == FN_AVG)
			r = vexpr_mk(cc, OP_DIV, r, vexpr_const(cc, n), -1);
		return (r);
	case FN_MIN:
	case FN_MAX:
		/* r = a[0]; r = std::min(r, a[i]), the first a no-op */
		r = av[0];
		for (i = 1; i < n; i++)
			r = vexpr_mk(cc, fn == FN_MIN ? OP_MIN : OP_MAX, r,
			    av[i], -1);
		return (r);
	}
	return (vexpr_fail(cc, -1, "internal error"));
}

/*
 * Apply a function or a sign, replaying ParserByteCode::AddFun: functions
 * with a fixed number of arguments, all plain values, fold into a value;
 * unary plus leaves the tokens alone.
 */
static int
vexpr_apply_fn(struct vexpr_cc *cc, const struct vexpr_opent *o, int n)
{
	int	 av[64], *args = av, nargs, i, id, fold, fn = -1;

	if (o->kind == OK_INFIX)
		nargs = 1;
	else {
		fn = o->code;
		nargs = vexpr_fns[fn].nargs;
		if ((nargs > 0 && n != nargs) || n < 1)
			return (vexpr_fail(cc, o->pos,
			    "wrong number of arguments for %s",
			    vexpr_fns[fn].name));
		nargs = n;
	}
	if (cc->nvals < nargs || cc->nrpn < nargs)
		return (vexpr_fail(cc, o->pos, "syntax error"));
	if (nargs > (int)(sizeof av / sizeof av[0]))
		args = xreallocarray(NULL, nargs, sizeof *args);
	cc->nvals -= nargs;
	for (i = 0; i < nargs; i++)
		args[i] = cc->vals[cc->nvals + i];

	if (o->kind == OK_INFIX) {
		if (o->code == OP_ADD) {
			vexpr_push_val(cc, args[0]);
			return (0);
		}
		id = vexpr_mk(cc, OP_NEG, args[0], -1, -1);
	} else
		id = vexpr_build_fn(cc, fn, args, nargs);
	if (args != av)
		free(args);
	if (id == -1)
		return (-1);

	fold = o->kind == OK_INFIX || vexpr_fns[fn].nargs > 0;
	for (i = 0; fold && i < nargs; i++) {
		if (cc->rpn[cc->nrpn - 1 - i].cmd != T_VAL)
			fold = 0;
	}
	if (fold) {
		if (cc->nodes[id].op != OP_CONST)
			return (vexpr_fail(cc, -1, "internal error"));
		cc->nrpn -= nargs;
		vexpr_rpn_push(cc, T_VAL, -1, 0, cc->nodes[id].val);
	} else
		vexpr_rpn_push(cc, T_OTHER, -1, 0, 0);
	vexpr_push_val(cc, id);
	return (0);
}

/* muParser's ApplyIfElse: close every pending ?: on top of the stack. */
static int
vexpr_apply_ifelse(struct vexpr_cc *cc)
{
	int	 c, a, b;

	while (cc->nopts > 0 && cc->opts[cc->nopts - 1].kind == OK_ELSE) {
		cc->nopts--;
		if (cc->nopts == 0 || cc->opts[cc->nopts - 1].kind != OK_IF ||
		    cc->nvals < 3)
			return (vexpr_fail(cc, -1, "misplaced colon"));
		cc->nopts--;
		b = cc->vals[--cc->nvals];
		a = cc->vals[--cc->nvals];
		c = cc->vals[--cc->nvals];
		vexpr_rpn_push(cc, T_OTHER, -1, 0, 0);	/* cmENDIF */
		vexpr_push_val(cc, vexpr_mk(cc, OP_SELECT, c, a, b));
	}
	return (0);
}

static int
vexpr_apply_top(struct vexpr_cc *cc)
{
	struct vexpr_opent	 o;

	o = cc->opts[cc->nopts - 1];
	switch (o.kind) {
	case OK_INFIX:
		cc->nopts--;
		return (vexpr_apply_fn(cc, &o, 1));
	case OK_BIN:
		cc->nopts--;
		return (vexpr_apply_bin(cc, o.code));
	case OK_ELSE:
		return (vexpr_apply_ifelse(cc));
	}
	return (vexpr_fail(cc, o.pos, "syntax error"));
}

/* muParser's ApplyRemainingOprt: apply down to a bracket or an open '?'. */
static int
vexpr_apply_remaining(struct vexpr_cc *cc)
{
	while (cc->nopts > 0 && cc->opts[cc->nopts - 1].kind != OK_BO &&
	    cc->opts[cc->nopts - 1].kind != OK_IF) {
		if (vexpr_apply_top(cc) == -1)
			return (-1);
	}
	return (0);
}

static int
vexpr_prec(const struct vexpr_opent *o)
{
	switch (o->kind) {
	case OK_INFIX:
		return (6);
	case OK_IF:
	case OK_ELSE:
		return (0);
	}
	switch (o->code) {
	case OP_OR:
		return (1);
	case OP_AND:
		return (2);
	case OP_ADD:
	case OP_SUB:
		return (5);
	case OP_MUL:
	case OP_DIV:
		return (6);
	case OP_POW:
		return (7);
	}
	return (4);	/* comparisons */
}

static int
vexpr_isname(int ch)
{
	return ((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
	    (ch >= 'A' && ch <= 'Z') || ch == '_');
}

/*
 * Read a number as muParser's stream extraction does: digits, an optional
 * '.' and digits (at least one digit in all), an optional exponent. 0 if
 * there is none here.
 */
static int
vexpr_number(struct vexpr_cc *cc, size_t *end)
{
	const char	*s = cc->src + cc->pos;
	char		*buf, *ep;
	size_t		 i = 0, ndig = 0;

	while (s[i] >= '0' && s[i] <= '9')
		i++, ndig++;
	if (s[i] == '.') {
		i++;
		while (s[i] >= '0' && s[i] <= '9')
			i++, ndig++;
	}
	if (ndig == 0)
		return (0);
	if (s[i] == 'e' || s[i] == 'E') {
		i++;
		if (s[i] == '+' || s[i] == '-')
			i++;
		if (!(s[i] >= '0' && s[i] <= '9'))
			return (vexpr_fail(cc, cc->pos, "malformed number"));
		while (s[i] >= '0' && s[i] <= '9')
			i++;
	}
	buf = xstrndup(s, i);
	cc->tkval = strtod(buf, &ep);
	ndig = *ep != '\0';
	free(buf);
	if (ndig)
		return (vexpr_fail(cc, cc->pos, "malformed number"));
	if (isinf(cc->tkval))	/* muParser refuses these too */
		return (vexpr_fail(cc, cc->pos, "number out of range"));
	*end = cc->pos + i;
	return (1);
}

static int
vexpr_isword(const char *s, size_t len, const char *word)
{
	return (strlen(word) == len && strncmp(s, word, len) == 0);
}

/*
 * Read the next token, trying what muParser's ReadNextToken tries in its
 * order: a function name followed by '(', a built-in operator, ',', a
 * constant, a number, a variable. A '+' or '-' where an operand is
 * expected is a sign.
 */
static int
vexpr_lex(struct vexpr_cc *cc, int expect)
{
	const char	*s = cc->src, *w;
	size_t		 p, e, len;
	int		 i, r;

	while (s[cc->pos] > 0 && s[cc->pos] <= 0x20)
		cc->pos++;
	p = cc->pos;
	cc->tkpos = (int)p;
	if (s[p] == '\0')
		return (TK_END);

	/* The run of name characters here, possibly empty. */
	w = s + p;
	for (e = p; vexpr_isname((unsigned char)s[e]); e++)
		;
	len = e - p;

	if (len > 0 && s[e] == '(') {
		for (i = 0; i < (int)VEXPR_NFNS; i++) {
			if (vexpr_isword(w, len, vexpr_fns[i].name)) {
				cc->pos = e;
				cc->tkcode = i;
				return (TK_FUNC);
			}
		}
	}

	for (i = 0; i < (int)VEXPR_NOPRTS; i++) {
		if (strncmp(w, vexpr_oprts[i].s, strlen(vexpr_oprts[i].s)) != 0)
			continue;
		if (vexpr_oprts[i].tk == TK_NONE)
			return (vexpr_fail(cc, p, "assignment not supported"));
		cc->pos = p + strlen(vexpr_oprts[i].s);
		cc->tkcode = vexpr_oprts[i].op;
		if (vexpr_oprts[i].tk == TK_BIN && expect) {
			if (vexpr_oprts[i].op != OP_ADD &&
			    vexpr_oprts[i].op != OP_SUB)
				return (vexpr_fail(cc, p, "syntax error"));
			return (TK_INFIX);
		}
		return (vexpr_oprts[i].tk);
	}
	if (s[p] == ',') {
		cc->pos = p + 1;
		return (TK_SEP);
	}

	if (len > 0) {
		/* The caller's constants may redefine muParser's. */
		for (i = 0; i < cc->nconsts; i++) {
			if (vexpr_isword(w, len, cc->consts[i].name)) {
				cc->tkval = cc->consts[i].value;
				cc->pos = e;
				return (TK_VAL);
			}
		}
		/* muParser's own; a g++ build has this short pi. */
		if (vexpr_isword(w, len, "_pi") || vexpr_isword(w, len, "_e")) {
			cc->tkval = w[1] == 'p' ? 3.141592653589 :
			    2.718281828459045235360287;
			cc->pos = e;
			return (TK_VAL);
		}
	}
	if ((r = vexpr_number(cc, &e)) != 0) {
		if (r == -1)
			return (-1);
		cc->pos = e;
		return (TK_VAL);
	}
	if (len == 1 && w[0] >= 'x' && w[0] < 'x' + cc->dims) {
		cc->pos = e;
		cc->tkcode = w[0] - 'x';
		return (TK_VAR);
	}

	if (s[p] == '"')
		return (vexpr_fail(cc, p, "strings not supported"));
	if (len > 0 && s[e] == '(')
		return (vexpr_fail(cc, p, "unsupported function %.*s",
		    (int)len, w));
	if (len > 0)
		return (vexpr_fail(cc, p, "unknown name %.*s", (int)len, w));
	return (vexpr_fail(cc, p, "unexpected character '%c'", s[p]));
}

static void
vexpr_push_opt(struct vexpr_cc *cc, int kind, int code, int pos)
{
	struct vexpr_opent	*o;

	vexpr_grow((void **)&cc->opts, &cc->optsalloc, cc->nopts + 1,
	    sizeof *cc->opts);
	o = &cc->opts[cc->nopts++];
	o->kind = kind;
	o->code = code;
	o->pos = pos;
	o->ternary = 0;
}

static void
vexpr_push_argc(struct vexpr_cc *cc, int n)
{
	vexpr_grow((void **)&cc->argc, &cc->argcalloc, cc->nargc + 1,
	    sizeof *cc->argc);
	cc->argc[cc->nargc++] = n;
}

/* Note a '?' in the innermost open bracket. */
static void
vexpr_mark_ternary(struct vexpr_cc *cc)
{
	int	 i;

	for (i = cc->nopts - 1; i >= 0; i--) {
		if (cc->opts[i].kind == OK_BO) {
			cc->opts[i].ternary = 1;
			return;
		}
	}
}

/* A binary operator or '?': apply what binds tighter, then push it. */
static int
vexpr_binary(struct vexpr_cc *cc, int kind, int code, int pos)
{
	struct vexpr_opent	 o, *top;
	int			 p1, p2;

	o.kind = kind;
	o.code = code;
	p2 = vexpr_prec(&o);
	while (cc->nopts > 0) {
		top = &cc->opts[cc->nopts - 1];
		if (top->kind == OK_BO || top->kind == OK_ELSE ||
		    top->kind == OK_IF)
			break;
		p1 = vexpr_prec(top);
		if (top->kind == kind && top->code == code) {
			/* Only ^ is right-associative. */
			if (code == OP_POW ? p1 <= p2 : p1 < p2)
				break;
		} else if (p1 < p2)
			break;
		if (vexpr_apply_top(cc) == -1)
			return (-1);
	}
	if (kind == OK_IF)
		vexpr_rpn_push(cc, T_OTHER, -1, 0, 0);	/* cmIF */
	vexpr_push_opt(cc, kind, code, pos);
	return (0);
}

/* The shunting-yard of muParser's CreateRPN, on explicit stacks. */
static int
vexpr_parse(struct vexpr_cc *cc)
{
	struct vexpr_opent	 o;
	const char		*name;
	int			 tk, prev = TK_NONE, expect = 1, ifelse = 0;
	int			 n, ternary;

	vexpr_push_argc(cc, 1);
	for (;;) {
		if ((tk = vexpr_lex(cc, expect)) == -1)
			return (-1);
		switch (tk) {
		case TK_VAL:
		case TK_VAR:
		case TK_FUNC:
		case TK_BO:
		case TK_INFIX:
			if (!expect || (tk == TK_INFIX && prev == TK_INFIX))
				return (vexpr_fail(cc, cc->tkpos,
				    "syntax error"));
			break;
		default:
			if (expect)
				return (vexpr_fail(cc, cc->tkpos,
				    "syntax error"));
			break;
		}

		switch (tk) {
		case TK_VAL:
			vexpr_rpn_push(cc, T_VAL, -1, 0, cc->tkval);
			vexpr_push_val(cc, vexpr_const(cc, cc->tkval));
			expect = 0;
			break;
		case TK_VAR:
			vexpr_rpn_push(cc, T_VAR, cc->tkcode, 1, 0);
			vexpr_push_val(cc, vexpr_var(cc, cc->tkcode));
			expect = 0;
			break;
		case TK_ELSE:
			if (cc->nargc == 0 || cc->argc[cc->nargc - 1] > 1 ||
			    --ifelse < 0)
				return (vexpr_fail(cc, cc->tkpos,
				    "misplaced colon"));
			cc->nargc--;
			if (vexpr_apply_remaining(cc) == -1)
				return (-1);
			vexpr_rpn_push(cc, T_OTHER, -1, 0, 0);	/* cmELSE */
			vexpr_push_opt(cc, OK_ELSE, 0, cc->tkpos);
			expect = 1;
			break;
		case TK_SEP:
			if (cc->nopts > 0 &&
			    cc->opts[cc->nopts - 1].kind == OK_IF)
				return (vexpr_fail(cc, cc->tkpos,
				    "syntax error"));
			cc->argc[cc->nargc - 1]++;
			if (vexpr_apply_remaining(cc) == -1)
				return (-1);
			expect = 1;
			break;
		case TK_END:
			if (vexpr_apply_remaining(cc) == -1)
				return (-1);
			break;
		case TK_BC:
			if (vexpr_apply_remaining(cc) == -1)
				return (-1);
			if (cc->nopts == 0 ||
			    cc->opts[cc->nopts - 1].kind != OK_BO ||
			    cc->nargc < 2)
				return (vexpr_fail(cc, cc->tkpos,
				    "syntax error"));
			n = cc->argc[--cc->nargc];
			ternary = cc->opts[--cc->nopts].ternary;
			if (cc->nopts > 0 && cc->opts[cc->nopts - 1].kind ==
			    OK_FUNC) {
				o = cc->opts[--cc->nopts];
				name = vexpr_fns[o.code].name;
				/* muParser 2.3.3 mishandles these. */
				if (ternary && (n > 1 ||
				    vexpr_fns[o.code].nargs != 1))
					return (vexpr_fail(cc, o.pos,
					    "ternary inside multi-argument "
					    "function %s", name));
				if (vexpr_apply_fn(cc, &o, n) == -1)
					return (-1);
			} else if (n > 1)
				return (vexpr_fail(cc, cc->tkpos,
				    "syntax error"));
			/* A '?' inside is also inside the outer brackets. */
			if (ternary)
				vexpr_mark_ternary(cc);
			expect = 0;
			break;
		case TK_IF:
			ifelse++;
			vexpr_push_argc(cc, 1);
			vexpr_mark_ternary(cc);
			if (vexpr_binary(cc, OK_IF, 0, cc->tkpos) == -1)
				return (-1);
			expect = 1;
			break;
		case TK_BIN:
			if (vexpr_binary(cc, OK_BIN, cc->tkcode,
			    cc->tkpos) == -1)
				return (-1);
			expect = 1;
			break;
		case TK_BO:
			vexpr_push_argc(cc, 1);
			vexpr_push_opt(cc, OK_BO, 0, cc->tkpos);
			expect = 1;
			break;
		case TK_INFIX:
			vexpr_push_opt(cc, OK_INFIX, cc->tkcode, cc->tkpos);
			break;
		case TK_FUNC:
			vexpr_push_opt(cc, OK_FUNC, cc->tkcode, cc->tkpos);
			break;
		}
		prev = tk;
		if (tk == TK_END)
			break;
	}
	if (ifelse > 0)
		return (vexpr_fail(cc, -1, "missing else clause"));
	if (cc->nopts != 0 || cc->nargc != 1)
		return (vexpr_fail(cc, -1, "syntax error"));
	if (cc->argc[0] != 1)
		return (vexpr_fail(cc, -1, "comma outside a function"));
	if (cc->nvals != 1)
		return (vexpr_fail(cc, -1, "syntax error"));
	return (cc->vals[0]);
}

/* Code generation. */
struct vexpr_gen {
	int		*live;		/* readers of each node (root: 1) */
	int		*last;		/* last node reading a VEC node */
	int		*where;		/* register or slot of each node */
	int		*fused;		/* ADD: the MUL folded into it, or -1 */
	int		*freeregs;
	int		 nfree;
	int		 nreg;
	int		 insalloc;
	int		 rinsalloc;
};

static int
vexpr_reg_alloc(struct vexpr_gen *g)
{
	if (g->nfree > 0)
		return (g->freeregs[--g->nfree]);
	g->freeregs = xreallocarray(g->freeregs, g->nreg + 1,
	    sizeof *g->freeregs);
	return (g->nreg++);
}

static void
vexpr_reg_free(struct vexpr_gen *g, int r)
{
	if (r != REG_X && r != REG_OUT)
		g->freeregs[g->nfree++] = r;
}

static struct vexpr_ins *
vexpr_emit(struct vexpr *ve, struct vexpr_gen *g, int row)
{
	if (row) {
		vexpr_grow((void **)&ve->rins, &g->rinsalloc, ve->nrins + 1,
		    sizeof *ve->rins);
		return (&ve->rins[ve->nrins++]);
	}
	vexpr_grow((void **)&ve->ins, &g->insalloc, ve->nins + 1,
	    sizeof *ve->ins);
	return (&ve->ins[ve->nins++]);
}

static int
vexpr_new_slot(struct vexpr *ve, double v)
{
	ve->slot = xreallocarray(ve->slot, ve->nslot + 1, sizeof *ve->slot);
	ve->slot[ve->nslot] = v;
	return (ve->nslot++);
}

/* Where an operand lives: its slot (scalars) or register (arrays). */
static int
vexpr_operand(struct vexpr_cc *cc, struct vexpr *ve, struct vexpr_gen *g,
    int id)
{
	if (id == -1)
		return (0);
	if (cc->nodes[id].op == OP_CONST && g->where[id] == -1)
		g->where[id] = vexpr_new_slot(ve, cc->nodes[id].val);
	return (g->where[id]);
}

/*
 * An addition or subtraction reading a product of arrays (or of an array
 * and a scalar) computes the product itself when nothing else needs the
 * product as an array: one pass instead of two.
 */
static void
vexpr_fuse(struct vexpr_cc *cc, struct vexpr_gen *g, int root)
{
	const struct vexpr_node	*n, *nm;
	int			*own, i, k, m, o, ops[3];

	for (i = 0; i <= root; i++) {
		n = &cc->nodes[i];
		if (!g->live[i] || n->cls != CLS_VEC ||
		    (n->op != OP_ADD && n->op != OP_SUB) || n->a == n->b)
			continue;
		for (k = 0; k < 2; k++) {
			m = k == 0 ? n->a : n->b;
			nm = &cc->nodes[m];
			if (nm->op == OP_MUL && nm->cls == CLS_VEC &&
			    m != root) {
				g->fused[i] = m;
				break;
			}
		}
	}

	/* Readers that need each node as an array. */
	own = xcalloc(root + 1, sizeof *own);
	own[root] = 1;
	for (i = 0; i <= root; i++) {
		n = &cc->nodes[i];
		if (!g->live[i] || n->cls != CLS_VEC || n->op == OP_VAR)
			continue;
		ops[0] = n->a;
		ops[1] = n->b;
		ops[2] = n->c;
		for (k = 0; k < 3; k++) {
			if (ops[k] != -1 && ops[k] != g->fused[i] &&
			    (k == 0 || ops[k] != ops[0]) &&
			    (k < 2 || ops[k] != ops[1]))
				own[ops[k]]++;
		}
	}
	for (i = 0; i <= root; i++) {
		if ((m = g->fused[i]) == -1)
			continue;
		if (own[m] > 0) {
			g->fused[i] = -1;
			continue;
		}
		/* The product's operands are now read here. */
		g->live[m] = 0;
		nm = &cc->nodes[m];
		for (k = 0; k < 2; k++) {
			o = k == 0 ? nm->a : nm->b;
			if (cc->nodes[o].cls == CLS_VEC && g->last[o] < i)
				g->last[o] = i;
		}
	}
	free(own);
}

/* Emit the array operation of node id. */
static void
vexpr_gen_vec(struct vexpr_cc *cc, struct vexpr *ve, struct vexpr_gen *g,
    int id, int root)
{
	const struct vexpr_node	*n = &cc->nodes[id], *nm;
	struct vexpr_ins	*in;
	int			 src[3], opnd[3], tmp[3], ntmp = 0, i, j;
	int			 op = n->op, sh = SH_VV;

	src[0] = n->a;
	src[1] = n->b;
	src[2] = n->c;
	if (g->fused[id] != -1) {
		/* p * q +- c, p an array */
		nm = &cc->nodes[g->fused[id]];
		src[0] = cc->nodes[nm->a].cls == CLS_VEC ? nm->a : nm->b;
		src[1] = src[0] == nm->a ? nm->b : nm->a;
		src[2] = g->fused[id] == n->a ? n->b : n->a;
		op = VI_MAD(n->op == OP_ADD ? MAD_ADD : g->fused[id] == n->a ?
		    MAD_SUBL : MAD_SUBR, cc->nodes[src[1]].cls != CLS_VEC,
		    cc->nodes[src[2]].cls != CLS_VEC);
	}

	for (i = 0; i < 3; i++) {
		j = src[i];
		opnd[i] = 0;
		if (j == -1)
			continue;
		if (cc->nodes[j].cls == CLS_VEC) {
			opnd[i] = g->where[j];
			continue;
		}
		opnd[i] = vexpr_operand(cc, ve, g, j);
		if (op == OP_SELECT) {
			/* Select reads arrays only: broadcast the scalar. */
			in = vexpr_emit(ve, g, 0);
			in->op = VI_BCAST;
			in->a = opnd[i];
			in->b = in->c = 0;
			in->d = tmp[ntmp++] = vexpr_reg_alloc(g);
			opnd[i] = in->d;
		} else if (OP_ISBINARY(op))
			sh = i == 0 ? SH_SV : SH_VS;
	}

	/* Registers read for the last time may hold the result. */
	for (i = 0; i < 3; i++) {
		j = src[i];
		if (j == -1 || cc->nodes[j].cls != CLS_VEC ||
		    g->last[j] != id || (i > 0 && j == src[0]) ||
		    (i > 1 && j == src[1]))
			continue;
		vexpr_reg_free(g, g->where[j]);
	}

	in = vexpr_emit(ve, g, 0);
	in->op = OP_ISBINARY(op) ? VI_BIN(op, sh) : op;
	in->a = opnd[0];
	in->b = opnd[1];
	in->c = opnd[2];
	in->d = root ? REG_OUT : vexpr_reg_alloc(g);
	g->where[id] = in->d;
	for (i = 0; i < ntmp; i++)
		vexpr_reg_free(g, tmp[i]);
}

static void
vexpr_codegen(struct vexpr_cc *cc, int root, struct vexpr *ve)
{
	struct vexpr_gen	 g;
	struct vexpr_node	*n;
	struct vexpr_ins	*in;
	int			 i, k, ops[3];

	memset(&g, 0, sizeof g);
	g.live = xcalloc(cc->nnodes, sizeof *g.live);
	g.last = xcalloc(cc->nnodes, sizeof *g.last);
	g.where = xcalloc(cc->nnodes, sizeof *g.where);
	g.fused = xcalloc(cc->nnodes, sizeof *g.fused);
	for (i = 0; i < cc->nnodes; i++)
		g.where[i] = g.last[i] = g.fused[i] = -1;
	g.nreg = 2;

	/* Live nodes and their last readers; nodes only read earlier ones. */
	g.live[root] = 1;
	for (i = root; i >= 0; i--) {
		n = &cc->nodes[i];
		if (!g.live[i] || n->op == OP_CONST || n->op == OP_VAR)
			continue;
		ops[0] = n->a;
		ops[1] = n->b;
		ops[2] = n->c;
		for (k = 0; k < 3; k++) {
			if (ops[k] == -1 || (k > 0 && ops[k] == ops[0]) ||
			    (k > 1 && ops[k] == ops[1]))
				continue;
			g.live[ops[k]]++;
			if (g.last[ops[k]] < i)
				g.last[ops[k]] = i;
		}
	}
	vexpr_fuse(cc, &g, root);

	/* Slots 0 and 1 are y and z; constants get theirs when read. */
	ve->nslot = 0;
	vexpr_new_slot(ve, 0);
	vexpr_new_slot(ve, 0);
	for (i = 0; i <= root; i++) {
		n = &cc->nodes[i];
		if (!g.live[i] || n->op == OP_CONST)
			continue;
		if (n->op == OP_VAR) {
			g.where[i] = n->var == 0 ? REG_X :
			    n->var == 1 ? SLOT_Y : SLOT_Z;
			continue;
		}
		if (n->cls == CLS_UNI) {
			ops[0] = vexpr_operand(cc, ve, &g, n->a);
			ops[1] = vexpr_operand(cc, ve, &g, n->b);
			ops[2] = vexpr_operand(cc, ve, &g, n->c);
			in = vexpr_emit(ve, &g, 1);
			in->op = n->op;
			in->a = ops[0];
			in->b = ops[1];
			in->c = ops[2];
			in->d = g.where[i] = vexpr_new_slot(ve, 0);
			continue;
		}
		vexpr_gen_vec(cc, ve, &g, i, i == root);
	}

	n = &cc->nodes[root];
	if (n->cls != CLS_VEC) {
		ve->result = RES_SLOT;
		ve->rslot = vexpr_operand(cc, ve, &g, root);
	} else if (n->op == OP_VAR)
		ve->result = RES_X;
	else
		ve->result = RES_BLOCK;

	ve->nreg = g.nreg;
	free(g.live);
	free(g.last);
	free(g.where);
	free(g.fused);
	free(g.freeregs);
}

static void
vexpr_cc_free(struct vexpr_cc *cc)
{
	free(cc->nodes);
	free(cc->hash);
	free(cc->rpn);
	free(cc->vals);
	free(cc->opts);
	free(cc->argc);
}

struct vexpr *
vexpr_compile(const char *src, int dims, const struct task_const *consts,
    int nconsts, char **why)
{
	struct vexpr_cc	 cc;
	struct vexpr	*ve;
	double		*regmem;
	size_t		 align;
	int		 root, i;

	*why = NULL;
	if (dims < 1 || dims > TASK_MAXDIM) {
		*why = xstrdup("bad number of dimensions");
		return (NULL);
	}
	if (strlen(src) > EXPR_MAXLEN) {
		*why = xstrdup("expression too long");
		return (NULL);
	}

	memset(&cc, 0, sizeof cc);
	cc.src = src;
	cc.dims = dims;
	cc.consts = consts;
	cc.nconsts = nconsts;
	if ((root = vexpr_parse(&cc)) == -1) {
		*why = cc.why != NULL ? cc.why : xstrdup("syntax error");
		vexpr_cc_free(&cc);
		return (NULL);
	}

	ve = xcalloc(1, sizeof *ve);
	vexpr_codegen(&cc, root, ve);
	vexpr_cc_free(&cc);

	/* Registers, aligned for the vector loads. */
	align = 64;
	ve->regbase = xmalloc((size_t)ve->nreg * VEXPR_BLOCK *
	    sizeof (double) + align);
	regmem = (double *)(((uintptr_t)ve->regbase + align - 1) &
	    ~(uintptr_t)(align - 1));
	ve->reg = xcalloc(ve->nreg, sizeof *ve->reg);
	for (i = 2; i < ve->nreg; i++)
		ve->reg[i] = regmem + (size_t)i * VEXPR_BLOCK;
	return (ve);
}

void
vexpr_free(struct vexpr *ve)
{
	if (ve == NULL)
		return;
	free(ve->ins);
	free(ve->rins);
	free(ve->slot);
	free(ve->reg);
	free(ve->regbase);
	free(ve);
}

#ifdef VEXPR_NO_FMA
#pragma GCC push_options
#pragma GCC target("no-fma")
#endif

#define VEXPR_U(e) do {							\
	const double	*pa = R[in->a];					\
									\
	VEXPR_SIMD							\
	for (i = 0; i < m; i++) {					\
		double	 a = pa[i];					\
									\
		pd[i] = (e);						\
	}								\
} while (0)

#define VEXPR_B(op, e)							\
	case VI_BIN(op, SH_VV): {					\
		const double	*pa = R[in->a], *pb = R[in->b];		\
									\
		VEXPR_SIMD						\
		for (i = 0; i < m; i++) {				\
			double	 a = pa[i], b = pb[i];			\
									\
			pd[i] = (e);					\
		}							\
		break;							\
	}								\
	case VI_BIN(op, SH_VS): {					\
		const double	*pa = R[in->a], b = S[in->b];		\
									\
		VEXPR_SIMD						\
		for (i = 0; i < m; i++) {				\
			double	 a = pa[i];				\
									\
			pd[i] = (e);					\
		}							\
		break;							\
	}								\
	case VI_BIN(op, SH_SV): {					\
		const double	 a = S[in->a], *pb = R[in->b];		\
									\
		VEXPR_SIMD						\
		for (i = 0; i < m; i++) {				\
			double	 b = pb[i];				\
									\
			pd[i] = (e);					\
		}							\
		break;							\
	}

#define VEXPR_M1(k, bs, cs, e, bdecl, bval, cdecl, cval)		\
	case VI_MAD(k, bs, cs): {					\
		const double	*pa = R[in->a];				\
		bdecl;							\
		cdecl;							\
									\
		VEXPR_SIMD						\
		for (i = 0; i < m; i++) {				\
			double	 p = pa[i] * (bval), c = (cval);	\
									\
			pd[i] = (e);					\
		}							\
		break;							\
	}
#define VEXPR_M(k, e)							\
	VEXPR_M1(k, 0, 0, e, const double *pb = R[in->b], pb[i],	\
	    const double *pc = R[in->c], pc[i])				\
	VEXPR_M1(k, 0, 1, e, const double *pb = R[in->b], pb[i],	\
	    const double sc = S[in->c], sc)				\
	VEXPR_M1(k, 1, 0, e, const double sb = S[in->b], sb,		\
	    const double *pc = R[in->c], pc[i])				\
	VEXPR_M1(k, 1, 1, e, const double sb = S[in->b], sb,		\
	    const double sc = S[in->c], sc)

/*
 * floor() as loops can vectorise it (GCC does not vectorise floor itself
 * unless -fno-trapping-math): round |v| to an integer by adding and
 * taking away 2^52, put the sign back, step down if that went above v.
 */
static inline double
vexpr_floor(double v)
{
	double	 t = fabs(v), r;

	r = copysign((t + 0x1p52) - 0x1p52, v);
	r = r > v ? r - 1.0 : r;
	return (t < 0x1p52 ? r : v);
}

/* Run the block program over m <= VEXPR_BLOCK points. */
static inline __attribute__((always_inline)) void
vexpr_block(struct vexpr *ve, size_t m)
{
	const struct vexpr_ins	*in, *end = ve->ins + ve->nins;
	double * const		*R = ve->reg;
	const double		*S = ve->slot;
	double			*pd;
	size_t			 i;

	for (in = ve->ins; in < end; in++) {
		pd = R[in->d];
		switch (in->op) {
		case VI_BCAST: {
			const double	 s = S[in->a];

			VEXPR_SIMD
			for (i = 0; i < m; i++)
				pd[i] = s;
			break;
		}
		case OP_NEG:
			VEXPR_U(-a);
			break;
		case OP_SIN:
			VEXPR_U(sin(a));
			break;
		case OP_COS:
			VEXPR_U(cos(a));
			break;
		case OP_TAN:
			VEXPR_U(tan(a));
			break;
		case OP_ASIN:
			VEXPR_U(asin(a));
			break;
		case OP_ACOS:
			VEXPR_U(acos(a));
			break;
		case OP_ATAN:
			VEXPR_U(atan(a));
			break;
		case OP_SINH:
			VEXPR_U(sinh(a));
			break;
		case OP_COSH:
			VEXPR_U(cosh(a));
			break;
		case OP_TANH:
			VEXPR_U(tanh(a));
			break;
		case OP_EXP:
			VEXPR_U(exp(a));
			break;
		case OP_LOG:
			VEXPR_U(log(a));
			break;
		case OP_LOG10:
			VEXPR_U(log10(a));
			break;
		case OP_SQRT:
			VEXPR_U(sqrt(a));
			break;
		case OP_ABS:
			VEXPR_U(a >= 0 ? a : -a);
			break;
		case OP_SIGN:
			VEXPR_U(a < 0 ? -1.0 : a > 0 ? 1.0 : 0.0);
			break;
		case OP_FLOOR:
			VEXPR_U(vexpr_floor(a));
			break;
		case OP_SQRTP:
			/* pow(-0, 0.5) is +0, pow(-inf, 0.5) is +inf */
			VEXPR_U(a == -INFINITY ? INFINITY : sqrt(a) + 0.0);
			break;
		case OP_RSQRTP:
			VEXPR_U(a == -INFINITY ? 0.0 : 1.0 / (sqrt(a) + 0.0));
			break;
		case OP_SELECT: {
			const double	*pc = R[in->a], *pa = R[in->b];
			const double	*pb = R[in->c];

			VEXPR_SIMD
			for (i = 0; i < m; i++)
				pd[i] = pc[i] != 0 ? pa[i] : pb[i];
			break;
		}
		VEXPR_M(MAD_ADD, p + c)
		VEXPR_M(MAD_SUBL, p - c)
		VEXPR_M(MAD_SUBR, c - p)
		VEXPR_B(OP_ADD, a + b)
		VEXPR_B(OP_SUB, a - b)
		VEXPR_B(OP_MUL, a * b)
		VEXPR_B(OP_DIV, a / b)
		VEXPR_B(OP_POW, pow(a, b))
		VEXPR_B(OP_LT, a < b ? 1.0 : 0.0)
		VEXPR_B(OP_GT, a > b ? 1.0 : 0.0)
		VEXPR_B(OP_LE, a <= b ? 1.0 : 0.0)
		VEXPR_B(OP_GE, a >= b ? 1.0 : 0.0)
		VEXPR_B(OP_EQ, a == b ? 1.0 : 0.0)
		VEXPR_B(OP_NE, a != b ? 1.0 : 0.0)
		VEXPR_B(OP_AND, ((a != 0) & (b != 0)) ? 1.0 : 0.0)
		VEXPR_B(OP_OR, ((a != 0) | (b != 0)) ? 1.0 : 0.0)
		VEXPR_B(OP_MIN, b < a ? b : a)
		VEXPR_B(OP_MAX, a < b ? b : a)
		VEXPR_B(OP_ATAN2, atan2(a, b))
		}
	}
}

/* Run the block program over a row, block by block. */
VEXPR_RUN_ATTR static void
vexpr_run(struct vexpr *ve, const double *x, size_t n, double *out)
{
	size_t	 off, m;

	for (off = 0; off < n; off += m) {
		m = n - off < VEXPR_BLOCK ? n - off : VEXPR_BLOCK;
		ve->reg[REG_X] = (double *)(uintptr_t)(x + off);
		ve->reg[REG_OUT] = out + off;
		vexpr_block(ve, m);
	}
}

void
vexpr_eval_row(struct vexpr *ve, const double *x, size_t n, double y,
    double z, double *out)
{
	const struct vexpr_ins	*in;
	double			*S = ve->slot, v;
	size_t			 i;
	int			 k;

	if (!ve->cached || vexpr_bits(y) != ve->cy ||
	    vexpr_bits(z) != ve->cz) {
		S[SLOT_Y] = y;
		S[SLOT_Z] = z;
		for (k = 0; k < ve->nrins; k++) {
			in = &ve->rins[k];
			S[in->d] = vexpr_scalar(in->op, S[in->a], S[in->b],
			    S[in->c]);
		}
		ve->cy = vexpr_bits(y);
		ve->cz = vexpr_bits(z);
		ve->cached = 1;
	}

	switch (ve->result) {
	case RES_SLOT:
		v = S[ve->rslot];
		for (i = 0; i < n; i++)
			out[i] = v;
		return;
	case RES_X:
		if (out != x)
			memmove(out, x, n * sizeof *out);
		return;
	}
	vexpr_run(ve, x, n, out);
}

#ifdef VEXPR_NO_FMA
#pragma GCC pop_options
#endif
