/*
 * results: the figures derived once for every report: per-run ratios,
 * the sweep rows and the identity check.
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pool.h"
#include "quad.h"
#include "results.h"
#include "stats.h"
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
	/* mean and sample sd of 4.0 and 4.2; 2 runs give no 95% interval */
	ck_assert_double_eq_tol(res.rows[0].wall_mean, 4.1, 1e-12);
	ck_assert_double_eq_tol(res.rows[0].wall_sd, sqrt(0.02), 1e-12);
	ck_assert(isnan(res.rows[1].speedup_ci_low));
	ck_assert(isnan(res.rows[1].speedup_ci_high));
	ck_assert(isnan(res.rows[0].speedup_ci_low));
	/* -j 4 on 2 CPUs: the CPUs used allow 2, the first row used 1. */
	ck_assert_double_eq_tol(res.rows[2].ideal, 2, 1e-12);
	ck_assert_int_eq(res.rows[1].oversubscribed, 0);
	ck_assert_int_eq(res.rows[2].oversubscribed, 1);
	ck_assert_int_eq(res.short_runs, 0);
	ck_assert_int_eq(res.identical, 1);
	res.runs[3].integral = nextafter(0.25, 1);
	results_finish(&res);
	ck_assert_int_eq(res.identical, 0);
}
END_TEST

/*
 * Per run: parallelism = CPU / wall (not / compute, 0.01 s shorter here:
 * the workers' start-up is in their CPU time), and its shares.
 */
START_TEST(run_ratios)
{
	const struct results_run	*rr = &res.runs[2];

	ck_assert_int_eq(rr->jobs, 2);
	ck_assert_double_eq_tol(rr->parallelism, 4.0 / 2.1, 1e-12);
	ck_assert_double_eq_tol(rr->efficiency, 4.0 / 2.1 / 2, 1e-12);
	ck_assert_double_eq_tol(rr->utilization, 4.0 / 2.1 / 2, 1e-12);
	ck_assert_int_eq(rr->nworkers, 2);
	ck_assert_double_eq_tol(rr->workers[1].share, 0.5, 1e-12);
	ck_assert_double_eq_tol(rr->points_mean, 5000, 1e-9);
	ck_assert_double_eq_tol(rr->points_sd, 0, 1e-9);
	/* The row's means are over its runs. */
	ck_assert_double_eq_tol(res.rows[1].parallelism,
	    (4.0 / 2.1 + 4.0 / 2.0) / 2, 1e-12);
	ck_assert_double_eq_tol(res.rows[1].other_cpus, 0.02, 1e-12);
}
END_TEST

/* Karp-Flatt means nothing where the speedup is no speedup. */
START_TEST(karp_flatt_slowdown)
{
	int	 i;

	for (i = 2; i < 4; i++)
		res.runs[i].wall_s = 5.0;
	results_finish(&res);
	ck_assert(res.rows[1].speedup < 1);
	ck_assert(isnan(res.rows[1].karp_flatt));
	ck_assert(!isnan(res.rows[2].karp_flatt));
}
END_TEST

/*
 * n runs of -j jobs[g] for each group g, walls from w (n per group), the
 * other load of each run from other (NAN: unknown).
 */
static void
sweep_of(struct results *r, int ngroups, const int *jobs, int n,
    const double *w, const double *other)
{
	struct pool_result	 p;
	int			 g, k;

	memset(r, 0, sizeof *r);
	r->task = &task;
	r->grid = &grid;
	r->host.cpus_usable = r->host.cpus_online = 2;
	memset(&p, 0, sizeof p);
	for (g = 0; g < ngroups; g++) {
		for (k = 0; k < n; k++) {
			p.wall_s = w[g * n + k];
			p.compute_s = p.wall_s;
			p.points = 100;
			results_add(r, g, jobs[g], k + 1, &p, NULL, 0);
			r->runs[r->nruns - 1].other_cpus = other[g * n + k];
		}
	}
	results_finish(r);
}

/*
 * Issue 26's audit: a busy loop beside one of five -j 1 runs. That run
 * is an outlier tied to its other load, and the speedup it inflates
 * above the 2 CPUs is flagged with the cause; one run a count has no
 * spread and no interval.
 */
START_TEST(outliers_and_flags)
{
	static const int	 jobs[] = { 1, 2 };
	const double		 w[] = { 1.0, 1.01, 0.99, 1.0, 3.1,
	    0.45, 0.46, 0.45, 0.44, 0.45 };
	const double		 other[] = { 0, 0, 0, 0, 0.92,
	    0, 0, 0, 0, 0 };
	const double		 w1[] = { 1.0, 0.5 }, o1[] = { NAN, NAN };
	struct results		 r;
	char			 cause[128];

	sweep_of(&r, 2, jobs, 5, w, other);
	ck_assert_int_eq(r.rows[0].noutliers, 1);
	ck_assert_int_eq(r.runs[4].outlier, 1);
	ck_assert(r.runs[4].wall_z > STATS_OUTLIER_Z);
	ck_assert_int_eq(r.runs[3].outlier, 0);
	results_outlier_cause(&r.runs[4], &r.rows[0], cause, sizeof cause);
	ck_assert_str_eq(cause, "other load was 0.92 CPUs");
	{
		struct results_row	 row = r.rows[0];

		/* Not when every run of the row had as much. */
		row.other_cpus = 0.9;
		results_outlier_cause(&r.runs[4], &row, cause, sizeof cause);
		ck_assert_str_eq(cause, "no cause measured (other load 0.92 "
		    "CPUs, as in the other runs)");
		/* Nor "as in the other runs" when they measured none. */
		row.other_cpus = 0.92;
		row.nother = 1;
		results_outlier_cause(&r.runs[4], &row, cause, sizeof cause);
		ck_assert_str_eq(cause, "other load was 0.92 CPUs (not "
		    "measured in the other runs)");
	}
	/* 1 / 0.45: above 2, and the interval [2.17, 2.3] is above too. */
	ck_assert(r.rows[1].speedup > 2);
	ck_assert(r.rows[1].speedup_ci_low > 2);
	ck_assert(r.rows[1].karp_flatt < 0);
	ck_assert_ptr_nonnull(strstr(r.rows[1].flag, "1 outlier among the "
	    "-j 1 runs"));
	ck_assert_ptr_nonnull(strstr(r.rows[1].flag, "slowed by other load "
	    "(0.18 CPUs against 0.00)"));
	ck_assert_int_eq(r.rows[0].flag[0], '\0');
	results_free(&r);
	/* Worker deaths are a cause too; none measured says so. */
	{
		struct results_run	 rr;
		struct results_row	 none;

		memset(&rr, 0, sizeof rr);
		memset(&none, 0, sizeof none);
		none.other_cpus = NAN;
		rr.other_cpus = NAN;
		rr.deaths = 1;
		rr.chunks_retried = 2;
		results_outlier_cause(&rr, &none, cause, sizeof cause);
		ck_assert_str_eq(cause, "1 worker death, 2 chunks retried");
		rr.deaths = 0;
		rr.chunks_retried = 0;
		results_outlier_cause(&rr, &none, cause, sizeof cause);
		ck_assert_str_eq(cause, "no cause measured");
	}
	{
		/* MAD 0: (x - median) / (1.253314 mean |x - median|). */
		const double	 w2[] = { 1, 1, 1, 1, 2 }, o2[] = { 0, 0, 0,
		    0, 0 };
		const double	 w3[] = { 1, 1, 1, 1, 1.0001 };

		sweep_of(&r, 1, jobs, 5, w2, o2);
		ck_assert_double_eq_tol(r.runs[4].wall_z, 1 / (1.253314 * 0.2),
		    1e-12);
		ck_assert_int_eq(r.runs[4].outlier, 1);
		results_free(&r);
		/* A negligible difference is no outlier, whatever its z. */
		sweep_of(&r, 1, jobs, 5, w3, o2);
		ck_assert(r.runs[4].wall_z > STATS_OUTLIER_Z);
		ck_assert_int_eq(r.runs[4].outlier, 0);
		ck_assert_int_eq(r.rows[0].noutliers, 0);
		results_free(&r);
	}
	sweep_of(&r, 2, jobs, 1, w1, o1);
	ck_assert(isnan(r.rows[0].wall_sd));
	ck_assert(isnan(r.rows[1].speedup_ci_low));
	/* 2.0 > 2 is not: exactly the ideal raises no flag. */
	ck_assert_int_eq(r.rows[1].flag[0], '\0');
	results_free(&r);
}
END_TEST

/*
 * Every run knows its row by position, so the per-run CSV gives each run
 * its own row's figures (report_row_of once matched by job count).
 */
START_TEST(run_rows)
{
	static const int	 jobs[] = { 2, 1 };
	const double		 w[] = { 1, 1.1, 1.2, 2, 2.1, 2.2 };
	const double		 o[] = { 0, 0, 0, 0, 0, 0 };
	struct results		 r;
	int			 i;

	sweep_of(&r, 2, jobs, 3, w, o);
	for (i = 0; i < 6; i++)
		ck_assert_int_eq(r.runs[i].row, i / 3);
	ck_assert_double_eq_tol(r.rows[1].wall_median, 2.1, 1e-12);
	/* A base above -j 1: the speedup is below 1, no Karp-Flatt. */
	ck_assert(isnan(r.rows[1].karp_flatt));
	results_free(&r);
}
END_TEST

/* Runs added out of order come out grouped by -j value, in order. */
START_TEST(runs_grouped)
{
	struct results	 r;
	struct pool_result p;
	int		 i;
	static const int group[] = { 1, 0, 1, 0 };

	memset(&r, 0, sizeof r);
	r.task = &task;
	r.grid = &grid;
	r.host.cpus_usable = 2;
	memset(&p, 0, sizeof p);
	for (i = 0; i < 4; i++) {
		p.wall_s = 0.05 + i;
		p.compute_s = 0.04;
		p.points = 100;
		results_add(&r, group[i], group[i] ? 4 : 2, 1 + i / 2, &p, NULL,
		    0);
	}
	results_finish(&r);
	ck_assert_int_eq(r.nrows, 2);
	ck_assert_int_eq(r.runs[0].jobs, 2);
	ck_assert_int_eq(r.runs[1].repeat, 2);
	ck_assert_int_eq(r.runs[2].jobs, 4);
	ck_assert_int_eq(r.rows[1].oversubscribed, 1);
	/* No sampler: the other load is unknown, not 0. */
	ck_assert(isnan(r.runs[0].other_cpus));
	ck_assert(isnan(r.rows[0].other_cpus));
	ck_assert_double_eq_tol(r.runs[0].points_per_s, 2500, 1e-9);
	ck_assert_double_eq_tol(r.runs[0].ns_per_point_per_worker,
	    0.04 * 2 * 1e9 / 100, 1e-6);
	results_free(&r);
}
END_TEST

/*
 * Empty results of the fixture's task on 2 usable CPUs, and a pool's
 * result of 100 points over 2 s, for runs to be added by hand.
 */
static void
blank_run(struct results *r, struct pool_result *p,
    struct sampler_summary *sum)
{
	memset(r, 0, sizeof *r);
	r->task = &task;
	r->grid = &grid;
	r->host.cpus_usable = 2;
	memset(p, 0, sizeof *p);
	p->wall_s = p->compute_s = 2;
	p->points = 100;
	memset(sum, 0, sizeof *sum);
	sum->ticks_per_cpu = 200;
	sum->window_s = 2;
}

/* Other load: machine busy time less pint's exact CPU time. */
START_TEST(other_load_exact)
{
	struct results		 r;
	struct sampler_summary	 sum;
	struct pool_result	 p;

	blank_run(&r, &p, &sum);
	p.user_s = 1.9;
	p.sys_s = 0.1;
	sum.cpus_online = 4;
	sum.machine_busy_s = 4.1;	/* pint 2 + 0.1 parent + 2 others */
	sum.parent_cpu_s = 0.1;
	results_add(&r, 0, 1, 1, &p, &sum, 0);
	/* Too few ticks: not measured. */
	sum.ticks_per_cpu = RESULTS_MIN_TICKS - 1;
	results_add(&r, 0, 1, 2, &p, &sum, 0);
	/* Less busy than pint itself (tick rounding): clamped at 0. */
	sum.ticks_per_cpu = 200;
	sum.machine_busy_s = 1.5;
	results_add(&r, 0, 1, 3, &p, &sum, 0);
	results_finish(&r);
	ck_assert_double_eq_tol(r.runs[0].own_cpu_s, 2.1, 1e-12);
	ck_assert_double_eq_tol(r.runs[0].other_cpus, 1.0, 1e-12);
	ck_assert_double_eq_tol(r.runs[0].other_load, 0.25, 1e-12);
	ck_assert(isnan(r.runs[1].other_cpus) && isnan(r.runs[1].other_load));
	ck_assert_double_eq(r.runs[2].other_cpus, 0);
	/* The row's mean is over the measured runs. */
	ck_assert_double_eq_tol(r.rows[0].other_cpus, 0.5, 1e-12);
	results_free(&r);
}
END_TEST

/*
 * Steal from the sampler's summary: in CPUs over its window, as a share of
 * the usable CPUs' time (never above 1, whatever -j), a warning above 5%; null with its reason when the window had
 * too few ticks. Energy: watts over the sampler's window.
 */
START_TEST(steal_and_energy)
{
	struct results		 r;
	struct sampler_summary	 sum;
	struct pool_result	 p;
	struct fp_cond		 c;
	int			 i;

	blank_run(&r, &p, &sum);
	sum.cpus_online = 2;
	sum.elapsed_s = 2;
	fp_cond_init(&c);
	c.energy.known = 1;
	c.energy.joules = 30;
	for (i = 0; i < 3; i++)
		results_add(&r, 0, 2, i + 1, &p, &sum, 0);
	sum.steal_cpus = 0.1;		/* 0.1 CPUs of 2: 5%, no more */
	sum.steal_share = 0.05;
	results_set_cond(&r, 0, &c, &sum, 0);
	sum.steal_cpus = 0.105;
	sum.steal_share = 0.0525;
	results_set_cond(&r, 1, &c, &sum, 0);
	sum.ticks_per_cpu = RESULTS_MIN_TICKS - 1;
	results_set_cond(&r, 2, &c, &sum, 0);
	results_finish(&r);
	ck_assert_double_eq_tol(r.runs[0].cond.f[FPC_STEAL_CPUS].num, 0.1,
	    1e-12);
	ck_assert_double_eq_tol(r.runs[0].cond.f[FPC_STEAL_FRACTION].num,
	    0.05, 1e-12);
	ck_assert_int_eq(r.runs[0].warn & WARN_STEAL, 0);
	ck_assert_int_ne(r.runs[1].warn & WARN_STEAL, 0);
	ck_assert_ptr_nonnull(strstr(r.runs[1].warn_msg[1], "5.2% of the "
	    "usable CPUs' time during the -j 2 run"));
	ck_assert(!r.runs[2].cond.f[FPC_STEAL_CPUS].known);
	ck_assert_ptr_nonnull(strstr(r.runs[2].cond.f[FPC_STEAL_CPUS].why,
	    "too short"));
	ck_assert_int_eq(r.runs[2].warn & WARN_STEAL, 0);
	ck_assert_double_eq_tol(results_watts(&r.runs[0]), 15, 1e-12);
	ck_assert_double_eq_tol(results_joules_per_gpoint(&r.runs[0]), 3e8,
	    1e-3);
	ck_assert_double_eq_tol(r.rows[0].joules, 30, 1e-12);
	ck_assert_int_eq(r.rows[0].warn & WARN_STEAL, WARN_STEAL);
	fp_cond_free(&c);
	results_free(&r);
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
	tcase_add_test(tc, karp_flatt_slowdown);
	tcase_add_test(tc, outliers_and_flags);
	tcase_add_test(tc, run_rows);
	tcase_add_test(tc, runs_grouped);
	tcase_add_test(tc, other_load_exact);
	tcase_add_test(tc, steal_and_energy);
	suite_add_tcase(s, tc);
	return s;
}
