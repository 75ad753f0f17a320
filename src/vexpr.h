/*
 * vexpr: the vector engine. Compiles a muParser expression into a small
 * program of array operations run over a block of x values at fixed y and
 * z, in loops the compiler vectorises. Parts that depend only on y and z
 * are computed once per (y, z), constants are folded. Anything it does not
 * support makes compilation fail with a reason, and the caller falls back
 * to muParser.
 */
#ifndef PINT_VEXPR_H
#define PINT_VEXPR_H

#include <stddef.h>

#include "task.h"

#define VEXPR_BLOCK	256	/* points per inner block */

struct vexpr;

/*
 * Compile src (already accepted by muParser) for dims variables (x; x, y;
 * x, y, z) and the given constants. On an unsupported construct return
 * NULL and set *why to a short reason (allocated).
 */
struct vexpr	*vexpr_compile(const char *, int, const struct task_const *,
		     int, char **);
void		 vexpr_free(struct vexpr *);

/* out[i] = f(x[i], y, z) for i < n. */
void		 vexpr_eval_row(struct vexpr *, const double *, size_t, double,
		     double, double *);

#endif
