/* quad: rules against analytic integrals, chunk geometry, summation. */
#include "config.h"

#include <check.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "quad.h"
#include "suites.h"
#include "testutil.h"

/*
 * Every rule has a whole row: its names, functions and shape, node counts
 * that its interval counts invert, and weights that integrate 1 over a box
 * to its volume on the fewest intervals that give every level.
 */
START_TEST(rule_table_complete)
{
	const struct quad_rule_def	*d;
	struct task			 t;
	struct quad_result		 res;
	uint64_t			 n, iv, q;
	int				 r;

	for (r = 0; r < QUAD_NRULES; r++) {
		d = quad_rule(r);
		ck_assert_ptr_nonnull(quad_rule_names[r]);
		ck_assert_str_eq(quad_rule_name(r), quad_rule_names[r]);
		ck_assert_ptr_nonnull(d->possessive);
		ck_assert_str_eq(quad_rule_possessive(r), d->possessive);
		ck_assert(d->node != NULL && d->unit != NULL &&
		    d->weight != NULL);
		ck_assert_int_ge(d->panel, 1);
		ck_assert_int_ge(d->ratio, 2);
		ck_assert(d->levels == 1 || d->levels == QUAD_LEVELS);
		ck_assert(d->divisor > 0);
		ck_assert_int_ge(d->start, 1);
		ck_assert_int_ge(d->min_points, 1);
		for (iv = 1; iv <= 64; iv++) {
			ck_assert_int_eq(quad_rule_nodes(r, iv, 4, &n), 0);
			ck_assert_uint_eq(quad_rule_intervals(r, n, 4), iv);
		}
		q = quad_rule_quantum(r);
		ck_assert_uint_eq(q % (uint64_t)d->panel, 0);
		/* 1 over [-1, 2]^2 on two quanta of intervals: 9. */
		quad_rule_nodes(r, (d->order == 0 ? 16 : 2) * q, 4, &n);
		tu_task(&t, "1", 2, -1, 2, n, r);
		tu_integrate_result(&t, ENGINE_MUPARSER, &res);
		ck_assert_msg(fabs(res.integral - 9) < 1e-12, "%s: %.17g",
		    quad_rule_name(r), res.integral);
		ck_assert_int_eq(res.nlev, d->levels);
		task_free(&t);
	}
	ck_assert_ptr_null(quad_rule_names[QUAD_NRULES]);
	ck_assert_str_eq(quad_rule_name(QUAD_NRULES), "unknown");
	ck_assert_int_eq(quad_rule_nodes(RULE_GAUSS, UINT64_MAX / 2, 4, &n),
	    -1);
	ck_assert_int_eq(quad_rule_nodes(RULE_TRAPEZOID, UINT64_MAX, 4, &n),
	    -1);
}
END_TEST

/*
 * Boole's rule: weights 7 32 12 32 14 ... 32 7 of 2h / 45, its coarser
 * levels on every 2nd and 4th node, exact for polynomials of degree 5 but
 * not 6, and order 6 observed on a smooth integrand.
 */
START_TEST(boole_weights_and_exactness)
{
	static const double	 w5[5] = { 7, 32, 12, 32, 7 };
	static const double	 inner[4] = { 14, 32, 12, 32 };
	struct task		 t;
	struct grid		 g;
	struct quad_result	 res;
	char			 e[64], *cause = NULL;
	double			 v, want, w, sum;
	uint64_t		 i, n;
	int			 k, l;

	tu_task(&t, "x", 1, 0, 2, 17, RULE_BOOLE);
	ck_assert_uint_eq(t.axis[0].intervals, 16);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	ck_assert_int_eq(g.levels, 3);
	ck_assert_int_eq(g.order, 6);
	ck_assert_int_eq(g.ratio, 2);
	for (l = 0; l < 3; l++) {
		for (i = 0, sum = 0; i < 17; i++) {
			n = (uint64_t)1 << l;
			w = quad_weight_level(&g, 0, i, l);
			if (i % n != 0)
				want = 0;
			else if (i == 0 || i == 16)
				want = 7;
			else
				want = inner[i / n % 4];
			ck_assert_double_eq(w, want * (double)n);
			sum += w;
		}
		/* Of 2h / 45: the width, 2, at every level. */
		ck_assert_double_eq_tol(ldexp(sum * g.scale, g.scale_exp), 2,
		    1e-15);
	}
	for (i = 0; i < 17; i++)
		ck_assert_double_eq(quad_node(&g, 0, i), (double)i / 8);
	task_free(&t);
	tu_task(&t, "x", 1, 0, 1, 5, RULE_BOOLE);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	for (i = 0; i < 5; i++)
		ck_assert_double_eq(quad_weight(&g, 0, i), w5[i]);
	task_free(&t);
	/* x^k over [0, 2]: 2^(k + 1) / (k + 1), one panel and two. */
	for (k = 0; k <= 6; k++) {
		snprintf(e, sizeof e, "x^%d", k);
		want = ldexp(1, k + 1) / (k + 1);
		for (n = 5; n <= 9; n += 4) {
			tu_task(&t, e, 1, 0, 2, n, RULE_BOOLE);
			v = tu_integrate(&t, ENGINE_MUPARSER);
			if (k <= 5)
				ck_assert_double_eq_tol(v, want, 1e-14 * want);
			else
				ck_assert(fabs(v - want) > 1e-4);
			task_free(&t);
		}
	}
	/* x^5 y^4 z^3 over [0, 1]^3 = 1/120, one panel per axis. */
	tu_task(&t, "x^5 * y^4 * z^3", 3, 0, 1, 5, RULE_BOOLE);
	ck_assert_double_eq_tol(tu_integrate(&t, ENGINE_MUPARSER), 1.0 / 120,
	    1e-16);
	task_free(&t);
	/*
	 * exp(x) on 33 points: levels of 33, 17 and 9 nodes show order 6,
	 * and Richardson's estimate is the error to a few percent.
	 */
	tu_task(&t, "exp(x)", 1, 0, 1, 33, RULE_BOOLE);
	tu_integrate_result(&t, ENGINE_MUPARSER, &res);
	ck_assert_int_eq(res.nlev, 3);
	ck_assert_msg(res.reliable && fabs(res.order - 6) < 0.1, "order %g",
	    res.order);
	v = fabs(res.integral - (M_E - 1));
	ck_assert_msg(v <= 1.1 * res.error && res.error <= 1.1 * v,
	    "error %g, estimate %g", v, res.error);
	task_free(&t);
}
END_TEST

START_TEST(midpoint_exact_on_bilinear)
{
	struct task	 t;
	double		 lo[2] = { 0, -1 }, hi[2] = { 2, 3 }, v;

	/* 1 + 2x + 3y + 4xy over [0,2] x [-1,3]: 8 + 16 + 24 + 32 = 80 */
	tu_task_box(&t, "1 + 2*x + 3*y + 4*x*y", 2, lo, hi, 37,
	    RULE_MIDPOINT);
	v = tu_integrate(&t, ENGINE_MUPARSER);
	ck_assert_double_eq_tol(v, 80.0, 1e-12);
	task_free(&t);
}
END_TEST

START_TEST(simpson_exact_on_cubic)
{
	struct task	 t;
	double		 v;

	/* x^3 - 2x^2 + x over [0, 2]: 4 - 16/3 + 2 = 2/3, 5 points */
	tu_task(&t, "x^3 - 2*x^2 + x", 1, 0, 2, 5, RULE_SIMPSON);
	ck_assert_uint_eq(t.axis[0].intervals, 4);
	v = tu_integrate(&t, ENGINE_MUPARSER);
	ck_assert_double_eq_tol(v, 2.0 / 3, 1e-14);
	task_free(&t);

	/* x^3 y^3 z over [0,1]^3 = 1/32, exact with 3 points per axis */
	tu_task(&t, "x^3 * y^3 * z", 3, 0, 1, 3, RULE_SIMPSON);
	v = tu_integrate(&t, ENGINE_MUPARSER);
	ck_assert_double_eq_tol(v, 1.0 / 32, 1e-15);
	task_free(&t);
}
END_TEST

START_TEST(trapezoid_linear_and_convergence)
{
	struct task	 t;
	double		 e1, e2, v;

	tu_task(&t, "3*x + 1", 1, -1, 2, 4, RULE_TRAPEZOID);
	v = tu_integrate(&t, ENGINE_MUPARSER);
	ck_assert_double_eq_tol(v, 7.5, 1e-14);
	task_free(&t);

	/* Second order: halving h quarters the error. */
	tu_task(&t, "exp(x)", 1, 0, 1, 101, RULE_TRAPEZOID);
	e1 = fabs(tu_integrate(&t, ENGINE_MUPARSER) - (M_E - 1));
	task_free(&t);
	tu_task(&t, "exp(x)", 1, 0, 1, 201, RULE_TRAPEZOID);
	e2 = fabs(tu_integrate(&t, ENGINE_MUPARSER) - (M_E - 1));
	task_free(&t);
	ck_assert(e1 / e2 > 3.9 && e1 / e2 < 4.1);
}
END_TEST

/* The Richardson estimate is close to the true error, for every rule. */
static void
estimate_ok(const char *expr, int dims, uint64_t n, enum quad_rule rule,
    double exact)
{
	struct task		 t;
	struct grid		 g;
	struct quad_result	 r;
	double			 truth;
	char			*cause = NULL;

	tu_task(&t, expr, dims, 0, 1, n, rule);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	ck_assert_int_ge(g.levels, 2);
	tu_integrate_result(&t, ENGINE_MUPARSER, &r);
	truth = fabs(r.integral - exact);
	ck_assert_msg(r.error > 0.5 * truth && r.error < 2 * truth,
	    "%s rule %d: estimate %g, error %g", expr, rule, r.error, truth);
	task_free(&t);
}

START_TEST(error_estimates)
{
	struct task	 t;
	struct grid	 g;
	char		*cause = NULL;

	estimate_ok("exp(x)", 1, 99, RULE_MIDPOINT, M_E - 1);
	estimate_ok("exp(x)", 1, 101, RULE_TRAPEZOID, M_E - 1);
	estimate_ok("exp(x)", 1, 41, RULE_SIMPSON, M_E - 1);
	estimate_ok("exp(x + y)", 2, 30, RULE_MIDPOINT,
	    (M_E - 1) * (M_E - 1));
	estimate_ok("sin(x) * exp(y)", 2, 81, RULE_SIMPSON,
	    (1 - cos(1.0)) * (M_E - 1));
	/* No estimate when the coarse grid does not nest. */
	tu_task(&t, "x", 1, 0, 1, 100, RULE_MIDPOINT);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	ck_assert_int_eq(g.levels, 1);
	task_free(&t);
	tu_task(&t, "x", 1, 0, 1, 7, RULE_SIMPSON);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	ck_assert_int_eq(g.levels, 1);
	task_free(&t);
}
END_TEST

START_TEST(gauss_2d_close_to_pi)
{
	struct task	 t;
	double		 v;

	tu_task(&t, "exp(-(x^2 + y^2))", 2, -6, 6, 601, RULE_SIMPSON);
	v = tu_integrate(&t, ENGINE_MUPARSER);
	ck_assert_double_eq_tol(v, M_PI, 1e-9);
	task_free(&t);
}
END_TEST

START_TEST(neumaier_many_equal_terms)
{
	struct ksum	 k = { 0, 0 };
	double		 naive = 0;
	long		 i;

	for (i = 0; i < 100000000L; i++) {
		ksum_add(&k, 0.1);
		naive += 0.1;
	}
	/* 10^8 x 0.1000000000000000055511: 1e7 to the last bit. */
	ck_assert_double_eq_tol(ksum_value(&k), 1e7, 1e-8);
	ck_assert(fabs(naive - 1e7) > 1e-5);
}
END_TEST

START_TEST(neumaier_cancellation)
{
	struct ksum	 k = { 0, 0 };

	ksum_add(&k, 1.0);
	ksum_add(&k, 1e100);
	ksum_add(&k, 1.0);
	ksum_add(&k, -1e100);
	ck_assert_double_eq(ksum_value(&k), 2.0);
}
END_TEST

/* Every row belongs to exactly one chunk, in order, for many shapes. */
START_TEST(chunks_cover_every_row_once)
{
	static const uint64_t	 pts[] = { 1, 2, 7, 4096, 4097, 10000, 100001 };
	static const uint64_t	 crows[] = { 0, 1, 3, 1000 };
	size_t			 a, b;
	int			 dims;

	for (dims = 1; dims <= 3; dims++)
	for (a = 0; a < sizeof pts / sizeof *pts; a++)
	for (b = 0; b < sizeof crows / sizeof *crows; b++) {
		struct task	 t;
		struct grid	 g;
		uint64_t	 c, first, count, next = 0, n = pts[a];
		char		*cause = NULL;

		if (dims == 3 && n > 4097)
			continue;
		tu_task(&t, "1", dims, 0, 1, n, RULE_MIDPOINT);
		t.chunk_rows = crows[b];
		if (quad_grid(&g, &t, &cause) != 0) {
			free(cause);
			task_free(&t);
			continue;	/* too many chunks: an error */
		}
		ck_assert_uint_eq(g.rows, g.nseg * g.n[1] * g.n[2]);
		for (c = 0; c < g.nchunks; c++) {
			quad_chunk_rows(&g, c, &first, &count);
			ck_assert_uint_eq(first, next);
			ck_assert_uint_gt(count, 0);
			next = first + count;
		}
		ck_assert_uint_eq(next, g.rows);
		task_free(&t);
	}
}
END_TEST

/* f = 1 visits every point once: the integral is the volume exactly. */
START_TEST(every_point_counted_once)
{
	struct task	 t;
	double		 lo[3] = { 0, 0, 0 }, hi[3] = { 1, 2, 4 };

	tu_task_box(&t, "1", 3, lo, hi, 64, RULE_MIDPOINT);
	t.chunk_rows = 5;
	ck_assert_double_eq_tol(tu_integrate(&t, ENGINE_MUPARSER), 8.0, 1e-13);
	task_free(&t);
	tu_task(&t, "1", 1, 0, 3, 10007, RULE_MIDPOINT);
	ck_assert_double_eq_tol(tu_integrate(&t, ENGINE_MUPARSER), 3.0, 1e-13);
	task_free(&t);
}
END_TEST

START_TEST(chunks_depend_on_task_only)
{
	struct task	 t;
	struct grid	 g;
	char		*cause = NULL;

	tu_task(&t, "x", 2, 0, 1, 6000, RULE_MIDPOINT);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	ck_assert_uint_eq(g.nchunks, 1000);	/* 2 x 6000 rows, 12 a chunk */
	ck_assert_uint_eq(g.chunk_rows, 12);
	task_free(&t);

	tu_task(&t, "x", 1, 0, 1, 10, RULE_MIDPOINT);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	ck_assert_uint_eq(g.nchunks, 1);
	task_free(&t);
}
END_TEST

START_TEST(too_many_chunks_is_an_error)
{
	struct task	 t;
	struct grid	 g;
	char		*cause = NULL;

	tu_task(&t, "x", 3, 0, 1, 200, RULE_MIDPOINT);
	t.chunk_rows = 1;	/* 40000 rows: fine */
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	task_free(&t);
	tu_task(&t, "x", 3, 0, 1, 1100, RULE_MIDPOINT);
	t.chunk_rows = 1;	/* 1.21e6 rows */
	ck_assert_int_eq(quad_grid(&g, &t, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "chunks"));
	free(cause);
	task_free(&t);
}
END_TEST

START_TEST(nonfinite_points_counted)
{
	struct task		 t;
	struct grid		 g;
	struct quad_partial	 part;
	struct expr		*e;
	struct quad_work	*w;
	double			 p[3];
	char			*cause = NULL;

	/* 1/x on [-1, 1] with 5 trapezoid points hits x = 0 once. */
	tu_task(&t, "1/x", 1, -1, 1, 5, RULE_TRAPEZOID);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	e = expr_compile(&t, ENGINE_MUPARSER, 0, &cause);
	ck_assert_ptr_nonnull(e);
	w = quad_work_new(&g, e);
	ck_assert_ptr_nonnull(w);
	quad_eval_chunk(w, 0, &part, NULL);
	quad_work_free(w);
	ck_assert_uint_eq(part.nonfinite, 1);
	ck_assert_uint_eq(part.points, 5);
	quad_point(&g, part.bad_row, part.bad_index, p);
	ck_assert_double_eq(p[0], 0.0);
	ck_assert(isfinite(part.lev[0].s));
	expr_free(e);
	task_free(&t);
}
END_TEST

/*
 * Gauss-Legendre nodes and weights against tabulated values (Abramowitz
 * and Stegun, table 25.4, here to 20 digits as mpmath computes them).
 */
START_TEST(gauss_legendre_tabulated)
{
	static const struct {
		int	 k;
		double	 x, w;
	} tab[] = {
		{ 2, 0.57735026918962576451, 1.0 },
		{ 3, 0.0, 0.88888888888888888889 },
		{ 3, 0.77459666924148337704, 0.55555555555555555556 },
		{ 4, 0.33998104358485626480, 0.65214515486254614263 },
		{ 4, 0.86113631159405257522, 0.34785484513745385737 },
		{ 7, 0.0, 0.41795918367346938776 },
		{ 7, 0.40584515137739716691, 0.38183005050511894495 },
		{ 7, 0.74153118559939443986, 0.27970539148927666790 },
		{ 7, 0.94910791234275852453, 0.12948496616886969327 },
		{ 16, 0.095012509837637440185, 0.18945061045506849629 },
		{ 16, 0.28160355077925891323, 0.18260341504492358887 },
		{ 16, 0.45801677765722738634, 0.16915651939500253819 },
		{ 16, 0.61787624440264374845, 0.14959598881657673208 },
		{ 16, 0.75540440835500303390, 0.12462897125553387205 },
		{ 16, 0.86563120238783174388, 0.09515851168249278481 },
		{ 16, 0.94457502307323257608, 0.062253523938647892863 },
		{ 16, 0.98940093499164993260, 0.027152459411754094852 },
	};
	double	 x[QUAD_MAXORDER], w[QUAD_MAXORDER], sum;
	size_t	 i;
	int	 j, k, found;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++) {
		quad_gauss_legendre(tab[i].k, x, w);
		found = 0;
		for (j = 0; j < tab[i].k; j++) {
			if (fabs(x[j] - tab[i].x) <= 1e-15) {
				ck_assert_msg(fabs(w[j] - tab[i].w) <= 1e-15,
				    "k %d: weight %.17g, table %.17g",
				    tab[i].k, w[j], tab[i].w);
				found = 1;
			}
		}
		ck_assert_msg(found, "k %d: no node at %.17g", tab[i].k,
		    tab[i].x);
	}
	for (k = 2; k <= QUAD_MAXORDER; k++) {
		quad_gauss_legendre(k, x, w);
		sum = 0;
		for (j = 0; j < k; j++) {
			sum += w[j];
			ck_assert_double_eq(x[j], -x[k - 1 - j]);
			if (j > 0)
				ck_assert(x[j] > x[j - 1]);
		}
		ck_assert_double_eq_tol(sum, 2, 1e-14);
	}
}
END_TEST

/* A gauss task of order k with n points per axis on [0, 1]. */
static double
gauss_integral(const char *expr, int dims, uint64_t n, int k)
{
	struct task	 t;
	char		*cause = NULL;
	double		 v;
	int		 i;

	task_init(&t);
	task_set_expression(&t, expr, "-e");
	for (i = 0; i < dims; i++) {
		t.axis[i].set = 1;
		t.axis[i].lo = 0;
		t.axis[i].hi = 1;
		t.axis[i].points = n;
	}
	t.rule = RULE_GAUSS;
	t.order = k;
	if (task_finish(&t, &cause) != 0)
		ck_abort_msg("task_finish: %s", cause);
	v = tu_integrate(&t, ENGINE_MUPARSER);
	task_free(&t);
	return v;
}

/* K points per cell integrate degree 2K - 1 exactly, not 2K. */
START_TEST(gauss_exact_on_polynomials)
{
	char	 e[64];
	int	 k;

	for (k = 2; k <= QUAD_MAXORDER; k++) {
		snprintf(e, sizeof e, "x^%d + 1", 2 * k - 1);
		ck_assert_double_eq_tol(gauss_integral(e, 1, k, k),
		    1.0 / (2 * k) + 1, 1e-15);
		snprintf(e, sizeof e, "x^%d", 2 * k);
		ck_assert(fabs(gauss_integral(e, 1, k, k) - 1.0 / (2 * k + 1))
		    > 1e-17);
	}
	ck_assert_double_eq_tol(gauss_integral("x^3 * y^5 * z^7", 3, 8, 4),
	    1.0 / 192, 1e-16);
	/* Composite: 8 cells of 4 points, smooth. */
	ck_assert_double_eq_tol(gauss_integral("exp(x + y)", 2, 32, 4),
	    (M_E - 1) * (M_E - 1), 1e-14);
}
END_TEST

/* tanh-sinh: endpoint singularities to 1e-12 in a few dozen points. */
START_TEST(tanh_sinh_singular_endpoints)
{
	static const struct {
		const char	*expr;
		double		 exact;
	} cases[] = {
		{ "sqrt(x)", 2.0 / 3 },
		{ "1/sqrt(x)", 2 },
		{ "log(x)", -1 },
		{ "x^3", 0.25 },
	};
	struct task	 t;
	struct grid	 g;
	char		*cause = NULL;
	double		 v, lo[1] = { 1 }, hi[1] = { 2 };
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tu_task(&t, cases[i].expr, 1, 0, 1, 65, RULE_TANH_SINH);
		v = tu_integrate(&t, ENGINE_MUPARSER);
		ck_assert_msg(fabs(v - cases[i].exact) <= 1e-12 *
		    fabs(cases[i].exact), "%s: %.17g", cases[i].expr, v);
		/* No node on an endpoint, where these are infinite. */
		ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
		ck_assert(quad_node(&g, 0, 0) > 0);
		ck_assert(quad_node(&g, 0, g.n[0] - 1) < 1);
		task_free(&t);
	}
	/*
	 * Away from 0, nodes come no closer to an end than the spacing of
	 * doubles there: the part of the integral nearer is lost (here
	 * about 2 sqrt(2^-52), documented in pint-task(5)).
	 */
	tu_task_box(&t, "1/sqrt(x - 1)", 1, lo, hi, 65, RULE_TANH_SINH);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	ck_assert(quad_node(&g, 0, 0) > 1);
	ck_assert(quad_node(&g, 0, g.n[0] - 1) < 2);
	v = tu_integrate(&t, ENGINE_MUPARSER);
	ck_assert(fabs(v - 2) < 1e-7 && fabs(v - 2) > 1e-9);
	task_free(&t);
	tu_task(&t, "1/sqrt(x + y)", 2, 0, 1, 65, RULE_TANH_SINH);
	v = tu_integrate(&t, ENGINE_MUPARSER);
	ck_assert_double_eq_tol(v, 4.0 / 3 * (2 * M_SQRT2 - 2), 1e-10);
	task_free(&t);
}
END_TEST

/* What the three levels say: the order, and whether to trust it. */
static void
levels_say(const char *expr, int dims, uint64_t n, enum quad_rule rule,
    double exact, struct quad_result *r)
{
	struct task	 t;
	struct grid	 g;
	char		*cause = NULL;

	tu_task(&t, expr, dims, 0, 1, n, rule);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	ck_assert_int_eq(g.levels, 3);
	tu_integrate_result(&t, ENGINE_MUPARSER, r);
	/* Honest either way: never under half the true error. */
	ck_assert_msg(r->error >= 0.5 * fabs(r->integral - exact),
	    "%s: estimate %g, error %g", expr, r->error,
	    fabs(r->integral - exact));
	task_free(&t);
}

START_TEST(estimate_checks_the_order)
{
	struct quad_result	 r;

	/* Smooth: the rule's order, reliable, within 2x. */
	levels_say("exp(x)", 1, 41, RULE_SIMPSON, M_E - 1, &r);
	ck_assert(r.reliable && !r.from_observed);
	ck_assert_double_eq_tol(r.order, 4, 0.1);
	levels_say("cos(x + y)", 2, 81, RULE_MIDPOINT,
	    2 * cos(1.0) - cos(2.0) - 1, &r);
	ck_assert(r.reliable);
	ck_assert_double_eq_tol(r.order, 2, 0.1);
	levels_say("exp(x + y)", 2, 65, RULE_TRAPEZOID,
	    (M_E - 1) * (M_E - 1), &r);
	ck_assert(r.reliable);
	ck_assert(r.error <= 2 * fabs(r.integral - (M_E - 1) * (M_E - 1)));

	/* An endpoint singularity: order 1.5, flagged, still honest. */
	levels_say("sqrt(x)", 1, 129, RULE_SIMPSON, 2.0 / 3, &r);
	ck_assert(!r.reliable && r.from_observed);
	ck_assert_double_eq_tol(r.order, 1.5, 0.05);
	ck_assert(r.error <= 2 * fabs(r.integral - 2.0 / 3));

	/* A jump: the levels do not behave, flagged. */
	levels_say("x > 0.31", 1, 90, RULE_MIDPOINT, 0.69, &r);
	ck_assert(!r.reliable);

	/* Exact for the rule: the levels agree to rounding. */
	levels_say("x^3 + y", 2, 17, RULE_SIMPSON, 0.75, &r);
	ck_assert(r.reliable);
	ck_assert(isnan(r.order));
	ck_assert(r.error < 1e-13);

	/*
	 * tanh-sinh converges exponentially; on fewer than 17 nodes at
	 * the coarsest level its order is not trusted.
	 */
	levels_say("1/sqrt(x)", 1, 65, RULE_TANH_SINH, 2, &r);
	ck_assert(r.reliable);
	ck_assert(r.order > 3);
	levels_say("1/sqrt(x)", 1, 33, RULE_TANH_SINH, 2, &r);
	ck_assert(!r.reliable);
	ck_assert(r.order > 3);
}
END_TEST

/*
 * tanh-sinh: why its estimate keeps 4 d1^2/d2. Three levels give one
 * ratio of changes, and sequences with the same ratio go on differently:
 * on a corner singularity the error falls by about the same factor at
 * each halving (d1^2/d2 alone is about the error, or under it), on a
 * smooth integrand faster and faster; the margin keeps the estimate over
 * the error on both. (Since tanh-sinh's nodes stop at 2^(-1000 / dims) of
 * the width, Bailey's doubling of the digits no longer understates the
 * 3-D one here.)
 */
START_TEST(tanh_sinh_estimate_sequences)
{
	struct quad_result	 r;
	double			 exact, err, d1, d2;

	exact = 4.0 / 3 * (2 * sqrt(2.0) - 2);
	levels_say("1/sqrt(x + y)", 2, 33, RULE_TANH_SINH, exact, &r);
	err = fabs(r.integral - exact);
	d1 = fabs(r.lev[0] - r.lev[1]);
	d2 = fabs(r.lev[1] - r.lev[2]);
	ck_assert(!r.reliable);		/* 9 nodes at the coarsest level */
	/* d1^2/d2 alone is within 2x here (1.4x), with margin 4 honest. */
	ck_assert_msg(d1 * d1 / d2 < 2 * err, "d1^2/d2 %g, error %g",
	    d1 * d1 / d2, err);
	ck_assert_msg(r.error >= err && r.error <= 8 * err,
	    "estimate %g, error %g", r.error, err);

	exact = 1.0 / 24;
	levels_say("(1 + x + y + z)^(-4)", 3, 33, RULE_TANH_SINH, exact, &r);
	err = fabs(r.integral - exact);
	ck_assert(!r.reliable);
	ck_assert_msg(r.error >= err, "estimate %g, error %g", r.error, err);
}
END_TEST

/* Extreme but representable scales, to a few ulps; beyond, said so. */
START_TEST(extreme_scales)
{
	struct task		 t;
	struct quad_result	 r;
	double			 lo[3] = { 0, 0, 0 };
	static const struct {
		const char	*expr;
		int		 dims;
		double		 hi[3];
		uint64_t	 n;
		double		 exact;		/* 0: not representable */
	} cases[] = {
		{ "1e300", 2, { 1e-300, 1e-10 }, 1000, 1e-10 },
		{ "1", 3, { 1e-200, 1e-200, 1e200 }, 10, 1e-200 },
		{ "1e305", 1, { 1 }, 10000, 1e305 },
		{ "1", 3, { 1e200, 1e200, 1e-300 }, 10, 1e100 },
		{ "1e308", 1, { 10 }, 10, 0 },
		{ "1e-300", 1, { 1e-300 }, 10, 0 },
	};
	size_t			 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		tu_task_box(&t, cases[i].expr, cases[i].dims, lo,
		    cases[i].hi, cases[i].n, RULE_MIDPOINT);
		tu_integrate_result(&t, ENGINE_MUPARSER, &r);
		if (cases[i].exact == 0)
			ck_assert_msg(!r.representable, "%s: %g",
			    cases[i].expr, r.integral);
		else {
			ck_assert(r.representable);
			ck_assert_msg(fabs(r.integral - cases[i].exact) <=
			    4 * DBL_EPSILON * cases[i].exact,
			    "%s: %.17g", cases[i].expr, r.integral);
		}
		task_free(&t);
	}
}
END_TEST

/*
 * Evaluate a grid chunk by chunk (as the workers do) and combine: the
 * points evaluated in *points.
 */
static void
grid_integrate(const struct grid *g, const struct task *t,
    struct quad_result *r, uint64_t *points, struct quad_partial **pp)
{
	struct quad_partial	*parts;
	struct expr		*e;
	struct quad_work	*w;
	char			*cause = NULL;
	uint64_t		 c;

	if ((e = expr_compile(t, ENGINE_AUTO, 0, &cause)) == NULL)
		ck_abort_msg("expr_compile: %s", cause);
	parts = calloc(g->nchunks, sizeof *parts);
	w = quad_work_new(g, e);
	ck_assert_ptr_nonnull(w);
	*points = 0;
	for (c = 0; c < g->nchunks; c++) {
		quad_eval_chunk(w, c, &parts[c], NULL);
		*points += parts[c].points;
	}
	quad_combine(g, parts, r);
	if (pp != NULL)
		*pp = parts;
	else
		free(parts);
	quad_work_free(w);
	expr_free(e);
}

/*
 * A grid refined by its levels' ratio that reuses the old grid's points:
 * the same integral and levels as the whole grid, to rounding, from only
 * its new points; rows split in segments and chunks of one row too.
 * Simpson's grids sum the trapezoid rule too (trap), which the grid
 * reusing them weighs the old nodes by, and which it carries on.
 */
START_TEST(reuse_old_points)
{
	static const struct {
		enum quad_rule	 rule;
		int		 dims;
		uint64_t	 coarse, fine, chunk_rows;
		const char	*expr;
	} c[] = {
		{ RULE_TRAPEZOID, 2, 17, 33, 0, "exp(x + 2 * y)" },
		{ RULE_TRAPEZOID, 3, 9, 17, 1, "exp(x + 2 * y) * cos(z)" },
		{ RULE_MIDPOINT, 2, 18, 54, 1, "exp(x + 2 * y)" },
		{ RULE_MIDPOINT, 1, 4095, 12285, 0, "exp(x) * sin(3 * x)" },
		{ RULE_TANH_SINH, 2, 17, 33, 3, "1 / sqrt(x + y)" },
		{ RULE_TANH_SINH, 1, 4097, 8193, 0, "log(x)" },
		{ RULE_SIMPSON, 2, 17, 33, 0, "exp(x + 2 * y)" },
		{ RULE_SIMPSON, 3, 9, 17, 1, "exp(x + 2 * y) * cos(z)" },
		{ RULE_SIMPSON, 1, 4097, 8193, 0, "exp(x) * sin(3 * x)" },
	};
	struct task		 tc, tf;
	struct grid		 gc, gf, gr;
	struct quad_result	 rc, rf, rr;
	uint64_t		 pc, pf, pr;
	char			*cause = NULL;
	size_t			 i;
	int			 l;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		tu_task(&tc, c[i].expr, c[i].dims, 0, 1, c[i].coarse,
		    c[i].rule);
		tu_task(&tf, c[i].expr, c[i].dims, 0, 1, c[i].fine, c[i].rule);
		tf.chunk_rows = c[i].chunk_rows;
		ck_assert_int_eq(quad_grid(&gc, &tc, &cause), 0);
		ck_assert_int_eq(quad_grid(&gf, &tf, &cause), 0);
		gc.trap = gf.trap = c[i].rule == RULE_SIMPSON;
		gc.mag = gf.mag = 1;
		grid_integrate(&gc, &tc, &rc, &pc, NULL);
		grid_integrate(&gf, &tf, &rf, &pf, NULL);
		gr = gf;
		gr.reuse = (uint64_t)gc.ratio;
		gr.reused = gc.points;
		gr.prev[0] = rc.lev[0];
		gr.prev[1] = rc.lev[1];
		gr.prev_levels = 2;
		gr.prev_trap = rc.trap;
		gr.prev_mag = rc.mag;
		grid_integrate(&gr, &tf, &rr, &pr, NULL);
		/* The integral of |f|: Simpson weighs the old nodes anew. */
		ck_assert_msg(fabs(rr.mag - rf.mag) <= (gr.trap ? 0.5 :
		    1e-12) * rf.mag, "case %zu mag %.17g, whole grid %.17g",
		    i, rr.mag, rf.mag);
		if (gr.trap) {
			/* The trapezoid rule on the same nodes, and on to the next. */
			ck_assert(fabs(rf.trap - rf.integral) > 1e-9 *
			    fabs(rf.integral));
			ck_assert_msg(fabs(rr.trap - rf.trap) <= 1e-14 *
			    fabs(rf.trap), "case %zu trapezoid: %.17g, whole "
			    "grid %.17g", i, rr.trap, rf.trap);
		} else
			ck_assert(isnan(rr.trap) && isnan(rf.trap));
		ck_assert_uint_eq(pc, gc.points);
		ck_assert_uint_eq(pf, gf.points);
		ck_assert_uint_eq(pr, gf.points - gc.points);
		ck_assert_int_eq(rr.nlev, 3);
		for (l = 0; l < 3; l++) {
			ck_assert_msg(fabs(rr.lev[l] - rf.lev[l]) <= 1e-14 *
			    fabs(rf.lev[l]), "case %zu level %d: %.17g, whole "
			    "grid %.17g", i, l, rr.lev[l], rf.lev[l]);
		}
		ck_assert_double_eq_tol(rr.error, rf.error, (gr.trap ? 0.5 :
		    1e-6) * rf.error);	/* the noise, if there, from mag */
		ck_assert_int_eq(rr.reliable, rf.reliable);
		task_free(&tc);
		task_free(&tf);
	}
}
END_TEST

/*
 * A tolerance's grids also sum w |f| (the scale of their rounding), which
 * a cancelling integrand's |integral| understates; other grids do not.
 */
START_TEST(mag_scales_the_noise)
{
	struct task		 t;
	struct grid		 g;
	struct quad_result	 r;
	uint64_t		 pts;
	char			*cause = NULL;

	tu_task(&t, "cos(6.283185307179586 * x) * (1 + 0 * y)", 2, 0, 1, 65,
	    RULE_TRAPEZOID);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	grid_integrate(&g, &t, &r, &pts, NULL);
	ck_assert(isnan(r.mag));
	ck_assert_double_eq(quad_noise(&r, r.integral), QUAD_NOISE *
	    fabs(r.integral));
	g.mag = 1;
	grid_integrate(&g, &t, &r, &pts, NULL);
	ck_assert(fabs(r.integral) < 1e-15);
	ck_assert_double_eq_tol(r.mag, 2 / M_PI, 1e-3);
	ck_assert_double_eq(quad_noise(&r, r.integral), QUAD_NOISE * r.mag);
	/* Levels that cancel to rounding are exact, not flagged. */
	ck_assert(r.reliable);
	ck_assert(isnan(r.order));
	task_free(&t);
	/* Every value 0: the levels agree, but nothing checks them. */
	tu_task(&t, "(x > 0.95 && x < 0.99) ? 1 + y : 0", 2, 0, 1, 17,
	    RULE_TRAPEZOID);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	grid_integrate(&g, &t, &r, &pts, NULL);
	ck_assert(r.integral == 0 && !r.reliable);
	g.mag = 1;
	grid_integrate(&g, &t, &r, &pts, NULL);
	ck_assert(r.mag == 0 && !r.reliable);
	task_free(&t);
	/* A value that is not finite (1/x at 0) is left out of it too. */
	tu_task(&t, "1 / x", 1, 0, 1, 17, RULE_TRAPEZOID);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	g.mag = 1;
	grid_integrate(&g, &t, &r, &pts, NULL);
	ck_assert(isfinite(r.mag) && r.mag > 3);
	task_free(&t);
}
END_TEST

/* The first non-finite point of a row of new nodes only is located. */
START_TEST(reuse_nonfinite_located)
{
	struct task		 tc, tf;
	struct grid		 gc, gf;
	struct quad_result	 r;
	struct quad_partial	*parts;
	uint64_t		 pts, ch;
	double			 p[3];
	char			*cause = NULL;

	/* 9/32 is node 9 of 33, a new one; row 0 (y = 0) is an old row. */
	tu_task(&tc, "1 / (x - 0.28125) + y", 2, 0, 1, 17, RULE_TRAPEZOID);
	tu_task(&tf, "1 / (x - 0.28125) + y", 2, 0, 1, 33, RULE_TRAPEZOID);
	ck_assert_int_eq(quad_grid(&gc, &tc, &cause), 0);
	ck_assert_int_eq(quad_grid(&gf, &tf, &cause), 0);
	gf.reuse = 2;
	gf.reused = gc.points;
	gf.prev[0] = gf.prev[1] = 1;
	gf.prev_levels = 2;
	grid_integrate(&gf, &tf, &r, &pts, &parts);
	ck_assert_uint_eq(pts, 33 * 33 - 17 * 17);
	ck_assert(!r.reliable);
	for (ch = 0; parts[ch].nonfinite == 0; ch++)
		;
	ck_assert_uint_eq(parts[ch].bad_row, 0);
	quad_point(&gf, parts[ch].bad_row, parts[ch].bad_index, p);
	ck_assert_double_eq(p[0], 0.28125);
	ck_assert_double_eq(p[1], 0);
	free(parts);
	task_free(&tc);
	task_free(&tf);
}
END_TEST

/*
 * The engine's chunk sums against a row at a time, as pint summed before
 * it took rows in groups block by block: each row evaluated whole (the
 * unbound path), weighted in eight compensated lanes (term i in lane
 * i mod 8, in index order), the lanes' sums then their corrections added
 * in order; a row with a non-finite sum has its non-finite values counted
 * and zeroed and, if its sums still overflow, its values scaled by 2^-64.
 */
#if defined(__FMA__) && defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC target("no-fma")
#define REF_NO_FMA
#endif
static double
ref_dot(const double *w, const double *f, size_t n)
{
	double		 s[8] = { 0 }, c[8] = { 0 }, y, t, z;
	struct ksum	 k = { 0, 0 };
	size_t		 i, l;

	for (i = 0; i < n; i++) {
		l = i % 8;
		y = w[i] * f[i];
		t = s[l] + y;
		z = t - s[l];
		c[l] += (s[l] - (t - z)) + (y - z);
		s[l] = t;
	}
	for (l = 0; l < 8; l++)
		ksum_add(&k, s[l]);
	for (l = 0; l < 8; l++)
		ksum_add(&k, c[l]);
	return ksum_value(&k);
}
#ifdef REF_NO_FMA
#pragma GCC pop_options
#endif

static int
ref_sums(int levels, double (*wx)[QUAD_SEGMENT], const double *w,
    const double *f, size_t n, double *s)
{
	int	 l, bad = 0;

	for (l = 0; l < levels; l++) {
		s[l] = w[l] != 0 ? ref_dot(wx[l], f, n) * w[l] : 0;
		bad |= !isfinite(s[l]);
	}
	return bad;
}

/* Is node i of an axis one of the grid whose points are reused? */
static int
ref_old(const struct grid *g, int axis, uint64_t i)
{
	if (axis >= g->dims)
		return 1;
	return i % g->reuse == (g->rule == RULE_MIDPOINT ?
	    (g->reuse - 1) / 2 : 0);
}

/* The weight of node i of an axis in sum l: a level's or the trapezoid's. */
static double
ref_weight(const struct grid *g, int axis, uint64_t i, int l, int nlev)
{
	if (l < nlev)
		return quad_weight_level(g, axis, i, l);
	if (axis >= g->dims)
		return 1;
	return i == 0 || i == g->n[axis] - 1 ? 1.5 : 3;
}

/*
 * A grid reusing the one before sums level 0 alone, and in rows at old y
 * and z only the new x nodes, packed (the lanes by their packed index).
 * A grid with trap sums the trapezoid rule after its levels.
 */
static void
ref_chunk(const struct grid *g, struct expr *e, uint64_t chunk,
    struct quad_partial *part)
{
	static double	 xs[QUAD_SEGMENT], f[QUAD_SEGMENT];
	static double	 wx[QUAD_SUMS][QUAD_SEGMENT];
	static double	 nx[QUAD_SEGMENT], nw[2][QUAD_SEGMENT];
	uint64_t	 first, count, row, plane = g->n[1] * g->n[2];
	uint64_t	 seg, j, k, x0, i, before;
	double		 y, z, w[QUAD_SUMS], s[QUAD_SUMS];
	double		 (*rw)[QUAD_SEGMENT];
	size_t		 n, nn, rn;
	int		 l, scaled, sparse, nlev = g->reuse ? 1 : g->levels;
	int		 nl = nlev + (g->trap != 0);

	memset(part, 0, sizeof *part);
	quad_chunk_rows(g, chunk, &first, &count);
	for (row = first; row < first + count; row++) {
		seg = row / plane;
		j = row % plane % g->n[1];
		k = row % plane / g->n[1];
		x0 = seg * QUAD_SEGMENT;
		n = g->n[0] - x0 < QUAD_SEGMENT ? g->n[0] - x0 : QUAD_SEGMENT;
		for (i = 0, nn = 0; i < n; i++) {
			xs[i] = quad_node(g, 0, x0 + i);
			for (l = 0; l < nl; l++)
				wx[l][i] = ref_weight(g, 0, x0 + i, l, nlev);
			if (g->reuse != 0 && !ref_old(g, 0, x0 + i)) {
				nx[nn] = xs[i];
				for (l = 0; l < nl; l++)
					nw[l][nn] = wx[l][i];
				nn++;
			}
		}
		sparse = g->reuse != 0 && ref_old(g, 1, j) && ref_old(g, 2, k);
		rn = sparse ? nn : n;
		rw = sparse ? nw : wx;
		y = g->dims > 1 ? quad_node(g, 1, j) : 0;
		z = g->dims > 2 ? quad_node(g, 2, k) : 0;
		for (l = 0; l < nl; l++)
			w[l] = ref_weight(g, 1, j, l, nlev) *
			    ref_weight(g, 2, k, l, nlev);
		if (rn != 0)
			expr_eval_row(e, sparse ? nx : xs, rn, y, z, f);
		scaled = 0;
		if (ref_sums(nl, rw, w, f, rn, s)) {
			before = part->nonfinite;
			for (i = 0; i < rn; i++) {
				if (isfinite(f[i]))
					continue;
				if (part->nonfinite++ == 0) {
					part->bad_row = row;
					part->bad_index = i;
				}
				f[i] = 0;
			}
			/* The index of that point in the whole row. */
			if (sparse && before == 0 && part->nonfinite != 0) {
				for (i = 0;; i++) {
					if (!ref_old(g, 0, x0 + i) &&
					    part->bad_index-- == 0)
						break;
				}
				part->bad_index = i;
			}
			if (ref_sums(nl, rw, w, f, rn, s)) {
				for (i = 0; i < rn; i++)
					f[i] = ldexp(f[i], -64);
				ref_sums(nl, rw, w, f, rn, s);
				scaled = 64;
			}
		}
		for (l = 0; l < nl; l++) {
			if (w[l] != 0)
				xsum_add(&part->lev[l], s[l], scaled);
		}
		part->points += rn;
	}
}

static int
same_partial(const struct quad_partial *a, const struct quad_partial *b)
{
	int	 l;

	for (l = 0; l < QUAD_SUMS; l++) {
		if (memcmp(&a->lev[l].s, &b->lev[l].s, sizeof (double)) != 0 ||
		    memcmp(&a->lev[l].c, &b->lev[l].c, sizeof (double)) != 0 ||
		    a->lev[l].e != b->lev[l].e)
			return 0;
	}
	return a->points == b->points && a->nonfinite == b->nonfinite &&
	    a->bad_row == b->bad_row && a->bad_index == b->bad_index;
}

static const struct engine_case {
	const char	*expr;
	int		 dims;
	double		 lo, hi;
	uint64_t	 n[3];		/* points per axis */
	enum quad_rule	 rule;
	uint64_t	 chunk;		/* rows, 0: auto */
	enum engine_kind engine;
	int		 nonfinite;	/* has non-finite points */
	int		 reuse;		/* 1: reuses the grid before; 2: */
					/* sums the trapezoid rule (trap) */
} engine_cases[] = {
	/* Two segments, the second short; 3 levels; chunks mid-segment. */
	{ "sin(x)*cos(y)+x*y", 2, 0, 1, { 4617, 45 }, RULE_MIDPOINT, 7,
	    ENGINE_VECTOR, 0, 0 },
	{ "sin(x)*cos(y)+x*y", 2, 0, 1, { 4617, 45 }, RULE_MIDPOINT, 0,
	    ENGINE_VECTOR, 0, 0 },
	/* A segment of one point; groups longer than a chunk's rows. */
	{ "exp(-(x^2+y^2))", 2, -3, 3, { 4097, 33 }, RULE_TRAPEZOID, 100,
	    ENGINE_VECTOR, 0, 0 },
	{ "sqrt(x*x+y*y+1)*y", 2, -2, 2, { 4097, 17 }, RULE_SIMPSON, 3,
	    ENGINE_VECTOR, 0, 0 },
	{ "x<0.3 ? x*x : (x<0.7 ? sin(x)*y : 1/x)", 2, 0, 1, { 300, 42 },
	    RULE_GAUSS, 0, ENGINE_VECTOR, 0, 0 },
	{ "log(x)*exp(-y)", 2, 0, 1, { 129, 65 }, RULE_TANH_SINH, 5,
	    ENGINE_VECTOR, 0, 0 },
	/* Non-finite values, in many rows and at a 1-D pole. */
	{ "1/(x-y)", 2, 0, 1, { 50, 50 }, RULE_MIDPOINT, 4, ENGINE_VECTOR,
	    1, 0 },
	{ "1/(x-0.5)+y", 2, 0, 1, { 4097, 9 }, RULE_TRAPEZOID, 2,
	    ENGINE_VECTOR, 1, 0 },
	{ "log(x)", 1, 0, 1, { 8193 }, RULE_SIMPSON, 0, ENGINE_VECTOR, 1, 0 },
	/* Finite values whose sums overflow. */
	{ "1e307*(x+2)", 1, 0, 1, { 4097 }, RULE_TRAPEZOID, 0,
	    ENGINE_VECTOR, 0, 0 },
	{ "1e306*x*y", 2, 1, 2, { 100, 100 }, RULE_MIDPOINT, 0,
	    ENGINE_VECTOR, 0, 0 },
	/* 3-D, and results that are constants, x, y or cached. */
	{ "x*y*z+sin(x+y+z)", 3, 0, 1, { 27, 27, 27 }, RULE_MIDPOINT, 5,
	    ENGINE_VECTOR, 0, 0 },
	{ "exp(-x*x-y*y-z*z)*cos(z)", 3, -1, 1, { 17, 9, 33 },
	    RULE_SIMPSON, 0, ENGINE_VECTOR, 0, 0 },
	{ "7", 2, 0, 1, { 300, 20 }, RULE_TRAPEZOID, 3, ENGINE_VECTOR, 0, 0 },
	{ "x", 2, 0, 3, { 5000, 3 }, RULE_MIDPOINT, 2, ENGINE_VECTOR, 0, 0 },
	{ "y*2", 3, 0, 1, { 30, 4, 5 }, RULE_MIDPOINT, 0, ENGINE_VECTOR, 0, 0 },
	{ "sin(x)", 2, 0, 3, { 4500, 3 }, RULE_TRAPEZOID, 0, ENGINE_VECTOR, 0, 0 },
	/*
	 * Values of x alone, summed once per segment and shared by its rows:
	 * many rows and chunks, poles, overflow, 3-D, grids reused.
	 */
	{ "3*x^3-2*x^2+x-5", 2, -3, 3, { 4617, 45 }, RULE_MIDPOINT, 7,
	    ENGINE_VECTOR, 0, 0 },
	{ "x*x-1/(x-0.5)", 2, 0, 1, { 4097, 33 }, RULE_TRAPEZOID, 5,
	    ENGINE_VECTOR, 1, 0 },
	{ "1e306*(x+2)", 2, 1, 2, { 100, 100 }, RULE_MIDPOINT, 0,
	    ENGINE_VECTOR, 0, 0 },
	{ "cos(x)", 3, 0, 1, { 27, 9, 6 }, RULE_GAUSS, 4, ENGINE_VECTOR, 0, 0 },
	{ "exp(-x*x)*3", 2, 0, 1, { 4617, 45 }, RULE_MIDPOINT, 10,
	    ENGINE_VECTOR, 0, 1 },
	{ "1/(x-0.281494140625)", 2, 0, 1, { 4097, 33 }, RULE_SIMPSON, 7,
	    ENGINE_VECTOR, 1, 3 },
	{ "cos(x)", 3, 0, 1, { 4097, 17, 9 }, RULE_SIMPSON, 0, ENGINE_VECTOR,
	    0, 3 },
	/* Reusing the grid before: rows of new x nodes only. */
	{ "sin(x)*cos(y)+x*y", 2, 0, 1, { 4617, 45 }, RULE_MIDPOINT, 10,
	    ENGINE_VECTOR, 0, 1 },
	{ "exp(x + 2 * y) * cos(z)", 3, 0, 1, { 4097, 17, 9 },
	    RULE_TRAPEZOID, 0, ENGINE_VECTOR, 0, 1 },
	{ "1/(x-0.281494140625)+y", 2, 0, 1, { 4097, 33 }, RULE_TRAPEZOID, 7,
	    ENGINE_VECTOR, 1, 1 },
	{ "1/sqrt(x+y)", 2, 0, 1, { 129, 33 }, RULE_TANH_SINH, 3,
	    ENGINE_VECTOR, 0, 1 },
	/* Simpson's in a tolerance's sequence: its trapezoid sum too. */
	{ "exp(x + 2 * y) * cos(z)", 3, 0, 1, { 4097, 17, 9 },
	    RULE_SIMPSON, 0, ENGINE_VECTOR, 0, 3 },
	{ "sqrt(x*x+y*y+1)*y", 2, -2, 2, { 4097, 17 }, RULE_SIMPSON, 3,
	    ENGINE_VECTOR, 0, 2 },
	{ "1/(x-0.281494140625)+y", 2, 0, 1, { 4097, 33 }, RULE_SIMPSON, 7,
	    ENGINE_VECTOR, 1, 3 },
	{ "sin(x)*y", 2, 0, 1, { 4097, 9 }, RULE_SIMPSON, 0,
	    ENGINE_MUPARSER, 0, 3 },
	{ "sin(x)*y", 2, 0, 1, { 4617, 9 }, RULE_MIDPOINT, 0,
	    ENGINE_MUPARSER, 0, 1 },
	/* muParser takes rows one at a time. */
	{ "sin(x)*cos(y)+x*y", 2, 0, 1, { 300, 27 }, RULE_MIDPOINT, 5,
	    ENGINE_MUPARSER, 0, 0 },
	{ "1/(x-y)", 2, 0, 1, { 20, 20 }, RULE_TRAPEZOID, 0,
	    ENGINE_MUPARSER, 1, 0 },
};

/*
 * Every chunk, in order and then backwards with the same work (segments
 * bound again and again), gives the bits of a row at a time.
 */
START_TEST(engine_sums_as_rows)
{
	const struct engine_case *c = &engine_cases[_i];
	struct quad_partial	 got, want;
	struct quad_work	*w;
	struct task		 t;
	struct grid		 g;
	struct expr		*e;
	char			*cause = NULL;
	uint64_t		 ch, nonfinite = 0;
	int			 i, pass;

	task_init(&t);
	task_set_expression(&t, c->expr, "-e");
	for (i = 0; i < c->dims; i++) {
		t.axis[i].set = 1;
		t.axis[i].lo = c->lo;
		t.axis[i].hi = c->hi;
		t.axis[i].points = c->n[i];
	}
	t.rule = c->rule;
	t.order = c->rule == RULE_GAUSS ? 3 : 0;
	t.chunk_rows = c->chunk;
	if (task_finish(&t, &cause) != 0)
		ck_abort_msg("task_finish: %s", cause);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	if (c->reuse & 1)
		g.reuse = (uint64_t)g.ratio;
	g.trap = (c->reuse & 2) != 0;
	e = expr_compile(&t, c->engine, 0, &cause);
	ck_assert_msg(e != NULL, "%s: %s", c->expr, cause);
	ck_assert_int_eq(expr_engine(e), c->engine);
	w = quad_work_new(&g, e);
	ck_assert_ptr_nonnull(w);
	for (pass = 0; pass < 2; pass++) {
		for (ch = 0; ch < g.nchunks; ch++) {
			uint64_t	 cc = pass ? g.nchunks - 1 - ch : ch;

			quad_eval_chunk(w, cc, &got, NULL);
			ref_chunk(&g, e, cc, &want);
			ck_assert_msg(same_partial(&got, &want),
			    "%s: chunk %llu differs from a row at a time "
			    "(level 0: %a + %a, want %a + %a)", c->expr,
			    (unsigned long long)cc, got.lev[0].s,
			    got.lev[0].c, want.lev[0].s, want.lev[0].c);
			nonfinite += got.nonfinite;
		}
	}
	/* The cases meant to have non-finite points have them. */
	if (c->nonfinite)
		ck_assert_uint_gt(nonfinite, 0);
	quad_work_free(w);
	expr_free(e);
	task_free(&t);
}
END_TEST

/* Heartbeats: one per row of the chunk. */
START_TEST(engine_beats_per_row)
{
	struct quad_partial	 part;
	struct quad_work	*w;
	struct task		 t;
	struct grid		 g;
	struct expr		*e;
	char			*cause = NULL;
	uint64_t		 beat = 0, first, count;

	tu_task(&t, "sin(x)*y", 2, 0, 1, 5000, RULE_MIDPOINT);
	t.chunk_rows = 70;
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	e = expr_compile(&t, ENGINE_VECTOR, 0, &cause);
	ck_assert_ptr_nonnull(e);
	w = quad_work_new(&g, e);
	ck_assert_ptr_nonnull(w);
	/* Chunk 71 spans the end of the first segment (row 5000). */
	quad_chunk_rows(&g, 71, &first, &count);
	ck_assert(first < 5000 && first + count > 5000);
	quad_eval_chunk(w, 71, &part, &beat);
	ck_assert_uint_eq(beat, count);
	ck_assert_uint_eq(part.points, 4096 * (5000 - first) +
	    904 * (first + count - 5000));
	quad_work_free(w);
	expr_free(e);
	task_free(&t);
}
END_TEST

Suite *
make_quad_suite(void)
{
	Suite	*s = suite_create("quad");
	TCase	*tc;

	tc = tcase_create("rules");
	tcase_add_test(tc, rule_table_complete);
	tcase_add_test(tc, boole_weights_and_exactness);
	tcase_add_test(tc, midpoint_exact_on_bilinear);
	tcase_add_test(tc, simpson_exact_on_cubic);
	tcase_add_test(tc, trapezoid_linear_and_convergence);
	tcase_add_test(tc, gauss_2d_close_to_pi);
	tcase_add_test(tc, nonfinite_points_counted);
	tcase_add_test(tc, error_estimates);
	tcase_add_test(tc, gauss_legendre_tabulated);
	tcase_add_test(tc, gauss_exact_on_polynomials);
	tcase_add_test(tc, tanh_sinh_singular_endpoints);
	tcase_add_test(tc, estimate_checks_the_order);
	tcase_add_test(tc, tanh_sinh_estimate_sequences);
	tcase_add_test(tc, extreme_scales);
	tcase_add_test(tc, reuse_old_points);
	tcase_add_test(tc, mag_scales_the_noise);
	tcase_add_test(tc, reuse_nonfinite_located);
	suite_add_tcase(s, tc);

	tc = tcase_create("summation");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, neumaier_many_equal_terms);
	tcase_add_test(tc, neumaier_cancellation);
	suite_add_tcase(s, tc);

	tc = tcase_create("geometry");
	tcase_set_timeout(tc, 60);	/* ~4 s here, more under ASan */
	tcase_add_test(tc, chunks_cover_every_row_once);
	tcase_add_test(tc, every_point_counted_once);
	tcase_add_test(tc, chunks_depend_on_task_only);
	tcase_add_test(tc, too_many_chunks_is_an_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("engine");
	tcase_add_loop_test(tc, engine_sums_as_rows, 0,
	    sizeof engine_cases / sizeof engine_cases[0]);
	tcase_add_test(tc, engine_beats_per_row);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}
