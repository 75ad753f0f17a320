/*
 * results: the figures of every run and of every -j value, derived once
 * from the pool's and the sampler's measurements.
 */
#include "config.h"

#include "results.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "pool.h"
#include "stats.h"
#include "util.h"

void
results_host(struct results_host *h, int online, int usable)
{
	struct utsname	 u;

	memset(h, 0, sizeof *h);
	if (gethostname(h->hostname, sizeof h->hostname - 1) != 0)
		snprintf(h->hostname, sizeof h->hostname, "unknown");
	if (uname(&u) == 0)
		snprintf(h->kernel, sizeof h->kernel, "%s %s %s", u.sysname,
		    u.release, u.machine);
	h->cpus_online = online;
	h->cpus_usable = usable;
}

void
results_init(struct results *r, int n)
{
	free(r->runs);
	r->runs = xcalloc(n > 0 ? n : 1, sizeof *r->runs);
	r->nruns = n;
}

static double
safe_div(double a, double b)
{
	return b > 0 ? a / b : 0;
}

/* The workers' table, their sums and how evenly they shared the work. */
static void
results_workers(struct results_run *rr, const struct pool_result *p)
{
	double	*v;
	int	 i;

	rr->nworkers = p->nworkers;
	rr->workers = xcalloc(p->nworkers > 0 ? p->nworkers : 1,
	    sizeof *rr->workers);
	v = xcalloc(p->nworkers > 0 ? p->nworkers : 1, sizeof *v);
	for (i = 0; i < p->nworkers; i++) {
		const struct pool_worker	*pw = &p->workers[i];
		struct results_worker		*w = &rr->workers[i];

		w->pid = (long)pw->pid;
		w->index = pw->index;
		w->cpu = pw->cpu;
		w->chunks = pw->chunks;
		w->points = pw->points;
		w->share = p->points ?
		    (double)pw->points / (double)p->points : 0;
		w->busy_s = pw->busy_s;
		w->user_s = pw->user_s;
		w->sys_s = pw->sys_s;
		w->max_rss_kib = pw->max_rss_kib;
		snprintf(w->exit, sizeof w->exit, "%s", pw->exit);
		rr->nvcsw += pw->nvcsw;
		rr->nivcsw += pw->nivcsw;
		rr->minflt += pw->minflt;
		rr->majflt += pw->majflt;
		v[i] = (double)pw->points;
	}
	stats_mean_sd(v, p->nworkers, &rr->points_mean, &rr->points_sd);
	for (i = 0; i < p->nworkers; i++)
		v[i] = p->workers[i].busy_s;
	stats_mean_sd(v, p->nworkers, &rr->busy_mean_s, &rr->busy_sd_s);
	free(v);
}

void
results_set_adapt(struct results *r, int i, int grids, uint64_t points,
    int met, double target)
{
	struct results_run	*rr = &r->runs[i];

	rr->adaptive = 1;
	rr->grids = grids;
	rr->points_evaluated = points;
	rr->tol_met = met;
	rr->tol_target = target;
}

void
results_set(struct results *r, int i, int jobs, int repeat,
    const struct pool_result *p, const struct sampler_summary *sum,
    long parent_rss_kib)
{
	struct results_run	*rr = &r->runs[i];

	free(rr->workers);
	memset(rr, 0, sizeof *rr);
	rr->jobs = jobs;
	rr->repeat = repeat;
	rr->integral = p->integral;
	rr->error_estimate = p->error_estimate;
	rr->observed_order = p->observed_order;
	rr->representable = p->representable;
	rr->log2_magnitude = p->log2_magnitude;
	rr->error_reliable = p->error_reliable;
	quad_estimate_note(r->grid, p->observed_order, p->error_reliable,
	    p->error_observed, rr->error_note, sizeof rr->error_note);
	rr->points = p->points;
	rr->nonfinite = p->nonfinite;
	rr->have_bad = p->have_bad;
	memcpy(rr->bad_point, p->bad_point, sizeof rr->bad_point);
	rr->wall_s = p->wall_s;
	rr->setup_s = p->setup_s;
	rr->compute_s = p->compute_s;
	rr->user_s = p->user_s;
	rr->sys_s = p->sys_s;
	rr->parallelism = safe_div(p->user_s + p->sys_s, p->compute_s);
	rr->efficiency = safe_div(rr->parallelism, jobs);
	rr->utilization = safe_div(rr->parallelism, r->host.cpus_usable);
	rr->max_rss_kib = parent_rss_kib;
	rr->workers_max_rss_kib = p->max_rss_kib;
	results_workers(rr, p);
	rr->deaths = p->deaths;
	rr->hung = p->hung;
	rr->chunks_retried = p->chunks_retried;
	rr->injected_deaths = p->injected_deaths;
	rr->injected_failures = p->injected_failures;
	rr->chunks_resumed = p->chunks_resumed;

	rr->other_load = rr->other_cpus = rr->machine_busy_cpus = NAN;
	if (sum != NULL) {
		rr->have_samp = 1;
		rr->other_load = sum->other_load;
		rr->other_cpus = sum->other_cpus;
		rr->machine_busy_cpus = sum->machine_busy_cpus;
		rr->peak_total_rss_kib = sum->peak_rss_kib;
		rr->nsamples = sum->nsamples;
		rr->sampler_overhead = sum->overhead;
	}
}

/* Row k (a -j value) over runs [i, end): wall times and means. */
static void
results_row(struct results_row *row, const struct results_run *runs, int n)
{
	double	*walls = xcalloc(n, sizeof *walls);
	double	 par = 0, other = NAN;
	int	 k;

	for (k = 0; k < n; k++) {
		walls[k] = runs[k].wall_s;
		par += runs[k].parallelism;
		if (runs[k].have_samp)
			other = (isnan(other) ? 0 : other) +
			    runs[k].other_cpus;
	}
	row->jobs = runs[0].jobs;
	row->nruns = n;
	row->wall_min = stats_min(walls, n);
	row->wall_median = stats_median(walls, n);
	row->wall_max = stats_max(walls, n);
	row->parallelism = par / n;
	row->other_cpus = other / n;
	free(walls);
}

void
results_finish(struct results *r)
{
	int	 i, k;

	r->identical = 1;
	for (i = 0; i < r->nruns; i++) {
		if (memcmp(&r->runs[i].integral, &r->runs[0].integral,
		    sizeof(double)) != 0)
			r->identical = 0;
	}
	free(r->rows);
	r->rows = xcalloc(r->nruns > 0 ? r->nruns : 1, sizeof *r->rows);
	r->nrows = 0;
	for (i = 0; i < r->nruns; i = k) {
		for (k = i; k < r->nruns && r->runs[k].jobs == r->runs[i].jobs;
		    k++)
			continue;
		results_row(&r->rows[r->nrows++], &r->runs[i], k - i);
	}
	for (i = 0; i < r->nrows; i++) {
		struct results_row	*row = &r->rows[i];
		double			 p;

		row->speedup = safe_div(r->rows[0].wall_median,
		    row->wall_median);
		p = (double)row->jobs / r->rows[0].jobs;
		row->scaling_efficiency = safe_div(row->speedup, p);
		row->karp_flatt = i > 0 ? stats_karp_flatt(row->speedup, p) :
		    NAN;
	}
}

void
results_free(struct results *r)
{
	int	 i;

	for (i = 0; i < r->nruns; i++)
		free(r->runs[i].workers);
	free(r->runs);
	free(r->rows);
	r->runs = NULL;
	r->rows = NULL;
	r->nruns = r->nrows = 0;
}
