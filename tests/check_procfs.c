/*
 * Tests for procfs (fixture files under tests/fixtures/proc, found
 * through PINT_TEST_FIXTURES) and for the sampler, against fixture roots
 * whose files change between readings and against the real /proc.
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

#define MAXCPU	128

static char	 statbuf[1 << 16];
static char	 pidbuf[PROCFS_PIDSTAT_BUFSZ];

/* snprintf for paths, which must not be cut. */
static void
pathf(char *dst, size_t size, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(dst, size, fmt, ap);
	va_end(ap);
	ck_assert_msg(n >= 0 && (size_t)n < size, "path too long: %s", dst);
}

/* tests/fixtures/proc/NAME, as the harness or the source tree has it. */
static const char *
fixture(const char *name)
{
	static char	 path[PATH_MAX];
	const char	*dir;

	if ((dir = getenv("PINT_TEST_FIXTURES")) == NULL || *dir == '\0')
		dir = "tests/fixtures";
	pathf(path, sizeof path, "%s/proc/%s", dir, name);
	return path;
}

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
	ck_assert_int_eq(procfs_read_stat(fixture("full"), statbuf,
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
	/* Guest time is already in user and nice: not counted twice. */
	ck_assert_uint_eq(procfs_cpu_busy(&st.all),
	    2735 + 10 + 3016 + 1 + 71 + 760);
	ck_assert_uint_eq(procfs_cpu_idle(&st.all), 121119 + 885);
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
	ck_assert_int_eq(procfs_read_stat(fixture("old"), statbuf,
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
	ck_assert_int_eq(procfs_read_stat(fixture("many"), statbuf,
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
	ck_assert_int_eq(procfs_read_stat(fixture("many"), statbuf,
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
	ck_assert_int_eq(procfs_read_stat(fixture("full"), small,
	    sizeof small, &st), 0);
	ck_assert_int_eq(st.nonline, 2);
	ck_assert_uint_eq(st.cpu[1].guest_nice, 3);
	/* Cut inside the cpu lines: an error, not fewer CPUs. */
	ck_assert_int_eq(procfs_read_stat(fixture("full"), small, 60, &st),
	    -1);
	ck_assert_int_eq(errno, ENOBUFS);
	ck_assert_int_eq(procfs_read_stat(fixture("many"), small,
	    sizeof small, &st), -1);
	ck_assert_int_eq(errno, ENOBUFS);
	ck_assert_uint_ge(procfs_stat_bufsz(64), 64 * 100);
	ck_assert_int_eq(procfs_read_stat(fixture("many"), statbuf,
	    procfs_stat_bufsz(64), &st), 0);

	ck_assert_int_eq(procfs_read_stat(fixture("no-such-root"), statbuf,
	    sizeof statbuf, &st), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

START_TEST(pidstat_fields)
{
	struct procfs_pidstat	 ps;

	ck_assert_int_eq(procfs_read_pidstat(fixture("pid"), 101, pidbuf,
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
	const char		*root = fixture("pid");

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
	const char		*root = fixture("pid");

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
	procfs_cpu_delta(&now, &then, &busy, &idle);
	ck_assert_uint_eq(busy, 20);
	ck_assert_uint_eq(idle, 500);
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

/* Sampler tests: helpers. */

static char	 tmpdir[PATH_MAX];

static void
tmp_setup(void)
{
	const char	*t;

	if ((t = getenv("TMPDIR")) == NULL || *t == '\0')
		t = "/tmp";
	pathf(tmpdir, sizeof tmpdir, "%s/pint-procfs-XXXXXX", t);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static int
tmp_remove(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
	(void)sb;
	(void)type;
	(void)ftw;
	return remove(path);
}

/* Remove what the tests made, all under their own fresh directory. */
static void
tmp_teardown(void)
{
	if (nftw(tmpdir, tmp_remove, 8, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
}

static const char *
tmp_path(const char *name)
{
	static char	 path[PATH_MAX];

	pathf(path, sizeof path, "%s/%s", tmpdir, name);
	return path;
}

static void
copy_file(const char *from, const char *to)
{
	FILE	*in, *out;
	char	 buf[4096];
	size_t	 n;

	ck_assert_msg((in = fopen(from, "r")) != NULL, "%s", from);
	ck_assert_msg((out = fopen(to, "w")) != NULL, "%s", to);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
	fclose(in);
	ck_assert_int_eq(fclose(out), 0);
}

/* Make tmpdir/proc a copy of fixture run/WHICH, as a /proc root. */
static const char *
fake_proc(const char *which)
{
	static char	 root[PATH_MAX];
	char		 from[PATH_MAX], to[PATH_MAX];
	const char	*pids[] = { "4242", "4243" };
	size_t		 i;

	pathf(root, sizeof root, "%s/proc", tmpdir);
	mkdir(root, 0700);
	pathf(from, sizeof from, "%s/stat", fixture(which));
	pathf(to, sizeof to, "%s/stat", root);
	copy_file(from, to);
	for (i = 0; i < sizeof pids / sizeof pids[0]; i++) {
		pathf(to, sizeof to, "%s/%s", root, pids[i]);
		mkdir(to, 0700);
		pathf(from, sizeof from, "%s/%s/stat", fixture(which),
		    pids[i]);
		pathf(to, sizeof to, "%s/%s/stat", root, pids[i]);
		copy_file(from, to);
	}
	return root;
}

static double
rusage_s(void)
{
	struct rusage	 ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
}

/*
 * Check the CSV's shape: a header naming ncpu CPUs, then rows with as
 * many fields. Returns the rows; the first row's fields in first[].
 */
static int
check_csv(const char *path, int ncpu, char first[][32], int nfirst)
{
	FILE	*f;
	char	 line[8192], want[64], *p, *field;
	int	 rows = 0, cols = 0, n, i;

	ck_assert_msg((f = fopen(path, "r")) != NULL, "%s", path);
	ck_assert_ptr_nonnull(fgets(line, sizeof line, f));
	ck_assert(strncmp(line, "t_s,", 4) == 0);
	for (i = 0; i < ncpu; i++) {
		snprintf(want, sizeof want, ",cpu%d_busy,", i);
		ck_assert_msg(strstr(line, want) != NULL, "no %s", want);
	}
	ck_assert(strstr(line, ",machine_busy_cpus,pint_cpus,workers,"
	    "rss_kib,chunks_done\n") != NULL);
	for (p = line; *p != '\0'; p++)
		cols += *p == ',';
	ck_assert_int_eq(cols, ncpu + 5);

	while (fgets(line, sizeof line, f) != NULL) {
		ck_assert_msg(strchr(line, '\n') != NULL, "row %d cut", rows);
		n = 0;
		for (p = line; *p != '\0'; p++)
			n += *p == ',';
		ck_assert_msg(n == cols, "row %d: %d fields", rows, n + 1);
		if (rows == 0) {
			line[strcspn(line, "\n")] = '\0';
			p = line;
			for (i = 0; i < nfirst &&
			    (field = strsep(&p, ",")) != NULL; i++)
				snprintf(first[i], sizeof first[i], "%s", field);
		}
		rows++;
	}
	fclose(f);
	return rows;
}

/* The CPU columns the sampler gives on this machine: up to the last N. */
static int
real_ncpu(void)
{
	struct procfs_cpu	 cpu[MAXCPU];
	struct procfs_stat	 st;

	stat_init(&st, cpu, MAXCPU);
	ck_assert_int_eq(procfs_read_stat("/proc", statbuf, sizeof statbuf,
	    &st), 0);
	return st.ncpu;
}

static void
check_sane(const struct sampler_summary *sum)
{
	ck_assert_int_ge(sum->cpus_online, 1);
	ck_assert(sum->elapsed_s >= 0);
	ck_assert(sum->machine_busy_cpus >= 0);
	ck_assert(sum->machine_busy_cpus <= sum->cpus_online + 1e-9);
	ck_assert(sum->pint_cpus >= 0);
	ck_assert(sum->other_cpus >= 0);
	ck_assert_double_eq_tol(sum->other_cpus, fmax(0,
	    sum->machine_busy_cpus - sum->pint_cpus), 1e-12);
	ck_assert_double_eq_tol(sum->other_load,
	    sum->other_cpus / sum->cpus_online, 1e-12);
	ck_assert(sum->self_cpu_s >= 0);
	ck_assert(sum->overhead >= 0);
	ck_assert_int_eq(sum->samples_error, 0);
}

/* Sampler tests against fixture roots: the arithmetic, exactly. */

static void
fixture_run(int unwatch)
{
	struct sampler_opts	 opts;
	struct sampler_summary	 sum;
	struct sampler		*s;
	struct procfs_units	 u;
	char			*cause = NULL, first[12][32], csv[PATH_MAX];
	const char		*root;
	double			 ru0, ru1, cpu_s;
	int			 rows;

	procfs_units(&u);
	root = fake_proc("run/before");
	memset(&opts, 0, sizeof opts);
	opts.interval_ms = 600000;	/* only the baseline and the last */
	opts.proc_root = root;
	pathf(csv, sizeof csv, "%s", tmp_path("samples.csv"));
	opts.samples_path = csv;
	s = sampler_create(&opts, &cause);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(sampler_start(s), 0);
	sampler_watch(s, 4242);
	sampler_watch(s, 4243);
	ru0 = rusage_s();
	sampler_begin_compute(s);
	sampler_progress(s, 17);
	fake_proc("run/after");
	if (unwatch) {
		/* Its last reading counts, though it is gone by the end. */
		sampler_unwatch(s, 4243);
		unlink(tmp_path("proc/4243/stat"));
	}
	sampler_stop(s, &sum);
	ru1 = rusage_s();
	sampler_free(s);

	check_sane(&sum);
	ck_assert_uint_eq(sum.nsamples, 1);
	ck_assert_int_eq(sum.cpus_online, 4);
	/* 300 busy ticks of 400 on 4 CPUs. */
	ck_assert_double_eq_tol(sum.machine_busy_cpus, 3.0, 1e-12);
	/* 100 ticks each, plus what this process spent meanwhile. */
	cpu_s = sum.pint_cpus * sum.elapsed_s;
	ck_assert(sum.elapsed_s > 0);
	ck_assert_double_ge_tol(cpu_s, procfs_ticks_s(&u, 200), 1e-9);
	ck_assert_double_le_tol(cpu_s, procfs_ticks_s(&u, 200) + (ru1 - ru0),
	    1e-6);
	/* Live workers only: the baseline had 1000 + 500 pages. */
	ck_assert_uint_eq(sum.peak_rss_kib,
	    procfs_pages_kib(&u, unwatch ? 2560 : 5120));

	rows = check_csv(csv, 4, first, 12);
	ck_assert_int_eq(rows, 1);
	ck_assert_str_eq(first[1], "1.0000");
	ck_assert_str_eq(first[2], "1.0000");
	ck_assert_str_eq(first[3], "0.5000");
	ck_assert_str_eq(first[4], "0.5000");
	ck_assert_str_eq(first[5], "3.0000");
	ck_assert_str_eq(first[7], unwatch ? "1" : "2");
	ck_assert_uint_eq(strtoull(first[8], NULL, 10),
	    procfs_pages_kib(&u, unwatch ? 2560 : 5120));
	ck_assert_str_eq(first[9], "17");
}

START_TEST(sampler_fixture)
{
	fixture_run(0);
}
END_TEST

START_TEST(sampler_fixture_unwatch)
{
	fixture_run(1);
}
END_TEST

START_TEST(sampler_fixture_unchanged)
{
	struct sampler_opts	 opts;
	struct sampler_summary	 sum;
	struct sampler		*s;
	char			*cause = NULL, first[12][32];

	/* Nothing moved: no busy CPU, and unknown per-interval fractions. */
	memset(&opts, 0, sizeof opts);
	opts.proc_root = fake_proc("run/before");
	opts.samples_path = tmp_path("samples.csv");
	s = sampler_create(&opts, &cause);
	ck_assert_ptr_nonnull(s);
	sampler_watch(s, 4242);
	sampler_begin_compute(s);	/* without the thread */
	sampler_stop(s, &sum);
	sampler_free(s);
	check_sane(&sum);
	ck_assert_uint_eq(sum.nsamples, 1);
	ck_assert_double_eq(sum.machine_busy_cpus, 0);
	ck_assert_double_eq(sum.self_cpu_s, 0);
	ck_assert_int_eq(check_csv(opts.samples_path, 4, first, 12), 1);
	ck_assert_str_eq(first[1], "");
	ck_assert_str_eq(first[5], "");
	ck_assert_str_eq(first[7], "1");
}
END_TEST

START_TEST(sampler_errors)
{
	struct sampler_opts	 opts;
	struct sampler_summary	 sum;
	struct sampler		*s;
	char			*cause = NULL;

	memset(&opts, 0, sizeof opts);
	opts.samples_path = tmp_path("no-such-dir/samples.csv");
	ck_assert_ptr_null(sampler_create(&opts, &cause));
	ck_assert_ptr_nonnull(cause);
	ck_assert(strstr(cause, "no-such-dir/samples.csv") != NULL);
	free(cause);

	/* A root without /proc files: recorded, the run goes on. */
	opts.samples_path = NULL;
	opts.proc_root = tmp_path("empty");
	s = sampler_create(&opts, &cause);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(sampler_start(s), 0);
	sampler_watch(s, 4242);
	sampler_begin_compute(s);
	sampler_unwatch(s, 4242);
	sampler_stop(s, &sum);
	sampler_free(s);
	check_sane(&sum);
	ck_assert_uint_eq(sum.nsamples, 1);
	ck_assert_double_eq(sum.machine_busy_cpus, 0);
	ck_assert_uint_eq(sum.peak_rss_kib, 0);
}
END_TEST

START_TEST(sampler_not_begun)
{
	struct sampler_opts	 opts;
	struct sampler_summary	 sum;
	struct sampler		*s;
	char			*cause = NULL;

	/* Setup failed before the barrier opened. */
	memset(&opts, 0, sizeof opts);
	opts.samples_path = tmp_path("samples.csv");
	s = sampler_create(&opts, &cause);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(sampler_start(s), 0);
	sampler_watch(s, getpid());
	sampler_unwatch(s, getpid());
	sampler_stop(s, &sum);
	sampler_free(s);
	check_sane(&sum);
	ck_assert_uint_eq(sum.nsamples, 0);
	ck_assert_double_eq(sum.elapsed_s, 0);
	ck_assert_int_eq(check_csv(opts.samples_path,
	    real_ncpu(), NULL, 0), 0);

	/* Created and freed only. */
	s = sampler_create(&opts, &cause);
	ck_assert_ptr_nonnull(s);
	sampler_free(s);
	sampler_free(NULL);
}
END_TEST

/* Sampler tests against the real /proc: structure and sanity only. */

/* Burn CPU for cpu_s seconds of its own once told to start on fd. */
static pid_t
burner(int fd, double cpu_s)
{
	struct timespec	 ts;
	volatile double	 x = 0;
	pid_t		 pid;
	char		 c;
	int		 i;

	if ((pid = fork()) != 0)
		return pid;
	if (read(fd, &c, 1) != 1)
		_exit(1);
	do {
		for (i = 0; i < 100000; i++)
			x += i * 0.5;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	} while (ts.tv_sec + ts.tv_nsec * 1e-9 < cpu_s);
	_exit(x < 0);	/* uses x: never true */
}

/* Wait for the child to exit, leaving it a zombie, as the pool does. */
static void
wait_zombie(pid_t pid)
{
	siginfo_t	 si;

	memset(&si, 0, sizeof si);
	while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == -1)
		ck_assert_int_eq(errno, EINTR);
	ck_assert_int_eq(si.si_code, CLD_EXITED);
	ck_assert_int_eq(si.si_status, 0);
}

static void
reap(pid_t pid)
{
	int	 status;

	while (waitpid(pid, &status, 0) == -1)
		ck_assert_int_eq(errno, EINTR);
}

START_TEST(sampler_real)
{
	struct sampler_opts	 opts;
	struct sampler_summary	 sum;
	struct sampler		*s;
	char			*cause = NULL;
	int			 fds[2];
	pid_t			 pid;

	memset(&opts, 0, sizeof opts);
	opts.samples_path = tmp_path("samples.csv");
	s = sampler_create(&opts, &cause);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(sampler_start(s), 0);

	ck_assert_int_eq(pipe(fds), 0);
	sampler_pause(s);
	pid = burner(fds[0], 0.3);
	sampler_resume(s);
	ck_assert_int_gt(pid, 0);
	sampler_watch(s, pid);
	sampler_begin_compute(s);
	ck_assert_int_eq(write(fds[1], "g", 1), 1);
	sampler_progress(s, 1);
	wait_zombie(pid);
	sampler_unwatch(s, pid);
	reap(pid);
	close(fds[0]);
	close(fds[1]);
	sampler_stop(s, &sum);
	sampler_free(s);

	check_sane(&sum);
	ck_assert_uint_ge(sum.nsamples, 2);
	/* The child spent at least 0.3 s; ticks are 10 ms or finer. */
	ck_assert(sum.pint_cpus > 0);
	ck_assert(sum.pint_cpus * sum.elapsed_s >= 0.25);
	ck_assert(sum.pint_cpus <= sum.cpus_online + 0.5);
	ck_assert(sum.machine_busy_cpus > 0);
	ck_assert(sum.self_cpu_s > 0);
	ck_assert(sum.overhead < 0.5);
	ck_assert_uint_gt(sum.peak_rss_kib, 0);

	ck_assert_int_eq(check_csv(opts.samples_path, real_ncpu(), NULL, 0),
	    (int)sum.nsamples);
}
END_TEST

START_TEST(sampler_unwatch_zombie)
{
	struct sampler_opts	 opts;
	struct sampler_summary	 sum;
	struct sampler		*s;
	char			*cause = NULL;
	int			 fds[2];
	pid_t			 pid;

	/*
	 * No sample but the baseline and the last, which comes after the
	 * reaping: only the reading of the zombie can see its CPU time.
	 */
	memset(&opts, 0, sizeof opts);
	opts.interval_ms = 600000;
	s = sampler_create(&opts, &cause);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(sampler_start(s), 0);
	ck_assert_int_eq(pipe(fds), 0);
	sampler_pause(s);
	pid = burner(fds[0], 0.2);
	sampler_watch(s, pid);		/* while paused: no deadlock */
	sampler_resume(s);
	ck_assert_int_gt(pid, 0);
	sampler_begin_compute(s);
	ck_assert_int_eq(write(fds[1], "g", 1), 1);
	wait_zombie(pid);
	sampler_unwatch(s, pid);
	reap(pid);
	close(fds[0]);
	close(fds[1]);
	sampler_stop(s, &sum);
	sampler_free(s);

	check_sane(&sum);
	ck_assert_uint_eq(sum.nsamples, 1);
	ck_assert(sum.pint_cpus * sum.elapsed_s >= 0.15);
}
END_TEST

START_TEST(sampler_short)
{
	struct sampler_opts	 opts;
	struct sampler_summary	 sum;
	struct sampler		*s;
	char			*cause = NULL;

	/* Far shorter than one interval: still a baseline and a sample. */
	memset(&opts, 0, sizeof opts);
	opts.samples_path = tmp_path("samples.csv");
	s = sampler_create(&opts, &cause);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(sampler_start(s), 0);
	sampler_watch(s, getpid());
	sampler_begin_compute(s);
	sampler_stop(s, &sum);
	sampler_free(s);
	check_sane(&sum);
	ck_assert_uint_eq(sum.nsamples, 1);
	ck_assert(sum.elapsed_s < 60);
	ck_assert_int_eq(check_csv(opts.samples_path,
	    real_ncpu(), NULL, 0), 1);
}
END_TEST

START_TEST(sampler_pause_fork)
{
	struct sampler_opts	 opts;
	struct sampler_summary	 sum;
	struct sampler		*s;
	char			*cause = NULL, *p;
	pid_t			 pid;
	int			 i;

	/* Fork often while the thread samples fast; children use malloc. */
	memset(&opts, 0, sizeof opts);
	opts.interval_ms = 1;
	s = sampler_create(&opts, &cause);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(sampler_start(s), 0);
	sampler_begin_compute(s);
	for (i = 0; i < 50; i++) {
		sampler_pause(s);
		sampler_pause(s);	/* nested */
		pid = fork();
		if (pid == 0) {
			p = malloc(1 << 20);
			_exit(p == NULL);
		}
		sampler_resume(s);
		sampler_resume(s);
		ck_assert_int_gt(pid, 0);
		sampler_watch(s, pid);
		wait_zombie(pid);
		sampler_unwatch(s, pid);
		reap(pid);
	}
	sampler_stop(s, &sum);
	sampler_free(s);
	check_sane(&sum);
	ck_assert_uint_ge(sum.nsamples, 1);
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
	tcase_add_test(tc, units);
	suite_add_tcase(s, tc);

	tc = tcase_create("sampler");
	tcase_add_unchecked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, sampler_fixture);
	tcase_add_test(tc, sampler_fixture_unwatch);
	tcase_add_test(tc, sampler_fixture_unchanged);
	tcase_add_test(tc, sampler_errors);
	tcase_add_test(tc, sampler_not_begun);
	tcase_add_test(tc, sampler_real);
	tcase_add_test(tc, sampler_unwatch_zombie);
	tcase_add_test(tc, sampler_short);
	tcase_add_test(tc, sampler_pause_fork);
	suite_add_tcase(s, tc);
	return s;
}
