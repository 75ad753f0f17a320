/*
 * vexpr-gen: the vector engine's code generation. The live nodes of the
 * graph that depend only on y and z become a scalar row program, run once
 * per (y, z); the rest becomes a short list of array operations over
 * blocks of VEXPR_BLOCK x values, in registers reused once read for the
 * last time, a product feeding a sum being done in the same pass.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "util.h"
#include "vexpr-int.h"

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
vexpr_operand(const struct vexpr_graph *gr, struct vexpr *ve, struct vexpr_gen *g,
    int id)
{
	if (id == -1)
		return (0);
	if (gr->nodes[id].op == OP_CONST && g->where[id] == -1)
		g->where[id] = vexpr_new_slot(ve, gr->nodes[id].val);
	return (g->where[id]);
}

/*
 * An addition or subtraction reading a product of arrays (or of an array
 * and a scalar) computes the product itself when nothing else needs the
 * product as an array: one pass instead of two.
 */
static void
vexpr_fuse(const struct vexpr_graph *gr, struct vexpr_gen *g, int root)
{
	const struct vexpr_node	*n, *nm;
	int			*own, i, k, m, o, ops[3];

	for (i = 0; i <= root; i++) {
		n = &gr->nodes[i];
		if (!g->live[i] || n->cls != CLS_VEC ||
		    (n->op != OP_ADD && n->op != OP_SUB) || n->a == n->b)
			continue;
		for (k = 0; k < 2; k++) {
			m = k == 0 ? n->a : n->b;
			nm = &gr->nodes[m];
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
		n = &gr->nodes[i];
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
		nm = &gr->nodes[m];
		for (k = 0; k < 2; k++) {
			o = k == 0 ? nm->a : nm->b;
			if (gr->nodes[o].cls == CLS_VEC && g->last[o] < i)
				g->last[o] = i;
		}
	}
	free(own);
}

/* Emit the array operation of node id. */
static void
vexpr_gen_vec(const struct vexpr_graph *gr, struct vexpr *ve, struct vexpr_gen *g,
    int id, int root)
{
	const struct vexpr_node	*n = &gr->nodes[id], *nm;
	struct vexpr_ins	*in;
	int			 src[3], opnd[3], tmp[3], ntmp = 0, i, j;
	int			 op = n->op, sh = SH_VV;

	src[0] = n->a;
	src[1] = n->b;
	src[2] = n->c;
	if (g->fused[id] != -1) {
		/* p * q +- c, p an array */
		nm = &gr->nodes[g->fused[id]];
		src[0] = gr->nodes[nm->a].cls == CLS_VEC ? nm->a : nm->b;
		src[1] = src[0] == nm->a ? nm->b : nm->a;
		src[2] = g->fused[id] == n->a ? n->b : n->a;
		op = VI_MAD(n->op == OP_ADD ? MAD_ADD : g->fused[id] == n->a ?
		    MAD_SUBL : MAD_SUBR, gr->nodes[src[1]].cls != CLS_VEC,
		    gr->nodes[src[2]].cls != CLS_VEC);
	}

	for (i = 0; i < 3; i++) {
		j = src[i];
		opnd[i] = 0;
		if (j == -1)
			continue;
		if (gr->nodes[j].cls == CLS_VEC) {
			opnd[i] = g->where[j];
			continue;
		}
		opnd[i] = vexpr_operand(gr, ve, g, j);
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
		if (j == -1 || gr->nodes[j].cls != CLS_VEC ||
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

void
vexpr_codegen(const struct vexpr_graph *gr, int root, struct vexpr *ve)
{
	struct vexpr_gen	 g;
	struct vexpr_node	*n;
	struct vexpr_ins	*in;
	int			 i, k, ops[3];

	memset(&g, 0, sizeof g);
	g.live = xcalloc(gr->nnodes, sizeof *g.live);
	g.last = xcalloc(gr->nnodes, sizeof *g.last);
	g.where = xcalloc(gr->nnodes, sizeof *g.where);
	g.fused = xcalloc(gr->nnodes, sizeof *g.fused);
	for (i = 0; i < gr->nnodes; i++)
		g.where[i] = g.last[i] = g.fused[i] = -1;
	g.nreg = 2;

	/* Live nodes and their last readers; nodes only read earlier ones. */
	g.live[root] = 1;
	for (i = root; i >= 0; i--) {
		n = &gr->nodes[i];
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
	vexpr_fuse(gr, &g, root);

	/* Slots 0 and 1 are y and z; constants get theirs when read. */
	ve->nslot = 0;
	vexpr_new_slot(ve, 0);
	vexpr_new_slot(ve, 0);
	for (i = 0; i <= root; i++) {
		n = &gr->nodes[i];
		if (!g.live[i] || n->op == OP_CONST)
			continue;
		if (n->op == OP_VAR) {
			g.where[i] = n->var == 0 ? REG_X :
			    n->var == 1 ? SLOT_Y : SLOT_Z;
			continue;
		}
		if (n->cls == CLS_UNI) {
			ops[0] = vexpr_operand(gr, ve, &g, n->a);
			ops[1] = vexpr_operand(gr, ve, &g, n->b);
			ops[2] = vexpr_operand(gr, ve, &g, n->c);
			in = vexpr_emit(ve, &g, 1);
			in->op = n->op;
			in->a = ops[0];
			in->b = ops[1];
			in->c = ops[2];
			in->d = g.where[i] = vexpr_new_slot(ve, 0);
			continue;
		}
		vexpr_gen_vec(gr, ve, &g, i, i == root);
	}

	n = &gr->nodes[root];
	if (n->cls != CLS_VEC) {
		ve->result = RES_SLOT;
		ve->rslot = vexpr_operand(gr, ve, &g, root);
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

struct vexpr *
vexpr_compile(const char *src, int dims, const struct task_const *consts,
    int nconsts, char **why)
{
	struct vexpr_graph	 gr;
	struct vexpr		*ve;
	double			*regmem;
	size_t			 align;
	int			 root, i;

	*why = NULL;
	if (dims < 1 || dims > TASK_MAXDIM) {
		*why = xstrdup("bad number of dimensions");
		return (NULL);
	}
	if (strlen(src) > EXPR_MAXLEN) {
		*why = xstrdup("expression too long");
		return (NULL);
	}

	memset(&gr, 0, sizeof gr);
	if ((root = vexpr_parse(src, dims, consts, nconsts, &gr, why)) == -1) {
		vexpr_graph_free(&gr);
		return (NULL);
	}

	ve = xcalloc(1, sizeof *ve);
	vexpr_codegen(&gr, root, ve);
	vexpr_graph_free(&gr);

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
