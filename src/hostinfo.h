/*
 * hostinfo: where a run ran, for the reports' provenance: host name,
 * kernel, CPU model and topology (sockets, cores per socket, threads
 * per core, NUMA nodes), how pint was built, and the Slurm job.
 */
#ifndef PINT_HOSTINFO_H
#define PINT_HOSTINFO_H

struct hostinfo {
	char		 hostname[256];
	char		 kernel[256];
	char		 cpu_model[256];
	int		 cpus_online;
	int		 cpus_usable;
	int		 sockets;	/* 0 where unknown */
	int		 cores_per_socket;
	int		 threads_per_core;
	int		 numa_nodes;
	char		 topology_why[4096 + 128];	/* sockets... 0: why */
	char		 numa_why[4096 + 128];	/* numa_nodes 0: why */
	const char	*compiler;
	const char	*cflags;
	char		 slurm_job_id[64];	/* "" when unset */
	int		 slurm_ntasks;		/* 0 when unset */
};

/*
 * Fill in the facts; sys_root and proc_root ("/sys", "/proc" when NULL)
 * let tests use fixture trees.
 */
void	 hostinfo_detect(struct hostinfo *, int, int, const char *,
	     const char *);

#endif
