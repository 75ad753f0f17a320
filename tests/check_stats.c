/*
 * Tests for stats: median, extremes, mean and deviation, Karp-Flatt;
 * outliers; the U test and the ratio interval on known cases, and their
 * error rates and coverage measured by seeded simulation.
 */
#include "config.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>

#include "stats.h"
#include "suites.h"

START_TEST(median_odd)
{
	double	 v[] = { 5, 1, 3 };

	ck_assert_double_eq(stats_median(v, 3), 3);
	/* The input is left as it was. */
	ck_assert_double_eq(v[0], 5);
	ck_assert_double_eq(v[1], 1);
}
END_TEST

START_TEST(median_even)
{
	double	 v[] = { 4, 1, 3, 2 };
	double	 one[] = { 7 };

	ck_assert_double_eq(stats_median(v, 4), 2.5);
	ck_assert_double_eq(stats_median(one, 1), 7);
	ck_assert(isnan(stats_median(v, 0)));
}
END_TEST

START_TEST(min_max)
{
	double	 v[] = { 2, -1, 9, 3 };

	ck_assert_double_eq(stats_min(v, 4), -1);
	ck_assert_double_eq(stats_max(v, 4), 9);
	ck_assert(isnan(stats_min(v, 0)));
	ck_assert(isnan(stats_max(v, 0)));
}
END_TEST

START_TEST(mean_sd)
{
	double	 v[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	double	 mean, sd;

	stats_mean_sd(v, 8, &mean, &sd);
	ck_assert_double_eq(mean, 5);
	/* Sample deviation: sqrt(32 / 7). */
	ck_assert_double_eq_tol(sd, sqrt(32.0 / 7.0), 1e-12);
}
END_TEST

START_TEST(mean_sd_few)
{
	double	 v[] = { 3.5 };
	double	 mean, sd;

	stats_mean_sd(v, 1, &mean, &sd);
	ck_assert_double_eq(mean, 3.5);
	ck_assert_double_eq(sd, 0);
	stats_mean_sd(v, 0, &mean, &sd);
	ck_assert(isnan(mean));
	ck_assert_double_eq(sd, 0);
}
END_TEST

START_TEST(karp_flatt)
{
	/* Linear speedup: no serial fraction; none at all: all serial. */
	ck_assert_double_eq_tol(stats_karp_flatt(2, 2), 0, 1e-15);
	ck_assert_double_eq_tol(stats_karp_flatt(1, 2), 1, 1e-15);
	/* S = 3 on p = 4: (1/3 - 1/4) / (3/4) = 1/9. */
	ck_assert_double_eq_tol(stats_karp_flatt(3, 4), 1.0 / 9, 1e-15);
	ck_assert(isnan(stats_karp_flatt(1, 1)));
	/* p relative to a sweep's base: -j 3 against -j 2. */
	ck_assert_double_eq_tol(stats_karp_flatt(1.5, 1.5), 0, 1e-15);
	ck_assert(isnan(stats_karp_flatt(2, 0)));
	ck_assert(isnan(stats_karp_flatt(0, 4)));
	ck_assert(isnan(stats_karp_flatt(NAN, 4)));
}
END_TEST

START_TEST(mad_and_z)
{
	/* The busy loop beside one of five -j 1 runs (issue 26's audit). */
	double	 v[] = { 1.00, 1.01, 0.99, 1.00, 1.31 };
	double	 same[] = { 2, 2, 2, 2, 3 };
	double	 z[5];
	int	 i;

	ck_assert_double_eq_tol(stats_mad(v, 5), 0.01, 1e-12);
	stats_modified_z(v, 5, z);
	ck_assert_double_eq_tol(z[4], 0.6745 * 0.31 / 0.01, 1e-9);
	for (i = 0; i < 4; i++)
		ck_assert(fabs(z[i]) <= STATS_OUTLIER_Z);
	ck_assert(z[4] > STATS_OUTLIER_Z);
	/* MAD 0: the mean absolute deviation takes over. */
	stats_modified_z(same, 5, z);
	ck_assert_double_eq_tol(z[4], 1 / (1.253314 * 0.2), 1e-9);
	ck_assert_double_eq(z[0], 0);
	/* Too few to judge. */
	stats_modified_z(v + 3, 2, z);
	ck_assert_double_eq(z[0], 0);
	ck_assert_double_eq(z[1], 0);
}
END_TEST

START_TEST(norm)
{
	ck_assert_double_eq_tol(stats_norm_sf(0), 0.5, 1e-15);
	ck_assert_double_eq_tol(stats_norm_sf(1.959963984540054), 0.025,
	    1e-12);
	ck_assert_double_eq_tol(stats_norm_isf(0.025), 1.959963984540054,
	    1e-9);
	ck_assert_double_eq_tol(stats_norm_isf(0.5), 0, 1e-12);
}
END_TEST

START_TEST(mann_whitney_known)
{
	double	 x[] = { 1, 2, 3 }, y[] = { 4, 5, 6 }, t[] = { 1, 1, 2 };
	double	 u1;
	int	 exact;

	/* Complete separation of 3 and 3: 2 / C(6, 3). */
	ck_assert_double_eq_tol(stats_mann_whitney(x, 3, y, 3, &u1, &exact),
	    0.1, 1e-15);
	ck_assert_double_eq(u1, 0);
	ck_assert_int_eq(exact, 1);
	ck_assert_double_eq_tol(stats_mann_whitney(y, 3, x, 3, &u1, NULL),
	    0.1, 1e-15);
	ck_assert_double_eq(u1, 9);
	/* Ties: the normal approximation. */
	stats_mann_whitney(t, 3, y, 3, &u1, &exact);
	ck_assert_int_eq(exact, 0);
	/* All equal: no evidence at all. */
	ck_assert_double_eq(stats_mann_whitney(t, 2, t, 2, NULL, NULL), 1);
	ck_assert(isnan(stats_mann_whitney(x, 0, y, 3, NULL, NULL)));
	ck_assert_double_eq_tol(stats_mann_whitney_min_p(3, 3), 0.1, 1e-15);
	ck_assert_double_eq_tol(stats_mann_whitney_min_p(4, 4), 2.0 / 70,
	    1e-15);
	ck_assert_double_eq(stats_mann_whitney_min_p(1, 1), 1);
}
END_TEST

START_TEST(ratio_ci_known)
{
	double	 x[] = { 2, 2.2, 1.8, 2.1 }, y[] = { 1, 1.1, 0.9, 1.05 };
	double	 lo, hi, bad[] = { 1, 0 };

	/* 3 and 3 cannot give a 95% interval; 4 and 4 give the extremes. */
	ck_assert_int_eq(stats_ratio_ci(x, 3, y, 3, 0.05, &lo, &hi), -1);
	ck_assert(isnan(lo) && isnan(hi));
	ck_assert_int_eq(stats_ratio_ci(x, 4, y, 4, 0.05, &lo, &hi), 0);
	ck_assert_double_eq_tol(lo, 1.8 / 1.1, 1e-12);
	{
		/* pint(1): an interval where 1 / C(n + m, n) <= 0.025. */
		double	 z[39], l, h;
		int	 i;

		for (i = 0; i < 39; i++)
			z[i] = 1 + 0.01 * i;
		ck_assert_int_eq(stats_ratio_ci(x, 3, z, 4, 0.05, &l, &h), -1);
		ck_assert_int_eq(stats_ratio_ci(x, 3, z, 5, 0.05, &l, &h), 0);
		ck_assert_int_eq(stats_ratio_ci(x, 2, z, 7, 0.05, &l, &h), -1);
		ck_assert_int_eq(stats_ratio_ci(x, 2, z, 8, 0.05, &l, &h), 0);
		ck_assert_int_eq(stats_ratio_ci(x, 1, z, 38, 0.05, &l, &h),
		    -1);
		ck_assert_int_eq(stats_ratio_ci(x, 1, z, 39, 0.05, &l, &h), 0);
	}
	ck_assert_double_eq_tol(hi, 2.2 / 0.9, 1e-12);
	/* A time of 0 has no logarithm. */
	ck_assert_int_eq(stats_ratio_ci(x, 2, bad, 2, 0.5, &lo, &hi), -1);
}
END_TEST

/* splitmix64: seeded, the same numbers on every machine. */
static unsigned long long
sim_next(unsigned long long *s)
{
	unsigned long long	 z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double
sim_normal(unsigned long long *s)
{
	double	 u = ((double)(sim_next(s) >> 11) + 0.5) / 9007199254740992.0;
	double	 v = ((double)(sim_next(s) >> 11) + 0.5) / 9007199254740992.0;

	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

/* n run times: normal of mean 1 and sd noise, or lognormal. */
static void
sim_times(unsigned long long *s, double *v, int n, double scale, double noise,
    int lognormal)
{
	int	 i;

	for (i = 0; i < n; i++)
		v[i] = scale * (lognormal ? exp(noise * sim_normal(s)) :
		    1 + noise * sim_normal(s));
}

/* Of 1000 pairs from one distribution, at most 5.5% called different. */
START_TEST(false_positives)
{
	unsigned long long	 seed = 2601;
	double			 a[10], b[10];
	int			 shape, i, hits;

	for (shape = 0; shape < 2; shape++) {
		for (i = hits = 0; i < 1000; i++) {
			sim_times(&seed, a, 10, 1, 0.05, shape);
			sim_times(&seed, b, 10, 1, 0.05, shape);
			hits += stats_mann_whitney(a, 10, b, 10, NULL, NULL) <
			    0.05;
		}
		printf("stats: %s, same distribution: %d of 1000 pairs "
		    "significant at 0.05\n", shape ? "lognormal" : "normal",
		    hits);
		ck_assert_int_le(hits, 55);
	}
}
END_TEST

/* A 5% shift at 1% noise, 10 runs a side: found in >= 95% of 200 pairs. */
START_TEST(power)
{
	unsigned long long	 seed = 2602;
	double			 a[10], b[10];
	int			 i, hits;

	for (i = hits = 0; i < 200; i++) {
		sim_times(&seed, a, 10, 1, 0.01, 0);
		sim_times(&seed, b, 10, 1.05, 0.01, 0);
		hits += stats_mann_whitney(a, 10, b, 10, NULL, NULL) < 0.05;
	}
	printf("stats: 5%% shift at 1%% noise: found in %d of 200 pairs\n",
	    hits);
	ck_assert_int_ge(hits, 190);
}
END_TEST

/*
 * The interval on the ratio of medians covers the true ratio: in >= 93%
 * of 1000 simulations at each n (a sweep's base and row, compare's two
 * sets), normal and lognormal times; n = 3 has no 95% interval at all.
 */
START_TEST(coverage)
{
	static const int	 ns[] = { 3, 4, 5, 10, 20 };
	unsigned long long	 seed = 2603;
	double			 a[20], b[20], lo, hi;
	int			 k, shape, i, cover, none;

	for (k = 0; k < (int)(sizeof ns / sizeof *ns); k++) {
		for (shape = 0; shape < 2; shape++) {
			for (i = cover = none = 0; i < 1000; i++) {
				sim_times(&seed, a, ns[k], 1.7, 0.03, shape);
				sim_times(&seed, b, ns[k], 1, 0.03, shape);
				if (stats_ratio_ci(a, ns[k], b, ns[k], 0.05,
				    &lo, &hi) != 0)
					none++;
				else
					cover += lo <= 1.7 && 1.7 <= hi;
			}
			printf("stats: ratio interval, n = %d, %s: covers "
			    "in %d of 1000, none in %d\n", ns[k], shape ?
			    "lognormal" : "normal", cover, none);
			if (ns[k] < 4)
				ck_assert_int_eq(none, 1000);
			else
				ck_assert_int_ge(cover, 930);
		}
	}
}
END_TEST

Suite *
make_stats_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("stats");
	tc = tcase_create("core");
	tcase_add_test(tc, median_odd);
	tcase_add_test(tc, median_even);
	tcase_add_test(tc, min_max);
	tcase_add_test(tc, mean_sd);
	tcase_add_test(tc, mean_sd_few);
	tcase_add_test(tc, karp_flatt);
	tcase_add_test(tc, mad_and_z);
	tcase_add_test(tc, norm);
	tcase_add_test(tc, mann_whitney_known);
	tcase_add_test(tc, ratio_ci_known);
	suite_add_tcase(s, tc);
	tc = tcase_create("simulation");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, false_positives);
	tcase_add_test(tc, power);
	tcase_add_test(tc, coverage);
	suite_add_tcase(s, tc);
	return s;
}
