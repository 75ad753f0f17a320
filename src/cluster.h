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
	uint64_t	 claims;	/* counter updates (batches claimed) */
};

/*
 * The launcher this process runs under, from the environment: returns
 * the number of ranks it started (0 when none is seen) and sets *rank and
 * *what ("Open MPI", "MPICH", "PMIx").
 */
int	 cluster_env(int *, const char **);

/* Built with MPI support. */
int	 cluster_available(void);

struct cluster;

/*
 * MPI_Init and the shared counter; NULL with *cause when MPI fails. got
 * (rank 0) receives each remote chunk's partial as it arrives.
 */
struct cluster	*cluster_init(uint64_t, void (*)(void *, uint64_t,
		     const struct quad_partial *), void *, char **);
int		 cluster_rank(const struct cluster *);
int		 cluster_size(const struct cluster *);
const char	*cluster_host(const struct cluster *, int);

/* Rank 0's status, seen by every rank (0 go on, else an exit status). */
int		 cluster_agree(struct cluster *, int);
/* Rank 0's have[] (chunks resumed from a checkpoint), on every rank. */
void		 cluster_share(struct cluster *, unsigned char *, uint64_t);

/* Pool hooks: the next batch; a kept chunk; each pass of its loop. */
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
void		 cluster_abort(struct cluster *, int);
void		 cluster_finish(struct cluster *);

#endif
