/* Tests for stats: median, extremes, mean and deviation, Karp-Flatt. */
#include "config.h"

#include <math.h>
#include <stddef.h>

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
	suite_add_tcase(s, tc);
	return s;
}
