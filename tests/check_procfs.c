/*
 * Tests for procfs, against fixture files under tests/fixtures/proc
 * (found through PINT_TEST_FIXTURES) and the real /proc.
 */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "sampler.h"
#include "suites.h"
#include "testutil.h"

#define MAXCPU	128

static char	 statbuf[1 << 16];
static char	 pidbuf[PROCFS_PIDSTAT_BUFSZ];

static void
stat_init(struct procfs_stat *st, struct procfs_cpu *cpu, int maxcpu)
{
	memset(st, 0, sizeof *st);
	st->cpu = cpu;
	st->maxcpu = maxcpu;
}

static int
parse_stat_str(const char *s, struct procfs_stat *st)
{
	return procfs_parse_stat(s, strlen(s), st);
}

static int
parse_pid_str(const char *s, struct procfs_pidstat *ps)
{
	return procfs_parse_pidstat(s, strlen(s), ps);
}

START_TEST(stat_full)
{
	struct procfs_cpu	 cpu[MAXCPU];
	struct procfs_stat	 st;

	stat_init(&st, cpu, MAXCPU);
	ck_assert_int_eq(procfs_read_stat(tu_fixture("full"), statbuf,
	    sizeof statbuf, &st), 0);
	ck_assert_int_eq(st.ncpu, 2);
	ck_assert_int_eq(st.nonline, 2);
	ck_assert_int_eq(st.all.online, 1);
	ck_assert_uint_eq(st.all.user, 2735);
	ck_assert_uint_eq(st.all.nice, 10);
	ck_assert_uint_eq(st.all.system, 3016);
	ck_assert_uint_eq(st.all.idle, 121119);
	ck_assert_uint_eq(st.all.iowait, 885);
	ck_assert_uint_eq(st.all.irq, 1);
	ck_assert_uint_eq(st.all.softirq, 71);
	ck_assert_uint_eq(st.all.steal, 760);
	ck_assert_uint_eq(st.all.guest, 5);
	ck_assert_uint_eq(st.all.guest_nice, 6);
	/*
	 * Guest time is already in user and nice: not counted twice.
	 * Steal is not busy: no process here ran.
	 */
	ck_assert_uint_eq(procfs_cpu_busy(&st.all),
	    2735 + 10 + 3016 + 1 + 71);
	ck_assert_uint_eq(procfs_cpu_idle(&st.all), 121119 + 885 + 760);
	ck_assert_uint_eq(st.cpu[1].user, 1746);
	ck_assert_uint_eq(st.cpu[1].guest_nice, 3);
	ck_assert_int_eq(st.cpu[2].online, 0);
}
END_TEST

START_TEST(stat_old_fields)
{
	struct procfs_cpu	 cpu[MAXCPU];
	struct procfs_stat	 st;

	/* Before steal and guest time existed (2.6.11). */
	stat_init(&st, cpu, MAXCPU);
	ck_assert_int_eq(procfs_read_stat(tu_fixture("old"), statbuf,
	    sizeof statbuf, &st), 0);
	ck_assert_int_eq(st.nonline, 2);
	ck_assert_uint_eq(st.all.softirq, 7);
	ck_assert_uint_eq(st.all.steal, 0);
	ck_assert_uint_eq(st.all.guest, 0);
	ck_assert_uint_eq(st.cpu[0].irq, 3);

	/* Before iowait (2.5.41): four counters, the rest 0. */
	ck_assert_int_eq(parse_stat_str("cpu  1 2 3 4\ncpu0 1 2 3 4\n", &st),
	    0);
	ck_assert_uint_eq(st.all.idle, 4);
	ck_assert_uint_eq(st.all.iowait, 0);
	ck_assert_uint_eq(procfs_cpu_busy(&st.cpu[0]), 6);

	/* No final newline. */
	ck_assert_int_eq(parse_stat_str("cpu  1 2 3 4 5", &st), 0);
	ck_assert_uint_eq(st.all.iowait, 5);
	ck_assert_int_eq(st.nonline, 0);
}
END_TEST

START_TEST(stat_many)
{
	struct procfs_cpu	 cpu[MAXCPU];
	struct procfs_stat	 st;
	uint64_t		 busy = 0, idle = 0;
	int			 i;

	stat_init(&st, cpu, MAXCPU);
	ck_assert_int_eq(procfs_read_stat(tu_fixture("many"), statbuf,
	    sizeof statbuf, &st), 0);
	/* cpu5 is offline: its line is missing, the numbering is not. */
	ck_assert_int_eq(st.ncpu, 64);
	ck_assert_int_eq(st.nonline, 63);
	ck_assert_int_eq(st.cpu[5].online, 0);
	ck_assert_int_eq(st.cpu[63].online, 1);
	ck_assert_uint_eq(st.cpu[63].user, 631);
	for (i = 0; i < st.ncpu; i++) {
		busy += procfs_cpu_busy(&st.cpu[i]);
		idle += procfs_cpu_idle(&st.cpu[i]);
	}
	ck_assert_uint_eq(busy, procfs_cpu_busy(&st.all));
	ck_assert_uint_eq(idle, procfs_cpu_idle(&st.all));

	/* Lines past the caller's array are counted, not stored. */
	stat_init(&st, cpu, 4);
	ck_assert_int_eq(procfs_read_stat(tu_fixture("many"), statbuf,
	    sizeof statbuf, &st), 0);
	ck_assert_int_eq(st.ncpu, 64);
	ck_assert_int_eq(st.nonline, 63);
	ck_assert_uint_eq(st.cpu[3].user, 31);
}
END_TEST

START_TEST(stat_errors)
{
	struct procfs_cpu	 cpu[MAXCPU];
	struct procfs_stat	 st;

	stat_init(&st, cpu, MAXCPU);
	ck_assert_int_eq(parse_stat_str("", &st), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(parse_stat_str("cpu0 1 2 3 4\nintr 1\n", &st), -1);
	ck_assert_int_eq(parse_stat_str("cpu  1 2 3\n", &st), -1);
	ck_assert_int_eq(parse_stat_str("cpu  1 2 x 4\n", &st), -1);
	ck_assert_int_eq(parse_stat_str("cpu  1 2 -3 4\n", &st), -1);
	ck_assert_int_eq(parse_stat_str("cpu  1 2 3 4\ncpu0x 1 2 3 4\n", &st),
	    -1);
	ck_assert_int_eq(parse_stat_str("cpu  1 2 3 4\ncpu99999999 1 2 3 4\n",
	    &st), -1);
	/* 2^64 does not fit; 2^64 - 1 does. */
	ck_assert_int_eq(parse_stat_str("cpu  18446744073709551616 0 0 0\n",
	    &st), -1);
	ck_assert_int_eq(parse_stat_str("cpu  18446744073709551615 0 0 0\n",
	    &st), 0);
	ck_assert_uint_eq(st.all.user, UINT64_MAX);
}
END_TEST

START_TEST(stat_buffers)
{
	struct procfs_cpu	 cpu[MAXCPU];
	struct procfs_stat	 st;
	char			 small[200];

	stat_init(&st, cpu, MAXCPU);
	/* Room for the cpu lines but not the rest: enough. */
	ck_assert_int_eq(procfs_read_stat(tu_fixture("full"), small,
	    sizeof small, &st), 0);
	ck_assert_int_eq(st.nonline, 2);
	ck_assert_uint_eq(st.cpu[1].guest_nice, 3);
	/* Cut inside the cpu lines: an error, not fewer CPUs. */
	ck_assert_int_eq(procfs_read_stat(tu_fixture("full"), small, 60, &st),
	    -1);
	ck_assert_int_eq(errno, ENOBUFS);
	ck_assert_int_eq(procfs_read_stat(tu_fixture("many"), small,
	    sizeof small, &st), -1);
	ck_assert_int_eq(errno, ENOBUFS);
	ck_assert_uint_ge(procfs_stat_bufsz(64), 64 * 100);
	ck_assert_int_eq(procfs_read_stat(tu_fixture("many"), statbuf,
	    procfs_stat_bufsz(64), &st), 0);

	ck_assert_int_eq(procfs_read_stat(tu_fixture("no-such-root"), statbuf,
	    sizeof statbuf, &st), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(pidstat_fields)
{
	struct procfs_pidstat	 ps;

	ck_assert_int_eq(procfs_read_pidstat(tu_fixture("pid"), 101, pidbuf,
	    sizeof pidbuf, &ps), 0);
	ck_assert_int_eq(ps.pid, 101);
	ck_assert_str_eq(ps.comm, "a b");
	ck_assert_int_eq(ps.state, 'S');
	ck_assert_uint_eq(ps.minflt, 1234);
	ck_assert_uint_eq(ps.majflt, 5);
	ck_assert_uint_eq(ps.utime, 250);
	ck_assert_uint_eq(ps.stime, 40);
	ck_assert_int_eq(ps.num_threads, 3);
	ck_assert_uint_eq(ps.rss, 2048);
	ck_assert_int_eq(ps.processor, 1);
}
END_TEST

START_TEST(pidstat_names)
{
	struct procfs_pidstat	 ps;
	const char		*root = tu_fixture("pid");

	ck_assert_int_eq(procfs_read_pidstat(root, 102, pidbuf, sizeof pidbuf,
	    &ps), 0);
	ck_assert_str_eq(ps.comm, "x) y");
	ck_assert_int_eq(ps.state, 'R');
	ck_assert_uint_eq(ps.rss, 379);

	ck_assert_int_eq(procfs_read_pidstat(root, 103, pidbuf, sizeof pidbuf,
	    &ps), 0);
	ck_assert_str_eq(ps.comm, "(())");
	ck_assert_uint_eq(ps.minflt, 98);

	ck_assert_int_eq(procfs_read_pidstat(root, 104, pidbuf, sizeof pidbuf,
	    &ps), 0);
	ck_assert_str_eq(ps.comm, "");
	ck_assert_uint_eq(ps.majflt, 3);

	ck_assert_int_eq(procfs_read_pidstat(root, 106, pidbuf, sizeof pidbuf,
	    &ps), 0);
	ck_assert_str_eq(ps.comm, "abcdefghijklmnop");
	ck_assert_int_eq(ps.state, 'Z');
	ck_assert_uint_eq(ps.utime + ps.stime, 10);

	/* Longer than kept: cut, the fields still found. */
	ck_assert_int_eq(procfs_read_pidstat(root, 107, pidbuf, sizeof pidbuf,
	    &ps), 0);
	ck_assert_uint_eq(strlen(ps.comm), PROCFS_COMM_MAX);
	ck_assert(strncmp(ps.comm, "kworker/u8:3-events", 19) == 0);
	ck_assert_int_eq(ps.state, 'I');
	ck_assert_int_eq(ps.processor, 1);

	/* A name with a newline: /proc/PID/stat prints it raw. */
	ck_assert_int_eq(parse_pid_str("7 (a\nb) S 1 1 1 0 -1 0 1 0 2 0 3 4 "
	    "0 0 20 0 1 0 5 6 7\n", &ps), 0);
	ck_assert_str_eq(ps.comm, "a\nb");
	ck_assert_uint_eq(ps.utime, 3);
	ck_assert_uint_eq(ps.rss, 7);
}
END_TEST

START_TEST(pidstat_errors)
{
	struct procfs_pidstat	 ps;
	const char		*root = tu_fixture("pid");

	/* Cut after field 13: no utime. */
	ck_assert_int_eq(procfs_read_pidstat(root, 105, pidbuf, sizeof pidbuf,
	    &ps), -1);
	ck_assert_int_eq(errno, EINVAL);
	/* Ends at rss: enough; the processor is not said. */
	ck_assert_int_eq(procfs_read_pidstat(root, 108, pidbuf, sizeof pidbuf,
	    &ps), 0);
	ck_assert_uint_eq(ps.rss, 379);
	ck_assert_int_eq(ps.processor, -1);

	ck_assert_int_eq(procfs_read_pidstat(root, 99999, pidbuf,
	    sizeof pidbuf, &ps), -1);
	ck_assert_int_eq(errno, ENOENT);
	ck_assert_int_eq(procfs_read_pidstat(root, 101, pidbuf, 64, &ps), -1);
	ck_assert_int_eq(errno, ENOBUFS);

	ck_assert_int_eq(parse_pid_str("", &ps), -1);
	ck_assert_int_eq(parse_pid_str("12", &ps), -1);
	ck_assert_int_eq(parse_pid_str("12 (abc", &ps), -1);
	ck_assert_int_eq(parse_pid_str("12 (abc)", &ps), -1);
	ck_assert_int_eq(parse_pid_str("12 abc) R", &ps), -1);
	ck_assert_int_eq(parse_pid_str("x (a) R", &ps), -1);
	/* Two-letter state, a negative utime, an oversized rss. */
	ck_assert_int_eq(parse_pid_str("1 (a) RS 1 1 1 0 -1 0 1 0 2 0 3 4 "
	    "0 0 20 0 1 0 5 6 7\n", &ps), -1);
	ck_assert_int_eq(parse_pid_str("1 (a) R 1 1 1 0 -1 0 1 0 2 0 -3 4 "
	    "0 0 20 0 1 0 5 6 7\n", &ps), -1);
	ck_assert_int_eq(parse_pid_str("1 (a) R 1 1 1 0 -1 0 1 0 2 0 3 4 "
	    "0 0 20 0 1 0 5 6 123456789012345678901\n", &ps), -1);
	/* Two spaces make an empty field. */
	ck_assert_int_eq(parse_pid_str("1 (a) R  1 1 1 0 -1 0 1 0 2 0 3 4 "
	    "0 0 20 0 1 0 5 6 7\n", &ps), -1);
}
END_TEST

START_TEST(pidstat_self)
{
	struct procfs_pidstat	 ps;

	ck_assert_int_eq(procfs_read_pidstat("/proc", getpid(), pidbuf,
	    sizeof pidbuf, &ps), 0);
	ck_assert_int_eq(ps.pid, getpid());
	ck_assert_int_eq(ps.state, 'R');
	ck_assert_int_ge(ps.num_threads, 1);
	ck_assert_uint_gt(ps.rss, 0);
	ck_assert_int_ge(ps.processor, 0);

	ck_assert_int_eq(procfs_read_pidstat("/proc", 0, pidbuf,
	    sizeof pidbuf, &ps), 0);
	ck_assert_int_eq(ps.pid, getpid());
}
END_TEST

START_TEST(saturating)
{
	struct procfs_cpu	 then, now;
	uint64_t		 busy, idle;

	ck_assert_uint_eq(procfs_sub(5, 3), 2);
	ck_assert_uint_eq(procfs_sub(3, 5), 0);
	ck_assert_uint_eq(procfs_sub(UINT64_MAX, 0), UINT64_MAX);
	ck_assert_uint_eq(procfs_sub(0, UINT64_MAX), 0);

	/* A counter that went backwards adds nothing, the others count. */
	memset(&then, 0, sizeof then);
	memset(&now, 0, sizeof now);
	then.user = 100;
	now.user = 40;
	then.system = 10;
	now.system = 30;
	then.idle = 1000;
	now.idle = 1500;
	then.iowait = 7;
	now.iowait = 2;
	then.steal = 10;
	now.steal = 60;
	procfs_cpu_delta(&now, &then, &busy, &idle);
	ck_assert_uint_eq(busy, 20);
	ck_assert_uint_eq(idle, 550);
}
END_TEST

/* Load and steal over the usable CPUs, not the machine's. */
START_TEST(cpus_delta)
{
	struct procfs_cpu	 c0[MAXCPU], c1[MAXCPU];
	struct procfs_stat	 then, now;
	struct procfs_delta	 d;
	const int		 one[] = { 1 }, far[] = { MAXCPU + 1 };

	stat_init(&then, c0, MAXCPU);
	stat_init(&now, c1, MAXCPU);
	/* cpu0 all steal, cpu1 all idle. */
	ck_assert_int_eq(parse_stat_str("cpu  0 0 0 100 0 0 0 0\n"
	    "cpu0 0 0 0 0 0 0 0 0\ncpu1 0 0 0 100 0 0 0 0\n", &then), 0);
	ck_assert_int_eq(parse_stat_str("cpu  0 0 0 200 0 0 0 100\n"
	    "cpu0 0 0 0 0 0 0 0 100\ncpu1 0 0 0 200 0 0 0 0\n", &now), 0);
	ck_assert_int_eq(procfs_cpus_delta(&now, &then, one, 1, &d), 1);
	ck_assert_uint_eq(d.busy, 0);
	ck_assert_uint_eq(d.idle, 100);
	ck_assert_uint_eq(d.steal, 0);
	/* No list, or a CPU with no line: the machine's. */
	ck_assert_int_eq(procfs_cpus_delta(&now, &then, NULL, 0, &d), 2);
	ck_assert_uint_eq(d.steal, 100);
	ck_assert_uint_eq(d.busy + d.idle, 200);
	ck_assert_int_eq(procfs_cpus_delta(&now, &then, far, 1, &d), 2);
	ck_assert_uint_eq(d.steal, 100);
}
END_TEST

START_TEST(units)
{
	struct procfs_units	 u;

	procfs_units(&u);
	ck_assert_int_gt(u.clk_tck, 0);
	ck_assert_int_ge(u.page_size, 1024);
	ck_assert_double_eq(procfs_ticks_s(&u, (uint64_t)u.clk_tck * 3), 3);
	ck_assert_uint_eq(procfs_pages_kib(&u, 10),
	    10 * (uint64_t)u.page_size / 1024);
}
END_TEST

Suite *
make_procfs_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("procfs");

	tc = tcase_create("stat");
	tcase_add_test(tc, stat_full);
	tcase_add_test(tc, stat_old_fields);
	tcase_add_test(tc, stat_many);
	tcase_add_test(tc, stat_errors);
	tcase_add_test(tc, stat_buffers);
	suite_add_tcase(s, tc);

	tc = tcase_create("pidstat");
	tcase_add_test(tc, pidstat_fields);
	tcase_add_test(tc, pidstat_names);
	tcase_add_test(tc, pidstat_errors);
	tcase_add_test(tc, pidstat_self);
	suite_add_tcase(s, tc);

	tc = tcase_create("counters");
	tcase_add_test(tc, saturating);
	tcase_add_test(tc, cpus_delta);
	tcase_add_test(tc, units);
	suite_add_tcase(s, tc);

	return s;
}
