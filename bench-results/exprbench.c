/*
 * exprbench: nanoseconds per point for one expression set, evaluated by
 * muParser (mupEval per point, as pint's fallback does), by the vector
 * engine as pint's workers use it (an x segment bound once for XROWS rows,
 * like the rows of a chunk, taken in groups of rows a block at a time:
 * "vexpr"), as they used it before (the same segment, vexpr_eval_bound a
 * whole row at a time: "vx-rows"), by the vector engine without its x
 * cache (VEXPR_NOXCACHE, vexpr_eval_row per row: the engine before the
 * cache, "vx-before"), and by the same formulas compiled in as C:
 * plain loops ("native", glibc's scalar math) and loops marked for
 * vectorisation with libmvec ("native-simd", the best hand-written C does
 * here). It also prints how many of each expression's operations depend
 * on x alone, on y alone, or on both. Not part of the tests.
 *
 * Build the vector engine as the product does (vector flags on its
 * runtime only) and this file at -O3, from the top of a configured tree
 * (or next to a config.h defining _GNU_SOURCE):
 *
 *	for f in parse graph gen; do gcc -O2 -I. -Isrc -c src/vexpr-$f.c; done
 *	gcc -O2 -fopenmp-simd -fno-math-errno -I. -Isrc -c src/vexpr-run.c
 *	gcc -O3 -fopenmp-simd -fno-math-errno -I. -Isrc \
 *	    bench-results/exprbench.c vexpr-*.o src/expr.c src/util.c \
 *	    $(pkg-config --cflags --libs muparser) -lm -o exprbench
 *	./exprbench [repeats]
 *
 * It prints the median of the repeats (default 7) and, as a check on a
 * busy machine, the best. "maxrel" is vexpr's largest relative difference
 * from the native loop on one row. Add -march=native to both compilations
 * for code tuned to this CPU; without it vexpr still picks AVX2 loops at
 * run time where the CPU has them, the native loops do not.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <muParserDLL.h>

#include "util.h"
#include "vexpr.h"

#define NX	2000	/* points per row */
#define NY	500	/* rows */
#define MU_NY	50	/* rows for muParser, which is slow */
#define XROWS	100	/* rows per bound x segment (a chunk has 17 to 400) */

typedef void	 native_fn(const double *, size_t, double, double, double *);

/* The formulas, as C. */
#define KERNELS(K)							\
	K(k_trig2, sin(x) * cos(y) + x * y)				\
	K(k_poly, 3 * x * x * x - 2 * x * x + x - 5)			\
	K(k_horner, ((0.5 * x - 1.5) * x + 2) * x - 0.25)		\
	K(k_gauss, exp(-(x * x + y * y)))				\
	K(k_explog, exp(-x * x / 2) * log(1 + x * x))			\
	K(k_sqrt, sqrt(x * x + y * y + 1))				\
	K(k_powi, pow(x + y, 5) - x * x * x * x)			\
	K(k_powr, pow(fabs(x), 1.5) + pow(x * x + 1, 0.3))		\
	K(k_ternary, x < 0 ? x * x : (x < 1 ? sin(x) : 1 / x))		\
	K(k_rational, (x * x - 1) / (x * x + 1))			\
	K(k_long, sin(x) + cos(2 * x) + sin(3 * x) * x +		\
	    exp(-x * x) * y + sqrt(fabs(x * y) + 1) + atan(x) +		\
	    tanh(x * 0.5) + x * x * x - 2 * x + log(1 + x * x))

#define KERNEL(name, pragma, body)					\
static void								\
name(const double *xs, size_t n, double y, double z, double *out)	\
{									\
	size_t	 i;							\
									\
	(void)y;							\
	(void)z;							\
	pragma								\
	for (i = 0; i < n; i++) {					\
		double	 x = xs[i];					\
									\
		out[i] = (body);					\
	}								\
}
#define PLAIN(name, body)	KERNEL(name, , body)
#define SIMD(name, body)	KERNEL(name##_simd, _Pragma("omp simd"), body)

/*
 * Plain C as usually written: math calls by names the compiler knows no
 * vector versions of, so loops calling them stay scalar.
 */
double	s_sin(double) __asm__("sin") __attribute__((const));
double	s_cos(double) __asm__("cos") __attribute__((const));
double	s_exp(double) __asm__("exp") __attribute__((const));
double	s_log(double) __asm__("log") __attribute__((const));
double	s_pow(double, double) __asm__("pow") __attribute__((const));
double	s_atan(double) __asm__("atan") __attribute__((const));
double	s_tanh(double) __asm__("tanh") __attribute__((const));
#define sin	s_sin
#define cos	s_cos
#define exp	s_exp
#define log	s_log
#define pow	s_pow
#define atan	s_atan
#define tanh	s_tanh
KERNELS(PLAIN)
#undef sin
#undef cos
#undef exp
#undef log
#undef pow
#undef atan
#undef tanh

/* The same loops marked for vectorisation, calling glibc's libmvec. */
#if defined(__x86_64__) && defined(__GLIBC__) && !defined(__FAST_MATH__)
#define BENCH_VEC	__attribute__((__simd__("notinbranch")))
double	sin(double) BENCH_VEC;
double	cos(double) BENCH_VEC;
double	exp(double) BENCH_VEC;
double	log(double) BENCH_VEC;
double	pow(double, double) BENCH_VEC;
double	atan(double) BENCH_VEC;
double	tanh(double) BENCH_VEC;
#endif
KERNELS(SIMD)

static const struct bench {
	const char	*name;
	const char	*expr;
	native_fn	*native;
	native_fn	*native_simd;
} benches[] = {
	{ "trig2", "sin(x)*cos(y)+x*y", k_trig2, k_trig2_simd },
	{ "poly", "3*x^3-2*x^2+x-5", k_poly, k_poly_simd },
	{ "horner", "((0.5*x-1.5)*x+2)*x-0.25", k_horner, k_horner_simd },
	{ "gauss", "exp(-(x^2+y^2))", k_gauss, k_gauss_simd },
	{ "explog", "exp(-x*x/2)*log(1+x*x)", k_explog, k_explog_simd },
	{ "sqrt", "sqrt(x*x+y*y+1)", k_sqrt, k_sqrt_simd },
	{ "powi", "(x+y)^5-x^4", k_powi, k_powi_simd },
	{ "powr", "abs(x)^1.5+(x*x+1)^0.3", k_powr, k_powr_simd },
	{ "ternary", "x<0 ? x*x : (x<1 ? sin(x) : 1/x)", k_ternary,
	    k_ternary_simd },
	{ "rational", "(x*x-1)/(x*x+1)", k_rational, k_rational_simd },
	{ "long", "sin(x)+cos(2*x)+sin(3*x)*x+exp(-x*x)*y+"
	    "sqrt(abs(x*y)+1)+atan(x)+tanh(x*0.5)+x^3-2*x+log(1+x*x)",
	    k_long, k_long_simd },
};
#define NBENCH	(sizeof benches / sizeof benches[0])

static double	 xs[NX], ys[NY], out[NX], ref[NX];
static volatile double sink;

static double
seconds(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec * 1e-9);
}

static int
cmp_double(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return (x < y ? -1 : x > y);
}

static double
median(double *v, int n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
}

static double
time_native(native_fn *f)
{
	double	 t0, acc = 0;
	int	 j;

	t0 = seconds();
	for (j = 0; j < NY; j++) {
		f(xs, NX, ys[j], 0, out);
		acc += out[j];
	}
	sink = acc;
	return ((seconds() - t0) * 1e9 / ((double)NX * NY));
}

/*
 * The vector engine over the grid: as pint's workers run it (mode 2: x
 * bound once per XROWS rows, taken in groups of GROUP rows a block at a
 * time, each row's values made in a block buffer), as they ran it before
 * (mode 1: bound the same way, a whole row at a time into out), or one
 * row at a time unbound (mode 0).
 */
#define GROUP	32	/* rows of a group, as quad.c's */
static double
time_vexpr(struct vexpr *ve, int mode)
{
	static double	 rowv[GROUP][256], blk[VEXPR_BLOCK];
	const double	*p;
	double		 t0, acc = 0;
	size_t		 b, nb = (NX + VEXPR_BLOCK - 1) / VEXPR_BLOCK;
	int		 j, g, n;

	if (vexpr_row_size(ve) > 256)
		abort();
	t0 = seconds();
	for (j = 0; j < NY; j += n) {
		n = mode < 2 ? 1 : GROUP - (j % XROWS) % GROUP;
		if (n > XROWS - j % XROWS)
			n = XROWS - j % XROWS;
		if (mode == 0)
			vexpr_eval_row(ve, xs, NX, ys[j], 0, out);
		else if (j % XROWS == 0)
			vexpr_bind_x(ve, xs, NX);
		if (mode == 1)
			vexpr_eval_bound(ve, ys[j], 0, out);
		if (mode < 2) {
			acc += out[j];
			continue;
		}
		for (g = 0; g < n; g++)
			vexpr_row(ve, ys[j + g], 0, rowv[g]);
		for (b = 0; b < nb; b++) {
			for (g = 0; g < n; g++) {
				p = vexpr_eval_block(ve, rowv[g], b, blk);
				acc += p[g];
			}
		}
	}
	sink = acc;
	return ((seconds() - t0) * 1e9 / ((double)NX * NY));
}

/* The engine a block at a time must give a row's bits. */
static int
same_by_blocks(struct vexpr *ve, double y, const double *want)
{
	double		 rowv[256], blk[VEXPR_BLOCK];
	const double	*p;
	size_t		 b, m;

	vexpr_bind_x(ve, xs, NX);
	vexpr_row(ve, y, 0, rowv);
	for (b = 0; b * VEXPR_BLOCK < NX; b++) {
		m = NX - b * VEXPR_BLOCK < VEXPR_BLOCK ? NX - b * VEXPR_BLOCK :
		    VEXPR_BLOCK;
		p = vexpr_eval_block(ve, rowv, b, blk);
		if (memcmp(p, want + b * VEXPR_BLOCK, m * sizeof *p) != 0)
			return (0);
	}
	return (1);
}

static double
time_mu(muParserHandle_t p, double *x, double *y)
{
	double	 t0, acc = 0;
	int	 i, j;

	t0 = seconds();
	for (j = 0; j < MU_NY; j++) {
		*y = ys[j];
		for (i = 0; i < NX; i++) {
			*x = xs[i];
			acc += mupEval(p);
		}
	}
	sink = acc;
	return ((seconds() - t0) * 1e9 / ((double)NX * MU_NY));
}

/* Largest relative difference from the native result over one row. */
static double
check(const double *a, const double *b)
{
	double	 d, worst = 0;
	int	 i;

	for (i = 0; i < NX; i++) {
		if (!isfinite(a[i]) || !isfinite(b[i])) {
			if (isfinite(a[i]) || isfinite(b[i]))
				return (INFINITY);
			continue;
		}
		d = fabs(a[i] - b[i]) / fmax(fabs(b[i]), 1e-300);
		if (d > worst)
			worst = d;
	}
	return (worst);
}

/* muParser, vexpr before, vexpr, native, native-simd, vexpr by rows */
#define NCOL	6

/* One table: per expression the median (or best) of the repeats. */
static void
table(const char *title, double t[][NCOL][64], const double *err, int reps,
    int best)
{
	double	 v[NCOL], lg[NCOL + 1], tmp[64], c;
	int	 i, k, r;

	memset(lg, 0, sizeof lg);
	printf("%s, ns/point\n", title);
	printf("%-9s %9s %9s %9s %9s %9s %9s %8s %8s %8s %8s  %s\n",
	    "expr", "muparser", "vx-before", "vexpr", "native", "nat-simd",
	    "vx-rows", "vx/rows", "vx/bef", "vx/nat", "vx/bestc", "maxrel");
	for (k = 0; k < (int)NBENCH; k++) {
		for (i = 0; i < NCOL; i++) {
			for (r = 0; r < reps; r++)
				tmp[r] = t[k][i][r];
			v[i] = best ? (qsort(tmp, reps, sizeof *tmp,
			    cmp_double), tmp[0]) : median(tmp, reps);
			lg[i] += log(v[i]);
		}
		c = fmin(v[3], v[4]);
		lg[NCOL] += log(c);
		printf("%-9s %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %8.2f %8.2f "
		    "%8.2f %8.2f  %.1e\n", benches[k].name, v[0], v[1], v[2],
		    v[3], v[4], v[5], v[2] / v[5], v[2] / v[1], v[2] / v[3],
		    v[2] / c, err[k]);
	}
	for (i = 0; i < NCOL; i++)
		v[i] = exp(lg[i] / NBENCH);
	c = exp(lg[NCOL] / NBENCH);
	printf("%-9s %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %8.2f %8.2f %8.2f "
	    "%8.2f\n\n", "geomean", v[0], v[1], v[2], v[3], v[4], v[5],
	    v[2] / v[5], v[2] / v[1], v[2] / v[3], v[2] / c);
}

int
main(int argc, char **argv)
{
	static double		 t[NBENCH][NCOL][64];
	const struct bench	*b;
	struct vexpr		*ve[NBENCH], *old[NBENCH];
	struct vexpr_stats	 st;
	muParserHandle_t	 p[NBENCH];
	double			 x = 0, y = 0, err[NBENCH];
	char			*why;
	int			 reps = 7, r, k;

	if (argc > 1)
		reps = atoi(argv[1]);
	if (reps < 1 || reps > 64)
		reps = 7;
	for (k = 0; k < NX; k++)
		xs[k] = -3 + 6 * (k + 0.5) / NX;
	for (k = 0; k < NY; k++)
		ys[k] = -2 + 4 * (k + 0.5) / NY;

	for (k = 0; k < (int)NBENCH; k++) {
		b = &benches[k];
		if ((ve[k] = vexpr_compile(b->expr, 2, NULL, 0, &why)) ==
		    NULL || (old[k] = vexpr_compile_flags(b->expr, 2, NULL, 0,
		    VEXPR_NOXCACHE, &why)) == NULL) {
			fprintf(stderr, "%s: refused: %s\n", b->name, why);
			return (1);
		}
		p[k] = mupCreate(muBASETYPE_FLOAT);
		mupDefineVar(p[k], "x", &x);
		mupDefineVar(p[k], "y", &y);
		mupSetExpr(p[k], b->expr);

		/* The engines must agree, or the timing means nothing. */
		b->native(xs, NX, ys[7], 0, ref);
		vexpr_eval_row(ve[k], xs, NX, ys[7], 0, out);
		err[k] = check(out, ref);
		/* The cache may change no bit. */
		vexpr_eval_row(old[k], xs, NX, ys[7], 0, ref);
		if (memcmp(out, ref, sizeof out) != 0) {
			fprintf(stderr, "%s: the x cache changed the result\n",
			    b->name);
			return (1);
		}
		if (!same_by_blocks(ve[k], ys[7], ref)) {
			fprintf(stderr, "%s: blocks changed the result\n",
			    b->name);
			return (1);
		}
	}

	printf("operations by dependence\n%-9s %6s %6s %6s %6s\n", "expr",
	    "x", "y", "mixed", "cached");
	for (k = 0; k < (int)NBENCH; k++) {
		vexpr_stats(ve[k], &st);
		printf("%-9s %6d %6d %6d %6d\n", benches[k].name, st.x_only,
		    st.yz_only, st.mixed, st.cached);
	}
	printf("\n");

	/* Repeats go round all expressions, to spread any disturbance. */
	for (r = 0; r < reps; r++) {
		for (k = 0; k < (int)NBENCH; k++) {
			t[k][0][r] = time_mu(p[k], &x, &y);
			t[k][1][r] = time_vexpr(old[k], 0);
			t[k][2][r] = time_vexpr(ve[k], 2);
			t[k][3][r] = time_native(benches[k].native);
			t[k][4][r] = time_native(benches[k].native_simd);
			t[k][5][r] = time_vexpr(ve[k], 1);
		}
	}
	table("median", t, err, reps, 0);
	table("best", t, err, reps, 1);

	for (k = 0; k < (int)NBENCH; k++) {
		mupRelease(p[k]);
		vexpr_free(ve[k]);
		vexpr_free(old[k]);
	}
	return (0);
}
