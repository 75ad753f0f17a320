/* cli: -j values, options, option errors as causes. */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "suites.h"

START_TEST(jobs_forms)
{
	int	 v[CLI_MAXSWEEP], n;
	char	*cause = NULL;

	ck_assert_int_eq(cli_parse_jobs("-j", "8", v, CLI_MAXSWEEP, &n, &cause), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(v[0], 8);
	ck_assert_int_eq(cli_parse_jobs("-j", "1,2,4", v, CLI_MAXSWEEP, &n, &cause),
	    0);
	ck_assert_int_eq(n, 3);
	ck_assert_int_eq(v[2], 4);
	ck_assert_int_eq(cli_parse_jobs("-j", "1-4,8", v, CLI_MAXSWEEP, &n, &cause),
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

	ck_assert_msg(cli_parse_jobs("-j", s, v, CLI_MAXSWEEP, &n, &cause) == -1,
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
	jobs_bad("99999999999999999999", "too large");
	jobs_bad("99999999999", "too large");
	jobs_bad("1-99999999999", "too large");
	jobs_bad("1-100", "too many values");
}
END_TEST

static int
parse(struct cli_opts *o, char **cause, const char *first, ...)
{
	char	*argv[32];
	int	 argc = 0;
	va_list	 ap;
	const char *a;

	argv[argc++] = (char *)"pint";
	va_start(ap, first);
	for (a = first; a != NULL; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	va_end(ap);
	argv[argc] = NULL;
	*cause = NULL;
	return cli_parse(o, argc, argv, cause);
}

START_TEST(options_and_defaults)
{
	struct cli_opts	 o;
	char		*cause;

	ck_assert_int_eq(parse(&o, &cause, "-e", "x*y", "-d", "x=0:1", "-d",
	    "y=0:2", "-n", "11", "-r", "trapezoid", "-q", NULL), 0);
	ck_assert_int_eq(o.action, CLI_RUN);
	ck_assert_str_eq(o.expr, "x*y");
	ck_assert_int_eq(o.ndomains, 2);
	ck_assert_str_eq(o.domains[1], "y=0:2");
	ck_assert_int_eq(o.have_points, 1);
	ck_assert_uint_eq(o.points, 11);
	ck_assert_str_eq(o.rule, "trapezoid");
	ck_assert_int_eq(o.run.quiet, 1);
	ck_assert_int_eq(o.run.progress, 0);
	ck_assert_int_eq(o.njobs, 0);
	ck_assert_int_eq(o.run.format, FORMAT_TEXT);
	ck_assert_int_eq(o.run.header, 1);
	ck_assert_int_eq(o.run.repeat, 1);
	ck_assert_int_eq(o.run.max_restarts, -1);

	ck_assert_int_eq(parse(&o, &cause, "-j", "1-3", "-f", "csv",
	    "--no-header", "--inject-faults", "0.1,18446744073709551615",
	    "-o", "dir", "--samples", "s.csv", NULL), 0);
	ck_assert_int_eq(o.njobs, 3);
	ck_assert_int_eq(o.jobs[2], 3);
	ck_assert_int_eq(o.run.format, FORMAT_CSV);
	ck_assert_int_eq(o.run.header, 0);
	ck_assert(o.run.fault_seed == UINT64_MAX);
	ck_assert_str_eq(o.run.outdir, "dir");
	ck_assert_str_eq(o.run.samples, "s.csv");
}
END_TEST

static void
usage_bad(const char *want, const char *a1, const char *a2, const char *a3)
{
	struct cli_opts	 o;
	char		*cause;

	ck_assert_int_eq(parse(&o, &cause, a1, a2, a3, NULL), -1);
	ck_assert_msg(cause != NULL && strstr(cause, want) != NULL,
	    "%s: %s", a1, cause ? cause : "(no cause)");
	ck_assert_msg(strchr(cause, '\n') == NULL, "two lines: %s", cause);
	free(cause);
}

START_TEST(usage_errors)
{
	struct cli_opts	 o;
	char		*cause;

	usage_bad("unknown option '--nope'", "--nope", NULL, NULL);
	usage_bad("unknown option '-Z'", "-Z", NULL, NULL);
	usage_bad("needs an argument", "-j", NULL, NULL);
	ck_assert_int_eq(parse(&o, &cause, "-s", "1", "-n", "3", NULL), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not both"));
	free(cause);
	usage_bad("-f: expected text", "-f", "xml", NULL);
	usage_bad("--repeat: expected a whole number", "--repeat", "0", NULL);
	usage_bad("--hang-timeout", "--hang-timeout", "0", NULL);
	usage_bad("--inject-faults: rate", "--inject-faults", "0.9", NULL);
	usage_bad("unexpected argument 'extra'", "-q", "extra", NULL);
	usage_bad("-j: job counts must be 1 or more", "-j", "0", NULL);

	/* -V and -h stop the parse; what follows is not read. */
	ck_assert_int_eq(parse(&o, &cause, "-V", "--nope", NULL), 0);
	ck_assert_int_eq(o.action, CLI_VERSION);
	ck_assert_int_eq(parse(&o, &cause, "-h", NULL), 0);
	ck_assert_int_eq(o.action, CLI_HELP);
}
END_TEST

/*
 * The subcommands' table: every row can be dispatched, listed on one line
 * of -h and completed; cli_command_args names only options that exist.
 */
START_TEST(commands_table)
{
	const struct cli_command	*c;
	const struct cli_arg		*a;
	const struct option		*lo;

	for (c = cli_commands; c->name != NULL; c++) {
		ck_assert_msg(c->name[0] != '-' && c->name[0] != '\0',
		    "command '%s'", c->name);
		ck_assert_ptr_eq(cli_command_find(c->name), c);
		ck_assert_msg(c->summary != NULL &&
		    strchr(c->summary, '\n') == NULL, "%s: summary", c->name);
		ck_assert_msg(c->longopts != NULL && c->shortopts != NULL &&
		    c->main != NULL, "%s: incomplete row", c->name);
	}
	ck_assert_ptr_null(cli_command_find("nope"));
	ck_assert_ptr_null(cli_command_find("-j"));
	for (a = cli_command_args; a->command != NULL; a++) {
		ck_assert_msg((c = cli_command_find(a->command)) != NULL,
		    "cli_command_args: no command '%s'", a->command);
		for (lo = c->longopts; lo->name != NULL; lo++)
			if (strcmp(lo->name, a->name) == 0)
				break;
		ck_assert_msg(lo->name != NULL && lo->has_arg != no_argument,
		    "cli_command_args: %s has no option --%s with an "
		    "argument", a->command, a->name);
	}
}
END_TEST

Suite *
make_cli_suite(void)
{
	Suite	*s = suite_create("cli");
	TCase	*tc = tcase_create("options");

	tcase_add_test(tc, jobs_forms);
	tcase_add_test(tc, jobs_errors);
	tcase_add_test(tc, options_and_defaults);
	tcase_add_test(tc, usage_errors);
	tcase_add_test(tc, commands_table);
	suite_add_tcase(s, tc);
	return s;
}
