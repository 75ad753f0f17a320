/*
 * results: the figures derived once for every report: per-run ratios,
 * the sweep rows and the identity check.
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "quad.h"
#include "results.h"
#include "suites.h"
#include "testutil.h"

static struct task	 task;
static struct grid	 grid;
static struct results	 res;

static void
setup(void)
{
	char	*cause = NULL;

	tu_task(&task, "x * y", 2, 0, 1, 100, RULE_MIDPOINT);
	ck_assert_int_eq(quad_grid(&grid, &task, &cause), 0);
	tu_results(&res, &task, &grid);
}

static void
teardown(void)
{
	results_free(&res);
	task_free(&task);
}

START_TEST(sweep_arithmetic)
{
	ck_assert_int_eq(res.nrows, 3);
	ck_assert_double_eq_tol(res.rows[0].wall_median, 4.1, 1e-12);
	ck_assert_double_eq_tol(res.rows[1].wall_median, 2.05, 1e-12);
	ck_assert_double_eq_tol(res.rows[1].speedup, 2.0, 1e-12);
	ck_assert_double_eq_tol(res.rows[1].scaling_efficiency, 1.0, 1e-12);
	ck_assert_double_eq_tol(res.rows[1].karp_flatt, 0.0, 1e-12);
	ck_assert_double_eq_tol(res.rows[2].wall_min, 1.1, 1e-12);
	ck_assert_double_eq_tol(res.rows[2].wall_max, 1.2, 1e-12);
	ck_assert(isnan(res.rows[0].karp_flatt));
	ck_assert_int_eq(res.identical, 1);
	res.runs[3].integral = nextafter(0.25, 1);
	results_finish(&res);
	ck_assert_int_eq(res.identical, 0);
}
END_TEST

/* Per run: parallelism = CPU / compute, and its shares. */
START_TEST(run_ratios)
{
	const struct results_run	*rr = &res.runs[2];

	ck_assert_int_eq(rr->jobs, 2);
	ck_assert_double_eq_tol(rr->parallelism, 4.0 / 2.09, 1e-12);
	ck_assert_double_eq_tol(rr->efficiency, 4.0 / 2.09 / 2, 1e-12);
	ck_assert_double_eq_tol(rr->utilization, 4.0 / 2.09 / 2, 1e-12);
	ck_assert_int_eq(rr->nworkers, 2);
	ck_assert_double_eq_tol(rr->workers[1].share, 0.5, 1e-12);
	ck_assert_double_eq_tol(rr->points_mean, 5000, 1e-9);
	ck_assert_double_eq_tol(rr->points_sd, 0, 1e-9);
	/* The row's means are over its runs. */
	ck_assert_double_eq_tol(res.rows[1].parallelism,
	    (4.0 / 2.09 + 4.0 / 1.99) / 2, 1e-12);
	ck_assert_double_eq_tol(res.rows[1].other_cpus, 0.02, 1e-12);
}
END_TEST

Suite *
make_results_suite(void)
{
	Suite	*s = suite_create("results");
	TCase	*tc = tcase_create("derived");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, sweep_arithmetic);
	tcase_add_test(tc, run_ratios);
	suite_add_tcase(s, tc);
	return s;
}
