/*
 * stats: the statistics of reports and of pint compare, in one place so
 * that a sweep and a comparison say the same thing of the same runs:
 * median, extremes, mean and deviation; the Karp-Flatt serial fraction;
 * outliers by the modified z-score; the Mann-Whitney U test; and a
 * distribution-free interval on a ratio of medians.
 */
#ifndef PINT_STATS_H
#define PINT_STATS_H

#include <stddef.h>

/* |modified z-score| above this marks an outlier (Iglewicz and Hoaglin). */
#define STATS_OUTLIER_Z		3.5
/*
 * ... and a run within this fraction of the median is never one: with
 * most runs equal, the MAD is 0 and a negligible difference (1.0001 s
 * among 1 s runs) would have a huge score.
 */
#define STATS_OUTLIER_REL	0.01
/* The level of every interval pint reports, and the default alpha. */
#define STATS_LEVEL		0.95
#define STATS_ALPHA		0.05

double	 stats_median(const double *, size_t);
double	 stats_min(const double *, size_t);
double	 stats_max(const double *, size_t);
void	 stats_mean_sd(const double *, size_t, double *, double *);
/* Karp-Flatt experimentally determined serial fraction; NAN if p <= 1. */
double	 stats_karp_flatt(double, double);

/* The median absolute deviation from the median (unscaled); NAN if empty. */
double	 stats_mad(const double *, size_t);
/*
 * The modified z-score of each value, 0.6745 (x - median) / MAD, into z;
 * when the MAD is 0, (x - median) / (1.253314 x mean absolute deviation);
 * all 0 when both are 0, and when n < 3 (no spread to judge by).
 */
void	 stats_modified_z(const double *, size_t, double *);

/* The standard normal's upper tail and its inverse. */
double	 stats_norm_sf(double);
double	 stats_norm_isf(double);

/*
 * The Mann-Whitney U test, two-sided, as scipy.stats.mannwhitneyu's
 * default (method "auto"): the exact distribution of U when a sample has
 * at most 8 values and there are no ties, else the normal approximation
 * with the tie correction and the continuity correction. Returns the
 * p-value (NAN if a sample is empty); *u1 gets U of the first sample and
 * *exact whether the exact distribution was used (either may be NULL).
 */
double	 stats_mann_whitney(const double *, size_t, const double *, size_t,
	     double *, int *);
/* The smallest two-sided p-value n and m values can give, without ties. */
double	 stats_mann_whitney_min_p(size_t, size_t);

/*
 * An interval at level 1 - alpha on the ratio of the medians of x over y
 * (all values > 0): Hodges-Lehmann's on the shift of log x from log y,
 * the order statistics of the n x m pairwise log ratios that the exact
 * distribution of U sets (Moses), or for large samples its normal
 * approximation. Exact under a scale shift of one distribution, whatever
 * its shape. Returns 0, or -1 (lo and hi NAN) when n and m are too few
 * for that level, or a value is not positive and finite.
 */
int	 stats_ratio_ci(const double *, size_t, const double *, size_t, double,
	     double *, double *);

#endif
