/*
 * complete: the -j suggestions, the option table the scripts are made
 * from, and a subcommand's options completed by a real bash from a table
 * made up here (the shell tests cover the commands pint has).
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "complete.h"
#include "suites.h"

static char *
jobs(int usable)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	complete_jobs(fp, usable);
	fclose(fp);
	return buf;
}

static void
jobs_are(int usable, const char *want)
{
	char	*got = jobs(usable);

	ck_assert_msg(strcmp(got, want) == 0, "%d CPUs: got [%s], want [%s]",
	    usable, got, want);
	free(got);
}

START_TEST(jobs_offered)
{
	jobs_are(1, "1\n");
	jobs_are(2, "2\n1,2\n");
	jobs_are(3, "3\n1,2,3\n");
	jobs_are(4, "4\n1,2,4\n1-4\n");
	jobs_are(6, "6\n1,2,4,6\n1-6\n");
	jobs_are(8, "8\n1,2,4,8\n1-8\n");
	jobs_are(CLI_MAXSWEEP, "64\n1,2,4,8,16,32,64\n1-64\n");
	/* Beyond one sweep's values the range would be refused by -j. */
	jobs_are(96, "96\n1,2,4,8,16,32,64,96\n");
}
END_TEST

/*
 * The table the scripts and getopt share: names and letters unique,
 * a metavar exactly for options with an argument, and values the
 * scripts can print bare (plain words).
 */
START_TEST(options_table)
{
	const struct cli_option	*a, *b;
	const char *const	*v;

	for (a = cli_options; a->name != NULL; a++) {
		ck_assert_msg(a->help != NULL && *a->help != '\0', "--%s: no help",
		    a->name);
		ck_assert_msg((a->metavar != NULL) == (a->kind != CLI_ARG_NONE),
		    "--%s: metavar and argument disagree", a->name);
		ck_assert_msg((a->kind == CLI_ARG_CHOICE) <= (a->values != NULL),
		    "--%s: a choice of nothing", a->name);
		for (b = cli_options; b < a; b++) {
			ck_assert_msg(strcmp(a->name, b->name) != 0, "--%s twice",
			    a->name);
			ck_assert_msg(a->val != b->val, "--%s and --%s: one value",
			    a->name, b->name);
		}
		for (v = a->values; v != NULL && *v != NULL; v++)
			ck_assert_msg(**v != '\0' && strspn(*v,
			    "abcdefghijklmnopqrstuvwxyz0123456789.-") ==
			    strlen(*v), "--%s: value '%s'", a->name, *v);
	}
}
END_TEST

static int demo_main(int argc, char **argv) { (void)argc; (void)argv; return 0; }

static const struct option demo_longopts[] = {
	{ "alpha",	required_argument,	NULL, 'a' },
	{ "plot",	required_argument,	NULL, 300 },
	{ "verbose",	no_argument,		NULL, 'v' },
	{ "label",	optional_argument,	NULL, 301 },
	{ NULL,		0,			NULL, 0 }
};
static const char *const demo_alphas[] = { "one", "two", NULL };
static const char *const demo_plots[] = { ".svg", NULL };
static const struct cli_command demo_commands[] = {
	{ "demo", "made up: it's a test", demo_longopts, "a:vx:", demo_main },
	{ NULL, NULL, NULL, NULL, NULL }
};
static const struct cli_arg demo_args[] = {
	{ "demo", "alpha", CLI_ARG_CHOICE, demo_alphas },
	{ "demo", "plot", CLI_ARG_FILE, demo_plots },
	{ NULL, NULL, CLI_ARG_NONE, NULL }
};

/*
 * What the bash script in dir/pint.bash offers for "pint words", run in
 * dir: the words sorted, each followed by a space.
 */
static char *
bash_offers(const char *dir, const char *words)
{
	char	 cmd[1024], *buf = calloc(1, 4096);
	FILE	*p;
	size_t	 n;

	ck_assert_ptr_nonnull(buf);
	snprintf(cmd, sizeof cmd, "cd %s && bash --norc --noprofile -c '"
	    ". ./pint.bash; COMP_WORDS=(pint %s); "
	    "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _pint; "
	    "for w in \"${COMPREPLY[@]}\"; do echo \"$w\"; done' | "
	    "LC_ALL=C sort | "
	    "tr '\\n' ' '", dir, words);
	ck_assert_ptr_nonnull(p = popen(cmd, "r"));
	n = fread(buf, 1, 4095, p);
	buf[n] = '\0';
	ck_assert_int_eq(pclose(p), 0);
	return buf;
}

static void
offers(const char *dir, const char *words, const char *want)
{
	char	*got = bash_offers(dir, words);

	ck_assert_msg(strcmp(got, want) == 0, "pint %s: got [%s], want [%s]",
	    words, got, want);
	free(got);
}

static char *
script(void (*write)(FILE *, const struct cli_command *,
    const struct cli_arg *))
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	write(fp, demo_commands, demo_args);
	fclose(fp);
	return buf;
}

/*
 * A subcommand's long options with the short letters getopt gives them,
 * its short-only options, its arguments as cli_arg says (a file when it
 * says nothing), files for its operands; pint's own options before it.
 */
START_TEST(subcommand_bash)
{
	char	 dir[] = "/tmp/check_complete.XXXXXX", path[64], *text;
	FILE	*fp;
	static const char *const files[] = { "a.svg", "b.png", "pint.bash" };
	size_t	 i;

	if (access("/bin/bash", X_OK) != 0)
		return;		/* the shell tests say bash is missing */
	ck_assert_ptr_nonnull(mkdtemp(dir));
	for (i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		ck_assert_ptr_nonnull(fp = fopen(path, "w"));
		if (i == 2) {
			text = script(complete_bash);
			fputs(text, fp);
			free(text);
		}
		ck_assert_int_eq(fclose(fp), 0);
	}
	offers(dir, "d", "demo ");
	offers(dir, "-q d", "");
	offers(dir, "demo -", "--alpha --label --plot --verbose -a -v -x ");
	offers(dir, "demo --alpha \"\"", "one two ");
	offers(dir, "demo -a t", "two ");
	offers(dir, "demo --plot \"\"", "a.svg ");
	offers(dir, "demo -x \"\"", "a.svg b.png pint.bash ");
	offers(dir, "demo --label \"\"", "a.svg b.png pint.bash ");
	offers(dir, "demo -v a", "a.svg ");
	offers(dir, "-r mid", "midpoint ");
	for (i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}
END_TEST

/* The zsh script: the subcommand's specs and its one-line summary. */
START_TEST(subcommand_zsh)
{
	char	*text = script(complete_zsh);

	ck_assert_ptr_nonnull(strstr(text, "cmds=('demo:made up: it'\\''s a "
	    "test')"));
	ck_assert_ptr_nonnull(strstr(text, "'*-a+:alpha:( one two )'"));
	ck_assert_ptr_nonnull(strstr(text, "'*--alpha=:alpha:( one two )'"));
	ck_assert_ptr_nonnull(strstr(text, "'*--plot=:plot:_pint_files .svg'"));
	ck_assert_ptr_nonnull(strstr(text, "'(-v --verbose)--verbose'"));
	ck_assert_ptr_nonnull(strstr(text, "'*-x+:x:_pint_files'"));
	ck_assert_ptr_nonnull(strstr(text, "'--label'"));
	ck_assert_ptr_nonnull(strstr(text, "'*:file:_files'"));
	free(text);
}
END_TEST

Suite *
make_complete_suite(void)
{
	Suite	*s = suite_create("complete");
	TCase	*tc = tcase_create("scripts");

	tcase_add_test(tc, jobs_offered);
	tcase_add_test(tc, options_table);
	tcase_add_test(tc, subcommand_bash);
	tcase_add_test(tc, subcommand_zsh);
	suite_add_tcase(s, tc);
	return s;
}
