/*
 * sampler: a thread in the parent that, every interval, reads /proc/stat
 * (per-CPU busy and idle), each live worker's /proc/PID/stat and the
 * parent's own rusage, from the start barrier until the last worker is
 * reaped. It keeps the time series (handed over for --samples) and the
 * figures that say whether the machine was shared (other_load).
 */
#ifndef PINT_SAMPLER_H
#define PINT_SAMPLER_H

#include <stdint.h>
#include <sys/types.h>

#define SAMPLER_DEFAULT_MS	100

struct fp_sensors;

struct sampler_opts {
	unsigned	 interval_ms;	/* 0 = SAMPLER_DEFAULT_MS */
	const char	*proc_root;	/* "/proc", or fixtures in tests */
	struct fp_sensors *sensors;	/* read with each sample, or NULL */
	const int	*cpus;		/* the usable CPUs, for the steal */
	int		 ncpus;		/* 0: the machine's */
};

/*
 * What the sampler saw from begin_compute to stop. The other load is
 * not here: results takes the machine's busy time from it and pint's own
 * CPU time from the workers' final rusage (exact, where sampled ticks
 * miss the workers reaped between samples).
 */
struct sampler_summary {
	unsigned	 nsamples;
	int		 cpus_online;	/* CPUs seen in /proc/stat */
	double		 elapsed_s;	/* from begin_compute to stop */
	double		 ticks_per_cpu;	/* /proc/stat ticks in that window */
	double		 window_s;	/* the same in seconds, /proc/stat's */
	double		 machine_busy_s;	/* busy CPU time, all users */
	double		 machine_busy_cpus;	/* average busy CPUs, all users */
	double		 steal_s;	/* CPU time stolen, usable CPUs */
	double		 steal_cpus;	/* the same as average CPUs */
	double		 steal_share;	/* of the usable CPUs' time, 0-1 */
	double		 pint_cpus;	/* average CPUs used by pint, sampled */
	double		 workers_base_s;	/* workers' CPU before the barrier */
	double		 parent_cpu_s;	/* the parent's CPU in the window */
	double		 self_cpu_s;	/* CPU time of the sampler thread */
	double		 overhead;	/* self_cpu_s / elapsed_s (of one core) */
	uint64_t	 peak_rss_kib;	/* peak sum of live workers' RSS */
};

/*
 * One row of the time series: the interval since the row before. The
 * first row is the start barrier (no interval: NAN rates), one is taken
 * as the last chunk is done (sampler_end_compute), the last at stop.
 */
struct sampler_row {
	double		 t_s;		/* since begin_compute */
	double		 machine;	/* busy CPUs, NAN if unknown */
	double		 pint;		/* CPUs used by pint, NAN at t 0 */
	double		 pint_cpu_s;	/* pint's CPU time since the barrier */
	uint64_t	 rss_kib;	/* live workers' RSS */
	uint64_t	 chunks;
	unsigned	 workers;	/* live workers watched */
};

/* The time series: rows, and per row ncols CPUs' busy fractions. */
struct sampler_series {
	int			 ncols;
	size_t			 nrows;
	struct sampler_row	*rows;
	float			*busy;		/* nrows * ncols, NAN unknown */
};

struct sampler;

struct sampler	*sampler_create(const struct sampler_opts *);
/* Start the thread (before the start barrier opens). */
int		 sampler_start(struct sampler *);
/* Take the compute baseline: called as the start barrier opens. */
void		 sampler_begin_compute(struct sampler *);
/* Take a sample as the last chunk is done, before any worker is reaped. */
void		 sampler_end_compute(struct sampler *);
/* Follow a worker / stop following it (called before it is reaped). */
void		 sampler_watch(struct sampler *, pid_t);
void		 sampler_unwatch(struct sampler *, pid_t);
/* Chunks done so far, for the time series. */
void		 sampler_progress(struct sampler *, uint64_t);
/*
 * Hold the sampler between samples, so that fork() finds no libc lock
 * taken by it.
 */
void		 sampler_pause(struct sampler *);
void		 sampler_resume(struct sampler *);
/* Stop the thread, take a last sample, fill the summary. */
void		 sampler_stop(struct sampler *, struct sampler_summary *);
void		 sampler_free(struct sampler *);
/* Take the time series of a stopped sampler (the caller frees it). */
struct sampler_series *sampler_take_series(struct sampler *);
void		 sampler_series_free(struct sampler_series *);

#endif
