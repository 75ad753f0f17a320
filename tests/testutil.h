/* Helpers shared by the Check suites. */
#ifndef PINT_TESTUTIL_H
#define PINT_TESTUTIL_H

#include "quad.h"
#include "results.h"
#include "task.h"

/* snprintf for paths, which must not be cut (else the test fails). */
void	 tu_pathf(char *, size_t, const char *, ...)
	     __attribute__((format(printf, 3, 4)));
/* tests/fixtures/proc/NAME, as the harness or the source tree has it. */
const char *tu_fixture(const char *);

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
/* The same, with the estimate. */
void	 tu_integrate_result(const struct task *, enum engine_kind,
	     struct quad_result *);
/* Results of a made-up sweep of -j 1, 2, 4, two runs each (testutil.c). */
void	 tu_results(struct results *, const struct task *,
	     const struct grid *);

#endif
