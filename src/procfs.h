/*
 * procfs: parsers for /proc/stat and /proc/PID/stat, and readers that
 * fill a caller's fixed buffer with open/read/close only (no stdio, no
 * malloc), so that the sampler thread holds no libc lock a fork() in
 * the main thread could inherit. The /proc root is a parameter so that
 * tests can point the readers at fixture files.
 *
 * The parsers and readers return 0, or -1 with errno set: EINVAL for
 * text that does not parse, ENOBUFS when the buffer is too small, or the
 * errno of open or read (ENOENT or ESRCH once a process is reaped).
 */
#ifndef PINT_PROCFS_H
#define PINT_PROCFS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define PROCFS_PIDSTAT_BUFSZ	2048	/* all of /proc/PID/stat */
#define PROCFS_COMM_MAX		64	/* longest comm kept, without NUL */

/* One cpu line of /proc/stat, in clock ticks (USER_HZ). */
struct procfs_cpu {
	uint64_t	 user;
	uint64_t	 nice;
	uint64_t	 system;
	uint64_t	 idle;
	uint64_t	 iowait;
	uint64_t	 irq;
	uint64_t	 softirq;
	uint64_t	 steal;
	uint64_t	 guest;		/* already counted in user */
	uint64_t	 guest_nice;	/* already counted in nice */
	int		 online;	/* 1 if its line was there */
};

/* /proc/stat: the aggregate "cpu" line and the cpuN lines, by N. */
struct procfs_stat {
	struct procfs_cpu	 all;
	struct procfs_cpu	*cpu;		/* caller's array of maxcpu */
	int			 maxcpu;
	int			 ncpu;		/* highest N + 1, even >= maxcpu */
	int			 nonline;	/* cpuN lines seen */
};

/* The fields of /proc/PID/stat that pint uses. */
struct procfs_pidstat {
	pid_t		 pid;
	char		 comm[PROCFS_COMM_MAX + 1];	/* cut if longer */
	char		 state;
	uint64_t	 minflt;
	uint64_t	 majflt;
	uint64_t	 utime;		/* clock ticks */
	uint64_t	 stime;		/* clock ticks */
	long		 num_threads;
	uint64_t	 rss;		/* pages */
	int		 processor;	/* CPU it last ran on, -1 if not said */
};

/* The clock tick and page size, from sysconf once, not per sample. */
struct procfs_units {
	long		 clk_tck;
	long		 page_size;
};

void		 procfs_units(struct procfs_units *);
double		 procfs_ticks_s(const struct procfs_units *, uint64_t);
uint64_t	 procfs_pages_kib(const struct procfs_units *, uint64_t);

/* a - b, or 0 where a counter went backwards. */
uint64_t	 procfs_sub(uint64_t, uint64_t);
/*
 * busy = user+nice+system+irq+softirq: what ran here; idle =
 * idle+iowait+steal: what did not (steal is the time a hypervisor gave
 * to others, not load of this machine's processes).
 */
uint64_t	 procfs_cpu_busy(const struct procfs_cpu *);
uint64_t	 procfs_cpu_idle(const struct procfs_cpu *);
/* Busy and idle ticks from then to now, field by field, saturated. */
void		 procfs_cpu_delta(const struct procfs_cpu *,
		     const struct procfs_cpu *, uint64_t *, uint64_t *);

/* Ticks from then to now over some CPUs; busy + idle is all of them. */
struct procfs_delta {
	uint64_t	 busy;
	uint64_t	 idle;		/* steal included */
	uint64_t	 steal;
};

/*
 * The delta summed over the n CPUs of list, or over the machine (the
 * "cpu" line) when n is 0 or a listed CPU has no line in either
 * reading. Returns the CPUs it covers.
 */
int		 procfs_cpus_delta(const struct procfs_stat *,
		     const struct procfs_stat *, const int *, int,
		     struct procfs_delta *);

/*
 * Parse the text of /proc/stat into st (st->cpu and st->maxcpu set by
 * the caller; cpuN lines with N >= maxcpu are counted, not stored).
 */
int		 procfs_parse_stat(const char *, size_t, struct procfs_stat *);
/* Parse the text of /proc/PID/stat; the command name ends at the last ')'. */
int		 procfs_parse_pidstat(const char *, size_t,
		     struct procfs_pidstat *);

/* A buffer size that holds the cpu lines of maxcpu CPUs. */
size_t		 procfs_stat_bufsz(int);
/* Read ROOT/stat into buf and parse it. */
int		 procfs_read_stat(const char *, char *, size_t,
		     struct procfs_stat *);
/* Read ROOT/PID/stat (ROOT/self/stat if PID <= 0) into buf, parse it. */
int		 procfs_read_pidstat(const char *, pid_t, char *, size_t,
		     struct procfs_pidstat *);

#endif
