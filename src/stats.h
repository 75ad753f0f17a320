/*
 * stats: small statistics for reports: median, mean and standard
 * deviation, and the Karp-Flatt serial fraction.
 */
#ifndef PINT_STATS_H
#define PINT_STATS_H

#include <stddef.h>

double	 stats_median(const double *, size_t);
double	 stats_min(const double *, size_t);
double	 stats_max(const double *, size_t);
void	 stats_mean_sd(const double *, size_t, double *, double *);
/* Karp-Flatt experimentally determined serial fraction; NAN if p <= 1. */
double	 stats_karp_flatt(double, double);

#endif
