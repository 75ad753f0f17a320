/* plan: the task merged from a file and options, -j defaults, refusals. */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plan.h"
#include "suites.h"

/* cli_parse then plan_make; the status of plan_make, cause in *cause. */
static int
make(struct plan *pl, char **cause, const char *first, ...)
{
	struct cli_opts	 o;
	char		*argv[32];
	int		 argc = 0;
	va_list		 ap;
	const char	*a;

	argv[argc++] = (char *)"pint";
	va_start(ap, first);
	for (a = first; a != NULL; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	*cause = NULL;
	ck_assert_int_eq(cli_parse(&o, argc, argv, cause), 0);
	return plan_make(pl, &o, cause);
}

START_TEST(inline_task_and_defaults)
{
	struct plan	 pl;
	char		*cause;

	unsetenv("PINT_JOBS");
	ck_assert_int_eq(make(&pl, &cause, "-e", "x*y", "-d", "x=0:1", "-d",
	    "y=0:2", "-n", "11", "-r", "trapezoid", "-q", NULL), 0);
	ck_assert_int_eq(pl.task.dims, 2);
	ck_assert_uint_eq(pl.task.points, 121);
	ck_assert_int_eq(pl.task.rule, RULE_TRAPEZOID);
	ck_assert_uint_eq(pl.grid.points, 121);
	ck_assert_ptr_nonnull(pl.engine_note);
	ck_assert_int_eq(pl.njobs, 1);
	ck_assert_int_eq(pl.jobs[0], pl.cpus.usable);
	ck_assert_str_eq(pl.jobs_source, pl.cpus.source);
	ck_assert_int_eq(pl.run.format, FORMAT_TEXT);
	ck_assert_int_eq(pl.run.header, 1);
	ck_assert_int_eq(pl.run.repeat, 1);
	ck_assert_int_eq(plan_runs(&pl), 1);
	plan_free(&pl);

	setenv("PINT_JOBS", "1,2", 1);
	ck_assert_int_eq(make(&pl, &cause, "-e", "x", "-d", "x=0:1", "-s",
	    "0.1", "-f", "csv", "--no-header", NULL), 0);
	ck_assert_int_eq(pl.njobs, 2);
	ck_assert_str_eq(pl.jobs_source, "PINT_JOBS");
	ck_assert_int_eq(pl.run.header, 0);
	ck_assert_uint_eq(pl.task.points, 10);
	plan_free(&pl);

	setenv("PINT_JOBS", "x", 1);
	ck_assert_int_eq(make(&pl, &cause, "-e", "x", "-d", "x=0:1", "-s",
	    "0.1", NULL), 2);
	ck_assert_str_eq(cause, "PINT_JOBS: expected a count, a list 1,2,4 "
	    "or a range 1-8, got 'x'");
	free(cause);
	plan_free(&pl);
	unsetenv("PINT_JOBS");
}
END_TEST

START_TEST(file_overridden_by_options)
{
	struct plan	 pl;
	char		 path[] = "/tmp/pint-plan.XXXXXX";
	char		*cause;
	int		 fd;
	static const char yaml[] = "expression: x\ndomain: {x: [0, 1]}\n"
	    "points: 5\nrule: simpson\n";

	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, yaml, sizeof yaml - 1), sizeof yaml - 1);
	close(fd);
	ck_assert_int_eq(make(&pl, &cause, "-j", "1", "-n", "9", "-c", path,
	    "-e", "2*x", NULL), 0);
	ck_assert_uint_eq(pl.task.points, 9);
	ck_assert_str_eq(pl.task.expression, "2*x");
	ck_assert_int_eq(pl.task.rule, RULE_SIMPSON);
	ck_assert_str_eq(pl.jobs_source, "option");
	plan_free(&pl);
	unlink(path);
}
END_TEST

static void
refused(const char *want, const char *a1, const char *a2, const char *a3)
{
	struct plan	 pl;
	char		*cause;

	ck_assert_int_eq(make(&pl, &cause, "-e", "x", "-d", "x=0:1", "-n",
	    "3", a1, a2, a3, NULL), 2);
	ck_assert_msg(cause != NULL && strstr(cause, want) != NULL, "%s: %s",
	    a1, cause ? cause : "(no cause)");
	free(cause);
	plan_free(&pl);
}

START_TEST(refusals)
{
	struct plan	 pl;
	char		*cause;

	ck_assert_int_eq(make(&pl, &cause, "-j", "2", NULL), 2);
	ck_assert_ptr_nonnull(strstr(cause, "no task"));
	free(cause);
	plan_free(&pl);
	refused("not supported", "-j", "100000", "--force");
	refused("use --force", "-j", "1000", NULL);
	refused("-o /dev/null: not a directory", "-o", "/dev/null", NULL);
	refused("-o /no/such/dir: No such file or directory", "-o",
	    "/no/such/dir", NULL);
	refused("-o: empty directory name", "-o", "", NULL);
	refused("--samples /tmp: is a directory", "--samples", "/tmp", NULL);
	refused("-e: ", "-e", "x+", NULL);
	refused("--samples /no/such/dir/s.csv", "--samples",
	    "/no/such/dir/s.csv", NULL);
}
END_TEST

Suite *
make_plan_suite(void)
{
	Suite	*s = suite_create("plan");
	TCase	*tc = tcase_create("plan");

	tcase_add_test(tc, inline_task_and_defaults);
	tcase_add_test(tc, file_overridden_by_options);
	tcase_add_test(tc, refusals);
	suite_add_tcase(s, tc);
	return s;
}
