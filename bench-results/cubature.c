/*
 * cubature: points and time that libcubature's hcubature (adaptive
 * h-refinement, Genz-Malik) and pcubature (adaptive p-refinement,
 * Clenshaw-Curtis) need to reach a relative tolerance, on the cases that
 * cubature.sh gives pint. Not part of the build:
 *
 *	cc -O2 -o cubature cubature.c -lcubature -lm
 *	./cubature [REL]	(default 1e-8)
 *	./cubature exact	(the cases' exact values, name,value)
 *
 * One CSV line per case and method: case,method,points,seconds,value,
 * exact,rel_error,status. The Genz families use fixed parameters (the
 * same in cubature.sh); exact values are their closed forms.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cubature.h>

#define MAXEVAL	10000000UL	/* evaluations at most, as pint's budget */

struct bench_case {
	const char	*name;
	unsigned	 dim;
	double		(*f)(unsigned, const double *);
	double		(*exact)(unsigned);
};

static unsigned long	 evals;

/* Parameters: a the difficulty, u the offset (Genz's notation). */
#define A_OSC	2.0
#define U_OSC	0.3
#define A_PP	4.0
#define U_PP	0.3
#define A_CP	1.0
#define A_GS	3.0
#define U_GS	0.4
#define A_C0	2.0
#define U_C0	0.4
#define A_DC	1.0
#define U_DC	0.5

static double
osc(unsigned d, const double *x)
{
	double	 s = 2 * M_PI * U_OSC;
	unsigned i;

	for (i = 0; i < d; i++)
		s += A_OSC * x[i];
	return cos(s);
}

static double
osc_exact(unsigned d)
{
	/* Re(e^{i 2 pi u} prod (e^{i a} - 1) / (i a)). */
	double	 re = cos(2 * M_PI * U_OSC), im = sin(2 * M_PI * U_OSC);
	double	 fr = sin(A_OSC) / A_OSC, fi = (1 - cos(A_OSC)) / A_OSC, t;
	unsigned i;

	for (i = 0; i < d; i++) {
		t = re * fr - im * fi;
		im = re * fi + im * fr;
		re = t;
	}
	return re;
}

static double
prodpeak(unsigned d, const double *x)
{
	double	 p = 1;
	unsigned i;

	for (i = 0; i < d; i++)
		p /= 1 / (A_PP * A_PP) + (x[i] - U_PP) * (x[i] - U_PP);
	return p;
}

static double
prodpeak_exact(unsigned d)
{
	return pow(A_PP * (atan(A_PP * (1 - U_PP)) + atan(A_PP * U_PP)), d);
}

static double
cornerpeak(unsigned d, const double *x)
{
	double	 s = 1;
	unsigned i;

	for (i = 0; i < d; i++)
		s += A_CP * x[i];
	return pow(s, -(double)(d + 1));
}

static double
cornerpeak_exact(unsigned d)
{
	double	 a = A_CP;

	if (d == 2)
		return (1 - 2 / (1 + a) + 1 / (1 + 2 * a)) / (2 * a * a);
	return (1 - 3 / (1 + a) + 3 / (1 + 2 * a) - 1 / (1 + 3 * a)) /
	    (6 * a * a * a);
}

static double
gaussian(unsigned d, const double *x)
{
	double	 s = 0;
	unsigned i;

	for (i = 0; i < d; i++)
		s += A_GS * A_GS * (x[i] - U_GS) * (x[i] - U_GS);
	return exp(-s);
}

static double
gaussian_exact(unsigned d)
{
	return pow(sqrt(M_PI) / (2 * A_GS) * (erf(A_GS * (1 - U_GS)) +
	    erf(A_GS * U_GS)), d);
}

static double
continuous(unsigned d, const double *x)
{
	double	 s = 0;
	unsigned i;

	for (i = 0; i < d; i++)
		s += A_C0 * fabs(x[i] - U_C0);
	return exp(-s);
}

static double
continuous_exact(unsigned d)
{
	return pow((2 - exp(-A_C0 * U_C0) - exp(-A_C0 * (1 - U_C0))) / A_C0,
	    d);
}

static double
discontinuous(unsigned d, const double *x)
{
	double	 s = 0;
	unsigned i;

	if (x[0] > U_DC || x[1] > U_DC)
		return 0;
	for (i = 0; i < d; i++)
		s += A_DC * x[i];
	return exp(s);
}

static double
discontinuous_exact(unsigned d)
{
	double	 v = pow((exp(A_DC * U_DC) - 1) / A_DC, 2);

	if (d == 3)
		v *= (exp(A_DC) - 1) / A_DC;
	return v;
}

static double
sqrt_x(unsigned d, const double *x)
{
	(void)d;
	return sqrt(x[0]);
}

static double
inv_sqrt_x(unsigned d, const double *x)
{
	(void)d;
	return 1 / sqrt(x[0]);
}

static double
log_x(unsigned d, const double *x)
{
	(void)d;
	return log(x[0]);
}

static double
inv_sqrt_xy(unsigned d, const double *x)
{
	(void)d;
	return 1 / sqrt(x[0] + x[1]);
}

static double two_thirds(unsigned d) { (void)d; return 2.0 / 3; }
static double two(unsigned d) { (void)d; return 2; }
static double minus_one(unsigned d) { (void)d; return -1; }
static double corner_exact(unsigned d) { (void)d; return 4.0 / 3 * (2 * M_SQRT2 - 2); }

static const struct bench_case cases[] = {
	{ "oscillatory-2d", 2, osc, osc_exact },
	{ "oscillatory-3d", 3, osc, osc_exact },
	{ "product-peak-2d", 2, prodpeak, prodpeak_exact },
	{ "product-peak-3d", 3, prodpeak, prodpeak_exact },
	{ "corner-peak-2d", 2, cornerpeak, cornerpeak_exact },
	{ "corner-peak-3d", 3, cornerpeak, cornerpeak_exact },
	{ "gaussian-2d", 2, gaussian, gaussian_exact },
	{ "gaussian-3d", 3, gaussian, gaussian_exact },
	{ "continuous-2d", 2, continuous, continuous_exact },
	{ "continuous-3d", 3, continuous, continuous_exact },
	{ "discontinuous-2d", 2, discontinuous, discontinuous_exact },
	{ "discontinuous-3d", 3, discontinuous, discontinuous_exact },
	{ "sqrt-1d", 1, sqrt_x, two_thirds },
	{ "inv-sqrt-1d", 1, inv_sqrt_x, two },
	{ "log-1d", 1, log_x, minus_one },
	{ "inv-sqrt-xy-2d", 2, inv_sqrt_xy, corner_exact },
};

static int
bench_f(unsigned ndim, const double *x, void *arg, unsigned fdim,
    double *fval)
{
	const struct bench_case	*c = arg;

	(void)fdim;
	evals++;
	fval[0] = c->f(ndim, x);
	return 0;
}

int
main(int argc, char **argv)
{
	double		 rel = argc > 1 ? strtod(argv[1], NULL) : 1e-8;
	double		 lo[3] = { 0, 0, 0 }, hi[3] = { 1, 1, 1 }, v, err, ex;
	struct timespec	 a, b;
	size_t		 i;
	int		 m, rc;

	if (argc > 1 && strcmp(argv[1], "exact") == 0) {
		for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
			printf("%s,%.17g\n", cases[i].name,
			    cases[i].exact(cases[i].dim));
		return 0;
	}
	printf("case,method,points,seconds,value,exact,rel_error,status\n");
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		for (m = 0; m < 2; m++) {
			evals = 0;
			clock_gettime(CLOCK_MONOTONIC, &a);
			rc = (m == 0 ? hcubature : pcubature)(1, bench_f,
			    (void *)&cases[i], cases[i].dim, lo, hi, MAXEVAL,
			    0, rel, ERROR_INDIVIDUAL, &v, &err);
			clock_gettime(CLOCK_MONOTONIC, &b);
			ex = cases[i].exact(cases[i].dim);
			printf("%s,%s,%lu,%.6f,%.17g,%.17g,%.3g,%s\n",
			    cases[i].name, m == 0 ? "hcubature" : "pcubature",
			    evals, (double)(b.tv_sec - a.tv_sec) +
			    (double)(b.tv_nsec - a.tv_nsec) * 1e-9, v, ex,
			    fabs(v - ex) / fabs(ex), rc == 0 && isfinite(v) &&
			    err <= rel * fabs(v) ? "met" : "not met");
		}
	}
	return 0;
}
