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
/* A sequence of grids for one pool: their tasks and what each gave. */
struct seq {
	struct task	 t[3];
	struct grid	 g[3];
	int		 n;		/* grids computed */
	double		 integral[3];
	uint64_t	 nchunks[3];
};

static int
seq_next(void *arg, const struct pool_result *one,
    const struct quad_partial *parts, const struct grid **next)
{
	struct seq	*sq = arg;
	uint64_t	 c, points = 0;

	for (c = 0; c < sq->g[sq->n].nchunks; c++)
		points += parts[c].points;
	ck_assert_uint_eq(points, sq->g[sq->n].points);
	sq->integral[sq->n] = one->integral;
	sq->nchunks[sq->n] = one->nchunks;
	if (++sq->n == 3)
		return 0;
	*next = &sq->g[sq->n];
	return 1;
}

/*
 * One pool computes a sequence of grids (a tolerance's): its workers are
 * forked once, and each grid's integral has the bits of a pool of its
 * own, with faults too; the figures add up over the grids.
 */
START_TEST(sequence_on_one_pool)
{
	static const uint64_t	 n[3] = { 90, 301, 500 };
	static const enum quad_rule rule[3] = {
		RULE_MIDPOINT, RULE_SIMPSON, RULE_TRAPEZOID
	};
	struct pool_opts	 o;
	struct pool_result	 res, one;
	struct seq		 sq;
	char			*cause = NULL;
	uint64_t		 points = 0, chunks = 0;
	double			 ref;
	int			 i, rv, faults;

	for (faults = 0; faults <= 1; faults++) {
		memset(&sq, 0, sizeof sq);
		for (i = 0; i < 3; i++) {
			tu_task(&sq.t[i], "exp(-x*x) * cos(3*y)", 2, -1, 1,
			    n[i], rule[i]);
			sq.t[i].chunk_rows = 5;
			ck_assert_int_eq(quad_grid(&sq.g[i], &sq.t[i],
			    &cause), 0);
		}
		memset(&o, 0, sizeof o);
		o.jobs = 3;
		o.engine = ENGINE_MUPARSER;
		o.max_restarts = 4;
		o.fault_rate = faults ? 0.1 : 0;
		o.fault_seed = 5;
		o.hang_min_s = 10;
		o.next_grid = seq_next;
		o.hook_arg = &sq;
		rv = pool_run(&sq.t[0], &sq.g[0], &o, &res, &cause);
		ck_assert_msg(rv == 0, "pool_run: %d %s", rv,
		    cause ? cause : "");
		ck_assert_int_eq(sq.n, 3);
		ck_assert_int_eq(res.grids, 3);
		points = chunks = 0;
		for (i = 0; i < 3; i++) {
			ref = pool_integral(&sq.t[i], 2, 0, &one);
			ck_assert_msg(memcmp(&ref, &sq.integral[i],
			    sizeof ref) == 0, "grid %d: %.17g, alone %.17g",
			    i, sq.integral[i], ref);
			ck_assert_uint_eq(sq.nchunks[i], one.nchunks);
			points += one.points;
			chunks += one.nchunks;
			pool_result_free(&one);
		}
		ck_assert_uint_eq(res.points, points);
		ck_assert_uint_eq(res.chunks_done, chunks);
		if (faults) {
			ck_assert_uint_gt(res.injected_deaths, 0);
			/* Only the dead are replaced. */
			ck_assert_int_eq(res.nworkers,
			    3 + (int)res.injected_deaths);
		} else
			ck_assert_int_eq(res.nworkers, 3);
		pool_result_free(&res);
		for (i = 0; i < 3; i++)
			task_free(&sq.t[i]);
	}
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
	tcase_add_test(tc, sequence_on_one_pool);
	suite_add_tcase(s, tc);
	return s;
}
