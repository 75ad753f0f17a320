/* Helpers shared by the Check suites. */
#include "config.h"

#include "testutil.h"

#include <check.h>
#include <limits.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "pool.h"
#include "quad.h"

void
tu_pathf(char *dst, size_t size, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = vsnprintf(dst, size, fmt, ap);
	va_end(ap);
	ck_assert_msg(n >= 0 && (size_t)n < size, "path too long: %s", dst);
}

const char *
tu_fixture(const char *name)
{
	static char	 path[PATH_MAX];
	const char	*dir;

	if ((dir = getenv("PINT_TEST_FIXTURES")) == NULL || *dir == '\0')
		dir = "tests/fixtures";
	tu_pathf(path, sizeof path, "%s/proc/%s", dir, name);
	return path;
}

void
tu_task_box(struct task *t, const char *expr, int dims, const double *lo,
    const double *hi, uint64_t points, enum quad_rule rule)
{
	char	*cause = NULL;
	int	 i;

	task_init(t);
	task_set_expression(t, expr, "-e");
	for (i = 0; i < dims; i++) {
		t->axis[i].set = 1;
		t->axis[i].lo = lo[i];
		t->axis[i].hi = hi[i];
		t->axis[i].points = points;
	}
	t->rule = rule;
	if (task_finish(t, &cause) != 0)
		ck_abort_msg("task_finish: %s", cause);
}

void
tu_task(struct task *t, const char *expr, int dims, double lo, double hi,
    uint64_t points, enum quad_rule rule)
{
	double	 l[3] = { lo, lo, lo }, h[3] = { hi, hi, hi };

	tu_task_box(t, expr, dims, l, h, points, rule);
}

void
tu_integrate_result(const struct task *t, enum engine_kind engine,
    struct quad_result *r)
{
	struct quad_partial	*parts;
	struct grid		 g;
	struct expr		*e;
	struct quad_work	*w;
	char			*cause = NULL;
	uint64_t		 c;

	if (quad_grid(&g, t, &cause) != 0)
		ck_abort_msg("quad_grid: %s", cause);
	if ((e = expr_compile(t, engine, 0, &cause)) == NULL)
		ck_abort_msg("expr_compile: %s", cause);
	parts = calloc(g.nchunks, sizeof *parts);
	w = quad_work_new(&g, e);
	ck_assert_ptr_nonnull(w);
	for (c = 0; c < g.nchunks; c++)
		quad_eval_chunk(w, c, &parts[c], NULL);
	quad_combine(&g, parts, r);
	free(parts);
	quad_work_free(w);
	expr_free(e);
}

double
tu_integrate(const struct task *t, enum engine_kind engine)
{
	struct quad_result	 r;

	tu_integrate_result(t, engine, &r);
	return r.integral;
}

/*
 * Results of a made-up sweep: -j 1, 2, 4 with two repeats each, walls
 * 4.0/4.2, 2.1/2.0, 1.2/1.1 s, every integral 0.25, 0.02 CPUs busy
 * elsewhere.
 */
void
tu_results(struct results *r, const struct task *t, const struct grid *g)
{
	static const int	 jobs[] = { 1, 1, 2, 2, 4, 4 };
	static const double	 walls[] = { 4.0, 4.2, 2.1, 2.0, 1.2, 1.1 };
	struct sampler_summary	 sum;
	struct pool_result	 p;
	int			 i, w;

	memset(r, 0, sizeof *r);
	r->task = t;
	r->grid = g;
	r->engine = ENGINE_VECTOR;
	r->engine_note = "vector";
	r->jobs_source = "option";
	r->usable_source = "affinity";
	r->muparser_version = "2.3.3";
	r->host.cpus_online = r->host.cpus_usable = 2;
	snprintf(r->host.hostname, sizeof r->host.hostname, "testhost");
	snprintf(r->host.cpu_model, sizeof r->host.cpu_model, "Test CPU");
	r->host.compiler = "cc";
	r->host.cflags = "-O2";
	results_begin(r, 0, NULL);
	/* 0.02 CPUs busy elsewhere: 0.04 s of 2 s on 2 CPUs, pint 4 s. */
	memset(&sum, 0, sizeof sum);
	sum.cpus_online = 2;
	sum.ticks_per_cpu = 200;
	sum.window_s = 2;
	sum.machine_busy_s = 4.04;
	for (i = 0; i < 6; i++) {
		memset(&p, 0, sizeof p);
		p.integral = 0.25;
		p.error_estimate = NAN;
		p.points = 10000;
		p.wall_s = walls[i];
		p.compute_s = walls[i] - 0.01;
		p.user_s = 4.0;
		p.nworkers = jobs[i];
		p.workers = calloc(jobs[i], sizeof *p.workers);
		for (w = 0; w < jobs[i]; w++) {
			p.workers[w].pid = 1000 + w;
			p.workers[w].points = 10000 / jobs[i];
			p.workers[w].cpu = -1;
			snprintf(p.workers[w].exit, sizeof p.workers[w].exit,
			    "ok");
		}
		results_add(r, i / 2, jobs[i], 1 + i % 2, &p, &sum, 1000);
		free(p.workers);
	}
	results_finish(r);
}
