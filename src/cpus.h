/*
 * cpus: how many CPUs pint may use here, and by which rule: the least of
 * SLURM_CPUS_PER_TASK (when set and valid), the affinity mask and the
 * cgroup CPU quota (v2 cpu.max up the hierarchy, or v1 CFS quota), so
 * that no single source can make pint overcommit.
 */
#ifndef PINT_CPUS_H
#define PINT_CPUS_H

#include <sched.h>
#include <stddef.h>

#define CPUS_MAX	(1 << 20)	/* CPU numbers in a set, at most */

struct cpus {
	int		 online;	/* sysconf(_SC_NPROCESSORS_ONLN) */
	int		 affinity;	/* CPUs in the affinity mask */
	int		*list;		/* those CPUs, ascending */
	double		 quota;		/* cgroup quota in CPUs, 0 = none */
	int		 slurm;		/* SLURM_CPUS_PER_TASK, 0 = unset */
	char		 slurm_bad[64];	/* its value when not a count, or "" */
	int		 slurm_ntasks;	/* SLURM_NTASKS, 0 = unset */
	int		 usable;	/* the answer */
	const char	*source;	/* the rule that gave it */
	int		 disagree;	/* the sources gave different counts */
};

/*
 * Fill in the facts. The cgroup file system is read under cgroup_root
 * ("/sys/fs/cgroup" when NULL) and the process's cgroup from
 * proc_self_cgroup ("/proc/self/cgroup" when NULL), so tests can fake both.
 */
void	 cpus_detect(struct cpus *, const char *, const char *);

/*
 * The affinity part: online, affinity and list, from getaff (the process's
 * mask in pint, a fake in tests) through dynamically sized CPU sets, so
 * machines with more than 1024 CPUs are counted whole. When the mask
 * cannot be read, every online CPU counts.
 */
typedef int	(*cpus_getaff_fn)(size_t, cpu_set_t *);
void	 cpus_affinity(struct cpus *, int, cpus_getaff_fn);

/* A CPU set holding cpu alone (any number), its size in *size; CPU_FREE. */
cpu_set_t	*cpus_set_of(int, size_t *);
void	 cpus_free(struct cpus *);
/*
 * "SLURM_CPUS_PER_TASK 24, affinity 1, cgroup 2" into buf: the counts
 * that were known, for the warning when they disagree.
 */
void	 cpus_describe(const struct cpus *, char *, size_t);

/* Quota in CPUs from cpu.max text ("max 100000", "150000 100000"); 0 none. */
double	 cpus_parse_cpu_max(const char *);

#endif
