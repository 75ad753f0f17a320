/*
 * ring: the shared-memory ring between the parent and its workers.
 *
 * One POSIX shared-memory segment, unlinked as soon as it is mapped, holds
 * a bounded ring of chunk slots and their results. The parent publishes
 * chunks and collects results; workers claim chunks under a robust,
 * process-shared mutex and complete them without it. Every slot's state
 * and owner are one atomic word, so the chunks of a dead worker can be
 * found and requeued. Waiting is on futexes with timeouts, never on a
 * process-shared condition variable.
 */
#ifndef PINT_RING_H
#define PINT_RING_H

#include <stdint.h>
#include <sys/types.h>

#include "quad.h"

struct ring;

enum ring_status {
	RING_GOT,		/* a chunk was claimed */
	RING_IDLE,		/* nothing to claim before the timeout */
	RING_CLOSED,		/* nothing more will come */
};

struct ring_claim {
	uint32_t	 slot;
	uint32_t	 attempt;	/* 0 the first time a chunk is run */
	uint64_t	 chunk;
	uint32_t	 gen;		/* of the grid it belongs to */
};

/*
 * Create and map the segment for nslots slots, reserving min_bytes if that
 * is more (0 for what the slots need; more only to test a refusal); NULL +
 * cause when the system refuses.
 */
struct ring	*ring_create(uint32_t, uint64_t, char **);
void		 ring_destroy(struct ring *);
uint32_t	 ring_nslots(const struct ring *);

/* Parent side. */
int		 ring_publish(struct ring *, uint64_t, uint32_t);
int		 ring_collect(struct ring *, uint64_t *, struct quad_partial *,
		     pid_t *);
int		 ring_requeue(struct ring *, pid_t, uint64_t *, uint32_t *,
		     int, int);
void		 ring_close(struct ring *);
uint32_t	 ring_set_grid(struct ring *, const struct grid *);
uint32_t	 ring_done_seq(struct ring *);
void		 ring_wait_done(struct ring *, uint32_t, int);
uint32_t	 ring_ready(struct ring *);
void		 ring_wait_ready(struct ring *, uint32_t, int);
void		 ring_start(struct ring *);
int		 ring_slot_claim(struct ring *, uint32_t, pid_t *, uint64_t *,
		     uint64_t *);
pid_t		 ring_lock_holder(struct ring *);
void		 ring_set_test_hooks(struct ring *, uint32_t, uint32_t);

/* Worker side. */
void		 ring_arrive(struct ring *);
int		 ring_wait_start(struct ring *, int);
int		 ring_claim(struct ring *, pid_t, struct ring_claim *, int);
void		 ring_complete(struct ring *, const struct ring_claim *,
		     const struct quad_partial *);
uint64_t	*ring_heartbeat(struct ring *, const struct ring_claim *);
int		 ring_grid(struct ring *, uint32_t, struct grid *);

#endif
