/*
 * adapt: the grids a tolerance asks for.
 *
 * The first grid is the task's (or a coarse default), its interval counts
 * rounded up so that the error estimate has its three levels. After each
 * grid, the estimate says whether the tolerance is met: a reliable
 * estimate at or below max(tolerance x |integral|, abs_tolerance). If not,
 * the next grid refines every axis by the same factor, as far as the
 * observed order says is needed (with a margin, at least 1.5, at most 16),
 * twice for gauss (whose estimate compares successive grids) and for
 * tanh-sinh (whose error about squares when the step halves). A grid that
 * would take the points evaluated beyond the budget is shrunk to fit; when
 * even the smallest refinement does not fit, the sequence ends.
 */
#include "config.h"

#include "adapt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ADAPT_MARGIN	1.25	/* on the factor the order predicts */
#define ADAPT_FMIN	1.5
#define ADAPT_FMAX	16.0
#define ADAPT_MAXIV	(UINT64_C(1) << 40)	/* intervals per axis */

/* Interval counts per axis must divide by this for three levels. */
static uint64_t
adapt_quantum(enum quad_rule rule)
{
	switch (rule) {
	case RULE_MIDPOINT:
		return 9;
	case RULE_SIMPSON:
		return 8;
	case RULE_GAUSS:
		return 1;
	default:
		return 4;
	}
}

/* Set the grid of adp->task to iv intervals per axis and build it. */
static int
adapt_set(struct adapt *adp, const uint64_t *iv, char **cause)
{
	struct task	*t = &adp->task;
	int		 i;

	for (i = 0; i < t->dims; i++) {
		t->axis[i].step = 0;
		if (t->rule == RULE_MIDPOINT)
			t->axis[i].points = iv[i];
		else if (t->rule == RULE_GAUSS)
			t->axis[i].points = iv[i] * t->order;
		else
			t->axis[i].points = iv[i] + 1;
	}
	if (task_finish(t, cause) != 0)
		return -1;
	return quad_grid(&adp->grid, t, cause);
}

int
adapt_begin(struct adapt *adp, const struct task *t, uint64_t max_points,
    char **cause)
{
	uint64_t	 iv[TASK_MAXDIM], q = adapt_quantum(t->rule);
	int		 i;

	memset(adp, 0, sizeof *adp);
	adp->rtol = t->tolerance;
	adp->atol = t->abs_tolerance;
	adp->max_points = max_points != 0 ? max_points : ADAPT_MAXPOINTS;
	adp->task = *t;		/* shares the strings; never freed here */
	for (i = 0; i < t->dims; i++)
		iv[i] = (t->axis[i].intervals + q - 1) / q * q;
	if (adapt_set(adp, iv, cause) != 0)
		return -1;
	if (adp->grid.points > adp->max_points) {
		xasprintf(cause, "--max-points %llu is less than the first "
		    "grid's %llu points", (unsigned long long)adp->max_points,
		    (unsigned long long)adp->grid.points);
		return -1;
	}
	return 0;
}

/* The factor by which to refine each axis after this grid. */
static double
adapt_factor(const struct adapt *adp, const struct quad_result *est)
{
	double	 p, f;

	if (adp->task.rule == RULE_GAUSS || adp->task.rule == RULE_TANH_SINH)
		return 2;
	if (!isfinite(est->error) || !isfinite(est->order) ||
	    est->order < 0.25 || est->error <= adp->target)
		return 2;
	p = est->order;
	if (adp->grid.order > 0 && p > adp->grid.order)
		p = adp->grid.order;
	f = pow(est->error / adp->target, 1 / p) * ADAPT_MARGIN;
	return fmin(fmax(f, ADAPT_FMIN), ADAPT_FMAX);
}

/* Interval counts refined by f, in multiples of the rule's quantum. */
static uint64_t
adapt_points(const struct adapt *adp, double f, uint64_t *iv)
{
	const struct task	*t = &adp->task;
	uint64_t		 q = adapt_quantum(t->rule), n = 1, nodes;
	double			 v;
	int			 i;

	for (i = 0; i < t->dims; i++) {
		v = ceil((double)t->axis[i].intervals * f);
		if (v > (double)ADAPT_MAXIV)
			v = (double)ADAPT_MAXIV;
		iv[i] = ((uint64_t)v + q - 1) / q * q;
		if (iv[i] <= t->axis[i].intervals)
			iv[i] = t->axis[i].intervals + q;
		nodes = t->rule == RULE_MIDPOINT ? iv[i] : t->rule ==
		    RULE_GAUSS ? iv[i] * t->order : iv[i] + 1;
		if (__builtin_mul_overflow(n, nodes, &n))
			return UINT64_MAX;
	}
	return n;
}

int
adapt_next(struct adapt *adp, struct quad_result *est, uint64_t points)
{
	uint64_t	 iv[TASK_MAXDIM], n, left;
	double		 f;
	char		*cause = NULL;
	int		 i;

	adp->last_task = adp->task;
	adp->last_grid = adp->grid;
	adp->grids++;
	adp->points_total += points;
	for (i = QUAD_LEVELS - 1; i > 0; i--)
		adp->hist[i] = adp->hist[i - 1];
	adp->hist[0] = est->integral;
	if (adp->grid.levels == 1) {
		/* gauss: the grids so far, each twice the last, as levels. */
		quad_estimate(&adp->grid, adp->hist, adp->grids < QUAD_LEVELS ?
		    adp->grids : QUAD_LEVELS, est);
	}
	adp->target = fmax(adp->rtol * fabs(est->integral), adp->atol);
	if (est->reliable && est->error <= adp->target) {
		adp->met = 1;
		return 1;
	}
	if (adp->grids == ADAPT_MAXGRIDS || adp->points_total >=
	    adp->max_points)
		return 1;
	left = adp->max_points - adp->points_total;
	f = adapt_factor(adp, est);
	n = adapt_points(adp, f, iv);
	if (n > left && adp->task.rule != RULE_GAUSS &&
	    adp->task.rule != RULE_TANH_SINH) {
		/* Shrink to the budget: the largest grid that fits. */
		f = pow((double)left / (double)adp->grid.points,
		    1.0 / adp->task.dims);
		n = adapt_points(adp, f, iv);
		while (n > left && f > 1) {
			f *= 0.98;
			n = adapt_points(adp, f, iv);
		}
	}
	if (n > left)
		return 1;
	if (adapt_set(adp, iv, &cause) != 0) {
		free(cause);	/* beyond the chunk limit: as the budget */
		return 1;
	}
	return 0;
}
