/*
 * pool: fork the workers, run the start barrier, feed the ring, collect
 * results, and recover from workers that die or hang.
 *
 * The parent forks from its main thread only (PR_SET_PDEATHSIG follows
 * the forking thread), with every signal blocked across fork() and the
 * sampler paused, so that the child finds no lock held. Workers only
 * compute: they compile their own copy of the expression, wait at the
 * barrier, and pull chunks until the ring is closed; they leave by
 * _exit(). A sequence of grids (a tolerance's) runs on the same workers:
 * each grid is published under a new generation once the last one's
 * chunks are all kept (pool_next). A dead worker is reaped with wait4
 * (after the sampler took its last /proc reading), its claimed chunks are
 * requeued before any replacement is forked (the pid may be reused), and
 * the integral is combined from per-chunk partials in chunk order, so it
 * does not depend on who computed what.
 */
#include "config.h"

#include "pool.h"
#include "pool-int.h"

#include <errno.h>
#include <stddef.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ring.h"
#include "sampler.h"
#include "util.h"

#define POOL_WAIT_MS		20	/* parent's wait between checks */
#define POOL_CLAIM_WAIT_MS	1	/* ... while a claim is answered */
#define POOL_LOCK_MS		50	/* parent's wait for the ring's lock */
#define POOL_SETUP_LIMIT_S	60.0	/* workers must be ready by then */
#define POOL_QUIT_MS		2000	/* workers must exit by then */
#define POOL_GROUP_SIGNAL_S	0.2	/* wait for the parent's copy of a signal */
#define POOL_WATCHDOG_HANGS	3	/* no progress for 3 hang limits: give up */

static struct pool_worker *
pool_find(struct pool *p, pid_t pid)
{
	int	 i;

	for (i = p->res->nworkers - 1; i >= 0; i--) {
		if (p->res->workers[i].pid == pid && !p->res->workers[i].reaped)
			return &p->res->workers[i];
	}
	return NULL;
}

static void
pool_describe(int status, char *buf, size_t len)
{
	if (WIFEXITED(status)) {
		if (WEXITSTATUS(status) == 0)
			snprintf(buf, len, "ok");
		else if (WEXITSTATUS(status) == WORKER_EXIT_SETUP)
			snprintf(buf, len, "setup failed");
		else
			snprintf(buf, len, "exit %d", WEXITSTATUS(status));
	} else if (WIFSIGNALED(status)) {
		int	 sig = WTERMSIG(status);

		snprintf(buf, len, "killed by %s%s", sig_name(sig),
		    sig == SIGKILL ?
		    " (possibly the OOM killer)" : "");
	} else
		snprintf(buf, len, "status %d", status);
}

static void
pool_retry(struct pool *p, uint64_t chunk, uint32_t attempt)
{
	if (p->nretries == p->retries_cap) {
		p->retries_cap = p->retries_cap ? 2 * p->retries_cap : 16;
		p->retries = xreallocarray(p->retries, p->retries_cap,
		    sizeof *p->retries);
	}
	p->retries[p->nretries].chunk = chunk;
	p->retries[p->nretries].attempt = attempt;
	p->nretries++;
	p->res->chunks_retried++;
}

/*
 * The hold test hook: after hold_at new chunks, none until the hold file
 * exists.
 */
static int
pool_held(struct pool *p)
{
	const struct hooks	*h = p->opts->hooks;

	p->held = h != NULL && h->hold_file != NULL &&
	    p->published >= h->hold_at && access(h->hold_file, F_OK) != 0;
	return p->held;
}

/* Publish requeued chunks first, then new ones, while slots are free. */
static void
pool_feed(struct pool *p)
{
	uint64_t	 first, count;
	int		 rc;

	while (p->nretries > 0) {
		struct retry	*r = &p->retries[0];

		if (ring_publish(p->ring, r->chunk, r->attempt) != 0)
			return;
		memmove(p->retries, p->retries + 1,
		    (p->nretries - 1) * sizeof *p->retries);
		p->nretries--;
	}
	for (;;) {
		if (p->next == p->end) {
			if (p->exhausted)
				return;
			rc = p->opts->claim(p->opts->hook_arg, &first, &count);
			p->claiming = rc < 0;
			if (rc <= 0) {
				p->exhausted = rc == 0;
				return;
			}
			p->next = first;
			p->end = first + count;
			continue;
		}
		if (!p->have[p->next]) {
			if (pool_held(p))
				return;
			if (ring_publish(p->ring, p->next, 0) != 0)
				return;
			p->outstanding++;
			p->published++;
		}
		p->next++;
	}
}

/* Every chunk taken has been kept, and none is left to take. */
static int
pool_complete(const struct pool *p)
{
	return p->exhausted && p->next == p->end && p->outstanding == 0;
}

/* Keep finished results; returns how many were collected. */
static int
pool_collect(struct pool *p)
{
	struct quad_partial	 part;
	struct pool_worker	*w;
	uint64_t		 chunk;
	pid_t			 by;
	int			 n = 0;

	while (ring_collect(p->ring, &chunk, &part, &by)) {
		n++;
		if (part.failed) {
			/* An injected failure: the worker lives on. */
			p->res->injected_failures++;
			pool_retry(p, chunk, part.failed);
			continue;
		}
		if (p->have[chunk])
			continue;	/* computed twice: same bits anyway */
		p->have[chunk] = 1;
		p->parts[chunk] = part;
		p->res->chunks_done++;
		p->grid_done++;
		p->outstanding--;
		if (p->opts->kept != NULL)
			p->opts->kept(p->opts->hook_arg, chunk, &part);
		{
			uint64_t	 first, count;

			quad_chunk_rows(p->grid, chunk, &first, &count);
			p->rows_done += count;
			p->busy_ns += part.ns;
		}
		if ((w = pool_find(p, by)) != NULL) {
			w->chunks++;
			w->points += part.points;
			w->busy_s += (double)part.ns * 1e-9;
		}
	}
	return n;
}

/*
 * Reap one worker known to have ended: the sampler takes its last reading
 * first, then wait4 keeps its rusage.
 */
static struct pool_worker *
pool_reap(struct pool *p, pid_t pid)
{
	struct pool_worker	*w;
	struct rusage		 ru;
	int			 status;

	if (p->opts->sampler != NULL)
		sampler_unwatch(p->opts->sampler, pid);
	while (wait4(pid, &status, 0, &ru) == -1) {
		if (errno != EINTR)
			return NULL;
	}
	if ((w = pool_find(p, pid)) == NULL)
		return NULL;
	w->reaped = 1;
	w->status = status;
	w->user_s = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6;
	w->sys_s = (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
	w->max_rss_kib = ru.ru_maxrss;
	w->minflt = ru.ru_minflt;
	w->majflt = ru.ru_majflt;
	w->nvcsw = ru.ru_nvcsw;
	w->nivcsw = ru.ru_nivcsw;
	pool_describe(status, w->exit, sizeof w->exit);
	/* pint's own kills are not blamed on the OOM killer. */
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) {
		if (w->killed_hung)
			snprintf(w->exit, sizeof w->exit,
			    "killed by pint as hung");
		else if (w->killed_end)
			snprintf(w->exit, sizeof w->exit,
			    "killed by pint as the run ended");
	}
	p->nalive--;
	return w;
}

/*
 * Requeue what a dead worker held, then start its replacement (in that
 * order: the pid may be reused). The ring's lock is taken with a timeout:
 * if a stopped worker holds it, the burial waits for a later pass, after
 * the hung-worker check has killed the holder. Returns 0 (done or put
 * off), or an exit status with *cause set.
 */
static int
pool_bury(struct pool *p, struct pool_worker *w, char **cause)
{
	uint64_t	 chunks[64];
	uint32_t	 attempts[64];
	int		 n, i, injected = 0;

	do {
		n = ring_requeue(p->ring, w->pid, chunks, attempts, 64,
		    POOL_LOCK_MS);
		if (n < 0)
			return 0;	/* the lock is held: later */
		for (i = 0; i < n; i++) {
			if (pool_fault(p->opts->fault_rate,
			    p->opts->fault_seed, chunks[i], attempts[i]) == 1)
				injected = 1;
			pool_retry(p, chunks[i], attempts[i] + 1);
		}
	} while (n == 64);
	w->unburied = 0;
	if (injected) {
		/* Not the OOM killer: pint's own --inject-faults. */
		p->res->injected_deaths++;
		snprintf(w->exit, sizeof w->exit, "killed by --inject-faults");
	} else if (++p->unexpected > p->opts->max_restarts) {
		xasprintf(cause, "workers keep dying: %d deaths, last %s; "
		    "giving up (--max-restarts %d)", p->unexpected,
		    p->res->last_death, p->opts->max_restarts);
		return EXIT_RUNFAIL;
	}
	if (pool_spawn(p, w->index) != 0 && p->nalive == 0) {
		xasprintf(cause, "cannot start a replacement worker: fork: %s",
		    strerror(errno));
		return EXIT_RESOURCE;
	}
	return 0;
}

/*
 * Was the worker killed by a signal sent to the whole process group (the
 * terminal's, a batch system's), which the parent handles too? The
 * parent's copy may arrive a moment after the worker's death is seen:
 * wait for it a little, and if it comes the death is no failure.
 */
static int
pool_group_signal(const struct pool_worker *w)
{
	struct sigaction	 sa;
	double			 until;
	int			 sig;

	if (!WIFSIGNALED(w->status))
		return 0;
	sig = WTERMSIG(w->status);
	if (sig != SIGTERM && sig != SIGHUP && sig != SIGINT)
		return 0;
	if (sigaction(sig, NULL, &sa) != 0 || sa.sa_handler == SIG_IGN ||
	    sa.sa_handler == SIG_DFL)
		return 0;
	until = now_s() + POOL_GROUP_SIGNAL_S;
	while (stop_signal == 0 && now_s() < until)
		usleep(1000);
	return stop_signal != 0;
}

/* A worker died before the run was over; 0 or an exit status. */
static int
pool_death(struct pool *p, struct pool_worker *w, char **cause)
{
	if (pool_group_signal(w))
		return 0;	/* the run stops on the parent's signal */
	if (WIFEXITED(w->status) &&
	    WEXITSTATUS(w->status) == WORKER_EXIT_SETUP) {
		xasprintf(cause, "worker %ld could not set up (compile the "
		    "expression or allocate memory)", (long)w->pid);
		return EXIT_RUNFAIL;
	}
	p->res->deaths++;
	snprintf(p->res->last_death, sizeof p->res->last_death,
	    "worker %ld %s", (long)w->pid, w->exit);
	w->unburied = 1;
	return pool_bury(p, w, cause);
}

/* Bury the dead whose burial was put off; 0 or an exit status. */
static int
pool_bury_pending(struct pool *p, char **cause)
{
	int	 i, rv;

	for (i = 0; i < p->res->nworkers; i++) {
		if (!p->res->workers[i].unburied)
			continue;
		if ((rv = pool_bury(p, &p->res->workers[i], cause)) != 0)
			return rv;
	}
	return 0;
}

/* Reap every worker that has ended; 0 or an exit status. */
static int
pool_check_children(struct pool *p, char **cause)
{
	struct pool_worker	*w;
	siginfo_t		 si;
	int			 rv;

	for (;;) {
		memset(&si, 0, sizeof si);
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == -1)
			return 0;
		if (si.si_pid == 0)
			return 0;
		if ((w = pool_reap(p, si.si_pid)) == NULL)
			continue;	/* not one of ours */
		if ((rv = pool_death(p, w, cause)) != 0)
			return rv;
	}
}

/* Kill a live worker of ours as hung; 1 if it was one. */
static int
pool_kill_hung(struct pool *p, pid_t pid)
{
	struct pool_worker	*w;

	if ((w = pool_find(p, pid)) == NULL)
		return 0;
	kill(pid, SIGKILL);
	w->killed_hung = 1;
	p->res->hung++;
	return 1;
}

/*
 * Workers beat once per grid row. A claim whose heartbeat has not moved
 * for the hang timeout (at least --hang-timeout, and 50 times the mean row
 * time seen so far), or a worker seen holding the ring's lock at every
 * look for that long, is hung (stopped, stuck): kill it. Its death is
 * then handled as any other.
 */
static void
pool_check_hung(struct pool *p)
{
	uint64_t	 now = now_ns(), limit, beat, since;
	uint32_t	 i;
	pid_t		 owner;

	limit = (uint64_t)(p->opts->hang_min_s * 1e9);
	if (p->rows_done > 0 && 50 * (p->busy_ns / p->rows_done) > limit)
		limit = 50 * (p->busy_ns / p->rows_done);
	p->hang_ns = limit;
	for (i = 0; i < ring_nslots(p->ring); i++) {
		struct beat	*b = &p->beats[i];

		if (!ring_slot_claim(p->ring, i, &owner, &beat, &since)) {
			b->owner = 0;
			continue;
		}
		if (b->owner != owner || b->beat != beat) {
			b->owner = owner;
			b->beat = beat;
			b->seen_ns = now;
			p->moved_ns = now;
			continue;
		}
		if (now - b->seen_ns > limit && pool_kill_hung(p, owner))
			b->owner = 0;
	}
	/* The same holder seen at every look for the whole limit. */
	owner = ring_lock_holder(p->ring);
	if (owner == 0 || owner != p->holder) {
		p->holder = owner;
		p->holder_ns = now;
	} else if (now - p->holder_ns > limit && pool_kill_hung(p, owner)) {
		p->holder = 0;
	}
}

/*
 * The watchdog: when no chunk is completed (or failed) and no worker's
 * heartbeat moves for POOL_WATCHDOG_HANGS hang limits, the hung-worker
 * check has had its chances and the run cannot go on: end it with an
 * error instead of waiting for ever. 0, or an exit status with *cause.
 */
static int
pool_watchdog(struct pool *p, char **cause)
{
	uint64_t	 now = now_ns(), done, limit;

	done = p->res->chunks_done + p->res->injected_failures;
	if (done != p->moved_done || p->moved_ns == 0 || p->held) {
		p->moved_done = done;
		p->moved_ns = now;
		return 0;
	}
	limit = POOL_WATCHDOG_HANGS * p->hang_ns;
	if (limit == 0 || now - p->moved_ns <= limit)
		return 0;
	xasprintf(cause, "no progress for %.1f s: no chunk was completed and "
	    "no worker advanced (%llu of %llu chunks done); giving up",
	    (double)(now - p->moved_ns) * 1e-9,
	    (unsigned long long)(p->grid_done + p->res->chunks_resumed),
	    (unsigned long long)p->res->nchunks);
	return EXIT_RUNFAIL;
}

/* Send sig to every live worker; a SIGKILL is marked as pint's own. */
static void
pool_signal_all(struct pool *p, int sig)
{
	int	 i;

	for (i = 0; i < p->res->nworkers; i++) {
		if (p->res->workers[i].reaped)
			continue;
		if (sig == SIGKILL)
			p->res->workers[i].killed_end = 1;
		kill(p->res->workers[i].pid, sig);
	}
}

/* Stop and reap every live worker. */
static void
pool_stop_all(struct pool *p, int sig)
{
	double	 deadline;

	pool_signal_all(p, sig);
	deadline = now_s() + POOL_QUIT_MS / 1000.0;
	while (p->nalive > 0) {
		siginfo_t	 si;

		memset(&si, 0, sizeof si);
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == -1)
			break;
		if (si.si_pid != 0) {
			pool_reap(p, si.si_pid);
			continue;
		}
		if (now_s() > deadline) {
			pool_signal_all(p, SIGKILL);
			deadline = now_s() + 10;
		}
		usleep(1000);
	}
}

static void
pool_totals(struct pool *p)
{
	struct pool_result	*res = p->res;
	int			 i;

	res->user_s = res->sys_s = 0;
	res->max_rss_kib = 0;
	for (i = 0; i < res->nworkers; i++) {
		res->user_s += res->workers[i].user_s;
		res->sys_s += res->workers[i].sys_s;
		if (res->workers[i].max_rss_kib > res->max_rss_kib)
			res->max_rss_kib = res->workers[i].max_rss_kib;
	}
}

/* Stop the run: workers, sampler, shared memory. */
static void
pool_finish(struct pool *p, int sig, double t_fork)
{
	if (p->ring != NULL && sig == 0)
		ring_close(p->ring);
	pool_stop_all(p, sig == 0 ? 0 : SIGKILL);
	pool_server_stop(p);
	p->res->wall_s = now_s() - t_fork;
	pool_totals(p);
	ring_destroy(p->ring);
	p->ring = NULL;
	if (p->own) {
		free(p->parts);
		free(p->have);
	}
	free(p->retries);
	free(p->beats);
}

/* Wait for workers to close (after ring_close they exit by themselves). */
static int
stop_signaled(struct pool *p, double t_fork, char **cause)
{
	int	 sig = stop_signal;

	p->res->signal = sig;
	pool_finish(p, sig, t_fork);
	xasprintf(cause, "interrupted by %s: %llu of %llu chunks done",
	    sig_name(sig),
	    (unsigned long long)(p->grid_done + p->res->chunks_resumed),
	    (unsigned long long)p->res->nchunks);
	return 128 + sig;
}

/* Setup past its limit: EXIT_RUNFAIL with *cause set, else 0. */
static int
pool_setup_late(struct pool *p, char **cause)
{
	if (now_s() - p->t_fork <= p->setup_limit)
		return 0;
	xasprintf(cause, "workers not ready after %.0f s", p->setup_limit);
	return EXIT_RUNFAIL;
}

/*
 * The shared state of a run: the ring, the results kept so far (a resumed
 * checkpoint's included). 1 when the results are already complete, 0 to
 * go on, or an exit status with *cause set.
 */
static int
pool_init(struct pool *p, const struct task *t, const struct grid *g,
    const struct pool_opts *o, struct pool_result *res, char **cause)
{
	uint64_t	 c;
	int		 nslots;

	memset(res, 0, sizeof *res);
	memset(p, 0, sizeof *p);
	p->task = t;
	p->grid = g;
	p->opts = o;
	p->res = res;
	p->parent = getpid();
	p->server_fd = -1;
	res->nchunks = g->nchunks;
	res->points = g->points - g->reused;
	res->grids = 1;
	p->setup_limit = POOL_SETUP_LIMIT_S;
	if (o->hooks != NULL) {
		p->fork_fail_at = o->hooks->fork_fail_at;
		if (o->hooks->setup_limit_s > 0)
			p->setup_limit = o->hooks->setup_limit_s;
	}
	p->parts = o->parts;
	p->have = o->have;
	if (p->parts == NULL) {
		p->own = 1;
		p->parts = xcalloc(g->nchunks, sizeof *p->parts);
		p->have = xcalloc(g->nchunks, 1);
	}
	p->end = g->nchunks;
	if (o->claim != NULL)
		p->end = 0;
	else
		p->exhausted = 1;
	for (c = 0; c < g->nchunks; c++)
		res->chunks_resumed += p->have[c];
	if (o->claim == NULL && res->chunks_resumed == g->nchunks) {
		/* A finished checkpoint: nothing to fork. */
		pool_tally(res, g, p->parts);
		if (p->own) {
			free(p->parts);
			free(p->have);
		}
		return 1;
	}

	nslots = 8 * o->jobs;
	if (nslots < 64)
		nslots = 64;
	if ((p->ring = ring_create((uint32_t)nslots, o->hooks != NULL ?
	    o->hooks->shm_bytes : 0, cause)) == NULL) {
		if (p->own) {
			free(p->parts);
			free(p->have);
		}
		return EXIT_RESOURCE;
	}
	if (o->hooks != NULL)
		ring_set_test_hooks(p->ring, o->hooks->kill_in_lock,
		    o->hooks->stop_in_lock);
	p->gen = ring_set_grid(p->ring, g);
	p->beats = xcalloc(nslots, sizeof *p->beats);
	p->capacity = 2 * o->jobs;
	res->workers = xcalloc(p->capacity, sizeof *res->workers);
	return 0;
}

/* Start the sampler and fork the workers; 0 or an exit status. */
static int
pool_start(struct pool *p, char **cause)
{
	const struct pool_opts	*o = p->opts;
	int			 i, rv;

	if (o->fork_server && pool_server_start(p) != 0) {
		xasprintf(cause, "cannot start the fork server: %s",
		    strerror(errno));
		return EXIT_RESOURCE;
	}
	if (o->sampler != NULL) {
		sigset_t	 block, old;

		/* Signals are for the main thread: the sampler blocks them. */
		sigemptyset(&block);
		sigaddset(&block, SIGINT);
		sigaddset(&block, SIGTERM);
		sigaddset(&block, SIGHUP);
		sigaddset(&block, SIGCHLD);
		sigaddset(&block, SIGPIPE);
		pthread_sigmask(SIG_BLOCK, &block, &old);
		if (o->hooks != NULL && o->hooks->sampler_fail) {
			errno = EAGAIN;	/* test hook: as under ulimit -v */
			rv = -1;
		} else
			rv = sampler_start(o->sampler);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		/*
		 * Without the sampler the report's CPU, load and memory
		 * figures would be made up: the run fails, before any fork.
		 */
		if (rv != 0) {
			xasprintf(cause, "cannot start the sampler thread: %s",
			    strerror(errno));
			return EXIT_RESOURCE;
		}
	}
	p->t_fork = now_s();
	for (i = 0; i < o->jobs; i++) {
		if (pool_spawn(p, i) != 0) {
			xasprintf(cause, "cannot start worker %d of %d: fork: %s",
			    i + 1, o->jobs, strerror(errno));
			return EXIT_RESOURCE;
		}
		if (o->hooks != NULL && o->hooks->slow_fork_ms > 0) {
			struct timespec	 nap = {
				o->hooks->slow_fork_ms / 1000,
				o->hooks->slow_fork_ms % 1000 * 1000000L
			};

			nanosleep(&nap, NULL);	/* a signal cuts it short */
		}
		/*
		 * Thousands of workers (--force) on a loaded machine take
		 * minutes to fork: a signal or the setup limit stops that
		 * too, and the caller kills and reaps those started.
		 */
		if (stop_signal)
			return 128 + stop_signal;
		if ((rv = pool_setup_late(p, cause)) != 0)
			return rv;
	}
	/* MPI, after the forks (claims wait for it, not the workers). */
	if (o->forked != NULL && (rv = o->forked(o->hook_arg, cause)) != 0)
		return rv;
	return 0;
}

/* Setup: every worker compiled and waiting at the barrier. */
static int
pool_wait_ready(struct pool *p, char **cause)
{
	uint32_t	 seq;
	int		 rv;

	while ((seq = ring_ready(p->ring)) < (uint32_t)p->opts->jobs) {
		if (stop_signal)
			return 128 + stop_signal;
		if ((rv = pool_check_children(p, cause)) != 0 ||
		    (rv = pool_bury_pending(p, cause)) != 0)
			return rv;
		if ((rv = pool_setup_late(p, cause)) != 0)
			return rv;
		ring_wait_ready(p->ring, seq, POOL_WAIT_MS);
	}
	return 0;
}

/* Feed, collect and supervise until every chunk is done. */
static int
pool_compute(struct pool *p, char **cause)
{
	const struct pool_opts	*o = p->opts;
	struct pool_result	*res = p->res;
	uint32_t		 seq;
	int			 rv;

	while (!pool_complete(p)) {
		if (stop_signal)
			return 128 + stop_signal;
		if (o->tick != NULL && (rv = o->tick(o->hook_arg, cause)) != 0)
			return rv;
		seq = ring_done_seq(p->ring);
		pool_collect(p);
		pool_feed(p);
		if ((rv = pool_check_children(p, cause)) != 0 ||
		    (rv = pool_bury_pending(p, cause)) != 0)
			return rv;
		pool_feed(p);
		if (o->hang_min_s > 0)
			pool_check_hung(p);
		if ((rv = pool_watchdog(p, cause)) != 0)
			return rv;
		if (o->sampler != NULL)
			sampler_progress(o->sampler, res->chunks_done);
		if (o->progress != NULL)
			o->progress(o->progress_arg, p->grid_done +
			    res->chunks_resumed, p->grid->nchunks);
		/* A claim in flight is asked again soon. */
		if (!pool_complete(p))
			ring_wait_done(p->ring, seq, p->claiming ?
			    POOL_CLAIM_WAIT_MS : POOL_WAIT_MS);
	}
	return 0;
}

/*
 * A sequence's next grid, once every chunk of the last one is kept: its
 * result tallied, the caller asked for the next, which is published on
 * the same workers. 1 when there is one, 0 when the run ends here.
 */
static int
pool_next(struct pool *p)
{
	const struct pool_opts	*o = p->opts;
	const struct grid	*g;

	if (o->next_grid == NULL)
		return 0;
	pool_tally(p->res, p->grid, p->parts);
	if (!o->next_grid(o->hook_arg, p->res, p->parts, &g))
		return 0;
	/* The grid before is over: nothing of it is published again. */
	if (p->own) {
		free(p->parts);
		free(p->have);
	}
	p->own = 1;
	p->parts = xcalloc(g->nchunks, sizeof *p->parts);
	p->have = xcalloc(g->nchunks, 1);
	p->nretries = 0;
	p->grid = g;
	p->res->nchunks = g->nchunks;
	p->res->points += g->points - g->reused;
	p->res->grids++;
	p->next = 0;
	p->end = g->nchunks;
	p->outstanding = 0;
	p->grid_done = 0;
	/* Hangs and the watchdog are judged on this grid's rows alone. */
	p->rows_done = 0;
	p->busy_ns = 0;
	p->moved_ns = 0;
	memset(p->beats, 0, ring_nslots(p->ring) * sizeof *p->beats);
	p->gen = ring_set_grid(p->ring, g);
	pool_feed(p);
	return 1;
}

int
pool_run(const struct task *t, const struct grid *g,
    const struct pool_opts *o, struct pool_result *res, char **cause)
{
	struct pool	 p;
	double		 t_start;
	int		 rv;

	if ((rv = pool_init(&p, t, g, o, res, cause)) != 0)
		return rv == 1 ? 0 : rv;
	if ((rv = pool_start(&p, cause)) != 0 ||
	    (rv = pool_wait_ready(&p, cause)) != 0)
		goto fail;
	if (o->sampler != NULL)
		sampler_begin_compute(o->sampler);
	t_start = now_s();
	res->setup_s = t_start - p.t_fork;
	p.started = 1;
	pool_feed(&p);
	ring_start(p.ring);
	do {
		if ((rv = pool_compute(&p, cause)) != 0)
			goto fail;
	} while (pool_next(&p));
	res->compute_s = now_s() - t_start;
	if (o->sampler != NULL)
		sampler_end_compute(o->sampler);

	if (o->next_grid == NULL) {
		res->integral = NAN;
		res->error_estimate = NAN;
		res->observed_order = NAN;
		res->representable = 1;
		if (o->claim == NULL)
			pool_tally(res, g, p.parts);
	}
	pool_finish(&p, 0, p.t_fork);
	if (o->sampler != NULL)
		sampler_progress(o->sampler, res->chunks_done);
	return 0;

fail:
	if (stop_signal && rv == 128 + stop_signal)
		return stop_signaled(&p, p.t_fork, cause);
	pool_finish(&p, SIGKILL, p.t_fork);
	return rv;
}

void
pool_tally(struct pool_result *res, const struct grid *g,
    const struct quad_partial *parts)
{
	struct quad_result	 qr;
	uint64_t		 c;

	quad_combine(g, parts, &qr);
	res->integral = qr.integral;
	res->representable = qr.representable;
	res->log2_magnitude = qr.log2_magnitude;
	res->error_estimate = qr.error;
	res->observed_order = qr.order;
	res->error_reliable = qr.reliable;
	res->error_observed = qr.from_observed;
	res->nonfinite = 0;
	res->have_bad = 0;
	for (c = 0; c < g->nchunks; c++) {
		res->nonfinite += parts[c].nonfinite;
		if (parts[c].nonfinite != 0 && !res->have_bad) {
			res->have_bad = 1;
			quad_point(g, parts[c].bad_row, parts[c].bad_index,
			    res->bad_point);
		}
	}
}

void
pool_result_free(struct pool_result *res)
{
	free(res->workers);
	res->workers = NULL;
}
