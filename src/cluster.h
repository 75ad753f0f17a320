/*
 * cluster: one pint per MPI rank. Each rank runs its own pool; chunks are
 * claimed from a counter in an MPI-3 window at rank 0 in guided batches,
 * and every rank's partial sums go to rank 0, which combines them in
 * chunk order (the same bits as one host) and prints the one report.
 * Workers never call MPI: they are forked before MPI_Init, and their
 * replacements by a fork server started before it.
 */
#ifndef PINT_CLUSTER_H
#define PINT_CLUSTER_H

#include <stdint.h>

#include "quad.h"

#define CLUSTER_HOSTLEN	64

/* What one rank did, as rank 0's report shows it. */
struct cluster_node {
	char		 host[CLUSTER_HOSTLEN];
	int		 rank;
	int		 jobs;
	uint64_t	 chunks;	/* computed by its workers */
	uint64_t	 points;
	double		 busy_s;	/* workers' time on chunks */
	double		 user_s, sys_s;	/* workers' CPU time */
	double		 wall_s;
	double		 other_cpus;	/* CPUs busy outside pint, or NAN */
	long		 max_rss_kib;	/* the rank's pint */
	long		 workers_max_rss_kib;
	int		 worker_deaths;
	double		 mpi_s;		/* time in MPI calls */
	double		 mpi_init_s;	/* MPI_Init and setup, overlapped */
	uint64_t	 claims;	/* counter updates (batches claimed) */
};

/*
 * The launcher this process runs under, from the environment: returns
 * the number of ranks it started (0 when none is seen; 1 when it does not
 * say how many) and sets *rank, *size (0 when it does not say) and *what
 * ("Open MPI", "MPICH", "PMIx").
 */
int	 cluster_env(int *, int *, const char **);

/* Built with MPI support. */
int	 cluster_available(void);

struct cluster;

/* What a rank knows before MPI is up. */
struct cluster_start {
	uint64_t	 nchunks;
	int		 env_rank;	/* the launcher's word */
	int		 env_size;	/* 0: the launcher did not say */
	int		 first_batch;	/* may compute before MPI is up */
	int		 status;	/* rank 0: its journal's, for all */
	unsigned char	*have;		/* rank 0's resumed chunks, or NULL */
	/* Rank 0: each remote chunk's partial as it arrives. */
	void		(*got)(void *, uint64_t, const struct quad_partial *);
	void		*got_arg;
};

/* The guided batch size when left chunks remain for size ranks. */
uint64_t	 cluster_batch(uint64_t, int);

/* The first batch of a rank from the launcher's word, before MPI is up. */
void		 cluster_first_batch(uint64_t, int, int, uint64_t *,
		     uint64_t *);

/*
 * Start MPI in a thread of its own (MPI_Init, the counter, rank 0's
 * status and resumed chunks); NULL with *cause when the thread cannot
 * start. Until it is up, claims wait and cluster_tick reports a failure.
 */
struct cluster	*cluster_start(const struct cluster_start *, char **);
int		 cluster_rank(const struct cluster *);
int		 cluster_size(const struct cluster *);

/*
 * Pool hooks: the next batch (1, 0 when none is left, -1 not yet: MPI is
 * starting or the counter has not answered); a kept chunk; each pass of
 * the pool's loop (0, or an exit status with *cause; "" when rank 0 has
 * said why).
 */
int		 cluster_claim(struct cluster *, uint64_t *, uint64_t *);
void		 cluster_kept(struct cluster *, uint64_t,
		     const struct quad_partial *);
int		 cluster_tick(struct cluster *, char **);

/*
 * After the rank's pool is done: send its figures (every rank) and, on
 * rank 0, receive everyone's partials and figures into nodes[size]. 0,
 * or an exit status with *cause (a rank lost).
 */
int		 cluster_gather(struct cluster *, const struct cluster_node *,
		     struct cluster_node *, char **);
/* Stop every rank (after a failure on this one). */
void		 cluster_abort(struct cluster *, int) __attribute__((noreturn));
/*
 * From the handler of the first SIGINT, SIGTERM or SIGHUP: note which
 * ranks on this host are gone already (a rank killed makes the launcher
 * stop the others with SIGTERM). After it, say which were.
 */
void		 cluster_on_signal(void);
void		 cluster_lost_peers(struct cluster *);
void		 cluster_finish(struct cluster *);

/*
 * The MPI side, in the module pint-mpi.so: the functions above from
 * cluster_start on, as the module's table pint_cluster_mpi.
 */
#define CLUSTER_OPS_ABI	1
struct cluster_ops {
	int		  abi;		/* CLUSTER_OPS_ABI */
	const char	 *version;	/* PACKAGE_VERSION */
	struct cluster	*(*start)(const struct cluster_start *, char **);
	int		 (*rank)(const struct cluster *);
	int		 (*size)(const struct cluster *);
	int		 (*claim)(struct cluster *, uint64_t *, uint64_t *);
	void		 (*kept)(struct cluster *, uint64_t,
			     const struct quad_partial *);
	int		 (*tick)(struct cluster *, char **);
	int		 (*gather)(struct cluster *, const struct cluster_node *,
			     struct cluster_node *, char **);
	void		 (*abort)(struct cluster *, int);
	void		 (*on_signal)(void);
	void		 (*lost_peers)(struct cluster *);
	void		 (*finish)(struct cluster *);
};

#endif
