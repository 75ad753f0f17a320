/*
 * fit: `pint check`, is this machine fit to benchmark? It reads the
 * fingerprint (fprint), watches /proc/stat while it runs a short
 * calibrated kernel of the vector engine pinned on each usable CPU in
 * turn, and gives one verdict per check with what to do.
 */
#ifndef PINT_FIT_H
#define PINT_FIT_H

#include <getopt.h>

/* Thresholds: other load in CPUs, steal share, spreads (ratio - 1). */
#define FIT_LOAD_FAIL	0.25
#define FIT_STEAL_FAIL	0.05
#define FIT_FREQ_WARN	0.10
#define FIT_UNEVEN_WARN	0.05
#define FIT_UNEVEN_FAIL	0.15
#define FIT_KERNEL_NS	4000000		/* the kernel on one CPU, CPU time */
#define FIT_WINDOW_NS	300000000	/* /proc/stat watched this long */

/* Its options, for the subcommand table and the shell completion. */
extern const struct option fit_longopts[];
extern const char fit_shortopts[];

/* pint check [-f text|json]: 0 fit, 1 a check failed, 2 bad usage. */
int	 fit_main(int, char **);

#endif
