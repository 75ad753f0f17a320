/* quad: rules against analytic integrals, chunk geometry, summation. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "quad.h"
#include "suites.h"
#include "testutil.h"

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
	struct quad_partial	*parts;
	struct expr		*e;
	double			*scratch, v, err, truth;
	char			*cause = NULL;
	uint64_t		 c;

	tu_task(&t, expr, dims, 0, 1, n, rule);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	ck_assert_int_eq(g.est, 1);
	e = expr_compile(&t, ENGINE_MUPARSER, 0, &cause);
	parts = calloc(g.nchunks, sizeof *parts);
	scratch = calloc(4 * QUAD_SEGMENT, sizeof *scratch);
	for (c = 0; c < g.nchunks; c++)
		quad_eval_chunk(&g, e, c, &parts[c], scratch, NULL);
	v = quad_combine(&g, parts, &err);
	truth = fabs(v - exact);
	ck_assert_msg(err > 0.5 * truth && err < 2 * truth,
	    "%s rule %d: estimate %g, error %g", expr, rule, err, truth);
	free(parts);
	free(scratch);
	expr_free(e);
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
	ck_assert_int_eq(g.est, 0);
	task_free(&t);
	tu_task(&t, "x", 1, 0, 1, 7, RULE_SIMPSON);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	ck_assert_int_eq(g.est, 0);
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
	double			 scratch[4 * QUAD_SEGMENT], p[3];
	char			*cause = NULL;

	/* 1/x on [-1, 1] with 5 trapezoid points hits x = 0 once. */
	tu_task(&t, "1/x", 1, -1, 1, 5, RULE_TRAPEZOID);
	ck_assert_int_eq(quad_grid(&g, &t, &cause), 0);
	e = expr_compile(&t, ENGINE_MUPARSER, 0, &cause);
	ck_assert_ptr_nonnull(e);
	quad_eval_chunk(&g, e, 0, &part, scratch, NULL);
	ck_assert_uint_eq(part.nonfinite, 1);
	ck_assert_uint_eq(part.points, 5);
	quad_point(&g, part.bad_row, part.bad_index, p);
	ck_assert_double_eq(p[0], 0.0);
	ck_assert(isfinite(part.sum));
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
	tcase_add_test(tc, midpoint_exact_on_bilinear);
	tcase_add_test(tc, simpson_exact_on_cubic);
	tcase_add_test(tc, trapezoid_linear_and_convergence);
	tcase_add_test(tc, gauss_2d_close_to_pi);
	tcase_add_test(tc, nonfinite_points_counted);
	tcase_add_test(tc, error_estimates);
	suite_add_tcase(s, tc);

	tc = tcase_create("summation");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, neumaier_many_equal_terms);
	tcase_add_test(tc, neumaier_cancellation);
	suite_add_tcase(s, tc);

	tc = tcase_create("geometry");
	tcase_add_test(tc, chunks_cover_every_row_once);
	tcase_add_test(tc, every_point_counted_once);
	tcase_add_test(tc, chunks_depend_on_task_only);
	tcase_add_test(tc, too_many_chunks_is_an_error);
	suite_add_tcase(s, tc);
	return s;
}
