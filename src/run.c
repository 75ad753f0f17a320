/*
 * run: the plan carried out. The parent compiles the expression once (to
 * report errors and choose the engine) but never evaluates it in bulk;
 * each run gets a fresh sampler and pool (one for all the grids of a
 * tolerance).
 */
#include "config.h"

#include "run.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adapt.h"
#include "ckpt.h"
#include "cluster.h"
#include "expr.h"
#include "fprint.h"
#include "hostinfo.h"
#include "output.h"
#include "plot.h"
#include "pool.h"
#include "progress.h"
#include "quad.h"
#include "report.h"
#include "results.h"
#include "sampler.h"
#include "util.h"
#include "vexpr.h"

#define OTHER_LOAD_WARN	0.25	/* CPUs busy elsewhere worth a warning */
#define OTHER_LOAD_MIN_S 0.5	/* runs shorter than this are too coarse */

/* What one output file holds: the text of a format, or a time series. */
struct run_content {
	enum format			 format;	/* FORMAT_TEXT: Markdown */
	const struct plan		*plan;
	const struct results		*results;
	const struct sampler_series	*series;	/* or NULL */
};

static int	run_format(FILE *, enum format, const struct plan *,
		    const struct results *);

/*
 * Write an output file (what names its option), whole or not at all;
 * 0, or -1 with the message printed.
 */
static int
run_write(const char *what, const char *path, const struct run_content *c)
{
	struct output	*o;
	char		*cause = NULL;

	if ((o = output_open(&c->plan->outputs, what, path, &cause)) != NULL) {
		if (c->series != NULL)
			report_samples_csv(output_fp(o), c->series);
		else if (c->format == FORMAT_TEXT)
			report_markdown(output_fp(o), c->results);
		else
			run_format(output_fp(o), c->format, c->plan,
			    c->results);
		if (output_commit(o, &cause) == 0)
			return 0;
	}
	warnmsg("%s", cause);
	free(cause);
	return -1;
}

/*
 * Is the file at key (st: its lstat) an output other than the samples, or
 * the task file? Those are never removed as stale samples.
 */
static int
run_kept_file(const struct plan *pl, const char *key, const struct stat *st)
{
	const struct output_target	*t;
	int				 i;

	for (i = 0; i < pl->outputs.n; i++) {
		t = &pl->outputs.t[i];
		if (strcmp(t->what, "--samples") == 0)
			continue;
		if (strcmp(t->key, key) == 0 || (t->exists &&
		    t->dev == st->st_dev && t->ino == st->st_ino))
			return 1;
	}
	return 0;
}

/*
 * Before the first run, every per-run samples file of --samples FILE is
 * removed: each regular file in FILE's directory named FILE-jJ-R.ext for
 * any counts J and R (pint's own naming, plan_samples_match), whatever
 * sweep wrote it, so that no file of an earlier sweep, with other -j
 * values or more rounds, is left beside this one's. Links, other kinds of
 * file and any other output or the task file are left alone. (One run's
 * FILE itself is kept until its replacement is complete.)
 */
static void
run_clear_samples(const struct plan *pl)
{
	struct dirent	*de;
	struct stat	 st;
	char		*dir, *key, *slash, *path;
	DIR		*d;
	int		 jobs, rep;

	if (pl->samples_key == NULL)
		return;
	dir = xstrdup(pl->samples_key);
	if ((slash = strrchr(dir, '/')) != NULL)
		slash[slash == dir ? 1 : 0] = '\0';
	/* By the name given: the key may be no path (output_key). */
	path = output_dirname(pl->run.samples);
	d = opendir(path);
	free(path);
	if (d == NULL) {
		free(dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		xasprintf(&key, "%s/%s", strcmp(dir, "/") == 0 ? "" : dir,
		    de->d_name);
		if (plan_samples_match(pl, key, &jobs, &rep) &&
		    fstatat(dirfd(d), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
		    !run_kept_file(pl, key, &st))
			unlinkat(dirfd(d), de->d_name, 0);
		free(key);
	}
	closedir(d);
	free(dir);
}

/*
 * The results of a --checkpoint or MPI run: resumed, then kept as they
 * come (on rank 0 from every rank).
 */
struct run_journal {
	struct ckpt		*ck;
	struct quad_partial	*parts;
	unsigned char		*have;
	const struct plan	*pl;
	struct cluster		*cl;		/* MPI mode, once started */
	int			 status;	/* rank 0's journal, for all */
	pid_t			 launcher;	/* MPI mode: our parent */
	int			 orphan;	/* the launcher died */
};

static void
run_kept(void *arg, uint64_t chunk, const struct quad_partial *part)
{
	struct run_journal	*j = arg;

	if (j->cl != NULL && cluster_rank(j->cl) != 0)
		cluster_kept(j->cl, chunk, part);
	else if (j->ck != NULL)
		ckpt_add(j->ck, chunk, part);
}

/* Rank 0: a chunk computed by another rank. */
static void
run_got(void *arg, uint64_t chunk, const struct quad_partial *part)
{
	struct run_journal	*j = arg;

	if (j->have[chunk])
		return;
	j->have[chunk] = 1;
	j->parts[chunk] = *part;
	if (j->ck != NULL)
		ckpt_add(j->ck, chunk, part);
}

static int
run_tick(void *arg, char **cause)
{
	struct run_journal	*j = arg;
	int			 rv;

	if (j->cl != NULL && getppid() != j->launcher) {
		/* Killed mpirun leaves its ranks running: stop, no MPI. */
		j->orphan = 1;
		xasprintf(cause, "the MPI launcher (pid %ld) is gone",
		    (long)j->launcher);
		return EXIT_RUNFAIL;
	}
	if (j->cl != NULL && (rv = cluster_tick(j->cl, cause)) != 0)
		return rv;
	if (j->ck != NULL && ckpt_flush(j->ck, 0, cause) != 0)
		return EXIT_RUNFAIL;
	return 0;
}

static int
run_claim(void *arg, uint64_t *first, uint64_t *count)
{
	struct run_journal	*j = arg;

	return cluster_claim(j->cl, first, count);
}

/*
 * MPI mode, once the workers are forked: MPI starts in its thread, and
 * the workers start on the first batch the launcher's word gives this
 * rank (not when resuming: rank 0 says which chunks are done).
 */
static int
run_forked(void *arg, char **cause)
{
	struct run_journal	*j = arg;
	struct cluster_start	 cs;

	memset(&cs, 0, sizeof cs);
	cs.nchunks = j->pl->grid.nchunks;
	cs.env_rank = j->pl->env_rank;
	cs.env_size = j->pl->env_size;
	cs.first_batch = j->pl->run.checkpoint == NULL;
	cs.status = j->status;
	if (j->pl->run.checkpoint != NULL)
		cs.have = j->have;
	cs.got = run_got;
	cs.got_arg = j;
	if ((j->cl = cluster_start(&cs, cause)) == NULL)
		return EXIT_RESOURCE;
	return 0;
}

/* Open the journal before anything is forked; 0 or an exit status. */
static int
run_journal_open(struct run_journal *j, const struct plan *pl)
{
	const struct grid	*g = &pl->grid;
	char			*id, *cause = NULL, *engine;
	uint64_t		 resumed;
	int			 status;

	memset(j, 0, sizeof *j);
	j->pl = pl;
	j->launcher = getppid();
	if (pl->mpi) {
		j->parts = xcalloc(g->nchunks, sizeof *j->parts);
		j->have = xcalloc(g->nchunks, 1);
	}
	if (pl->run.checkpoint == NULL || (pl->mpi && pl->env_rank != 0))
		return 0;
	if (j->parts == NULL) {
		j->parts = xcalloc(g->nchunks, sizeof *j->parts);
		j->have = xcalloc(g->nchunks, 1);
	}
	/*
	 * The vector unit too: its sums (and the vector engine's functions)
	 * differ in the last bits between them, so a journal resumed on a
	 * CPU with another one would mix two runs' bits.
	 */
	xasprintf(&engine, "%s (%s)", task_engine_name(pl->engine),
	    vexpr_isa_name(vexpr_isa()));
	id = quad_identity(&pl->task, g, engine);
	free(engine);
	j->ck = ckpt_open(pl->run.checkpoint, id, g->nchunks, j->parts, j->have,
	    &resumed, &status, &cause);
	free(id);
	if (j->ck == NULL) {
		warnmsg("%s", cause);
		free(cause);
		if (pl->mpi) {
			/* The other ranks wait for our word. */
			j->status = status;
			return 0;
		}
		free(j->parts);
		free(j->have);
		return status;
	}
	return 0;
}

/* Flush and close the journal; 0 or an exit status. */
static int
run_journal_close(struct run_journal *j)
{
	char	*cause = NULL;
	int	 rv = 0;

	if (j->ck != NULL && ckpt_close(j->ck, &cause) != 0) {
		warnmsg("%s", cause);
		free(cause);
		rv = EXIT_RUNFAIL;
	}
	free(j->parts);
	free(j->have);
	j->ck = NULL;
	j->parts = NULL;
	j->have = NULL;
	return rv;
}

/* A tolerance's sequence as its pool computes it. */
struct run_seq {
	struct adapt		*ad;
	struct quad_result	 est;	/* the last grid's, after adapt_next */
};

/*
 * The pool has computed the sequence's grid: take its integral and
 * estimate, and give the next grid, on the same workers, or end.
 */
static int
run_next_grid(void *arg, const struct pool_result *one,
    const struct quad_partial *parts, const struct grid **next)
{
	struct run_seq	*sq = arg;
	struct adapt	*ad = sq->ad;
	int		 done;

	quad_combine(&ad->grid, parts, &sq->est);
	if (one->nonfinite != 0)
		sq->est.nlev = 0;	/* dropped points: never reused */
	/* The points evaluated: the old grid's were not, again. */
	done = adapt_next(ad, &sq->est, ad->grid.points - ad->grid.reused);
	if (done || stop_signal != 0)
		return 0;
	*next = &ad->grid;
	return 1;
}

/*
 * A run with a tolerance: one pool, forked once, computes each grid of
 * the sequence. pr gets the last grid's integral and estimate, and the
 * time, points and faults of them all.
 */
static int
run_adaptive(const struct plan *pl, const struct pool_opts *po,
    struct pool_result *pr, struct adapt *ad, char **cause)
{
	struct pool_opts	 o = *po;
	struct run_seq		 sq;
	int			 rv;

	memset(pr, 0, sizeof *pr);
	if (adapt_begin(ad, &pl->task, pl->max_points, pl->grid.ts_tail,
	    cause) != 0)
		return EXIT_USAGE;
	ad->blind = pl->tol_blind;
	memset(&sq, 0, sizeof sq);
	sq.ad = ad;
	/* Our own partials: the levels' integrals, for the next grid. */
	o.parts = NULL;
	o.have = NULL;
	o.next_grid = run_next_grid;
	o.hook_arg = &sq;
	if ((rv = pool_run(&ad->task, &ad->grid, &o, pr, cause)) != 0)
		return rv;
	/* After a check, the candidate's integral is the result. */
	pr->integral = sq.est.integral;
	pr->representable = sq.est.representable;
	pr->log2_magnitude = sq.est.log2_magnitude;
	pr->error_estimate = sq.est.error;
	pr->observed_order = sq.est.order;
	pr->error_reliable = sq.est.reliable && pr->nonfinite == 0;
	pr->error_observed = sq.est.from_observed;
	return 0;
}

/*
 * MPI mode, after the rank's pool: every rank's figures and partials to
 * rank 0, which combines them into pr. 0, or an exit status; a failure
 * other than a signal stops every rank.
 */
static int
run_cluster_end(struct run_journal *j, struct results *res, int jobs,
    struct pool_result *pr, const struct sampler_summary *sum, long rss,
    int rv, char *cause)
{
	struct cluster_node	 me, *all;
	double			 t0;
	int			 i;

	if (rv > 128 || j->orphan ||
	    (rv != 0 && cause != NULL && *cause == '\0')) {
		/* A signal (every rank gets it), no launcher, rank 0's no. */
		if (cause != NULL && *cause != '\0')
			warnmsg("%s", cause);
		if (rv > 128)
			cluster_lost_peers(j->cl);
		return rv;
	}
	if (rv != 0) {
		if (cause != NULL && *cause != '\0')
			warnmsg("rank %d: %s", cluster_rank(j->cl), cause);
		run_journal_close(j);
		cluster_abort(j->cl, rv);
	}
	memset(&me, 0, sizeof me);
	me.jobs = jobs;
	me.chunks = pr->chunks_done;
	for (i = 0; i < pr->nworkers; i++) {
		me.points += pr->workers[i].points;
		me.busy_s += pr->workers[i].busy_s;
	}
	me.user_s = pr->user_s;
	me.sys_s = pr->sys_s;
	me.wall_s = pr->wall_s;
	me.other_cpus = results_other_cpus(pr, sum);
	me.max_rss_kib = rss;
	me.workers_max_rss_kib = pr->max_rss_kib;
	me.worker_deaths = pr->deaths;
	all = xcalloc(cluster_size(j->cl), sizeof *all);
	t0 = now_s();
	if ((rv = cluster_gather(j->cl, &me, all, &cause)) != 0) {
		if (rv < 128) {
			warnmsg("%s", cause);
			run_journal_close(j);
			cluster_abort(j->cl, rv);
		}
		free(all);
		return rv;
	}
	if (cluster_rank(j->cl) != 0) {
		free(all);
		return 0;
	}
	/* The job's time runs until rank 0 has every rank's chunks. */
	pr->wall_s += now_s() - t0;
	pr->compute_s += now_s() - t0;
	pool_tally(pr, &j->pl->grid, j->parts);
	res->ranks = cluster_size(j->cl);
	res->nodes = all;
	{
		double	 cpu = 0, wall = 0;
		int	 alljobs = 0;

		for (i = 0; i < res->ranks; i++) {
			cpu += all[i].user_s + all[i].sys_s;
			alljobs += all[i].jobs;
			if (all[i].wall_s > wall)
				wall = all[i].wall_s;
		}
		res->job_efficiency = wall > 0 ? cpu / (wall * alljobs) : NAN;
	}
	return 0;
}

/* Where the fingerprint is read: /sys and /proc, or the test's tree. */
static void
run_roots(const struct plan *pl, struct fp_roots *r)
{
	r->sys = pl->hooks.sys_root != NULL ? pl->hooks.sys_root : "/sys";
	r->proc = pl->hooks.proc_root != NULL ? pl->hooks.proc_root : "/proc";
}

/* The CPU numbers a worker can be on: up to the highest usable one. */
static int
run_maxcpu(const struct plan *pl)
{
	int	 n = pl->cpus.online;

	if (pl->cpus.affinity > 0 && pl->cpus.list[pl->cpus.affinity - 1] >= n)
		n = pl->cpus.list[pl->cpus.affinity - 1] + 1;
	return n;
}

/* The pool's options for one run of -j jobs. */
static void
run_pool_opts(struct plan *pl, int jobs, struct sampler *s,
    struct progress *pg, struct run_journal *jr, struct pool_opts *po)
{
	memset(po, 0, sizeof *po);
	po->jobs = jobs;
	po->engine = pl->engine;
	po->max_restarts = pl->run.max_restarts >= 0 ? pl->run.max_restarts :
	    16 + 2 * jobs;
	po->fault_rate = pl->run.fault_rate;
	po->fault_seed = pl->run.fault_seed;
	po->hang_min_s = pl->run.hang_s;
	if (pl->run.pin) {
		po->pin_cpus = pl->cpus.list;
		po->npin_cpus = pl->cpus.affinity;
	}
	po->hooks = &pl->hooks;
	po->sampler = s;
	po->progress = progress_update;
	po->progress_arg = pg;
	if (jr->ck != NULL || pl->mpi) {
		/* Finished chunks go to the journal and across ranks. */
		po->parts = jr->parts;
		po->have = jr->have;
		po->kept = run_kept;
		po->tick = run_tick;
		po->hook_arg = jr;
	}
	if (pl->mpi) {
		po->fork_server = 1;
		po->forked = run_forked;
		po->claim = run_claim;
	}
}

/* The progress line's label of a run (rep 0: a warm-up). */
static void
run_label(const struct plan *pl, const struct results *res, int rep,
    int jobs, char *label, size_t size)
{
	if (rep > 0 && pl->njobs * pl->run.repeat > 1 && pl->run.min_time <= 0)
		snprintf(label, size, "run %d of %d: -j %d",
		    res->nruns + 1, pl->njobs * pl->run.repeat, jobs);
	else if (rep > 0 && res->nruns > 0)
		snprintf(label, size, "run %d: -j %d", res->nruns + 1,
		    jobs);
	else if (rep > 0)
		snprintf(label, size, "-j %d", jobs);
	else
		snprintf(label, size, "-j %d warmup", jobs);
}

/*
 * One run of the plan's -j value number i; a kept one (rep > 0) goes into
 * the results. Its pool result is freed here, whether kept, a warm-up or
 * failed. A samples file that cannot be written sets *outfail; the sweep
 * goes on.
 */
static int
run_one(struct plan *pl, int i, int rep, struct results *res,
    struct progress *pg, struct run_journal *jr, struct adapt *ad,
    int *outfail)
{
	struct sampler_opts	 so;
	struct sampler_summary	 sum;
	struct sampler_series	*ser;
	struct pool_opts	 po;
	struct pool_result	 pr;
	struct sampler		*s;
	struct fp_roots		 roots;
	struct fp_cond		 cond;
	struct rusage		 ru;
	char			*cause = NULL, *path, label[48];
	double			 other;
	long			 rss = 0;
	int			 rv, w, jobs = pl->jobs[i];

	run_roots(pl, &roots);
	fp_cond_begin(&cond, &roots, pl->cpus.list, pl->cpus.affinity);
	memset(&so, 0, sizeof so);
	so.interval_ms = pl->run.interval_ms;
	so.proc_root = "/proc";
	so.sensors = fp_sensors_create(&roots, run_maxcpu(pl),
	    pl->cpus.affinity > 0 ? pl->cpus.list[0] : 0);
	so.cpus = pl->cpus.list;
	so.ncpus = pl->cpus.affinity;
	s = sampler_create(&so);

	run_pool_opts(pl, jobs, s, pg, jr, &po);
	run_label(pl, res, rep, jobs, label, sizeof label);
	progress_begin(pg, label);

	memset(&pr, 0, sizeof pr);
	if (plan_adaptive(pl)) {
		rv = run_adaptive(pl, &po, &pr, ad, &cause);
		/* Every run settles on the same grid: report that one. */
		res->task = &ad->last_task;
		res->grid = &ad->last_grid;
	} else
		rv = pool_run(&pl->task, &pl->grid, &po, &pr, &cause);
	progress_clear(pg);
	sampler_stop(s, &sum);
	ser = sampler_take_series(s);
	sampler_free(s);
	fp_sensors_result(so.sensors, &cond);
	fp_sensors_free(so.sensors);
	fp_cond_throttle(&cond, &roots, pl->cpus.list, pl->cpus.affinity);
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		rss = ru.ru_maxrss;
	if (jr->cl != NULL) {
		rv = run_cluster_end(jr, res, jobs, &pr, &sum, rss, rv, cause);
		free(cause);
		cause = NULL;
		if (rv != 0 || cluster_rank(jr->cl) != 0) {
			sampler_series_free(ser);
			pool_result_free(&pr);
			fp_cond_free(&cond);
			return rv;
		}
	}
	if (rv != 0) {
		warnmsg("%s", cause);
		free(cause);
	} else if (rep > 0) {
		results_add(res, i, jobs, rep, &pr, &sum, rss);
		if (plan_adaptive(pl))
			results_set_adapt(res, res->nruns - 1, ad);
		if ((path = plan_samples_path(pl, jobs, rep)) != NULL) {
			struct run_content	 c = { FORMAT_CSV, pl, res, ser };

			if (run_write("--samples", path, &c) != 0)
				*outfail = 1;
			free(path);
		}
		other = res->runs[res->nruns - 1].other_cpus;
		results_set_cond(res, res->nruns - 1, &cond,
		    &sum,
		    sum.elapsed_s >= OTHER_LOAD_MIN_S &&
		    other > OTHER_LOAD_WARN &&
		    other + jobs > pl->cpus.usable + OTHER_LOAD_WARN);
		for (w = 0; w < RESULTS_NWARN; w++)
			if (res->runs[res->nruns - 1].warn & (1 << w))
				warning("%s",
				    res->runs[res->nruns - 1].warn_msg[w]);
	}
	sampler_series_free(ser);
	pool_result_free(&pr);
	fp_cond_free(&cond);
	return rv;
}

/*
 * Round k (warm-ups at k <= 0) runs -j value number i (any value, i < 0)?
 * Every value gets --repeat rounds, then more while its wall time so far
 * is under --min-time, up to CLI_MAXREPEAT.
 */
static int
run_more(const struct plan *pl, const struct results *r, int k, int i)
{
	double	 wall;
	int	 n, first, last;

	if (k <= pl->run.repeat)
		return 1;
	if (pl->run.min_time <= 0 || k > CLI_MAXREPEAT)
		return 0;
	first = i < 0 ? 0 : i;
	last = i < 0 ? pl->njobs - 1 : i;
	for (i = first; i <= last; i++) {
		wall = 0;
		for (n = 0; n < r->nruns; n++)
			if (r->group[n] == i)
				wall += r->runs[n].wall_s;
		if (wall < pl->run.min_time)
			return 1;
	}
	return 0;
}

/*
 * Runs too short to benchmark say so, with the way out: a run of one -j
 * value measures start-up, a sweep of them no scaling.
 */
static void
run_warn_short(const struct plan *pl, const struct results *r)
{
	const char	*fix;
	int		 i;

	if (!r->short_runs)
		return;
	for (i = 0; i < r->nrows; i++) {
		if (r->rows[i].wall_median < RESULTS_SHORT_S)
			break;
	}
	fix = pl->run.min_time > 0 ? "a larger grid or -n N" :
	    "a larger grid, -n N, or --min-time S";
	if (r->nrows == 1)
		warning("%s took %.0f ms, under %.0f ms: too short to "
		    "benchmark, its figures measure start-up; give %s",
		    r->nruns == 1 ? "the run" : "the median run",
		    1000 * r->rows[i].wall_median, 1000 * RESULTS_SHORT_S,
		    fix);
	else
		warning("the median run of -j %d took %.0f ms, under %.0f "
		    "ms: this sweep measures start-up, not scaling; give %s",
		    r->rows[i].jobs, 1000 * r->rows[i].wall_median,
		    1000 * RESULTS_SHORT_S, fix);
}

/*
 * -o DIR: result.txt and benchmark.json, replaced together or neither.
 * 0, or -1 with the message printed.
 */
static int
run_outdir(const struct plan *pl, const struct results *r)
{
	struct output	*o[2] = { NULL, NULL };
	struct stat	 st;
	const char	*dir = pl->run.outdir;
	char		*cause = NULL;
	int		 made = stat(dir, &st) != 0;

	if ((o[0] = output_open_in(&pl->outputs, "-o", dir, "result.txt",
	    &cause)) == NULL || (o[1] = output_open_in(&pl->outputs, "-o",
	    dir, "benchmark.json", &cause)) == NULL) {
		output_abort(o[0]);
		goto fail;
	}
	fprintf(output_fp(o[0]), "%.17g\n", r->runs[0].integral);
	report_json(output_fp(o[1]), r);
	if (output_commit_all(o, 2, &cause) == 0)
		return 0;
fail:
	/* The directory pint made goes too (if still empty: ours alone). */
	if (made)
		rmdir(dir);
	warnmsg("%s", cause);
	free(cause);
	return -1;
}

/* One report in one format. */
static int
run_format(FILE *fp, enum format format, const struct plan *pl,
    const struct results *r)
{
	switch (format) {
	case FORMAT_JSON:
		report_json(fp, r);
		break;
	case FORMAT_YAML:
		return report_yaml(fp, r);
	case FORMAT_CSV:
		if (pl->run.summary)
			report_csv_summary(fp, r, pl->run.header);
		else
			report_csv(fp, r, pl->run.header);
		break;
	case FORMAT_TEXT:
		report_text(fp, r);
		break;
	}
	return 0;
}

/* One --export file in a format (FORMAT_TEXT: Markdown). */
static int
run_export(const char *what, const char *path, enum format format,
    const struct plan *pl, const struct results *r)
{
	struct run_content	 c = { format, pl, r, NULL };

	return run_write(what, path, &c);
}

/* The exports and the plot beside the report; 0, or -1 if one failed. */
static int
run_exports(const struct plan *pl, const struct results *r)
{
	char	*cause = NULL;
	int	 rv = 0;

	if (pl->run.export_json != NULL && run_export("--export-json",
	    pl->run.export_json, FORMAT_JSON, pl, r) != 0)
		rv = -1;
	if (pl->run.export_csv != NULL && run_export("--export-csv",
	    pl->run.export_csv, FORMAT_CSV, pl, r) != 0)
		rv = -1;
	if (pl->run.export_markdown != NULL && run_export("--export-markdown",
	    pl->run.export_markdown, FORMAT_TEXT, pl, r) != 0)
		rv = -1;
	if (pl->run.plot != NULL && plot_write(&pl->outputs, pl->run.plot,
	    &pl->plot, r, &cause) != 0) {
		warnmsg("%s", cause);
		free(cause);
		rv = -1;
	}
	return rv;
}

/* The report on stdout; 0, or -1 with the message printed. */
static int
run_stdout(const struct plan *pl, const struct results *r)
{
	FILE	*out;
	int	 error = 0;

	/*
	 * Through a stream whose writes a signal stops: a reader that does
	 * not read (a full pipe) must not hold SIGTERM until it dies.
	 */
	if (fflush(stdout) != 0 || (out = output_fdopen(STDOUT_FILENO,
	    0)) == NULL) {
		warnmsg("standard output: %s", strerror(errno));
		return -1;
	}
	if (run_format(out, pl->run.format, pl, r) != 0) {
		fclose(out);
		warnmsg("cannot write the YAML report");
		return -1;
	}
	if (fflush(out) != 0 || ferror(out))
		error = errno != 0 ? errno : EIO;
	fclose(out);
	if (error == EINTR && stop_signal != 0) {
		/* pint ends by the signal, as after a run. */
		warnmsg("standard output: the report was not written to the "
		    "end: pint got %s", sig_name(stop_signal));
		return -1;
	}
	if (error != 0) {
		warnmsg("standard output: %s", strerror(error));
		return -1;
	}
	return 0;
}

/* What a tolerance's stop means, for its message. */
static const char *
run_stop_why(const struct plan *pl, const struct results_run *p, char *buf,
    size_t size)
{
	if (p->tol_stop == NULL)
		return "";
	if (strcmp(p->tol_stop, "rounding") == 0) {
		if (p->tol_why != NULL) {
			snprintf(buf, size, " (%s, over the target)",
			    p->tol_why);
			return buf;
		}
		if (pl->task.rule == RULE_TANH_SINH)
			return " (the part beyond the outermost nodes, which "
			    "doubles cannot put closer to the ends, is over "
			    "the target)";
		if (pl->task.tolerance > 0 && pl->task.tolerance < QUAD_NOISE)
			return " (the rounding of the sum, over the target: "
			    "--tol asks more than doubles hold)";
		/* An --atol that the rounding is within, to the decade. */
		snprintf(buf, size, " (the rounding of the sum, over the "
		    "target: %s; --atol %.0e or more)", pl->task.tolerance > 0 ?
		    "the integral is near 0 against the values summed" :
		    "--atol asks more than doubles hold",
		    pow(10, ceil(log10(2 * p->error_estimate))));
		return buf;
	}
	if (strcmp(p->tol_stop, "unreliable") == 0 && p->tol_why != NULL) {
		snprintf(buf, size, " (%s)", p->tol_why);
		return buf;
	}
	if (strcmp(p->tol_stop, "unreliable") == 0)
		return p->confirmed == 0 ? " (an independent grid did not "
		    "confirm it)" : p->error_reliable ? " (no independent "
		    "grid to confirm it fits in the budget)" :
		    " (flagged unreliable)";
	return "";
}

/* A bug, or values that make the integral meaningless: exit 1. */
static int
run_check_results(const struct plan *pl, const struct results *r)
{
	int	 i;

	if (!r->identical) {
		warnmsg("integrals differ between runs: this is a bug");
		return EXIT_RUNFAIL;
	}
	for (i = 0; i < r->nruns; i++) {
		const struct results_run	*p = &r->runs[i];

		if (p->nonfinite != 0) {
			char	 at[128];
			int	 d, n = 0;

			for (d = 0; d < pl->task.dims; d++)
				n += snprintf(at + n, sizeof at - n, "%s%.17g",
				    d ? ", " : "", p->bad_point[d]);
			warnmsg("the expression is not finite at %llu of %llu "
			    "points, first at (%s); the integral leaves them "
			    "out", (unsigned long long)p->nonfinite,
			    (unsigned long long)p->points, at);
			return EXIT_RUNFAIL;
		}
		if (!p->representable) {
			double	 d10 = p->log2_magnitude * log10(2.0);
			double	 e10 = floor(d10);

			warnmsg("the integral is not representable as a double: "
			    "its magnitude is about %.1fe%+.0f, beyond %s",
			    pow(10.0, d10 - e10), e10,
			    d10 > 0 ? "1.8e+308" : "4.9e-324");
			return EXIT_RUNFAIL;
		}
		if (!isfinite(p->integral)) {
			warnmsg("the integral is not finite (%g)",
			    p->integral);
			return EXIT_RUNFAIL;
		}
		if (p->adaptive && !p->tol_met) {
			char	 est[96] = "no finite estimate", why[160];

			/* Every value 0: a peak between all nodes gives that. */
			if (!isfinite(p->error_estimate) && p->integral == 0)
				snprintf(est, sizeof est, "no estimate (every "
				    "value was 0, which says nothing of what "
				    "lies between the nodes)");
			else if (isfinite(p->error_estimate))
				snprintf(est, sizeof est, "estimate %.2g",
				    p->error_estimate);
			warnmsg("tolerance not reached (%s): %s at %llu "
			    "points%s", p->tol_stop != NULL ? p->tol_stop :
			    "interrupted", est,
			    (unsigned long long)p->points_evaluated,
			    run_stop_why(pl, p, why, sizeof why));
			return EXIT_RUNFAIL;
		}
	}
	return 0;
}

int
run_plan(struct plan *pl)
{
	struct results		 r;
	struct progress		 pg;
	struct run_journal	 jr;
	struct adapt		 ad;
	struct fp_roots		 roots;
	int			 i, k, rv = 0, failed = 0;

	memset(&r, 0, sizeof r);
	memset(&ad, 0, sizeof ad);
	r.task = &pl->task;
	r.grid = &pl->grid;
	r.engine = pl->engine;
	r.engine_note = pl->engine_note;
	r.rule_chosen_by = pl->rule_chosen_by;
	r.ops = &pl->ops;
	r.jobs_source = pl->jobs_source;
	r.usable_source = pl->cpus.source;
	r.muparser_version = expr_muparser_version();
	r.fault_rate = pl->run.fault_rate;
	r.fault_seed = pl->run.fault_seed;
	r.interval_ms = pl->run.interval_ms;
	r.pin = pl->run.pin;
	r.checkpoint = pl->run.checkpoint;
	r.label = pl->run.label;
	r.ranks = 1;
	results_begin(&r, pl->argc, pl->argv);
	run_roots(pl, &roots);
	hostinfo_detect(&r.host, pl->cpus.online, pl->cpus.usable, roots.sys,
	    roots.proc);
	fp_host_read(&r.fp, &roots, pl->cpus.list, pl->cpus.affinity,
	    pl->cpus.quota);

	if ((rv = run_journal_open(&jr, pl)) != 0) {
		results_free(&r);
		return rv;
	}
	run_clear_samples(pl);
	progress_init(&pg, stderr, pl->run.progress);
	/*
	 * Warm-ups, then rounds: each round runs every -j value once, so a
	 * drift in the machine's speed during a sweep touches every value
	 * alike instead of biasing the later ones.
	 */
	for (k = -pl->run.warmup + 1; rv == 0 && run_more(pl, &r, k, -1); k++) {
		for (i = 0; i < pl->njobs && rv == 0; i++) {
			if (run_more(pl, &r, k, i))
				rv = run_one(pl, i, k, &r, &pg, &jr, &ad,
				    &failed);
		}
	}
	/* Whatever happened, what was computed is kept for the next run. */
	if (run_journal_close(&jr) != 0 && rv == 0)
		rv = EXIT_RUNFAIL;
	if (jr.cl != NULL && rv == 0 && cluster_rank(jr.cl) != 0)
		goto out;	/* rank 0 reports */
	if (rv != 0)
		goto out;

	results_finish(&r);
	run_warn_short(pl, &r);
	/*
	 * The files first: they are the durable record, written whatever
	 * becomes of stdout (a closed pipe, a full disk). A signal that
	 * arrived after the last run still ends pint by that signal, and
	 * replaces no file; one that comes while they are written leaves
	 * those not yet in place as they were (output_commit_all).
	 */
	if (stop_signal == 0 && pl->run.outdir != NULL &&
	    run_outdir(pl, &r) != 0)
		failed = 1;
	if (stop_signal == 0 && run_exports(pl, &r) != 0)
		failed = 1;
	if (stop_signal == 0 && run_stdout(pl, &r) != 0)
		failed = 1;
	if (stop_signal != 0) {
		/* (An output the signal stopped said so itself.) */
		if (!failed)
			warnmsg("interrupted by %s after the last run: no "
			    "output not yet in place was written",
			    sig_name(stop_signal));
		rv = 128 + stop_signal;
		goto out;
	}
	if ((rv = run_check_results(pl, &r)) == 0 && failed)
		rv = EXIT_RUNFAIL;
out:
	results_free(&r);
	/* After a signal other ranks may be gone: no collective end. */
	if (jr.cl != NULL && rv < 128 && !jr.orphan)
		cluster_finish(jr.cl);
	return rv;
}
