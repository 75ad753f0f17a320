/*
 * vexpr-gen: the vector engine's code generation. The live nodes of the
 * graph that depend only on y and z become a scalar row program, run once
 * per (y, z); those that depend on x alone an x program, run once per
 * bound x segment into cache arrays; the rest a block program, run per
 * row. Both array programs are short lists of array operations over blocks
 * of VEXPR_BLOCK x values, in registers reused once read for the last
 * time, a product feeding a sum being done in the same pass. Every node is
 * computed with the same operation on the same values wherever it runs,
 * so where it runs never changes a result.
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
	int		*xo;		/* computed by the x program */
	int		*cachereg;	/* its cache register, or -1 */
	int		*freeregs;
	int		 nfree;
	int		 nreg;
	int		 ncache;
	int		 insalloc;
	int		 xinsalloc;
	int		 rinsalloc;
};

/* The programs instructions go to. */
enum vexpr_prog {
	PROG_BLOCK,
	PROG_ROW,
	PROG_X
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
	if (r >= REG_CACHE + g->ncache)
		g->freeregs[g->nfree++] = r;
}

static struct vexpr_ins *
vexpr_emit(struct vexpr *ve, struct vexpr_gen *g, int prog)
{
	if (prog == PROG_ROW) {
		vexpr_grow((void **)&ve->rins, &g->rinsalloc, ve->nrins + 1,
		    sizeof *ve->rins);
		return (&ve->rins[ve->nrins++]);
	}
	if (prog == PROG_X) {
		vexpr_grow((void **)&ve->xins, &g->xinsalloc, ve->nxins + 1,
		    sizeof *ve->xins);
		return (&ve->xins[ve->nxins++]);
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

/* n doubles aligned to 64 bytes at *p; returns what to free. */
static void *
vexpr_aligned(size_t n, double **p)
{
	void	*base;

	base = xmalloc(n * sizeof (double) + 64);
	*p = (double *)(((uintptr_t)base + 63) & ~(uintptr_t)63);
	return (base);
}

/* Where an operand lives: its slot (scalars) or register (arrays). */
static int
vexpr_operand(const struct vexpr_graph *gr, struct vexpr *ve,
    struct vexpr_gen *g, int id)
{
	if (id == -1)
		return (0);
	if (gr->nodes[id].op == OP_CONST && g->where[id] == -1)
		g->where[id] = vexpr_new_slot(ve, gr->nodes[id].val);
	return (g->where[id]);
}

/* The fused function of an operation (enum vexpr_fused), or -1. */
static int
vexpr_fn(int op)
{
	switch (op) {
	case OP_NEG:
		return (FF_NEG);
	case OP_SIN:
		return (FF_SIN);
	case OP_COS:
		return (FF_COS);
	case OP_EXP:
		return (FF_EXP);
	case OP_LOG:
		return (FF_LOG);
	case OP_SQRT:
		return (FF_SQRT);
	}
	return (-1);
}

/* Node i computes binary node m itself: m's operands are read at i. */
static void
vexpr_fuse_into(const struct vexpr_graph *gr, struct vexpr_gen *g, int i,
    int m)
{
	const struct vexpr_node	*nm = &gr->nodes[m];
	int			 k, o;

	g->live[m] = 0;
	for (k = 0; k < 2; k++) {
		o = k == 0 ? nm->a : nm->b;
		if (gr->nodes[o].cls == CLS_VEC && g->last[o] < i)
			g->last[o] = i;
	}
}

/* Readers that need each node as an array, in own (root + 1 zeros). */
static void
vexpr_own(const struct vexpr_graph *gr, const struct vexpr_gen *g, int root,
    int *own)
{
	const struct vexpr_node	*n;
	int			 i, k, ops[3];

	memset(own, 0, (root + 1) * sizeof *own);
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
}

/*
 * An addition or subtraction reading a product of arrays (or of an array
 * and a scalar) computes the product itself when nothing else needs the
 * product as an array: one pass instead of two. Both are in the same
 * program: a sum read per row does not recompute a cached x-only product.
 */
static void
vexpr_fuse(const struct vexpr_graph *gr, struct vexpr_gen *g, int root)
{
	const struct vexpr_node	*n, *nm;
	int			*own, i, k, m;

	for (i = 0; i <= root; i++) {
		n = &gr->nodes[i];
		if (!g->live[i] || n->cls != CLS_VEC ||
		    (n->op != OP_ADD && n->op != OP_SUB) || n->a == n->b)
			continue;
		for (k = 0; k < 2; k++) {
			m = k == 0 ? n->a : n->b;
			nm = &gr->nodes[m];
			if (nm->op == OP_MUL && nm->cls == CLS_VEC &&
			    m != root && g->xo[m] == g->xo[i]) {
				g->fused[i] = m;
				break;
			}
		}
	}

	own = xcalloc(root + 1, sizeof *own);
	vexpr_own(gr, g, root, own);
	for (i = 0; i <= root; i++) {
		if ((m = g->fused[i]) == -1)
			continue;
		if (own[m] > 0) {
			g->fused[i] = -1;
			continue;
		}
		vexpr_fuse_into(gr, g, i, m);
	}

	/*
	 * A function of a sum, difference or product that nothing else
	 * reads computes it itself (not one of those a sum took above).
	 */
	vexpr_own(gr, g, root, own);
	for (i = 0; i <= root; i++) {
		n = &gr->nodes[i];
		if (!g->live[i] || n->cls != CLS_VEC || vexpr_fn(n->op) < 0)
			continue;
		m = n->a;
		nm = &gr->nodes[m];
		if (g->live[m] && nm->cls == CLS_VEC && (nm->op == OP_ADD ||
		    nm->op == OP_SUB || nm->op == OP_MUL) && m != root &&
		    g->xo[m] == g->xo[i] && g->fused[m] == -1 &&
		    g->cachereg[m] == -1 && own[m] == 1) {
			g->fused[i] = m;
			vexpr_fuse_into(gr, g, i, m);
		}
	}
	free(own);
}

/* Emit the array operation of node id. */
static void
vexpr_gen_vec(const struct vexpr_graph *gr, struct vexpr *ve,
    struct vexpr_gen *g, int id, int root)
{
	const struct vexpr_node	*n = &gr->nodes[id], *nm;
	struct vexpr_ins	*in;
	int			 src[3], opnd[3], tmp[3], ntmp = 0, i, j;
	int			 op = n->op, sh = SH_VV, fn = -1;
	int			 prog = g->xo[id] ? PROG_X : PROG_BLOCK;

	src[0] = n->a;
	src[1] = n->b;
	src[2] = n->c;
	if (g->fused[id] != -1 && !OP_ISBINARY(op)) {
		/* f(p op q) */
		nm = &gr->nodes[g->fused[id]];
		fn = vexpr_fn(op);
		op = nm->op;
		src[0] = nm->a;
		src[1] = nm->b;
	} else if (g->fused[id] != -1) {
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
			in = vexpr_emit(ve, g, prog);
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

	in = vexpr_emit(ve, g, prog);
	in->op = fn >= 0 ? VI_FN(fn, op, sh) : OP_ISBINARY(op) ?
	    VI_BIN(op, sh) : op;
	in->a = opnd[0];
	in->b = opnd[1];
	in->c = opnd[2];
	if (g->cachereg[id] != -1)
		in->d = g->cachereg[id];
	else
		in->d = root ? REG_OUT : vexpr_reg_alloc(g);
	g->where[id] = in->d;
	for (i = 0; i < ntmp; i++)
		vexpr_reg_free(g, tmp[i]);
}

/* The operands of node n, each once (-1 where absent or repeated). */
static void
vexpr_operands(const struct vexpr_node *n, int ops[3])
{
	ops[0] = n->a;
	ops[1] = n->b == n->a ? -1 : n->b;
	ops[2] = n->c == n->a || n->c == n->b ? -1 : n->c;
}

/*
 * Cached: the x-only nodes read by a node of the block program, or the
 * result. Returns their count.
 */
static int
vexpr_frontier(const struct vexpr_graph *gr, struct vexpr_gen *g, int root,
    int *front)
{
	int	 i, k, ops[3], n = 0;

	memset(front, 0, (root + 1) * sizeof *front);
	front[root] = g->xo[root];
	for (i = 0; i <= root; i++) {
		if (!g->live[i] || g->xo[i] || gr->nodes[i].cls != CLS_VEC)
			continue;
		vexpr_operands(&gr->nodes[i], ops);
		for (k = 0; k < 3; k++) {
			if (ops[k] != -1 && g->xo[ops[k]])
				front[ops[k]] = 1;
		}
	}
	for (i = 0; i <= root; i++)
		n += front[i];
	return (n);
}

/*
 * Choose the nodes the x program computes: live operations that depend on
 * x alone. At most VEXPR_MAXCACHE of them may be read by the block
 * program, which bounds the cache; past that the latest are given back to
 * the block program (their operands may become cached instead).
 */
static void
vexpr_classify(const struct vexpr_graph *gr, struct vexpr_gen *g, int root,
    int flags)
{
	const struct vexpr_node	*n;
	int			*deps, *front, i, k, ops[3];

	deps = xcalloc(root + 1, sizeof *deps);
	for (i = 0; i <= root; i++) {
		n = &gr->nodes[i];
		if (n->op == OP_VAR)
			deps[i] = 1 << n->var;
		else if (n->op != OP_CONST) {
			vexpr_operands(n, ops);
			for (k = 0; k < 3; k++)
				deps[i] |= ops[k] == -1 ? 0 : deps[ops[k]];
		}
		g->xo[i] = !(flags & VEXPR_NOXCACHE) && g->live[i] &&
		    n->op != OP_VAR && n->op != OP_CONST && deps[i] == 1;
	}
	front = xcalloc(root + 1, sizeof *front);
	while (vexpr_frontier(gr, g, root, front) > VEXPR_MAXCACHE) {
		for (i = root; !front[i]; i--)
			;
		g->xo[i] = 0;
	}
	for (i = 0; i <= root; i++) {
		if (front[i])
			g->cachereg[i] = REG_CACHE + g->ncache++;
	}
	free(front);
	free(deps);
}

static void
vexpr_count(const struct vexpr_graph *gr, const struct vexpr_gen *g,
    int root, struct vexpr_stats *st)
{
	const struct vexpr_node	*n;
	int			 i;

	memset(st, 0, sizeof *st);
	for (i = 0; i <= root; i++) {
		n = &gr->nodes[i];
		if (!g->live[i] || n->op == OP_VAR || n->op == OP_CONST)
			continue;
		if (n->cls == CLS_UNI)
			st->yz_only++;
		else if (g->xo[i])
			st->x_only++;
		else
			st->mixed++;
	}
	st->cached = g->ncache;
}

/* Emit the scalar operation of node i into the row program. */
static void
vexpr_gen_uni(const struct vexpr_graph *gr, struct vexpr *ve,
    struct vexpr_gen *g, int i)
{
	const struct vexpr_node	*n = &gr->nodes[i];
	struct vexpr_ins	*in;
	int			 ops[3];

	ops[0] = vexpr_operand(gr, ve, g, n->a);
	ops[1] = vexpr_operand(gr, ve, g, n->b);
	ops[2] = vexpr_operand(gr, ve, g, n->c);
	in = vexpr_emit(ve, g, PROG_ROW);
	in->op = n->op;
	in->a = ops[0];
	in->b = ops[1];
	in->c = ops[2];
	in->d = g->where[i] = vexpr_new_slot(ve, 0);
}

void
vexpr_codegen(const struct vexpr_graph *gr, int root, int flags,
    struct vexpr *ve)
{
	struct vexpr_gen	 g;
	const struct vexpr_node	*n;
	int			 i, k, pass, ops[3];

	memset(&g, 0, sizeof g);
	g.live = xcalloc(gr->nnodes, sizeof *g.live);
	g.last = xcalloc(gr->nnodes, sizeof *g.last);
	g.where = xcalloc(gr->nnodes, sizeof *g.where);
	g.fused = xcalloc(gr->nnodes, sizeof *g.fused);
	g.xo = xcalloc(gr->nnodes, sizeof *g.xo);
	g.cachereg = xcalloc(gr->nnodes, sizeof *g.cachereg);
	for (i = 0; i < gr->nnodes; i++)
		g.where[i] = g.last[i] = g.fused[i] = g.cachereg[i] = -1;

	/* Live nodes and their last readers; nodes only read earlier ones. */
	g.live[root] = 1;
	for (i = root; i >= 0; i--) {
		n = &gr->nodes[i];
		if (!g.live[i] || n->op == OP_CONST || n->op == OP_VAR)
			continue;
		vexpr_operands(n, ops);
		for (k = 0; k < 3; k++) {
			if (ops[k] == -1)
				continue;
			g.live[ops[k]]++;
			if (g.last[ops[k]] < i)
				g.last[ops[k]] = i;
		}
	}
	vexpr_classify(gr, &g, root, flags);
	vexpr_count(gr, &g, root, &ve->stats);
	g.ncache = ve->ncache = ve->stats.cached;
	g.nreg = REG_CACHE + g.ncache;
	vexpr_fuse(gr, &g, root);

	/*
	 * Slots 0 and 1 are y and z; constants get theirs when read. The x
	 * program first: its registers are all free again at its end, but
	 * for the cache.
	 */
	ve->nslot = 0;
	vexpr_new_slot(ve, 0);
	vexpr_new_slot(ve, 0);
	for (pass = 0; pass < 2; pass++) {
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
				if (pass == 0)
					vexpr_gen_uni(gr, ve, &g, i);
			} else if (g.xo[i] == (pass == 0))
				vexpr_gen_vec(gr, ve, &g, i, i == root);
		}
	}

	n = &gr->nodes[root];
	if (n->cls != CLS_VEC) {
		ve->result = RES_SLOT;
		ve->rslot = vexpr_operand(gr, ve, &g, root);
	} else if (n->op == OP_VAR)
		ve->result = RES_X;
	else if (g.xo[root])
		ve->result = RES_CACHE;
	else
		ve->result = RES_BLOCK;

	/* One array, the x program first: rows after the first skip it. */
	if (ve->nxins > 0) {
		ve->xins = xreallocarray(ve->xins, ve->nxins + ve->nins,
		    sizeof *ve->xins);
		if (ve->nins > 0)
			memcpy(ve->xins + ve->nxins, ve->ins,
			    ve->nins * sizeof *ve->ins);
		free(ve->ins);
		ve->ins = ve->xins;
		ve->xins = NULL;
		ve->nins += ve->nxins;
	}

	ve->nreg = g.nreg;
	free(g.live);
	free(g.last);
	free(g.where);
	free(g.fused);
	free(g.xo);
	free(g.cachereg);
	free(g.freeregs);
}

struct vexpr *
vexpr_compile_flags(const char *src, int dims,
    const struct task_const *consts, int nconsts, int flags, char **why)
{
	struct vexpr_graph	 gr;
	struct vexpr		*ve;
	double			*regmem;
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
	vexpr_runtime(ve);
	vexpr_codegen(&gr, root, flags, ve);
	vexpr_graph_free(&gr);

	/* Registers and cache arrays, aligned for the vector loads. */
	ve->regbase = vexpr_aligned((size_t)ve->nreg * VEXPR_REGSTRIDE,
	    &regmem);
	ve->reg = xcalloc(ve->nreg, sizeof *ve->reg);
	for (i = REG_CACHE + ve->ncache; i < ve->nreg; i++)
		ve->reg[i] = regmem + (size_t)i * VEXPR_REGSTRIDE;
	if (ve->ncache > 0)
		ve->cachebase = vexpr_aligned((size_t)ve->ncache *
		    VEXPR_CACHESTRIDE, &ve->cache);
	return (ve);
}

struct vexpr *
vexpr_compile(const char *src, int dims, const struct task_const *consts,
    int nconsts, char **why)
{
	return (vexpr_compile_flags(src, dims, consts, nconsts, 0, why));
}

void
vexpr_free(struct vexpr *ve)
{
	if (ve == NULL)
		return;
	free(ve->ins);
	free(ve->xins);
	free(ve->rins);
	free(ve->slot);
	free(ve->reg);
	free(ve->regbase);
	free(ve->cachebase);
	free(ve);
}

void
vexpr_stats(const struct vexpr *ve, struct vexpr_stats *st)
{
	*st = ve->stats;
}

int
vexpr_isa_of(const struct vexpr *ve)
{
	return (ve->isa);
}

int
vexpr_x_only(const struct vexpr *ve)
{
	return (ve->result == RES_X || ve->result == RES_CACHE);
}
