/*
 * hooks: the environment's test hooks. Each accepts only what keeps a run
 * correct or ends it with an error: a death or stop in the lock is
 * recovered, a failed fork is reported, the shared memory can be made
 * larger (to make reserving it fail) but never smaller than the ring,
 * workers that claim nothing are ended by the watchdog, a held run goes
 * on, with the same bits, once its file exists, a slow worker only takes
 * longer, and a fake /sys and /proc tree changes what the fingerprint
 * reads, never the integral.
 */
#include "config.h"

#include "hooks.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#ifdef PINT_TEST_HOOKS
static uint32_t
hooks_u32(const char *name)
{
	const char	*env;
	uint64_t	 v;

	if ((env = getenv(name)) == NULL || parse_u64(env, &v) != 0 ||
	    v > UINT32_MAX)
		return 0;
	return (uint32_t)v;
}

static const char *
hooks_str(const char *name)
{
	const char	*env;

	if ((env = getenv(name)) == NULL || *env == '\0')
		return NULL;
	return env;
}
#endif

void
hooks_read(struct hooks *h)
{
	memset(h, 0, sizeof *h);
#ifdef PINT_TEST_HOOKS
	{
		const char	*env;

		h->cgroup_root = hooks_str("PINT_CGROUP_ROOT");
		h->proc_self_cgroup = hooks_str("PINT_PROC_SELF_CGROUP");
		h->kill_in_lock = hooks_u32("PINT_TEST_KILL_IN_LOCK");
		h->stop_in_lock = hooks_u32("PINT_TEST_STOP_IN_LOCK");
		h->fork_fail_at = (int)(hooks_u32("PINT_TEST_FORK_FAIL") &
		    INT32_MAX);
		h->stall = hooks_u32("PINT_TEST_STALL") != 0;
		h->sampler_fail = hooks_u32("PINT_TEST_SAMPLER_FAIL") != 0;
		h->ckpt_stop = hooks_u32("PINT_TEST_CKPT_STOP") != 0;
		h->stop_at = hooks_str("PINT_TEST_STOP_AT");
		h->hold_file = hooks_str("PINT_TEST_HOLD_FILE");
		if (h->hold_file != NULL)
			h->hold_at = hooks_u32("PINT_TEST_HOLD_AT");
		h->plot_timeout_s = (int)hooks_u32("PINT_TEST_PLOT_TIMEOUT");
		h->slow_fork_ms = (int)(hooks_u32("PINT_TEST_SLOW_FORK") &
		    INT32_MAX);
		h->setup_limit_s = (int)(hooks_u32("PINT_TEST_SETUP_LIMIT") &
		    INT32_MAX);
		h->slow_worker = (int)(hooks_u32("PINT_TEST_SLOW_WORKER") &
		    INT32_MAX);
		/* A fake tree for the fingerprint's sysfs and procfs. */
		if ((env = hooks_str("PINT_TEST_ROOT")) != NULL) {
			static char	 sys[PATH_MAX], proc[PATH_MAX];

			snprintf(sys, sizeof sys, "%s/sys", env);
			snprintf(proc, sizeof proc, "%s/proc", env);
			h->sys_root = sys;
			h->proc_root = proc;
		}
		if ((env = getenv("PINT_TEST_SHM_BYTES")) == NULL ||
		    parse_u64(env, &h->shm_bytes) != 0)
			h->shm_bytes = 0;
	}
#endif
}

int
hooks_enabled(void)
{
#ifdef PINT_TEST_HOOKS
	return 1;
#else
	return 0;
#endif
}
