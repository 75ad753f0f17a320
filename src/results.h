/*
 * results: every figure of a plan's runs, computed once here from what
 * the pool and the sampler measured, so that the text, JSON, YAML and CSV
 * reports only format them and always agree. The results own copies of
 * what they keep: the caller frees its pool result after results_add.
 */
#ifndef PINT_RESULTS_H
#define PINT_RESULTS_H

#include <stdint.h>

#include "fprint.h"
#include "hostinfo.h"
#include "quad.h"
#include "sampler.h"
#include "task.h"

struct cluster_node;
struct engine_ops;
struct pool_result;

/* Runs shorter than this (median wall) measure start-up, not scaling. */
#define RESULTS_SHORT_S		0.1
/* /proc/stat ticks per CPU below which the other load is not measured. */
#define RESULTS_MIN_TICKS	10
/* Warnings: steal over this share of the usable CPUs' time, */
#define RESULTS_STEAL_WARN	0.05
/* workers' points per busy second apart by more than this ratio - 1, */
#define RESULTS_UNEVEN_WARN	0.15
/* judged on workers busy this long with this many chunks at least, */
#define RESULTS_UNEVEN_MIN_S	0.05
#define RESULTS_UNEVEN_MIN_CHUNKS 4
/* the CPUs' mean frequencies apart by more than this ratio - 1. */
#define RESULTS_FREQ_WARN	0.10

/* What made a run's figures hard to read (results_run.warn). */
enum results_warn {
	WARN_OTHER_LOAD = 0x1,
	WARN_STEAL = 0x2,
	WARN_UNEVEN = 0x4,
	WARN_FREQ_SPREAD = 0x8,
};
#define RESULTS_NWARN	4

/* The warnings' names in the reports, by bit number. */
extern const char *const results_warn_names[RESULTS_NWARN];

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
	const char	*origin;	/* compare: the report it came from */

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
	const char	*tol_stop;	/* why the sequence ended */
	const char	*tol_why;	/* what it ran into, or NULL */
	double		 tol_target;	/* the error aimed at */
	int		 confirmed;	/* the check agreed; -1 none ran */
	uint64_t	 confirm_points;	/* points the checks took */
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
	double		 own_cpu_s;	/* pint's CPU time in the window */
	double		 other_cpus;	/* busy elsewhere; NAN: too short */
	double		 other_load;	/* other_cpus / CPUs online, or NAN */
	double		 machine_busy_cpus;
	double		 points_per_s;	/* points / compute_s */
	double		 ns_per_point_per_worker;	/* compute_s x jobs / points */
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

	int		 row;		/* its -j value's row, by position */
	double		 wall_z;	/* modified z-score in its row */
	int		 outlier;	/* |wall_z| > STATS_OUTLIER_Z */
	struct fp_cond	 cond;		/* conditions and energy */
	double		 window_s;	/* the sampler's, for watts; 0 none */
	double		 uneven;	/* fastest / slowest worker - 1, or NAN */
	int		 warn;		/* enum results_warn bits */
	char		 warn_msg[RESULTS_NWARN][200];	/* by bit number */
};

/* Other load, in CPUs, above which a run counts as disturbed. */
#define RESULTS_BUSY_CPUS	0.1

/*
 * One -j value: its runs summarised. The speedup is of medians, with a
 * 95% interval from stats_ratio_ci (NAN when the runs are too few for
 * one); a standard deviation needs two runs (NAN).
 */
struct results_row {
	int		 jobs;
	int		 nruns;
	double		 wall_mean, wall_sd;
	double		 wall_min, wall_median, wall_max;
	double		 speedup;	/* median wall of the first row / ours */
	double		 speedup_ci_low;	/* 95%, or NAN */
	double		 speedup_ci_high;
	double		 ideal;		/* min(jobs, CPUs) / the first's */
	int		 noutliers;	/* runs flagged in this row */
	char		 flag[256];	/* a speedup above the ideal: why */
	double		 scaling_efficiency;	/* wall: speedup x first / jobs */
	double		 efficiency;	/* CPU: mean of the runs' efficiency */
	double		 karp_flatt;	/* NAN at the first row, speedup <= 1 */
	double		 parallelism;	/* mean over the runs */
	double		 other_cpus;	/* mean of the measured ones, or NAN */
	int		 nother;	/* runs whose other load was measured */
	double		 points_per_s;	/* median over the runs */
	int		 oversubscribed;	/* jobs > usable CPUs */
	double		 joules;	/* mean over the runs, or NAN */
	double		 watts;
	double		 joules_per_gpoint;
	int		 warn;		/* the runs' warnings, or'ed */
};

struct results {
	const struct task	*task;
	const struct grid	*grid;
	enum engine_kind	 engine;
	const char		*engine_note;	/* "vector", "muparser (..)" */
	const char		*rule_chosen_by;	/* see struct plan */
	const struct engine_ops	*ops;		/* NULL: not known */
	const char		*jobs_source;
	const char		*usable_source;	/* the rule of cpus_usable */
	const char		*muparser_version;
	struct hostinfo		 host;
	struct fp_host		 fp;		/* governor, turbo, SMT ... */
	char			 start_time[40];	/* ISO 8601, UTC */
	char			*argv;		/* the command line, quoted */
	double			 fault_rate;
	uint64_t		 fault_seed;
	unsigned		 interval_ms;
	int			 pin;
	const char		*checkpoint;	/* --checkpoint FILE, or NULL */
	const char		*label;		/* --label NAME, or NULL */
	const char		*set;		/* compare: the set's name */
	int			 ranks;		/* MPI ranks, 1 without MPI */
	struct cluster_node	*nodes;		/* MPI: one per rank, or NULL */
	double			 job_efficiency;	/* MPI: all ranks' CPU */

	struct results_run	*runs;	/* by results_finish: by -j value */
	int			 nruns;
	int			 capruns;
	int			*group;	/* per run: its -j value's index */
	struct results_row	*rows;	/* by results_finish */
	int			 nrows;
	int			 identical;	/* every integral the same bits */
	int			 short_runs;	/* a row's median under SHORT_S */
};

/* The start time and command line, for the provenance. */
void	 results_begin(struct results *, int, char **);

/*
 * Keep a run of the plan's -j value number group: copies what the
 * report needs from the pool's result, the sampler's summary (NULL if
 * none) and the parent's max RSS.
 */
void	 results_add(struct results *, int, int, int,
	     const struct pool_result *, const struct sampler_summary *, long);
/*
 * Keep a run read back from a report (pint compare): a copy of rr, which
 * has no workers table.
 */
void	 results_add_run(struct results *, int, const struct results_run *);
/*
 * Run i's conditions (copied) and, from the sampler's summary (NULL if
 * none), its steal; then its warnings, other_load saying whether the
 * other load was worth one.
 */
void	 results_set_cond(struct results *, int, const struct fp_cond *,
	     const struct sampler_summary *, int);
/* What the sequence of grids of a tolerance took, for run i. */
struct adapt;
void	 results_set_adapt(struct results *, int, const struct adapt *);
/* Derive the per-row figures and the identity check. */
void	 results_finish(struct results *);
/*
 * What pint measured that may explain a run being an outlier, given its
 * row: "other load was 0.92 CPUs" when above the other runs' mean (or
 * when they measured none), "1 worker death, 2 chunks retried", or "no
 * cause measured"; into buf.
 */
void	 results_outlier_cause(const struct results_run *,
	     const struct results_row *, char *, size_t);
/* CPUs busy outside pint during a run, NAN when too short to tell. */
double	 results_other_cpus(const struct pool_result *,
	     const struct sampler_summary *);
/* A run's watts and joules per 10^9 points; NAN without energy. */
double	 results_watts(const struct results_run *);
double	 results_joules_per_gpoint(const struct results_run *);
void	 results_free(struct results *);

#endif
