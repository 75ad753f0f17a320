/*
 * cli: argv to options. What argv alone can show wrong (an unknown option,
 * a number out of range) is a cause returned to the caller; everything
 * that needs a file, the environment or the machine is plan's.
 */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "fit.h"
#include "sampler.h"
#include "util.h"

#define CLI_HELPCOL	26	/* where -h's option texts start */

enum {
	OPT_NOHEADER = 256,
	OPT_SAMPLES,
	OPT_INTERVAL,
	OPT_REPEAT,
	OPT_WARMUP,
	OPT_PIN,
	OPT_FAULTS,
	OPT_ENGINE,
	OPT_MAXRESTARTS,
	OPT_HANG,
	OPT_FORCE,
	OPT_PROGRESS,
	OPT_NOPROGRESS,
	OPT_CHECKPOINT,
	OPT_TOL,
	OPT_ATOL,
	OPT_MAXPOINTS,
	OPT_SUMMARY,
	OPT_MINTIME,
	OPT_EXPORT_JSON,
	OPT_EXPORT_CSV,
	OPT_EXPORT_MARKDOWN,
	OPT_PLOT,
	OPT_LABEL,
	OPT_EXAMPLE,
	OPT_MPI,
	OPT_COMPLETION,
};

static const char *const cli_formats[] = {
	[FORMAT_TEXT] = "text", [FORMAT_JSON] = "json",
	[FORMAT_CSV] = "csv", [FORMAT_YAML] = "yaml", NULL
};
static const char *const cli_task_files[] = { ".yaml", ".yml", ".json", "-",
	NULL };
static const char *const cli_json_files[] = { ".json", NULL };
static const char *const cli_csv_files[] = { ".csv", NULL };
static const char *const cli_md_files[] = { ".md", NULL };
static const char *const cli_plot_files[] = { ".png", ".svg", NULL };
static const char *const cli_completions[] = { "bash", "zsh", "jobs", NULL };

#define FLAG		CLI_ARG_NONE, NULL, NULL
#define TEXT(m)		CLI_ARG_TEXT, NULL, m
#define FILES(v, m)	CLI_ARG_FILE, v, m
#define CHOICE(v, m)	CLI_ARG_CHOICE, v, m

/*
 * The options in the order -h lists them: getopt's long and short
 * options, the lines of -h and the shell completion (complete.c) are all
 * made from this table.
 */
const struct cli_option cli_options[] = {
	{ "jobs", 'j', CLI_ARG_JOBS, NULL, "JOBS",
	  "workers: a count, a list 1,2,4 or a range 1-8\n"
	  "(a list or range runs a scaling sweep)" },
	{ "config", 'c', FILES(cli_task_files, "TASK"),
	  "task file (YAML or JSON); - reads standard input" },
	{ "expr", 'e', TEXT("EXPR"),
	  "expression in muParser syntax, variables x, y, z" },
	{ "domain", 'd', TEXT("VAR=A:B"),
	  "bounds of axis x, y or z (repeat per axis)" },
	{ "step", 's', TEXT("STEP"), "grid step on every axis" },
	{ "points", 'n', TEXT("POINTS"), "grid points on every axis" },
	{ "rule", 'r', CHOICE(quad_rule_names, "RULE"), "quadrature rule:" },
	{ "tol", OPT_TOL, TEXT("REL"),
	  "refine the grid until the error estimate is\n"
	  "below REL x |integral| (or --atol ABS)" },
	{ "atol", OPT_ATOL, TEXT("ABS"), "absolute tolerance" },
	{ "max-points", OPT_MAXPOINTS, TEXT("N"),
	  "points evaluated at most with a tolerance" },
	{ "format", 'f', CHOICE(cli_formats, "FORMAT"),
	  "text, json, csv or yaml" },
	{ "no-header", OPT_NOHEADER, FLAG, "no CSV header line" },
	{ "output", 'o', CLI_ARG_DIR, NULL, "DIR",
	  "also write DIR/result.txt and DIR/benchmark.json" },
	{ "samples", OPT_SAMPLES, FILES(cli_csv_files, "FILE"),
	  "write the sampler's time series as CSV" },
	{ "interval", OPT_INTERVAL, TEXT("MS"),
	  "sampling interval (default 100)" },
	{ "repeat", OPT_REPEAT, TEXT("N"),
	  "run each -j value N times (mean, sd, min, median,\nmax)" },
	{ "min-time", OPT_MINTIME, TEXT("S"),
	  "repeat each -j value until S seconds of wall time\n"
	  "are measured (at least --repeat runs)" },
	{ "warmup", OPT_WARMUP, TEXT("N"),
	  "N unreported runs of every -j value before the\nmeasured ones" },
	{ "pin", OPT_PIN, FLAG, "pin worker i to the i-th usable CPU" },
	{ "inject-faults", OPT_FAULTS, TEXT("RATE[,SEED]"),
	  "make workers die or fail chunks at random" },
	{ "engine", OPT_ENGINE, CHOICE(task_engines, "ENGINE"),
	  "auto, muparser or vector" },
	{ "max-restarts", OPT_MAXRESTARTS, TEXT("N"),
	  "worker deaths tolerated (default 16 + 2 x jobs)" },
	{ "hang-timeout", OPT_HANG, TEXT("S"),
	  "a chunk held this long is hung (default 10)" },
	{ "force", OPT_FORCE, FLAG, "allow -j beyond 4 x the usable CPUs" },
	{ "progress", OPT_PROGRESS, FLAG,
	  "progress bar on stderr even when not a terminal" },
	{ "no-progress", OPT_NOPROGRESS, FLAG, "no progress bar" },
	{ "summary", OPT_SUMMARY, FLAG, "CSV: one row per -j value, not per run" },
	{ "export-json", OPT_EXPORT_JSON, FILES(cli_json_files, "FILE"),
	  "also write the JSON report to FILE" },
	{ "export-csv", OPT_EXPORT_CSV, FILES(cli_csv_files, "FILE"),
	  "also write the CSV report to FILE" },
	{ "export-markdown", OPT_EXPORT_MARKDOWN, FILES(cli_md_files, "FILE"),
	  "also write a Markdown table to FILE" },
	{ "plot", OPT_PLOT, FILES(cli_plot_files, "FILE"),
	  "draw a sweep's speedup and efficiency (.png or\n.svg; needs gnuplot)" },
	{ "label", OPT_LABEL, TEXT("NAME"),
	  "name the runs in the report, for pint compare" },
	{ "example", OPT_EXAMPLE, CLI_ARG_EXAMPLE, NULL, "NAME",
	  "print a bundled task (gauss-2d, line-1d, ...)" },
	{ "checkpoint", OPT_CHECKPOINT, FILES(NULL, "FILE"),
	  "journal finished chunks in FILE; run again with\n"
	  "the same FILE to resume after an interruption" },
	{ "mpi", OPT_MPI, FLAG,
	  "run as one rank of an MPI job (the default when\n"
	  "mpirun or srun --mpi=pmix started pint)" },
	{ "completion", OPT_COMPLETION, CHOICE(cli_completions, "SHELL"),
	  "print the bash or zsh completion script" },
	{ "quiet", 'q', FLAG, "no progress, no warnings" },
	{ "version", 'V', FLAG, "print the version" },
	{ "help", 'h', FLAG, "print this help" },
	{ NULL, 0, FLAG, NULL }
};

#undef FLAG
#undef TEXT
#undef FILES
#undef CHOICE

#define CLI_NOPTIONS	(sizeof cli_options / sizeof *cli_options - 1)

static const char usage_text[] =
"usage: pint [-j JOBS] [-c TASK] [-e EXPR] [-d VAR=A:B]... [-s STEP | -n POINTS]\n"
"            [-r RULE] [--tol REL] [--atol ABS] [--max-points N]\n"
"            [-f text|json|csv|yaml] [--no-header] [-o DIR]\n"
"            [--samples FILE] [--interval MS] [--repeat N] [--warmup N] [--pin]\n"
"            [--inject-faults RATE[,SEED]] [--engine auto|muparser|vector]\n"
"            [--max-restarts N] [--hang-timeout S] [--force]\n"
"            [--progress | --no-progress] [--checkpoint FILE] [--mpi]\n"
"            [--summary] [--min-time S] [--export-json FILE]\n"
"            [--export-csv FILE] [--export-markdown FILE]\n"
"            [--plot FILE.png|FILE.svg] [--label NAME] [-q] [-V] [-h]\n"
"            [--example NAME] [--completion bash|zsh]\n";

static const char help_head[] =
"\n"
"Integrate an expression over a box with N worker processes and report\n"
"what the workers bought on this machine.\n"
"\n";

static const char help_tail[] =
"\n"
"Exit status: 0 success, 1 run failed, 2 bad invocation or task,\n"
"3 out of resources, 128+N interrupted by signal N. See pint(1).\n";

/*
 * The subcommands, in the order -h lists them. Their options are theirs:
 * the main command's parse never sees them.
 */
const struct cli_command cli_commands[] = {
	{ "compare", "compare reports: scaling tables, A/B verdicts",
	    compare_longopts, compare_shortopts, compare_main },
	{ "check", "is this machine fit to benchmark? exit 0 fit, 1 not",
	    fit_longopts, fit_shortopts, fit_main },
	{ NULL, NULL, NULL, NULL, NULL }
};

static const char *const compare_formats[] = { "text", "json", "csv",
    "markdown", NULL };
static const char *const check_formats[] = { "text", "json", NULL };

const struct cli_arg cli_command_args[] = {
	{ "compare", "format", CLI_ARG_CHOICE, compare_formats },
	{ "compare", "alpha", CLI_ARG_TEXT, NULL },
	{ "compare", "plot", CLI_ARG_FILE, cli_plot_files },
	{ "check", "format", CLI_ARG_CHOICE, check_formats },
	{ NULL, NULL, CLI_ARG_NONE, NULL }
};

const struct cli_command *
cli_command_find(const char *name)
{
	const struct cli_command	*c;

	for (c = cli_commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

void
cli_usage(void *fp)
{
	const struct cli_command	*c;

	fputs(usage_text, fp);
	for (c = cli_commands; c->name != NULL; c++)
		fprintf(fp, "       pint %-11s %s (pint %s -h)\n", c->name,
		    c->summary, c->name);
}

/*
 * A choice's help ending in ':' is followed by its values, "a, b or c",
 * in lines of at most CLI_HELPWRAP columns.
 */
#define CLI_HELPWRAP	(79 - CLI_HELPCOL)

static void
cli_help_values(const struct cli_option *op, char *buf, size_t size)
{
	const char *const	*v;
	const char		*nl = strrchr(buf, '\n');
	size_t			 len = strlen(buf), line, w;

	if (op->kind != CLI_ARG_CHOICE || len == 0 || buf[len - 1] != ':')
		return;
	line = nl != NULL ? len - (size_t)(nl + 1 - buf) : len;
	for (v = op->values; *v != NULL && len < size; v++) {
		/* The value and what follows it: ",", " or" or nothing. */
		w = strlen(*v) + (v[1] == NULL ? 0 : v[2] == NULL ? 3 : 1);
		if (line + 1 + w > CLI_HELPWRAP)
			line = 0;
		len += (size_t)snprintf(buf + len, size - len, "%c%s%s",
		    line == 0 ? '\n' : ' ', *v, v[1] == NULL ? "" :
		    v[2] == NULL ? " or" : ",");
		line += w + (line != 0);
	}
}

/* "  -j, --jobs JOBS", then the help in a column of its own. */
static void
cli_help_option(FILE *fp, const struct cli_option *op)
{
	const char	*h, *nl;
	char		 buf[512];
	int		 n;

	if (op->val < 256)
		n = fprintf(fp, "  -%c, --%s", op->val, op->name);
	else
		n = fprintf(fp, "      --%s", op->name);
	if (op->metavar != NULL)
		n += fprintf(fp, " %s", op->metavar);
	if (n > CLI_HELPCOL - 2) {
		fputc('\n', fp);
		n = 0;
	}
	snprintf(buf, sizeof buf, "%s", op->help);
	cli_help_values(op, buf, sizeof buf);
	for (h = buf; *h != '\0'; h = *nl == '\0' ? nl : nl + 1) {
		nl = h + strcspn(h, "\n");
		fprintf(fp, "%*s%.*s\n", CLI_HELPCOL - n, "", (int)(nl - h), h);
		n = 0;
	}
}

void
cli_help(void *fp)
{
	const struct cli_option	*op;

	fputs(help_head, fp);
	for (op = cli_options; op->name != NULL; op++)
		cli_help_option(fp, op);
	fputs(help_tail, fp);
}

int
cli_parse_jobs(const char *what, const char *s, int *out, int max, int *n,
    char **cause)
{
	const char	*p = s;
	char		*end;
	long		 a, b, v;

	*n = 0;
	if (*s == '\0')
		goto bad;
	while (*p != '\0') {
		errno = 0;
		if (*p < '0' || *p > '9')
			goto bad;
		a = strtol(p, &end, 10);
		if (errno != 0 || a > INT_MAX)
			goto large;
		/* Not a count at all (0x2) before not a count of 1 or more. */
		if (*end != '\0' && *end != ',' && *end != '-')
			goto bad;
		if (a < 1)
			goto range;
		b = a;
		if (*end == '-') {
			p = end + 1;
			if (*p < '0' || *p > '9')
				goto bad;
			b = strtol(p, &end, 10);
			if (errno != 0 || b > INT_MAX)
				goto large;
			if (*end != '\0' && *end != ',')
				goto bad;
			if (b < 1)
				goto range;
			if (b < a)
				goto bad;
		}
		for (v = a; v <= b; v++) {
			int	 k;

			/*
			 * A count twice would be two rows of one -j in every
			 * table, samples file name and compare group: more
			 * runs of a count are --repeat's.
			 */
			for (k = 0; k < *n; k++) {
				if (out[k] != v)
					continue;
				xasprintf(cause, "%s: %ld is given twice in "
				    "'%s' (for more runs of a count, use "
				    "--repeat)", what, v, s);
				return -1;
			}
			if (*n == max) {
				xasprintf(cause, "%s: too many values in '%s' "
				    "(limit %d)", what, s, max);
				return -1;
			}
			out[(*n)++] = (int)v;
		}
		if (*end == ',')
			end++;
		else if (*end != '\0')
			goto bad;
		else
			break;
		p = end;
		if (*p == '\0')
			goto bad;
	}
	return 0;
bad:
	xasprintf(cause, "%s: expected a count, a list 1,2,4 or a range 1-8, "
	    "got '%s'", what, s);
	return -1;
range:
	xasprintf(cause, "%s: job counts must be 1 or more, got '%s'", what, s);
	return -1;
large:
	xasprintf(cause, "%s: job count too large in '%s'", what, s);
	return -1;
}

static int
cli_uint(const char *opt, const char *arg, uint64_t min, uint64_t max,
    uint64_t *out, char **cause)
{
	if (parse_u64(arg, out) != 0 || *out < min || *out > max) {
		xasprintf(cause, "%s: expected a whole number from %llu to "
		    "%llu, got '%s'", opt, (unsigned long long)min,
		    (unsigned long long)max, arg);
		return -1;
	}
	return 0;
}

static int
cli_faults(struct cli_opts *o, const char *arg, char **cause)
{
	char	*copy = xstrdup(arg), *comma;
	int	 rv = -1;

	if ((comma = strchr(copy, ',')) != NULL)
		*comma++ = '\0';
	if (parse_double(copy, &o->run.fault_rate) != 0 ||
	    o->run.fault_rate < 0 || o->run.fault_rate > 0.5) {
		xasprintf(cause, "--inject-faults: rate must be a number from "
		    "0 to 0.5, got '%s'", copy);
		goto out;
	}
	o->run.fault_seed = 1;
	if (comma != NULL && parse_u64(comma, &o->run.fault_seed) != 0) {
		xasprintf(cause, "--inject-faults: seed must be a whole number, "
		    "got '%s'", comma);
		goto out;
	}
	rv = 0;
out:
	free(copy);
	return rv;
}

/* The index of the word arg among the NULL-ended values, or -1 + cause. */
static int
cli_choice(const char *opt, const char *const *values, const char *arg,
    char **cause)
{
	size_t	 i;
	char	*list = NULL, *t;

	for (i = 0; values[i] != NULL; i++)
		if (strcmp(values[i], arg) == 0)
			return (int)i;
	for (i = 0; values[i] != NULL; i++) {
		xasprintf(&t, "%s%s%s", list != NULL ? list : "",
		    i == 0 ? "" : values[i + 1] == NULL ? " or " : ", ",
		    values[i]);
		free(list);
		list = t;
	}
	xasprintf(cause, "%s: expected %s, got '%s'", opt, list, arg);
	free(list);
	return -1;
}

static int
cli_format(struct cli_opts *o, const char *arg, char **cause)
{
	int	 i;

	if ((i = cli_choice("-f", cli_formats, arg, cause)) == -1)
		return -1;
	o->run.format = (enum format)i;
	return 0;
}

/* The options that describe the task. */
static int
cli_task_option(struct cli_opts *o, int ch, const char *arg, char **cause)
{
	switch (ch) {
	case 'c':
		o->config = arg;
		return 0;
	case 'e':
		o->expr = arg;
		return 0;
	case 'd':
		if (o->ndomains == CLI_MAXDOMAINS) {
			xasprintf(cause, "-d: too many domains");
			return -1;
		}
		o->domains[o->ndomains++] = arg;
		return 0;
	case 's':
		if (parse_double(arg, &o->step) != 0 || !(o->step > 0)) {
			xasprintf(cause, "-s: step must be a positive number, "
			    "got '%s'", arg);
			return -1;
		}
		o->have_step = 1;
		return 0;
	case 'n':
		if (parse_u64(arg, &o->points) != 0 || o->points == 0) {
			xasprintf(cause, "-n: points must be a positive whole "
			    "number, got '%s'", arg);
			return -1;
		}
		o->have_points = 1;
		return 0;
	case 'r':
		o->rule = arg;
		return 0;
	case OPT_ENGINE:
		o->engine = arg;
		return 0;
	case OPT_TOL:
	case OPT_ATOL:
		if (parse_double(arg, ch == OPT_TOL ? &o->tol : &o->atol) != 0 ||
		    !((ch == OPT_TOL ? o->tol : o->atol) > 0)) {
			xasprintf(cause, "%s: expected a positive number, got "
			    "'%s'", ch == OPT_TOL ? "--tol" : "--atol", arg);
			return -1;
		}
		return 0;
	case OPT_MAXPOINTS:
		if (parse_u64(arg, &o->max_points) != 0 ||
		    o->max_points == 0) {
			xasprintf(cause, "--max-points: expected a positive "
			    "whole number, got '%s'", arg);
			return -1;
		}
		return 0;
	}
	return 1;
}

/* The options of the run and its outputs. */
static int
cli_run_option(struct cli_opts *o, int ch, const char *arg, char **cause)
{
	uint64_t	 v;

	switch (ch) {
	case 'j':
		return cli_parse_jobs("-j", arg, o->jobs, CLI_MAXSWEEP,
		    &o->njobs, cause);
	case 'f':
		return cli_format(o, arg, cause);
	case 'o':
		o->run.outdir = arg;
		return 0;
	case OPT_SAMPLES:
		o->run.samples = arg;
		return 0;
	case OPT_INTERVAL:
		if (cli_uint("--interval", arg, 1, 60000, &v, cause) != 0)
			return -1;
		o->run.interval_ms = (unsigned)v;
		return 0;
	case OPT_REPEAT:
		if (cli_uint("--repeat", arg, 1, CLI_MAXREPEAT, &v, cause) != 0)
			return -1;
		o->run.repeat = (int)v;
		return 0;
	case OPT_WARMUP:
		if (cli_uint("--warmup", arg, 0, CLI_MAXREPEAT, &v, cause) != 0)
			return -1;
		o->run.warmup = (int)v;
		return 0;
	case OPT_FAULTS:
		return cli_faults(o, arg, cause);
	case OPT_MAXRESTARTS:
		if (cli_uint("--max-restarts", arg, 0, 1000000, &v,
		    cause) != 0)
			return -1;
		o->run.max_restarts = (int)v;
		return 0;
	case OPT_CHECKPOINT:
		if (*arg == '\0') {
			xasprintf(cause, "--checkpoint: expected a file name");
			return -1;
		}
		o->run.checkpoint = arg;
		return 0;
	case OPT_MINTIME:
		if (parse_double(arg, &o->run.min_time) != 0 ||
		    o->run.min_time < 0 || o->run.min_time > 86400) {
			xasprintf(cause, "--min-time: expected seconds from 0 "
			    "to 86400, got '%s'", arg);
			return -1;
		}
		return 0;
	case OPT_EXPORT_JSON:
		o->run.export_json = arg;
		return 0;
	case OPT_EXPORT_CSV:
		o->run.export_csv = arg;
		return 0;
	case OPT_EXPORT_MARKDOWN:
		o->run.export_markdown = arg;
		return 0;
	case OPT_PLOT:
		o->run.plot = arg;
		return 0;
	case OPT_LABEL: {
		/*
		 * A name for pint compare's sets: valid UTF-8, no character
		 * that char_unsafe escapes (C0 and C1 controls, DEL, the
		 * bidirectional overrides, the line separators).
		 */
		const char	*u;
		size_t		 nchar = 0;
		uint32_t	 cp;
		int		 len = 1;

		for (u = arg; *u != '\0' && len > 0; u += len, nchar++)
			if ((len = utf8_decode(u, &cp)) > 0 && char_unsafe(cp))
				len = 0;
		if (nchar == 0 || nchar > 200 || len == 0) {
			xasprintf(cause, "--label: expected a name of 1 to 200 "
			    "characters of UTF-8, none a control character, "
			    "a bidirectional override or a line separator");
			return -1;
		}
		o->run.label = arg;
		return 0;
	}
	case OPT_HANG:
		if (parse_double(arg, &o->run.hang_s) != 0 ||
		    o->run.hang_s < 0.1 || o->run.hang_s > 86400) {
			xasprintf(cause, "--hang-timeout: expected seconds "
			    "from 0.1 to 86400, got '%s'", arg);
			return -1;
		}
		return 0;
	}
	return 1;
}

/* Options without an argument. */
static int
cli_flag(struct cli_opts *o, int ch)
{
	switch (ch) {
	case OPT_NOHEADER:
		o->run.header = 0;
		return 0;
	case OPT_PIN:
		o->run.pin = 1;
		return 0;
	case OPT_FORCE:
		o->run.force = 1;
		return 0;
	case OPT_PROGRESS:
		o->run.progress = 1;
		return 0;
	case OPT_NOPROGRESS:
		o->run.progress = 0;
		return 0;
	case OPT_SUMMARY:
		o->run.summary = 1;
		return 0;
	case OPT_MPI:
		o->mpi = 1;
		return 0;
	case 'q':
		o->run.quiet = 1;
		return 0;
	}
	return 1;
}

static void
cli_defaults(struct cli_opts *o)
{
	memset(o, 0, sizeof *o);
	o->action = CLI_RUN;
	o->run.format = FORMAT_TEXT;
	o->run.header = 1;
	o->run.repeat = 1;
	o->run.interval_ms = SAMPLER_DEFAULT_MS;
	o->run.max_restarts = -1;
	o->run.hang_s = 10;
	o->run.progress = -1;
}

/* getopt's long and short options from cli_options. */
static void
cli_getopt_tables(struct option *lo, char *so)
{
	const struct cli_option	*op;

	*so++ = ':';
	for (op = cli_options; op->name != NULL; op++, lo++) {
		lo->name = op->name;
		lo->has_arg = op->kind == CLI_ARG_NONE ? no_argument :
		    required_argument;
		lo->flag = NULL;
		lo->val = op->val;
		if (op->val < 256) {
			*so++ = (char)op->val;
			if (op->kind != CLI_ARG_NONE)
				*so++ = ':';
		}
	}
	memset(lo, 0, sizeof *lo);
	*so = '\0';
}

int
cli_parse(struct cli_opts *o, int argc, char **argv, char **cause)
{
	struct option	 lo[CLI_NOPTIONS + 1];
	char		 so[2 * CLI_NOPTIONS + 2];
	int		 ch, rv;

	cli_defaults(o);
	o->argc = argc;
	o->argv = argv;
	cli_getopt_tables(lo, so);
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		if (ch == 'V' || ch == 'h') {
			o->action = ch == 'V' ? CLI_VERSION : CLI_HELP;
			return 0;
		}
		if (ch == OPT_EXAMPLE) {
			o->action = CLI_EXAMPLE;
			o->example = optarg;
			return 0;
		}
		if (ch == OPT_COMPLETION) {
			o->action = CLI_COMPLETION;
			o->completion = optarg;
			return cli_choice("--completion", cli_completions,
			    optarg, cause) == -1 ? -1 : 0;
		}
		if (ch == ':') {
			xasprintf(cause, "option '%s' needs an argument; see "
			    "'pint -h'", argv[optind - 1]);
			return -1;
		}
		if ((rv = cli_task_option(o, ch, optarg, cause)) == 1 &&
		    (rv = cli_run_option(o, ch, optarg, cause)) == 1 &&
		    (rv = cli_flag(o, ch)) == 1) {
			if (optopt != 0)
				xasprintf(cause, "unknown option '-%c'; see "
				    "'pint -h'", optopt);
			else
				xasprintf(cause, "unknown option '%s'; see "
				    "'pint -h'", argv[optind - 1]);
			return -1;
		}
		if (rv != 0)
			return -1;
	}
	if (optind < argc) {
		xasprintf(cause, "unexpected argument '%s'; see 'pint -h'",
		    argv[optind]);
		return -1;
	}
	if (o->have_step && o->have_points) {
		xasprintf(cause, "-s and -n: give a step or a point count, not "
		    "both");
		return -1;
	}
	if (o->run.quiet)
		o->run.progress = 0;
	return 0;
}
