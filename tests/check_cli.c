/* cli: -j values, option errors, overrides of a task file. */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "suites.h"

START_TEST(jobs_forms)
{
	int	 v[CLI_MAXSWEEP], n;
	char	*cause = NULL;

	ck_assert_int_eq(cli_parse_jobs("8", v, CLI_MAXSWEEP, &n, &cause), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(v[0], 8);
	ck_assert_int_eq(cli_parse_jobs("1,2,4", v, CLI_MAXSWEEP, &n, &cause),
	    0);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(v[2], 4);
	ck_assert_int_eq(cli_parse_jobs("1-4,8", v, CLI_MAXSWEEP, &n, &cause),
	    0);
	ck_assert_int_eq(n, 5);
	ck_assert_int_eq(v[3], 4);
	ck_assert_int_eq(v[4], 8);
}
END_TEST

static void
jobs_bad(const char *s, const char *want)
{
	int	 v[CLI_MAXSWEEP], n;
	char	*cause = NULL;

	ck_assert_msg(cli_parse_jobs(s, v, CLI_MAXSWEEP, &n, &cause) == -1,
	    "accepted %s", s);
	ck_assert_msg(strstr(cause, want) != NULL, "%s: %s", s, cause);
	free(cause);
}

START_TEST(jobs_errors)
{
	jobs_bad("", "expected a count");
	jobs_bad("0", "1 or more");
	jobs_bad("-1", "expected a count");
	jobs_bad("4-2", "expected a count");
	jobs_bad("1,", "expected a count");
	jobs_bad(",1", "expected a count");
	jobs_bad("1,,2", "expected a count");
	jobs_bad("2x", "expected a count");
	jobs_bad("99999999999999999999", "1 or more");
	jobs_bad("1-100", "too many values");
}
END_TEST

static int
parse(struct plan *pl, const char *first, ...)
{
	char	*argv[32];
	int	 argc = 0, rv;
	va_list	 ap;
	const char *a;

	argv[argc++] = (char *)"pint";
	va_start(ap, first);
	for (a = first; a != NULL; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	rv = cli_parse(pl, argc, argv);
	return rv;
}

START_TEST(inline_task_and_defaults)
{
	struct plan	 pl;

	unsetenv("PINT_JOBS");
	ck_assert_int_eq(parse(&pl, "-e", "x*y", "-d", "x=0:1", "-d", "y=0:2",
	    "-n", "11", "-r", "trapezoid", "-q", NULL), 0);
	ck_assert_int_eq(pl.task.dims, 2);
	ck_assert_uint_eq(pl.task.points, 121);
	ck_assert_int_eq(pl.task.rule, RULE_TRAPEZOID);
	ck_assert_int_eq(pl.njobs, 1);
	ck_assert_int_eq(pl.jobs[0], pl.cpus.usable);
	ck_assert_str_eq(pl.jobs_source, pl.cpus.source);
	ck_assert_int_eq(pl.format, FORMAT_TEXT);
	ck_assert_int_eq(pl.header, 1);
	ck_assert_int_eq(pl.repeat, 1);
	cli_free(&pl);

	setenv("PINT_JOBS", "1,2", 1);
	ck_assert_int_eq(parse(&pl, "-e", "x", "-d", "x=0:1", "-s", "0.1",
	    "-f", "csv", "--no-header", NULL), 0);
	ck_assert_int_eq(pl.njobs, 2);
	ck_assert_str_eq(pl.jobs_source, "PINT_JOBS");
	ck_assert_int_eq(pl.header, 0);
	ck_assert_uint_eq(pl.task.points, 10);
	cli_free(&pl);
	unsetenv("PINT_JOBS");
}
END_TEST

START_TEST(file_overridden_by_options)
{
	struct plan	 pl;
	char		 path[] = "/tmp/pint-cli.XXXXXX";
	int		 fd;
	static const char yaml[] = "expression: x\ndomain: {x: [0, 1]}\n"
	    "points: 5\nrule: simpson\n";

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, yaml, sizeof yaml - 1), sizeof yaml - 1);
	close(fd);
	ck_assert_int_eq(parse(&pl, "-j", "1", "-n", "9", "-c", path,
	    "-e", "2*x", NULL), 0);
	ck_assert_uint_eq(pl.task.points, 9);
	ck_assert_str_eq(pl.task.expression, "2*x");
	ck_assert_int_eq(pl.task.rule, RULE_SIMPSON);
	cli_free(&pl);
	unlink(path);
}
END_TEST

START_TEST(usage_errors)
{
	struct plan	 pl;

	ck_assert_int_eq(parse(&pl, "--nope", NULL), 2);
	cli_free(&pl);
	ck_assert_int_eq(parse(&pl, "-j", "2", NULL), 2);
	cli_free(&pl);
	ck_assert_int_eq(parse(&pl, "-e", "x", "-d", "x=0:1", "-s", "1",
	    "-n", "3", NULL), 2);
	cli_free(&pl);
	ck_assert_int_eq(parse(&pl, "-e", "x", "-d", "x=0:1", "-n", "3",
	    "-j", "100000", "--force", NULL), 2);
	cli_free(&pl);
	ck_assert_int_eq(parse(&pl, "-V", NULL), -1);
	cli_free(&pl);
}
END_TEST

Suite *
make_cli_suite(void)
{
	Suite	*s = suite_create("cli");
	TCase	*tc = tcase_create("options");

	tcase_add_test(tc, jobs_forms);
	tcase_add_test(tc, jobs_errors);
	tcase_add_test(tc, inline_task_and_defaults);
	tcase_add_test(tc, file_overridden_by_options);
	tcase_add_test(tc, usage_errors);
	suite_add_tcase(s, tc);
	return s;
}
