/* adapt: the sequence of grids a tolerance asks for. */
#include "config.h"

#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "adapt.h"
#include "suites.h"
#include "testutil.h"

/* A finished 2-D task on [0, 1]^2 with a relative tolerance. */
static void
tol_task(struct task *t, enum quad_rule rule, uint64_t points)
{
	tu_task(t, "x * y", 2, 0, 1, points, rule);
	t->tolerance = 1e-6;
}

/* An estimate as the pool would give it. */
static struct quad_result
est(double integral, double error, double order, int reliable)
{
	struct quad_result	 r;

	r.integral = integral;
	r.error = error;
	r.order = order;
	r.reliable = reliable;
	r.from_observed = 0;
	r.representable = 1;
	r.log2_magnitude = 0;
	r.lev[0] = r.lev[1] = r.lev[2] = integral;
	r.nlev = 3;
	r.trap = NAN;
	r.mag = NAN;
	return r;
}

/*
 * The confirmation grid, given its integral: it must be one the sequence
 * did not choose: warped on every axis (tanh-sinh: its counts neither
 * dividing the candidate's nor divided by them), and finer than the
 * candidate only where the fewest nodes a check has ask for it.
 */
static int
confirm_one(struct adapt *a, double integral)
{
	struct quad_result	 r = est(integral, NAN, NAN, 0);
	int			 i;

	ck_assert(a->confirming);
	for (i = 0; i < a->task.dims; i++) {
		if (a->task.rule != RULE_TANH_SINH) {
			ck_assert(a->grid.warp[i] != 0);
			continue;
		}
		ck_assert_uint_ne(a->cand_task.axis[i].intervals %
		    a->task.axis[i].intervals, 0);
		ck_assert_uint_ne(a->task.axis[i].intervals %
		    a->cand_task.axis[i].intervals, 0);
	}
	return adapt_next(a, &r, a->grid.points);
}

/* Both checks, each with that integral. */
static int
confirm(struct adapt *a, double integral)
{
	int	 rv = confirm_one(a, integral);

	if (rv == 0 && a->confirming && a->check_no == 1)
		rv = confirm_one(a, integral);
	return rv;
}

/* The first grid: the task's, rounded up so the estimate has 3 levels. */
START_TEST(begin_rounds_for_three_levels)
{
	struct task	 t;
	struct adapt	 a;
	char		*cause = NULL;

	tol_task(&t, RULE_SIMPSON, 11);		/* 10 intervals */
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	ck_assert_uint_eq(a.task.axis[0].intervals, 16);
	ck_assert_uint_eq(a.grid.n[0], 17);
	ck_assert_int_eq(a.grid.levels, 3);
	ck_assert_uint_eq(a.max_points, ADAPT_MAXPOINTS);
	task_free(&t);
	tol_task(&t, RULE_MIDPOINT, 10);
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	ck_assert_uint_eq(a.grid.n[0], 18);
	ck_assert_int_eq(a.grid.levels, 3);
	task_free(&t);
}
END_TEST

/*
 * Met: a reliable estimate under the tolerance ends the sequence, once
 * the grid before passed its check too, even when the levels agree to
 * rounding (a sliver beyond a jump may hold none of their nodes).
 */
START_TEST(met_ends)
{
	struct task		 t;
	struct adapt		 a;
	struct quad_result	 r;
	char			*cause = NULL;

	tol_task(&t, RULE_TRAPEZOID, 17);
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	r = est(2.0, 1e-6, 2, 1);	/* target 2e-6 */
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert(!r.reliable);
	ck_assert_int_eq(r.from_observed, 2);
	r = est(2.0, 1e-6, 2, 1);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	/*
	 * 32 intervals a side, 33^2 + 17^2 points so far: 30% of them
	 * would give the check 19 a side, but its nodes must be at most
	 * 1/64 of an axis apart, after the warp: 77 on x, 70 on y.
	 */
	ck_assert_uint_eq(a.task.axis[0].intervals, 77);
	ck_assert_uint_eq(a.task.axis[1].intervals, 70);
	ck_assert_int_eq(confirm_one(&a, 2.0 + 1e-6 * (pow(32 / 77., 2) - 1)),
	    0);
	/* The second check: other counts, warped the other way. */
	ck_assert(a.confirming);
	ck_assert_int_eq(a.check_no, 1);
	ck_assert_uint_eq(a.task.axis[0].intervals, 75);
	ck_assert_uint_eq(a.task.axis[1].intervals, 79);
	ck_assert(a.grid.warp[0] < 0 && a.grid.warp[1] < 0);
	ck_assert_int_eq(confirm_one(&a, 2.0 + 1e-6 * (pow(32 / 79., 2) - 1)),
	    1);
	ck_assert_int_eq(a.stop, ADAPT_MET);
	ck_assert_int_eq(a.confirmed, 1);
	ck_assert_int_eq(a.grids, 4);
	ck_assert_uint_eq(a.confirm_points, 78 * 71 + 76 * 80);
	ck_assert_double_eq(a.target, 2e-6);
	ck_assert_uint_eq(a.last_grid.points, 33 * 33);
	/* A check that disagrees: the sequence goes on from the candidate. */
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	r = est(2.0, 1e-6, 2, 1);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	r = est(2.0, 1e-6, 2, 1);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_int_eq(confirm(&a, 2.01), 0);
	ck_assert_int_eq(a.confirmed, 0);
	ck_assert(!a.confirming);
	ck_assert_uint_gt(a.grid.points, 17 * 17);
	ck_assert_int_eq(a.stop, ADAPT_GOING);
	/*
	 * The first check agrees by chance, the second does not: not met,
	 * and the estimate is what the second found.
	 */
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	r = est(2.0, 1e-6, 2, 1);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	r = est(2.0, 1e-6, 2, 1);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_int_eq(confirm_one(&a, 2.0 + 5e-7), 0);
	ck_assert(a.confirming);
	r = est(2.0 - 4e-6, NAN, NAN, 0);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_int_eq(a.confirmed, 0);
	ck_assert(!a.confirming);
	ck_assert_double_eq_tol(a.confirm_error, 4e-6, 1e-12);
	ck_assert_int_eq(a.stop, ADAPT_GOING);
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	r = est(2.0, 1e-15, NAN, 1);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_int_eq(r.from_observed, 2);
	r = est(2.0, 1e-15, NAN, 1);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_int_eq(confirm(&a, 2.0), 1);
	ck_assert_int_eq(a.grids, 4);	/* two grids, two checks */
	/* Under the tolerance but not reliable: not met, refined. */
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	r = est(2.0, 1e-6, 1.2, 0);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_int_eq(a.stop, ADAPT_GOING);
	ck_assert_uint_gt(a.grid.points, a.last_grid.points);
	/* A check that passes after one that failed is not trusted yet. */
	r = est(2.0, 1e-6, 2, 1);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_int_eq(r.from_observed, 2);
	r = est(2.0, 1e-6, 2, 1);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert(a.confirming);
	/*
	 * A checked estimate at the rounding of the sum (16 ulps of the
	 * integral, r.mag unset) over the target: the end, not met.
	 */
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	t.tolerance = 1e-17;
	a.rtol = 1e-17;
	r = est(2.0, 32 * DBL_EPSILON, NAN, 1);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 1);
	ck_assert_int_eq(a.stop, ADAPT_ROUNDING);
	ck_assert_int_eq(a.grids, 1);
	/* Above the rounding, it goes on. */
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	r = est(2.0, 1e-13, 2, 1);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_int_eq(a.stop, ADAPT_GOING);
	task_free(&t);
}
END_TEST

/* The factor the observed order predicts, with its margin. */
START_TEST(refines_by_the_order)
{
	struct task		 t;
	struct adapt		 a;
	struct quad_result	 r;
	char			*cause = NULL;

	tol_task(&t, RULE_TRAPEZOID, 17);	/* 16 intervals */
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	/* 100x the target at order 2: 10 x 1.25, so 200 intervals. */
	r = est(1.0, 1e-4, 2, 1);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_uint_eq(a.task.axis[0].intervals, 200);
	ck_assert_uint_eq(a.task.axis[1].intervals, 200);
	ck_assert_uint_eq(a.points_total, 17 * 17);
	/* No order to go by: twice. */
	r = est(1.0, NAN, NAN, 0);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_uint_eq(a.task.axis[0].intervals, 400);
	task_free(&t);
}
END_TEST

/*
 * gauss raises its order on the same cells (4, 6, 8, 12), then doubles
 * the cells, and estimates from its last three grids.
 */
START_TEST(gauss_ladder)
{
	struct task		 t;
	struct adapt		 a;
	struct quad_result	 r;
	char			*cause = NULL;
	int			 i;
	static const int	 k[] = { 4, 6, 8, 12, 12, 12 };
	static const int	 cells[] = { 1, 1, 1, 1, 2, 4 };

	tol_task(&t, RULE_GAUSS, 4);
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	ck_assert_int_eq(a.grid.levels, 1);
	/* Not converging: never met, the whole ladder, then the cells. */
	for (i = 0; i < 6; i++) {
		ck_assert_uint_eq(a.task.order, (uint64_t)k[i]);
		ck_assert_uint_eq(a.task.axis[0].intervals, (uint64_t)cells[i]);
		ck_assert_uint_eq(a.task.axis[1].intervals, (uint64_t)cells[i]);
		ck_assert_uint_eq(a.grid.points, (uint64_t)(k[i] * cells[i] *
		    k[i] * cells[i]));
		r = est(i % 2, NAN, NAN, 0);
		ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
		ck_assert(!r.reliable);
	}
	/*
	 * Errors 1e-3, 1e-6, 1e-9 at orders 4, 6, 8: the estimate from the
	 * orders is within the target but checks nothing, so the cells
	 * double at order 8 from there, and the third grid at order 8
	 * checks it (order 16, errors down 2^16 a doubling).
	 */
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	r = est(1 + 1e-3, NAN, NAN, 0);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert(isnan(r.error));
	r = est(1 + 1e-6, NAN, NAN, 0);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert(!r.reliable);
	r = est(1 + 1e-9, NAN, NAN, 0);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	/* p = log(d2 / d1) / log(6 / 4); estimate d1 (d1 / d2). */
	ck_assert_double_eq_tol(r.order, log(1000.0) / log(1.5), 1e-6);
	ck_assert_double_eq_tol(r.error, 999e-9 * (999e-9 / 999e-6), 1e-15);
	ck_assert(!r.reliable);
	ck_assert_int_eq(a.ladder, 0);
	ck_assert_uint_eq(a.task.order, 8);
	ck_assert_uint_eq(a.task.axis[0].intervals, 2);
	ck_assert_int_eq(a.grid.raised, 2);
	r = est(1 + 1e-9 / 65536, NAN, NAN, 0);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert(!r.reliable);		/* orders 6, 8, 8: no check */
	ck_assert_uint_eq(a.task.order, 8);
	ck_assert_uint_eq(a.task.axis[0].intervals, 4);
	ck_assert_int_eq(a.grid.raised, 0);
	/* Three grids at order 8 check it: a candidate, then its check. */
	r = est(1 + 1e-9 / 65536 / 65536, NAN, NAN, 0);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert(r.reliable);
	ck_assert_double_eq_tol(r.order, 16, 0.02);	/* 1 + 1e-9 / 2^16 rounds */
	ck_assert_uint_eq(a.points_total, 16 + 36 + 64 + 256 + 1024);
	/*
	 * 4 cells, 30% of 1396 points: 2, warped; but the nodes of order 8
	 * at most 1/64 of an axis apart take 14 cells on x, 13 on y.
	 */
	ck_assert_uint_eq(a.task.axis[0].intervals, 14);
	ck_assert_uint_eq(a.task.axis[1].intervals, 13);
	ck_assert_int_eq(confirm(&a, 1 + 1e-9 / 65536 / 65536), 1);
	ck_assert_int_eq(a.stop, ADAPT_MET);
	/* and the second check, 15 x 14 cells (120 x 112 nodes). */
	ck_assert_uint_eq(a.confirm_points, 14 * 8 * 13 * 8 + 120 * 112);
	task_free(&t);
	/*
	 * Near 0 with an absolute tolerance, the ladder to order 12, then
	 * cells 1, 2, 4, 8, 16: order 3 (the first doubling), then 16
	 * twice: estimated with the lower order until both are 16.
	 */
	tol_task(&t, RULE_GAUSS, 4);
	t.tolerance = 0;
	t.abs_tolerance = 1e-27;
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	static const double	 e8[] = { 1e-3, 1e-6, 1e-9, 1e-13, 1e-14,
	    1e-14 / 65536, 1e-14 / 65536 / 65536, 1e-14 / 65536 / 65536 /
	    65536 };
	for (i = 0; i < 8; i++) {
		r = est(e8[i], NAN, NAN, 0);
		if (adapt_next(&a, &r, a.grid.points) != 0 || a.confirming)
			break;
	}
	ck_assert_int_eq(i, 7);
	ck_assert(r.reliable);
	ck_assert_double_eq_tol(r.order, 16, 1e-6);
	ck_assert_int_eq(confirm(&a, e8[7]), 1);
	ck_assert_int_eq(a.stop, ADAPT_MET);
	task_free(&t);
}
END_TEST

/* An order the task names is kept: the cells double. */
START_TEST(gauss_named_order)
{
	struct task		 t;
	struct adapt		 a;
	struct quad_result	 r;
	char			*cause = NULL;
	int			 i;
	/* Errors 1e-3 / 2^8i: order 8 (K = 4). */
	static const double	 v[3] = { 1.001, 1 + 1e-3 / 256,
	    1 + 1e-3 / 65536 };

	tol_task(&t, RULE_GAUSS, 4);
	t.loc_order.line = 5;
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(a.task.order, 4);
		ck_assert_uint_eq(a.task.axis[0].intervals, 1u << i);
		r = est(v[i], NAN, NAN, 0);
		ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	}
	ck_assert(a.confirming);
	/* On the same curve, with the cells its fewest nodes ask for. */
	ck_assert_uint_gt(a.task.axis[0].intervals, 4);
	ck_assert_int_eq(confirm(&a, 1 + 1e-3 /
	    pow((double)a.task.axis[0].intervals, 8)), 1);
	ck_assert_int_eq(a.stop, ADAPT_MET);
	ck_assert_double_eq_tol(r.order, 8, 1e-6);
	ck_assert(r.reliable);
	task_free(&t);
}
END_TEST

/* The estimate of gauss from three grids, case by case. */
START_TEST(gauss_estimate)
{
	struct quad_result	 r;
	double			 n[4], s[4], exact, err, d1, d2;
	int			 k[4];

	memset(&r, 0, sizeof r);
	r.mag = NAN;

#define G3(s0, s1, s2, n0, n1, n2, k0, k1, k2) do {			\
	s[0] = (s0); s[1] = (s1); s[2] = (s2);				\
	n[0] = (n0); n[1] = (n1); n[2] = (n2);				\
	k[0] = (k0); k[1] = (k1); k[2] = (k2);				\
	adapt_gauss_estimate(s, n, k, 3, &r);				\
} while (0)
#define G4(s0, s1, s2, s3, k3) do {					\
	s[0] = (s0); s[1] = (s1); s[2] = (s2); s[3] = (s3);		\
	n[0] = 96; n[1] = 48; n[2] = 24; n[3] = 12;			\
	k[0] = k[1] = k[2] = 12; k[3] = (k3);				\
	adapt_gauss_estimate(s, n, k, 4, &r);				\
} while (0)
	/*
	 * Cells doubled at order 12: p = 13 is reliable when the grids
	 * before showed no higher order; 11 is not.
	 */
	G3(1 + 0x1p-40, 1 + 0x1p-27, 1 + 0x1p-14, 48, 24, 12, 12, 12, 12);
	ck_assert_double_eq_tol(r.order, 13, 1e-3);
	ck_assert(r.reliable);
	G4(1 + 0x1p-40, 1 + 0x1p-27, 1 + 0x1p-14, 1 + 0x1p-1, 12);
	ck_assert_double_eq_tol(r.order, 13, 1e-3);
	ck_assert(r.reliable);
	ck_assert(r.from_observed);
	ck_assert_double_eq_tol(r.error, (0x1p-27 - 0x1p-40) /
	    (pow(2, r.order) - 1), 1e-20);
	/* The order before lower (rising): reliable, with the lower one. */
	G4(1 + 0x1p-40, 1 + 0x1p-27, 1 + 0x1p-14, 1 + 0x1p-4, 12);
	ck_assert(r.reliable);
	ck_assert_double_eq_tol(r.error, (0x1p-27 - 0x1p-40) /
	    (pow(2, log2((0x1p-4 - 0x1p-14) / (0x1p-14 - 0x1p-27))) - 1),
	    1e-25);
	/*
	 * 1/(1 + 25x^2) on [-1, 1] at order 12 (pint's integrals, 1 to 8
	 * cells): the order fell from 16.5 to 9.4, a sequence before its
	 * asymptotic range; its estimate was 136x under the error.
	 */
	G4(0.54936030677800634, 0.54936030663510555,
	    0.54936021164536738, 0.55807195402917024, 12);
	ck_assert(!r.reliable);
	/* The grid before the three at another order: they decide. */
	G4(1 + 0x1p-40, 1 + 0x1p-27, 1 + 0x1p-14, 1 + 0x1p-1, 8);
	ck_assert(r.reliable);
	G3(1 + 0x1p-40, 1 + 0x1p-29, 1 + 0x1p-18, 48, 24, 12, 12, 12, 12);
	ck_assert(!r.reliable);
	/* Order 4 (rule order 8): a kink's order 5 is flagged. */
	G3(1 + 0x1p-30, 1 + 0x1p-25, 1 + 0x1p-20, 16, 8, 4, 4, 4, 4);
	ck_assert_double_eq_tol(r.order, 5, 1e-3);
	ck_assert(!r.reliable);
	/* Faster than the rule: capped at 2k, and flagged. */
	G3(1, 1 + 0x1p-30, 1 + 0x1p-10, 16, 8, 4, 4, 4, 4);
	ck_assert(!r.reliable);
	ck_assert_double_eq_tol(r.error, 0x1p-30 / 255, 1e-25);
	/* The order raised: p from the nodes, never reliable. */
	G3(1 + 1e-9, 1 + 1e-6, 1 + 1e-3, 8, 6, 4, 8, 6, 4);
	ck_assert(!r.reliable);
	ck_assert(r.from_observed);
	G3(1 + 1e-5, 1 + 1e-4, 1 + 1e-3, 8, 6, 4, 8, 6, 4);
	ck_assert_double_eq_tol(r.order, log(10.0) / log(1.5), 1e-6);
	ck_assert(!r.reliable);
	/*
	 * exp(-9((x - 0.4)^2 + (y - 0.4)^2)) on the unit square, one cell
	 * at orders 6, 8, 12 (pint's integrals): the error fell 690x from
	 * 6 to 8 but only 1.4e4x from 8 to 12, so the geometric estimate,
	 * d1 (d1/d2)^2, understates it 34x: never reliable, it only says
	 * when to double the cells.
	 */
	G3(0.31483447897892453, 0.31483448611174342, 0.31482958986797005,
	    12, 8, 6, 12, 8, 6);
	exact = pow(sqrt(M_PI) / 6 * (erf(1.8) + erf(1.2)), 2);
	err = fabs(s[0] - exact);
	d1 = fabs(s[0] - s[1]);
	d2 = fabs(s[1] - s[2]);
	ck_assert(d1 * pow(d1 / d2, 2) < err / 20);
	ck_assert(!r.reliable);
	ck_assert(r.from_observed);
	ck_assert_double_eq_tol(r.error, d1 * pow(d1 / d2, 2), 1e-25);
	/*
	 * exp(-(11.6(x - 0.63)^2 + 13.1(y - 0.97)^2)), one cell at orders
	 * 4, 6, 8 (pint's integrals): the error fell 2200x from order 4 to
	 * 6, then 1.5x to 8, a stall three orders cannot see; their
	 * estimate, 4e-10 with the integral 3.7e-7 off, once met a
	 * tolerance of 1e-8.
	 */
	G3(0.13655227654735422, 0.13655247350585742, 0.13532145941366105,
	    8, 6, 4, 8, 6, 4);
	exact = 0.13655191090850455;
	ck_assert(fabs(s[0] - exact) > 100 * r.error);
	ck_assert(!r.reliable);
	/* Cells doubled once after the order rose: no check either. */
	G3(1 + 0x1p-40, 1 + 0x1p-27, 1 + 0x1p-14, 24, 12, 8, 12, 12, 8);
	ck_assert(!r.reliable);
	/* The last change rounding, the one before fast: reliable. */
	G3(1, 1 + 0x1p-60, 1 + 0x1p-30, 48, 24, 12, 12, 12, 12);
	ck_assert(r.reliable);
	ck_assert_double_eq_tol(r.error, 16 * DBL_EPSILON, 1e-30);
	/* Rounding against the integral of |f| (r.mag), not |integral|. */
	r.mag = 1;
	G3(1e-3 + 1e-17, 1e-3 + 2e-17, 1e-3 + 4e-17, 48, 24, 12, 12, 12, 12);
	ck_assert(r.reliable);
	ck_assert(isnan(r.order));
	ck_assert_double_eq_tol(r.error, 16 * DBL_EPSILON, 1e-30);
	r.mag = NAN;
	G3(1e-3 + 1e-17, 1e-3 + 2e-17, 1e-3 + 4e-17, 48, 24, 12, 12, 12, 12);
	ck_assert(!isnan(r.order));
	/* Every value 0: unreliable, unless some were not (r.mag > 0). */
	G3(0, 0, 0, 48, 24, 12, 12, 12, 12);
	ck_assert(!r.reliable);
	r.mag = 0.5;
	G3(0, 0, 0, 48, 24, 12, 12, 12, 12);
	ck_assert(r.reliable);
	r.mag = NAN;
	/* Not converging; exact. */
	G3(1.5, 1.25, 1.2, 8, 6, 4, 8, 6, 4);
	ck_assert(!r.reliable);
	ck_assert_double_eq_tol(r.error, 0.25, 1e-15);
	G3(2, 2, 2, 8, 6, 4, 8, 6, 4);
	ck_assert(r.reliable);		/* three orders agree to rounding */
	ck_assert(isnan(r.order));
	ck_assert_double_eq_tol(r.error, 32 * DBL_EPSILON, 1e-30);
#undef G3
	/* Two grids: their difference, never reliable. */
	s[0] = 1.01;
	s[1] = 1;
	adapt_gauss_estimate(s, n, k, 2, &r);
	ck_assert(!r.reliable);
	ck_assert_double_eq_tol(r.error, 0.01, 1e-15);
}
END_TEST

/*
 * Refined by the levels' ratio, the old points are reused: when that
 * reaches the factor asked for and evaluates fewer points, always for
 * tanh-sinh, never after dropped points; Simpson with the trapezoid sum
 * its grid carries, which it hands on.
 */
START_TEST(reuse_when_it_nests)
{
	struct task		 t;
	struct adapt		 a;
	struct quad_result	 r;
	char			*cause = NULL;

	tol_task(&t, RULE_TRAPEZOID, 17);	/* 16 intervals, 289 points */
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	/* 2x the target at order 2: 1.41 x 1.25, under 2. */
	r = est(1.0, 2e-6, 2, 1);
	r.lev[1] = 0.5;
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_uint_eq(a.task.axis[0].intervals, 32);
	ck_assert_uint_eq(a.grid.reuse, 2);
	ck_assert_uint_eq(a.grid.reused, 289);
	ck_assert_int_eq(a.grid.prev_levels, 2);
	ck_assert_double_eq(a.grid.prev[0], 1.0);
	ck_assert_double_eq(a.grid.prev[1], 0.5);
	/* The next: 100x the target wants 12.5x, fresh; and points counted. */
	r = est(1.0, 1e-4, 2, 1);
	ck_assert_int_eq(adapt_next(&a, &r, 33 * 33 - 289), 0);
	ck_assert_uint_eq(a.points_total, 33 * 33);
	ck_assert_uint_eq(a.grid.reuse, 0);
	/* Dropped points (no levels handed on): fresh. */
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	r = est(1.0, 2e-6, 2, 1);
	r.nlev = 0;
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_uint_eq(a.grid.reuse, 0);
	task_free(&t);
	/* tanh-sinh halves its step, always reusing. */
	tol_task(&t, RULE_TANH_SINH, 17);
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	r = est(1.0, 1e-2, NAN, 0);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_uint_eq(a.grid.n[0], 33);
	ck_assert_uint_eq(a.grid.reuse, 2);
	task_free(&t);
	/* Simpson: its grids sum the trapezoid rule too. */
	tol_task(&t, RULE_SIMPSON, 17);
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	ck_assert_int_eq(a.grid.trap, 1);
	/* 6x the target at order 4: 1.57 x 1.25, under 2. */
	r = est(1.0, 6e-6, 4, 1);
	r.trap = 0.75;
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_uint_eq(a.grid.n[0], 33);
	ck_assert_uint_eq(a.grid.reuse, 2);
	ck_assert_uint_eq(a.grid.reused, 289);
	ck_assert_double_eq(a.grid.prev_trap, 0.75);
	ck_assert_int_eq(a.grid.trap, 1);
	/* Without the trapezoid sum it cannot. */
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	r = est(1.0, 6e-6, 4, 1);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_uint_eq(a.grid.reuse, 0);
	task_free(&t);
	/* The other rules sum no trapezoid. */
	tol_task(&t, RULE_TRAPEZOID, 17);
	ck_assert_int_eq(adapt_begin(&a, &t, 0, NAN, &cause), 0);
	ck_assert_int_eq(a.grid.trap, 0);
	task_free(&t);
}
END_TEST

/* The budget: shrink the next grid to fit, end when nothing fits. */
START_TEST(budget)
{
	struct task		 t;
	struct adapt		 a;
	struct quad_result	 r;
	char			*cause = NULL;

	tol_task(&t, RULE_TRAPEZOID, 17);
	ck_assert_int_eq(adapt_begin(&a, &t, 5000, NAN, &cause), 0);
	r = est(1.0, 1e-2, 2, 1);	/* wants 16 x */
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_uint_le(a.points_total + a.grid.points, 5000);
	ck_assert_uint_gt(a.grid.points, 17 * 17);
	r = est(1.0, 1e-3, 2, 1);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 1);
	ck_assert_int_eq(a.stop, ADAPT_BUDGET);
	task_free(&t);
}
END_TEST

Suite *
make_adapt_suite(void)
{
	Suite	*s = suite_create("adapt");
	TCase	*tc;

	tc = tcase_create("sequence");
	tcase_add_test(tc, begin_rounds_for_three_levels);
	tcase_add_test(tc, met_ends);
	tcase_add_test(tc, refines_by_the_order);
	tcase_add_test(tc, gauss_ladder);
	tcase_add_test(tc, gauss_named_order);
	tcase_add_test(tc, gauss_estimate);
	tcase_add_test(tc, budget);
	tcase_add_test(tc, reuse_when_it_nests);
	suite_add_tcase(s, tc);
	return s;
}
