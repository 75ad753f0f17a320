/*
 * compare: pint compare FILE... [-- FILE...], pint's JSON reports read
 * back and set side by side. Reports of one task at several -j values
 * become one scaling table (a shell loop becomes a sweep); two sets of
 * reports (split by --, or by their label, host or build) are compared
 * at each -j value with the statistics module: the ratio of medians, its
 * 95% interval and the U test's p-value.
 */
#ifndef PINT_COMPARE_H
#define PINT_COMPARE_H

#include <getopt.h>

/* Reports read at most: the file's bytes and its JSON values. */
#define COMPARE_MAXBYTES	(256UL << 20)
#define COMPARE_MAXNODES	(16UL << 20)
/*
 * Runs of one set at one -j value read at most: the interval on a ratio
 * sorts the n x m pairs (2000 x 2000: 32 MB, under a second).
 */
#define COMPARE_MAXRUNS		2000
/* A run's wall and compute times read: a nanosecond to 100 days. */
#define COMPARE_MIN_S		1e-9
#define COMPARE_MAX_S		8.64e6
/* The layout of compare's own JSON output. */
#define COMPARE_SCHEMA		1

extern const struct option compare_longopts[];
extern const char compare_shortopts[];

/* The subcommand: argv[0] is "compare". Returns the exit status. */
int	 compare_main(int, char **);

#endif
