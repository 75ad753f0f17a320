/*
 * vexpr-parse: the vector engine's front end. An expression muParser has
 * accepted is parsed again here the way muParser 2.3.3 parses it: the same
 * tokens in the same order of trial, the same precedences, the shunting-
 * yard of its CreateRPN on explicit stacks, and a replay of the rewrites
 * its bytecode makes as tokens are added (folding values, var*c+d, var^n),
 * because those change how it rounds. Functions are built from primitives
 * with muParser's formulas (asinh and friends). The result is a graph
 * (vexpr-graph.c); whatever is not understood fails with a reason.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "util.h"
#include "vexpr-int.h"

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

/* muParser 2.3.3's functions: codes into the language's list. */
enum vexpr_fn {
	FN_SIN, FN_COS, FN_TAN, FN_ASIN, FN_ACOS, FN_ATAN, FN_ATAN2,
	FN_SINH, FN_COSH, FN_TANH, FN_ASINH, FN_ACOSH, FN_ATANH,
	FN_LOG2, FN_LOG10, FN_LOG, FN_LN, FN_EXP, FN_SQRT, FN_SIGN,
	FN_RINT, FN_ABS, FN_SUM, FN_AVG, FN_MIN, FN_MAX,
	FN_COUNT
};
_Static_assert(FN_COUNT == EXPR_NBUILTINS, "expr_builtins changed");

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

	struct vexpr_graph	*g;

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

/* The node muParser's optimizer token stands for. */
static int
vexpr_tok_node(struct vexpr_cc *cc, const struct vexpr_tok *t)
{
	int	 v;

	if (t->cmd == T_VAL)
		return (vexpr_const(cc->g, t->data2));
	v = vexpr_var(cc->g, t->var);
	switch (t->cmd) {
	case T_VARMUL:
		return (vexpr_mk(cc->g, OP_ADD, vexpr_mk(cc->g, OP_MUL, v,
		    vexpr_const(cc->g, t->data), -1), vexpr_const(cc->g, t->data2),
		    -1));
	case T_VARPOW2:
		return (vexpr_mk(cc->g, OP_MUL, v, v, -1));
	case T_VARPOW3:
		return (vexpr_mk(cc->g, OP_MUL, vexpr_mk(cc->g, OP_MUL, v, v, -1), v,
		    -1));
	case T_VARPOW4:
		return (vexpr_mk(cc->g, OP_MUL, vexpr_mk(cc->g, OP_MUL,
		    vexpr_mk(cc->g, OP_MUL, v, v, -1), v, -1), v, -1));
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
 * follows the tokens. Long on purpose: one branch per rewrite of AddOp,
 * in its order, so that the two can be compared line by line.
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
		vexpr_push_val(cc, vexpr_const(cc->g, t1->data2));
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
		id = vexpr_mk(cc->g, op, a, b, -1);
	}
	vexpr_push_val(cc, id);
	return (0);
}

/* Build a function of its arguments from primitives, as MathImpl does. */
static int
vexpr_build_fn(struct vexpr_cc *cc, int fn, const int *av, int n)
{
	int	 v = av[0], one, r, i;

	one = vexpr_const(cc->g, 1.0);
	switch (fn) {
	case FN_SIN:
		return (vexpr_mk(cc->g, OP_SIN, v, -1, -1));
	case FN_COS:
		return (vexpr_mk(cc->g, OP_COS, v, -1, -1));
	case FN_TAN:
		return (vexpr_mk(cc->g, OP_TAN, v, -1, -1));
	case FN_ASIN:
		return (vexpr_mk(cc->g, OP_ASIN, v, -1, -1));
	case FN_ACOS:
		return (vexpr_mk(cc->g, OP_ACOS, v, -1, -1));
	case FN_ATAN:
		return (vexpr_mk(cc->g, OP_ATAN, v, -1, -1));
	case FN_ATAN2:
		return (vexpr_mk(cc->g, OP_ATAN2, av[0], av[1], -1));
	case FN_SINH:
		return (vexpr_mk(cc->g, OP_SINH, v, -1, -1));
	case FN_COSH:
		return (vexpr_mk(cc->g, OP_COSH, v, -1, -1));
	case FN_TANH:
		return (vexpr_mk(cc->g, OP_TANH, v, -1, -1));
	case FN_ASINH:
	case FN_ACOSH:
		/* log(v + sqrt(v * v +- 1)) */
		r = vexpr_mk(cc->g, fn == FN_ASINH ? OP_ADD : OP_SUB,
		    vexpr_mk(cc->g, OP_MUL, v, v, -1), one, -1);
		r = vexpr_mk(cc->g, OP_ADD, v, vexpr_mk(cc->g, OP_SQRT, r, -1, -1),
		    -1);
		return (vexpr_mk(cc->g, OP_LOG, r, -1, -1));
	case FN_ATANH:
		/* 0.5 * log((1 + v) / (1 - v)) */
		r = vexpr_mk(cc->g, OP_DIV, vexpr_mk(cc->g, OP_ADD, one, v, -1),
		    vexpr_mk(cc->g, OP_SUB, one, v, -1), -1);
		return (vexpr_mk(cc->g, OP_MUL, vexpr_const(cc->g, 0.5),
		    vexpr_mk(cc->g, OP_LOG, r, -1, -1), -1));
	case FN_LOG2:
		/* log(v) / log(2) */
		return (vexpr_mk(cc->g, OP_DIV, vexpr_mk(cc->g, OP_LOG, v, -1, -1),
		    vexpr_const(cc->g, log(2.0)), -1));
	case FN_LOG10:
		return (vexpr_mk(cc->g, OP_LOG10, v, -1, -1));
	case FN_LOG:
	case FN_LN:
		return (vexpr_mk(cc->g, OP_LOG, v, -1, -1));
	case FN_EXP:
		return (vexpr_mk(cc->g, OP_EXP, v, -1, -1));
	case FN_SQRT:
		return (vexpr_mk(cc->g, OP_SQRT, v, -1, -1));
	case FN_SIGN:
		return (vexpr_mk(cc->g, OP_SIGN, v, -1, -1));
	case FN_RINT:
		/* floor(v + 0.5) */
		return (vexpr_mk(cc->g, OP_FLOOR, vexpr_mk(cc->g, OP_ADD, v,
		    vexpr_const(cc->g, 0.5), -1), -1, -1));
	case FN_ABS:
		return (vexpr_mk(cc->g, OP_ABS, v, -1, -1));
	case FN_SUM:
	case FN_AVG:
		/* r = 0; r += a[i]; avg divides by n */
		r = vexpr_const(cc->g, 0.0);
		for (i = 0; i < n; i++)
			r = vexpr_mk(cc->g, OP_ADD, r, av[i], -1);
		if (fn == FN_AVG)
			r = vexpr_mk(cc->g, OP_DIV, r, vexpr_const(cc->g, n), -1);
		return (r);
	case FN_MIN:
	case FN_MAX:
		/* r = a[0]; r = std::min(r, a[i]), the first a no-op */
		r = av[0];
		for (i = 1; i < n; i++)
			r = vexpr_mk(cc->g, fn == FN_MIN ? OP_MIN : OP_MAX, r,
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
		nargs = expr_builtins[fn].nargs;
		if ((nargs > 0 && n != nargs) || n < 1)
			return (vexpr_fail(cc, o->pos,
			    "wrong number of arguments for %s",
			    expr_builtins[fn].name));
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
		id = vexpr_mk(cc->g, OP_NEG, args[0], -1, -1);
	} else
		id = vexpr_build_fn(cc, fn, args, nargs);
	if (args != av)
		free(args);
	if (id == -1)
		return (-1);

	fold = o->kind == OK_INFIX || expr_builtins[fn].nargs > 0;
	for (i = 0; fold && i < nargs; i++) {
		if (cc->rpn[cc->nrpn - 1 - i].cmd != T_VAL)
			fold = 0;
	}
	if (fold) {
		if (cc->g->nodes[id].op != OP_CONST)
			return (vexpr_fail(cc, -1, "internal error"));
		cc->nrpn -= nargs;
		vexpr_rpn_push(cc, T_VAL, -1, 0, cc->g->nodes[id].val);
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
		vexpr_push_val(cc, vexpr_mk(cc->g, OP_SELECT, c, a, b));
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
		for (i = 0; i < EXPR_NBUILTINS; i++) {
			if (vexpr_isword(w, len, expr_builtins[i].name)) {
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
		/* pint's, the doubles nearest pi and e, as in expr.c. */
		if (vexpr_isword(w, len, "_pi") || vexpr_isword(w, len, "_e")) {
			cc->tkval = w[1] == 'p' ? M_PI : M_E;
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
}

static void
vexpr_push_argc(struct vexpr_cc *cc, int n)
{
	vexpr_grow((void **)&cc->argc, &cc->argcalloc, cc->nargc + 1,
	    sizeof *cc->argc);
	cc->argc[cc->nargc++] = n;
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

/*
 * The shunting-yard of muParser's CreateRPN, on explicit stacks. Long
 * on purpose: one case per token kind in muParser's own order, so that it
 * can be read beside CreateRPN; split up, the replay would be harder to check.
 */
static int
vexpr_rpn(struct vexpr_cc *cc)
{
	struct vexpr_opent	 o;
	int			 tk, prev = TK_NONE, expect = 1, ifelse = 0;
	int			 n;

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
			vexpr_push_val(cc, vexpr_const(cc->g, cc->tkval));
			expect = 0;
			break;
		case TK_VAR:
			vexpr_rpn_push(cc, T_VAR, cc->tkcode, 1, 0);
			vexpr_push_val(cc, vexpr_var(cc->g, cc->tkcode));
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
			cc->nopts--;
			if (cc->nopts > 0 && cc->opts[cc->nopts - 1].kind ==
			    OK_FUNC) {
				o = cc->opts[--cc->nopts];
				if (vexpr_apply_fn(cc, &o, n) == -1)
					return (-1);
			} else if (n > 1)
				return (vexpr_fail(cc, cc->tkpos,
				    "syntax error"));
			expect = 0;
			break;
		case TK_IF:
			ifelse++;
			vexpr_push_argc(cc, 1);
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

int
vexpr_parse(const char *src, int dims, const struct task_const *consts,
    int nconsts, struct vexpr_graph *g, char **why)
{
	struct vexpr_cc	 cc;
	int		 root;

	memset(&cc, 0, sizeof cc);
	cc.src = src;
	cc.dims = dims;
	cc.consts = consts;
	cc.nconsts = nconsts;
	cc.g = g;
	root = vexpr_rpn(&cc);
	if (root == -1)
		*why = cc.why != NULL ? cc.why : xstrdup("syntax error");
	else
		free(cc.why);
	free(cc.rpn);
	free(cc.vals);
	free(cc.opts);
	free(cc.argc);
	return (root);
}
