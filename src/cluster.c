/*
 * cluster: MPI ranks. See cluster.h for the model. Here: what a rank
 * knows from its launcher before MPI is up, and the loading of the MPI
 * side (cluster-mpi.c, the module pint-mpi.so) when a run needs it.
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

#include "pool.h"
#include "util.h"

#define CLUSTER_BATCH	4	/* batch = left / (CLUSTER_BATCH x ranks) */

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
cluster_env(int *rank, int *size, const char **what)
{
	int	 n = 0;

	*rank = 0;
	*size = 0;
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
			return 1;	/* one at least; how many, MPI says */
	}
	*size = n;
	return n;
}

/* The guided batch size when left chunks remain for size ranks. */
uint64_t
cluster_batch(uint64_t left, int size)
{
	uint64_t	 b = left / ((uint64_t)CLUSTER_BATCH * (uint64_t)size);

	return b < 1 ? 1 : b;
}

/*
 * Rank r of n starts on [r x b, (r + 1) x b), b the first guided batch,
 * as if the counter had served the ranks in order; the counter starts at
 * n x b. A rank past the grid's end gets an empty batch.
 */
void
cluster_first_batch(uint64_t nchunks, int rank, int size, uint64_t *first,
    uint64_t *count)
{
	uint64_t	 b = cluster_batch(nchunks, size);

	*first = (uint64_t)rank * b;
	*count = *first < nchunks ? (nchunks - *first < b ? nchunks - *first :
	    b) : 0;
}
#ifndef HAVE_MPI

int
cluster_available(void)
{
	return 0;
}

/* Without MPI none of these is reached: plan refuses MPI mode. */
struct cluster *
cluster_start(const struct cluster_start *cs, char **cause)
{
	(void)cs;
	xasprintf(cause, "pint was built without MPI");
	return NULL;
}

void
cluster_on_signal(void)
{
}

#else /* HAVE_MPI */

#include <dlfcn.h>

/*
 * The MPI side lives in the module pint-mpi.so, loaded here the first
 * time a rank starts MPI: a plain run never maps the MPI libraries (they
 * cost a few milliseconds of start-up in every exec and fork). It is
 * looked for in $PINT_MPI_MODULE, next to the running executable (the
 * build tree), and where `make install` put it.
 */
static const struct cluster_ops *volatile cluster_ops;

int
cluster_available(void)
{
	return 1;
}

static const struct cluster_ops *
cluster_try(const char *path, char **why)
{
	const struct cluster_ops	*ops;
	void				*h;

	/* Global: Open MPI's own components resolve against libmpi. */
	if ((h = dlopen(path, RTLD_NOW | RTLD_GLOBAL)) == NULL) {
		free(*why);
		xasprintf(why, "%s", dlerror());
		return NULL;
	}
	ops = dlsym(h, "pint_cluster_mpi");
	if (ops == NULL || ops->abi != CLUSTER_OPS_ABI ||
	    strcmp(ops->version, PACKAGE_VERSION) != 0) {
		free(*why);
		xasprintf(why, "%s: not the module of pint %s", path,
		    PACKAGE_VERSION);
		dlclose(h);
		return NULL;
	}
	return ops;
}

static const struct cluster_ops *
cluster_load(char **cause)
{
	const struct cluster_ops	*ops = NULL;
	const char			*env = getenv("PINT_MPI_MODULE");
	char				 self[PATH_MAX], *path, *slash, *why = NULL;
	ssize_t				 n;

	if (cluster_ops != NULL)
		return cluster_ops;
	if (env != NULL && *env != '\0')
		ops = cluster_try(env, &why);
	else {
		n = readlink("/proc/self/exe", self, sizeof self - 1);
		if (n > 0) {
			self[n] = '\0';
			if ((slash = strrchr(self, '/')) != NULL)
				*slash = '\0';
			xasprintf(&path, "%s/pint-mpi.so", self);
			if (access(path, F_OK) == 0)
				ops = cluster_try(path, &why);
			free(path);
		}
		if (ops == NULL && why == NULL)
			ops = cluster_try(PKGLIBEXECDIR "/pint-mpi.so", &why);
	}
	if (ops == NULL) {
		xasprintf(cause, "cannot load pint's MPI module: %s", why);
		free(why);
		return NULL;
	}
	cluster_ops = ops;
	return ops;
}

struct cluster *
cluster_start(const struct cluster_start *cs, char **cause)
{
	const struct cluster_ops	*ops = cluster_load(cause);

	return ops == NULL ? NULL : ops->start(cs, cause);
}

void
cluster_on_signal(void)
{
	const struct cluster_ops	*ops = cluster_ops;

	if (ops != NULL)
		ops->on_signal();
}

#endif /* HAVE_MPI */

/*
 * The rest needs a cluster, which only cluster_start makes: with MPI the
 * module is loaded by then; without it they are never reached.
 */
#ifdef HAVE_MPI
int
cluster_rank(const struct cluster *c)
{
	return cluster_ops->rank(c);
}

int
cluster_size(const struct cluster *c)
{
	return cluster_ops->size(c);
}

int
cluster_claim(struct cluster *c, uint64_t *first, uint64_t *count)
{
	return cluster_ops->claim(c, first, count);
}

void
cluster_kept(struct cluster *c, uint64_t chunk, const struct quad_partial *p)
{
	cluster_ops->kept(c, chunk, p);
}

int
cluster_tick(struct cluster *c, char **cause)
{
	return cluster_ops->tick(c, cause);
}

int
cluster_gather(struct cluster *c, const struct cluster_node *me,
    struct cluster_node *all, char **cause)
{
	return cluster_ops->gather(c, me, all, cause);
}

void
cluster_abort(struct cluster *c, int status)
{
	if (cluster_ops != NULL)
		cluster_ops->abort(c, status);
	exit(status);
}

void
cluster_lost_peers(struct cluster *c)
{
	cluster_ops->lost_peers(c);
}

void
cluster_finish(struct cluster *c)
{
	cluster_ops->finish(c);
}

#else /* !HAVE_MPI */

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
cluster_lost_peers(struct cluster *c)
{
	(void)c;
}

void
cluster_finish(struct cluster *c)
{
	(void)c;
}

#endif /* HAVE_MPI */
