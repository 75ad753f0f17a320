/*
 * Tests for the sampler: against fixture /proc roots whose files change
 * between readings (the arithmetic, exactly) and against the real /proc
 * (structure and sanity). Its time series is written as report's
 * --samples CSV and read back.
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "procfs.h"
#include "report.h"
#include "sampler.h"
#include "suites.h"
#include "testutil.h"

#define MAXCPU	128

/* Helpers: a fresh directory for the files of each test. */

static char	 tmpdir[PATH_MAX];

static void
tmp_setup(void)
{
	const char	*t;

	if ((t = getenv("TMPDIR")) == NULL || *t == '\0')
		t = "/tmp";
	tu_pathf(tmpdir, sizeof tmpdir, "%s/pint-procfs-XXXXXX", t);
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

	tu_pathf(path, sizeof path, "%s/%s", tmpdir, name);
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

	tu_pathf(root, sizeof root, "%s/proc", tmpdir);
	mkdir(root, 0700);
	tu_pathf(from, sizeof from, "%s/stat", tu_fixture(which));
	tu_pathf(to, sizeof to, "%s/stat", root);
	copy_file(from, to);
	for (i = 0; i < sizeof pids / sizeof pids[0]; i++) {
		tu_pathf(to, sizeof to, "%s/%s", root, pids[i]);
		mkdir(to, 0700);
		tu_pathf(from, sizeof from, "%s/%s/stat", tu_fixture(which),
		    pids[i]);
		tu_pathf(to, sizeof to, "%s/%s/stat", root, pids[i]);
		copy_file(from, to);
	}
	return root;
}

/* Stop and free the sampler; write its series to csv unless NULL. */
static void
stop(struct sampler *s, struct sampler_summary *sum, const char *csv)
{
	struct sampler_series	*ser;
	FILE			*fp;

	sampler_stop(s, sum);
	ser = sampler_take_series(s);
	ck_assert_ptr_nonnull(ser);
	sampler_free(s);
	if (csv != NULL) {
		ck_assert_msg((fp = fopen(csv, "w")) != NULL, "%s", csv);
		report_samples_csv(fp, ser);
		ck_assert_int_eq(fclose(fp), 0);
	}
	sampler_series_free(ser);
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
 * many fields, the first at the start barrier (t 0). Returns the rows;
 * the last row's fields in last[].
 */
static int
check_csv(const char *path, int ncpu, char last[][32], int nlast)
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
	ck_assert(strstr(line, ",machine_busy_cpus,pint_cpus,pint_cpu_s,"
	    "workers,rss_kib,chunks_done\n") != NULL);
	for (p = line; *p != '\0'; p++)
		cols += *p == ',';
	ck_assert_int_eq(cols, ncpu + 6);

	while (fgets(line, sizeof line, f) != NULL) {
		ck_assert_msg(strchr(line, '\n') != NULL, "row %d cut", rows);
		n = 0;
		for (p = line; *p != '\0'; p++)
			n += *p == ',';
		ck_assert_msg(n == cols, "row %d: %d fields", rows, n + 1);
		if (rows == 0)
			ck_assert(strncmp(line, "0.000000,", 9) == 0);
		line[strcspn(line, "\n")] = '\0';
		p = line;
		for (i = 0; i < nlast && (field = strsep(&p, ",")) != NULL;
		    i++)
			snprintf(last[i], sizeof last[i], "%s", field);
		rows++;
	}
	fclose(f);
	return rows;
}

/* The CPU columns the sampler gives on this machine: up to the last N. */
static int
real_ncpu(void)
{
	static char		 statbuf[1 << 16];
	struct procfs_cpu	 cpu[MAXCPU];
	struct procfs_stat	 st;

	memset(&st, 0, sizeof st);
	st.cpu = cpu;
	st.maxcpu = MAXCPU;
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
	ck_assert(sum->ticks_per_cpu >= 0);
	ck_assert(sum->window_s >= 0);
	ck_assert(sum->machine_busy_s >= 0);
	ck_assert(sum->machine_busy_s <= sum->window_s * sum->cpus_online +
	    1e-9);
	ck_assert(sum->workers_base_s >= 0);
	ck_assert(sum->parent_cpu_s >= 0);
	ck_assert(sum->self_cpu_s >= 0);
	ck_assert(sum->overhead >= 0);
}

/* Sampler tests against fixture roots: the arithmetic, exactly. */

static void
fixture_run(int unwatch)
{
	struct sampler_opts	 opts;
	struct sampler_summary	 sum;
	struct sampler		*s;
	struct procfs_units	 u;
	char			 first[12][32], csv[PATH_MAX];
	const char		*root;
	double			 ru0, ru1, cpu_s;
	int			 rows;

	procfs_units(&u);
	root = fake_proc("run/before");
	memset(&opts, 0, sizeof opts);
	opts.interval_ms = 600000;	/* only the baseline and the last */
	opts.proc_root = root;
	tu_pathf(csv, sizeof csv, "%s", tmp_path("samples.csv"));
	s = sampler_create(&opts);
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
	stop(s, &sum, csv);
	ru1 = rusage_s();

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

	/* The barrier row and the last sample. */
	rows = check_csv(csv, 4, first, 12);
	ck_assert_int_eq(rows, 2);
	ck_assert_str_eq(first[1], "1.0000");
	ck_assert_str_eq(first[2], "1.0000");
	ck_assert_str_eq(first[3], "0.5000");
	ck_assert_str_eq(first[4], "0.5000");
	ck_assert_str_eq(first[5], "3.0000");
	ck_assert_str_eq(first[8], unwatch ? "1" : "2");
	ck_assert_uint_eq(strtoull(first[9], NULL, 10),
	    procfs_pages_kib(&u, unwatch ? 2560 : 5120));
	ck_assert_str_eq(first[10], "17");
	/* 300 busy ticks of 400 over 4 CPUs: 100 ticks each. */
	ck_assert_double_eq_tol(sum.ticks_per_cpu, 100, 1e-12);
	ck_assert_double_eq_tol(sum.machine_busy_s, procfs_ticks_s(&u, 300),
	    1e-12);
	ck_assert_double_eq_tol(sum.window_s, procfs_ticks_s(&u, 100), 1e-12);
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
	const char		*csv;
	char			 first[12][32];

	/* Nothing moved: no busy CPU, and unknown per-interval fractions. */
	memset(&opts, 0, sizeof opts);
	opts.proc_root = fake_proc("run/before");
	csv = tmp_path("samples.csv");
	s = sampler_create(&opts);
	ck_assert_ptr_nonnull(s);
	sampler_watch(s, 4242);
	sampler_begin_compute(s);	/* without the thread */
	stop(s, &sum, csv);
	check_sane(&sum);
	ck_assert_uint_eq(sum.nsamples, 1);
	ck_assert_double_eq(sum.machine_busy_cpus, 0);
	ck_assert_double_eq(sum.self_cpu_s, 0);
	ck_assert_int_eq(check_csv(csv, 4, first, 12), 2);
	ck_assert_str_eq(first[1], "");
	ck_assert_str_eq(first[5], "");
	ck_assert_str_eq(first[8], "1");
}
END_TEST

START_TEST(sampler_errors)
{
	struct sampler_opts	 opts;
	struct sampler_summary	 sum;
	struct sampler		*s;
	const char		*csv = NULL;

	memset(&opts, 0, sizeof opts);
	/* A root without /proc files: recorded, the run goes on. */
	opts.proc_root = tmp_path("empty");
	s = sampler_create(&opts);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(sampler_start(s), 0);
	sampler_watch(s, 4242);
	sampler_begin_compute(s);
	sampler_unwatch(s, 4242);
	stop(s, &sum, csv);
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
	const char		*csv = NULL;

	/* Setup failed before the barrier opened. */
	memset(&opts, 0, sizeof opts);
	csv = tmp_path("samples.csv");
	s = sampler_create(&opts);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(sampler_start(s), 0);
	sampler_watch(s, getpid());
	sampler_unwatch(s, getpid());
	stop(s, &sum, csv);
	check_sane(&sum);
	ck_assert_uint_eq(sum.nsamples, 0);
	ck_assert_double_eq(sum.elapsed_s, 0);
	ck_assert_int_eq(check_csv(csv,
	    real_ncpu(), NULL, 0), 0);

	/* Created and freed only. */
	s = sampler_create(&opts);
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
	const char		*csv = NULL;
	int			 fds[2];
	pid_t			 pid;

	memset(&opts, 0, sizeof opts);
	csv = tmp_path("samples.csv");
	s = sampler_create(&opts);
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
	stop(s, &sum, csv);

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

	ck_assert_int_eq(check_csv(csv, real_ncpu(), NULL, 0),
	    (int)sum.nsamples + 1);
}
END_TEST

START_TEST(sampler_unwatch_zombie)
{
	struct sampler_opts	 opts;
	struct sampler_summary	 sum;
	struct sampler		*s;
	const char		*csv = NULL;
	int			 fds[2];
	pid_t			 pid;

	/*
	 * No sample but the baseline and the last, which comes after the
	 * reaping: only the reading of the zombie can see its CPU time.
	 */
	memset(&opts, 0, sizeof opts);
	opts.interval_ms = 600000;
	s = sampler_create(&opts);
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
	stop(s, &sum, csv);

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
	const char		*csv = NULL;

	/* Far shorter than one interval: still a baseline and a sample. */
	memset(&opts, 0, sizeof opts);
	csv = tmp_path("samples.csv");
	s = sampler_create(&opts);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(sampler_start(s), 0);
	sampler_watch(s, getpid());
	sampler_begin_compute(s);
	stop(s, &sum, csv);
	check_sane(&sum);
	ck_assert_uint_eq(sum.nsamples, 1);
	ck_assert(sum.elapsed_s < 60);
	ck_assert_int_eq(check_csv(csv,
	    real_ncpu(), NULL, 0), 2);
}
END_TEST

START_TEST(sampler_pause_fork)
{
	struct sampler_opts	 opts;
	struct sampler_summary	 sum;
	struct sampler		*s;
	char			*p;
	pid_t			 pid;
	int			 i;

	/* Fork often while the thread samples fast; children use malloc. */
	memset(&opts, 0, sizeof opts);
	opts.interval_ms = 1;
	s = sampler_create(&opts);
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
	stop(s, &sum, NULL);
	check_sane(&sum);
	ck_assert_uint_ge(sum.nsamples, 1);
}
END_TEST

Suite *
make_sampler_suite(void)
{
	Suite	*s = suite_create("sampler");
	TCase	*tc;

	tc = tcase_create("fixtures");
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
