/* expr: text checks, muParser errors with positions, engines. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "suites.h"
#include "testutil.h"

/* The text check rejects s with a message containing want. */
static void
rejects(const char *s, const char *want)
{
	size_t	 pos;
	char	*cause = NULL;

	ck_assert_msg(expr_check_text(s, &pos, &cause) == -1,
	    "accepted: %s", s);
	ck_assert_msg(strstr(cause, want) != NULL, "'%s': got '%s'", s, cause);
	free(cause);
}

static void
accepts(const char *s)
{
	size_t	 pos;
	char	*cause = NULL;

	ck_assert_msg(expr_check_text(s, &pos, &cause) == 0, "'%s': %s", s,
	    cause ? cause : "");
}

START_TEST(text_checks)
{
	char	 big[EXPR_MAXLEN + 2];
	char	 deep[300];
	int	 i;

	accepts("x == 1 ? 2 : 3");
	accepts("x <= 1 && y >= 2 || x != y");
	accepts("min(x, y, 3)");
	accepts("min((x > 0) * 2, 3)");
	accepts("x > 0 ? min(x, 1) : 2");
	accepts("min(x > 0 ? 1 : 2, 3)");
	accepts("max(1, (x > 0 ? 1 : 2))");
	accepts("sum(3, (x > 0) ? 3 : 10)");
	rejects("x = 3", "assignment");
	rejects("1, 2", "outside a function");
	rejects("(1, 2)", "outside a function");
	rejects("\"abc\"", "strings");
	rejects("x +\x01 1", "0x01");
	rejects("x\t+ 1", "0x09");
	rejects("x + \xc3\xa9", "0xc3");
	rejects("", "empty");
	rejects("   ", "empty");
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	rejects(big, "too long");
	for (i = 0; i < 100; i++)
		deep[i] = '(';
	deep[100] = 'x';
	for (i = 0; i < 100; i++)
		deep[101 + i] = ')';
	deep[201] = '\0';
	rejects(deep, "nested too deeply");
}
END_TEST

static void
compile_fails(const char *s, int dims, const char *want)
{
	struct task	 t;
	struct expr	*e;
	char		*cause = NULL;

	tu_task(&t, s, dims, 0, 1, 10, RULE_MIDPOINT);
	e = expr_compile(&t, ENGINE_AUTO, 1, &cause);
	ck_assert_msg(e == NULL, "compiled: %s", s);
	ck_assert_msg(strstr(cause, want) != NULL, "'%s': got '%s'", s,
	    cause);
	free(cause);
	task_free(&t);
}

START_TEST(muparser_errors_with_position)
{
	char	 name[3000], rest[3000];
	size_t	 i;

	compile_fails("foo + 1", 1, "unknown name \"foo\" at character 1");
	compile_fails("x + y", 1, "\"y\" at character 5");
	compile_fails("x + y + z", 2, "\"z\" at character 9");
	compile_fails("sin(x", 1, "missing parenthesis");
	compile_fails("x +", 1, "unexpected end");
	compile_fails("sin(x, 1)", 1, "too many arguments");
	compile_fails("x ? 1", 1, "without ':'");

	/*
	 * A token longer than muParser 2.3.3's 2048-byte error buffer (a
	 * long unknown name, or all the text after a character it cannot
	 * read) overflowed that buffer and crashed a later error: it is
	 * reported without the token.
	 */
	memcpy(name, "x + ", 4);
	memset(name + 4, 'w', sizeof name - 5);
	name[sizeof name - 1] = '\0';
	memcpy(rest, "x + {", 5);
	for (i = 5; i + 1 < sizeof rest; i++)
		rest[i] = i % 2 ? '+' : '1';
	rest[sizeof rest - 1] = '\0';
	for (i = 0; i < 3; i++) {
		compile_fails(name, 1, "unknown name at character 5");
		compile_fails(rest, 1, "unknown name at character 5");
	}
	compile_fails("foo + 1", 1, "unknown name \"foo\" at character 1");
}
END_TEST

START_TEST(constants_and_variables)
{
	struct task	 t;
	struct expr	*e;
	char		*cause = NULL;

	tu_task(&t, "a * x + b * y + z", 3, 0, 1, 4, RULE_MIDPOINT);
	snprintf(t.consts[0].name, TASK_NAMELEN, "a");
	t.consts[0].value = 2;
	snprintf(t.consts[1].name, TASK_NAMELEN, "b");
	t.consts[1].value = -3;
	t.nconsts = 2;
	e = expr_compile(&t, ENGINE_MUPARSER, 0, &cause);
	ck_assert_ptr_nonnull(e);
	ck_assert_double_eq(expr_eval_point(e, 1, 2, 5), 2 - 6 + 5);
	ck_assert_int_eq(expr_engine(e), ENGINE_MUPARSER);
	expr_free(e);
	task_free(&t);
}
END_TEST

/* _pi and _e are the doubles nearest pi and e, in both engines. */
START_TEST(full_precision_constants)
{
	struct task	 t;
	struct expr	*e;
	char		*cause = NULL;
	int		 k;
	enum engine_kind engines[2] = { ENGINE_MUPARSER, ENGINE_VECTOR };

	tu_task(&t, "_pi + 0 * x", 1, 0, 1, 4, RULE_MIDPOINT);
	for (k = 0; k < 2; k++) {
		e = expr_compile(&t, engines[k], 0, &cause);
		ck_assert_ptr_nonnull(e);
		ck_assert_double_eq(expr_eval_point(e, 0.5, 0, 0), M_PI);
		expr_free(e);
	}
	task_free(&t);
	tu_task(&t, "_e * x", 1, 0, 1, 4, RULE_MIDPOINT);
	for (k = 0; k < 2; k++) {
		e = expr_compile(&t, engines[k], 0, &cause);
		ck_assert_ptr_nonnull(e);
		ck_assert_double_eq(expr_eval_point(e, 1, 0, 0), M_E);
		expr_free(e);
	}
	task_free(&t);
}
END_TEST

START_TEST(row_matches_points)
{
	struct task	 t;
	struct expr	*e;
	double		 x[100], out[100];
	char		*cause = NULL;
	int		 i, k;
	enum engine_kind engines[2] = { ENGINE_MUPARSER, ENGINE_AUTO };

	tu_task(&t, "sin(x) * cos(y) + x * y", 2, 0, 1, 4, RULE_MIDPOINT);
	for (k = 0; k < 2; k++) {
		e = expr_compile(&t, engines[k], 1, &cause);
		ck_assert_ptr_nonnull(e);
		for (i = 0; i < 100; i++)
			x[i] = i / 99.0;
		expr_eval_row(e, x, 100, 0.25, 0, out);
		for (i = 0; i < 100; i++)
			ck_assert_double_eq_tol(out[i],
			    sin(x[i]) * cos(0.25) + x[i] * 0.25, 1e-14);
		expr_free(e);
	}
	task_free(&t);
}
END_TEST

START_TEST(engine_choice)
{
	struct task	 t;
	struct expr	*e;
	char		*cause = NULL;

	tu_task(&t, "x^2 + 1", 1, 0, 1, 4, RULE_MIDPOINT);
	e = expr_compile(&t, ENGINE_AUTO, 1, &cause);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(expr_engine(e), ENGINE_VECTOR);
	ck_assert_msg(strncmp(expr_engine_note(e), "vector (", 8) == 0,
	    "%s", expr_engine_note(e));
	expr_free(e);
	e = expr_compile(&t, ENGINE_MUPARSER, 1, &cause);
	ck_assert_int_eq(expr_engine(e), ENGINE_MUPARSER);
	ck_assert_str_eq(expr_engine_note(e), "muparser (requested)");
	expr_free(e);
	task_free(&t);
}
END_TEST

/*
 * The automatic fallback. x^7 is pow(x, 7) in muParser and a product in
 * the vector engine, which also multiplies x * ... * x in another order:
 * the few ulps between them, scaled by 1e20 after the difference cancels
 * the rest, make the engines disagree. auto then evaluates with muParser
 * and says why; vector keeps the vector engine (with a warning); an
 * expression they agree on keeps it.
 */
START_TEST(engine_fallback)
{
	static const char *disagree = "(x^7 - x*x*x*x*x*x*x)*1e20";
	struct task		 t;
	struct expr		*e, *mu;
	struct engine_ops	 ops;
	double			 xs[16], a[16], b[16];
	char			*cause = NULL;
	int			 i;

	tu_task(&t, disagree, 1, 1.1, 2, 100, RULE_MIDPOINT);
	e = expr_compile(&t, ENGINE_AUTO, 1, &cause);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(expr_engine(e), ENGINE_MUPARSER);
	ck_assert_msg(strncmp(expr_engine_note(e), "muparser (fallback: "
	    "disagrees with muParser at (", 48) == 0, "note: %s",
	    expr_engine_note(e));
	expr_ops(e, &ops);
	ck_assert_int_eq(ops.x_only, -1);

	/* It evaluates as the muParser engine does, bit for bit. */
	mu = expr_compile(&t, ENGINE_MUPARSER, 1, &cause);
	for (i = 0; i < 16; i++)
		xs[i] = 1.1 + i * 0.05;
	expr_eval_row(e, xs, 16, 0, 0, a);
	expr_eval_row(mu, xs, 16, 0, 0, b);
	ck_assert(memcmp(a, b, sizeof a) == 0);
	expr_free(mu);
	expr_free(e);

	/* Without the check, or when asked for, the vector engine. */
	e = expr_compile(&t, ENGINE_AUTO, 0, &cause);
	ck_assert_int_eq(expr_engine(e), ENGINE_VECTOR);
	expr_free(e);
	e = expr_compile(&t, ENGINE_VECTOR, 1, &cause);
	ck_assert_int_eq(expr_engine(e), ENGINE_VECTOR);
	expr_ops(e, &ops);
	ck_assert(ops.x_only > 0 && ops.yz_only == 0 && ops.mixed == 0);
	expr_free(e);
	task_free(&t);
}
END_TEST

START_TEST(version_string)
{
	ck_assert_ptr_nonnull(strstr(expr_muparser_version(), "2."));
}
END_TEST

Suite *
make_expr_suite(void)
{
	Suite	*s = suite_create("expr");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, text_checks);
	tcase_add_test(tc, muparser_errors_with_position);
	tcase_add_test(tc, constants_and_variables);
	tcase_add_test(tc, full_precision_constants);
	tcase_add_test(tc, row_matches_points);
	tcase_add_test(tc, engine_choice);
	tcase_add_test(tc, engine_fallback);
	tcase_add_test(tc, version_string);
	suite_add_tcase(s, tc);
	return s;
}
