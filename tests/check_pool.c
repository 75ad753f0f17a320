/*
 * pool: runs in this process's children; the integral has the same bits
 * as an in-process evaluation for any number of workers, with injected
 * faults too; the fault injector is reproducible.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pool.h"
#include "quad.h"
#include "suites.h"
#include "testutil.h"
#include "util.h"

static double
pool_integral(const struct task *t, int jobs, double rate,
    struct pool_result *res)
{
	struct pool_opts	 o;
	struct grid		 g;
	char			*cause = NULL;
	int			 rv;

	ck_assert_int_eq(quad_grid(&g, t, &cause), 0);
	memset(&o, 0, sizeof o);
	o.jobs = jobs;
	o.engine = ENGINE_MUPARSER;
	o.max_restarts = 4;
	o.fault_rate = rate;
	o.fault_seed = 99;
	o.hang_min_s = 10;
	rv = pool_run(t, &g, &o, res, &cause);
	ck_assert_msg(rv == 0, "pool_run: %d %s", rv, cause ? cause : "");
	return res->integral;
}

START_TEST(same_bits_for_any_jobs)
{
	struct task		 t;
	struct pool_result	 res;
	double			 ref, v;
	int			 j;

	tu_task(&t, "sin(x) * cos(y) + x * y", 2, 0, 1, 701, RULE_SIMPSON);
	t.chunk_rows = 7;
	ref = tu_integrate(&t, ENGINE_MUPARSER);
	for (j = 1; j <= 5; j++) {
		v = pool_integral(&t, j, 0, &res);
		ck_assert_msg(memcmp(&v, &ref, sizeof v) == 0,
		    "-j %d: %.17g, in process %.17g", j, v, ref);
		ck_assert_uint_eq(res.chunks_done, res.nchunks);
		ck_assert_int_eq(res.nworkers, j);
		ck_assert_int_eq(res.deaths, 0);
		pool_result_free(&res);
	}
	task_free(&t);
}
END_TEST

START_TEST(same_bits_with_faults)
{
	struct task		 t;
	struct pool_result	 res;
	double			 ref, v;

	tu_task(&t, "exp(-x*x - y*y)", 2, -2, 2, 400, RULE_MIDPOINT);
	t.chunk_rows = 4;
	ref = tu_integrate(&t, ENGINE_MUPARSER);
	v = pool_integral(&t, 3, 0.1, &res);
	ck_assert(memcmp(&v, &ref, sizeof v) == 0);
	ck_assert_uint_gt(res.injected_deaths + res.injected_failures, 0);
	ck_assert_int_eq(res.deaths, (int)res.injected_deaths);
	ck_assert_uint_ge(res.chunks_retried,
	    res.injected_deaths + res.injected_failures);
	pool_result_free(&res);
	task_free(&t);
}
END_TEST

START_TEST(fault_injector_reproducible)
{
	uint64_t	 c;
	int		 n = 0, die = 0;

	for (c = 0; c < 100000; c++) {
		int	 f = pool_fault(0.2, 7, c, 0);

		ck_assert_int_eq(f, pool_fault(0.2, 7, c, 0));
		n += f != 0;
		die += f == 1;
		/* Never past the attempt limit: every chunk finishes. */
		ck_assert_int_eq(pool_fault(0.2, 7, c, 8), 0);
	}
	ck_assert(n > 19000 && n < 21000);
	ck_assert(die > n / 2 - 1000 && die < n / 2 + 1000);
	ck_assert_int_eq(pool_fault(0, 7, 1, 0), 0);
}
END_TEST

/*
 * A worker's fatal error ends it with _exit: a stdio buffer it inherited
 * from the parent is not written again (exit would flush it).
 */
/* Two pools' figures: times, points and faults summed, RSS the larger. */
START_TEST(result_add)
{
	struct pool_result	 a, b;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	a.integral = 1.5;
	a.wall_s = 1;
	a.setup_s = 0.25;
	a.points = 100;
	a.deaths = 1;
	a.injected_failures = 2;
	a.max_rss_kib = 900;
	b.integral = 7;
	b.wall_s = 2;
	b.compute_s = 0.5;
	b.user_s = 3;
	b.sys_s = 0.125;
	b.points = 50;
	b.chunks_done = 4;
	b.hung = 1;
	b.chunks_retried = 3;
	b.injected_deaths = 5;
	b.max_rss_kib = 800;
	pool_result_add(&a, &b);
	ck_assert(a.integral == 1.5);
	ck_assert(a.wall_s == 3 && a.setup_s == 0.25 && a.compute_s == 0.5);
	ck_assert(a.user_s == 3 && a.sys_s == 0.125);
	ck_assert_uint_eq(a.points, 150);
	ck_assert_uint_eq(a.chunks_done, 4);
	ck_assert_int_eq(a.deaths, 1);
	ck_assert_int_eq(a.hung, 1);
	ck_assert_uint_eq(a.chunks_retried, 3);
	ck_assert_uint_eq(a.injected_deaths, 5);
	ck_assert_uint_eq(a.injected_failures, 2);
	ck_assert_int_eq(a.max_rss_kib, 900);
	b.max_rss_kib = 1000;
	pool_result_add(&a, &b);
	ck_assert_int_eq(a.max_rss_kib, 1000);
	ck_assert_uint_eq(a.points, 200);
}
END_TEST

START_TEST(worker_fatal_uses_exit_only)
{
	char	 buf[64];
	int	 fds[2], status;
	ssize_t	 n;
	pid_t	 pid;

	ck_assert_int_eq(pipe(fds), 0);
	fflush(stdout);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		setvbuf(stdout, NULL, _IOFBF, 4096);
		fputs("parent's unflushed output", stdout);
		util_enter_worker();
		fatalmsg(5, "worker failed");
	}
	close(fds[1]);
	n = read(fds[0], buf, sizeof buf);
	close(fds[0]);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	ck_assert_int_eq(WEXITSTATUS(status), 5);
	ck_assert_msg(n == 0, "a worker wrote %zd bytes of stdout", n);
}
END_TEST

Suite *
make_pool_suite(void)
{
	Suite	*s = suite_create("pool");
	TCase	*tc = tcase_create("runs");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, same_bits_for_any_jobs);
	tcase_add_test(tc, same_bits_with_faults);
	tcase_add_test(tc, fault_injector_reproducible);
	tcase_add_test(tc, worker_fatal_uses_exit_only);
	tcase_add_test(tc, result_add);
	suite_add_tcase(s, tc);
	return s;
}
