/* Helpers shared by the Check suites. */
#ifndef PINT_TESTUTIL_H
#define PINT_TESTUTIL_H

#include "task.h"

/*
 * Build and finish a task over the box [lo, hi]^dims with the given points
 * per axis; aborts the test on error.
 */
void	 tu_task(struct task *, const char *, int, double, double, uint64_t,
	     enum quad_rule);
/* The same with per-axis bounds. */
void	 tu_task_box(struct task *, const char *, int, const double *,
	     const double *, uint64_t, enum quad_rule);
/* Integrate a finished task in this process (no workers), chunk by chunk. */
double	 tu_integrate(const struct task *, enum engine_kind);

#endif
