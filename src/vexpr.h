/*
 * vexpr: the vector engine. Compiles a muParser expression into a small
 * program of array operations run over a block of x values at fixed y and
 * z, in loops the compiler vectorises. Parts that depend only on y and z
 * are computed once per (y, z), parts that depend only on x once per x
 * segment shared by many rows, constants are folded. Anything it does not
 * support makes compilation fail with a reason, and the caller falls back
 * to muParser.
 */
#ifndef PINT_VEXPR_H
#define PINT_VEXPR_H

#include <stddef.h>

#include "task.h"

#define VEXPR_BLOCK	256	/* points per inner block */
#define VEXPR_XMAX	4096	/* points of one bound x segment at most */

/*
 * vexpr_compile_flags: compute x-only parts in every row, as the engine
 * did before the x cache (a reference for tests and benchmarks).
 */
#define VEXPR_NOXCACHE	0x1

struct vexpr;

/*
 * The instruction sets the block loops are built for (x86-64 with GCC
 * and glibc; elsewhere the build's own only). An expression uses the
 * widest the CPU has, up to the limit set by vexpr_isa_limit, when it is
 * compiled; libmvec's functions for each may differ in their last bits.
 */
enum vexpr_isa {
	VEXPR_ISA_BASE,		/* the build's target: SSE2 on x86-64 */
	VEXPR_ISA_AVX2,		/* 4 doubles a vector */
	VEXPR_ISA_AVX512	/* 8 doubles a vector (x86-64-v4) */
};
/*
 * The set new expressions use: the CPU's widest (vexpr_isa_cpu) or the
 * limit, which is PINT_SIMD's value (base, avx2 or avx512; read at the
 * first call, anything else is no limit) unless vexpr_isa_limit set one.
 */
int		 vexpr_isa(void);
int		 vexpr_isa_cpu(void);
void		 vexpr_isa_limit(int);
/* The set of a name (base, avx2, avx512), or -1; and back. */
int		 vexpr_isa_parse(const char *);
const char	*vexpr_isa_name(int);

/* Operations of the compiled expression by what they depend on. */
struct vexpr_stats {
	int	 x_only;	/* x alone: once per x segment */
	int	 yz_only;	/* y and z alone: once per row */
	int	 mixed;		/* x and y or z: once per point */
	int	 cached;	/* x-only values kept in cache arrays */
};

/*
 * Compile src (already accepted by muParser) for dims variables (x; x, y;
 * x, y, z) and the given constants. On an unsupported construct return
 * NULL and set *why to a short reason (allocated).
 */
struct vexpr	*vexpr_compile(const char *, int, const struct task_const *,
		     int, char **);
struct vexpr	*vexpr_compile_flags(const char *, int,
		     const struct task_const *, int, int, char **);
void		 vexpr_free(struct vexpr *);
void		 vexpr_stats(const struct vexpr *, struct vexpr_stats *);
/* The instruction set this expression's loops use. */
int		 vexpr_isa_of(const struct vexpr *);
/* Whether its value depends on x alone: the same in every row. */
int		 vexpr_x_only(const struct vexpr *);

/* out[i] = f(x[i], y, z) for i < n. */
void		 vexpr_eval_row(struct vexpr *, const double *, size_t, double,
		     double, double *);

/*
 * Bind n <= VEXPR_XMAX values of x, which must stay unchanged while
 * bound; then out[i] = f(x[i], y, z) for each row over them. What depends
 * on x alone is computed with the first row and kept for the others.
 * vexpr_eval_row unbinds.
 */
void		 vexpr_bind_x(struct vexpr *, const double *, size_t);
void		 vexpr_eval_bound(struct vexpr *, double, double, double *);

/*
 * The same rows a block at a time, so that a caller can take many rows
 * over one block while it is in L1. vexpr_row puts what a row needs (its
 * y, z, constants and the values that depend on y and z alone) in a
 * buffer of vexpr_row_size doubles; vexpr_eval_block gives f over block b
 * of the bound x (VEXPR_BLOCK points from b * VEXPR_BLOCK, fewer in the
 * last) for that row: in out, or where the values already are (x or the
 * cache). The same bits as vexpr_eval_bound, in any order of rows and
 * blocks.
 */
size_t		 vexpr_row_size(const struct vexpr *);
void		 vexpr_row(const struct vexpr *, double, double, double *);
const double	*vexpr_eval_block(struct vexpr *, const double *, size_t,
		     double *);

#endif
