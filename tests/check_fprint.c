/*
 * Tests for the fingerprint: the host's fields and the sensors against
 * fake /sys and /proc trees, fields missing (null with a reason), the
 * RAPL counter's wrap and an energy_uj only root may read.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fprint.h"
#include "suites.h"
#include "testutil.h"

static char	 root[PATH_MAX];
static char	 sys[PATH_MAX + 8], proc[PATH_MAX + 8];

static void
tree_setup(void)
{
	const char	*t;

	if ((t = getenv("TMPDIR")) == NULL || *t == '\0')
		t = "/tmp";
	tu_pathf(root, sizeof root, "%s/pint-fprint-XXXXXX", t);
	ck_assert_ptr_nonnull(mkdtemp(root));
	tu_pathf(sys, sizeof sys, "%s/sys", root);
	tu_pathf(proc, sizeof proc, "%s/proc", root);
}

static int
tree_rm(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

static void
tree_teardown(void)
{
	nftw(root, tree_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* Write text to ROOT/rel, making the directories on the way. */
static void
put(const char *rel, const char *text)
{
	char	 path[PATH_MAX], *p;
	FILE	*fp;

	tu_pathf(path, sizeof path, "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0755) != 0)
			ck_assert_int_eq(errno, EEXIST);
		*p = '/';
	}
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static const struct fp_roots *
roots(void)
{
	static struct fp_roots	 r;

	r.sys = sys;
	r.proc = proc;
	return &r;
}

START_TEST(cpulist)
{
	ck_assert(fp_cpulist_has("0-3,8", 0));
	ck_assert(fp_cpulist_has("0-3,8", 3));
	ck_assert(!fp_cpulist_has("0-3,8", 4));
	ck_assert(fp_cpulist_has("0-3,8", 8));
	ck_assert(fp_cpulist_has("1", 1));
	ck_assert(!fp_cpulist_has("", 0));
	ck_assert(!fp_cpulist_has("(null)", 0));
	ck_assert(fp_cpulist_has("0,4\n", 4));
}
END_TEST

START_TEST(energy_wrap)
{
	ck_assert_uint_eq(fp_energy_delta(150, 100, 1000), 50);
	/* 900 -> 1000 (the range) is 100, then 0 -> 50: 150. */
	ck_assert_uint_eq(fp_energy_delta(50, 900, 1000), 150);
	/* No range known: what is there since 0. */
	ck_assert_uint_eq(fp_energy_delta(50, 900, 0), 50);
}
END_TEST

/* A host with cpufreq, intel_pstate, SMT, an isolated CPU. */
START_TEST(host_full)
{
	static const int	 cpus[] = { 0, 1, 2 };
	struct fp_host		 h;

	put("sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
	    "powersave\n");
	put("sys/devices/system/cpu/cpu1/cpufreq/scaling_governor",
	    "performance\n");
	put("sys/devices/system/cpu/cpu2/cpufreq/scaling_governor",
	    "powersave\n");
	put("sys/devices/system/cpu/cpu0/cpufreq/scaling_driver",
	    "intel_pstate\n");
	put("sys/devices/system/cpu/cpu1/cpufreq/scaling_driver",
	    "intel_pstate\n");
	put("sys/devices/system/cpu/cpu2/cpufreq/scaling_driver",
	    "intel_pstate\n");
	put("sys/devices/system/cpu/intel_pstate/no_turbo", "0\n");
	put("sys/devices/system/cpu/smt/active", "1\n");
	put("sys/devices/system/cpu/cpu0/topology/thread_siblings_list",
	    "0,2\n");
	put("sys/devices/system/cpu/cpu1/topology/thread_siblings_list",
	    "1,3\n");
	put("sys/devices/system/cpu/cpu2/topology/thread_siblings_list",
	    "0,2\n");
	put("sys/devices/system/cpu/isolated", "3\n");
	put("sys/devices/system/cpu/nohz_full", "(null)\n");
	put("sys/kernel/mm/transparent_hugepage/enabled",
	    "always [madvise] never\n");
	put("proc/sys/kernel/randomize_va_space", "0\n");
	put("proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu vme hypervisor "
	    "lahf_lm\n\n");

	fp_host_read(&h, roots(), cpus, 3, 1.5);
	ck_assert_str_eq(h.f[FPH_GOVERNOR].str, "powersave on 2, "
	    "performance on 1");
	ck_assert_str_eq(h.f[FPH_DRIVER].str, "intel_pstate");
	ck_assert(h.f[FPH_TURBO].known && h.f[FPH_TURBO].num == 1);
	ck_assert(h.f[FPH_SMT_ACTIVE].known && h.f[FPH_SMT_ACTIVE].num == 1);
	ck_assert(h.f[FPH_SMT_SIBLINGS].known);
	ck_assert_int_eq((int)h.f[FPH_SMT_SIBLINGS].num, 2);
	ck_assert_str_eq(h.f[FPH_ISOLCPUS].str, "3");
	ck_assert(h.f[FPH_NOHZ_FULL].known);
	ck_assert_str_eq(h.f[FPH_NOHZ_FULL].str, "");
	ck_assert_str_eq(h.f[FPH_THP].str, "madvise");
	ck_assert(h.f[FPH_ASLR].known && h.f[FPH_ASLR].num == 0);
	ck_assert(h.f[FPH_CGROUP_QUOTA].known &&
	    h.f[FPH_CGROUP_QUOTA].num == 1.5);
	ck_assert(h.f[FPH_HYPERVISOR].known && h.f[FPH_HYPERVISOR].num == 1);
}
END_TEST

/* Nothing there: every field unknown, each with its reason. */
START_TEST(host_empty)
{
	static const int	 cpus[] = { 0 };
	struct fp_host		 h;
	struct fp_cond		 c;
	int			 i;

	put("proc/.keep", "");
	fp_host_read(&h, roots(), cpus, 1, 0);
	for (i = 0; i < FPH_N; i++) {
		ck_assert_msg(!h.f[i].known, "%s known", h.f[i].key);
		ck_assert_msg(h.f[i].why[0] != '\0', "%s: no reason",
		    h.f[i].key);
	}
	ck_assert_ptr_nonnull(strstr(h.f[FPH_GOVERNOR].why,
	    "cpu0/cpufreq/scaling_governor: No such file"));
	ck_assert_ptr_nonnull(strstr(h.f[FPH_TURBO].why, "no_turbo"));

	fp_cond_begin(&c, roots(), cpus, 1);
	for (i = 0; i < FPC_N; i++)
		ck_assert_msg(!c.f[i].known && c.f[i].why[0] != '\0',
		    "%s known or no reason", c.f[i].key);
	ck_assert_ptr_nonnull(strstr(c.f[FPC_LOADAVG].why, "loadavg"));
	fp_cond_free(&c);
}
END_TEST

START_TEST(cond_begin)
{
	static const int	 cpus[] = { 0, 1 };
	struct fp_cond		 c;

	put("proc/loadavg", "1.25 0.50 0.10 4/321 9999\n");
	put("proc/meminfo", "MemTotal:       1000 kB\nMemFree:         500 "
	    "kB\nMemAvailable:     750 kB\n");
	put("sys/devices/system/cpu/cpu0/thermal_throttle/core_throttle_count",
	    "3\n");
	put("sys/devices/system/cpu/cpu1/thermal_throttle/core_throttle_count",
	    "4\n");
	put("sys/devices/system/cpu/cpu0/thermal_throttle/"
	    "package_throttle_count", "10\n");
	fp_cond_begin(&c, roots(), cpus, 2);
	ck_assert(c.f[FPC_LOADAVG].known && c.f[FPC_LOADAVG].num == 1.25);
	/* 4 runnable, less the reader. */
	ck_assert(c.f[FPC_RUNNABLE].known && c.f[FPC_RUNNABLE].num == 3);
	ck_assert(c.f[FPC_MEM_AVAILABLE].known &&
	    c.f[FPC_MEM_AVAILABLE].num == 750);
	ck_assert(c.have_throttle0);
	ck_assert_uint_eq(c.throttle0, 17);
	/* Throttled during the run: 2 more on CPU 1. */
	put("sys/devices/system/cpu/cpu1/thermal_throttle/core_throttle_count",
	    "6\n");
	fp_cond_throttle(&c, roots(), cpus, 2);
	ck_assert(c.f[FPC_THROTTLE].known && c.f[FPC_THROTTLE].num == 2);
	fp_cond_free(&c);
}
END_TEST

/*
 * Values there but wrong: each unknown with a reason that says so, not
 * that the file or line is missing; no overflow into a field.
 */
START_TEST(bad_values)
{
	static const int	 cpus[] = { 0 };
	struct fp_cond		 c;
	struct fp_host		 h;

	put("proc/loadavg", "nan inf 1 99999999999999999999/3 1\n");
	put("proc/meminfo", "MemTotal: 10 kB\nMemAvailable:     -5 kB\n");
	put("sys/devices/system/cpu/intel_pstate/no_turbo", "yes\n");
	fp_cond_begin(&c, roots(), cpus, 1);
	ck_assert(!c.f[FPC_LOADAVG].known);
	ck_assert_ptr_nonnull(strstr(c.f[FPC_LOADAVG].why, "no load average"));
	ck_assert(!c.f[FPC_RUNNABLE].known);
	ck_assert_ptr_nonnull(strstr(c.f[FPC_RUNNABLE].why, "out of range"));
	ck_assert(!c.f[FPC_MEM_AVAILABLE].known);
	ck_assert_ptr_nonnull(strstr(c.f[FPC_MEM_AVAILABLE].why,
	    "MemAvailable holds no count of kB: \"MemAvailable:     -5 kB\""));
	fp_cond_free(&c);
	put("proc/loadavg", "1e308 1 1 2/3 1\n");
	fp_cond_begin(&c, roots(), cpus, 1);
	ck_assert(!c.f[FPC_LOADAVG].known);
	ck_assert(c.f[FPC_RUNNABLE].known && c.f[FPC_RUNNABLE].num == 1);
	fp_cond_free(&c);
	fp_host_read(&h, roots(), cpus, 1, 0);
	ck_assert(!h.f[FPH_TURBO].known);
	ck_assert_ptr_nonnull(strstr(h.f[FPH_TURBO].why,
	    "no_turbo: \"yes\" is not 0 or 1"));
	ck_assert_ptr_null(strstr(h.f[FPH_CGROUP_QUOTA].why, "cpu.max is max"));
}
END_TEST

/* Frequency, temperature and energy across samples, with a wrap. */
START_TEST(sensors)
{
	struct fp_sensors	*s;
	struct fp_cond		 c;

	put("sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq",
	    "3000000\n");
	put("sys/devices/system/cpu/cpu1/cpufreq/scaling_cur_freq",
	    "2000000\n");
	put("sys/class/thermal/thermal_zone0/temp", "45000\n");
	put("sys/class/thermal/thermal_zone1/temp", "-5000\n");
	put("sys/class/powercap/intel-rapl:0/name", "package-0\n");
	put("sys/class/powercap/intel-rapl:0/energy_uj", "999000000\n");
	put("sys/class/powercap/intel-rapl:0/max_energy_range_uj",
	    "1000000000\n");
	put("sys/class/powercap/intel-rapl:0:0/name", "core\n");
	put("sys/class/powercap/intel-rapl:0:0/energy_uj", "5000000\n");
	put("sys/class/powercap/intel-rapl-mmio:0/name", "package-0\n");
	put("sys/class/powercap/intel-rapl-mmio:0/energy_uj", "1\n");

	memset(&c, 0, sizeof c);
	s = fp_sensors_create(roots(), 4, 0);
	fp_sensors_begin(s);
	fp_sensors_cpu(s, 0);
	fp_sensors_cpu(s, 1);
	/* The package counter wraps: 1 J to the range, then 2 J. */
	put("sys/class/powercap/intel-rapl:0/energy_uj", "2000000\n");
	put("sys/class/powercap/intel-rapl:0:0/energy_uj", "6500000\n");
	put("sys/class/thermal/thermal_zone0/temp", "71500\n");
	put("sys/devices/system/cpu/cpu0/cpufreq/scaling_cur_freq",
	    "3200000\n");
	fp_sensors_sample(s);
	fp_sensors_cpu(s, 0);
	fp_sensors_cpu(s, 7);	/* beyond maxcpu: passed over */
	fp_sensors_result(s, &c);
	fp_sensors_free(s);

	ck_assert_int_eq(c.nfreq, 2);
	ck_assert_int_eq(c.freq[0].cpu, 0);
	ck_assert_uint_eq(c.freq[0].samples, 2);
	ck_assert(c.freq[0].min_mhz == 3000 && c.freq[0].max_mhz == 3200);
	ck_assert(c.freq[0].mean_mhz == 3100);
	ck_assert(c.freq[1].mean_mhz == 2000);
	ck_assert(c.f[FPC_FREQ_SPREAD].known);
	ck_assert(fabs(c.f[FPC_FREQ_SPREAD].num - 1.55) < 1e-12);
	ck_assert(c.f[FPC_THERMAL_MIN].known &&
	    c.f[FPC_THERMAL_MIN].num == -5);
	ck_assert(c.f[FPC_THERMAL_MAX].known &&
	    c.f[FPC_THERMAL_MAX].num == 71.5);
	ck_assert(c.energy.known);
	ck_assert_int_eq(c.energy.ndom, 2);	/* not the MMIO copy */
	ck_assert_str_eq(c.energy.dom[0].zone, "intel-rapl:0");
	ck_assert_str_eq(c.energy.dom[1].name, "core");
	ck_assert(fabs(c.energy.dom[0].joules - 3) < 1e-9);
	ck_assert(fabs(c.energy.dom[1].joules - 1.5) < 1e-9);
	/* The total is the package's: the core is inside it. */
	ck_assert(fabs(c.energy.joules - 3) < 1e-9);
	fp_cond_free(&c);
}
END_TEST

/*
 * c: the sensors of CPUs 0 to maxcpu - 1 (probe: the one probed) over
 * one sample, with cpu's frequency (none when -1).
 */
static void
sense(struct fp_cond *c, int maxcpu, int probe, int cpu)
{
	struct fp_sensors	*s;

	memset(c, 0, sizeof *c);
	s = fp_sensors_create(roots(), maxcpu, probe);
	fp_sensors_begin(s);
	if (cpu >= 0)
		fp_sensors_cpu(s, cpu);
	fp_sensors_sample(s);
	fp_sensors_result(s, c);
	fp_sensors_free(s);
}

/* No cpufreq, no thermal zone, no powercap: the reasons say so. */
START_TEST(sensors_absent)
{
	struct fp_cond		 c;

	put("sys/.keep", "");
	sense(&c, 2, 0, 0);
	ck_assert_int_eq(c.nfreq, 0);
	ck_assert_ptr_nonnull(strstr(c.freq_why, "cpu0/cpufreq/scaling_cur_freq"));
	ck_assert(!c.f[FPC_FREQ_SPREAD].known);
	ck_assert(!c.f[FPC_THERMAL_MAX].known);
	ck_assert_ptr_nonnull(strstr(c.f[FPC_THERMAL_MAX].why,
	    "class/thermal"));
	ck_assert(!c.energy.known);
	ck_assert_ptr_nonnull(strstr(c.energy.why, "class/powercap"));
	/* Only cpu1 usable: its file is the one probed, and followed. */
	put("sys/devices/system/cpu/cpu1/cpufreq/scaling_cur_freq", "2000000\n");
	fp_cond_free(&c);
	sense(&c, 2, 1, 1);
	ck_assert_int_eq(c.nfreq, 1);
	ck_assert_int_eq(c.freq[0].cpu, 1);
	fp_cond_free(&c);
}
END_TEST

/* A temperature no CPU has: not taken as a reading. */
START_TEST(thermal_impossible)
{
	struct fp_cond		 c;

	put("sys/class/thermal/thermal_zone0/temp", "-273150\n");
	sense(&c, 1, 0, -1);
	ck_assert(!c.f[FPC_THERMAL_MIN].known);
	ck_assert_ptr_nonnull(strstr(c.f[FPC_THERMAL_MIN].why,
	    "-100 to 250 C"));
	fp_cond_free(&c);
}
END_TEST

/*
 * energy_uj readable by root alone (Linux 5.10 and later): as a user
 * other than root, the reason says so. Run as root, the check drops to
 * nobody in a child first (root reads a file of mode 0400 regardless).
 */
START_TEST(energy_denied)
{
	char		 path[PATH_MAX];
	pid_t		 pid;
	int		 status;

	put("sys/class/powercap/intel-rapl:0/name", "package-0\n");
	put("sys/class/powercap/intel-rapl:0/energy_uj", "12345\n");
	tu_pathf(path, sizeof path, "%s/sys/class/powercap/intel-rapl:0/"
	    "energy_uj", root);
	ck_assert_int_eq(chmod(path, 0), 0);
	ck_assert_int_eq(chmod(root, 0755), 0);
	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0) {
		struct fp_sensors	*s;
		struct fp_cond		 c;

		if (geteuid() == 0 && (setgid(65534) != 0 ||
		    setuid(65534) != 0))
			_exit(3);
		memset(&c, 0, sizeof c);
		s = fp_sensors_create(roots(), 1, 0);
		fp_sensors_begin(s);
		fp_sensors_result(s, &c);
		fp_sensors_free(s);
		if (c.energy.known)
			_exit(1);
		if (strstr(c.energy.why, "readable by root only since Linux "
		    "5.10") == NULL || strstr(c.energy.why, "intel-rapl:0/"
		    "energy_uj") == NULL)
			_exit(2);
		_exit(0);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) != 3,
	    "cannot become nobody to test a denied read");
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "child said %d", WEXITSTATUS(status));
}
END_TEST

Suite *
make_fprint_suite(void)
{
	Suite	*s = suite_create("fprint");
	TCase	*tc;

	tc = tcase_create("parse");
	tcase_add_test(tc, cpulist);
	tcase_add_test(tc, energy_wrap);
	suite_add_tcase(s, tc);

	tc = tcase_create("tree");
	tcase_add_checked_fixture(tc, tree_setup, tree_teardown);
	tcase_add_test(tc, host_full);
	tcase_add_test(tc, host_empty);
	tcase_add_test(tc, cond_begin);
	tcase_add_test(tc, bad_values);
	tcase_add_test(tc, sensors);
	tcase_add_test(tc, sensors_absent);
	tcase_add_test(tc, thermal_impossible);
	tcase_add_test(tc, energy_denied);
	suite_add_tcase(s, tc);
	return s;
}
