/*
 * Tests for pint check's verdicts (fit_judge) from measurements set by
 * hand: each threshold passed and not, and the fields it cannot tell
 * (n/a with the fingerprint's reason), including steal and thermal
 * throttling, which no shell test can make happen on demand.
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "fit.h"
#include "suites.h"

static struct fit_cpu	 two[2];

/*
 * A machine fit to benchmark: performance, no turbo, no SMT siblings, no
 * load, no steal, no throttling, frequencies and CPUs within 1%.
 */
static void
fit_good(struct fit *f)
{
	memset(f, 0, sizeof *f);
	fp_host_init(&f->host);
	fp_cond_init(&f->cond);
	f->host.f[FPH_GOVERNOR].known = 1;
	snprintf(f->host.f[FPH_GOVERNOR].str, FP_STR_MAX, "performance");
	f->host.f[FPH_TURBO].known = 1;
	f->host.f[FPH_SMT_SIBLINGS].known = 1;
	f->cond.f[FPC_LOADAVG].known = 1;
	f->cond.f[FPC_LOADAVG].num = 0.5;
	f->cond.f[FPC_RUNNABLE].known = 1;
	f->cond.f[FPC_FREQ_SPREAD].known = 1;
	f->cond.f[FPC_FREQ_SPREAD].num = 1.01;
	f->cond.f[FPC_THROTTLE].known = 1;
	f->usable = 2;
	f->usable_source = "affinity";
	snprintf(f->cpus_desc, sizeof f->cpus_desc, "affinity 2");
	f->stat_cpus = 2;
	f->window_s = 0.3;
	two[0].cpu = 0;
	two[0].ns_per_point = 2.0;
	two[1].cpu = 1;
	two[1].ns_per_point = 2.02;
	f->cpus = two;
	f->ncpus = 2;
}

static enum fit_verdict
verdict(struct fit *f, int check)
{
	fit_judge(f);
	ck_assert_msg(f->c[check].msg[0] != '\0', "%s: no message",
	    f->c[check].name);
	if (f->c[check].verdict == FIT_FAIL)
		ck_assert_msg(f->c[check].advice[0] != '\0', "%s: no advice",
		    f->c[check].name);
	return f->c[check].verdict;
}

START_TEST(fit_all_ok)
{
	struct fit	 f;
	int		 i;

	fit_good(&f);
	ck_assert_int_eq(fit_judge(&f), 0);
	for (i = 0; i < FC_N; i++) {
		ck_assert_msg(f.c[i].verdict == FIT_OK, "%s: %s", f.c[i].name,
		    f.c[i].msg);
		ck_assert_str_eq(f.c[i].advice, "");
	}
	ck_assert_double_eq_tol(f.ratio, 1.01, 1e-12);
}
END_TEST

START_TEST(fit_host)
{
	struct fit	 f;

	fit_good(&f);
	snprintf(f.host.f[FPH_GOVERNOR].str, FP_STR_MAX, "powersave");
	ck_assert_int_eq(verdict(&f, FC_GOVERNOR), FIT_FAIL);
	ck_assert_int_eq(fit_judge(&f), 1);
	fit_good(&f);
	f.host.f[FPH_TURBO].num = 1;
	ck_assert_int_eq(verdict(&f, FC_TURBO), FIT_WARN);
	ck_assert_int_eq(fit_judge(&f), 0);
	fit_good(&f);
	f.host.f[FPH_SMT_SIBLINGS].num = 2;
	ck_assert_int_eq(verdict(&f, FC_SMT), FIT_WARN);
	fit_good(&f);
	f.cond.f[FPC_FREQ_SPREAD].num = 1 + FIT_FREQ_WARN + 0.01;
	ck_assert_int_eq(verdict(&f, FC_FREQ), FIT_WARN);
	fit_good(&f);
	f.cond.f[FPC_THROTTLE].num = 3;
	ck_assert_int_eq(verdict(&f, FC_THERMAL), FIT_FAIL);
	ck_assert_ptr_nonnull(strstr(f.c[FC_THERMAL].msg, "3 thermal"));
}
END_TEST

/* A field the fingerprint could not read: n/a with its reason. */
START_TEST(fit_unknown)
{
	struct fit	 f;

	fit_good(&f);
	f.host.f[FPH_GOVERNOR].known = 0;
	snprintf(f.host.f[FPH_GOVERNOR].why, FP_WHY_MAX, "no cpufreq here");
	f.cond.f[FPC_THROTTLE].known = 0;
	snprintf(f.cond.f[FPC_THROTTLE].why, FP_WHY_MAX, "not Intel");
	f.other_cpus = NAN;
	snprintf(f.stat_why, sizeof f.stat_why, "no /proc/stat");
	two[1].ns_per_point = NAN;
	ck_assert_int_eq(verdict(&f, FC_GOVERNOR), FIT_NA);
	ck_assert_str_eq(f.c[FC_GOVERNOR].msg, "no cpufreq here");
	ck_assert_int_eq(verdict(&f, FC_THERMAL), FIT_NA);
	ck_assert_int_eq(verdict(&f, FC_LOAD), FIT_NA);
	ck_assert_int_eq(verdict(&f, FC_STEAL), FIT_NA);
	ck_assert_str_eq(f.c[FC_LOAD].msg, "no /proc/stat; load average 0.50, "
	    "0 other runnable threads at the start");
	/* One CPU timed: nothing to compare it with. */
	ck_assert_int_eq(verdict(&f, FC_UNEVEN), FIT_NA);
	ck_assert_ptr_nonnull(strstr(f.c[FC_UNEVEN].msg, "one CPU"));
	two[0].ns_per_point = NAN;
	ck_assert_int_eq(verdict(&f, FC_UNEVEN), FIT_NA);
	ck_assert_int_eq(fit_judge(&f), 0);
}
END_TEST

START_TEST(fit_load_steal)
{
	struct fit	 f;

	fit_good(&f);
	f.other_cpus = FIT_LOAD_FAIL - 0.01;
	ck_assert_int_eq(verdict(&f, FC_LOAD), FIT_OK);
	f.cond.f[FPC_RUNNABLE].num = 3;
	ck_assert_int_eq(verdict(&f, FC_LOAD), FIT_WARN);
	f.other_cpus = FIT_LOAD_FAIL + 0.01;
	ck_assert_int_eq(verdict(&f, FC_LOAD), FIT_FAIL);
	/* Steal as a share of the usable CPUs' time: 5% is not above. */
	fit_good(&f);
	f.steal_cpus = FIT_STEAL_FAIL * 2;
	f.steal_share = FIT_STEAL_FAIL;
	ck_assert_int_eq(verdict(&f, FC_STEAL), FIT_OK);
	f.steal_share = FIT_STEAL_FAIL + 0.001;
	ck_assert_int_eq(verdict(&f, FC_STEAL), FIT_FAIL);
	ck_assert_ptr_nonnull(strstr(f.c[FC_STEAL].msg, "of the 2 usable "
	    "CPUs (5.1% of their time)"));
	ck_assert_int_eq(fit_judge(&f), 1);
}
END_TEST

/* A cgroup quota below the usable CPUs throttles them: a warning. */
START_TEST(fit_cpus_quota)
{
	struct fit	 f;

	fit_good(&f);
	f.quota = 2;
	ck_assert_int_eq(verdict(&f, FC_CPUS), FIT_OK);
	f.quota = 1.5;
	ck_assert_int_eq(verdict(&f, FC_CPUS), FIT_WARN);
	ck_assert_ptr_nonnull(strstr(f.c[FC_CPUS].msg, "quota of 1.5 CPUs"));
	ck_assert_str_ne(f.c[FC_CPUS].advice, "");
}
END_TEST

START_TEST(fit_uneven)
{
	struct fit	 f;

	fit_good(&f);
	two[1].ns_per_point = 2.0 * (1 + FIT_UNEVEN_WARN + 0.01);
	ck_assert_int_eq(verdict(&f, FC_UNEVEN), FIT_WARN);
	ck_assert_int_eq(fit_judge(&f), 0);
	two[0].ns_per_point = 2.0 * (1 + FIT_UNEVEN_FAIL + 0.01);
	two[1].ns_per_point = 2.0;
	ck_assert_int_eq(verdict(&f, FC_UNEVEN), FIT_FAIL);
	ck_assert_double_eq_tol(f.ratio, 1 + FIT_UNEVEN_FAIL + 0.01, 1e-12);
	/* The slower CPU is named first. */
	ck_assert_ptr_nonnull(strstr(f.c[FC_UNEVEN].msg, "(CPU 0 "));
	ck_assert_int_eq(fit_judge(&f), 1);
}
END_TEST

Suite *
make_fit_suite(void)
{
	Suite	*s = suite_create("fit");
	TCase	*tc;

	tc = tcase_create("verdicts");
	tcase_add_test(tc, fit_all_ok);
	tcase_add_test(tc, fit_host);
	tcase_add_test(tc, fit_unknown);
	tcase_add_test(tc, fit_load_steal);
	tcase_add_test(tc, fit_cpus_quota);
	tcase_add_test(tc, fit_uneven);
	suite_add_tcase(s, tc);
	return s;
}
