/*
 * plan: the run plan from the options, the task file, the environment
 * (PINT_JOBS, SLURM_CPUS_PER_TASK, the test hooks) and the machine. The
 * order of the checks is the order of the messages a user sees: the task,
 * the -j values, the grid, the expression, the outputs.
 */
#include "config.h"

#include "plan.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "adapt.h"
#include "cluster.h"
#include "expr.h"
#include "output.h"
#include "plot.h"
#include "pool.h"
#include "util.h"
#include "vexpr.h"

#define JOBS_SOFT_FACTOR	4	/* more than 4 x usable needs --force */

static size_t	plan_samples_stem(const char *);

/* -d number i names an axis an earlier -d gave: a mistake, not an edit. */
static int
plan_domain_twice(const struct cli_opts *o, int i, char **cause)
{
	const char	*d = o->domains[i], *eq = strchr(d, '=');
	size_t		 n = eq != NULL ? (size_t)(eq - d) : 0;
	int		 k;

	for (k = 0; n > 0 && k < i; k++) {
		if (strncmp(o->domains[k], d, n) == 0 &&
		    o->domains[k][n] == '=') {
			xasprintf(cause, "-d %s: axis %.*s was given already "
			    "by -d %s", d, (int)n, d, o->domains[k]);
			return 1;
		}
	}
	return 0;
}

/* The task: the file (or none), then each override, then finished. */
static int
plan_task(struct task *t, const struct cli_opts *o, char **cause)
{
	static const struct task_loc loc_r = { 0, 0, "-r" };
	static const struct task_loc loc_engine = { 0, 0, "--engine" };
	int	 i;

	if (o->config != NULL) {
		if (*o->config == '\0') {
			xasprintf(cause, "-c: empty file name");
			return -1;
		}
		if (task_load_file(t, o->config, cause) != 0)
			return -1;
	} else if (o->expr == NULL) {
		xasprintf(cause, "no task: give -c FILE, or -e EXPR with -d "
		    "VAR=A:B and -s STEP or -n POINTS; see 'pint -h'");
		return -1;
	} else {
		free(t->source);
		t->source = xstrdup("<command line>");
	}
	if (o->expr != NULL)
		task_set_expression(t, o->expr, "-e");
	for (i = 0; i < o->ndomains; i++) {
		if (plan_domain_twice(o, i, cause) ||
		    task_set_domain(t, o->domains[i], cause) != 0)
			return -1;
	}
	if (o->have_step && task_set_step(t, o->step, "-s", cause) != 0)
		return -1;
	if (o->have_points &&
	    task_set_points(t, o->points, "-n", cause) != 0)
		return -1;
	if (o->rule != NULL &&
	    task_set_rule(t, o->rule, &loc_r, cause) != 0)
		return -1;
	if (o->engine != NULL &&
	    task_set_engine(t, o->engine, &loc_engine, cause) != 0)
		return -1;
	if (o->tol > 0 &&
	    task_set_number(t, "tolerance", o->tol, "--tol", cause) != 0)
		return -1;
	if (o->atol > 0 &&
	    task_set_number(t, "abs_tolerance", o->atol, "--atol", cause) != 0)
		return -1;
	return task_finish(t, cause);
}

/* Default, warn about or refuse the -j values. */
/*
 * What the CPU rules found that a user should know, said once: a Slurm
 * variable that is not a count, sources that disagree, and srun's
 * independent copies. (A run as one MPI job of many ranks will not warn
 * about SLURM_NTASKS.)
 */
static void
plan_cpu_warnings(const struct cpus *c, int mpi)
{
	char	 buf[256];

	if (c->slurm_bad[0] != '\0')
		warning("SLURM_CPUS_PER_TASK=%s is not a CPU count from 1 to "
		    "1000000; it is ignored", c->slurm_bad);
	if (c->disagree) {
		cpus_describe(c, buf, sizeof buf);
		warning("the usable CPUs disagree (%s): using %d, the least "
		    "(%s)", buf, c->usable, c->source);
	}
	if (c->slurm_ntasks > 1 && !mpi)
		warning("SLURM_NTASKS=%d: srun started %d independent copies "
		    "of pint, each computing the whole task; for one run on "
		    "several CPUs ask for one task with -c N (srun -n 1 -c N)",
		    c->slurm_ntasks, c->slurm_ntasks);
}

/* Counts above the usable CPUs, every one named in one line. */
static void
plan_warn_shared(const struct plan *pl, const int *over, int nover)
{
	char	 list[CLI_MAXSWEEP * 12];
	int	 i, n = 0;

	if (nover == 0)
		return;
	for (i = 0; i < nover; i++)
		n += snprintf(list + n, sizeof list - n, "%s%d",
		    i == 0 ? "" : i == nover - 1 ? " and " : ", ", over[i]);
	warning("-j %s %s more than the %d usable CPUs (%s); workers will "
	    "share CPUs", list, nover > 1 ? "are" : "is", pl->cpus.usable,
	    pl->cpus.source);
}

static int
plan_jobs(struct plan *pl, char **cause)
{
	struct rlimit	 rl;
	const char	*env, *what;
	int		 i, ceiling, nproc = 0, rank, size, nover = 0;
	int		 over[CLI_MAXSWEEP];

	env = pl->njobs == 0 ? getenv("PINT_JOBS") : NULL;
	if (env != NULL && *env == '\0')
		warning("PINT_JOBS is set but empty; it is ignored");
	else if (env != NULL) {
		if (cli_parse_jobs("PINT_JOBS", env, pl->jobs, CLI_MAXSWEEP,
		    &pl->njobs, cause) != 0)
			return -1;
		pl->jobs_source = "PINT_JOBS";
	}
	if (pl->njobs == 0) {
		pl->jobs[0] = pl->cpus.usable;
		pl->njobs = 1;
		pl->jobs_source = pl->cpus.source;
	}
	plan_cpu_warnings(&pl->cpus, pl->mpi ||
	    (cluster_available() && cluster_env(&rank, &size, &what) > 0));
	ceiling = JOBS_SOFT_FACTOR * pl->cpus.usable;
	if (getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (rlim_t)ceiling > rl.rlim_cur / 2) {
		ceiling = (int)(rl.rlim_cur / 2);
		nproc = 1;
	}
	/* Named as given: the option, or the variable it came from. */
	what = strcmp(pl->jobs_source, "PINT_JOBS") == 0 ? "PINT_JOBS" : "-j";
	for (i = 0; i < pl->njobs; i++) {
		int	 j = pl->jobs[i];

		if (j > POOL_MAXJOBS) {
			xasprintf(cause, "%s %d: more than %d workers is not "
			    "supported", what, j, POOL_MAXJOBS);
			return -1;
		}
		if (j > ceiling && !pl->run.force && nproc) {
			xasprintf(cause, "%s %d: the process limit (ulimit -u "
			    "%llu) leaves room for about %d workers; use "
			    "--force to run anyway", what, j,
			    (unsigned long long)rl.rlim_cur, ceiling);
			return -1;
		}
		if (j > ceiling && !pl->run.force) {
			xasprintf(cause, "%s %d: far more workers than the %d "
			    "usable CPUs (limit %d); use --force to run anyway",
			    what, j, pl->cpus.usable, ceiling);
			return -1;
		}
		if (j > pl->cpus.usable && nover < (int)(sizeof over /
		    sizeof over[0]))
			over[nover++] = j;
	}
	plan_warn_shared(pl, over, nover);
	return 0;
}

/*
 * --tol without a rule: how the integrand behaves at the ends of each axis
 * (the other axes at three inner points each): f(a + d) - f(a + d') at
 * distances 1e-9, 1e-6 and 1e-3 of the width from an end grows as d^b,
 * b about 1 or more where f is smooth there, under 1 where it (or its
 * derivative) is singular, at those distances and at 0.618 times them
 * (a period that divides one of them looks singular at it alone); a
 * value that is not finite is singular too.
 * Returns the axis and end (2 axis + end) of the first singular end, or
 * -1, with its b in *order.
 */
#define PLAN_SMOOTH_B	0.9
#define PLAN_CORNER	(2 * TASK_MAXDIM)	/* + c: corner c singular */

static const char *const plan_axes[TASK_MAXDIM] = { "x", "y", "z" };

static const double plan_dist[3] = { 1e-9, 1e-6, 1e-3 };

/*
 * The distances again, scaled by this: a frequency whose period divides
 * 1e-3 of the width (cos(2000 pi x) on [0, 1]) gives equal values at
 * 1e-9 and 1e-3 and looks singular; it does not at both scales.
 */
#define PLAN_DIST2	0.6180339887498949

/* Probe i of an end (0 lo, 1 hi) of an axis: plan_dist[i] s in, or at it. */
static double
plan_at(const struct task_axis *a, int end, int i, double s)
{
	if (i == 3)
		return end ? a->hi : a->lo;
	return end ? a->hi - s * plan_dist[i] * (a->hi - a->lo) :
	    a->lo + s * plan_dist[i] * (a->hi - a->lo);
}

/*
 * Of the values at the distances plan_dist from an end and at it: is it
 * singular (a value not finite, or changes that grow as d^b, b < 0.9)?
 */
static int
plan_probe_singular(const double *v, double *order)
{
	double	 d1, d2;
	int	 i;

	for (i = 0; i < 4; i++) {
		if (!isfinite(v[i])) {
			*order = -INFINITY;
			return 1;
		}
	}
	d1 = fabs(v[1] - v[0]);
	d2 = fabs(v[2] - v[1]);
	/* Changes at rounding say nothing. */
	if (d1 <= 1e-12 * fmax(fabs(v[1]), fabs(v[2])))
		return 0;
	*order = log(d2 / d1) / log(1e3);
	return *order < PLAN_SMOOTH_B;
}

/*
 * One probe: is end (0 lo, 1 hi) of axis ax singular, at inner point k?
 * Singular at both scales of the distances (see PLAN_DIST2).
 */
static int
plan_end_singular(const struct task *t, struct expr *e, int ax, int end,
    int k, double *order)
{
	static const double	 inner[3] = { 0.5, 0.271828, 0.759265 };
	const struct task_axis	*a = &t->axis[ax];
	double			 p[TASK_MAXDIM] = { 0, 0, 0 }, v[4], o2;
	int			 i;

	for (i = 0; i < t->dims; i++)
		p[i] = t->axis[i].lo + inner[(i + k) % 3] * (t->axis[i].hi -
		    t->axis[i].lo);
	for (i = 0; i < 4; i++) {
		p[ax] = plan_at(a, end, i, 1);
		v[i] = expr_eval_point(e, p[0], p[1], p[2]);
	}
	if (!plan_probe_singular(v, order))
		return 0;
	for (i = 0; i < 3; i++) {
		p[ax] = plan_at(a, end, i, PLAN_DIST2);
		v[i] = expr_eval_point(e, p[0], p[1], p[2]);
	}
	return plan_probe_singular(v, &o2);
}

/*
 * One probe of a corner (bit i of c: the end of axis i), along its
 * diagonal: every axis at the same distances from its end at once, where
 * a singularity such as 1/(x + y) at (0, 0) is, which the probes of the
 * ends, with the other axes inside, miss.
 */
static int
plan_corner_singular(const struct task *t, struct expr *e, int c,
    double *order)
{
	double	 p[TASK_MAXDIM] = { 0, 0, 0 }, v[4], o2;
	int	 i, ax, s;

	for (s = 0; s < 2; s++) {
		for (i = 0; i < 4; i++) {
			for (ax = 0; ax < t->dims; ax++)
				p[ax] = plan_at(&t->axis[ax], (c >> ax) & 1,
				    i, s ? PLAN_DIST2 : 1);
			v[i] = expr_eval_point(e, p[0], p[1], p[2]);
		}
		if (!plan_probe_singular(v, s ? &o2 : order))
			return 0;
	}
	return 1;
}

static int
plan_singular_end(const struct task *t, struct expr *e, double *order)
{
	int	 ax, end, k, c;

	for (ax = 0; ax < t->dims; ax++)
		for (end = 0; end < 2; end++)
			for (k = 0; k < 3; k++)
				if (plan_end_singular(t, e, ax, end, k, order))
					return 2 * ax + end;
	for (c = 0; t->dims > 1 && c < 1 << t->dims; c++)
		if (plan_corner_singular(t, e, c, order))
			return PLAN_CORNER + c;
	return -1;
}

/* "tolerance: singular at (x, y) = (0, 1) (local order b)", or not finite. */
static void
plan_corner_name(const struct task *t, int c, double b, char **out)
{
	char	 axes[16] = "", at[160] = "";
	int	 i, na = 0, nt = 0;

	for (i = 0; i < t->dims; i++) {
		na += snprintf(axes + na, sizeof axes - na, "%s%s",
		    i ? ", " : "", plan_axes[i]);
		nt += snprintf(at + nt, sizeof at - nt, "%s%.17g", i ? ", " :
		    "", (c >> i) & 1 ? t->axis[i].hi : t->axis[i].lo);
	}
	if (isfinite(b))
		xasprintf(out, "tolerance: singular at (%s) = (%s) (local "
		    "order %.2g)", axes, at, b);
	else
		xasprintf(out, "tolerance: not finite at (%s) = (%s)", axes,
		    at);
}

/*
 * Choose the rule for a tolerance that was given none: gauss for an
 * integrand smooth at every end, tanh-sinh for one singular or not finite
 * at some end. The grid starts as the rule's.
 */
/*
 * A named evenly spaced rule under a tolerance, at an end where the
 * integrand is unbounded (|x - a|^p, p < 0): its error there, about
 * h^(1 + p), changes so little from grid to grid (1% to 11% for p at or
 * below -0.75) that neither the levels nor the checks see it, and such
 * runs were met hundreds of times over the target. No tolerance is met
 * then: the sequence stops at its first candidate, saying why.
 */
static void
plan_blind(struct plan *pl, struct expr *e)
{
	struct task	*t = &pl->task;
	double		 b;
	int		 s;

	if (!plan_adaptive(pl) || (t->rule != RULE_MIDPOINT &&
	    t->rule != RULE_TRAPEZOID && t->rule != RULE_SIMPSON &&
	    t->rule != RULE_BOOLE))
		return;
	if ((s = plan_singular_end(t, e, &b)) < 0 || (isfinite(b) && b >= 0))
		return;
	if (s >= PLAN_CORNER)
		xasprintf(&pl->tol_blind, "a corner is singular: %s cannot "
		    "see what it misses there; name no rule (pint takes "
		    "tanh-sinh)", quad_rule_name(t->rule));
	else if (!isfinite(b))
		xasprintf(&pl->tol_blind, "not finite at %s = %.17g: %s "
		    "cannot see what it misses there; name no rule (pint takes "
		    "tanh-sinh)", plan_axes[s / 2], s % 2 ?
		    t->axis[s / 2].hi : t->axis[s / 2].lo,
		    quad_rule_name(t->rule));
	else
		xasprintf(&pl->tol_blind, "singular at %s = %.17g (local "
		    "order %.2g): %s cannot see what it misses there; name no "
		    "rule (pint takes tanh-sinh)", plan_axes[s / 2], s % 2 ?
		    t->axis[s / 2].hi : t->axis[s / 2].lo, b,
		    quad_rule_name(t->rule));
}

static int
plan_choose_rule(struct plan *pl, struct expr *e, char **cause)
{
	struct task	*t = &pl->task;
	double		 b;
	int		 s, i;

	if (!plan_adaptive(pl) || t->loc_rule.line > 0 ||
	    t->loc_rule.opt != NULL) {
		pl->rule_chosen_by = xstrdup(t->loc_rule.opt != NULL ? "-r" :
		    t->loc_rule.line > 0 ? "task" : "default");
		plan_blind(pl, e);
		return 0;
	}
	s = plan_singular_end(t, e, &b);
	if (s < 0) {
		t->rule = RULE_GAUSS;
		pl->rule_chosen_by = xstrdup("tolerance: smooth at every end");
	} else if (s >= PLAN_CORNER) {
		t->rule = RULE_TANH_SINH;
		plan_corner_name(t, s - PLAN_CORNER, b, &pl->rule_chosen_by);
	} else {
		t->rule = RULE_TANH_SINH;
		if (isfinite(b))
			xasprintf(&pl->rule_chosen_by, "tolerance: singular at "
			    "%s = %.17g (local order %.2g)", plan_axes[s / 2],
			    s % 2 ? t->axis[s / 2].hi : t->axis[s / 2].lo, b);
		else
			xasprintf(&pl->rule_chosen_by, "tolerance: not finite "
			    "at %s = %.17g", plan_axes[s / 2], s % 2 ?
			    t->axis[s / 2].hi : t->axis[s / 2].lo);
	}
	for (i = 0; i < t->dims; i++) {
		t->axis[i].step = 0;
		t->axis[i].points = 0;
	}
	if (task_finish(t, cause) != 0 || quad_grid(&pl->grid, t, cause) != 0)
		return -1;
	return 0;
}

/* Compile the expression once, in the parent, to choose the engine. */
static int
plan_engine(struct plan *pl, char **cause)
{
	struct expr	*e;
	const char	*env;
	char		*why = NULL, where[256];

	/* Read again by each worker: only checked here. */
	if ((env = getenv("PINT_SIMD")) != NULL && *env != '\0' &&
	    vexpr_isa_parse(env) < 0) {
		xasprintf(cause, "PINT_SIMD=%s: not one of base, avx2, avx512",
		    env);
		return -1;
	}
	e = expr_compile(&pl->task, pl->task.engine, 1, &why);
	if (e == NULL) {
		task_where(&pl->task, &pl->task.loc_expression, where,
		    sizeof where);
		xasprintf(cause, "%s: %s", where, why);
		free(why);
		return -1;
	}
	pl->engine = expr_engine(e);
	pl->engine_note = xstrdup(expr_engine_note(e));
	expr_ops(e, &pl->ops);
	if (plan_choose_rule(pl, e, cause) != 0) {
		expr_free(e);
		return -1;
	}
	/* tanh-sinh: what its nodes leave out at the ends, once. */
	if (pl->task.rule == RULE_TANH_SINH)
		pl->grid.ts_tail = quad_ts_tails(&pl->task, e);
	expr_free(e);
	return 0;
}

int
plan_runs(const struct plan *pl)
{
	return pl->njobs * pl->run.repeat;
}

/*
 * Several runs write FILE-jJ-R files beside --samples FILE: a FILE that
 * is not a regular file (/dev/stdout, a FIFO) has no "beside", and pint
 * would make and remove files in /dev. 0, or -1 + cause.
 */
static int
plan_samples_each(const struct plan *pl, char **cause)
{
	struct output_target	 t;
	int			 inplace;

	if (pl->run.samples == NULL ||
	    (plan_runs(pl) <= 1 && pl->run.min_time <= 0))
		return 0;
	/*
	 * FILE itself is never written, so no other check sees an empty
	 * name or a directory ("", "..", "sd/"): -jJ-R would go inside it.
	 */
	if (output_resolve(&t, "--samples", pl->run.samples, OUTPUT_READ,
	    cause) != 0)
		return -1;
	inplace = t.inplace;
	output_target_free(&t);
	if (!inplace)
		return 0;
	xasprintf(cause, "--samples %s: not a regular file, and several runs "
	    "write one file each beside it (FILE-jJ-R)", pl->run.samples);
	return -1;
}

/*
 * A run's own samples file (FILE-jJ-R) that is there already must be a
 * regular file to replace: a FIFO there would hold the sweep half way,
 * waiting for a reader, a device take one run's rows among others'.
 */
static int
plan_samples_run(const char *path, char **cause)
{
	struct output_target	 t;
	int			 inplace;

	if (output_resolve(&t, "--samples", path, OUTPUT_READ, cause) != 0)
		return -1;
	inplace = t.inplace;
	output_target_free(&t);
	if (!inplace)
		return 0;
	xasprintf(cause, "--samples: %s is not a regular file; each run's "
	    "samples file is written in full, as a new file", path);
	return -1;
}

char *
plan_samples_path(const struct plan *pl, int jobs, int rep)
{
	size_t	 stem;
	char	*path;

	if (pl->run.samples == NULL)
		return NULL;
	if (plan_runs(pl) <= 1 && pl->run.min_time <= 0)
		return xstrdup(pl->run.samples);
	stem = plan_samples_stem(pl->run.samples);
	xasprintf(&path, "%.*s-j%d-%d%s", (int)stem, pl->run.samples, jobs,
	    rep, pl->run.samples + stem);
	return path;
}

/*
 * Where --samples FILE puts "-jJ-R" in FILE: before its extension, or at
 * its end if it has none. The length of the part before.
 */
static size_t
plan_samples_stem(const char *samples)
{
	const char	*dot = strrchr(samples, '.');
	const char	*slash = strrchr(samples, '/');

	if (dot == NULL || (slash != NULL && dot < slash) || dot == samples)
		return strlen(samples);
	return (size_t)(dot - samples);
}

/* A decimal count without leading zeros at *p; 0 if none. */
static long
plan_count(const char **p)
{
	long	 n = 0;

	if (**p < '1' || **p > '9')
		return 0;
	while (**p >= '0' && **p <= '9' && n < 1000000000)
		n = 10 * n + (*(*p)++ - '0');
	return n;
}

int
plan_samples_match(const struct plan *pl, const char *key, int *jobs,
    int *rep)
{
	const char	*p;
	size_t		 plen, slen, klen = strlen(key);

	if (pl->samples_key == NULL)
		return 0;
	slen = strlen(pl->run.samples) - plan_samples_stem(pl->run.samples);
	plen = strlen(pl->samples_key) - slen;
	if (klen <= plen + slen || strncmp(key, pl->samples_key, plen) != 0 ||
	    strcmp(key + klen - slen, pl->samples_key + plen) != 0)
		return 0;
	p = key + plen;
	if (strncmp(p, "-j", 2) != 0)
		return 0;
	p += 2;
	if ((*jobs = (int)plan_count(&p)) == 0 || *p++ != '-' ||
	    (*rep = (int)plan_count(&p)) == 0)
		return 0;
	return p == key + klen - slen;
}

/*
 * With --min-time, the rounds past --repeat write samples files no one can
 * list in advance: no other output may be one of them.
 */
static int
plan_check_rounds(const struct plan *pl, char **cause)
{
	const struct output_target	*t;
	int				 i, k, jobs, rep;

	if (pl->run.samples == NULL || pl->run.min_time <= 0)
		return 0;
	for (k = 0; k < pl->outputs.n; k++) {
		t = &pl->outputs.t[k];
		if (strcmp(t->what, "--samples") == 0 ||
		    !plan_samples_match(pl, t->key, &jobs, &rep))
			continue;
		for (i = 0; i < pl->njobs; i++) {
			if (pl->jobs[i] != jobs)
				continue;
			xasprintf(cause, "%s %s: the same file as the samples "
			    "of a --min-time round (--samples %s)", t->what,
			    t->path, pl->run.samples);
			return -1;
		}
	}
	return 0;
}

/* --plot: a sweep, a .png or .svg name and gnuplot on the PATH. */
static int
plan_check_plot(struct plan *pl, char **cause)
{
	if (*pl->run.plot == '\0') {
		*cause = xstrdup("--plot: empty file name");
		return -1;
	}
	if (pl->njobs < 2) {
		xasprintf(cause, "--plot %s: draws a sweep; give -j a list or "
		    "a range", pl->run.plot);
		return -1;
	}
	if (plot_format(pl->run.plot) == NULL) {
		xasprintf(cause, "--plot%s%s: the name must end in .png or "
		    ".svg", *pl->run.plot ? " " : "", pl->run.plot);
		return -1;
	}
	if (output_set_add(&pl->outputs, "--plot", pl->run.plot, OUTPUT_WRITE,
	    cause) != 0)
		return -1;
	pl->plot.timeout_s = pl->hooks.plot_timeout_s > 0 ?
	    pl->hooks.plot_timeout_s : PLOT_TIMEOUT_S;
	return plot_check(pl->run.plot, &pl->plot.gnuplot, cause);
}

/*
 * The outputs as one set, resolved here, before any fork: the task file,
 * standard output, -o's pair, each samples file, the exports, the plot
 * and the journal; each must be writable and no two one file.
 */
static int
plan_check_outputs(struct plan *pl, const struct cli_opts *o, char **cause)
{
	static const char	*const names[] = { "result.txt",
				    "benchmark.json" };
	struct output_set	*set = &pl->outputs;
	struct stat		 st;
	char			*path;
	size_t			 n;
	int			 i, k, rv = 0, how;

	if (o->config != NULL && (strcmp(o->config, "-") == 0 ?
	    output_set_stdin(set, "-c", cause) :
	    output_set_add(set, "-c", o->config, OUTPUT_READ, cause)) != 0)
		return -1;
	if (output_set_stdout(set, cause) != 0 ||
	    output_set_stderr(set, cause) != 0)
		return -1;
	if (pl->run.outdir != NULL) {
		if (output_check_dir("-o", pl->run.outdir, cause) != 0)
			return -1;
		how = stat(pl->run.outdir, &st) == 0 ? OUTPUT_WRITE :
		    OUTPUT_LATER;
		for (n = 0; n < sizeof names / sizeof *names && rv == 0; n++) {
			xasprintf(&path, "%s/%s", pl->run.outdir, names[n]);
			rv = output_set_add(set, "-o", path, how, cause);
			free(path);
		}
	}
	if (rv == 0 && plan_samples_each(pl, cause) != 0)
		return -1;
	for (i = 0; pl->run.samples != NULL && i < pl->njobs && rv == 0; i++) {
		for (k = 1; k <= pl->run.repeat && rv == 0; k++) {
			path = plan_samples_path(pl, pl->jobs[i], k);
			/* One file per -j value and round: once each. */
			if (output_set_find(set, path) == NULL &&
			    strcmp(path, pl->run.samples) != 0 &&
			    plan_samples_run(path, cause) != 0)
				rv = -1;
			else if (output_set_find(set, path) == NULL)
				rv = output_set_add(set, "--samples", path,
				    OUTPUT_WRITE, cause);
			free(path);
		}
	}
	if (rv == 0 && pl->run.export_json != NULL)
		rv = output_set_add(set, "--export-json", pl->run.export_json,
		    OUTPUT_WRITE, cause);
	if (rv == 0 && pl->run.export_csv != NULL)
		rv = output_set_add(set, "--export-csv", pl->run.export_csv,
		    OUTPUT_WRITE, cause);
	if (rv == 0 && pl->run.export_markdown != NULL)
		rv = output_set_add(set, "--export-markdown",
		    pl->run.export_markdown, OUTPUT_WRITE, cause);
	if (rv == 0 && pl->run.plot != NULL)
		rv = plan_check_plot(pl, cause);
	if (rv == 0 && pl->run.checkpoint != NULL)
		rv = output_set_add(set, "--checkpoint", pl->run.checkpoint,
		    OUTPUT_OWNED, cause);
	if (rv == 0 && pl->run.samples != NULL &&
	    (pl->samples_key = output_key(pl->run.samples)) == NULL) {
		xasprintf(cause, "--samples %s: %s", pl->run.samples,
		    strerror(errno));
		return -1;
	}
	return rv == 0 ? plan_check_rounds(pl, cause) : rv;
}

static void
plan_copy_opts(struct plan *pl, const struct cli_opts *o)
{
	memcpy(pl->jobs, o->jobs, sizeof pl->jobs);
	pl->njobs = o->njobs;
	if (o->njobs > 0)
		pl->jobs_source = "option";
	pl->run = o->run;
	pl->max_points = o->max_points;
	pl->argc = o->argc;
	pl->argv = o->argv;
	pl->mpi = o->mpi;
}

/*
 * MPI mode: asked for with --mpi, or an MPI launcher started us. A pint
 * without MPI started as one of several ranks would run as many
 * independent copies: refused.
 */
static int
plan_mpi(struct plan *pl, char **cause)
{
	const char	*what = NULL;
	int		 n;

	n = cluster_env(&pl->env_rank, &pl->env_size, &what);
	if (!cluster_available()) {
		if (pl->mpi) {
			xasprintf(cause, "--mpi: this pint was built without "
			    "MPI (configure --with-mpi)");
			return -1;
		}
		if (n > 1) {
			xasprintf(cause, "started by %s as rank %d of %d, but "
			    "this pint was built without MPI: the ranks would "
			    "run %d independent copies; rebuild with MPI "
			    "(configure --with-mpi) or start one pint", what,
			    pl->env_rank, n, n);
			return -1;
		}
		return 0;
	}
	if (n > 0)
		pl->mpi = 1;
	if (pl->mpi && plan_adaptive(pl)) {
		xasprintf(cause, "MPI mode runs one fixed grid: no --tol or "
		    "--atol (run the adaptive integral on one machine)");
		return -1;
	}
	if (pl->mpi && (pl->njobs > 1 || pl->run.repeat > 1 || pl->run.warmup > 0 ||
	    pl->run.min_time > 0)) {
		xasprintf(cause, "MPI mode runs one -j value per rank once (the "
		    "workers are forked before MPI starts): no sweep, --repeat, "
		    "--warmup or --min-time; start one job per -j value");
		return -1;
	}
	return 0;
}

int
plan_make(struct plan *pl, const struct cli_opts *o, char **cause)
{
	struct adapt	 ad;

	memset(pl, 0, sizeof *pl);
	task_init(&pl->task);
	plan_copy_opts(pl, o);
	hooks_read(&pl->hooks);
	cpus_detect(&pl->cpus, pl->hooks.cgroup_root,
	    pl->hooks.proc_self_cgroup);

	if (plan_task(&pl->task, o, cause) != 0 || plan_jobs(pl, cause) != 0 ||
	    quad_grid(&pl->grid, &pl->task, cause) != 0 ||
	    plan_engine(pl, cause) != 0 ||
	    plan_check_outputs(pl, o, cause) != 0)
		return EXIT_USAGE;
	if (plan_mpi(pl, cause) != 0)
		return EXIT_USAGE;
	if (pl->run.checkpoint != NULL &&
	    (pl->njobs > 1 || pl->run.repeat > 1 || pl->run.warmup > 0 ||
	    pl->run.min_time > 0)) {
		xasprintf(cause, "--checkpoint: resumes one run; it takes one "
		    "-j value and no --repeat, --min-time or --warmup");
		return EXIT_USAGE;
	}
	if (pl->run.checkpoint != NULL && plan_adaptive(pl)) {
		xasprintf(cause, "--checkpoint: journals one grid; it cannot "
		    "be combined with a tolerance");
		return EXIT_USAGE;
	}
	if (plan_adaptive(pl) && adapt_begin(&ad, &pl->task, pl->max_points,
	    pl->grid.ts_tail, cause) != 0)
		return EXIT_USAGE;
	if (pl->max_points != 0 && !plan_adaptive(pl)) {
		xasprintf(cause, "--max-points: the budget of a tolerance; give "
		    "--tol or --atol (or tolerance in the task)");
		return EXIT_USAGE;
	}
	return 0;
}

int
plan_adaptive(const struct plan *pl)
{
	return pl->task.tolerance > 0 || pl->task.abs_tolerance > 0;
}

void
plan_free(struct plan *pl)
{
	task_free(&pl->task);
	cpus_free(&pl->cpus);
	output_set_free(&pl->outputs);
	free(pl->plot.gnuplot);
	pl->plot.gnuplot = NULL;
	free(pl->samples_key);
	pl->samples_key = NULL;
	free(pl->engine_note);
	pl->engine_note = NULL;
	free(pl->rule_chosen_by);
	pl->rule_chosen_by = NULL;
	free(pl->tol_blind);
	pl->tol_blind = NULL;
}
