/*
 * vexpr-graph: the vector engine's graph of primitive operations. Equal
 * nodes are shared (common subexpressions), constants are folded, and
 * only rewrites that give bit-identical results are applied, except that
 * powers of x with constant exponents are strength-reduced. Each node
 * records what it depends on: nothing, y and z only, or x.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vexpr-int.h"

#define VEXPR_MAXPOWI	8	/* x^n by multiplication up to this |n| */

void
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
vexpr_intern(struct vexpr_graph *gr, const struct vexpr_node *n)
{
	size_t	 i, mask, j;
	int	 id;

	if ((size_t)gr->nnodes * 2 >= gr->hashsize) {
		free(gr->hash);
		gr->hashsize = gr->hashsize == 0 ? 256 : gr->hashsize * 2;
		gr->hash = xreallocarray(NULL, gr->hashsize, sizeof *gr->hash);
		memset(gr->hash, 0xff, gr->hashsize * sizeof *gr->hash);
		mask = gr->hashsize - 1;
		for (id = 0; id < gr->nnodes; id++) {
			j = vexpr_hashnode(&gr->nodes[id]) & mask;
			while (gr->hash[j] != -1)
				j = (j + 1) & mask;
			gr->hash[j] = id;
		}
	}
	mask = gr->hashsize - 1;
	i = vexpr_hashnode(n) & mask;
	while ((id = gr->hash[i]) != -1) {
		if (vexpr_samenode(&gr->nodes[id], n))
			return (id);
		i = (i + 1) & mask;
	}
	vexpr_grow((void **)&gr->nodes, &gr->nodesalloc, gr->nnodes + 1,
	    sizeof *gr->nodes);
	id = gr->nnodes++;
	gr->nodes[id] = *n;
	gr->hash[i] = id;
	return (id);
}

int
vexpr_const(struct vexpr_graph *gr, double v)
{
	struct vexpr_node	 n;

	memset(&n, 0, sizeof n);
	n.op = OP_CONST;
	n.cls = CLS_CONST;
	n.a = n.b = n.c = n.var = -1;
	n.val = v;
	return (vexpr_intern(gr, &n));
}

int
vexpr_var(struct vexpr_graph *gr, int var)
{
	struct vexpr_node	 n;

	memset(&n, 0, sizeof n);
	n.op = OP_VAR;
	n.cls = var == 0 ? CLS_VEC : CLS_UNI;
	n.a = n.b = n.c = -1;
	n.var = var;
	return (vexpr_intern(gr, &n));
}

static int
vexpr_isconst(const struct vexpr_graph *gr, int id, double v)
{
	const struct vexpr_node	*n = &gr->nodes[id];

	return (n->op == OP_CONST && vexpr_bits(n->val) == vexpr_bits(v));
}

/* x^n for an integer n by squaring and multiplying. */
static int
vexpr_powi(struct vexpr_graph *gr, int a, int n)
{
	int	 r = -1, p = a;
	unsigned k;

	if (n == 0)
		return (vexpr_const(gr, 1.0));
	k = n < 0 ? -(unsigned)n : (unsigned)n;
	for (;;) {
		if (k & 1)
			r = r == -1 ? p : vexpr_mk(gr, OP_MUL, r, p, -1);
		k >>= 1;
		if (k == 0)
			break;
		p = vexpr_mk(gr, OP_MUL, p, p, -1);
	}
	if (n < 0)
		r = vexpr_mk(gr, OP_DIV, vexpr_const(gr, 1.0), r, -1);
	return (r);
}

/*
 * Make a node, folding constants and applying only rewrites that give
 * bit-identical results (x*1 is x, b + -a is b - a, ...), except that
 * powers of x with constant exponents are strength-reduced.
 */
int
vexpr_mk(struct vexpr_graph *gr, int op, int a, int b, int c)
{
	struct vexpr_node	 n;
	const struct vexpr_node	*na, *nb, *nc;
	double			 e;
	int			 t;

	na = &gr->nodes[a];
	nb = b == -1 ? NULL : &gr->nodes[b];
	nc = c == -1 ? NULL : &gr->nodes[c];

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
		return (vexpr_const(gr, vexpr_scalar(op, na->val,
		    nb != NULL ? nb->val : 0, nc != NULL ? nc->val : 0)));

	switch (op) {
	case OP_NEG:
		if (na->op == OP_NEG)
			return (na->a);
		break;
	case OP_ADD:
		/* b + (-a) is b - a, exactly. */
		if (nb->op == OP_NEG)
			return (vexpr_mk(gr, OP_SUB, a, nb->a, -1));
		if (na->op == OP_NEG)
			return (vexpr_mk(gr, OP_SUB, b, na->a, -1));
		if (a > b) {
			t = a;
			n.a = b;
			n.b = t;
		}
		break;
	case OP_SUB:
		if (vexpr_isconst(gr, b, 0.0))
			return (a);
		if (nb->op == OP_NEG)
			return (vexpr_mk(gr, OP_ADD, a, nb->a, -1));
		break;
	case OP_MUL:
		if (vexpr_isconst(gr, a, 1.0))
			return (b);
		if (vexpr_isconst(gr, b, 1.0))
			return (a);
		if (vexpr_isconst(gr, a, -1.0))
			return (vexpr_mk(gr, OP_NEG, b, -1, -1));
		if (vexpr_isconst(gr, b, -1.0))
			return (vexpr_mk(gr, OP_NEG, a, -1, -1));
		if (a > b) {
			t = a;
			n.a = b;
			n.b = t;
		}
		break;
	case OP_DIV:
		if (vexpr_isconst(gr, b, 1.0))
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
			return (vexpr_mk(gr, OP_SQRTP, a, -1, -1));
		if (e == -0.5)
			return (vexpr_mk(gr, OP_RSQRTP, a, -1, -1));
		if (e == trunc(e) && fabs(e) <= VEXPR_MAXPOWI)
			return (vexpr_powi(gr, a, (int)e));
		break;
	case OP_SELECT:
		if (na->op == OP_CONST)
			return (na->val != 0 ? b : c);
		if (b == c)
			return (b);
		break;
	}
	return (vexpr_intern(gr, &n));
}

void
vexpr_graph_free(struct vexpr_graph *gr)
{
	free(gr->nodes);
	free(gr->hash);
}
