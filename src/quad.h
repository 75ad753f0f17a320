/*
 * quad: quadrature rules, the grid, its split into rows and chunks, and
 * compensated summation. Chunk boundaries depend on the task alone, never
 * on the number of workers, so the integral is the same for every -j.
 */
#ifndef PINT_QUAD_H
#define PINT_QUAD_H

#include <stddef.h>
#include <stdint.h>

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

/* The grid of a task, split into rows (runs of x points at fixed y, z). */
struct grid {
	int		 dims;
	enum quad_rule	 rule;
	uint64_t	 n[TASK_MAXDIM];	/* nodes per axis (1 if unused) */
	double		 lo[TASK_MAXDIM];
	double		 hi[TASK_MAXDIM];
	double		 h[TASK_MAXDIM];
	uint64_t	 nseg;		/* rows per x line */
	uint64_t	 rows;		/* nseg * ny * nz */
	uint64_t	 chunk_rows;	/* rows per chunk */
	uint64_t	 nchunks;
	uint64_t	 points;
	double		 scale;		/* product of h (and rule factors) */
	int		 est;		/* a coarse companion rule is computed */
	int		 est_factor;	/* coarse step = est_factor * h */
	double		 est_div;	/* error ~ |fine - coarse| / est_div */
};

/* Per-chunk result, as computed by a worker. */
struct quad_partial {
	double		 sum;		/* Neumaier sum of weighted values */
	double		 comp;		/* and its compensation */
	uint64_t	 points;
	uint64_t	 nonfinite;	/* points whose value was not finite */
	uint64_t	 bad_row;	/* first non-finite point: row, */
	uint64_t	 bad_index;	/* and index within the row */
	double		 sum2;		/* the same by the coarse companion rule */
	double		 comp2;
	uint64_t	 ns;		/* time the worker spent on it */
	uint32_t	 failed;	/* injected failure: attempt + 1 */
};

/* Build the grid of a finished task; -1 + cause if it has too many chunks. */
int	 quad_grid(struct grid *, const struct task *, char **);

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
 * Evaluate one chunk. scratch must hold 4 * QUAD_SEGMENT doubles. If beat
 * is not NULL it is incremented after every row (a heartbeat the parent
 * watches to tell a slow chunk from a hung worker).
 */
void	 quad_eval_chunk(const struct grid *, struct expr *, uint64_t,
	     struct quad_partial *, double *, uint64_t *);

/* Coarse companion weight of node i (0 off the coarse grid). */
double	 quad_weight2(const struct grid *, int, uint64_t);

/*
 * Combine per-chunk partials in chunk order; returns the integral, and
 * sets *err to the error estimate (NAN when the grid has none).
 */
double	 quad_combine(const struct grid *, const struct quad_partial *,
	     double *);

#endif
