/*
 * pool: the worker processes. Forks them from the main thread, opens the
 * start barrier, feeds the ring, collects results, and supervises: a
 * worker that dies or hangs has its chunk requeued and is replaced, so
 * nothing is lost and the integral does not change.
 */
#ifndef PINT_POOL_H
#define PINT_POOL_H

#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "hooks.h"
#include "quad.h"
#include "task.h"

struct pool_result;
struct sampler;

#define POOL_MAXJOBS	4096	/* workers per run at most */

struct pool_opts {
	int		 jobs;
	enum engine_kind engine;	/* as chosen by the parent */
	int		 max_restarts;	/* unexpected deaths tolerated */
	double		 fault_rate;	/* --inject-faults, 0 = off */
	uint64_t	 fault_seed;
	double		 hang_min_s;	/* hung-worker timeout at least */
	const int	*pin_cpus;	/* --pin: CPUs, or NULL */
	int		 npin_cpus;
	const struct hooks *hooks;	/* test hooks, or NULL */
	struct sampler	*sampler;	/* or NULL */
	/* Called from the main loop, at most every few ms. */
	void		(*progress)(void *, uint64_t, uint64_t);
	void		*progress_arg;

	/*
	 * The results, nchunks each, owned by the caller (NULL: the pool's
	 * own): chunks marked in have[] before the run (resumed from a
	 * checkpoint) are not computed again.
	 */
	struct quad_partial *parts;
	unsigned char	*have;
	/* Each chunk's result as it is kept (--checkpoint, MPI), or NULL. */
	void		(*kept)(void *, uint64_t, const struct quad_partial *);
	/*
	 * Where chunks come from: NULL, every chunk in order; else 1 and the
	 * next range [*first, *first + *count), 0 when none is left, -1 when
	 * none yet (MPI: asked again within a millisecond or so).
	 */
	int		(*claim)(void *, uint64_t *, uint64_t *);
	/* Every pass of the main loop: 0 or an exit status with cause. */
	int		(*tick)(void *, char **);
	/*
	 * MPI mode: every worker is forked by a fork server started before
	 * the first, and forked is called once the first ones are (to start
	 * MPI): 0 or an exit status with cause.
	 */
	int		 fork_server;
	int		(*forked)(void *, char **);
	/*
	 * A sequence of grids on the same workers (a tolerance; not with
	 * parts, claim or the fork server): called once every chunk of a
	 * grid is kept and the result tallied (pool_tally) for it, with its
	 * partials. Returns 1 and *next, the grid to compute next on the
	 * same task, valid until the next call; or 0 to end the run there.
	 * The workers are forked once and rebuild their state for each grid.
	 */
	int		(*next_grid)(void *, const struct pool_result *,
			    const struct quad_partial *, const struct grid **);
	void		*hook_arg;	/* for kept, claim, tick, next_grid */
};

struct pool_worker {
	pid_t		 pid;
	int		 index;		/* 0 .. jobs - 1; a replacement reuses */
	int		 cpu;		/* pinned CPU, or -1 */
	uint64_t	 chunks;
	uint64_t	 points;
	double		 busy_s;	/* time spent evaluating chunks */
	double		 user_s, sys_s;
	long		 max_rss_kib;
	long		 minflt, majflt, nvcsw, nivcsw;
	int		 status;	/* from wait4 */
	int		 reaped;
	int		 unburied;	/* dead, its chunks not yet requeued */
	int		 killed_hung;	/* pint killed it as hung */
	int		 killed_end;	/* pint killed it to end the run */
	char		 exit[48];	/* "ok", "killed by SIGKILL", ... */
};

struct pool_result {
	double		 integral;	/* of the last grid, as the rest */
	uint64_t	 points;	/* evaluated, over every grid */
	double		 error_estimate;	/* NAN when there is none */
	double		 observed_order;	/* NAN when not measured */
	int		 error_reliable;	/* the levels check out */
	int		 error_observed;	/* estimate from observed order */
	int		 representable;	/* 0: integral beyond double's range */
	double		 log2_magnitude;	/* of the integral, when not */
	uint64_t	 nonfinite;
	int		 have_bad;
	double		 bad_point[3];	/* first non-finite point */
	double		 setup_s;	/* first fork to start barrier */
	double		 compute_s;	/* start barrier to last result */
	double		 wall_s;	/* first fork to last worker reaped */
	uint64_t	 chunks_done;	/* computed by this run, every grid */
	uint64_t	 chunks_resumed;	/* done before it (checkpoint) */
	uint64_t	 nchunks;	/* of the last grid */
	int		 grids;		/* grids computed (next_grid) */

	struct pool_worker *workers;	/* every worker, replacements too */
	int		 nworkers;

	int		 deaths;	/* workers that died during the run */
	int		 hung;		/* of which killed for hanging */
	uint64_t	 chunks_retried;
	uint64_t	 injected_deaths;
	uint64_t	 injected_failures;
	char		 last_death[96];

	double		 user_s, sys_s;	/* all workers */
	long		 max_rss_kib;	/* largest worker */
	int		 signal;	/* interrupted by this signal, or 0 */
};

/*
 * Run the task's chunks on opts->jobs workers. Returns 0 when every chunk
 * was computed, else an exit status (1 run failed, 3 out of resources,
 * 128 + N interrupted) with *cause set.
 */
int	 pool_run(const struct task *, const struct grid *,
	     const struct pool_opts *, struct pool_result *, char **);
void	 pool_result_free(struct pool_result *);

/* The integral, error estimate and non-finite points from all partials. */
void	 pool_tally(struct pool_result *, const struct grid *,
	     const struct quad_partial *);

/* Is (chunk, attempt) an injected fault, and which: 0 none, 1 die, 2 fail. */
int	 pool_fault(double, uint64_t, uint64_t, uint32_t);

#endif
