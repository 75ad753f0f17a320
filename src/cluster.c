/*
 * cluster: MPI ranks. See cluster.h for the model.
 *
 * Rank 0 holds one 64-bit counter in an MPI-3 window: the next chunk not
 * yet claimed. A rank whose pool runs out of chunks adds a batch size
 * with MPI_Fetch_and_op and gets the old value, the first chunk of its
 * batch; batches shrink with what is left (guided), so fast ranks take
 * more and the tail is spread thin. A rank other than 0 sends its kept
 * partials to rank 0 at least every CLUSTER_SEND_MS (an empty message is
 * its heartbeat), then, when its pool is done, its figures. Rank 0 calls
 * MPI at least every pool pass, so the counter progresses; it declares a
 * rank lost when it has heard nothing from it for CLUSTER_LOST_S.
 * Messages from one rank are received in the order sent (one probe for
 * any tag), so a rank's figures arrive after all its partials.
 */
#include "config.h"

#include "cluster.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_MPI
#include <mpi.h>
#endif

#include "pool.h"
#include "util.h"

static int
cluster_env_int(const char *name, int *v)
{
	const char	*s = getenv(name);
	uint64_t	 u;

	if (s == NULL || parse_u64(s, &u) != 0 || u > INT_MAX)
		return 0;
	*v = (int)u;
	return 1;
}

int
cluster_env(int *rank, const char **what)
{
	int	 n = 0;

	*rank = 0;
	if (cluster_env_int("OMPI_COMM_WORLD_SIZE", &n)) {
		*what = "Open MPI";
		cluster_env_int("OMPI_COMM_WORLD_RANK", rank);
	} else if (cluster_env_int("PMI_SIZE", &n)) {
		*what = "an MPICH or PMI launcher";
		cluster_env_int("PMI_RANK", rank);
	} else if (getenv("PMIX_RANK") != NULL) {
		*what = "a PMIx launcher";
		cluster_env_int("PMIX_RANK", rank);
		if (!cluster_env_int("SLURM_STEP_NUM_TASKS", &n) &&
		    !cluster_env_int("SLURM_NTASKS", &n))
			n = 1;
	}
	return n;
}

#ifndef HAVE_MPI

int
cluster_available(void)
{
	return 0;
}

/* Without MPI none of these is reached: plan refuses MPI mode. */
struct cluster *
cluster_init(uint64_t nchunks, void (*got)(void *, uint64_t,
    const struct quad_partial *), void *arg, char **cause)
{
	(void)nchunks;
	(void)got;
	(void)arg;
	xasprintf(cause, "pint was built without MPI");
	return NULL;
}

int
cluster_rank(const struct cluster *c)
{
	(void)c;
	return 0;
}

int
cluster_size(const struct cluster *c)
{
	(void)c;
	return 1;
}

const char *
cluster_host(const struct cluster *c, int r)
{
	(void)c;
	(void)r;
	return "";
}

int
cluster_agree(struct cluster *c, int status)
{
	(void)c;
	return status;
}

void
cluster_share(struct cluster *c, unsigned char *have, uint64_t n)
{
	(void)c;
	(void)have;
	(void)n;
}

int
cluster_claim(struct cluster *c, uint64_t *first, uint64_t *count)
{
	(void)c;
	(void)first;
	(void)count;
	return 0;
}

void
cluster_kept(struct cluster *c, uint64_t chunk, const struct quad_partial *p)
{
	(void)c;
	(void)chunk;
	(void)p;
}

int
cluster_tick(struct cluster *c, char **cause)
{
	(void)c;
	(void)cause;
	return 0;
}

int
cluster_gather(struct cluster *c, const struct cluster_node *me,
    struct cluster_node *all, char **cause)
{
	(void)c;
	(void)me;
	(void)all;
	(void)cause;
	return 0;
}

void
cluster_abort(struct cluster *c, int status)
{
	(void)c;
	exit(status);
}

void
cluster_finish(struct cluster *c)
{
	(void)c;
}

#else /* HAVE_MPI */

#define CLUSTER_SEND_MS	200	/* partials leave a rank this often */
#define CLUSTER_LOST_S	10	/* silence after which a rank is lost */
#define CLUSTER_BATCH	4	/* batch = left / (CLUSTER_BATCH x ranks) */
#define CLUSTER_SENDMAX	1024	/* records per message at most */
#define TAG_PARTS	1
#define TAG_DONE	2
#define TAG_END		3

struct cluster_rec {
	uint64_t		 chunk;
	struct quad_partial	 part;
};

struct cluster {
	int			 rank, size;
	char			(*hosts)[CLUSTER_HOSTLEN];
	MPI_Win			 win;
	uint64_t		 nchunks;
	uint64_t		 seen;		/* counter as last seen */
	int			 exhausted;
	char			*error;		/* an MPI call failed */
	void			(*got)(void *, uint64_t,
				    const struct quad_partial *);
	void			*got_arg;

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

int
cluster_available(void)
{
	return 1;
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
	    c->hosts[c->rank], len, msg);
	return rc;
}

struct cluster *
cluster_init(uint64_t nchunks, void (*got)(void *, uint64_t,
    const struct quad_partial *), void *arg, char **cause)
{
	struct cluster	*c;
	char		 host[CLUSTER_HOSTLEN];
	uint64_t	*base;
	int		 provided, rc;

	rc = MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
	if (rc != MPI_SUCCESS) {
		xasprintf(cause, "MPI_Init failed (error %d)", rc);
		return NULL;
	}
	MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
	c = xcalloc(1, sizeof *c);
	c->nchunks = nchunks;
	c->got = got;
	c->got_arg = arg;
	MPI_Comm_rank(MPI_COMM_WORLD, &c->rank);
	MPI_Comm_size(MPI_COMM_WORLD, &c->size);
	c->hosts = xcalloc(c->size, sizeof *c->hosts);
	memset(host, 0, sizeof host);
	if (gethostname(host, sizeof host - 1) != 0)
		snprintf(host, sizeof host, "?");
	memcpy(c->hosts[c->rank], host, sizeof host);
	/* Every rank knows every host, to name a lost one. */
	cluster_check(c, MPI_Allgather(host, CLUSTER_HOSTLEN, MPI_CHAR,
	    c->hosts, CLUSTER_HOSTLEN, MPI_CHAR, MPI_COMM_WORLD), "Allgather");
	cluster_check(c, MPI_Win_allocate(c->rank == 0 ? sizeof *base : 0,
	    sizeof *base, MPI_INFO_NULL, MPI_COMM_WORLD, &base, &c->win),
	    "Win_allocate");
	if (c->error == NULL && c->rank == 0) {
		MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, c->win);
		*base = 0;
		MPI_Win_unlock(0, c->win);
	}
	cluster_check(c, MPI_Barrier(MPI_COMM_WORLD), "Barrier");
	if (c->error == NULL)
		cluster_check(c, MPI_Win_lock_all(MPI_MODE_NOCHECK, c->win),
		    "Win_lock_all");
	if (c->error != NULL) {
		*cause = c->error;
		MPI_Abort(MPI_COMM_WORLD, EXIT_RUNFAIL);
	}
	if (c->rank == 0) {
		c->heard_ns = xcalloc(c->size, sizeof *c->heard_ns);
		c->done = xcalloc(c->size, 1);
		c->nodes = xcalloc(c->size, sizeof *c->nodes);
		for (int r = 0; r < c->size; r++)
			c->heard_ns[r] = now_ns();
	}
	c->sent_ns = now_ns();
	c->req = MPI_REQUEST_NULL;
	return c;
}

int
cluster_rank(const struct cluster *c)
{
	return c->rank;
}

int
cluster_size(const struct cluster *c)
{
	return c->size;
}

const char *
cluster_host(const struct cluster *c, int r)
{
	return c->hosts[r];
}

int
cluster_agree(struct cluster *c, int status)
{
	uint64_t	 t0 = now_ns();

	if (cluster_check(c, MPI_Bcast(&status, 1, MPI_INT, 0,
	    MPI_COMM_WORLD), "Bcast") != MPI_SUCCESS)
		status = EXIT_RUNFAIL;
	c->mpi_ns += now_ns() - t0;
	return status;
}

void
cluster_share(struct cluster *c, unsigned char *have, uint64_t n)
{
	uint64_t	 t0 = now_ns(), off;
	int		 len;

	for (off = 0; off < n; off += (uint64_t)len) {
		len = n - off > INT_MAX ? INT_MAX : (int)(n - off);
		cluster_check(c, MPI_Bcast(have + off, len, MPI_UNSIGNED_CHAR,
		    0, MPI_COMM_WORLD), "Bcast");
	}
	c->mpi_ns += now_ns() - t0;
}

int
cluster_claim(struct cluster *c, uint64_t *first, uint64_t *count)
{
	MPI_Request	 req;
	uint64_t	 left, batch, old = 0, t0 = now_ns();
	int		 flag = 0;

	if (c->exhausted || c->error != NULL)
		return 0;
	left = c->nchunks > c->seen ? c->nchunks - c->seen : 1;
	batch = left / ((uint64_t)CLUSTER_BATCH * (uint64_t)c->size);
	if (batch < 1)
		batch = 1;
	/*
	 * MPI_Fetch_and_op as a request, tested until done: a signal (the
	 * launcher's SIGTERM) must not find this rank blocked in MPI.
	 */
	if (cluster_check(c, MPI_Rget_accumulate(&batch, 1, MPI_UINT64_T,
	    &old, 1, MPI_UINT64_T, 0, 0, 1, MPI_UINT64_T, MPI_SUM, c->win,
	    &req), "Rget_accumulate") != MPI_SUCCESS) {
		c->exhausted = 1;
		return 0;
	}
	for (;;) {
		if (cluster_check(c, MPI_Test(&req, &flag, MPI_STATUS_IGNORE),
		    "Test") != MPI_SUCCESS || pool_interrupt) {
			c->exhausted = 1;
			return 0;
		}
		if (flag)
			break;
	}
	c->mpi_ns += now_ns() - t0;
	c->claims++;
	c->seen = old + batch;
	if (old >= c->nchunks) {
		c->exhausted = 1;
		return 0;
	}
	*first = old;
	*count = batch < c->nchunks - old ? batch : c->nchunks - old;
	return 1;
}

void
cluster_kept(struct cluster *c, uint64_t chunk, const struct quad_partial *p)
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
			if (c->in[i].chunk < c->nchunks)
				c->got(c->got_arg, c->in[i].chunk,
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
		xasprintf(cause, "rank %d on %s is lost: nothing heard from it "
		    "for %d s", r, c->hosts[r], CLUSTER_LOST_S);
		return EXIT_RUNFAIL;
	}
	return 0;
}

int
cluster_tick(struct cluster *c, char **cause)
{
	int	 rv = 0;

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

int
cluster_gather(struct cluster *c, const struct cluster_node *me,
    struct cluster_node *all, char **cause)
{
	struct cluster_node	 node = *me;
	MPI_Request		 req;
	int			 rv = 0, r, flag;

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
			if (c->error != NULL || pool_interrupt)
				break;
			usleep(1000);
		}
		node.mpi_s = (double)c->mpi_ns * 1e-9;
		node.claims = c->claims;
		cluster_check(c, MPI_Isend(&node, sizeof node, MPI_BYTE, 0,
		    TAG_DONE, MPI_COMM_WORLD, &req), "Isend");
		/*
		 * Wait for rank 0's end without spinning in MPI: a rank done
		 * early shares the node with workers still computing.
		 */
		for (;;) {
			if (c->error != NULL || pool_interrupt)
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
		MPI_Wait(&req, MPI_STATUS_IGNORE);
		if (pool_interrupt)
			return 128 + pool_interrupt;
		if (c->error != NULL) {
			*cause = xstrdup(c->error);
			return EXIT_RUNFAIL;
		}
		return 0;
	}

	while (c->ndone < c->size - 1) {
		if (pool_interrupt)
			return 128 + pool_interrupt;
		if ((rv = cluster_receive(c, cause)) != 0)
			return rv;
		if (c->ndone < c->size - 1)
			usleep(1000);
	}
	for (r = 1; r < c->size; r++)
		cluster_check(c, MPI_Send(NULL, 0, MPI_BYTE, r, TAG_END,
		    MPI_COMM_WORLD), "Send");
	node.mpi_s = (double)c->mpi_ns * 1e-9;
	node.claims = c->claims;
	c->nodes[0] = node;
	memcpy(all, c->nodes, c->size * sizeof *all);
	for (r = 0; r < c->size; r++) {
		all[r].rank = r;
		memcpy(all[r].host, c->hosts[r], CLUSTER_HOSTLEN);
		all[r].host[CLUSTER_HOSTLEN - 1] = '\0';
	}
	if (c->error != NULL) {
		*cause = xstrdup(c->error);
		return EXIT_RUNFAIL;
	}
	return 0;
}

void
cluster_abort(struct cluster *c, int status)
{
	(void)c;
	fflush(stderr);
	MPI_Abort(MPI_COMM_WORLD, status);
	_exit(status);
}

void
cluster_finish(struct cluster *c)
{
	if (c == NULL)
		return;
	MPI_Win_unlock_all(c->win);
	MPI_Win_free(&c->win);
	MPI_Finalize();
	free(c->hosts);
	free(c->out);
	free(c->sending);
	free(c->heard_ns);
	free(c->done);
	free(c->nodes);
	free(c->in);
	free(c->error);
	free(c);
}

#endif /* HAVE_MPI */
