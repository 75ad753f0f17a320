/*
 * fit: `pint check`, is this machine fit to benchmark? It reads the
 * fingerprint (fprint), watches /proc/stat while it runs a short
 * calibrated kernel of the vector engine pinned on each usable CPU in
 * turn, and gives one verdict per check with what to do.
 */
#ifndef PINT_FIT_H
#define PINT_FIT_H

#include <getopt.h>

#include "fprint.h"

/* Thresholds: other load in CPUs, steal share, spreads (ratio - 1). */
#define FIT_LOAD_FAIL	0.25
#define FIT_STEAL_FAIL	0.05
#define FIT_FREQ_WARN	0.10
#define FIT_UNEVEN_WARN	0.05
#define FIT_UNEVEN_FAIL	0.15
#define FIT_KERNEL_NS	4000000		/* the kernel on one CPU, CPU time */
#define FIT_WINDOW_NS	300000000	/* /proc/stat watched this long */

enum fit_verdict {
	FIT_OK,
	FIT_WARN,
	FIT_FAIL,
	FIT_NA,
};

/* One check's outcome. */
struct fit_check {
	const char		*name;
	enum fit_verdict	 verdict;
	char			 msg[320];	/* what it saw; "" not yet */
	char			 advice[200];	/* "" when nothing to do */
};

/* The checks, in the order they are printed. */
enum {
	FC_GOVERNOR,
	FC_TURBO,
	FC_SMT,
	FC_LOAD,
	FC_STEAL,
	FC_THERMAL,
	FC_FREQ,
	FC_UNEVEN,
	FC_CPUS,
	FC_N
};

/* One CPU's kernel: thread CPU ns per point. */
struct fit_cpu {
	int		 cpu;
	double		 ns_per_point;	/* NAN: could not pin */
};

/* What the check measured, and its verdicts. */
struct fit {
	struct fit_check	 c[FC_N];
	struct fit_cpu		*cpus;
	int			 ncpus;
	double			 ratio;		/* slowest / fastest, or NAN */
	char			 kernel_why[200]; /* why it did not run */
	struct fp_host		 host;
	struct fp_cond		 cond;
	double			 other_cpus;	/* NAN unknown */
	char			 stat_why[200];	/* why, when unknown */
	double			 steal_cpus;
	double			 steal_share;	/* of the CPUs' time, 0 to 1 */
	int			 stat_cpus;	/* CPUs load and steal cover */
	double			 window_s;
	int			 usable;	/* as a run counts them */
	const char		*usable_source;	/* the rule that gave it */
	double			 quota;		/* cgroup CPU quota, 0 none */
	char			 cpus_desc[128];	/* cpus_describe */
};

/*
 * The verdicts from what f holds (the fingerprint, the load and steal,
 * the kernel's times): the number of checks that failed.
 */
int	 fit_judge(struct fit *);

/* Its options, for the subcommand table and the shell completion. */
extern const struct option fit_longopts[];
extern const char fit_shortopts[];

/* pint check [-f text|json]: 0 fit, 1 a check failed, 2 bad usage. */
int	 fit_main(int, char **);

#endif
