/*
 * pool-worker: the worker side of the pool. A worker compiles its copy
 * of the expression, waits at the barrier and computes chunks until the
 * ring closes: of the grid it was forked with or, in a sequence of grids,
 * of the grid the ring says each chunk belongs to. The parent forks it
 * directly or through the fork server (a child forked early, that forks
 * the workers on request).
 */
#include "config.h"

#include "pool.h"
#include "pool-int.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cpus.h"
#include "expr.h"
#include "ring.h"
#include "sampler.h"
#include "util.h"

#define WORKER_WAIT_MS		100	/* idle wait before re-checking */
#define FAULT_MAX_ATTEMPT	8	/* no faults injected from then on */
#define SERVER_WAIT_MS		5000	/* the fork server answers by then */

/* splitmix64: the fault injector's hash. */
static uint64_t
mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

int
pool_fault(double rate, uint64_t seed, uint64_t chunk, uint32_t attempt)
{
	uint64_t	 h;

	if (rate <= 0 || attempt >= FAULT_MAX_ATTEMPT)
		return 0;
	h = mix64(seed ^ mix64(chunk ^ mix64((uint64_t)attempt + 1)));
	if ((double)(h >> 11) * 0x1p-53 >= rate)
		return 0;
	return (h & 1) ? 1 : 2;
}

/*
 * A claimed chunk of another grid than the worker's: make the ring's
 * current grid the worker's (a sequence of grids moved on), its work
 * rebuilt for it. 0, or -1 when the chunk's grid is over (a duplicate,
 * dropped by the parent): then it is not computed.
 */
static int
worker_regrid(struct pool *p, const struct ring_claim *c, struct grid *g,
    uint32_t *gen, struct quad_work **work, struct expr *e)
{
	struct grid	 next;

	if (ring_grid(p->ring, c->gen, &next) != 0)
		return -1;
	quad_work_free(*work);
	*g = next;
	*gen = c->gen;
	if ((*work = quad_work_new(g, e)) == NULL) {
		expr_free(e);
		_exit(WORKER_EXIT_SETUP);
	}
	return 0;
}

/* The worker: compute chunks until the ring closes. Never returns. */
static void __attribute__((noreturn))
worker_main(struct pool *p, int index)
{
	const struct pool_opts	*o = p->opts;
	struct ring_claim	 c;
	struct quad_partial	 part;
	struct expr		*e;
	struct quad_work	*work;
	struct grid		 grid = *p->grid;	/* as forked */
	char			*cause = NULL;
	pid_t			 self = getpid();
	uint32_t		 gen = p->gen;
	uint64_t		 t0;
	int			 st;

	if (o->pin_cpus != NULL && o->npin_cpus > 0) {
		cpu_set_t	*set;
		size_t		 size;

		set = cpus_set_of(o->pin_cpus[index % o->npin_cpus], &size);
		if (set != NULL) {
			sched_setaffinity(0, size, set);
			CPU_FREE(set);
		}
	}
	e = expr_compile(p->task, o->engine, 0, &cause);
	if (e == NULL)
		_exit(WORKER_EXIT_SETUP);
	work = quad_work_new(&grid, e);
	if (work == NULL)
		_exit(WORKER_EXIT_SETUP);

	ring_arrive(p->ring);
	while (!ring_wait_start(p->ring, WORKER_WAIT_MS)) {
		if (getppid() != p->parent)
			goto out;
	}
	while (o->hooks != NULL && o->hooks->stall) {
		/* Test hook: a worker that never claims, as if lost. */
		if (getppid() != p->parent)
			goto out;
		usleep(WORKER_WAIT_MS * 1000);
	}
	for (;;) {
		st = ring_claim(p->ring, self, &c, WORKER_WAIT_MS);
		if (st == RING_CLOSED)
			break;
		if (st == RING_IDLE) {
			if (getppid() != p->parent)
				break;
			continue;
		}
		if (c.gen != gen &&
		    worker_regrid(p, &c, &grid, &gen, &work, e) != 0) {
			memset(&part, 0, sizeof part);
			ring_complete(p->ring, &c, &part);
			continue;
		}
		switch (pool_fault(o->fault_rate, o->fault_seed, c.chunk,
		    c.attempt)) {
		case 1:
			/*
			 * Die as if killed, holding a chunk. What it owns is
			 * freed first: a checker such as valgrind, which may
			 * no longer find the pointers in the registers, would
			 * take them for leaks of a worker that ends well.
			 */
			quad_work_free(work);
			expr_free(e);
			raise(SIGKILL);
			_exit(WORKER_EXIT_SETUP);	/* not reached */
		case 2:
			memset(&part, 0, sizeof part);
			part.failed = c.attempt + 1;
			ring_complete(p->ring, &c, &part);
			continue;
		}
		t0 = now_ns();
		quad_eval_chunk(work, c.chunk, &part,
		    ring_heartbeat(p->ring, &c));
		part.ns = now_ns() - t0;
		if (o->hooks != NULL && o->hooks->slow_worker == index + 1) {
			/*
			 * Test hook: a CPU at a quarter of its speed, as if
			 * shared; far enough from the others that other load
			 * on the machine cannot even it out.
			 */
			while (now_ns() - t0 < 4 * part.ns)
				continue;
			part.ns = now_ns() - t0;
		}
		ring_complete(p->ring, &c, &part);
	}
out:
	quad_work_free(work);
	expr_free(e);
	_exit(0);
}

/* In a worker: a signal's default action, unless it is ignored. */
static void
pool_default(int sig)
{
	struct sigaction	 sa;

	if (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(sig, &sa, NULL);
}

/*
 * A new worker, forked with every signal blocked (old: the mask to
 * restore): die with pint, take the default signals, compute.
 */
static void __attribute__((noreturn))
worker_start(struct pool *p, int index, const sigset_t *old)
{
	struct sigaction	 sa;

	/* Die with the parent; it may already be gone. */
	util_enter_worker();	/* fatal paths _exit from here */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != p->parent)
		_exit(0);
	/*
	 * A name of our own in ps and top, and the name by which
	 * tests pick workers: a sanitizer's tracer task is also a
	 * child of pint named "pint", and must never be taken for one.
	 */
	prctl(PR_SET_NAME, "pint-worker", 0, 0, 0);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	/* The parent's handlers go; what it ignored stays ignored. */
	pool_default(SIGTERM);
	pool_default(SIGPIPE);
	pool_default(SIGHUP);
	/* Ctrl-C reaches the whole group: the parent stops us. */
	sa.sa_handler = SIG_IGN;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sigprocmask(SIG_SETMASK, old, NULL);
	worker_main(p, index);
}

/*
 * The fork server (MPI mode): forked before MPI_Init, it forks every
 * worker so that pint itself never forks after it. Each worker is forked
 * by a short-lived middle process that then exits, so the worker is
 * adopted by pint (a child subreaper): pint reaps it and reads its
 * rusage as with its own children. The server leaves when pint closes
 * the socket, or dies with pint.
 */
static void __attribute__((noreturn))
pool_server(struct pool *p, int fd, const sigset_t *old)
{
	uint64_t	 t0;
	ssize_t		 n;
	pid_t		 mid, pid;
	int		 index;

	util_enter_worker();	/* fatal paths _exit from here */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != p->parent)
		_exit(0);
	prctl(PR_SET_NAME, "pint-forksrv", 0, 0, 0);
	for (;;) {
		n = recv(fd, &index, sizeof index, 0);
		if (n == -1 && errno == EINTR)
			continue;
		if (n != (ssize_t)sizeof index)
			_exit(0);
		if ((mid = fork()) == 0) {
			if ((pid = fork()) == 0) {
				close(fd);
				/* Wait to be adopted by pint, then start. */
				t0 = now_ns();
				while (getppid() != p->parent) {
					if (now_ns() - t0 > 2000000000ull)
						_exit(0);
					usleep(100);
				}
				worker_start(p, index, old);
			}
			if (pid == -1)
				pid = -errno;
			send(fd, &pid, sizeof pid, MSG_NOSIGNAL);
			_exit(0);
		}
		if (mid == -1) {
			pid = -errno;
			send(fd, &pid, sizeof pid, MSG_NOSIGNAL);
			continue;
		}
		while (waitpid(mid, NULL, 0) == -1 && errno == EINTR)
			;
	}
}

/* Start the fork server; -1 with errno. */
int
pool_server_start(struct pool *p)
{
	sigset_t	 all, old;
	int		 sv[2], saved;

	if (prctl(PR_SET_CHILD_SUBREAPER, 1) != 0 ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
		return -1;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	p->server_pid = fork();
	saved = errno;
	if (p->server_pid == 0) {
		close(sv[0]);
		pool_server(p, sv[1], &old);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(sv[1]);
	if (p->server_pid == -1) {
		close(sv[0]);
		errno = saved;
		return -1;
	}
	p->server_fd = sv[0];
	return 0;
}

/* A worker from the fork server: its pid, or -1 with errno. */
static pid_t
pool_server_spawn(struct pool *p, int index)
{
	struct pollfd	 pfd;
	pid_t		 pid;
	ssize_t		 n;
	int		 rc;

	if (send(p->server_fd, &index, sizeof index, MSG_NOSIGNAL) !=
	    (ssize_t)sizeof index)
		return -1;
	pfd.fd = p->server_fd;
	pfd.events = POLLIN;
	while ((rc = poll(&pfd, 1, SERVER_WAIT_MS)) == -1 && errno == EINTR)
		;
	if (rc == 0)
		errno = ETIMEDOUT;
	if (rc <= 0)
		return -1;
	while ((n = recv(p->server_fd, &pid, sizeof pid, 0)) == -1 &&
	    errno == EINTR)
		;
	if (n != (ssize_t)sizeof pid) {
		errno = EPIPE;
		return -1;
	}
	if (pid < 0) {
		errno = -pid;
		return -1;
	}
	return pid;
}

/* Close the fork server and reap it. */
void
pool_server_stop(struct pool *p)
{
	int	 i;

	if (p->server_fd == -1)
		return;
	close(p->server_fd);
	p->server_fd = -1;
	for (i = 0; waitpid(p->server_pid, NULL, WNOHANG) == 0; i++) {
		if (i == 1000)
			kill(p->server_pid, SIGKILL);
		usleep(1000);
	}
}

/* Fork worker number index; -1 with errno when fork fails. */
int
pool_spawn(struct pool *p, int index)
{
	struct pool_worker	*w;
	sigset_t		 all, old;
	pid_t			 pid;
	int			 saved;

	if (p->res->nworkers == p->capacity) {
		p->capacity *= 2;
		p->res->workers = xreallocarray(p->res->workers, p->capacity,
		    sizeof *p->res->workers);
	}
	if (++p->forks == p->fork_fail_at) {
		errno = EAGAIN;	/* test hook: as under RLIMIT_NPROC */
		return -1;
	}
	if (p->server_fd != -1) {
		if ((pid = pool_server_spawn(p, index)) == -1)
			return -1;
		if (p->opts->sampler != NULL)
			sampler_watch(p->opts->sampler, pid);
		goto spawned;
	}
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	if (p->opts->sampler != NULL)
		sampler_pause(p->opts->sampler);
	pid = fork();
	saved = errno;
	if (pid == 0)
		worker_start(p, index, &old);
	if (p->opts->sampler != NULL) {
		sampler_resume(p->opts->sampler);
		if (pid > 0)
			sampler_watch(p->opts->sampler, pid);
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid == -1) {
		errno = saved;
		return -1;
	}
spawned:
	w = &p->res->workers[p->res->nworkers++];
	memset(w, 0, sizeof *w);
	w->pid = pid;
	w->index = index;
	w->cpu = -1;
	if (p->opts->pin_cpus != NULL && p->opts->npin_cpus > 0)
		w->cpu = p->opts->pin_cpus[index % p->opts->npin_cpus];
	snprintf(w->exit, sizeof w->exit, "running");
	p->nalive++;
	return 0;
}
