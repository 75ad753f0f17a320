/*
 * results: the figures of every run and of every -j value, derived once
 * from the pool's and the sampler's measurements.
 */
#include "config.h"

#include "results.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "adapt.h"
#include "pool.h"
#include "stats.h"
#include "util.h"

/* Quote an argument for a POSIX shell when it needs it. */
static void
results_quote(char **out, size_t *len, size_t *cap, const char *a)
{
	const char	*p;
	int		 plain = *a != '\0';

	for (p = a; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("-_./=:,+@%", *p) ==
		    NULL)
			plain = 0;
	if (*len + 4 * strlen(a) + 4 >= *cap) {
		*cap = 2 * (*cap + 4 * strlen(a) + 4);
		*out = xrealloc(*out, *cap);
	}
	if (*len > 0)
		(*out)[(*len)++] = ' ';
	if (plain) {
		memcpy(*out + *len, a, strlen(a));
		*len += strlen(a);
	} else {
		(*out)[(*len)++] = '\'';
		for (p = a; *p != '\0'; p++) {
			if (*p == '\'') {
				memcpy(*out + *len, "'\\''", 4);
				*len += 4;
			} else
				(*out)[(*len)++] = *p;
		}
		(*out)[(*len)++] = '\'';
	}
	(*out)[*len] = '\0';
}

void
results_begin(struct results *r, int argc, char **argv)
{
	struct timespec	 ts;
	struct tm	 tm;
	size_t		 len = 0, cap = 64;
	int		 i;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(r->start_time, sizeof r->start_time, "%Y-%m-%dT%H:%M:%SZ",
	    &tm);
	free(r->argv);
	r->argv = xcalloc(1, cap);
	fp_host_init(&r->fp);
	for (i = 0; i < argc; i++)
		results_quote(&r->argv, &len, &cap, argv[i]);
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

/*
 * pint's own CPU time in the sampler's window is exact: the workers'
 * final rusage (less what they spent before the barrier) and the
 * parent's. The machine's busy time comes from /proc/stat ticks, so a
 * window of fewer than RESULTS_MIN_TICKS per CPU says nothing.
 */
double
results_other_cpus(const struct pool_result *p,
    const struct sampler_summary *sum)
{
	double	 own, other;

	own = p->user_s + p->sys_s - sum->workers_base_s + sum->parent_cpu_s;
	if (sum->ticks_per_cpu < RESULTS_MIN_TICKS || !(sum->window_s > 0))
		return NAN;
	other = (sum->machine_busy_s - own) / sum->window_s;
	return other > 0 ? other : 0;
}

static void
results_other_load(struct results_run *rr, const struct pool_result *p,
    const struct sampler_summary *sum)
{
	rr->have_samp = 1;
	rr->own_cpu_s = p->user_s + p->sys_s - sum->workers_base_s +
	    sum->parent_cpu_s;
	rr->other_cpus = results_other_cpus(p, sum);
	/* Both rest on the same ticks: too few for one, for the other. */
	if (isnan(rr->other_cpus))
		return;
	rr->machine_busy_cpus = sum->machine_busy_cpus;
	rr->other_load = rr->other_cpus / sum->cpus_online;
}

const char *const results_warn_names[RESULTS_NWARN] = {
	"other_load", "steal", "uneven_progress", "freq_spread",
};

/*
 * Workers' speed, points per busy second, fastest over slowest less 1;
 * NAN when fewer than two were busy long enough to tell.
 */
static double
results_uneven(const struct results_run *rr, int *fast, int *slow)
{
	double	 v, lo = 0, hi = 0;
	int	 i, n = 0;

	for (i = 0; i < rr->nworkers; i++) {
		const struct results_worker	*w = &rr->workers[i];

		if (w->busy_s < RESULTS_UNEVEN_MIN_S ||
		    w->chunks < RESULTS_UNEVEN_MIN_CHUNKS)
			continue;
		v = (double)w->points / w->busy_s;
		if (n == 0 || v < lo) {
			lo = v;
			*slow = i;
		}
		if (n == 0 || v > hi) {
			hi = v;
			*fast = i;
		}
		n++;
	}
	return n >= 2 && lo > 0 ? hi / lo - 1 : NAN;
}

/* Set warning bit w (of enum results_warn) with its message. */
static void
results_warn(struct results_run *rr, int w, const char *fmt, ...)
{
	va_list	 ap;
	int	 k;

	for (k = 0; (1 << k) != w; k++)
		continue;
	rr->warn |= w;
	va_start(ap, fmt);
	vsnprintf(rr->warn_msg[k], sizeof rr->warn_msg[k], fmt, ap);
	va_end(ap);
}

static void
results_steal(struct results_run *rr, const struct sampler_summary *sum)
{
	struct fp_field	*cpus = &rr->cond.f[FPC_STEAL_CPUS];
	struct fp_field	*frac = &rr->cond.f[FPC_STEAL_FRACTION];

	if (sum == NULL) {
		fp_set_why(cpus, "no sampler");
		fp_set_why(frac, "no sampler");
		return;
	}
	if (sum->ticks_per_cpu < RESULTS_MIN_TICKS || !(sum->window_s > 0)) {
		fp_set_why(cpus, "run too short to measure (under %d ticks "
		    "of /proc/stat per CPU)", RESULTS_MIN_TICKS);
		fp_set_why(frac, "%s", cpus->why);
		return;
	}
	fp_set_num(cpus, sum->steal_cpus);
	fp_set_num(frac, sum->steal_share);
}

void
results_set_cond(struct results *r, int i, const struct fp_cond *c,
    const struct sampler_summary *sum, int other_load)
{
	struct results_run	*rr = &r->runs[i];
	const struct fp_field	*f;
	int			 fast = 0, slow = 0;

	fp_cond_free(&rr->cond);
	fp_cond_copy(&rr->cond, c);
	rr->window_s = sum != NULL ? sum->elapsed_s : 0;
	results_steal(rr, sum);

	rr->warn = 0;
	if (other_load)
		results_warn(rr, WARN_OTHER_LOAD, "other processes kept %.2f "
		    "CPUs busy during the -j %d run; its timings may be skewed",
		    rr->other_cpus, rr->jobs);
	f = &rr->cond.f[FPC_STEAL_FRACTION];
	if (f->known && f->num > RESULTS_STEAL_WARN)
		results_warn(rr, WARN_STEAL, "the hypervisor took %.1f%% of "
		    "the usable CPUs' time during the -j %d run (steal %.2f "
		    "CPUs); its timings depend on other guests", 100 * f->num,
		    rr->jobs, rr->cond.f[FPC_STEAL_CPUS].num);
	rr->uneven = results_uneven(rr, &fast, &slow);
	if (rr->uneven > RESULTS_UNEVEN_WARN) {
		const struct results_worker	*a = &rr->workers[fast];
		const struct results_worker	*b = &rr->workers[slow];
		char				 ca[24] = "", cb[24] = "";

		if (a->cpu >= 0)
			snprintf(ca, sizeof ca, " on CPU %d", a->cpu);
		if (b->cpu >= 0)
			snprintf(cb, sizeof cb, " on CPU %d", b->cpu);
		/* By pid too: a replacement takes its worker's index. */
		results_warn(rr, WARN_UNEVEN, "the CPUs were not equally "
		    "available: in the -j %d run worker %d (pid %ld)%s did "
		    "%.3g points per busy second, worker %d (pid %ld)%s %.3g "
		    "(%.0f%% apart)", rr->jobs, a->index, a->pid, ca,
		    a->points / a->busy_s, b->index, b->pid, cb,
		    b->points / b->busy_s, 100 * rr->uneven);
	}
	f = &rr->cond.f[FPC_FREQ_SPREAD];
	if (f->known && f->num > 1 + RESULTS_FREQ_WARN)
		results_warn(rr, WARN_FREQ_SPREAD, "the workers' CPUs ran at "
		    "different frequencies in the -j %d run (fastest mean %.0f%% "
		    "over the slowest)", rr->jobs, 100 * (f->num - 1));
}

void
results_set_adapt(struct results *r, int i, const struct adapt *ad)
{
	struct results_run	*rr = &r->runs[i];

	rr->adaptive = 1;
	rr->grids = ad->grids;
	rr->points_evaluated = ad->points_total;
	rr->tol_met = ad->stop == ADAPT_MET;
	rr->tol_stop = adapt_stop_name(ad->stop);
	rr->tol_why = ad->why;
	rr->tol_target = ad->target;
	rr->confirmed = ad->confirmed;
	rr->confirm_points = ad->confirm_points;
}

/* Room for one more run, of group; zeroed. */
static struct results_run *
results_new_run(struct results *r, int group)
{
	struct results_run	*rr;

	if (r->nruns == r->capruns) {
		r->capruns = r->capruns ? 2 * r->capruns : 16;
		r->runs = xreallocarray(r->runs, r->capruns, sizeof *r->runs);
		r->group = xreallocarray(r->group, r->capruns,
		    sizeof *r->group);
	}
	r->group[r->nruns] = group;
	rr = &r->runs[r->nruns++];
	memset(rr, 0, sizeof *rr);
	return rr;
}

void
results_add_run(struct results *r, int group, const struct results_run *in)
{
	struct results_run	*rr = results_new_run(r, group);

	*rr = *in;
	rr->workers = NULL;
	rr->nworkers = 0;
}

void
results_add(struct results *r, int group, int jobs, int repeat,
    const struct pool_result *p, const struct sampler_summary *sum,
    long parent_rss_kib)
{
	struct results_run	*rr = results_new_run(r, group);

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
	/*
	 * Over the wall time, first fork to last reap, when the CPU time
	 * counted was spent: the workers' start-up and exit are in both, so
	 * the figure cannot pass the number of workers however short the
	 * run (over compute_s alone, a run of a millisecond showed 14 CPUs
	 * busy on a machine of 2).
	 */
	rr->parallelism = safe_div(p->user_s + p->sys_s, p->wall_s);
	rr->efficiency = safe_div(rr->parallelism, jobs);
	rr->utilization = safe_div(rr->parallelism, r->host.cpus_usable);
	rr->points_per_s = safe_div((double)p->points, p->compute_s);
	rr->ns_per_point_per_worker = safe_div(p->compute_s * jobs * 1e9,
	    (double)p->points);
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
	rr->uneven = NAN;
	fp_cond_init(&rr->cond);
	if (sum != NULL) {
		results_other_load(rr, p, sum);
		rr->peak_total_rss_kib = sum->peak_rss_kib;
		rr->nsamples = sum->nsamples;
		rr->sampler_overhead = sum->overhead;
	}
}

double
results_watts(const struct results_run *rr)
{
	if (!rr->cond.energy.known || !(rr->window_s > 0))
		return NAN;
	return rr->cond.energy.joules / rr->window_s;
}

double
results_joules_per_gpoint(const struct results_run *rr)
{
	if (!rr->cond.energy.known || rr->points == 0)
		return NAN;
	return rr->cond.energy.joules / (double)rr->points * 1e9;
}

/* A row (a -j value) over its n runs: wall times and means. */
static void
results_row(struct results_row *row, const struct results_run *runs, int n,
    int usable)
{
	double	*v = xcalloc(n, sizeof *v);
	double	 par = 0, eff = 0, other = 0, j = 0, w = 0, jp = 0;
	int	 k, nother = 0, nj = 0;

	for (k = 0; k < n; k++) {
		v[k] = runs[k].wall_s;
		par += runs[k].parallelism;
		eff += runs[k].efficiency;
		if (!isnan(runs[k].other_cpus)) {
			other += runs[k].other_cpus;
			nother++;
		}
		row->warn |= runs[k].warn;
		if (runs[k].cond.energy.known) {
			j += runs[k].cond.energy.joules;
			w += results_watts(&runs[k]);
			jp += results_joules_per_gpoint(&runs[k]);
			nj++;
		}
	}
	row->joules = nj == n ? j / n : NAN;
	row->watts = nj == n ? w / n : NAN;
	row->joules_per_gpoint = nj == n ? jp / n : NAN;
	row->jobs = runs[0].jobs;
	row->nruns = n;
	stats_mean_sd(v, n, &row->wall_mean, &row->wall_sd);
	if (n < 2)
		row->wall_sd = NAN;	/* no spread was measured */
	row->wall_min = stats_min(v, n);
	row->wall_median = stats_median(v, n);
	row->wall_max = stats_max(v, n);
	row->parallelism = par / n;
	row->efficiency = eff / n;
	row->other_cpus = nother > 0 ? other / nother : NAN;
	row->nother = nother;
	row->oversubscribed = row->jobs > usable;
	for (k = 0; k < n; k++)
		v[k] = runs[k].points_per_s;
	row->points_per_s = stats_median(v, n);
	free(v);
}

/* Each run's modified z-score of wall time within its row. */
static void
results_outliers(struct results_row *row, struct results_run *runs, int n)
{
	double	*v = xcalloc(n, sizeof *v), *z = xcalloc(n, sizeof *z);
	int	 k;

	for (k = 0; k < n; k++)
		v[k] = runs[k].wall_s;
	stats_modified_z(v, n, z);
	row->noutliers = 0;
	for (k = 0; k < n; k++) {
		runs[k].wall_z = z[k];
		runs[k].outlier = fabs(z[k]) > STATS_OUTLIER_Z &&
		    fabs(v[k] / row->wall_median - 1) > STATS_OUTLIER_REL;
		row->noutliers += runs[k].outlier;
	}
	free(v);
	free(z);
}

void
results_outlier_cause(const struct results_run *rr,
    const struct results_row *row, char *buf, size_t len)
{
	double	 typical = NAN;

	/* The mean of the other runs' measured load: this one's left out. */
	if (!isnan(rr->other_cpus) && row->nother > 1)
		typical = (row->other_cpus * row->nother - rr->other_cpus) /
		    (row->nother - 1);
	/* Load all the runs had is no cause of one being unlike them. */
	if (rr->other_cpus > RESULTS_BUSY_CPUS && isnan(typical))
		snprintf(buf, len, "other load was %.2f CPUs (not measured in "
		    "the other runs)", rr->other_cpus);
	else if (rr->other_cpus > RESULTS_BUSY_CPUS &&
	    !(rr->other_cpus <= typical + RESULTS_BUSY_CPUS))
		snprintf(buf, len, "other load was %.2f CPUs", rr->other_cpus);
	else if (rr->deaths > 0 || rr->chunks_retried > 0)
		snprintf(buf, len, "%d worker death%s, %llu chunk%s retried",
		    rr->deaths, rr->deaths == 1 ? "" : "s",
		    (unsigned long long)rr->chunks_retried,
		    rr->chunks_retried == 1 ? "" : "s");
	else if (rr->other_cpus > RESULTS_BUSY_CPUS)
		snprintf(buf, len, "no cause measured (other load %.2f CPUs, "
		    "as in the other runs)", rr->other_cpus);
	else
		snprintf(buf, len, "no cause measured");
}

/*
 * A speedup above what the CPUs used allow (a negative Karp-Flatt where
 * there are enough CPUs) is not a property of the program: name what
 * most likely slowed the first row, or that pint saw nothing.
 */
static void
results_flag(struct results_row *row, const struct results_row *base)
{
	int	 n;

	row->flag[0] = '\0';
	/* Within the interval of the ideal: noise, not a finding. */
	if (!(row->speedup > row->ideal) || row == base ||
	    row->speedup_ci_low <= row->ideal)
		return;
	n = snprintf(row->flag, sizeof row->flag, "speedup %.2f above the "
	    "%.4g the CPUs used allow", row->speedup, row->ideal);
	if (base->other_cpus > RESULTS_BUSY_CPUS &&
	    !(row->other_cpus >= base->other_cpus - RESULTS_BUSY_CPUS))
		n += snprintf(row->flag + n, sizeof row->flag - n, "; the -j %d "
		    "runs were slowed by other load (%.2f CPUs against %.2f)",
		    base->jobs, base->other_cpus, isnan(row->other_cpus) ? 0 :
		    row->other_cpus);
	if (base->noutliers > 0 && n < (int)sizeof row->flag)
		n += snprintf(row->flag + n, sizeof row->flag - n, "; %d "
		    "outlier%s among the -j %d runs", base->noutliers,
		    base->noutliers == 1 ? "" : "s", base->jobs);
	if (strchr(row->flag, ';') == NULL)
		snprintf(row->flag + n, sizeof row->flag - n, ", no cause "
		    "measured: contention pint does not see (another process "
		    "on a pinned CPU, runs too short for the other load) or a "
		    "CPU clock that changed between the -j values");
}

/* The first row's wall times, and a row's, for the speedup's interval. */
static double *
results_walls(const struct results *r, const struct results_row *row,
    int first)
{
	double	*v = xcalloc(row->nruns, sizeof *v);
	int	 k;

	for (k = 0; k < row->nruns; k++)
		v[k] = r->runs[first + k].wall_s;
	return v;
}

/* Runs in the order of their -j value, then of their repeat. */
static void
results_sort(struct results *r)
{
	struct results_run	 t;
	int			 i, k, g;

	for (i = 1; i < r->nruns; i++) {	/* insertion: stable */
		t = r->runs[i];
		g = r->group[i];
		for (k = i; k > 0 && r->group[k - 1] > g; k--) {
			r->runs[k] = r->runs[k - 1];
			r->group[k] = r->group[k - 1];
		}
		r->runs[k] = t;
		r->group[k] = g;
	}
}

void
results_finish(struct results *r)
{
	const struct results_row	*base;
	double				*bw;
	int				 i, k, *first;

	results_sort(r);
	r->identical = 1;
	for (i = 0; i < r->nruns; i++) {
		if (memcmp(&r->runs[i].integral, &r->runs[0].integral,
		    sizeof(double)) != 0)
			r->identical = 0;
	}
	free(r->rows);
	r->rows = xcalloc(r->nruns > 0 ? r->nruns : 1, sizeof *r->rows);
	r->nrows = 0;
	r->short_runs = 0;
	first = xcalloc(r->nruns > 0 ? r->nruns : 1, sizeof *first);
	for (i = 0; i < r->nruns; i = k) {
		for (k = i; k < r->nruns && r->group[k] == r->group[i]; k++)
			r->runs[k].row = r->nrows;
		first[r->nrows] = i;
		results_row(&r->rows[r->nrows], &r->runs[i], k - i,
		    r->host.cpus_usable);
		results_outliers(&r->rows[r->nrows++], &r->runs[i], k - i);
	}
	base = &r->rows[0];
	bw = results_walls(r, base, 0);
	for (i = 0; i < r->nrows; i++) {
		struct results_row	*row = &r->rows[i];
		double			 p, *w;
		int			 cpus = r->host.cpus_usable;

		row->speedup = safe_div(base->wall_median, row->wall_median);
		/* The first row against itself is 1 by definition. */
		row->speedup_ci_low = row->speedup_ci_high = NAN;
		w = results_walls(r, row, first[i]);
		if (i > 0)
			stats_ratio_ci(bw, base->nruns, w, row->nruns,
			    STATS_ALPHA, &row->speedup_ci_low,
			    &row->speedup_ci_high);
		free(w);
		p = (double)row->jobs / base->jobs;
		row->ideal = cpus > 0 ? (double)(row->jobs < cpus ? row->jobs :
		    cpus) / (base->jobs < cpus ? base->jobs : cpus) : p;
		row->scaling_efficiency = safe_div(row->speedup, p);
		/* A serial fraction from a slowdown means nothing. */
		row->karp_flatt = i > 0 && row->speedup > 1 ?
		    stats_karp_flatt(row->speedup, p) : NAN;
		if (row->wall_median < RESULTS_SHORT_S)
			r->short_runs = 1;
		results_flag(row, base);
	}
	free(bw);
	free(first);
}

void
results_free(struct results *r)
{
	int	 i;

	for (i = 0; i < r->nruns; i++) {
		free(r->runs[i].workers);
		fp_cond_free(&r->runs[i].cond);
	}
	free(r->runs);
	free(r->group);
	free(r->rows);
	free(r->argv);
	free(r->nodes);
	r->nodes = NULL;
	r->runs = NULL;
	r->group = NULL;
	r->rows = NULL;
	r->argv = NULL;
	r->nruns = r->nrows = r->capruns = 0;
}
