/*
 * stats: the statistics of repeated runs. An empty sample gives NAN (a
 * standard deviation of 0: there is no spread to speak of with fewer than
 * two values). The tests and intervals are rank-based, so they hold
 * whatever the shape of the distribution of run times (skewed, with a
 * long tail of disturbed runs), which a t-test or a mean +- sd do not.
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

double
stats_mad(const double *v, size_t n)
{
	double	*d, m;
	size_t	 i;

	if (n == 0)
		return NAN;
	m = stats_median(v, n);
	d = xreallocarray(NULL, n, sizeof *d);
	for (i = 0; i < n; i++)
		d[i] = fabs(v[i] - m);
	m = stats_median(d, n);
	free(d);
	return m;
}

/*
 * 0.6745 is the normal's third quartile, so that the MAD scaled by it
 * estimates the standard deviation of normal data; 1.253314 (sqrt(pi/2))
 * does the same for the mean absolute deviation, the fallback when more
 * than half the values are equal (Iglewicz and Hoaglin 1993).
 */
void
stats_modified_z(const double *v, size_t n, double *z)
{
	double	 med, mad, mean_ad = 0;
	size_t	 i;

	for (i = 0; i < n; i++)
		z[i] = 0;
	if (n < 3)
		return;
	med = stats_median(v, n);
	mad = stats_mad(v, n);
	if (mad > 0) {
		for (i = 0; i < n; i++)
			z[i] = 0.6745 * (v[i] - med) / mad;
		return;
	}
	for (i = 0; i < n; i++)
		mean_ad += fabs(v[i] - med);
	mean_ad /= (double)n;
	if (!(mean_ad > 0))
		return;
	for (i = 0; i < n; i++)
		z[i] = (v[i] - med) / (1.253314 * mean_ad);
}

double
stats_norm_sf(double z)
{
	return 0.5 * erfc(z / sqrt(2.0));
}

/* By bisection: slow but exact to the double, and called rarely. */
double
stats_norm_isf(double p)
{
	double	 lo = -40, hi = 40, mid;
	int	 i;

	if (!(p > 0 && p < 1))
		return p <= 0 ? INFINITY : p >= 1 ? -INFINITY : NAN;
	for (i = 0; i < 200 && hi - lo > 0; i++) {
		mid = lo + (hi - lo) / 2;
		if (mid <= lo || mid >= hi)
			break;
		if (stats_norm_sf(mid) > p)
			lo = mid;
		else
			hi = mid;
	}
	return lo + (hi - lo) / 2;
}

/*
 * The exact null distribution of U for samples of n and m values: the
 * number of arrangements giving each u = 0 .. nm, the coefficients of the
 * Gaussian binomial prod (1 - q^(M+i)) / (1 - q^i), i = 1 .. min(n, m).
 * NULL when it would take too long or overflow a double; *total gets
 * C(n + m, n).
 */
#define STATS_EXACT_WORK	50000000.0
static double *
stats_u_counts(size_t n, size_t m, double *total)
{
	size_t	 k = n < m ? n : m, big = n < m ? m : n, top = n * m, i, u;
	double	*c, t = 1;

	if ((double)k * (double)top > STATS_EXACT_WORK || n + m > 1000)
		return NULL;
	c = xcalloc(top + 1, sizeof *c);
	c[0] = 1;
	for (i = 1; i <= k; i++) {
		for (u = top; u >= big + i && u <= top; u--)
			c[u] -= c[u - big - i];
		for (u = i; u <= top; u++)
			c[u] += c[u - i];
		t = t * (double)(big + i) / (double)i;
	}
	*total = t;
	return c;
}

double
stats_mann_whitney_min_p(size_t n, size_t m)
{
	double	 t = 1;
	size_t	 i, k = n < m ? n : m;

	if (n == 0 || m == 0)
		return 1;
	for (i = 1; i <= k; i++)
		t = t * (double)(n + m - k + i) / (double)i;
	return 2 / t < 1 ? 2 / t : 1;
}

struct stats_ranked {
	double	 v;
	int	 first;		/* from the first sample */
};

static int
stats_ranked_cmp(const void *a, const void *b)
{
	return stats_cmp(&((const struct stats_ranked *)a)->v,
	    &((const struct stats_ranked *)b)->v);
}

double
stats_mann_whitney(const double *x, size_t n, const double *y, size_t m,
    double *u1p, int *exactp)
{
	struct stats_ranked	*a;
	double			 r1 = 0, ties = 0, u1, umax, mu, s, p, total;
	double			*c;
	size_t			 i, j, k, nn = n + m;
	int			 exact;

	if (u1p != NULL)
		*u1p = NAN;
	if (exactp != NULL)
		*exactp = 0;
	if (n == 0 || m == 0)
		return NAN;
	a = xreallocarray(NULL, nn, sizeof *a);
	for (i = 0; i < n; i++) {
		a[i].v = x[i];
		a[i].first = 1;
	}
	for (j = 0; j < m; j++) {
		a[n + j].v = y[j];
		a[n + j].first = 0;
	}
	qsort(a, nn, sizeof *a, stats_ranked_cmp);
	/* Average ranks over runs of equal values; the ties' sum t^3 - t. */
	for (i = 0; i < nn; i = j) {
		for (j = i + 1; j < nn && a[j].v == a[i].v; j++)
			continue;
		for (k = i; k < j; k++)
			if (a[k].first)
				r1 += (double)(i + 1 + j) / 2;
		ties += (double)(j - i) * (double)(j - i) * (double)(j - i) -
		    (double)(j - i);
	}
	free(a);
	u1 = r1 - (double)n * (double)(n + 1) / 2;
	umax = fmax(u1, (double)n * (double)m - u1);
	if (u1p != NULL)
		*u1p = u1;
	exact = (n <= 8 || m <= 8) && ties == 0 &&
	    (c = stats_u_counts(n, m, &total)) != NULL;
	if (exact) {
		for (p = 0, k = (size_t)umax; k <= n * m; k++)
			p += c[k];
		p /= total;
		free(c);
	} else {
		mu = (double)n * (double)m / 2;
		s = sqrt((double)n * (double)m / 12 * ((double)(nn + 1) -
		    ties / ((double)nn * (double)(nn - 1))));
		p = s > 0 ? stats_norm_sf((umax - mu - 0.5) / s) : 1;
	}
	if (exactp != NULL)
		*exactp = exact;
	p *= 2;
	return p < 1 ? p : 1;
}

/*
 * How many of the sorted pairwise differences to leave out at each end
 * for a two-sided interval at 1 - alpha: k - 1, for the largest k with
 * P(U <= k - 1) <= alpha / 2. 0 when even the extremes fall short.
 */
static size_t
stats_ci_depth(size_t n, size_t m, double alpha)
{
	double	*c, total, cum = 0, z, sd, k;
	size_t	 u;

	if ((c = stats_u_counts(n, m, &total)) != NULL) {
		for (u = 0; u <= n * m; u++) {
			cum += c[u];
			if (cum / total > alpha / 2)
				break;
		}
		free(c);
		return u;
	}
	/* With the continuity correction: P(U <= k - 1) ~ Phi((k - 0.5 - mu) / sd). */
	z = stats_norm_isf(alpha / 2);
	sd = sqrt((double)n * (double)m * (double)(n + m + 1) / 12);
	k = floor((double)n * (double)m / 2 - z * sd + 0.5);
	return k > 0 ? (size_t)k : 0;
}

int
stats_ratio_ci(const double *x, size_t n, const double *y, size_t m,
    double alpha, double *lo, double *hi)
{
	double	*lx, *d;
	size_t	 i, j, k;

	*lo = *hi = NAN;
	if (n == 0 || m == 0 || !(alpha > 0 && alpha < 1))
		return -1;
	for (i = 0; i < n; i++)
		if (!(x[i] > 0) || !isfinite(x[i]))
			return -1;
	for (j = 0; j < m; j++)
		if (!(y[j] > 0) || !isfinite(y[j]))
			return -1;
	if ((k = stats_ci_depth(n, m, alpha)) == 0)
		return -1;
	lx = xreallocarray(NULL, n, sizeof *lx);
	for (i = 0; i < n; i++)
		lx[i] = log(x[i]);
	d = xreallocarray(NULL, n * m, sizeof *d);
	for (i = 0; i < n; i++)
		for (j = 0; j < m; j++)
			d[i * m + j] = lx[i] - log(y[j]);
	free(lx);
	qsort(d, n * m, sizeof *d, stats_cmp);
	*lo = exp(d[k - 1]);
	*hi = exp(d[n * m - k]);
	free(d);
	return 0;
}
