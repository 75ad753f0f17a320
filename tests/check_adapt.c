/* adapt: the sequence of grids a tolerance asks for. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>

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
	return r;
}

/* The first grid: the task's, rounded up so the estimate has 3 levels. */
START_TEST(begin_rounds_for_three_levels)
{
	struct task	 t;
	struct adapt	 a;
	char		*cause = NULL;

	tol_task(&t, RULE_SIMPSON, 11);		/* 10 intervals */
	ck_assert_int_eq(adapt_begin(&a, &t, 0, &cause), 0);
	ck_assert_uint_eq(a.task.axis[0].intervals, 16);
	ck_assert_uint_eq(a.grid.n[0], 17);
	ck_assert_int_eq(a.grid.levels, 3);
	ck_assert_uint_eq(a.max_points, ADAPT_MAXPOINTS);
	task_free(&t);
	tol_task(&t, RULE_MIDPOINT, 10);
	ck_assert_int_eq(adapt_begin(&a, &t, 0, &cause), 0);
	ck_assert_uint_eq(a.grid.n[0], 18);
	ck_assert_int_eq(a.grid.levels, 3);
	task_free(&t);
}
END_TEST

/* Met: a reliable estimate under the tolerance ends the sequence. */
START_TEST(met_ends)
{
	struct task		 t;
	struct adapt		 a;
	struct quad_result	 r;
	char			*cause = NULL;

	tol_task(&t, RULE_TRAPEZOID, 17);
	ck_assert_int_eq(adapt_begin(&a, &t, 0, &cause), 0);
	r = est(2.0, 1e-6, 2, 1);	/* target 2e-6 */
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 1);
	ck_assert_int_eq(a.met, 1);
	ck_assert_int_eq(a.grids, 1);
	ck_assert_double_eq(a.target, 2e-6);
	/* Under the tolerance but not reliable: not met, refined. */
	ck_assert_int_eq(adapt_begin(&a, &t, 0, &cause), 0);
	r = est(2.0, 1e-6, 1.2, 0);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_int_eq(a.met, 0);
	ck_assert_uint_gt(a.grid.points, a.last_grid.points);
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
	ck_assert_int_eq(adapt_begin(&a, &t, 0, &cause), 0);
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

/* gauss doubles its cells and estimates from its last three grids. */
START_TEST(gauss_from_its_grids)
{
	struct task		 t;
	struct adapt		 a;
	struct quad_result	 r;
	char			*cause = NULL;
	int			 i;
	/* Errors 1e-3, 1e-3 / 2^8, 1e-3 / 2^16: order 8 (K = 4). */
	static const double	 v[3] = { 1.001, 1 + 1e-3 / 256,
	    1 + 1e-3 / 65536 };

	tol_task(&t, RULE_GAUSS, 4);
	ck_assert_int_eq(adapt_begin(&a, &t, 0, &cause), 0);
	ck_assert_int_eq(a.grid.levels, 1);
	for (i = 0; i < 3; i++) {
		ck_assert_uint_eq(a.task.axis[0].intervals, 1u << i);
		r = est(v[i], NAN, NAN, 0);
		ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), i == 2);
	}
	ck_assert_int_eq(a.met, 1);
	ck_assert_double_eq_tol(r.order, 8, 1e-6);
	ck_assert(r.reliable);
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
	ck_assert_int_eq(adapt_begin(&a, &t, 5000, &cause), 0);
	r = est(1.0, 1e-2, 2, 1);	/* wants 16 x */
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 0);
	ck_assert_uint_le(a.points_total + a.grid.points, 5000);
	ck_assert_uint_gt(a.grid.points, 17 * 17);
	r = est(1.0, 1e-3, 2, 1);
	ck_assert_int_eq(adapt_next(&a, &r, a.grid.points), 1);
	ck_assert_int_eq(a.met, 0);
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
	tcase_add_test(tc, gauss_from_its_grids);
	tcase_add_test(tc, budget);
	suite_add_tcase(s, tc);
	return s;
}
