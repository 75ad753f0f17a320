/*
 * results: every figure of a plan's runs, computed once here from what
 * the pool and the sampler measured, so that the text, JSON, YAML and CSV
 * reports only format them and always agree. The results own copies of
 * what they keep: the caller frees its pool result after results_add.
 */
#ifndef PINT_RESULTS_H
#define PINT_RESULTS_H

#include <stdint.h>

#include "quad.h"
#include "sampler.h"
#include "task.h"

struct engine_ops;

struct pool_result;

struct results_host {
	char		 hostname[256];
	char		 kernel[256];
	int		 cpus_online;
	int		 cpus_usable;
};

/* One worker process, as the report shows it. */
struct results_worker {
	long		 pid;
	int		 index;
	int		 cpu;		/* pinned CPU, or -1 */
	uint64_t	 chunks;
	uint64_t	 points;
	double		 share;		/* of the run's points */
	double		 busy_s, user_s, sys_s;
	long		 max_rss_kib;
	char		 exit[48];
};

/* One run (one -j value, one repeat). NAN where unknown. */
struct results_run {
	int		 jobs;
	int		 repeat;	/* 1 .. N within its -j value */

	double		 integral;
	double		 error_estimate;	/* NAN when there is none */
	double		 observed_order;	/* NAN when not measured */
	int		 error_reliable;
	char		 error_note[160];	/* what the estimate rests on */
	int		 representable;	/* 0: beyond double's range */
	int		 adaptive;	/* a tolerance chose the grid: */
	int		 grids;		/* grids evaluated */
	uint64_t	 points_evaluated;	/* over all of them */
	int		 tol_met;	/* the estimate met the tolerance */
	double		 tol_target;	/* the error aimed at */
	double		 log2_magnitude;	/* of the integral, when not */
	uint64_t	 points;
	uint64_t	 nonfinite;
	int		 have_bad;
	double		 bad_point[TASK_MAXDIM];

	double		 wall_s, setup_s, compute_s;
	double		 user_s, sys_s;	/* all workers */
	double		 parallelism;	/* (user + sys) / compute */
	double		 efficiency;	/* parallelism / jobs */
	double		 utilization;	/* parallelism / usable CPUs */
	int		 have_samp;	/* the sampler's figures below */
	double		 other_load;	/* other_cpus / CPUs online */
	double		 other_cpus;
	double		 machine_busy_cpus;
	long long	 nvcsw, nivcsw, minflt, majflt;	/* workers' sums */

	long		 max_rss_kib;	/* the parent */
	long		 workers_max_rss_kib;	/* the largest worker */
	uint64_t	 peak_total_rss_kib;	/* sampled, all workers */

	struct results_worker *workers;	/* replacements too */
	int		 nworkers;
	double		 points_mean, points_sd;	/* per worker */
	double		 busy_mean_s, busy_sd_s;

	int		 deaths, hung;
	uint64_t	 chunks_retried;
	uint64_t	 injected_deaths, injected_failures;
	uint64_t	 chunks_resumed;	/* from --checkpoint */

	unsigned	 nsamples;
	double		 sampler_overhead;	/* of one core */
};

/* One -j value: its runs summarised. */
struct results_row {
	int		 jobs;
	int		 nruns;
	double		 wall_min, wall_median, wall_max;
	double		 speedup;	/* median wall of the first row / ours */
	double		 scaling_efficiency;	/* speedup * first jobs / jobs */
	double		 karp_flatt;	/* NAN where it means nothing */
	double		 parallelism;	/* mean over the runs */
	double		 other_cpus;	/* mean over the runs, NAN unknown */
};

struct results {
	const struct task	*task;
	const struct grid	*grid;
	enum engine_kind	 engine;
	const char		*engine_note;	/* "vector", "muparser (..)" */
	const struct engine_ops	*ops;		/* NULL: not known */
	const char		*jobs_source;
	const char		*muparser_version;
	struct results_host	 host;
	double			 fault_rate;
	uint64_t		 fault_seed;
	unsigned		 interval_ms;
	int			 pin;
	const char		*checkpoint;	/* --checkpoint FILE, or NULL */

	struct results_run	*runs;	/* grouped by -j value */
	int			 nruns;
	struct results_row	*rows;	/* by results_finish */
	int			 nrows;
	int			 identical;	/* every integral the same bits */
};

/* The host's name, kernel and CPU counts. */
void	 results_host(struct results_host *, int, int);

/* Room for n runs (all zero: not yet run). */
void	 results_init(struct results *, int);
/*
 * Keep a run in slot i: copies what the report needs from the pool's
 * result, the sampler's summary (NULL if none) and the parent's max RSS.
 */
void	 results_set(struct results *, int, int, int,
	     const struct pool_result *, const struct sampler_summary *, long);
/* What the sequence of grids of a tolerance took, for run i. */
void	 results_set_adapt(struct results *, int, int, uint64_t, int, double);
/* Derive the per-row figures and the identity check. */
void	 results_finish(struct results *);
void	 results_free(struct results *);

#endif
