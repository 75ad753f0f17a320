/*
 * stats: the few statistics the report needs over repeated runs. An
 * empty sample gives NAN (a standard deviation of 0: there is no spread
 * to speak of with fewer than two values).
 */
#include "config.h"

#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int
stats_cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of a sorted copy; with an even count, the mean of the two. */
double
stats_median(const double *v, size_t n)
{
	double	*c, m;

	if (n == 0)
		return NAN;
	c = xreallocarray(NULL, n, sizeof *c);
	memcpy(c, v, n * sizeof *c);
	qsort(c, n, sizeof *c, stats_cmp);
	if (n % 2 == 1)
		m = c[n / 2];
	else
		m = c[n / 2 - 1] + (c[n / 2] - c[n / 2 - 1]) / 2;
	free(c);
	return m;
}

double
stats_min(const double *v, size_t n)
{
	double	 m;
	size_t	 i;

	if (n == 0)
		return NAN;
	for (m = v[0], i = 1; i < n; i++) {
		if (v[i] < m)
			m = v[i];
	}
	return m;
}

double
stats_max(const double *v, size_t n)
{
	double	 m;
	size_t	 i;

	if (n == 0)
		return NAN;
	for (m = v[0], i = 1; i < n; i++) {
		if (v[i] > m)
			m = v[i];
	}
	return m;
}

/* Mean and sample standard deviation (n - 1), in two passes. */
void
stats_mean_sd(const double *v, size_t n, double *mean, double *sd)
{
	double	 sum = 0, ss = 0, m;
	size_t	 i;

	if (n == 0) {
		*mean = NAN;
		*sd = 0;
		return;
	}
	for (i = 0; i < n; i++)
		sum += v[i];
	m = sum / (double)n;
	*mean = m;
	if (n < 2) {
		*sd = 0;
		return;
	}
	for (i = 0; i < n; i++)
		ss += (v[i] - m) * (v[i] - m);
	*sd = sqrt(ss / (double)(n - 1));
}

/*
 * Karp-Flatt: e = (1/S - 1/p) / (1 - 1/p) for a speedup S on p
 * processors (p relative to the base of a sweep, so it may be 1.5).
 * 0 means perfectly parallel, 1 entirely serial.
 */
double
stats_karp_flatt(double speedup, double p)
{
	double	 ip;

	if (!(p > 1) || !(speedup > 0) || !isfinite(speedup))
		return NAN;
	ip = 1.0 / p;
	return (1.0 / speedup - ip) / (1.0 - ip);
}
