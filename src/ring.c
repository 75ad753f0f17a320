/*
 * ring: the shared-memory ring. See ring.h for the model.
 *
 * Layout of the segment: a header (the mutex, counters and futex words),
 * then nslots slots, each on its own cache lines.
 *
 * Slot state word (one atomic 64-bit store changes state and owner):
 *   bits 62-63  EMPTY, QUEUED, CLAIMED or DONE
 *   bits  0-31  the owning worker's pid while CLAIMED or DONE
 * Who writes what:
 *   parent   EMPTY -> QUEUED (after chunk and attempt), DONE -> EMPTY
 *            (after reading the result), CLAIMED by a dead pid -> EMPTY
 *   worker   QUEUED -> CLAIMED|pid, under the mutex with head++;
 *            CLAIMED -> DONE|pid after writing the result, no lock
 * Each slot also holds the generation of the grid its chunk belongs to
 * (ring_set_grid), so that the workers of a sequence of grids know which
 * grid to compute, and a result of a grid that is over is never taken.
 * Sequence numbers: the parent publishes seq tail into slot tail % n only
 * when that slot is EMPTY, then advances tail; workers claim seq head,
 * head < tail, under the mutex. So a claim is always of a QUEUED slot,
 * except when a worker died between its state store and head++; the next
 * locker finds the mutex EOWNERDEAD and finishes that claim (head++),
 * leaving the slot CLAIMED by the dead pid for the parent to requeue.
 */
#include "config.h"

#include "ring.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define CACHELINE	64

#define ST_EMPTY	0ull
#define ST_QUEUED	1ull
#define ST_CLAIMED	2ull
#define ST_DONE		3ull
#define ST_SHIFT	62
#define ST_OF(w)	((w) >> ST_SHIFT)
#define PID_OF(w)	((pid_t)((w) & 0xffffffffu))
#define WORD(st, pid)	(((st) << ST_SHIFT) | ((uint64_t)(uint32_t)(pid)))

struct ring_hdr {
	pthread_mutex_t		 lock;	/* robust; guards head, claims */
	_Atomic uint64_t	 head;	/* next seq to claim (written
					   under the lock, read without) */
	_Atomic pid_t		 holder;	/* pid in the lock, or 0 */
	_Atomic uint32_t	 kill_in_lock;	/* test hook: die at claim N */
	_Atomic uint32_t	 stop_in_lock;	/* test hook: stop at claim N */
	_Alignas(CACHELINE)
	_Atomic uint64_t	 tail;	/* next seq to publish (parent) */
	_Atomic uint32_t	 pub;	/* futex: bumped on publish, close */
	_Atomic uint32_t	 idle;	/* workers waiting on pub */
	_Atomic uint32_t	 closed;	/* no more chunks (parent) */
	_Atomic uint32_t	 go;	/* futex: start barrier open */
	_Alignas(CACHELINE)
	_Atomic uint32_t	 done;	/* futex: bumped on each completion */
	_Atomic uint32_t	 collected;	/* results taken (parent) */
	_Atomic uint32_t	 parent_waiting;
	_Atomic uint32_t	 ready;	/* futex: workers at the barrier */
	uint32_t		 nslots;
	/*
	 * The grid the chunks published now belong to, and its generation
	 * (a sequence of grids on the same workers): the parent writes
	 * gen 0, then the grid, then the new gen, and only when no chunk of
	 * the grid before is left to compute; a worker's copy is good when
	 * gen was the same, not 0, before and after it.
	 */
	_Atomic uint32_t	 gen;
	struct grid		 grid;
};

struct ring_slot {
	_Atomic uint64_t	 state;
	_Atomic uint64_t	 claimed_ns;	/* lease start (claimer) */
	uint64_t		 beat;		/* rows done (owner, atomic) */
	uint64_t		 chunk;		/* parent, before QUEUED */
	uint32_t		 attempt;	/* parent, before QUEUED */
	uint32_t		 gen;		/* parent, before QUEUED */
	struct quad_partial	 part;		/* owner, before DONE */
} __attribute__((aligned(CACHELINE)));

struct ring {
	struct ring_hdr		*hdr;
	struct ring_slot	*slots;
	size_t			 size;
	uint32_t		 nslots;
	uint32_t		 cursor;	/* parent's collect scan start */
};

static long
futex(_Atomic uint32_t *addr, int op, uint32_t val, int timeout_ms)
{
	struct timespec	 ts, *tsp = NULL;

	if (op == FUTEX_WAIT && timeout_ms >= 0) {
		ts.tv_sec = timeout_ms / 1000;
		ts.tv_nsec = (long)(timeout_ms % 1000) * 1000000;
		tsp = &ts;
	}
	/* Not FUTEX_PRIVATE_FLAG: the word is shared between processes. */
	return syscall(SYS_futex, (uint32_t *)addr, op, val, tsp, NULL, 0);
}

static void
futex_wait(_Atomic uint32_t *addr, uint32_t val, int timeout_ms)
{
	futex(addr, FUTEX_WAIT, val, timeout_ms);
}

static void
futex_wake(_Atomic uint32_t *addr)
{
	futex(addr, FUTEX_WAKE, INT_MAX, -1);
}

/*
 * Reserve size bytes of the segment: 0 or an errno. The file size limit
 * (ulimit -f) is meant for the files a run writes, but tmpfs counts the
 * segment against it too: the soft limit is raised to the hard one for
 * this call only.
 */
static int
ring_reserve(int fd, size_t size, char **cause)
{
	struct rlimit	 was, up;
	int		 error, raised = 0;

	if (getrlimit(RLIMIT_FSIZE, &was) == 0 &&
	    was.rlim_cur != RLIM_INFINITY && was.rlim_cur < size) {
		up = was;
		up.rlim_cur = up.rlim_max;
		raised = setrlimit(RLIMIT_FSIZE, &up) == 0;
	}
	do
		error = posix_fallocate(fd, 0, (off_t)size);
	while (error == EINTR);
	if (raised)
		setrlimit(RLIMIT_FSIZE, &was);
	if (error == EFBIG && was.rlim_max != RLIM_INFINITY)
		xasprintf(cause, "shared memory: cannot reserve %zu bytes: "
		    "the file size limit (ulimit -Hf) is %llu bytes", size,
		    (unsigned long long)was.rlim_max);
	else if (error != 0)
		xasprintf(cause, "shared memory: cannot reserve %zu bytes: %s",
		    size, strerror(error));
	return error;
}

struct ring *
ring_create(uint32_t nslots, uint64_t min_bytes, char **cause)
{
	struct ring		*r;
	pthread_mutexattr_t	 ma;
	unsigned char		 rnd[12];
	char			 name[64];
	size_t			 size, i;
	void			*p;
	int			 fd, error;

	size = sizeof(struct ring_hdr) + (size_t)nslots * sizeof(struct ring_slot);
	size = (size + 4095) & ~(size_t)4095;
	if (min_bytes > size)		/* never less than the ring needs */
		size = min_bytes > SIZE_MAX ? SIZE_MAX : (size_t)min_bytes;

	if (getrandom(rnd, sizeof rnd, 0) != sizeof rnd) {
		xasprintf(cause, "getrandom: %s", strerror(errno));
		return NULL;
	}
	i = (size_t)snprintf(name, sizeof name, "/pint.%ld.", (long)getpid());
	for (size_t k = 0; k < sizeof rnd; k++)
		i += (size_t)snprintf(name + i, sizeof name - i, "%02x", rnd[k]);

	/*
	 * The name lives only between these two calls: a SIGKILL can leave
	 * no /dev/shm entry unless it lands between them. Everything slow
	 * (reserving the pages of a large ring) comes after.
	 */
	fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1) {
		xasprintf(cause, "shared memory: shm_open: %s", strerror(errno));
		return NULL;
	}
	shm_unlink(name);
	/* Reserve the pages now: a full /dev/shm is an error, not SIGBUS. */
	if (ring_reserve(fd, size, cause) != 0) {
		close(fd);
		return NULL;
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	error = errno;
	close(fd);
	if (p == MAP_FAILED) {
		xasprintf(cause, "shared memory: mmap: %s", strerror(error));
		return NULL;
	}

	r = xcalloc(1, sizeof *r);
	r->hdr = p;
	r->slots = (struct ring_slot *)((char *)p + sizeof(struct ring_hdr));
	r->size = size;
	r->nslots = nslots;
	r->hdr->nslots = nslots;

	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
	error = pthread_mutex_init(&r->hdr->lock, &ma);
	pthread_mutexattr_destroy(&ma);
	if (error != 0) {
		munmap(p, size);
		free(r);
		xasprintf(cause, "shared memory: mutex: %s", strerror(error));
		return NULL;
	}
	return r;
}

void
ring_destroy(struct ring *r)
{
	if (r == NULL)
		return;
	munmap(r->hdr, r->size);
	free(r);
}

uint32_t
ring_nslots(const struct ring *r)
{
	return r->nslots;
}

/*
 * Take the lock. A holder that died (EOWNERDEAD) may have stored its claim
 * without advancing head: finish that claim so the slot stays CLAIMED by
 * the dead pid (the parent requeues it when it reaps that pid), then mark
 * the mutex consistent. Returns 0, or -1 if the lock was not taken before
 * the timeout (timeout_ms < 0: wait for it).
 */
static int
ring_lock(struct ring *r, int timeout_ms)
{
	struct ring_hdr		*h = r->hdr;
	struct timespec		 ts;
	int			 error;

	if (timeout_ms < 0)
		error = pthread_mutex_lock(&h->lock);
	else {
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += timeout_ms / 1000;
		ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
		if (ts.tv_nsec >= 1000000000) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000;
		}
		error = pthread_mutex_timedlock(&h->lock, &ts);
	}
	if (error == EOWNERDEAD) {
		uint64_t	 tail = atomic_load(&h->tail);

		uint64_t	 head = atomic_load(&h->head);

		if (head < tail) {
			struct ring_slot *s = &r->slots[head % r->nslots];

			if (ST_OF(atomic_load(&s->state)) == ST_CLAIMED)
				atomic_store(&h->head, head + 1);
		}
		atomic_store(&h->holder, 0);
		pthread_mutex_consistent(&h->lock);
		error = 0;
	}
	if (error != 0) {
		if (error == ETIMEDOUT)
			return -1;
		fatalmsg(EXIT_RUNFAIL, "ring mutex: %s", strerror(error));
	}
	atomic_store(&h->holder, getpid());
	return 0;
}

static void
ring_unlock(struct ring *r)
{
	atomic_store(&r->hdr->holder, 0);
	pthread_mutex_unlock(&r->hdr->lock);
}

/* Publish a chunk; -1 when the next slot is still in use. */
int
ring_publish(struct ring *r, uint64_t chunk, uint32_t attempt)
{
	struct ring_hdr		*h = r->hdr;
	uint64_t		 tail = atomic_load(&h->tail);
	struct ring_slot	*s = &r->slots[tail % r->nslots];

	if (ST_OF(atomic_load(&s->state)) != ST_EMPTY)
		return -1;
	s->chunk = chunk;
	s->attempt = attempt;
	s->gen = atomic_load(&h->gen);
	atomic_store(&s->state, WORD(ST_QUEUED, 0));
	atomic_store(&h->tail, tail + 1);
	atomic_fetch_add(&h->pub, 1);
	if (atomic_load(&h->idle) != 0)
		futex_wake(&h->pub);
	return 0;
}

/*
 * Take one finished result of the current grid, if any; its slot becomes
 * free. A result of an earlier grid (a chunk computed twice, the second
 * time after its grid was over) is dropped, its slot freed.
 */
int
ring_collect(struct ring *r, uint64_t *chunk, struct quad_partial *part,
    pid_t *by)
{
	struct ring_slot	*s;
	uint64_t		 w;
	uint32_t		 i, k, stale;

	for (k = 0; k < r->nslots; k++) {
		i = (r->cursor + k) % r->nslots;
		s = &r->slots[i];
		w = atomic_load(&s->state);
		if (ST_OF(w) != ST_DONE)
			continue;
		*by = PID_OF(w);
		*chunk = s->chunk;
		*part = s->part;
		stale = s->gen != atomic_load(&r->hdr->gen);
		atomic_store(&s->state, WORD(ST_EMPTY, 0));
		atomic_fetch_add(&r->hdr->collected, 1);
		if (!stale) {
			r->cursor = i + 1;
			return 1;
		}
	}
	return 0;
}

/*
 * Make g the grid of the chunks published from now on; returns its
 * generation (from 1). Only when no chunk of the grid before is queued or
 * being computed but duplicates, whose results are then dropped.
 */
uint32_t
ring_set_grid(struct ring *r, const struct grid *g)
{
	struct ring_hdr	*h = r->hdr;
	uint32_t	 gen = atomic_load(&h->gen) + 1;

	if (gen == 0)
		gen = 1;
	atomic_store(&h->gen, 0);
	atomic_thread_fence(memory_order_seq_cst);
	memcpy(&h->grid, g, sizeof *g);
	atomic_store(&h->gen, gen);
	return gen;
}

/*
 * A worker: copy the grid of generation gen into *g; 0, or -1 when that
 * is not the current grid (a chunk of a grid that is over).
 */
int
ring_grid(struct ring *r, uint32_t gen, struct grid *g)
{
	struct ring_hdr	*h = r->hdr;

	if (gen == 0 || atomic_load(&h->gen) != gen)
		return -1;
	memcpy(g, &h->grid, sizeof *g);
	atomic_thread_fence(memory_order_acquire);
	return atomic_load(&h->gen) == gen ? 0 : -1;
}

/*
 * Free the slots a dead worker held, returning their chunks (and attempts)
 * so the parent can publish them again. Takes the lock first, which also
 * repairs a claim the dead worker left half done. Returns the count, or
 * -1 if the lock could not be taken in time (a stopped holder).
 */
int
ring_requeue(struct ring *r, pid_t dead, uint64_t *chunks, uint32_t *attempts,
    int max, int timeout_ms)
{
	uint32_t	 i;
	int		 n = 0;

	if (ring_lock(r, timeout_ms) != 0)
		return -1;
	for (i = 0; i < r->nslots && n < max; i++) {
		struct ring_slot	*s = &r->slots[i];
		uint64_t		 w = atomic_load(&s->state);

		if (ST_OF(w) != ST_CLAIMED || PID_OF(w) != dead)
			continue;
		chunks[n] = s->chunk;
		attempts[n] = s->attempt;
		n++;
		atomic_store(&s->state, WORD(ST_EMPTY, 0));
	}
	ring_unlock(r);
	return n;
}

void
ring_close(struct ring *r)
{
	atomic_store(&r->hdr->closed, 1);
	atomic_fetch_add(&r->hdr->pub, 1);
	futex_wake(&r->hdr->pub);
	/* Workers still at the barrier (a run that failed early) go too. */
	atomic_store(&r->hdr->go, 1);
	futex_wake(&r->hdr->go);
}

uint32_t
ring_done_seq(struct ring *r)
{
	return atomic_load(&r->hdr->done);
}

/* Sleep until a completion after seq was seen, or the timeout. */
void
ring_wait_done(struct ring *r, uint32_t seq, int timeout_ms)
{
	atomic_store(&r->hdr->parent_waiting, 1);
	futex_wait(&r->hdr->done, seq, timeout_ms);
	atomic_store(&r->hdr->parent_waiting, 0);
}

uint32_t
ring_ready(struct ring *r)
{
	return atomic_load(&r->hdr->ready);
}

void
ring_wait_ready(struct ring *r, uint32_t seen, int timeout_ms)
{
	futex_wait(&r->hdr->ready, seen, timeout_ms);
}

void
ring_start(struct ring *r)
{
	atomic_store(&r->hdr->go, 1);
	futex_wake(&r->hdr->go);
}

/* The heartbeat of a claim, for the worker to increment. */
uint64_t *
ring_heartbeat(struct ring *r, const struct ring_claim *c)
{
	return &r->slots[c->slot].beat;
}

/*
 * Look at slot i: 1 and its owner, heartbeat and claim time if it is
 * claimed and its lease is stamped, else 0.
 */
int
ring_slot_claim(struct ring *r, uint32_t i, pid_t *owner, uint64_t *beat,
    uint64_t *since_ns)
{
	struct ring_slot	*s = &r->slots[i];
	uint64_t		 w = atomic_load(&s->state);

	if (ST_OF(w) != ST_CLAIMED)
		return 0;
	*since_ns = atomic_load(&s->claimed_ns);
	if (*since_ns == 0)
		return 0;	/* lease not yet stamped */
	*owner = PID_OF(w);
	*beat = __atomic_load_n(&s->beat, __ATOMIC_RELAXED);
	return 1;
}

pid_t
ring_lock_holder(struct ring *r)
{
	return atomic_load(&r->hdr->holder);
}

/*
 * Test hooks: the worker making claim number n (from 1) dies in the lock
 * (kill), or stops there (stop); 0 leaves a hook off.
 */
void
ring_set_test_hooks(struct ring *r, uint32_t kill_in_lock,
    uint32_t stop_in_lock)
{
	atomic_store(&r->hdr->kill_in_lock, kill_in_lock);
	atomic_store(&r->hdr->stop_in_lock, stop_in_lock);
}

void
ring_arrive(struct ring *r)
{
	atomic_fetch_add(&r->hdr->ready, 1);
	futex_wake(&r->hdr->ready);
}

/* Wait for the start barrier; 1 when open, 0 on timeout. */
int
ring_wait_start(struct ring *r, int timeout_ms)
{
	if (atomic_load(&r->hdr->go))
		return 1;
	futex_wait(&r->hdr->go, 0, timeout_ms);
	return atomic_load(&r->hdr->go) != 0;
}

int
ring_claim(struct ring *r, pid_t self, struct ring_claim *c, int timeout_ms)
{
	struct ring_hdr		*h = r->hdr;
	struct ring_slot	*s;
	uint64_t		 head;
	uint32_t		 seq, hook;
	int			 closed;

	ring_lock(r, -1);
	head = atomic_load(&h->head);
	if (head < atomic_load(&h->tail)) {
		c->slot = (uint32_t)(head % r->nslots);
		s = &r->slots[c->slot];
		c->chunk = s->chunk;
		c->attempt = s->attempt;
		c->gen = s->gen;
		atomic_store(&s->claimed_ns, 0);
		__atomic_store_n(&s->beat, 0, __ATOMIC_RELAXED);
		atomic_store(&s->state, WORD(ST_CLAIMED, self));
		hook = atomic_load(&h->kill_in_lock);
		if (hook != 0 && atomic_fetch_sub(&h->kill_in_lock, 1) == 1)
			raise(SIGKILL);	/* test: die holding the lock */
		hook = atomic_load(&h->stop_in_lock);
		if (hook != 0 && atomic_fetch_sub(&h->stop_in_lock, 1) == 1)
			raise(SIGSTOP);	/* test: hang holding the lock */
		atomic_store(&h->head, head + 1);
		ring_unlock(r);
		atomic_store(&s->claimed_ns, now_ns());
		return RING_GOT;
	}
	closed = atomic_load(&h->closed);
	seq = atomic_load(&h->pub);
	ring_unlock(r);
	if (closed)
		return RING_CLOSED;

	atomic_fetch_add(&h->idle, 1);
	futex_wait(&h->pub, seq, timeout_ms);
	atomic_fetch_sub(&h->idle, 1);
	return RING_IDLE;
}

void
ring_complete(struct ring *r, const struct ring_claim *c,
    const struct quad_partial *part)
{
	struct ring_hdr		*h = r->hdr;
	struct ring_slot	*s = &r->slots[c->slot];
	uint64_t		 w = atomic_load(&s->state);

	uint32_t		 done;

	s->part = *part;
	atomic_store(&s->state, WORD(ST_DONE, PID_OF(w)));
	done = atomic_fetch_add(&h->done, 1) + 1;
	/*
	 * Wake the parent only when a quarter of the ring waits to be
	 * collected, or nothing is left to claim: each wake-up preempts a
	 * worker on a machine with as many workers as CPUs. Its timed wait
	 * covers the rest.
	 */
	if (atomic_load(&h->parent_waiting) &&
	    (done - atomic_load(&h->collected) >= r->nslots / 4 ||
	    atomic_load_explicit(&h->head, memory_order_relaxed) >=
	    atomic_load(&h->tail)))
		futex_wake(&h->done);
}
