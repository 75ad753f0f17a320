/*
 * Tests for task: the YAML and old JSON forms, every error with its line
 * and column, command-line overrides in either order and the grid that
 * task_finish derives for each rule.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "expr.h"
#include "suites.h"
#include "task.h"
#include "util.h"

static struct task	 t;
static char		*cause;

static void
setup(void)
{
	task_init(&t);
	cause = NULL;
}

static void
teardown(void)
{
	task_free(&t);
	free(cause);
	cause = NULL;
}

static int
load_len(const char *text, size_t len)
{
	free(cause);
	cause = NULL;
	return task_load_buffer(&t, text, len, "t.yaml", &cause);
}

static int
load(const char *text)
{
	return load_len(text, strlen(text));
}

static int
finish(void)
{
	free(cause);
	cause = NULL;
	return task_finish(&t, &cause);
}

/* Load and finish; the first error is left in cause. */
static int
load_finish(const char *text)
{
	if (load(text) != 0)
		return -1;
	return finish();
}

static void
expect_error(const char *text, const char *want)
{
	ck_assert_msg(load_finish(text) == -1, "accepted: %s", text);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, want);
}

static double
elapsed(const struct timespec *a)
{
	struct timespec	 b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) +
	    (double)(b.tv_nsec - a->tv_nsec) * 1e-9;
}

static char *
fixture(const char *name)
{
	const char	*dir;
	char		*path;

	if ((dir = getenv("PINT_TEST_FIXTURES")) == NULL)
		dir = "tests/fixtures";
	xasprintf(&path, "%s/task/%s", dir, name);
	return path;
}

/* A temporary file holding len bytes of text; the caller unlinks it. */
static char *
tempfile(const char *text, size_t len)
{
	const char	*dir;
	char		*path;
	int		 fd;

	if ((dir = getenv("TMPDIR")) == NULL || *dir == '\0')
		dir = "/tmp";
	xasprintf(&path, "%s/check_task.XXXXXX", dir);
	fd = mkstemp(path);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

/*
 * Loading what is valid.
 */

START_TEST(test_full_yaml)
{
	const char	*text =
	    "# a comment\n"
	    "name: gauss-2d\n"
	    "expression: exp(-(x^2 + y^2)) * a\n"
	    "domain:\n"
	    "  x: [-3, 3]\n"
	    "  y: [-3, 3]\n"
	    "step: 0.001\n"
	    "rule: midpoint\n"
	    "constants: {a: 1.5, b_2: -2e3}\n"
	    "chunk: 64\n"
	    "engine: muparser\n";

	ck_assert_msg(load(text) == 0, "%s", cause);
	ck_assert_str_eq(t.source, "t.yaml");
	ck_assert_str_eq(t.name, "gauss-2d");
	ck_assert_str_eq(t.expression, "exp(-(x^2 + y^2)) * a");
	ck_assert_uint_eq(t.loc_expression.line, 3);
	ck_assert_uint_eq(t.loc_expression.col, 13);
	ck_assert_int_eq(t.axis[0].set, 1);
	ck_assert_double_eq(t.axis[0].lo, -3);
	ck_assert_double_eq(t.axis[0].hi, 3);
	ck_assert_uint_eq(t.axis[0].loc_domain.line, 5);
	ck_assert_uint_eq(t.axis[0].loc_domain.col, 6);
	ck_assert_int_eq(t.axis[1].set, 1);
	ck_assert_int_eq(t.axis[2].set, 0);
	ck_assert_double_eq(t.axis[1].step, 0.001);
	ck_assert_uint_eq(t.axis[1].points, 0);
	ck_assert_uint_eq(t.axis[1].loc_grid.line, 7);
	ck_assert_uint_eq(t.axis[1].loc_grid.col, 7);
	ck_assert_int_eq(t.rule, RULE_MIDPOINT);
	ck_assert_uint_eq(t.loc_rule.line, 8);
	ck_assert_int_eq(t.nconsts, 2);
	ck_assert_str_eq(t.consts[0].name, "a");
	ck_assert_double_eq(t.consts[0].value, 1.5);
	ck_assert_uint_eq(t.consts[0].loc.line, 9);
	ck_assert_uint_eq(t.consts[0].loc.col, 13);
	ck_assert_str_eq(t.consts[1].name, "b_2");
	ck_assert_double_eq(t.consts[1].value, -2000);
	ck_assert_uint_eq(t.chunk_rows, 64);
	ck_assert_uint_eq(t.loc_chunk.line, 10);
	ck_assert_int_eq(t.engine, ENGINE_MUPARSER);

	ck_assert_msg(finish() == 0, "%s", cause);
	ck_assert_int_eq(t.dims, 2);
	/* 6 / 0.001 is 5999.999999999999: rounded, not truncated. */
	ck_assert_uint_eq(t.axis[0].intervals, 6000);
	ck_assert_uint_eq(t.axis[0].nodes, 6000);
	ck_assert_uint_eq(t.axis[1].nodes, 6000);
	ck_assert_double_eq_tol(t.axis[0].h, 0.001, 1e-15);
	ck_assert_uint_eq(t.points, 36000000);
}
END_TEST

START_TEST(test_block_style)
{
	const char	*text =
	    "expression: x + y\n"
	    "domain:\n"
	    "  x:\n"
	    "    - 0\n"
	    "    - 1\n"
	    "  y:\n"
	    "  - -1\n"
	    "  - 1\n"
	    "points: 10\n"
	    "chunk: \"auto\"\n";

	ck_assert_msg(load_finish(text) == 0, "%s", cause);
	ck_assert_uint_eq(t.axis[0].loc_domain.line, 4);
	ck_assert_uint_eq(t.axis[0].loc_domain.col, 5);
	ck_assert_double_eq(t.axis[1].lo, -1);
	ck_assert_uint_eq(t.chunk_rows, 0);
	ck_assert_uint_eq(t.points, 100);
}
END_TEST

START_TEST(test_flat_json)
{
	const char	*text =
	    "{\"equation\": \"x*y\", \"x_start\": 0, \"x_end\": 1, "
	    "\"y_start\": -2, \"y_end\": 2, \"step\": 0.5}";

	ck_assert_msg(load_finish(text) == 0, "%s", cause);
	ck_assert_str_eq(t.expression, "x*y");
	ck_assert_uint_eq(t.loc_expression.line, 1);
	ck_assert_uint_eq(t.loc_expression.col, 14);
	ck_assert_int_eq(t.dims, 2);
	ck_assert_double_eq(t.axis[0].lo, 0);
	ck_assert_double_eq(t.axis[0].hi, 1);
	ck_assert_double_eq(t.axis[1].lo, -2);
	ck_assert_double_eq(t.axis[1].hi, 2);
	ck_assert_uint_eq(t.axis[0].nodes, 2);
	ck_assert_uint_eq(t.axis[1].nodes, 8);
	ck_assert_uint_eq(t.points, 16);
}
END_TEST

START_TEST(test_json_tabs_compact)
{
	/* Tabs indent JSON; no space after ':' is JSON too. */
	const char	*text =
	    "{\n\t\"equation\":\"x\",\n\t\"x_start\":0,\"x_end\":1,"
	    "\n\t\"step\":0.25\n}\n";

	ck_assert_msg(load_finish(text) == 0, "%s", cause);
	ck_assert_uint_eq(t.loc_expression.line, 2);
	ck_assert_uint_eq(t.loc_expression.col, 13);
	ck_assert_int_eq(t.dims, 1);
	ck_assert_uint_eq(t.points, 4);
}
END_TEST

START_TEST(test_per_axis_grid)
{
	const char	*text =
	    "expression: x * y * z\n"
	    "domain: {x: [0, 1], y: [0, 2], z: [0, 3]}\n"
	    "step: {x: 0.25, z: 1}\n"
	    "points: {y: 5}\n"
	    "rule: trapezoid\n";

	ck_assert_msg(load_finish(text) == 0, "%s", cause);
	ck_assert_int_eq(t.dims, 3);
	ck_assert_double_eq(t.axis[0].step, 0.25);
	ck_assert_uint_eq(t.axis[0].points, 0);
	ck_assert_uint_eq(t.axis[0].loc_grid.line, 3);
	ck_assert_uint_eq(t.axis[0].loc_grid.col, 11);
	ck_assert_double_eq(t.axis[1].step, 0);
	ck_assert_uint_eq(t.axis[1].points, 5);
	ck_assert_uint_eq(t.axis[1].loc_grid.line, 4);
	ck_assert_uint_eq(t.axis[1].loc_grid.col, 13);
	ck_assert_uint_eq(t.axis[0].intervals, 4);
	ck_assert_uint_eq(t.axis[0].nodes, 5);
	ck_assert_uint_eq(t.axis[1].intervals, 4);
	ck_assert_uint_eq(t.axis[1].nodes, 5);
	ck_assert_double_eq(t.axis[1].h, 0.5);
	ck_assert_uint_eq(t.axis[2].intervals, 3);
	ck_assert_uint_eq(t.axis[2].nodes, 4);
	ck_assert_uint_eq(t.points, 5 * 5 * 4);
}
END_TEST

START_TEST(test_constants)
{
	const char	*text =
	    "expression: a * x + B_1\n"
	    "domain: {x: [0, 1]}\n"
	    "points: 4\n"
	    "constants:\n"
	    "  a: 2\n"
	    "  B_1: 0x10\n"
	    "  pi: 3.141592653589793\n"
	    "  abcdefghijklmnopqrstuvwxyz01234: 1\n";

	ck_assert_msg(load_finish(text) == 0, "%s", cause);
	ck_assert_int_eq(t.nconsts, 4);
	ck_assert_str_eq(t.consts[1].name, "B_1");
	ck_assert_double_eq(t.consts[1].value, 16);
	ck_assert_uint_eq(t.consts[1].loc.line, 6);
	ck_assert_uint_eq(t.consts[1].loc.col, 3);
	ck_assert_str_eq(t.consts[3].name, "abcdefghijklmnopqrstuvwxyz01234");
}
END_TEST

START_TEST(test_strings_kept_verbatim)
{
	/* A plain number is a valid expression; quotes are a string. */
	ck_assert_msg(load("expression: 42\nname: \"2024\"\n") == 0, "%s",
	    cause);
	ck_assert_str_eq(t.expression, "42");
	ck_assert_str_eq(t.name, "2024");
	ck_assert_msg(load("expression: 'x: 1 # y'\n") == 0, "%s", cause);
	ck_assert_str_eq(t.expression, "x: 1 # y");
}
END_TEST

/*
 * Every error class, with its exact message and position.
 */

static const struct {
	const char	*text;
	const char	*want;
} errors[] = {
	/* Unknown keys, with and without a suggestion. */
	{ "expression: x\nstpe: 0.1\n",
	  "t.yaml:2:1: unknown key \"stpe\" (did you mean \"step\"?)" },
	{ "expresion: x\n",
	  "t.yaml:1:1: unknown key \"expresion\" "
	  "(did you mean \"expression\"?)" },
	{ "expression: x\n  # c\nfoo: 1\n",
	  "t.yaml:3:1: unknown key \"foo\"" },
	{ "expression: x\ndomain: {x: [0, 1], w: [0, 1]}\n",
	  "t.yaml:2:21: unknown axis \"w\" in domain (expected x, y or z)" },
	{ "step: {x: 1, t: 2}\n",
	  "t.yaml:1:14: unknown axis \"t\" in step (expected x, y or z)" },
	{ "rule: simpsons\n",
	  "t.yaml:1:7: unknown rule \"simpsons\" (did you mean \"simpson\"?)" },
	{ "rule: romberg\n",
	  "t.yaml:1:7: unknown rule \"romberg\" "
	  "(expected midpoint, trapezoid, simpson, boole, gauss or "
	  "tanh-sinh)" },
	{ "rule: gauss\norder: 1\n",
	  "t.yaml:2:8: order must be 2 to 16, got 1" },
	{ "rule: gauss\norder: 17\n",
	  "t.yaml:2:8: order must be 2 to 16, got 17" },
	{ "rule: gauss\norder: 2.5\n",
	  "t.yaml:2:8: order: expected a positive integer, got 2.5" },
	{ "order: [4]\n",
	  "t.yaml:1:8: order: expected a positive integer, got a sequence" },
	{ "engine: fast\n",
	  "t.yaml:1:9: unknown engine \"fast\" "
	  "(expected auto, muparser or vector)" },

	/* Wrong types. */
	{ "- a\n- b\n",
	  "t.yaml:1:1: expected a mapping at the top level, got a sequence" },
	{ "just text\n",
	  "t.yaml:1:1: expected a mapping at the top level, "
	  "got a string \"just text\"" },
	{ "expression: x\ndomain: [0, 1]\n",
	  "t.yaml:2:9: domain: expected a mapping of axes, got a sequence" },
	{ "expression: x\ndomain: {x: 1}\n",
	  "t.yaml:2:13: domain.x: expected [lo, hi], got 1" },
	{ "expression: x\ndomain: {x: [0, 1, 2]}\n",
	  "t.yaml:2:13: domain.x: expected [lo, hi], got 3 items" },
	{ "expression: x\ndomain: {x: [0, [1]]}\n",
	  "t.yaml:2:17: domain.x: expected a number, got a sequence" },
	{ "expression: x\ndomain: {x: [0, b]}\n",
	  "t.yaml:2:17: domain.x: expected a number, got a string \"b\"" },
	{ "expression: x\ndomain: {x: [0, true]}\n",
	  "t.yaml:2:17: domain.x: expected a number, got true" },
	{ "expression: x\ndomain: {x: [~, 1]}\n",
	  "t.yaml:2:14: domain.x: expected a number, got null" },
	{ "name: {a: 1}\n",
	  "t.yaml:1:7: name: expected a string, got a mapping" },
	{ "expression: [x]\n",
	  "t.yaml:1:13: expression: expected a string, got a sequence" },
	{ "expression: ~\n",
	  "t.yaml:1:13: expression: expected a string, got null" },
	{ "step: [0.1]\n",
	  "t.yaml:1:7: step: expected a number or a mapping of axes, "
	  "got a sequence" },
	{ "points: [1]\n",
	  "t.yaml:1:9: points: expected a positive integer or a mapping "
	  "of axes, got a sequence" },
	{ "constants: [a]\n",
	  "t.yaml:1:12: constants: expected a mapping of names to numbers, "
	  "got a sequence" },
	{ "constants: {a: b}\n",
	  "t.yaml:1:16: constants.a: expected a number, got a string \"b\"" },
	{ "rule: {a: 1}\n",
	  "t.yaml:1:7: rule: expected a string, got a mapping" },
	{ "? [a]\n: 1\n",
	  "t.yaml:1:3: mapping keys must be strings, got a sequence" },

	/* Duplicate keys, at the top and inside. */
	{ "expression: x\nstep: 0.1\nstep: 0.2\n",
	  "t.yaml:3:1: duplicate key \"step\" (first at 2:1)" },
	{ "expression: x\ndomain:\n  x: [0, 1]\n  x: [0, 2]\n",
	  "t.yaml:4:3: duplicate key \"x\" (first at 3:3)" },
	{ "{\"step\": 1, 'step': 2}",
	  "t.yaml:1:13: duplicate key \"step\" (first at 1:2)" },

	/* Numbers: finite, unquoted, in range. */
	{ "step: .inf\n", "t.yaml:1:7: step must be finite, got .inf" },
	{ "step: -.Inf\n", "t.yaml:1:7: step must be finite, got -.Inf" },
	{ "step: .nan\n", "t.yaml:1:7: step must be finite, got .nan" },
	{ "step: nan\n", "t.yaml:1:7: step must be finite, got nan" },
	{ "x_start: inf\n", "t.yaml:1:10: x_start must be finite, got inf" },
	{ "step: 1e999\n", "t.yaml:1:7: step must be finite, got 1e999" },
	{ "step: 1e-400\n", "t.yaml:1:7: step is out of range: 1e-400" },
	{ "constants:\n  k: -.nan\n",
	  "t.yaml:2:6: constants.k must be finite, got -.nan" },
	{ "step: \"0.1\"\n",
	  "t.yaml:1:7: step: expected a number, got a string \"0.1\"" },
	{ "domain: {x: ['0', 1]}\n",
	  "t.yaml:1:14: domain.x: expected a number, got a string \"0\"" },
	{ "step: 1_000\n",
	  "t.yaml:1:7: step: expected a number, got a string \"1_000\"" },

	/* Domains. */
	{ "expression: x\ndomain: {x: [0, 1], y: [3, 3]}\n",
	  "t.yaml:2:24: empty domain on y: [3, 3]" },
	{ "expression: x\ndomain:\n  x: [2, -1.5]\n",
	  "t.yaml:3:6: empty domain on x: [2, -1.5]" },
	{ "domain: {x: [-1e308, 1e308]}\n",
	  "t.yaml:1:13: domain on x is too wide: [-1e+308, 1e+308]" },
	{ "domain: {}\n", "t.yaml:1:9: domain is empty" },
	{ "expression: x\ndomain: {y: [0, 1]}\nstep: 0.1\n",
	  "t.yaml:2:13: domain has y but no x" },
	{ "expression: x\ndomain: {x: [0, 1], z: [0, 1]}\nstep: 0.1\n",
	  "t.yaml:2:24: domain has z but no y" },
	{ "expression: x\nstep: 0.1\n", "t.yaml: no domain" },

	/* The old flat keys. */
	{ "equation: x\nx_start: 0\nstep: 1\n",
	  "t.yaml:2:1: x_start needs x_end" },
	{ "equation: x\ny_end: 0\nstep: 1\n",
	  "t.yaml:2:1: y_end needs y_start" },
	{ "equation: x\nx_start: 1\nx_end: 0\nstep: 1\n",
	  "t.yaml:2:10: empty domain on x: [1, 0]" },
	{ "equation: x\nexpression: x\n",
	  "t.yaml:2:1: expression and equation cannot both be given "
	  "(equation is the old name of expression)" },
	{ "x_start: 0\nx_end: 1\ndomain: {x: [0, 1]}\n",
	  "t.yaml:3:1: domain cannot be combined with x_start "
	  "(the old form of the domain)" },
	{ "domain: {x: [0, 1]}\ny_start: 0\n",
	  "t.yaml:2:1: y_start cannot be combined with domain "
	  "(it is the old form of the domain)" },

	/* Step and points. */
	{ "expression: x\ndomain: {x: [0, 1]}\nstep: 0\n",
	  "t.yaml:3:7: step must be positive, got 0" },
	{ "expression: x\ndomain: {x: [0, 1]}\nstep: -0.1\n",
	  "t.yaml:3:7: step must be positive, got -0.1" },
	{ "step: {x: -1}\n", "t.yaml:1:11: step.x must be positive, got -1" },
	{ "points: 0\n", "t.yaml:1:9: points must be positive, got 0" },
	{ "points: -4\n", "t.yaml:1:9: points must be positive, got -4" },
	{ "points: 1.5\n",
	  "t.yaml:1:9: points: expected a positive integer, got 1.5" },
	{ "points: 1e6\n",
	  "t.yaml:1:9: points: expected a positive integer, got 1e6" },
	{ "points: \"10\"\n",
	  "t.yaml:1:9: points: expected a positive integer, "
	  "got a string \"10\"" },
	{ "points: 18446744073709551616\n",
	  "t.yaml:1:9: points is too large: 18446744073709551616" },
	{ "expression: x\ndomain: {x: [0, 1]}\nstep: 0.1\npoints: 10\n",
	  "t.yaml:4:9: step and points cannot both be given" },
	{ "step: {x: 0.1}\npoints: 10\n",
	  "t.yaml:2:9: step and points cannot both be given for x" },
	{ "points: {y: 3}\nstep: {x: 1, y: 0.5}\n",
	  "t.yaml:2:17: step and points cannot both be given for y" },
	{ "expression: x\ndomain: {x: [0, 1]}\npoints: {x: 3, y: 3}\n",
	  "t.yaml:3:16: points given for y, which is not in the domain" },
	{ "expression: x\ndomain: {x: [0, 1]}\n",
	  "t.yaml:2:13: no step or points for x" },
	{ "expression: x\ndomain: {x: [0, 1]}\nstep: 5\n",
	  "t.yaml:3:7: step 5 is larger than the domain [0, 1] on x" },
	{ "expression: x\ndomain: {x: [0, 1]}\nstep: 1e-300\n",
	  "t.yaml:3:7: step 1e-300 is too small for the domain [0, 1] on x "
	  "(more than 2^53 points)" },
	{ "expression: x\ndomain: {x: [0, 1]}\npoints: 9007199254740993\n",
	  "t.yaml:3:9: too many points on x: 9007199254740993 (limit 2^53)" },
	{ "expression: x\ndomain: {x: [0, 1]}\npoints: 1\nrule: trapezoid\n",
	  "t.yaml:3:9: trapezoid needs at least 2 points on x, got 1" },
	{ "expression: x\n"
	  "domain: {x: [0, 1], y: [0, 1], z: [0, 1]}\n"
	  "points: 3000000\n",
	  "t.yaml:3:9: grid of 3000000 x 3000000 x 3000000 points "
	  "overflows 64 bits" },
	{ "expression: x\n"
	  "domain: {x: [0, 1], y: [0, 1]}\n"
	  "points: {x: 4294967296, y: 2147483648}\n",
	  "t.yaml:3:13: grid of 4294967296 x 2147483648 points "
	  "overflows 64 bits" },
	{ "expression: x\ndomain: {x: [0, 6.001]}\nstep: 0.001\n"
	  "rule: simpson\n",
	  "t.yaml:3:7: simpson needs an even number of intervals on x, "
	  "got 6001" },
	{ "expression: x\ndomain: {x: [0, 1], y: [0, 1]}\n"
	  "points: {x: 5, y: 6000}\nrule: simpson\n",
	  "t.yaml:3:19: simpson needs an even number of intervals on y, "
	  "got 5999 (use an odd number of points)" },

	/* Chunk. */
	{ "chunk: 0\n", "t.yaml:1:8: chunk must be positive, got 0" },
	{ "chunk: -3\n", "t.yaml:1:8: chunk must be positive, got -3" },
	{ "chunk: many\n",
	  "t.yaml:1:8: chunk: expected a positive integer or auto, "
	  "got a string \"many\"" },

	/* Constants' names. */
	{ "constants: {1a: 1}\n",
	  "t.yaml:1:13: invalid constant name \"1a\" "
	  "(letters, digits and _, not starting with a digit)" },
	{ "constants: {a-b: 1}\n",
	  "t.yaml:1:13: invalid constant name \"a-b\" "
	  "(letters, digits and _, not starting with a digit)" },
	{ "constants: {\"\": 1}\n",
	  "t.yaml:1:13: invalid constant name \"\" "
	  "(letters, digits and _, not starting with a digit)" },
	{ "constants: {y: 1}\n",
	  "t.yaml:1:13: constant name \"y\" is a variable" },
	{ "constants:\n  ok: 1\n  sqrt: 1\n",
	  "t.yaml:3:3: constant name \"sqrt\" is a built-in function" },
	{ "constants: {_pi: 3}\n",
	  "t.yaml:1:13: constant name \"_pi\" is reserved "
	  "(names starting with _ are muParser's)" },
	{ "constants: {abcdefghijklmnopqrstuvwxyz012345: 1}\n",
	  "t.yaml:1:13: constant name \"abcdefghijklmnopqrstuvwxyz012345\" "
	  "is too long (limit 31 characters)" },

	/* Expressions. */
	{ "expression: \"  \"\n", "t.yaml:1:13: expression is empty" },
	{ "expression:\n", "t.yaml:1:12: expression is empty" },
	{ "domain: {x: [0, 1]}\nstep: 0.1\n", "t.yaml: no expression" },

	/* What the event API must refuse. */
	{ "expression: &e x\n",
	  "t.yaml:1:13: aliases and anchors are not supported" },
	{ "a: &m {b: 1}\n",
	  "t.yaml:1:4: aliases and anchors are not supported" },
	{ "a: 1\nb: *a\n",
	  "t.yaml:2:4: aliases and anchors are not supported" },
	{ "&a [*a]\n",
	  "t.yaml:1:1: aliases and anchors are not supported" },
	{ "step: !!str 1\n", "t.yaml:1:7: tags are not supported" },
	{ "!!map {a: 1}\n", "t.yaml:1:1: tags are not supported" },
	{ "expression: \"x\\0+1\"\n",
	  "t.yaml:1:13: NUL character in a scalar" },
	{ "\"a\\0\": 1\n", "t.yaml:1:1: NUL character in a scalar" },
	{ "a: [[[[[[[[1]]]]]]]]\n",
	  "t.yaml:1:11: nesting deeper than 8 levels" },
	{ "a:\n b:\n  c:\n   d:\n    e:\n     f:\n      g:\n       h:\n"
	  "        i: 1\n",
	  "t.yaml:9:9: nesting deeper than 8 levels" },
	{ "a: 1\n---\nb: 2\n", "t.yaml:2:1: more than one document" },

	/* Malformed YAML, as libyaml reports it. */
	{ "expression: x\n\tstep: 1\n",
	  "t.yaml:2:1: found a tab character that violates indentation "
	  "(while scanning a plain scalar at 1:13)" },
	{ "domain:\n\tx: [0, 1]\n",
	  "t.yaml:2:1: found character that cannot start any token" },
	{ "domain: {x: [0, 1}\n",
	  "t.yaml:1:18: did not find expected ',' or ']' "
	  "(while parsing a flow sequence at 1:13)" },
	{ "expression: 'x\n",
	  "t.yaml:2:1: found unexpected end of stream "
	  "(while scanning a quoted scalar at 1:13)" },
	{ "a: 1\n  b: 2\n",
	  "t.yaml:2:4: mapping values are not allowed in this context" },
	{ "a: 1\nb: \xff\n", "t.yaml:2:4: invalid leading UTF-8 octet (0xff)" },
	{ "a: \"\xc3\xa9\xc3\n",
	  "t.yaml:1:7: invalid trailing UTF-8 octet (0x0a)" },
	{ "a: \x01\n",
	  "t.yaml:1:4: control characters are not allowed (0x01)" },

	/* Nothing at all. */
	{ "", "t.yaml:1:1: empty task" },
	{ "# nothing here\n\n", "t.yaml:1:1: empty task" },
	{ "---\n", "t.yaml:1:1: empty task" },
	{ "~\n", "t.yaml:1:1: empty task" },
};

START_TEST(test_errors)
{
	expect_error(errors[_i].text, errors[_i].want);
}
END_TEST

START_TEST(test_nul_byte)
{
	static const char	 text[] = "expression: x\0\nstep: 1\n";

	ck_assert_int_eq(load_len(text, sizeof text - 1), -1);
	ck_assert_str_eq(cause,
	    "t.yaml:1:14: control characters are not allowed (0x00)");
}
END_TEST

START_TEST(test_too_long_expression)
{
	char	*text, *p;

	text = xmalloc(EXPR_MAXLEN + 64);
	p = text + sprintf(text, "expression: ");
	memset(p, 'x', EXPR_MAXLEN + 1);
	strcpy(p + EXPR_MAXLEN + 1, "\n");
	ck_assert_int_eq(load(text), -1);
	ck_assert_str_eq(cause,
	    "t.yaml:1:13: expression is too long (4097 bytes, limit 4096)");
	p[EXPR_MAXLEN] = '\n';
	p[EXPR_MAXLEN + 1] = '\0';
	ck_assert_msg(load(text) == 0, "%s", cause);
	free(text);
}
END_TEST

START_TEST(test_too_many_constants)
{
	char	*text, *s;
	int	 i;

	text = xstrdup("constants:\n");
	for (i = 0; i <= TASK_MAXCONST; i++) {
		xasprintf(&s, "%s  c%d: %d\n", text, i, i);
		free(text);
		text = s;
	}
	ck_assert_int_eq(load(text), -1);
	ck_assert_str_eq(cause, "t.yaml:34:3: too many constants (limit 32)");
	free(text);
}
END_TEST

START_TEST(test_too_many_values)
{
	char	*text;
	size_t	 i, n = 0;

	text = xmalloc(8 * 2048);
	n += sprintf(text, "a: [");
	for (i = 0; i < 2000; i++)
		n += sprintf(text + n, "1,");
	strcpy(text + n, "]\n");
	ck_assert_int_eq(load(text), -1);
	/* Nodes: the mapping, "a", the sequence, then 1021 items. */
	ck_assert_str_eq(cause, "t.yaml:1:2047: too many values (limit 1024)");
	free(text);
}
END_TEST

/* Deep nesting is refused at the limit, long before libyaml slows down. */
START_TEST(test_deep_nesting_fast)
{
	struct timespec	 start;
	size_t		 n = 2 << 20, i;
	char		*text;

	text = xmalloc(n);
	memset(text, '[', n);

	clock_gettime(CLOCK_MONOTONIC, &start);
	ck_assert_int_eq(load_len(text, n), -1);
	ck_assert_double_lt(elapsed(&start), 1.0);
	ck_assert_str_eq(cause, "t.yaml: file too large (limit 1048576 bytes)");

	clock_gettime(CLOCK_MONOTONIC, &start);
	ck_assert_int_eq(load_len(text, TASK_MAXFILE), -1);
	ck_assert_double_lt(elapsed(&start), 1.0);
	ck_assert_str_eq(cause, "t.yaml:1:9: nesting deeper than 8 levels");

	/* "{{" is a mapping as a key, refused as soon as it is seen. */
	memset(text, '{', n);
	clock_gettime(CLOCK_MONOTONIC, &start);
	ck_assert_int_eq(load_len(text, TASK_MAXFILE), -1);
	ck_assert_double_lt(elapsed(&start), 1.0);
	ck_assert_str_eq(cause,
	    "t.yaml:1:2: mapping keys must be strings, got a mapping");

	/* Nested block sequences, "- - - ...", likewise. */
	for (i = 0; i + 1 < n; i += 2)
		memcpy(text + i, "- ", 2);
	clock_gettime(CLOCK_MONOTONIC, &start);
	ck_assert_int_eq(load_len(text, TASK_MAXFILE), -1);
	ck_assert_double_lt(elapsed(&start), 1.0);
	ck_assert_str_eq(cause, "t.yaml:1:17: nesting deeper than 8 levels");
	free(text);
}
END_TEST

/* A file with an error leaves the task as it was. */
START_TEST(test_error_changes_nothing)
{
	ck_assert_msg(load("expression: x\ndomain: {x: [0, 1]}\nstep: 0.5\n")
	    == 0, "%s", cause);
	ck_assert_int_eq(load("expression: y\nstep: 0.1\nrule: romberg\n"),
	    -1);
	ck_assert_str_eq(t.expression, "x");
	ck_assert_double_eq(t.axis[0].step, 0.5);
	ck_assert_int_eq(t.rule, RULE_MIDPOINT);
	ck_assert_msg(finish() == 0, "%s", cause);
	ck_assert_uint_eq(t.points, 2);
}
END_TEST

/*
 * Files and standard input.
 */

START_TEST(test_load_fixtures)
{
	char	*path;

	path = fixture("gauss.yaml");
	ck_assert_msg(task_load_file(&t, path, &cause) == 0, "%s", cause);
	ck_assert_str_eq(t.source, path);
	ck_assert_str_eq(t.name, "gauss-2d");
	ck_assert_msg(task_finish(&t, &cause) == 0, "%s", cause);
	ck_assert_uint_eq(t.points, 36000000);
	free(path);

	task_free(&t);
	task_init(&t);
	path = fixture("old.json");
	ck_assert_msg(task_load_file(&t, path, &cause) == 0, "%s", cause);
	ck_assert_str_eq(t.expression, "x * y");
	ck_assert_msg(task_finish(&t, &cause) == 0, "%s", cause);
	ck_assert_int_eq(t.dims, 2);
	ck_assert_uint_eq(t.axis[0].nodes, 1000);
	ck_assert_uint_eq(t.axis[1].nodes, 2000);
	free(path);
}
END_TEST

START_TEST(test_load_missing)
{
	ck_assert_int_eq(task_load_file(&t, "no/such/task.yaml", &cause), -1);
	ck_assert_str_eq(cause, "-c no/such/task.yaml: No such file or directory");
}
END_TEST

START_TEST(test_load_errors_name_file)
{
	const char	*text = "expression: x\nstep: [1]\n";
	char		*path, *want;

	path = tempfile(text, strlen(text));
	ck_assert_int_eq(task_load_file(&t, path, &cause), -1);
	xasprintf(&want, "%s:2:7: step: expected a number or a mapping of "
	    "axes, got a sequence", path);
	ck_assert_str_eq(cause, want);
	unlink(path);
	free(path);
	free(want);
}
END_TEST

START_TEST(test_load_too_large)
{
	char	*text, *path, *want;
	size_t	 n = TASK_MAXFILE + 1;

	/* Comments only: too large, not empty. */
	text = xmalloc(n);
	memset(text, '#', n);
	path = tempfile(text, n);
	ck_assert_int_eq(task_load_file(&t, path, &cause), -1);
	xasprintf(&want, "%s: file too large (limit 1048576 bytes)", path);
	ck_assert_str_eq(cause, want);
	free(want);
	unlink(path);
	free(path);

	/* At the limit exactly it is read, and empty. */
	path = tempfile(text, n - 1);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(task_load_file(&t, path, &cause), -1);
	xasprintf(&want, "%s:1:1: empty task", path);
	ck_assert_str_eq(cause, want);
	free(want);
	unlink(path);
	free(path);
	free(text);
}
END_TEST

START_TEST(test_load_stdin)
{
	const char	*text =
	    "expression: x\ndomain: {x: [0, 1]}\npoints: 3\n";
	char		*path;
	int		 fd, saved;

	path = tempfile(text, strlen(text));
	fd = open(path, O_RDONLY);
	ck_assert_int_ne(fd, -1);
	saved = dup(STDIN_FILENO);
	ck_assert_int_ne(saved, -1);
	ck_assert_int_ne(dup2(fd, STDIN_FILENO), -1);
	close(fd);
	ck_assert_msg(task_load_file(&t, "-", &cause) == 0, "%s", cause);
	dup2(saved, STDIN_FILENO);
	close(saved);
	ck_assert_str_eq(t.source, "<stdin>");
	ck_assert_uint_eq(t.axis[0].points, 3);
	unlink(path);
	free(path);
}
END_TEST

/*
 * The command line: setters, overrides in either order.
 */

START_TEST(test_cli_only)
{
	static const struct task_loc	 r = { 0, 0, "-r" };

	task_set_expression(&t, "x * y", "-e");
	ck_assert_int_eq(task_set_domain(&t, "x=0:1", &cause), 0);
	ck_assert_int_eq(task_set_domain(&t, "y=-2.5:2.5", &cause), 0);
	ck_assert_int_eq(task_set_points(&t, 11, "-n", &cause), 0);
	ck_assert_int_eq(task_set_rule(&t, "simpson", &r, &cause), 0);
	ck_assert_msg(finish() == 0, "%s", cause);
	ck_assert_str_eq(t.source, "<command line>");
	ck_assert_int_eq(t.dims, 2);
	ck_assert_double_eq(t.axis[1].lo, -2.5);
	ck_assert_uint_eq(t.axis[1].intervals, 10);
	ck_assert_double_eq(t.axis[1].h, 0.5);
	ck_assert_uint_eq(t.points, 121);
}
END_TEST

/* -s before -d: the step reaches an axis given later. */
START_TEST(test_cli_step_before_domain)
{
	task_set_expression(&t, "x", "-e");
	ck_assert_int_eq(task_set_step(&t, 0.25, "-s", &cause), 0);
	ck_assert_int_eq(task_set_domain(&t, "x=0:1", &cause), 0);
	ck_assert_int_eq(task_set_domain(&t, "y=0:2", &cause), 0);
	ck_assert_msg(finish() == 0, "%s", cause);
	ck_assert_uint_eq(t.axis[1].nodes, 8);
	ck_assert_uint_eq(t.points, 32);
}
END_TEST

static const char *override_file =
    "expression: x\n"
    "domain: {x: [0, 1], y: [0, 1]}\n"
    "step: {x: 0.5, y: 0.25}\n"
    "rule: trapezoid\n"
    "engine: vector\n";

static void
check_overridden(void)
{
	ck_assert_str_eq(t.expression, "2 * x");
	ck_assert_str_eq(t.source, "t.yaml");
	ck_assert_double_eq(t.axis[0].lo, -1);
	ck_assert_str_eq(t.axis[0].loc_domain.opt, "-d");
	ck_assert_double_eq(t.axis[1].hi, 1);		/* from the file */
	ck_assert_uint_eq(t.axis[1].loc_domain.line, 2);
	ck_assert_uint_eq(t.axis[0].points, 5);
	ck_assert_uint_eq(t.axis[1].points, 5);
	ck_assert_double_eq(t.axis[1].step, 0);
	ck_assert_int_eq(t.rule, RULE_SIMPSON);
	ck_assert_int_eq(t.engine, ENGINE_VECTOR);	/* from the file */
	ck_assert_msg(finish() == 0, "%s", cause);
	ck_assert_uint_eq(t.axis[0].intervals, 4);
	ck_assert_double_eq(t.axis[0].h, 0.5);
	ck_assert_uint_eq(t.points, 25);
}

static void
set_options(void)
{
	static const struct task_loc	 r = { 0, 0, "-r" };

	task_set_expression(&t, "2 * x", "-e");
	ck_assert_int_eq(task_set_domain(&t, "x=-1:1", &cause), 0);
	ck_assert_int_eq(task_set_step(&t, 0.1, "-s", &cause), 0);
	ck_assert_int_eq(task_set_points(&t, 5, "-n", &cause), 0);
	ck_assert_int_eq(task_set_rule(&t, "simpson", &r, &cause), 0);
}

START_TEST(test_cli_after_file)
{
	ck_assert_msg(load(override_file) == 0, "%s", cause);
	set_options();
	check_overridden();
}
END_TEST

START_TEST(test_cli_before_file)
{
	set_options();
	ck_assert_msg(load(override_file) == 0, "%s", cause);
	check_overridden();
}
END_TEST

/*
 * Every key of the file reaches the task (task_merge goes by the key
 * table), but for one an option set; a second file replaces the first's
 * strings, which are freed (task_free, the sanitizer build).
 */
START_TEST(test_merge_every_key)
{
	ck_assert_int_eq(task_set_number(&t, "tolerance", 0.5, "--tol",
	    &cause), 0);
	ck_assert_msg(load("name: one\nexpression: y\n") == 0, "%s", cause);
	ck_assert_msg(load("name: two\nexpression: x * y\n"
	    "domain: {x: [0, 1], y: [0, 2]}\npoints: 8\nrule: gauss\n"
	    "order: 3\nconstants: {a: 2}\nchunk: 4\nengine: muparser\n"
	    "tolerance: 0.001\nabs_tolerance: 1e-9\n") == 0, "%s", cause);
	ck_assert_str_eq(t.name, "two");
	ck_assert_str_eq(t.expression, "x * y");
	ck_assert_uint_eq(t.loc_expression.line, 2);
	ck_assert_double_eq(t.axis[1].hi, 2);
	ck_assert_uint_eq(t.axis[0].points, 8);
	ck_assert_int_eq(t.rule, RULE_GAUSS);
	ck_assert_uint_eq(t.order, 3);
	ck_assert_int_eq(t.nconsts, 1);
	ck_assert_uint_eq(t.chunk_rows, 4);
	ck_assert_int_eq(t.engine, ENGINE_MUPARSER);
	ck_assert_double_eq(t.tolerance, 0.5);		/* the option's */
	ck_assert_str_eq(t.loc_tolerance.opt, "--tol");
	ck_assert_double_eq(t.abs_tolerance, 1e-9);
	task_free(&t);
	ck_assert_ptr_null(t.name);
	ck_assert_ptr_null(t.expression);
	ck_assert_ptr_null(t.source);
	task_init(&t);
}
END_TEST

/* A bad file is an error even where the command line overrides it. */
START_TEST(test_cli_bad_file_still_error)
{
	ck_assert_int_eq(task_set_points(&t, 5, "-n", &cause), 0);
	ck_assert_int_eq(load("expression: x\nstep: 0.1\npoints: 4\n"), -1);
	ck_assert_str_eq(cause,
	    "t.yaml:3:9: step and points cannot both be given");
}
END_TEST

START_TEST(test_cli_errors)
{
	static const struct task_loc	 r = { 0, 0, "-r" };

	ck_assert_int_eq(task_set_domain(&t, "x3", &cause), -1);
	ck_assert_str_eq(cause, "-d: expected VAR=A:B, got \"x3\"");
	free(cause);
	ck_assert_int_eq(task_set_domain(&t, "x=1", &cause), -1);
	ck_assert_str_eq(cause, "-d: expected VAR=A:B, got \"x=1\"");
	free(cause);
	ck_assert_int_eq(task_set_domain(&t, "t=0:1", &cause), -1);
	ck_assert_str_eq(cause, "-d: unknown axis \"t\" (expected x, y or z)");
	free(cause);
	ck_assert_int_eq(task_set_domain(&t, "x=a:1", &cause), -1);
	ck_assert_str_eq(cause,
	    "-d: bad bound \"a\" on x (expected a finite number)");
	free(cause);
	ck_assert_int_eq(task_set_domain(&t, "x=0:inf", &cause), -1);
	ck_assert_str_eq(cause,
	    "-d: bad bound \"inf\" on x (expected a finite number)");
	free(cause);
	ck_assert_int_eq(task_set_domain(&t, "y=3:3", &cause), -1);
	ck_assert_str_eq(cause, "-d: empty domain on y: [3, 3]");
	free(cause);
	ck_assert_int_eq(task_set_step(&t, -1, "-s", &cause), -1);
	ck_assert_str_eq(cause, "-s: step must be positive, got -1");
	free(cause);
	ck_assert_int_eq(task_set_step(&t, NAN, "-s", &cause), -1);
	ck_assert_str_eq(cause, "-s: step must be positive, got nan");
	free(cause);
	ck_assert_int_eq(task_set_points(&t, 0, "-n", &cause), -1);
	ck_assert_str_eq(cause, "-n: points must be positive, got 0");
	free(cause);
	ck_assert_int_eq(task_set_rule(&t, "trapezium", &r, &cause), -1);
	ck_assert_str_eq(cause,
	    "-r: unknown rule \"trapezium\" (did you mean \"trapezoid\"?)");
	free(cause);
	ck_assert_int_eq(task_set_engine(&t, "vec", NULL, &cause), -1);
	ck_assert_str_eq(cause, "<command line>: unknown engine \"vec\" "
	    "(expected auto, muparser or vector)");
	free(cause);
	cause = NULL;

	/* Nothing was changed by the failures. */
	ck_assert_int_eq(t.axis[0].set, 0);
	ck_assert_int_eq(t.axis[1].set, 0);
	ck_assert_double_eq(t.axis[0].step, 0);
	ck_assert_int_eq(t.rule, RULE_MIDPOINT);
}
END_TEST

/* Errors from task_finish name the option the value came from. */
START_TEST(test_cli_finish_errors)
{
	static const struct task_loc	 r = { 0, 0, "-r" };

	ck_assert_int_eq(finish(), -1);
	ck_assert_str_eq(cause, "<command line>: no expression");
	task_set_expression(&t, " \t", "-e");
	ck_assert_int_eq(finish(), -1);
	ck_assert_str_eq(cause, "-e: expression is empty");
	task_set_expression(&t, "x", "-e");
	ck_assert_int_eq(finish(), -1);
	ck_assert_str_eq(cause, "<command line>: no domain");
	ck_assert_int_eq(task_set_domain(&t, "z=0:1", &cause), 0);
	ck_assert_int_eq(finish(), -1);
	ck_assert_str_eq(cause, "-d: domain has z but no x");
	ck_assert_int_eq(task_set_domain(&t, "x=0:1", &cause), 0);
	ck_assert_int_eq(finish(), -1);
	ck_assert_str_eq(cause, "-d: domain has z but no y");
	ck_assert_int_eq(task_set_domain(&t, "y=0:1", &cause), 0);
	ck_assert_int_eq(finish(), -1);
	ck_assert_str_eq(cause, "-d: no step or points for x");
	ck_assert_int_eq(task_set_step(&t, 2, "-s", &cause), 0);
	ck_assert_int_eq(finish(), -1);
	ck_assert_str_eq(cause,
	    "-s: step 2 is larger than the domain [0, 1] on x");
	ck_assert_int_eq(task_set_points(&t, 4, "-n", &cause), 0);
	ck_assert_int_eq(task_set_rule(&t, "simpson", &r, &cause), 0);
	ck_assert_int_eq(finish(), -1);
	ck_assert_str_eq(cause, "-n: simpson needs an even number of "
	    "intervals on x, got 3 (use an odd number of points)");
	ck_assert_int_eq(task_set_points(&t, 5, "-n", &cause), 0);
	ck_assert_msg(finish() == 0, "%s", cause);
	ck_assert_uint_eq(t.points, 125);
}
END_TEST

/*
 * The grid task_finish derives, for each rule.
 */

static void
grid_case(const char *rule, const char *grid, uint64_t intervals,
    uint64_t nodes, double h)
{
	char	*text;

	task_free(&t);
	task_init(&t);
	xasprintf(&text, "expression: x\ndomain: {x: [0, 2]}\nrule: %s\n%s\n",
	    rule, grid);
	ck_assert_msg(load_finish(text) == 0, "%s: %s", text, cause);
	ck_assert_int_eq(t.dims, 1);
	ck_assert_uint_eq(t.axis[0].intervals, intervals);
	ck_assert_uint_eq(t.axis[0].nodes, nodes);
	ck_assert_uint_eq(t.points, nodes);
	ck_assert_double_eq_tol(t.axis[0].h, h, 1e-15);
	free(text);
}

START_TEST(test_grid_rules)
{
	grid_case("midpoint", "step: 0.5", 4, 4, 0.5);
	grid_case("trapezoid", "step: 0.5", 4, 5, 0.5);
	grid_case("simpson", "step: 0.5", 4, 5, 0.5);
	grid_case("midpoint", "points: 4", 4, 4, 0.5);
	grid_case("trapezoid", "points: 4", 3, 4, 2.0 / 3);
	grid_case("simpson", "points: 5", 4, 5, 0.5);
	grid_case("trapezoid", "points: 2", 1, 2, 2);
	grid_case("midpoint", "points: 1", 1, 1, 2);
	/* A step that does not divide the domain is rounded, h adjusted. */
	grid_case("midpoint", "step: 0.3", 7, 7, 2.0 / 7);
	grid_case("trapezoid", "step: 2", 1, 2, 2);
	/* 2 / 0.2 is 9.999999999999998: rounded, not truncated. */
	grid_case("simpson", "step: 0.2", 10, 11, 0.2);
}
END_TEST

START_TEST(test_grid_limits)
{
	/* 2^31 x 2^31 x 2^1 = 2^63 is one too many for int64. */
	ck_assert_int_eq(load_finish("expression: x\n"
	    "domain: {x: [0, 1], y: [0, 1], z: [0, 1]}\n"
	    "points: {x: 2147483648, y: 2147483648, z: 2}\n"), -1);
	ck_assert_str_eq(cause, "t.yaml:3:13: grid of 2147483648 x "
	    "2147483648 x 2 points overflows 64 bits");

	task_free(&t);
	task_init(&t);
	ck_assert_msg(load_finish("expression: x\n"
	    "domain: {x: [0, 1], y: [0, 1], z: [0, 1]}\n"
	    "points: {x: 2147483648, y: 2147483647, z: 2}\n") == 0, "%s",
	    cause);
	ck_assert_uint_eq(t.points, UINT64_C(2147483648) * 2147483647 * 2);
}
END_TEST

/*
 * Names and locations.
 */

START_TEST(test_names_and_where)
{
	struct task_loc	 file = { 7, 3, NULL }, opt = { 0, 0, "-s" };
	struct task_loc	 none = { 0, 0, NULL };
	char		 buf[64];

	ck_assert_str_eq(quad_rule_name(RULE_MIDPOINT), "midpoint");
	ck_assert_str_eq(quad_rule_name(RULE_TRAPEZOID), "trapezoid");
	ck_assert_str_eq(quad_rule_name(RULE_SIMPSON), "simpson");
	ck_assert_str_eq(task_engine_name(ENGINE_AUTO), "auto");
	ck_assert_str_eq(task_engine_name(ENGINE_MUPARSER), "muparser");
	ck_assert_str_eq(task_engine_name(ENGINE_VECTOR), "vector");

	task_where(&t, &opt, buf, sizeof buf);
	ck_assert_str_eq(buf, "-s");
	task_where(&t, &none, buf, sizeof buf);
	ck_assert_str_eq(buf, "<command line>");
	ck_assert_int_eq(load("expression: x\n"), 0);
	task_where(&t, &file, buf, sizeof buf);
	ck_assert_str_eq(buf, "t.yaml:7:3");
	task_where(&t, &file, buf, 5);
	ck_assert_str_eq(buf, "t.ya");
}
END_TEST

/* The grids of gauss (order points per cell) and tanh-sinh (points). */
START_TEST(test_gauss_and_tanh_sinh_grids)
{
	ck_assert_msg(load_finish("expression: x\ndomain: {x: [0, 1]}\n"
	    "points: 10\nrule: gauss\norder: 5\n") == 0, "%s", cause);
	ck_assert_uint_eq(t.order, 5);
	ck_assert_uint_eq(t.axis[0].nodes, 10);
	ck_assert_uint_eq(t.axis[0].intervals, 2);
	ck_assert_double_eq(t.axis[0].h, 0.5);
	task_free(&t);
	task_init(&t);
	ck_assert_msg(load_finish("expression: x\ndomain: {x: [0, 1]}\n"
	    "step: 0.25\nrule: gauss\n") == 0, "%s", cause);
	ck_assert_uint_eq(t.order, TASK_ORDER_DEFAULT);
	ck_assert_uint_eq(t.axis[0].nodes, 16);
	task_free(&t);
	task_init(&t);
	ck_assert_int_eq(load_finish("expression: x\ndomain: {x: [0, 1]}\n"
	    "points: 10\nrule: gauss\n"), -1);
	ck_assert_str_eq(cause, "t.yaml:3:9: gauss of order 4 needs a "
	    "multiple of 4 points on x, got 10");
	task_free(&t);
	task_init(&t);
	ck_assert_int_eq(load_finish("expression: x\ndomain: {x: [0, 1]}\n"
	    "points: 9\nrule: simpson\norder: 4\n"), -1);
	ck_assert_str_eq(cause, "t.yaml:5:8: order applies to rule gauss "
	    "only, not simpson");
	task_free(&t);
	task_init(&t);
	ck_assert_int_eq(load_finish("expression: x\ndomain: {x: [0, 1]}\n"
	    "step: 0.1\nrule: tanh-sinh\n"), -1);
	ck_assert_str_eq(cause, "t.yaml:3:7: tanh-sinh takes points, not a "
	    "step (its nodes are not evenly spaced)");
	task_free(&t);
	task_init(&t);
	ck_assert_msg(load_finish("expression: x\ndomain: {x: [0, 1]}\n"
	    "points: 33\nrule: tanh-sinh\n") == 0, "%s", cause);
	ck_assert_uint_eq(t.axis[0].nodes, 33);
}
END_TEST

/*
 * The schema and the language against their documentation: every key of
 * the table is an item of pint-task(5)'s Keys section and every item
 * there is a key; every built-in function is an item of its list.
 */
static char *
man_task_page(size_t *len)
{
	const char	*dir;
	char		*path, *buf;
	FILE		*fp;

	if ((dir = getenv("srcdir")) != NULL && *dir != '\0')
		xasprintf(&path, "%s/man/pint-task.5", dir);
	else if ((dir = getenv("PINT_TEST_FIXTURES")) != NULL)
		xasprintf(&path, "%s/../../man/pint-task.5", dir);
	else
		path = xstrdup("man/pint-task.5");
	fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	buf = xmalloc(1 << 20);
	*len = fread(buf, 1, (1 << 20) - 1, fp);
	buf[*len] = '\0';
	fclose(fp);
	free(path);
	return buf;
}

/* Whether word is one of the words of an ".It Li" line. */
static int
man_lists(char *page, const char *macro, const char *word)
{
	char	*line, *save = NULL, *copy = xstrdup(page), *w, *save2;
	int	 found = 0;

	for (line = strtok_r(copy, "\n", &save); line != NULL && !found;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, macro, strlen(macro)) != 0)
			continue;
		for (w = strtok_r(line + strlen(macro), " ,", &save2);
		    w != NULL; w = strtok_r(NULL, " ,", &save2)) {
			if (strcmp(w, ":") == 0)
				break;
			if (strcmp(w, word) == 0)
				found = 1;
		}
	}
	free(copy);
	return found;
}

START_TEST(test_schema_documented)
{
	const char	*key, *alias;
	char		*page, *keys, *end, *line, *save = NULL, *w, *save2;
	size_t		 len, i, n = 0;
	int		 known;

	page = man_task_page(&len);
	for (i = 0; (key = task_schema_key(i, &alias)) != NULL; i++) {
		ck_assert_msg(man_lists(page, ".It Ic ", key),
		    "pint-task(5) has no item for the key %s", key);
		if (alias != NULL)
			ck_assert_ptr_nonnull(strstr(page, key));
		n++;
	}
	ck_assert_uint_ge(n, 16);
	for (i = 0; i < EXPR_NBUILTINS; i++) {
		ck_assert_msg(man_lists(page, ".It Li ", expr_builtins[i].name),
		    "pint-task(5) does not list the function %s",
		    expr_builtins[i].name);
	}

	/* Every item of the Keys section is a key of the table. */
	keys = strstr(page, "\n.Ss Keys\n");
	ck_assert_ptr_nonnull(keys);
	keys += 1;
	if ((end = strstr(keys + 1, "\n.Ss ")) != NULL)
		*end = '\0';
	for (line = strtok_r(keys, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, ".It Ic ", 7) != 0)
			continue;
		for (w = strtok_r(line + 7, " ,", &save2); w != NULL &&
		    strcmp(w, ":") != 0; w = strtok_r(NULL, " ,", &save2)) {
			known = 0;
			for (i = 0; (key = task_schema_key(i, NULL)) != NULL;
			    i++)
				known |= strcmp(key, w) == 0;
			ck_assert_msg(known, "pint-task(5) documents %s, "
			    "which is not a key", w);
		}
	}
	free(page);
}
END_TEST

Suite *
make_task_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("task");

	tc = tcase_create("load");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_full_yaml);
	tcase_add_test(tc, test_block_style);
	tcase_add_test(tc, test_flat_json);
	tcase_add_test(tc, test_json_tabs_compact);
	tcase_add_test(tc, test_per_axis_grid);
	tcase_add_test(tc, test_constants);
	tcase_add_test(tc, test_strings_kept_verbatim);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_errors, 0,
	    sizeof errors / sizeof errors[0]);
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_too_long_expression);
	tcase_add_test(tc, test_too_many_constants);
	tcase_add_test(tc, test_too_many_values);
	tcase_add_test(tc, test_error_changes_nothing);
	suite_add_tcase(s, tc);

	tc = tcase_create("limits");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_deep_nesting_fast);
	tcase_add_test(tc, test_grid_limits);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_load_fixtures);
	tcase_add_test(tc, test_load_missing);
	tcase_add_test(tc, test_load_errors_name_file);
	tcase_add_test(tc, test_load_too_large);
	tcase_add_test(tc, test_load_stdin);
	suite_add_tcase(s, tc);

	tc = tcase_create("command line");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_cli_only);
	tcase_add_test(tc, test_cli_step_before_domain);
	tcase_add_test(tc, test_cli_after_file);
	tcase_add_test(tc, test_cli_before_file);
	tcase_add_test(tc, test_merge_every_key);
	tcase_add_test(tc, test_cli_bad_file_still_error);
	tcase_add_test(tc, test_cli_errors);
	tcase_add_test(tc, test_cli_finish_errors);
	suite_add_tcase(s, tc);

	tc = tcase_create("grid");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_grid_rules);
	tcase_add_test(tc, test_names_and_where);
	tcase_add_test(tc, test_gauss_and_tanh_sinh_grids);
	suite_add_tcase(s, tc);

	tc = tcase_create("schema");
	tcase_add_test(tc, test_schema_documented);
	suite_add_tcase(s, tc);

	return s;
}
