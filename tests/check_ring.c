/*
 * ring: many processes pulling chunks; every chunk done exactly once,
 * also when a worker dies holding the ring's lock.
 */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ring.h"
#include "suites.h"

#define NWORKERS	8
#define NCHUNKS		100000

static void
ring_worker(struct ring *r, pid_t parent)
{
	struct ring_claim	 c;
	struct quad_partial	 part;
	int			 st;

	ring_arrive(r);
	while (!ring_wait_start(r, 100))
		if (getppid() != parent)
			_exit(1);
	for (;;) {
		st = ring_claim(r, getpid(), &c, 100);
		if (st == RING_CLOSED)
			_exit(0);
		if (st == RING_IDLE)
			continue;
		memset(&part, 0, sizeof part);
		part.lev[0].s = (double)c.chunk;	/* which chunk it was */
		part.points = 1;
		ring_complete(r, &c, &part);
	}
}

/*
 * Feed nchunks through the ring with nworkers processes. Dead workers have
 * their chunks requeued (not replaced). Returns the number of deaths.
 */
static int
ring_drive(uint32_t nslots, int nworkers, uint64_t nchunks,
    uint32_t kill_in_lock, unsigned char *count)
{
	struct ring		*r;
	struct quad_partial	 part;
	pid_t			 pids[NWORKERS], by, parent = getpid();
	uint64_t		 next = 0, done = 0, chunk, requeue[64];
	uint64_t		 pending[1024];
	uint32_t		 attempts[64], seq;
	char			*cause = NULL;
	int			 i, n, alive, deaths = 0, npending = 0;

	r = ring_create(nslots, 0, &cause);
	ck_assert_msg(r != NULL, "ring_create: %s", cause);
	ring_set_test_hooks(r, kill_in_lock, 0);
	for (i = 0; i < nworkers; i++) {
		pids[i] = fork();
		ck_assert_int_ge(pids[i], 0);
		if (pids[i] == 0)
			ring_worker(r, parent);
	}
	alive = nworkers;
	while (ring_ready(r) < (uint32_t)nworkers)
		ring_wait_ready(r, ring_ready(r), 10);
	ring_start(r);
	while (done < nchunks) {
		int	 status;
		pid_t	 dead;

		seq = ring_done_seq(r);
		while (ring_collect(r, &chunk, &part, &by)) {
			ck_assert_uint_lt(chunk, nchunks);
			ck_assert_double_eq(part.lev[0].s, (double)chunk);
			count[chunk]++;
			done++;
		}
		while ((dead = waitpid(-1, &status, WNOHANG)) > 0) {
			deaths++;
			alive--;
			ck_assert(WIFSIGNALED(status));
			n = ring_requeue(r, dead, requeue, attempts, 64, -1);
			for (i = 0; i < n; i++)
				pending[npending++] = requeue[i];
		}
		ck_assert_int_gt(alive, 0);
		while (npending > 0 &&
		    ring_publish(r, pending[npending - 1], 1) == 0)
			npending--;
		while (npending == 0 && next < nchunks &&
		    ring_publish(r, next, 0) == 0)
			next++;
		ring_wait_done(r, seq, 10);
	}
	ring_close(r);
	for (i = 0; i < nworkers; i++) {
		int	 status;

		if (waitpid(pids[i], &status, 0) == pids[i] &&
		    WIFEXITED(status))
			ck_assert_int_eq(WEXITSTATUS(status), 0);
	}
	ring_destroy(r);
	return deaths;
}

START_TEST(eight_workers_each_chunk_once)
{
	unsigned char	*count = calloc(NCHUNKS, 1);
	uint64_t	 c;

	ck_assert_int_eq(ring_drive(32, NWORKERS, NCHUNKS, 0, count), 0);
	for (c = 0; c < NCHUNKS; c++)
		ck_assert_msg(count[c] == 1, "chunk %llu done %d times",
		    (unsigned long long)c, count[c]);
	free(count);
}
END_TEST

/* A ring smaller than the workers still works (the parent refills it). */
START_TEST(tiny_ring)
{
	unsigned char	*count = calloc(5000, 1);
	uint64_t	 c;

	ck_assert_int_eq(ring_drive(2, 4, 5000, 0, count), 0);
	for (c = 0; c < 5000; c++)
		ck_assert_int_eq(count[c], 1);
	free(count);
}
END_TEST

/*
 * The worker making claim 777 is killed inside the critical section,
 * after storing its claim and before advancing head: the next locker gets
 * EOWNERDEAD and repairs; the parent requeues the dead worker's chunk.
 */
START_TEST(worker_dies_holding_the_lock)
{
	unsigned char	*count = calloc(20000, 1);
	uint64_t	 c;

	ck_assert_int_eq(ring_drive(32, NWORKERS, 20000, 777, count), 1);
	for (c = 0; c < 20000; c++)
		ck_assert_msg(count[c] == 1, "chunk %llu done %d times",
		    (unsigned long long)c, count[c]);
	free(count);
}
END_TEST

START_TEST(segment_is_not_named)
{
	struct ring	*r;
	char		*cause = NULL, cmd[128];

	r = ring_create(16, 0, &cause);
	ck_assert_ptr_nonnull(r);
	snprintf(cmd, sizeof cmd, "ls /dev/shm 2>/dev/null | grep -q "
	    "'^pint\\.%ld\\.'", (long)getpid());
	ck_assert_int_ne(system(cmd), 0);
	ring_destroy(r);
}
END_TEST

/*
 * A sequence of grids: a claim carries its grid's generation, a worker
 * reads that grid only while it is the current one, and a result of a
 * grid that is over is dropped, never collected as the next one's.
 */
START_TEST(grid_generations)
{
	struct ring		*r;
	struct ring_claim	 c, old;
	struct quad_partial	 part;
	struct grid		 g1, g2, got;
	uint64_t		 chunk;
	uint32_t		 gen1, gen2;
	char			*cause = NULL;
	pid_t			 by;

	memset(&g1, 0, sizeof g1);
	memset(&g2, 0, sizeof g2);
	g1.nchunks = 3;
	g2.nchunks = 7;
	r = ring_create(16, 0, &cause);
	ck_assert_ptr_nonnull(r);
	gen1 = ring_set_grid(r, &g1);
	ck_assert_int_ne(gen1, 0);
	ck_assert_int_eq(ring_publish(r, 2, 0), 0);
	ck_assert_int_eq(ring_publish(r, 2, 1), 0);	/* a duplicate */
	ring_start(r);
	ck_assert_int_eq(ring_claim(r, getpid(), &c, 100), RING_GOT);
	ck_assert_int_eq(c.gen, gen1);
	ck_assert_int_eq(ring_grid(r, c.gen, &got), 0);
	ck_assert_uint_eq(got.nchunks, 3);
	memset(&part, 0, sizeof part);
	part.points = 11;
	ring_complete(r, &c, &part);
	ck_assert_int_eq(ring_collect(r, &chunk, &part, &by), 1);
	ck_assert_uint_eq(chunk, 2);
	ck_assert_int_eq(ring_claim(r, getpid(), &old, 100), RING_GOT);

	/* The next grid, while the duplicate is still being computed. */
	gen2 = ring_set_grid(r, &g2);
	ck_assert_int_ne(gen2, gen1);
	ck_assert_int_eq(ring_grid(r, old.gen, &got), -1);
	ring_complete(r, &old, &part);
	ck_assert_int_eq(ring_publish(r, 5, 0), 0);
	ck_assert_int_eq(ring_claim(r, getpid(), &c, 100), RING_GOT);
	ck_assert_int_eq(c.gen, gen2);
	ck_assert_int_eq(ring_grid(r, c.gen, &got), 0);
	ck_assert_uint_eq(got.nchunks, 7);
	part.points = 13;
	ring_complete(r, &c, &part);
	ck_assert_int_eq(ring_collect(r, &chunk, &part, &by), 1);
	ck_assert_uint_eq(chunk, 5);
	ck_assert_uint_eq(part.points, 13);
	ck_assert_int_eq(ring_collect(r, &chunk, &part, &by), 0);
	ring_destroy(r);
}
END_TEST

Suite *
make_ring_suite(void)
{
	Suite	*s = suite_create("ring");
	TCase	*tc = tcase_create("processes");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, eight_workers_each_chunk_once);
	tcase_add_test(tc, tiny_ring);
	tcase_add_test(tc, worker_dies_holding_the_lock);
	tcase_add_test(tc, segment_is_not_named);
	tcase_add_test(tc, grid_generations);
	suite_add_tcase(s, tc);
	return s;
}
