/*
 * fprint: the machine's fingerprint, what a benchmark needs to be read
 * by: the host's settings (governor, turbo, SMT, isolated CPUs, THP,
 * ASLR, cgroup quota, hypervisor), read once; the conditions of each run
 * (load at its start, memory, steal, frequency, temperature, throttling)
 * and the energy it took (RAPL), read around it and, through the
 * sensors, by the sampler thread. Nothing here needs root.
 *
 * Every field is known or carries the reason it is not (a file absent,
 * unreadable, a kernel without the feature): the reports print it as
 * null with that reason in the object's null_reasons.
 *
 * Paths are read under a sys and a proc root ("/sys", "/proc"; a fake
 * tree in the test build, hooks.h).
 */
#ifndef PINT_FPRINT_H
#define PINT_FPRINT_H

#include <stdint.h>

#define FP_STR_MAX	160
#define FP_WHY_MAX	256
#define FP_MAXDOM	16	/* RAPL domains kept */

enum fp_kind {
	FP_STR,
	FP_INT,
	FP_NUM,
	FP_BOOL,
};

/* One field: its value, or why there is none. */
struct fp_field {
	const char	*key;		/* the report's name */
	enum fp_kind	 kind;
	int		 known;
	char		 str[FP_STR_MAX];	/* FP_STR */
	double		 num;		/* FP_INT, FP_NUM, FP_BOOL */
	char		 why[FP_WHY_MAX];	/* when not known */
};

/* The host's fields, in the report's order. */
enum fp_host_field {
	FPH_GOVERNOR,
	FPH_DRIVER,
	FPH_TURBO,
	FPH_SMT_ACTIVE,
	FPH_SMT_SIBLINGS,
	FPH_ISOLCPUS,
	FPH_NOHZ_FULL,
	FPH_THP,
	FPH_ASLR,
	FPH_CGROUP_QUOTA,
	FPH_HYPERVISOR,
	FPH_N
};

/* A run's conditions, in the report's order. */
enum fp_cond_field {
	FPC_LOADAVG,
	FPC_RUNNABLE,
	FPC_MEM_AVAILABLE,
	FPC_STEAL_CPUS,
	FPC_STEAL_FRACTION,
	FPC_FREQ_SPREAD,
	FPC_THERMAL_MIN,
	FPC_THERMAL_MAX,
	FPC_THROTTLE,
	FPC_N
};

/* Where to read: the roots of /sys and /proc. */
struct fp_roots {
	const char	*sys;
	const char	*proc;
};

struct fp_host {
	struct fp_field	 f[FPH_N];
};

/* One CPU's sampled frequency, in MHz. */
struct fp_freq {
	int		 cpu;
	unsigned	 samples;
	double		 min_mhz, mean_mhz, max_mhz;
};

/* The energy of a run: joules over the sampler's window, by domain. */
struct fp_energy {
	int		 known;
	char		 why[FP_WHY_MAX];
	double		 joules;	/* the package domains' sum */
	int		 ndom;
	struct {
		char	 name[48];	/* "package-0", "core", "dram" */
		char	 zone[48];	/* "intel-rapl:0:1" */
		double	 joules;
	}		 dom[FP_MAXDOM];
};

struct fp_cond {
	struct fp_field	 f[FPC_N];
	struct fp_freq	*freq;		/* the CPUs workers ran on */
	int		 nfreq;
	char		 freq_why[FP_WHY_MAX];	/* when nfreq is 0 */
	struct fp_energy energy;
	uint64_t	 throttle0;	/* the counters at the start */
	int		 have_throttle0;
};

/* Every field named and unknown ("not read"), before reading. */
void	 fp_host_init(struct fp_host *);
void	 fp_cond_init(struct fp_cond *);

/* Read the host's fields; cpus are the usable ones, quota in CPUs or 0. */
void	 fp_host_read(struct fp_host *, const struct fp_roots *,
	     const int *, int, double);

/* A run's conditions at its start: load, runnable threads, memory. */
void	 fp_cond_begin(struct fp_cond *, const struct fp_roots *,
	     const int *, int);
/* Throttling since the start, from the counters of the usable CPUs. */
void	 fp_cond_throttle(struct fp_cond *, const struct fp_roots *,
	     const int *, int);
void	 fp_cond_free(struct fp_cond *);
/* A copy that owns its own frequency table. */
void	 fp_cond_copy(struct fp_cond *, const struct fp_cond *);

/* Set a field known (by kind) or unknown with a reason (printf-like). */
void	 fp_set_str(struct fp_field *, const char *);
void	 fp_set_num(struct fp_field *, double);
void	 fp_set_why(struct fp_field *, const char *, ...)
	     __attribute__((format(printf, 2, 3)));

/*
 * The sensors the sampler thread reads every interval: the frequency of
 * the CPUs its workers are on, the thermal zones and the RAPL energy
 * counters. Created (allocating, listing directories) before the thread
 * runs; begin and sample use open/read/close into fixed buffers only.
 */
struct fp_sensors;

/* maxcpu: CPUs 0 to maxcpu - 1 followed; cpu: a usable one, probed. */
struct fp_sensors *fp_sensors_create(const struct fp_roots *, int, int);
void	 fp_sensors_begin(struct fp_sensors *);
/* One sample of the thermal zones and energy counters. */
void	 fp_sensors_sample(struct fp_sensors *);
/* One sample of the frequency of a CPU a worker last ran on. */
void	 fp_sensors_cpu(struct fp_sensors *, int);
/* Frequency, temperature and energy into the conditions. */
void	 fp_sensors_result(const struct fp_sensors *, struct fp_cond *);
void	 fp_sensors_free(struct fp_sensors *);

/* Whether CPU cpu is in a kernel CPU list ("0-3,8"). */
int	 fp_cpulist_has(const char *, int);
/* The wrapped difference of an energy counter with range max. */
uint64_t fp_energy_delta(uint64_t, uint64_t, uint64_t);

#endif
