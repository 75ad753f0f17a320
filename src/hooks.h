/*
 * hooks: the test suite's hooks, read from the environment in this one
 * place. Only the test build (tests/pint-hooks, compiled with
 * PINT_TEST_HOOKS) reads them; in the installed pint every hook is off,
 * so no environment can make a user's run wrong.
 */
#ifndef PINT_HOOKS_H
#define PINT_HOOKS_H

#include <stdint.h>

struct hooks {
	const char	*cgroup_root;	/* PINT_CGROUP_ROOT, or NULL */
	const char	*proc_self_cgroup;	/* PINT_PROC_SELF_CGROUP */
	uint32_t	 kill_in_lock;	/* PINT_TEST_KILL_IN_LOCK: die at claim N */
	uint32_t	 stop_in_lock;	/* PINT_TEST_STOP_IN_LOCK: stop at claim N */
	int		 fork_fail_at;	/* PINT_TEST_FORK_FAIL: fork N fails */
	uint64_t	 shm_bytes;	/* PINT_TEST_SHM_BYTES: reserve at least */
	int		 stall;		/* PINT_TEST_STALL: workers claim nothing */
	int		 sampler_fail;	/* PINT_TEST_SAMPLER_FAIL: no thread */
	/*
	 * PINT_TEST_HOLD_AT=N with PINT_TEST_HOLD_FILE=PATH: a run hands out
	 * N new chunks, then no more until PATH exists, so that a test can
	 * act while a run is surely under way (the watchdog waits too).
	 */
	uint32_t	 hold_at;
	const char	*hold_file;
	int		 ckpt_stop;	/* PINT_TEST_CKPT_STOP: SIGSTOP between
					   opening the journal and locking it */
	/*
	 * PINT_TEST_STOP_AT=probe: SIGSTOP with an output's probe file made
	 * (before the run); =commit: with a set of outputs written and
	 * closed, before any is put in place; =parse: a YAML or JSON parse
	 * (compare's first report) after its first 4096 events.
	 */
	const char	*stop_at;
	int		 plot_timeout_s; /* PINT_TEST_PLOT_TIMEOUT: gnuplot's */
	int		 slow_fork_ms;	/* PINT_TEST_SLOW_FORK: the parent
					   waits after each worker's fork */
	int		 setup_limit_s;	/* PINT_TEST_SETUP_LIMIT: the pool's */
	int		 slow_worker;	/* PINT_TEST_SLOW_WORKER: index + 1 of
					   a worker, or of pint check's CPU */
	const char	*sys_root;	/* PINT_TEST_ROOT/sys, or NULL */
	const char	*proc_root;	/* PINT_TEST_ROOT/proc, or NULL */
};

/* Fill in the hooks; all zero (off) outside the test build. */
void	 hooks_read(struct hooks *);

/* Whether this build reads hooks at all. */
int	 hooks_enabled(void);

#endif
