/*
 * The vector engine's private header, shared by its phases and by nothing
 * else: the front end (vexpr-parse.c) replays muParser's parser into a
 * graph of primitive operations (vexpr-graph.c, which folds constants and
 * shares common parts), code generation (vexpr-gen.c) turns the graph into
 * a row program on scalars and a block program on arrays, and the runtime
 * (vexpr-run.c, the only file built with the vector flags) runs them.
 * vexpr.h is the public face.
 */
#ifndef PINT_VEXPR_INT_H
#define PINT_VEXPR_INT_H

#include <stdint.h>
#include <string.h>

#include "vexpr.h"

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

/* The graph: nodes in creation order, which is a topological order. */
struct vexpr_graph {
	struct vexpr_node	*nodes;
	int			 nnodes;
	int			 nodesalloc;
	int			*hash;		/* open addressing, -1 empty */
	size_t			 hashsize;
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

/*
 * A function of a sum, difference or product read by nothing else,
 * f(a op b), in one pass: f one of enum vexpr_fused, op ADD, SUB or MUL, a
 * and b as the shape of the binary operation says.
 */
enum vexpr_fused {
	FF_NEG,
	FF_SIN,
	FF_COS,
	FF_EXP,
	FF_LOG,
	FF_SQRT,
	FF_N
};
#define VI_FN0		VI_MAD(3, 0, 0)
#define VI_FN(f, op, sh)	(VI_FN0 + 9 * (f) + 3 * ((op) - OP_ADD) + (sh))

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
	RES_X,		/* x itself */
	RES_CACHE	/* an x-only value, in the first cache array */
};

/*
 * Nodes that depend on x alone are computed by the x program once per
 * bound x segment: those read by the rest (or the result) are stored in
 * cache arrays of VEXPR_XMAX values, read by the block program through
 * registers REG_CACHE.. that point into them block by block.
 */
#define REG_CACHE	2
#define VEXPR_MAXCACHE	8	/* cache arrays at most (8 x 32 KiB) */
/*
 * Registers and cache arrays lie this far apart, a little more than their
 * size: at exact multiples of 4 KiB a load of one operand would share its
 * low address bits with the store of the result, and the CPU's store
 * forwarding check would stall it (4K aliasing).
 */
#define VEXPR_REGSTRIDE		(VEXPR_BLOCK + 8)
#define VEXPR_CACHESTRIDE	(VEXPR_XMAX + 24)
_Static_assert(VEXPR_XMAX / VEXPR_BLOCK <= 32, "a bit per block of x");

typedef void	 vexpr_block_fn(double * const *, const double *,
		     const struct vexpr_ins *, int, size_t);

struct vexpr {
	vexpr_block_fn		*block;		/* loops for ISA isa */
	int			 isa;
	struct vexpr_ins	*ins;		/* x program, then block program */
	int			 nins;		/* in all */
	struct vexpr_ins	*xins;		/* x program, while generated */
	int			 nxins;		/* its length */
	struct vexpr_ins	*rins;		/* row program, on slots */
	int			 nrins;
	double			*slot;
	int			 nslot;
	double			**reg;
	int			 nreg;
	void			*regbase;
	int			 ncache;	/* cache arrays */
	double			*cache;		/* ncache * VEXPR_XMAX */
	void			*cachebase;
	const double		*bx;		/* the bound x segment */
	size_t			 bn;
	uint32_t		 xblocks;	/* blocks of bx in the cache */
	int			 result;
	int			 rslot;
	int			 cached;	/* slots hold row cy, cz */
	uint64_t		 cy, cz;
	struct vexpr_stats	 stats;
};
static inline uint64_t
vexpr_bits(double v)
{
	uint64_t	 u;

	memcpy(&u, &v, sizeof u);
	return (u);
}

/* vexpr-graph.c */
void	 vexpr_grow(void **, int *, int, size_t);
int	 vexpr_const(struct vexpr_graph *, double);
int	 vexpr_var(struct vexpr_graph *, int);
int	 vexpr_mk(struct vexpr_graph *, int, int, int, int);
void	 vexpr_graph_free(struct vexpr_graph *);

/* vexpr-parse.c: the root node, or -1 and *why set (allocated). */
int	 vexpr_parse(const char *, int, const struct task_const *, int,
	    struct vexpr_graph *, char **);

/* vexpr-gen.c; flags as vexpr_compile_flags' */
void	 vexpr_codegen(const struct vexpr_graph *, int, int, struct vexpr *);

/* vexpr-run.c: one operation on scalars, with muParser's semantics. */
double	 vexpr_scalar(int, double, double, double);
/* vexpr-run.c: the block loops for the instruction set vexpr_isa gives. */
void	 vexpr_runtime(struct vexpr *);

#endif
