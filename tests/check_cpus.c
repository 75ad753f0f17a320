/* cpus: cgroup quotas (faked file systems), SLURM, the rule reported. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpus.h"
#include "suites.h"

static char	 root[64];

static void
put(const char *rel, const char *text)
{
	char	 path[256], dir[256], *slash;
	FILE	*fp;

	snprintf(path, sizeof path, "%s/%s", root, rel);
	snprintf(dir, sizeof dir, "%s", path);
	for (slash = dir + strlen(root) + 1; (slash = strchr(slash, '/')) !=
	    NULL; slash++) {
		*slash = '\0';
		mkdir(dir, 0700);
		*slash = '/';
	}
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
setup(void)
{
	snprintf(root, sizeof root, "/tmp/pint-cpus.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(root));
	unsetenv("SLURM_CPUS_PER_TASK");
	unsetenv("SLURM_NTASKS");
}

static void
teardown(void)
{
	char	 cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	if (system(cmd) != 0)
		return;
}

START_TEST(parse_cpu_max)
{
	ck_assert_double_eq(cpus_parse_cpu_max("max 100000\n"), 0);
	ck_assert_double_eq(cpus_parse_cpu_max("150000 100000\n"), 1.5);
	ck_assert_double_eq(cpus_parse_cpu_max("50000 100000"), 0.5);
	ck_assert_double_eq(cpus_parse_cpu_max("garbage"), 0);
	ck_assert_double_eq(cpus_parse_cpu_max("-1 100000"), 0);
	/* Not finite, or more CPUs than any set: no quota, never UB. */
	ck_assert_double_eq(cpus_parse_cpu_max("inf 100000"), 0);
	ck_assert_double_eq(cpus_parse_cpu_max("infinity"), 0);
	ck_assert_double_eq(cpus_parse_cpu_max("nan 100000"), 0);
	ck_assert_double_eq(cpus_parse_cpu_max("1e308 1"), 0);
	ck_assert_double_eq(cpus_parse_cpu_max("100000 1e-310"), 0);
}
END_TEST

START_TEST(v2_quota_up_the_hierarchy)
{
	struct cpus	 c;
	char		 fs[128], self[128];

	snprintf(fs, sizeof fs, "%s/fs", root);
	snprintf(self, sizeof self, "%s/self-cgroup", root);
	put("self-cgroup", "0::/user.slice/job/step\n");
	put("fs/cpu.max", "max 100000\n");
	put("fs/user.slice/cpu.max", "100000 100000\n");	/* 1 CPU */
	put("fs/user.slice/job/cpu.max", "300000 100000\n");
	put("fs/user.slice/job/step/cpu.max", "max 100000\n");
	cpus_detect(&c, fs, self);
	ck_assert_double_eq(c.quota, 1.0);
	ck_assert_int_eq(c.usable, 1);
	ck_assert_str_eq(c.source, "cgroup");
	cpus_free(&c);
}
END_TEST

START_TEST(v2_no_quota)
{
	struct cpus	 c;
	char		 fs[128], self[128];

	snprintf(fs, sizeof fs, "%s/fs", root);
	snprintf(self, sizeof self, "%s/self-cgroup", root);
	put("self-cgroup", "0::/\n");
	put("fs/cpu.max", "max 100000\n");
	cpus_detect(&c, fs, self);
	ck_assert_double_eq(c.quota, 0);
	ck_assert_int_eq(c.usable, c.affinity);
	ck_assert_str_eq(c.source, "affinity");
	cpus_free(&c);
}
END_TEST

START_TEST(v1_cfs_quota)
{
	struct cpus	 c;
	char		 fs[128], self[128];

	snprintf(fs, sizeof fs, "%s/fs", root);
	snprintf(self, sizeof self, "%s/self-cgroup", root);
	put("self-cgroup", "5:memory:/a\n4:cpu,cpuacct:/a\n");
	put("fs/cpu,cpuacct/a/cpu.cfs_quota_us", "50000\n");
	put("fs/cpu,cpuacct/a/cpu.cfs_period_us", "100000\n");
	cpus_detect(&c, fs, self);
	ck_assert_double_eq(c.quota, 0.5);
	ck_assert_int_eq(c.usable, 1);
	ck_assert_str_eq(c.source, "cgroup");
	cpus_free(&c);
}
END_TEST

START_TEST(slurm_least)
{
	struct cpus	 c;
	char		 fs[128], self[128], buf[256];

	snprintf(fs, sizeof fs, "%s/fs", root);
	snprintf(self, sizeof self, "%s/self-cgroup", root);
	put("self-cgroup", "0::/\n");
	put("fs/cpu.max", "100000 100000\n");
	/* Slurm cannot raise the count above the quota of 1 CPU. */
	setenv("SLURM_CPUS_PER_TASK", "6", 1);
	cpus_detect(&c, fs, self);
	ck_assert_int_eq(c.usable, 1);
	ck_assert_str_eq(c.source, "cgroup");
	ck_assert_int_eq(c.slurm, 6);
	ck_assert_int_eq(c.disagree, 1);
	cpus_describe(&c, buf, sizeof buf);
	ck_assert_ptr_nonnull(strstr(buf, "SLURM_CPUS_PER_TASK 6"));
	ck_assert_ptr_nonnull(strstr(buf, "cgroup quota 1"));
	cpus_free(&c);
	/* ... but can lower it; a tie goes to Slurm. */
	put("fs/cpu.max", "max 100000\n");
	setenv("SLURM_CPUS_PER_TASK", "1", 1);
	cpus_detect(&c, fs, self);
	ck_assert_int_eq(c.usable, 1);
	ck_assert_str_eq(c.source, "SLURM_CPUS_PER_TASK");
	cpus_free(&c);
	/* Not a count: ignored, and kept to be named in a warning. */
	setenv("SLURM_CPUS_PER_TASK", "zero", 1);
	cpus_detect(&c, fs, self);
	ck_assert_str_eq(c.source, "affinity");
	ck_assert_int_eq(c.slurm, 0);
	ck_assert_str_eq(c.slurm_bad, "zero");
	cpus_free(&c);
	setenv("SLURM_CPUS_PER_TASK", "0", 1);
	cpus_detect(&c, fs, self);
	ck_assert_str_eq(c.slurm_bad, "0");
	cpus_free(&c);
	unsetenv("SLURM_CPUS_PER_TASK");
	setenv("SLURM_NTASKS", "4", 1);
	cpus_detect(&c, fs, self);
	ck_assert_int_eq(c.slurm_ntasks, 4);
	ck_assert_str_eq(c.slurm_bad, "");
	cpus_free(&c);
	unsetenv("SLURM_NTASKS");
}
END_TEST

/*
 * A machine with 4096 CPUs, of which the process may use 0, 1500 and
 * 4095: like the kernel, it refuses a set too small for all of them.
 */
static int
fake_big(size_t size, cpu_set_t *set)
{
	if (size < CPU_ALLOC_SIZE(4096)) {
		errno = EINVAL;
		return -1;
	}
	CPU_SET_S(0, size, set);
	CPU_SET_S(1500, size, set);
	CPU_SET_S(4095, size, set);
	return 0;
}

static int
fake_broken(size_t size, cpu_set_t *set)
{
	(void)size;
	(void)set;
	errno = EINVAL;
	return -1;
}

START_TEST(more_than_1024_cpus)
{
	struct cpus	 c;
	cpu_set_t	*set;
	size_t		 size;
	int		 i;

	memset(&c, 0, sizeof c);
	cpus_affinity(&c, 4096, fake_big);
	ck_assert_int_eq(c.online, 4096);
	ck_assert_int_eq(c.affinity, 3);
	ck_assert_int_eq(c.list[0], 0);
	ck_assert_int_eq(c.list[1], 1500);
	ck_assert_int_eq(c.list[2], 4095);
	cpus_free(&c);

	/* No mask at all: every online CPU, all 5000 of them. */
	memset(&c, 0, sizeof c);
	cpus_affinity(&c, 5000, fake_broken);
	ck_assert_int_eq(c.affinity, 5000);
	for (i = 0; i < 5000; i++)
		ck_assert_int_eq(c.list[i], i);
	cpus_free(&c);

	/* --pin reaches CPUs above 1023. */
	set = cpus_set_of(4095, &size);
	ck_assert_ptr_nonnull(set);
	ck_assert(size >= CPU_ALLOC_SIZE(4096));
	ck_assert(CPU_ISSET_S(4095, size, set));
	ck_assert_int_eq(CPU_COUNT_S(size, set), 1);
	CPU_FREE(set);
}
END_TEST

Suite *
make_cpus_suite(void)
{
	Suite	*s = suite_create("cpus");
	TCase	*tc = tcase_create("rules");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, parse_cpu_max);
	tcase_add_test(tc, more_than_1024_cpus);
	tcase_add_test(tc, v2_quota_up_the_hierarchy);
	tcase_add_test(tc, v2_no_quota);
	tcase_add_test(tc, v1_cfs_quota);
	tcase_add_test(tc, slurm_least);
	suite_add_tcase(s, tc);
	return s;
}
