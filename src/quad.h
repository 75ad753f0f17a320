/*
 * quad: quadrature rules, the grid, its split into rows and chunks, and
 * compensated summation. Chunk boundaries depend on the task alone, never
 * on the number of workers, so the integral is the same for every -j.
 */
#ifndef PINT_QUAD_H
#define PINT_QUAD_H

#include <float.h>
#include <stddef.h>
#include <stdint.h>

#include "quad-rule.h"
#include "task.h"

struct expr;

#define QUAD_SEGMENT	4096		/* x points per row at most */
#define QUAD_MAXCHUNKS	(1u << 20)	/* chunks per run at most */
#define QUAD_AUTOCHUNKS	1024		/* chunks aimed at by chunk: auto */
#define QUAD_MINCHUNKPTS 16384		/* points per chunk aimed at least */

/* Neumaier's compensated sum. */
struct ksum {
	double	 s;
	double	 c;
};

static inline void
ksum_add(struct ksum *k, double v)
{
	double	 t = k->s + v;

	if ((k->s >= 0 ? k->s : -k->s) >= (v >= 0 ? v : -v))
		k->c += (k->s - t) + v;
	else
		k->c += (v - t) + k->s;
	k->s = t;
}

static inline double
ksum_value(const struct ksum *k)
{
	return k->s + k->c;
}

#define QUAD_LEVELS	3	/* the rule and two coarser grids within it */
#define QUAD_SUMS	(QUAD_LEVELS + 1)	/* and Simpson's trapezoid sum */
/* Rounding of an integral, relative to max(|integral|, integral of |f|). */
#define QUAD_NOISE	(16 * DBL_EPSILON)

/*
 * A compensated sum kept scaled by a power of two, (s + c) * 2^e, so that
 * sums of values near the top of the range do not overflow: when adding
 * would, the sum and what follows are scaled down by 2^64 and e goes up.
 */
struct xsum {
	double		 s;
	double		 c;
	int32_t		 e;
};

void	 xsum_add(struct xsum *, double, int32_t);
#define QUAD_XSHIFT	64	/* scaling step of struct xsum */

/* The grid of a task, split into rows (runs of x points at fixed y, z). */
struct grid {
	int		 dims;
	enum quad_rule	 rule;
	uint64_t	 n[TASK_MAXDIM];	/* nodes per axis (1 if unused) */
	double		 lo[TASK_MAXDIM];
	double		 hi[TASK_MAXDIM];
	double		 h[TASK_MAXDIM];	/* step, in t for tanh-sinh */
	uint64_t	 nseg;		/* rows per x line */
	uint64_t	 rows;		/* nseg * ny * nz */
	uint64_t	 chunk_rows;	/* rows per chunk */
	uint64_t	 nchunks;
	uint64_t	 points;
	/*
	 * The product of the steps and the rule's factors, as a mantissa
	 * and a power of two applied once at the end: the product itself
	 * can leave the range when the integral does not.
	 */
	double		 scale;
	int		 scale_exp;
	int		 levels;	/* grids summed: the rule, coarser ones */
	int		 ratio;		/* level l has step ratio^l h */
	int		 order;		/* the rule's order; 0: exponential */
	int		 gk;		/* Gauss: nodes per cell */
	double		 gx[QUAD_MAXORDER];	/* and their offsets in [0, 1] */
	double		 gw[QUAD_MAXORDER];	/* and weights, summing to 1 */
	double		 tlo[TASK_MAXDIM];	/* tanh-sinh: t of node 0 */
	double		 ts_tail;	/* and quad_ts_tails, NAN unknown */
	/*
	 * A grid refined from the one before it by the ratio of its levels
	 * (a tolerance's sequence): the nodes of that grid, every reuse-th
	 * on each axis, are not evaluated again. Only level 0 is summed, over
	 * the new nodes; quad_combine adds the old grid's integral to it, and
	 * the old grid's levels 0 and 1 are this one's levels 1 and 2.
	 */
	uint64_t	 reuse;		/* 0: every node is evaluated */
	uint64_t	 reused;	/* nodes not evaluated again */
	double		 prev[QUAD_LEVELS - 1];	/* the old grid's levels */
	int		 prev_levels;
	/*
	 * Simpson's rule in a tolerance's sequence also sums the trapezoid
	 * rule over the nodes it evaluates (the sum after the levels), for
	 * the grid that reuses them: halved steps give the old nodes
	 * Simpson's weights of the old trapezoid rule's / 3 per axis, not
	 * of its own. The new grid's trapezoid integral is the old one's
	 * / 2 per axis plus the new nodes'.
	 */
	int		 trap;
	double		 prev_trap;	/* the old grid's trapezoid integral */
	int		 raised;	/* gauss: 1 order raised from the last
					   grid, 2 cells doubled since */
	/*
	 * A tolerance's sequence also sums w |f| at level 0: the scale of
	 * the rounding in its integrals, which |integral| understates when
	 * the integrand cancels (see QUAD_NOISE). The old nodes of a grid
	 * that reuses them add the old grid's, as for prev[0].
	 */
	int		 mag;
	double		 prev_mag;
	/*
	 * A tolerance's independent check (see quad_warp_unit): 0, or c, which
	 * puts node u of an axis, taken onto [0, 1], at u + c u (1 - u).
	 */
	double		 warp[TASK_MAXDIM];
};

/*
 * Per-chunk result, as computed by a worker: what a journal of finished
 * chunks needs to combine them later in chunk order.
 */
struct quad_partial {
	struct xsum	 lev[QUAD_SUMS];	/* weighted sums by level, then
						   grid's trap sum */
	double		 mag;		/* sum of w |f|, when the grid asks */
	uint64_t	 points;
	uint64_t	 nonfinite;	/* points whose value was not finite */
	uint64_t	 bad_row;	/* first non-finite point: row, */
	uint64_t	 bad_index;	/* and index within the row */
	uint64_t	 ns;		/* time the worker spent on it */
	uint32_t	 failed;	/* injected failure: attempt + 1 */
};

/* The integral of a run and what its levels say of its error. */
struct quad_result {
	double		 integral;
	int		 representable;	/* 0: beyond double's range */
	double		 log2_magnitude;	/* of the integral, when not */
	double		 error;		/* estimate, NAN when there is none */
	double		 order;		/* observed, NAN when not measured */
	int		 reliable;	/* the levels behave asymptotically */
	int		 from_observed;	/* estimate from the observed order;
					   2: unconfirmed (see adapt.c) */
	double		 lev[QUAD_LEVELS];	/* the levels' integrals */
	int		 nlev;
	double		 trap;		/* grid's trap: that integral, or NAN */
	double		 mag;		/* integral of |f| (grid's mag), or
					   NAN: the scale of the rounding */
	uint64_t	 nonfinite;	/* points left out, not finite */
};

/*
 * tanh-sinh: a bound on the integral beyond the outermost nodes, from the
 * integrand near each end (see quad.c); INFINITY where it grows too fast
 * to bound. Evaluates e in the caller.
 */
double	 quad_ts_tails(const struct task *, struct expr *);

/* Build the grid of a finished task; -1 + cause if it has too many chunks. */
int	 quad_grid(struct grid *, const struct task *, char **);

/* For quad's own files: the row sums of quad-sum.c. */
/*
 * The weighted sum of a row in eight interleaved compensated sums (Knuth's
 * branch-free two-sum per lane): lane l takes the terms i = l mod 8 of the
 * row (i from the row's first point) in index order, then the lanes' sums
 * and their corrections are added in a fixed order. So the same bits on
 * every run, short dependency chains (the additions overlap), a loop the
 * compiler can vectorise, and an error of a few ulps even for thousands
 * of equal terms, where plain lanes lose one bit per doubling. A row can be
 * fed in pieces of a multiple of 8 terms (the last any length): the same
 * operations in the same order, the same bits.
 */
struct quad_lanes {
	double	 s[8];
	double	 c[8];
};

/*
 * The lanes' adder for this CPU, within the vector engine's limit
 * (PINT_SIMD): each gives the same bits.
 */
typedef void	 quad_lanes_fn(struct quad_lanes *, const double *,
		     const double *, size_t);
quad_lanes_fn	*quad_lanes_pick(void);
double		 quad_lanes_value(const struct quad_lanes *);
/* The lanes' sum of w[i] f[i], and of w[i] |f[i]| over the finite f[i]. */
double		 quad_dot(const double *, const double *, size_t);
double		 quad_abs_sum(const double *, const double *, size_t);

/*
 * What defines the sums of a run, one "what value" line each: the
 * expression and constants, the rule and grid, the chunks and the engine.
 * The checkpoint journal keeps it in its header (allocated).
 */
char	*quad_identity(const struct task *, const struct grid *,
	     const char *);

/* Coordinate of node i on an axis, and its rule weight (before scale). */
double	 quad_node(const struct grid *, int, uint64_t);
double	 quad_weight(const struct grid *, int, uint64_t);

/* Rows [first, first + count) of a chunk. */
void	 quad_chunk_rows(const struct grid *, uint64_t, uint64_t *,
	     uint64_t *);

/* Coordinates of point index i of a row. */
void	 quad_point(const struct grid *, uint64_t, uint64_t, double[3]);

/*
 * What a worker keeps from chunk to chunk to evaluate a grid's chunks
 * with one expression: the x nodes and weights of the segment last
 * evaluated (with the expression's values of x alone), and room for a
 * group of rows. Its size depends on the expression, not on the grid.
 * The expression is the work's alone while it is in use. NULL if out of
 * memory.
 */
struct quad_work;
struct quad_work	*quad_work_new(const struct grid *, struct expr *);
void			 quad_work_free(struct quad_work *);

/*
 * Evaluate one chunk. If beat is not NULL it is incremented as rows are
 * done (a heartbeat the parent watches to tell a slow chunk from a hung
 * worker).
 */
void	 quad_eval_chunk(struct quad_work *, uint64_t, struct quad_partial *,
	     uint64_t *);

/* Weight of node i on an axis at level l (0: the rule), before scale. */
double	 quad_weight_level(const struct grid *, int, uint64_t, int);

/*
 * Combine per-chunk partials in chunk order into the integral and the
 * error estimate of the levels (see quad_estimate).
 */
void	 quad_combine(const struct grid *, const struct quad_partial *,
	     struct quad_result *);

/*
 * The estimate from the sums of three levels (s[0] the finest; two when
 * there are only two, then never reliable). Sets error, order, reliable,
 * from_observed.
 */
void	 quad_estimate(const struct grid *, const double *, int,
	     struct quad_result *);

/*
 * The rounding noise of an integral s0: QUAD_NOISE x max(|s0|, r->mag).
 * Every estimate below reads r->mag (NAN when not summed) and keeps it.
 */
double	 quad_noise(const struct quad_result *, double);

/*
 * What every estimate from three sums (s[0] the finest) starts with: the
 * changes *d1 = |s0 - s1|, *d2 = |s1 - s2| and the observed order *p for
 * a ratio of the steps of s1 and s2 (r->order, when finite). Returns 1
 * when that decides it: both changes rounding (reliable), or not
 * converging (the larger change, not reliable); r's other fields must be
 * cleared before.
 */
int	 quad_estimate_start(const double *, double, struct quad_result *,
	     double *, double *, double *);

/*
 * What the estimate rests on, for the text report: "observed order 1.5;
 * Simpson's is 4: estimate from observed order".
 */
void	 quad_estimate_note(const struct grid *, double, int, int, char *,
	     size_t);

#endif
