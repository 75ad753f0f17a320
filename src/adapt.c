/*
 * adapt: the grids a tolerance asks for.
 *
 * The first grid is the task's (or a coarse default), its interval counts
 * rounded up so that the error estimate has its three levels. After each
 * grid, the estimate says whether the tolerance is met: a reliable
 * estimate at or below max(tolerance x |integral|, abs_tolerance). If not,
 * the next grid refines every axis by the same factor, as far as the
 * observed order says is needed (with a margin, at least 1.5, at most 16);
 * tanh-sinh halves its step (its error about squares when it does).
 * Refined by the ratio of its levels (3 for midpoint, 2 for trapezoid,
 * Simpson and tanh-sinh), a grid holds the nodes of the one before, which
 * are then not evaluated again (struct grid's reuse): always for tanh-sinh,
 * and for the others when that ratio reaches the factor wanted with fewer
 * points.
 *
 * gauss has no nested levels: its estimate compares its last three grids.
 * Unless the task fixes its order, it first raises the order on the same
 * cells (4, 6, 8, 12: for a smooth integrand the error falls geometrically
 * with the order, far faster than with the cells) until that estimate is
 * within the target or the order is 12, then doubles the cells at that
 * order: only three grids of one order check the estimate. Even orders
 * only: odd and even orders place the middle node differently, and their
 * errors alternate on symmetric integrands, which fools an estimate from
 * three grids.
 *
 * Every rule: the tolerance is met only when the grid before also passed
 * its check of the order (adapt_confirm), and the sequence ends early
 * when a checked estimate is down to the rounding of the sum and that is
 * over the target.
 *
 * A grid that would take the points evaluated beyond the budget is shrunk
 * to fit; when even the smallest refinement does not fit, the sequence
 * ends.
 */
#include "config.h"

#include "adapt.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define ADAPT_MARGIN	1.25	/* on the factor the order predicts */
#define ADAPT_FMIN	1.5
#define ADAPT_FMAX	16.0
#define ADAPT_MAXIV	(UINT64_C(1) << 40)	/* intervals per axis */
#define ADAPT_ORDERTOL	0.5	/* agreement of observed and rule orders */
#define ADAPT_GAUSS_PMIN 8	/* gauss: an order kinks and jumps do not show */
#define ADAPT_PAGREE	1.0	/* gauss: a fall of the order that is not */
/*
 * The nodes' coordinates round to half an ulp of an axis's larger end,
 * beyond what its width alone rounds to; that moves the integral by about
 * as much times the integral of |f'|, which for u^n on the axis is n + 1
 * times the integral of |f| over the width (a red team found u^8 and
 * exp(3u) 16x over a floor without this factor): 64 covers n to 63.
 */
#define ADAPT_COORD_K	64.0
#define ADAPT_CONFIRM_COST 0.3	/* the check's points, of those before */
#define ADAPT_CONFIRM_RMIN (4.0 / 3)	/* its steps over the grid's */
#define ADAPT_GAUSS_CMIN 2	/* gauss: cells an axis in a checked grid */
/*
 * The check agrees when D is at most this share of the target: two grids
 * whose errors have the same sign and nearly the same size agree by
 * chance (a kink 1e-4 of the width past a cell edge of every dyadic
 * gauss grid, 4e-9 off, and a warped check 3.1e-9 off, were met at a
 * target of 1.4e-9); half the target halves that window.
 */
#define ADAPT_CONFIRM_AGREE 0.5

/*
 * The confirmation grid's largest gap between adjacent nodes on an axis
 * (or between a node and an end) is at most 1 / adapt_min_nodes[dims - 1]
 * of the axis: a peak, jump or kink narrower than about a third of that
 * gap can fall between every node of every grid, where no rule sees it.
 * About 4000 to 16000 points per check, whatever the tolerance.
 */
static const uint64_t adapt_min_nodes[TASK_MAXDIM] = { 4096, 64, 16 };
#define ADAPT_GAP_SCAN	16	/* more nodes than this x the minimum: no
				   rule leaves a gap over it */
#define ADAPT_GAP_TRIES	8	/* to raise the counts to the minimum */

/*
 * The check's warp per axis (see quad.c's quad_warp_unit): 0.3 times
 * the fractional parts of 1, 2 and 3 times the golden ratio, far from any
 * simple fraction.
 */
static const double adapt_warp[2][TASK_MAXDIM] = {
	{ 0.18541019662496847, 0.070820393249936941, 0.25623058987490540 },
	/*
	 * The second check's: -0.3 times those of 4, 6 and 7 times the
	 * golden ratio, bending the other way.
	 */
	{ -0.14164078649987381, -0.21246117974981072, -0.097871376374779364 }
};
/* The second check's counts, of the first's (before the gap rule). */
#define ADAPT_CHECK2_SCALE 0.87

/* gauss: the orders tried on the first cells, in turn. */
static const int adapt_ladder[] = { 4, 6, 8, ADAPT_GAUSS_KMAX };

/* Set the grid of adp->task to iv intervals per axis and build it. */
static int
adapt_set(struct adapt *adp, const uint64_t *iv, char **cause)
{
	struct task	*t = &adp->task;
	int		 i;

	for (i = 0; i < t->dims; i++) {
		t->axis[i].step = 0;
		/* Counts checked against the budget: no overflow. */
		quad_rule_nodes(t->rule, iv[i], t->order, &t->axis[i].points);
	}
	if (task_finish(t, cause) != 0 || quad_grid(&adp->grid, t, cause) != 0)
		return -1;
	/* What the next grid needs to reuse these nodes. */
	adp->grid.trap = quad_rule(t->rule)->nest_trap;
	adp->grid.mag = 1;
	if (t->rule == RULE_TANH_SINH)
		adp->grid.ts_tail = adp->ts_tail;
	return 0;
}

const char *
adapt_stop_name(enum adapt_stop stop)
{
	switch (stop) {
	case ADAPT_GOING:
		return NULL;
	case ADAPT_MET:
		return "met";
	case ADAPT_BUDGET:
		return "budget";
	case ADAPT_ROUNDING:
		return "rounding";
	case ADAPT_UNRELIABLE:
		return "unreliable";
	case ADAPT_NONFINITE:
		return "nonfinite";
	}
	return NULL;
}

int
adapt_begin(struct adapt *adp, const struct task *t, uint64_t max_points,
    double ts_tail, char **cause)
{
	uint64_t	 iv[TASK_MAXDIM], q = quad_rule_quantum(t->rule);
	int		 i;

	memset(adp, 0, sizeof *adp);
	adp->ts_tail = ts_tail;
	for (i = 0; i < t->dims; i++) {
		const struct task_axis	*a = &t->axis[i];
		double			 end = fmax(fabs(a->lo), fabs(a->hi));
		double			 w = a->hi - a->lo;

		adp->coord_rel += ADAPT_COORD_K * fmax(0, (nextafter(end,
		    INFINITY) - end) - (nextafter(w, INFINITY) - w)) / 2 / w;
	}
	adp->confirmed = -1;
	adp->rtol = t->tolerance;
	adp->atol = t->abs_tolerance;
	adp->max_points = max_points != 0 ? max_points : ADAPT_MAXPOINTS;
	adp->last_check = -1;
	adp->task = *t;		/* shares the strings; never freed here */
	/* An order the task names is kept; else the ladder from its first. */
	adp->ladder = t->rule == RULE_GAUSS && t->loc_order.line == 0 &&
	    t->loc_order.opt == NULL;
	if (adp->ladder)
		adp->task.order = adapt_ladder[0];
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

	if (!quad_rule(adp->task.rule)->free_factor)
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
	uint64_t		 q = quad_rule_quantum(t->rule), n = 1, nodes;
	double			 v;
	int			 i;

	for (i = 0; i < t->dims; i++) {
		v = ceil((double)t->axis[i].intervals * f);
		if (v > (double)ADAPT_MAXIV)
			v = (double)ADAPT_MAXIV;
		iv[i] = ((uint64_t)v + q - 1) / q * q;
		if (iv[i] <= t->axis[i].intervals)
			iv[i] = t->axis[i].intervals + q;
		if (quad_rule_nodes(t->rule, iv[i], t->order, &nodes) != 0 ||
		    __builtin_mul_overflow(n, nodes, &n))
			return UINT64_MAX;
	}
	return n;
}

/*
 * Refine by the ratio of the levels and reuse the points evaluated: the
 * ratio when that is allowed and evaluates no more than n points (the
 * grid refined by f, which the ratio must reach; tanh-sinh always halves
 * its step), with the intervals in iv and the new points in *np; else 0.
 * Simpson's rule weighs the old nodes by the trapezoid sum its grid
 * carried (struct grid's trap).
 */
static uint64_t
adapt_nest(const struct adapt *adp, const struct quad_result *est, double f,
    uint64_t n, uint64_t *iv, uint64_t *np)
{
	const struct task		*t = &adp->task;
	const struct quad_rule_def	*r = quad_rule(t->rule);
	uint64_t			 m = (uint64_t)adp->grid.ratio, all = 1;
	uint64_t			 nodes;
	int				 i, always = r->nest == QUAD_NEST_ALWAYS;

	if (r->nest == QUAD_NEST_NEVER || (r->nest_trap && !isnormal(est->trap)))
		return 0;
	/* Levels to shift down, no point dropped, a normal magnitude. */
	if (est->nlev < 2 || !est->representable || !isnormal(est->lev[0]) ||
	    !isnormal(est->lev[1]) || (!always && f > m))
		return 0;
	for (i = 0; i < t->dims; i++) {
		if (t->axis[i].intervals > ADAPT_MAXIV / m)
			return 0;
		iv[i] = t->axis[i].intervals * m;
		if (quad_rule_nodes(t->rule, iv[i], t->order, &nodes) != 0 ||
		    __builtin_mul_overflow(all, nodes, &all))
			return 0;
	}
	*np = all - adp->grid.points;
	if (!always && *np > n)
		return 0;
	return m;
}

/*
 * gauss on its ladder: the next order, with the points of the same cells
 * at it in *n; 0 when the cells are to be refined instead, from then on:
 * at the top of the ladder, or once its (unchecked) estimate is within
 * the target, so that doubling the cells can check it.
 */
static int
adapt_raise(struct adapt *adp, const struct quad_result *est, uint64_t *n)
{
	const struct task	*t = &adp->task;
	size_t			 i;
	int			 a, k = 0;

	if (!adp->ladder)
		return 0;
	if (est->error <= adp->target) {
		adp->ladder = 0;
		return 0;
	}
	for (i = 0; i < sizeof adapt_ladder / sizeof adapt_ladder[0]; i++) {
		if (adapt_ladder[i] > (int)t->order) {
			k = adapt_ladder[i];
			break;
		}
	}
	if (k == 0)
		adp->ladder = 0;
	*n = 1;
	for (a = 0; k != 0 && a < t->dims; a++) {
		if (__builtin_mul_overflow(*n, t->axis[a].intervals * k, n))
			*n = UINT64_MAX;
	}
	return k;
}

/*
 * gauss: three grids, nodes per axis n0 > n1 > n2, orders k0 >= k1 >= k2,
 * integrals s0, s1, s2. With d1 = |s0 - s1|, d2 = |s1 - s2| and the
 * observed order p = log(d2 / d1) / log(n1 / n2):
 *
 * When the last grid doubled the cells (k0 = k1), Richardson's estimate
 * on unevenly spaced grids, d1 / ((n0 / n1)^q - 1) with q = min(p, 2k).
 * Only cells doubled twice at one order k check it: reliable when p is
 * between min(2k - 1/2, max(k, 8)) and 2k + 1/2, or at least the lower
 * bound when the last change is rounding: the order of a composite rule
 * rises towards 2k as its cells shrink, and an order under 8 is what
 * kinks and jumps show.
 *
 * When it raised the order, d1 (d1 / d2)^((k0 - k1) / (k1 - k2)): the
 * error falling geometrically with the order, as a smooth integrand's
 * does. That only steers the sequence (when to double the cells) and is
 * flagged, as is the estimate after the first doubling: the error of one
 * cell against its order stalls and resumes (a peak between the nodes),
 * so two grids may agree far closer than either is to the integral.
 * Three grids that agree to rounding are reliable whatever their orders
 * (unless every value was 0; see quad_estimate_start).
 */
void
adapt_gauss_estimate(const double *s, const double *n, const int *k,
    int grids, struct quad_result *r)
{
	double	 d1, d2, d3, noise, p, pp, q, lo, o;

	r->error = NAN;
	r->order = NAN;
	r->reliable = 0;
	r->from_observed = 0;
	if (grids < 2)
		return;
	noise = quad_noise(r, s[0]);
	if (grids < 3) {
		/* Two grids check nothing: their difference, flagged. */
		r->error = fmax(fabs(s[0] - s[1]), noise);
		return;
	}
	if (quad_estimate_start(s, n[1] / n[2], r, &d1, &d2, &p))
		return;
	o = 2.0 * k[0];
	if (k[0] == k[1]) {
		lo = fmin(o - ADAPT_ORDERTOL, fmax(k[0], ADAPT_GAUSS_PMIN));
		q = fmin(p, o);
		r->reliable = k[1] == k[2] && p >= lo &&
		    (p <= o + ADAPT_ORDERTOL || d1 <= noise);
		/*
		 * The order shown by the three grids before: a sequence
		 * still before its asymptotic range (a pole near the
		 * domain) falls by ratios that shrink, so a fall of the
		 * order is not trusted, and the lower order is used.
		 */
		if (r->reliable && d1 > noise && grids > 3 && k[3] == k[2]) {
			d3 = fabs(s[2] - s[3]);
			pp = d3 > d2 ? log(d3 / d2) / log(n[2] / n[3]) : NAN;
			if (!(p >= pp - ADAPT_PAGREE))
				r->reliable = 0;
			else
				q = fmin(q, pp);
		}
		r->from_observed = p < o - ADAPT_ORDERTOL;
		r->error = fmax(d1 / (pow(n[0] / n[1], q) - 1), noise);
	} else {
		/* Geometric in the order, as a smooth integrand's falls. */
		r->error = fmax(d1 * pow(d1 / d2, k[1] == k[2] ? 1 :
		    (double)(k[0] - k[1]) / (k[1] - k[2])), noise);
		r->from_observed = 1;
	}
}

/* gauss: the fewest cells on an axis of g. */
static uint64_t
adapt_cells(const struct grid *g)
{
	uint64_t	 c = UINT64_MAX;
	int		 i;

	for (i = 0; i < g->dims; i++) {
		if (g->gk > 0 && g->n[i] / (uint64_t)g->gk < c)
			c = g->n[i] / (uint64_t)g->gk;
	}
	return c;
}

/*
 * One grid's check of the order can pass by chance where the error
 * wanders (a jump that falls anywhere between the nodes), and levels
 * agree to rounding when a sliver beyond a jump holds none of their
 * nodes: a tolerance trusts an estimate only when the grid before passed
 * its check too. gauss, whose grids that raise the order or double the
 * cells once check nothing, asks it only of a grid before that was
 * checked, and only an order of at least 8 (what kinks and jumps do not
 * show; a smooth integrand's order may still be rising towards 2k), and
 * never of three grids the oldest of which had one cell on an axis: the
 * orders of one cell agree on what none of their nodes sees (a peak
 * between them), to rounding. A refused estimate keeps its value and is
 * marked (from_observed = 2).
 */
static void
adapt_confirm(struct adapt *adp, struct quad_result *est)
{
	const int	*k = adp->hist_k;
	int		 checked, passed = est->reliable;

	if (adp->task.rule == RULE_GAUSS) {
		checked = adp->grids >= QUAD_LEVELS && k[0] == k[1] &&
		    k[1] == k[2];
		passed = passed || est->order >= ADAPT_GAUSS_PMIN;
	} else
		checked = est->nlev >= QUAD_LEVELS;
	if (est->reliable && ((adp->last_check != 1 &&
	    (adp->task.rule != RULE_GAUSS || adp->last_check == 0)) ||
	    (adp->task.rule == RULE_GAUSS && !checked &&
	    adp->grids >= QUAD_LEVELS &&
	    adp->hist_c[QUAD_LEVELS - 1] < ADAPT_GAUSS_CMIN))) {
		est->reliable = 0;
		est->from_observed = 2;
	}
	adp->last_check = checked ? passed : -1;
}

/*
 * The largest gap between adjacent nodes of axis i of g, or between a node
 * and an end, as a fraction of the axis; 0 when it has so many nodes that
 * no rule leaves a gap near the minimum's (not scanned).
 */
static double
adapt_gap(const struct grid *g, int i)
{
	uint64_t	 j, n = g->n[i];
	double		 x, prev = g->lo[i], gap = 0;
	double		 w = fabs(g->hi[i] - g->lo[i]);

	if (n > ADAPT_GAP_SCAN * adapt_min_nodes[g->dims - 1] || !(w > 0))
		return 0;
	for (j = 0; j < n; j++) {
		x = quad_node(g, i, j);
		gap = fmax(gap, fabs(x - prev));
		prev = x;
	}
	return fmax(gap, fabs(g->hi[i] - prev)) / w;
}

/*
 * tanh-sinh's check: an interval count c, in steps of step, that neither
 * divides the candidate's f nor is divided by it, so that its nodes are
 * mostly not the candidate's: down from c when down is set (to lo at
 * least), else up. 0, or -1 when there is none below f.
 */
static int
adapt_ts_count(uint64_t f, uint64_t lo, uint64_t step, int down,
    uint64_t *c)
{
	if (down) {
		while (*c > lo && f % *c == 0)
			*c -= step;
		while (f % *c == 0 && *c + step < f)
			*c += step;
		return f % *c == 0 || *c >= f ? -1 : 0;
	}
	while (f % *c == 0 || *c % f == 0)
		*c += step;
	return 0;
}

/*
 * The independent check of a candidate: the same rule on a grid the
 * sequence did not choose, its interval counts per axis r times fewer (r
 * at least 4/3) and at least one cell, as many points as about 30% of
 * those evaluated so far allow, and warped (see quad.c's quad_warp_unit:
 * a change of variables that puts its nodes and cell edges at no rational
 * fraction of the domain), so that no frequency, jump or kink that the
 * evenly spaced grids of the sequence align with lines up with it too;
 * gauss on one or two cells checks on one or as many. tanh-sinh, not
 * warped, takes a count that does not divide the candidate's, so that its
 * nodes are mostly not the candidate's. Then, on any axis whose largest
 * gap between nodes is over the minimum's (adapt_min_nodes), the counts
 * grow until it is not, finer than the candidate if need be: what falls
 * between the nodes of every grid of the sequence is then seen by the
 * check. Returns 0 with adp->task and adp->grid set to it, -1 when it does
 * not fit in the budget or the chunk limit.
 */
static int
adapt_confirm_grid(struct adapt *adp, int which)
{
	const struct task		*t = &adp->cand_task;
	const struct quad_rule_def	*r = quad_rule(t->rule);
	uint64_t			 iv[TASK_MAXDIM], f, step, lo, n;
	uint64_t			 nodes;
	double				 sc, gap, v;
	double				 want;
	char				*cause = NULL;
	int				 i, k, wide = 0, ts = !r->even;

	/* Whole panels, and the fewest intervals the rule takes. */
	want = 1.0 / (double)adapt_min_nodes[t->dims - 1];
	step = (uint64_t)r->panel;
	lo = quad_rule_intervals(t->rule, (uint64_t)r->min_points, t->order);
	if (lo < step)
		lo = step;
	sc = pow(ADAPT_CONFIRM_COST * (double)adp->points_total /
	    (double)adp->cand_grid.points, 1.0 / t->dims);
	sc = fmin(sc, 1 / ADAPT_CONFIRM_RMIN);
	if (which == 1)
		sc *= ADAPT_CHECK2_SCALE;
	for (i = 0; i < t->dims; i++) {
		f = t->axis[i].intervals;
		iv[i] = (uint64_t)((double)f * sc) / step * step;
		if (iv[i] < lo)
			iv[i] = lo;
		if (!ts && iv[i] > f)
			iv[i] = f;
		if (ts && adapt_ts_count(f, lo, step, 1, &iv[i]) != 0)
			return -1;
	}
	for (k = 0; k <= ADAPT_GAP_TRIES; k++) {
		n = 1;
		for (i = 0; i < t->dims; i++) {
			if (quad_rule_nodes(t->rule, iv[i], t->order,
			    &nodes) != 0 || __builtin_mul_overflow(n, nodes, &n))
				n = UINT64_MAX;
		}
		if (n > adp->max_points - adp->points_total)
			break;
		adp->task = adp->cand_task;
		if (adapt_set(adp, iv, &cause) != 0) {
			free(cause);
			break;
		}
		adp->grid.trap = 0;
		for (i = 0; i < t->dims && !ts; i++)
			adp->grid.warp[i] = adapt_warp[which][i];
		for (wide = 0, i = 0; i < t->dims; i++) {
			if ((gap = adapt_gap(&adp->grid, i)) <= want)
				continue;
			/* Up by the gap's excess, and a little. */
			wide = 1;
			v = ceil((double)iv[i] * gap / want * 1.02 /
			    (double)step) * (double)step;
			iv[i] = v > (double)ADAPT_MAXIV ? ADAPT_MAXIV :
			    (uint64_t)v;
			if (ts)
				(void)adapt_ts_count(t->axis[i].intervals, lo,
				    step, 0, &iv[i]);
		}
		/*
		 * tanh-sinh, not warped: the second check on other counts
		 * than the first's, which the gap rule may have made the same.
		 */
		for (i = 0; i < t->dims && ts && which == 1 && !wide; i++) {
			if (iv[i] != adp->check_iv[i])
				continue;
			wide = 1;
			iv[i] += step;
			(void)adapt_ts_count(t->axis[i].intervals, lo, step, 0,
			    &iv[i]);
		}
		if (!wide) {
			memcpy(adp->check_iv, iv, sizeof adp->check_iv);
			return 0;
		}
	}
	adp->task = adp->cand_task;
	adp->grid = adp->cand_grid;
	return -1;
}

/*
 * The candidate's error as the check sees it: D = |I - Ic|, the two
 * integrals' difference, itself. The check is the coarser grid, so D is
 * mostly its error, and a model of how errors scale between the two
 * (D / (r^q - 1), r the ratio of their steps and q the rule's order)
 * would let them differ by r^q - 1 times the target (about 1000 for gauss
 * of order 12 on 4/3 the step) and still pass: what aliasing, or a peak,
 * jump or kink between the nodes, gives. The tolerance is met when two
 * grids that share no structure agree within it.
 */
static double
adapt_confirm_error(const struct adapt *adp, const struct quad_result *c)
{
	double	 d = fabs(adp->cand.integral - c->integral);

	return isfinite(d) ? d : INFINITY;
}

/* Choose the grid after this one; 1 when none fits (adp->stop set). */
static int
adapt_advance(struct adapt *adp, struct quad_result *est)
{
	uint64_t	 iv[TASK_MAXDIM], ivn[TASK_MAXDIM], n, nn, left, m = 0;
	double		 f;
	char		*cause = NULL;
	int		 i, k;

	adp->stop = est->error <= adp->target ? ADAPT_UNRELIABLE :
	    ADAPT_BUDGET;
	if (adp->grids >= ADAPT_MAXGRIDS || adp->points_total >=
	    adp->max_points)
		return 1;
	left = adp->max_points - adp->points_total;
	if ((k = adapt_raise(adp, est, &n)) != 0) {
		/* The same cells at the next order of the ladder. */
		for (i = 0; i < adp->task.dims; i++)
			iv[i] = adp->task.axis[i].intervals;
	} else {
		f = adapt_factor(adp, est);
		n = adapt_points(adp, f, iv);
		if ((m = adapt_nest(adp, est, f, n, ivn, &nn)) != 0 &&
		    nn <= left) {
			memcpy(iv, ivn, sizeof iv);
			n = nn;
		} else
			m = 0;
	}
	if (n > left && k == 0 && m == 0 &&
	    quad_rule(adp->task.rule)->free_factor) {
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
	if (k != 0)
		adp->task.order = (uint64_t)k;
	if (adapt_set(adp, iv, &cause) != 0) {
		free(cause);	/* beyond the chunk limit: as the budget */
		return 1;
	}
	adp->grid.raised = k != 0 ? 1 : adp->last_grid.raised == 1 ? 2 : 0;
	if (m != 0) {
		adp->grid.reuse = m;
		adp->grid.reused = adp->last_grid.points;
		adp->grid.prev[0] = est->lev[0];
		adp->grid.prev[1] = est->lev[1];
		adp->grid.prev_levels = est->nlev < QUAD_LEVELS ? est->nlev :
		    QUAD_LEVELS - 1;
		adp->grid.prev_trap = est->trap;
		adp->grid.prev_mag = est->mag;
	}
	adp->stop = ADAPT_GOING;
	return 0;
}

/*
 * The confirmation grid is done: met when its estimate of the candidate's
 * error is within the target too; else the sequence goes on from the
 * candidate with the larger estimate.
 */
static int
adapt_confirm_take(struct adapt *adp, struct quad_result *est,
    uint64_t points)
{
	struct quad_result	 c = *est;
	double			 e;

	adp->confirming = 0;
	adp->grids++;
	adp->points_total += points;
	adp->confirm_points += points;
	e = c.nonfinite != 0 ? INFINITY : adapt_confirm_error(adp, &c);
	if (adp->check_no == 1)
		e = fmax(e, adp->confirm_error);
	adp->confirm_error = e;
	adp->confirmed = e <= ADAPT_CONFIRM_AGREE * adp->target;
	if (!adp->confirmed && isfinite(e))
		adp->disagreed = fmax(adp->disagreed, e);
	*est = adp->cand;
	est->error = fmax(est->error, e);
	adp->task = adp->cand_task;
	adp->grid = adp->cand_grid;
	adp->last_task = adp->cand_task;
	adp->last_grid = adp->cand_grid;
	if (c.nonfinite != 0) {
		adp->check_no = 0;
		adp->stop = ADAPT_NONFINITE;
		est->nonfinite = c.nonfinite;
		return 1;
	}
	if (adp->confirmed && adp->check_no == 0) {
		/* The first check agreed: now the second, on other nodes. */
		adp->check_no = 1;
		if (adapt_confirm_grid(adp, 1) == 0) {
			adp->confirming = 1;
			return 0;
		}
		/* It does not fit: one check alone is not enough. */
		adp->check_no = 0;
		adp->confirmed = -1;
		adp->stop = ADAPT_UNRELIABLE;
		return 1;
	}
	adp->check_no = 0;
	if (adp->confirmed) {
		adp->stop = ADAPT_MET;
		return 1;
	}
	return adapt_advance(adp, est);
}

int
adapt_next(struct adapt *adp, struct quad_result *est, uint64_t points)
{
	double		 res;
	int		 i;

	if (adp->confirming)
		return adapt_confirm_take(adp, est, points);
	adp->last_task = adp->task;
	adp->last_grid = adp->grid;
	adp->grids++;
	adp->points_total += points;
	for (i = ADAPT_HIST - 1; i > 0; i--) {
		adp->hist[i] = adp->hist[i - 1];
		adp->hist_n[i] = adp->hist_n[i - 1];
		adp->hist_k[i] = adp->hist_k[i - 1];
		adp->hist_c[i] = adp->hist_c[i - 1];
	}
	adp->hist[0] = est->integral;
	adp->hist_n[0] = (double)adp->grid.n[0];
	adp->hist_k[0] = adp->grid.gk;
	adp->hist_c[0] = adapt_cells(&adp->grid);
	if (adp->task.rule == RULE_GAUSS) {
		adapt_gauss_estimate(adp->hist, adp->hist_n, adp->hist_k,
		    adp->grids < ADAPT_HIST ? adp->grids : ADAPT_HIST, est);
	}
	adapt_confirm(adp, est);
	adp->target = fmax(adp->rtol * fabs(est->integral), adp->atol);
	if (est->nonfinite != 0 || !isfinite(est->integral)) {
		/*
		 * Points left out of the sum, or a sum past the doubles: no
		 * grid makes it the integral, and a target of inf is no target.
		 */
		adp->stop = ADAPT_NONFINITE;
		return 1;
	}
	/*
	 * tanh-sinh's part beyond its outermost nodes, which doubles cannot
	 * put closer to the ends, over the target: no grid meets it, and
	 * once a checked estimate is mostly that part, no grid does better.
	 */
	if (adp->task.rule == RULE_TANH_SINH && adp->ts_tail > adp->target &&
	    (est->reliable || est->from_observed == 2) &&
	    est->error <= 2 * adp->ts_tail) {
		adp->stop = ADAPT_ROUNDING;
		return 1;
	}
	/*
	 * A target under what the doubles resolve, however many points: the
	 * nodes' coordinates, rounded to half a unit in the last place of
	 * the domain's ends, move the integral by up to that share of each
	 * width times the integral of |f| (a staircase where the ends are
	 * far from 0 beside their width); and values past the normal
	 * doubles lose their digits. An estimate that reaches it, or would
	 * meet the target, is as good as it gets: rounding, never met, and
	 * the estimate is no less than that.
	 */
	res = adp->coord_rel * fmax(fabs(est->integral), isnan(est->mag) ?
	    0 : est->mag) + DBL_TRUE_MIN * (double)adp->points_total;
	if (adp->target < res && (est->reliable || est->from_observed == 2) &&
	    est->error <= fmax(res, adp->target)) {
		est->error = fmax(est->error, res);
		adp->why = DBL_TRUE_MIN * (double)adp->points_total >= res / 2 ?
		    "values below the normal doubles, which have lost their "
		    "digits" : "the nodes' coordinates, rounded where the "
		    "domain's ends are far from 0 beside its width: a "
		    "staircase";
		adp->stop = ADAPT_ROUNDING;
		return 1;
	}
	if (adp->blind != NULL && est->reliable &&
	    est->error <= adp->target) {
		/* A candidate the rule cannot vouch for: no check can. */
		adp->why = adp->blind;
		adp->stop = ADAPT_UNRELIABLE;
		return 1;
	}
	if (est->reliable && est->error <= adp->target) {
		/* A candidate: checked on a grid of its own first. */
		adp->cand = *est;
		adp->cand_task = adp->task;
		adp->cand_grid = adp->grid;
		if (adapt_confirm_grid(adp, 0) == 0) {
			adp->confirming = 1;
			return 0;
		}
		/*
		 * No check fits: what an earlier one found against a
		 * coarser candidate is still the best evidence there is
		 * (a jump that every grid of the sequence aligns with).
		 */
		est->error = fmax(est->error, adp->disagreed);
		adp->confirmed = -1;
		adp->stop = ADAPT_UNRELIABLE;
		return 1;
	}
	/*
	 * A checked estimate down to the rounding of the sum, which is over
	 * the target (a relative tolerance on an integral near 0): no grid
	 * can meet it, and the integral is as good as it gets.
	 */
	if ((est->reliable || est->from_observed == 2) &&
	    est->error <= quad_noise(est, est->integral) &&
	    adp->target < est->error) {
		adp->stop = ADAPT_ROUNDING;
		return 1;
	}
	return adapt_advance(adp, est);
}
