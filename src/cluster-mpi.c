/*
 * cluster-mpi: the MPI side of cluster, built as the module pint-mpi.so
 * and loaded by cluster.c only when pint runs as an MPI rank, so that a
 * plain run does not load the MPI libraries. See cluster.h for the model.
 *
 * MPI starts in a thread of its own (MPI_THREAD_SERIALIZED), so that a
 * rank's workers compute while MPI_Init runs (a quarter of a second with
 * Open MPI's UCX, more on a cluster): each rank starts on a first batch
 * that the launcher's environment (rank, size) gives it, the same batch
 * the counter would have handed out first. Once MPI is up, the thread
 * leaves every call to the main thread and waits to run MPI_Finalize,
 * which belongs on the thread that initialised MPI.
 *
 * Rank 0 holds one 64-bit counter in an MPI-3 window: the next chunk not
 * yet claimed. A rank whose pool runs out of chunks adds a batch size
 * with an MPI_Rget_accumulate that it tests on each pass of its loop
 * (never blocking, never spinning in MPI); batches shrink with what is
 * left (guided), so fast ranks take more and the tail is spread thin. A
 * rank other than 0 sends its kept partials to rank 0 at least every
 * CLUSTER_SEND_MS (an empty message is its heartbeat), then, when its
 * pool is done, its figures. Rank 0 calls MPI at least every pool pass,
 * so the counter progresses; it declares a rank lost when it has heard
 * nothing from it for CLUSTER_LOST_S.
 * A rank stopped (or gone) before MPI is up on every rank holds every
 * other rank in MPI_Init or the setup, where no rank knows the others
 * yet: a rank that has computed its first batch and has waited
 * CLUSTER_LOST_S more for MPI gives up, saying so.
 * Messages from one rank are received in the order sent (one probe for
 * any tag), so a rank's figures arrive after all its partials.
 */
#include "config.h"

#include "cluster.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mpi.h>

#include "pool.h"
#include "util.h"

#define CLUSTER_SEND_MS	200	/* partials leave a rank this often */
#define CLUSTER_LOST_S	10	/* silence after which a rank is lost */
#define CLUSTER_SENDMAX	1024	/* records per message at most */
#define TAG_PARTS	1
#define TAG_DONE	2
#define TAG_END		3

/* The thread's progress, read by the main thread (acquire). */
#define STATE_STARTING	0	/* in MPI_Init and the setup */
#define STATE_UP	1	/* every call is the main thread's */
#define STATE_FAILED	2	/* error or status says why */

struct cluster_rec {
	uint64_t		 chunk;
	struct quad_partial	 part;
};

/* Who a rank is, for the messages naming it. */
struct cluster_peer {
	char			 host[CLUSTER_HOSTLEN];
	int64_t			 pid;
};

struct cluster {
	/* Set before the thread starts, read-only after. */
	struct cluster_start	 cs;
	uint64_t		 start;		/* the counter's first value */
	uint64_t		 pre_first, pre_count;
	uint64_t		 start_ns;	/* when MPI was started */

	/*
	 * Written by the thread until it publishes state (release); the
	 * main thread reads them once it has seen STATE_UP or FAILED.
	 */
	pthread_t		 thread;
	int			 state;
	int			 inited;	/* MPI_Init returned */
	int			 status;	/* rank 0's, when FAILED */
	int			 rank, size;
	struct cluster_peer	*peers;
	volatile sig_atomic_t	*gone;		/* at the first signal */
	MPI_Win			 win;
	int			 have_win, locked;
	uint64_t		 init_ns;

	/* The thread waits for this to run MPI_Finalize. */
	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	int			 fin;

	/* The main thread's, from here on. */
	int			 pre_given;
	uint64_t		 starved_ns;	/* since when waiting for MPI */
	uint64_t		 seen;		/* counter as last seen */
	int			 exhausted;
	char			*error;		/* an MPI call failed */
	MPI_Request		 creq;		/* a claim in flight */
	uint64_t		 cbatch, cold;	/* its operand and result */

	/* Ranks other than 0: partials not yet sent, and the one send. */
	struct cluster_rec	*out;
	size_t			 nout, capout;
	struct cluster_rec	*sending;
	MPI_Request		 req;
	uint64_t		 sent_ns;

	/* Rank 0: when each rank was last heard, and who is done. */
	uint64_t		*heard_ns;
	unsigned char		*done;
	int			 ndone;
	struct cluster_node	*nodes;
	struct cluster_rec	*in;
	size_t			 capin;

	uint64_t		 mpi_ns;	/* time in MPI calls */
	uint64_t		 claims;
};

/* The job's cluster once MPI is up, for the signal handler. */
static struct cluster *volatile cluster_watched;

static int
cluster_state(const struct cluster *c)
{
	return __atomic_load_n(&c->state, __ATOMIC_ACQUIRE);
}

/* Keep the first MPI error; returns rc. */
static int
cluster_check(struct cluster *c, int rc, const char *what)
{
	char	 msg[MPI_MAX_ERROR_STRING];
	int	 len = 0;

	if (rc == MPI_SUCCESS || c->error != NULL)
		return rc;
	MPI_Error_string(rc, msg, &len);
	xasprintf(&c->error, "MPI: %s on rank %d (%s): %.*s", what, c->rank,
	    c->peers != NULL ? c->peers[c->rank].host : "?", len, msg);
	return rc;
}

/*
 * The thread's setup once MPI_Init has returned: who is who, the window
 * and its counter, rank 0's word. 0, or -1 with c->error or c->status.
 */
static int
cluster_setup(struct cluster *c)
{
	struct cluster_peer	 me;
	uint64_t		*base, word[2];
	int			 provided = 0, len;

	MPI_Query_thread(&provided);
	MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
	MPI_Comm_rank(MPI_COMM_WORLD, &c->rank);
	MPI_Comm_size(MPI_COMM_WORLD, &c->size);
	c->peers = xcalloc(c->size, sizeof *c->peers);
	c->gone = xcalloc(c->size, sizeof *c->gone);
	memset(&me, 0, sizeof me);
	if (gethostname(me.host, sizeof me.host - 1) != 0)
		snprintf(me.host, sizeof me.host, "?");
	me.pid = getpid();
	c->peers[c->rank] = me;
	if (provided < MPI_THREAD_SERIALIZED) {
		xasprintf(&c->error, "the MPI library gives thread level %d, "
		    "pint needs MPI_THREAD_SERIALIZED", provided);
		return -1;
	}
	if (c->cs.env_size > 0 && (c->rank != c->cs.env_rank ||
	    c->size != c->cs.env_size)) {
		xasprintf(&c->error, "MPI says rank %d of %d, but the launcher "
		    "said rank %d of %d", c->rank, c->size, c->cs.env_rank,
		    c->cs.env_size);
		return -1;
	}
	/* Every rank knows every host and pid, to name a lost one. */
	if (cluster_check(c, MPI_Allgather(&me, sizeof me, MPI_BYTE, c->peers,
	    sizeof me, MPI_BYTE, MPI_COMM_WORLD), "Allgather") != MPI_SUCCESS)
		return -1;
	for (int r = 0; r < c->size; r++)
		c->peers[r].host[CLUSTER_HOSTLEN - 1] = '\0';
	if (cluster_check(c, MPI_Win_allocate(c->rank == 0 ? sizeof *base : 0,
	    sizeof *base, MPI_INFO_NULL, MPI_COMM_WORLD, &base, &c->win),
	    "Win_allocate") != MPI_SUCCESS)
		return -1;
	c->have_win = 1;
	if (c->rank == 0) {
		MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, c->win);
		*base = c->start;
		MPI_Win_unlock(0, c->win);
	}
	/*
	 * Rank 0's word, once its counter is set: its journal's status and
	 * where the counter starts, which must be where this rank's first
	 * batch assumed it does.
	 */
	word[0] = (uint64_t)c->cs.status;
	word[1] = c->start;
	if (cluster_check(c, MPI_Bcast(word, 2, MPI_UINT64_T, 0,
	    MPI_COMM_WORLD), "Bcast") != MPI_SUCCESS)
		return -1;
	if (word[0] != 0) {
		c->status = (int)word[0];
		return -1;
	}
	if (word[1] != c->start) {
		xasprintf(&c->error, "rank %d started on chunks rank 0 did not "
		    "plan for (the counter starts at %llu, not %llu)", c->rank,
		    (unsigned long long)word[1], (unsigned long long)c->start);
		return -1;
	}
	if (cluster_check(c, MPI_Win_lock_all(MPI_MODE_NOCHECK, c->win),
	    "Win_lock_all") != MPI_SUCCESS)
		return -1;
	c->locked = 1;
	for (uint64_t off = 0; c->cs.have != NULL && off < c->cs.nchunks;
	    off += (uint64_t)len) {
		len = c->cs.nchunks - off > INT_MAX ? INT_MAX :
		    (int)(c->cs.nchunks - off);
		if (cluster_check(c, MPI_Bcast(c->cs.have + off, len,
		    MPI_UNSIGNED_CHAR, 0, MPI_COMM_WORLD), "Bcast") !=
		    MPI_SUCCESS)
			return -1;
	}
	if (c->rank == 0) {
		c->heard_ns = xcalloc(c->size, sizeof *c->heard_ns);
		c->done = xcalloc(c->size, 1);
		c->nodes = xcalloc(c->size, sizeof *c->nodes);
		for (int r = 0; r < c->size; r++)
			c->heard_ns[r] = now_ns();
	}
	return 0;
}

/*
 * The thread: MPI_Init and the setup, then, once the main thread is
 * done with MPI, MPI_Finalize. It runs with every signal blocked, and so
 * do the threads MPI_Init starts: signals are the main thread's.
 */
static void *
cluster_main(void *arg)
{
	struct cluster	*c = arg;
	uint64_t	 t0 = now_ns();
	int		 provided, rc, state;

	rc = MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, &provided);
	if (rc != MPI_SUCCESS) {
		xasprintf(&c->error, "MPI_Init failed (error %d)", rc);
		__atomic_store_n(&c->state, STATE_FAILED, __ATOMIC_RELEASE);
		return NULL;
	}
	c->inited = 1;
	state = cluster_setup(c) == 0 ? STATE_UP : STATE_FAILED;
	c->init_ns = now_ns() - t0;
	c->sent_ns = now_ns();
	__atomic_store_n(&c->state, state, __ATOMIC_RELEASE);

	pthread_mutex_lock(&c->lock);
	while (!c->fin)
		pthread_cond_wait(&c->cond, &c->lock);
	pthread_mutex_unlock(&c->lock);
	if (c->locked)
		MPI_Win_unlock_all(c->win);
	if (c->have_win)
		MPI_Win_free(&c->win);
	MPI_Finalize();
	return NULL;
}

static struct cluster *
mpi_start(const struct cluster_start *cs, char **cause)
{
	struct cluster	*c;
	sigset_t	 all, old;
	int		 rc;

	c = xcalloc(1, sizeof *c);
	c->cs = *cs;
	c->rank = cs->env_rank;
	c->size = cs->env_size > 0 ? cs->env_size : 1;
	if (cs->first_batch && cs->env_size > 0) {
		cluster_first_batch(cs->nchunks, cs->env_rank, cs->env_size,
		    &c->pre_first, &c->pre_count);
		c->start = (uint64_t)cs->env_size *
		    cluster_batch(cs->nchunks, cs->env_size);
	}
	c->seen = c->start;
	c->start_ns = now_ns();
	c->req = MPI_REQUEST_NULL;
	c->creq = MPI_REQUEST_NULL;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	rc = pthread_create(&c->thread, NULL, cluster_main, c);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0) {
		xasprintf(cause, "cannot start the MPI thread: %s",
		    strerror(rc));
		pthread_mutex_destroy(&c->lock);
		pthread_cond_destroy(&c->cond);
		free(c);
		return NULL;
	}
	return c;
}

/* Until MPI is up, the launcher's word (checked once it is). */
static int
mpi_rank(const struct cluster *c)
{
	return cluster_state(c) == STATE_STARTING ? c->cs.env_rank : c->rank;
}

static int
mpi_size(const struct cluster *c)
{
	return cluster_state(c) == STATE_STARTING ?
	    (c->cs.env_size > 0 ? c->cs.env_size : 1) : c->size;
}

static int
mpi_claim(struct cluster *c, uint64_t *first, uint64_t *count)
{
	uint64_t	 left, t0;
	int		 flag = 0;

	if (!c->pre_given) {
		c->pre_given = 1;
		if (c->pre_count > 0) {
			*first = c->pre_first;
			*count = c->pre_count;
			return 1;
		}
	}
	/* Not up, or an error: the next tick says why. */
	if (cluster_state(c) != STATE_UP || c->error != NULL) {
		if (c->starved_ns == 0)
			c->starved_ns = now_ns();
		return -1;
	}
	if (c->exhausted)
		return 0;
	t0 = now_ns();
	if (c->creq == MPI_REQUEST_NULL) {
		left = c->cs.nchunks > c->seen ? c->cs.nchunks - c->seen : 1;
		c->cbatch = cluster_batch(left, c->size);
		if (cluster_check(c, MPI_Rget_accumulate(&c->cbatch, 1,
		    MPI_UINT64_T, &c->cold, 1, MPI_UINT64_T, 0, 0, 1,
		    MPI_UINT64_T, MPI_SUM, c->win, &c->creq),
		    "Rget_accumulate") != MPI_SUCCESS)
			return -1;
		c->claims++;
	}
	cluster_check(c, MPI_Test(&c->creq, &flag, MPI_STATUS_IGNORE), "Test");
	c->mpi_ns += now_ns() - t0;
	if (c->error != NULL || !flag)
		return -1;
	c->seen = c->cold + c->cbatch;
	if (c->cold >= c->cs.nchunks) {
		c->exhausted = 1;
		return 0;
	}
	*first = c->cold;
	*count = c->cbatch < c->cs.nchunks - c->cold ? c->cbatch :
	    c->cs.nchunks - c->cold;
	return 1;
}

static void
mpi_kept(struct cluster *c, uint64_t chunk, const struct quad_partial *p)
{
	if (c->nout == c->capout) {
		c->capout = c->capout ? 2 * c->capout : 256;
		c->out = xreallocarray(c->out, c->capout, sizeof *c->out);
	}
	c->out[c->nout].chunk = chunk;
	c->out[c->nout].part = *p;
	c->nout++;
}

/*
 * Send what is queued (at most CLUSTER_SENDMAX records) once the previous
 * send is complete; force: even when empty and not yet due (a heartbeat
 * is an empty message).
 */
static void
cluster_send(struct cluster *c, int force)
{
	uint64_t	 t0 = now_ns();
	size_t		 n;
	int		 flag = 0;

	if (c->req != MPI_REQUEST_NULL) {
		cluster_check(c, MPI_Test(&c->req, &flag, MPI_STATUS_IGNORE),
		    "Test");
		if (!flag) {
			c->mpi_ns += now_ns() - t0;
			return;
		}
		free(c->sending);
		c->sending = NULL;
	}
	if (!force && now_ns() - c->sent_ns <
	    (uint64_t)CLUSTER_SEND_MS * 1000000 && c->nout < CLUSTER_SENDMAX) {
		c->mpi_ns += now_ns() - t0;
		return;
	}
	n = c->nout < CLUSTER_SENDMAX ? c->nout : CLUSTER_SENDMAX;
	c->sending = xreallocarray(NULL, n ? n : 1, sizeof *c->sending);
	memcpy(c->sending, c->out, n * sizeof *c->out);
	memmove(c->out, c->out + n, (c->nout - n) * sizeof *c->out);
	c->nout -= n;
	cluster_check(c, MPI_Isend(c->sending, (int)(n * sizeof *c->sending),
	    MPI_BYTE, 0, TAG_PARTS, MPI_COMM_WORLD, &c->req), "Isend");
	c->sent_ns = now_ns();
	c->mpi_ns += c->sent_ns - t0;
}

/* Rank 0: take every message waiting; 0 or an exit status + cause. */
static int
cluster_receive(struct cluster *c, char **cause)
{
	MPI_Status	 st;
	uint64_t	 now, t0 = now_ns();
	int		 flag, bytes, r, i, n;

	for (;;) {
		if (cluster_check(c, MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG,
		    MPI_COMM_WORLD, &flag, &st), "Iprobe") != MPI_SUCCESS ||
		    !flag)
			break;
		r = st.MPI_SOURCE;
		c->heard_ns[r] = now_ns();
		MPI_Get_count(&st, MPI_BYTE, &bytes);
		if (st.MPI_TAG == TAG_DONE) {
			struct cluster_node	 node;

			if (cluster_check(c, MPI_Recv(&node, sizeof node,
			    MPI_BYTE, r, TAG_DONE, MPI_COMM_WORLD,
			    MPI_STATUS_IGNORE), "Recv") != MPI_SUCCESS)
				break;
			c->nodes[r] = node;
			if (!c->done[r]) {
				c->done[r] = 1;
				c->ndone++;
			}
			continue;
		}
		if ((size_t)bytes > c->capin * sizeof *c->in) {
			c->capin = (size_t)bytes / sizeof *c->in + 1;
			c->in = xreallocarray(c->in, c->capin, sizeof *c->in);
		}
		if (cluster_check(c, MPI_Recv(c->in, bytes, MPI_BYTE, r,
		    st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE), "Recv") !=
		    MPI_SUCCESS)
			break;
		n = bytes / (int)sizeof *c->in;
		for (i = 0; i < n; i++) {
			if (c->in[i].chunk < c->cs.nchunks)
				c->cs.got(c->cs.got_arg, c->in[i].chunk,
				    &c->in[i].part);
		}
	}
	c->mpi_ns += now_ns() - t0;
	if (c->error != NULL) {
		*cause = xstrdup(c->error);
		return EXIT_RUNFAIL;
	}
	now = now_ns();
	for (r = 1; r < c->size; r++) {
		if (c->done[r] ||
		    now - c->heard_ns[r] < (uint64_t)CLUSTER_LOST_S * 1000000000)
			continue;
		xasprintf(cause, "rank %d on %s (pid %lld) is lost: nothing "
		    "heard from it for %d s", r, c->peers[r].host,
		    (long long)c->peers[r].pid, CLUSTER_LOST_S);
		return EXIT_RUNFAIL;
	}
	return 0;
}

static int
mpi_tick(struct cluster *c, char **cause)
{
	int	 rv = 0;

	switch (cluster_state(c)) {
	case STATE_STARTING:
		if (c->starved_ns == 0 || now_ns() - c->starved_ns <
		    (uint64_t)CLUSTER_LOST_S * 1000000000)
			return 0;
		xasprintf(cause, "MPI is not up after %.0f s (MPI_Init or "
		    "the exchange after it has not returned) and this rank "
		    "has had nothing to compute for %d s: one of the %d ranks "
		    "has not joined (stopped, ended before MPI_Init, or its "
		    "node cannot be reached)",
		    (double)(now_ns() - c->start_ns) * 1e-9, CLUSTER_LOST_S,
		    c->size);
		return EXIT_RUNFAIL;
	case STATE_FAILED:
		if (c->error != NULL) {
			*cause = xstrdup(c->error);
			return EXIT_RUNFAIL;
		}
		*cause = xstrdup("");	/* rank 0 said why */
		return c->status;
	}
	cluster_watched = c;
	if (c->rank == 0)
		rv = cluster_receive(c, cause);
	else {
		cluster_send(c, 0);
		if (c->error != NULL) {
			*cause = xstrdup(c->error);
			rv = EXIT_RUNFAIL;
		}
	}
	return rv;
}

static int
mpi_gather(struct cluster *c, const struct cluster_node *me,
    struct cluster_node *all, char **cause)
{
	struct cluster_node	 node = *me;
	MPI_Request		 req;
	int			 rv = 0, r, flag;

	/* A pool only completes once MPI is up (its claims wait for it). */
	if (cluster_state(c) != STATE_UP) {
		*cause = xstrdup("MPI is not up");
		return EXIT_RUNFAIL;
	}
	node.mpi_s = (double)c->mpi_ns * 1e-9;
	node.mpi_init_s = (double)c->init_ns * 1e-9;
	node.claims = c->claims;
	if (c->rank != 0) {
		/* Every partial, then the figures. */
		while (c->nout > 0 || c->req != MPI_REQUEST_NULL) {
			if (c->nout > 0)
				cluster_send(c, 1);
			else {
				cluster_check(c, MPI_Test(&c->req, &flag,
				    MPI_STATUS_IGNORE), "Test");
				if (flag) {
					free(c->sending);
					c->sending = NULL;
				}
			}
			if (c->error != NULL || stop_signal)
				break;
			usleep(1000);
		}
		node.mpi_s = (double)c->mpi_ns * 1e-9;
		cluster_check(c, MPI_Isend(&node, sizeof node, MPI_BYTE, 0,
		    TAG_DONE, MPI_COMM_WORLD, &req), "Isend");
		/*
		 * Wait for rank 0's end without spinning in MPI: a rank done
		 * early shares the node with workers still computing.
		 */
		for (;;) {
			if (c->error != NULL || stop_signal)
				break;
			cluster_check(c, MPI_Iprobe(0, TAG_END, MPI_COMM_WORLD,
			    &flag, MPI_STATUS_IGNORE), "Iprobe");
			if (flag) {
				MPI_Recv(NULL, 0, MPI_BYTE, 0, TAG_END,
				    MPI_COMM_WORLD, MPI_STATUS_IGNORE);
				break;
			}
			usleep(2000);
		}
		if (stop_signal)
			return 128 + stop_signal;
		MPI_Wait(&req, MPI_STATUS_IGNORE);
		if (c->error != NULL) {
			*cause = xstrdup(c->error);
			return EXIT_RUNFAIL;
		}
		return 0;
	}

	while (c->ndone < c->size - 1) {
		if (stop_signal)
			return 128 + stop_signal;
		if ((rv = cluster_receive(c, cause)) != 0)
			return rv;
		if (c->ndone < c->size - 1)
			usleep(1000);
	}
	for (r = 1; r < c->size; r++)
		cluster_check(c, MPI_Send(NULL, 0, MPI_BYTE, r, TAG_END,
		    MPI_COMM_WORLD), "Send");
	node.mpi_s = (double)c->mpi_ns * 1e-9;
	c->nodes[0] = node;
	memcpy(all, c->nodes, c->size * sizeof *all);
	for (r = 0; r < c->size; r++) {
		all[r].rank = r;
		memcpy(all[r].host, c->peers[r].host, CLUSTER_HOSTLEN);
	}
	if (c->error != NULL) {
		*cause = xstrdup(c->error);
		return EXIT_RUNFAIL;
	}
	return 0;
}

static void
mpi_abort(struct cluster *c, int status)
{
	fflush(stderr);
	/*
	 * While the thread is in MPI, no other call may be made: leave, and
	 * the launcher ends the job (a rank that exits before MPI_Finalize
	 * fails it).
	 */
	if (c != NULL && cluster_state(c) != STATE_STARTING && c->inited)
		MPI_Abort(MPI_COMM_WORLD, status);
	_exit(status);
}

/*
 * From the signal handler (async-signal-safe): which ranks on this host
 * are gone already. A rank killed is reaped by the launcher, which then
 * sends SIGTERM to the others: at that moment it is gone and they are
 * not, whereas a SIGTERM to the launcher reaches every rank at once.
 */
static void
mpi_on_signal(void)
{
	struct cluster	*c = cluster_watched;
	int		 r, saved = errno;

	if (c == NULL)
		return;
	for (r = 0; r < c->size; r++) {
		if (r != c->rank && strcmp(c->peers[r].host,
		    c->peers[c->rank].host) == 0 &&
		    kill((pid_t)c->peers[r].pid, 0) == -1 && errno == ESRCH)
			c->gone[r] = 1;
	}
	errno = saved;
}

/*
 * The lowest rank still running on a host speaks for the ranks gone from
 * it, so that each is named once.
 */
static void
mpi_lost_peers(struct cluster *c)
{
	int	 r;

	if (c == NULL || c != cluster_watched)
		return;
	for (r = 0; r < c->rank; r++) {
		if (!c->gone[r] && strcmp(c->peers[r].host,
		    c->peers[c->rank].host) == 0)
			return;		/* a lower rank here speaks */
	}
	for (r = 0; r < c->size; r++) {
		if (c->gone[r])
			warnmsg("rank %d on %s (pid %lld) was gone when the "
			    "launcher stopped the job", r, c->peers[r].host,
			    (long long)c->peers[r].pid);
	}
}

static void
mpi_finish(struct cluster *c)
{
	if (c == NULL)
		return;
	cluster_watched = NULL;
	pthread_mutex_lock(&c->lock);
	c->fin = 1;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
	pthread_join(c->thread, NULL);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->cond);
	free(c->peers);
	free((void *)c->gone);
	free(c->out);
	free(c->sending);
	free(c->heard_ns);
	free(c->done);
	free(c->nodes);
	free(c->in);
	free(c->error);
	free(c);
}

/* The one symbol the module exports: cluster.c looks it up by name. */
__attribute__((visibility("default")))
const struct cluster_ops pint_cluster_mpi = {
	CLUSTER_OPS_ABI,
	PACKAGE_VERSION,
	mpi_start,
	mpi_rank,
	mpi_size,
	mpi_claim,
	mpi_kept,
	mpi_tick,
	mpi_gather,
	mpi_abort,
	mpi_on_signal,
	mpi_lost_peers,
	mpi_finish,
};
