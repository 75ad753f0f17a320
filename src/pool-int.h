/*
 * pool-int: what the pool's two files share, the parent's state (pool.c
 * supervises) and the forking of workers (pool-worker.c).
 */
#ifndef PINT_POOL_INT_H
#define PINT_POOL_INT_H

#include <stdint.h>

#include <sys/types.h>

#include "pool.h"

#define WORKER_EXIT_SETUP	70	/* a worker could not set up */

struct retry {
	uint64_t	 chunk;
	uint32_t	 attempt;
};

struct pool {
	const struct task	*task;
	const struct grid	*grid;		/* the one being computed */
	uint32_t		 gen;		/* its generation in the ring */
	const struct pool_opts	*opts;
	struct pool_result	*res;
	struct ring		*ring;
	pid_t			 parent;

	struct quad_partial	*parts;
	unsigned char		*have;		/* per chunk: result kept */
	int			 own;		/* parts and have are ours */
	uint64_t		 next;		/* next new chunk to publish */
	uint64_t		 end;		/* of the range being published */
	int			 exhausted;	/* no range left to claim */
	int			 claiming;	/* a claim not yet answered */
	uint64_t		 outstanding;	/* taken, not yet kept */
	struct retry		*retries;	/* chunks to publish again */
	size_t			 nretries, retries_cap;

	int			 nalive;
	int			 capacity;	/* of res->workers */
	int			 unexpected;	/* deaths counted for restarts */
	int			 started;	/* the barrier is open */
	int			 forks;		/* fork() calls so far */
	int			 fork_fail_at;	/* test hook, 0 = off */
	uint64_t		 grid_done;	/* chunks of this grid kept */
	uint64_t		 published;	/* new chunks handed out */
	int			 held;		/* test hook: holding them */
	uint64_t		 busy_ns;	/* time of the chunks collected */
	uint64_t		 rows_done;	/* rows of the chunks collected */
	struct beat {
		pid_t		 owner;
		uint64_t	 beat;		/* heartbeat last seen */
		uint64_t	 seen_ns;	/* when it last changed */
	}			*beats;		/* per ring slot */
	pid_t			 holder;	/* lock holder at the last look */
	int			 server_fd;	/* to the fork server, or -1 */
	pid_t			 server_pid;
	uint64_t		 holder_ns;	/* since when */
	uint64_t		 hang_ns;	/* the hang limit, as last computed */
	uint64_t		 moved_ns;	/* a chunk done or a beat moved */
	uint64_t		 moved_done;	/* chunks done and failed then */
	double			 t_fork;	/* first fork */
	double			 setup_limit;	/* s: workers ready by then */
};

/* pool-worker: the fork server, and a worker forked; -1 with errno. */
int	 pool_server_start(struct pool *);
void	 pool_server_stop(struct pool *);
int	 pool_spawn(struct pool *, int);

#endif
