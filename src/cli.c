/*
 * cli: options to a run plan. Everything the user can get wrong is checked
 * here, in the parent, before anything is forked.
 */
#include "config.h"

#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "pool.h"
#include "sampler.h"
#include "util.h"

#define JOBS_SOFT_FACTOR	4	/* more than 4 x usable needs --force */

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
};

static const struct option longopts[] = {
	{ "jobs",		required_argument, NULL, 'j' },
	{ "config",		required_argument, NULL, 'c' },
	{ "expr",		required_argument, NULL, 'e' },
	{ "domain",		required_argument, NULL, 'd' },
	{ "step",		required_argument, NULL, 's' },
	{ "points",		required_argument, NULL, 'n' },
	{ "rule",		required_argument, NULL, 'r' },
	{ "format",		required_argument, NULL, 'f' },
	{ "no-header",		no_argument,	   NULL, OPT_NOHEADER },
	{ "output",		required_argument, NULL, 'o' },
	{ "samples",		required_argument, NULL, OPT_SAMPLES },
	{ "interval",		required_argument, NULL, OPT_INTERVAL },
	{ "repeat",		required_argument, NULL, OPT_REPEAT },
	{ "warmup",		required_argument, NULL, OPT_WARMUP },
	{ "pin",		no_argument,	   NULL, OPT_PIN },
	{ "inject-faults",	required_argument, NULL, OPT_FAULTS },
	{ "engine",		required_argument, NULL, OPT_ENGINE },
	{ "max-restarts",	required_argument, NULL, OPT_MAXRESTARTS },
	{ "hang-timeout",	required_argument, NULL, OPT_HANG },
	{ "force",		no_argument,	   NULL, OPT_FORCE },
	{ "progress",		no_argument,	   NULL, OPT_PROGRESS },
	{ "no-progress",	no_argument,	   NULL, OPT_NOPROGRESS },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "version",		no_argument,	   NULL, 'V' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ NULL,			0,		   NULL, 0 }
};

static const char usage_text[] =
"usage: pint [-j JOBS] [-c TASK] [-e EXPR] [-d VAR=A:B]... [-s STEP | -n POINTS]\n"
"            [-r RULE] [-f text|json|csv|yaml] [--no-header] [-o DIR]\n"
"            [--samples FILE] [--interval MS] [--repeat N] [--warmup N] [--pin]\n"
"            [--inject-faults RATE[,SEED]] [--engine auto|muparser|vector]\n"
"            [--max-restarts N] [--hang-timeout S] [--force]\n"
"            [--progress | --no-progress] [-q] [-V] [-h]\n";

static const char help_text[] =
"\n"
"Integrate an expression over a box with N worker processes and report\n"
"what the workers bought on this machine.\n"
"\n"
"  -j, --jobs JOBS         workers: a count, a list 1,2,4 or a range 1-8\n"
"                          (a list or range runs a scaling sweep)\n"
"  -c, --config TASK       task file (YAML or JSON); - reads standard input\n"
"  -e, --expr EXPR         expression in muParser syntax, variables x, y, z\n"
"  -d, --domain VAR=A:B    bounds of axis x, y or z (repeat per axis)\n"
"  -s, --step STEP         grid step on every axis\n"
"  -n, --points POINTS     grid points on every axis\n"
"  -r, --rule RULE         midpoint, trapezoid or simpson\n"
"  -f, --format FORMAT     text, json, csv or yaml\n"
"      --no-header         no CSV header line\n"
"  -o, --output DIR        also write DIR/result.txt and DIR/benchmark.json\n"
"      --samples FILE      write the sampler's time series as CSV\n"
"      --interval MS       sampling interval (default 100)\n"
"      --repeat N          run each -j value N times (min, median, max)\n"
"      --warmup N          unreported runs before each -j value\n"
"      --pin               pin worker i to the i-th usable CPU\n"
"      --inject-faults RATE[,SEED]\n"
"                          make workers die or fail chunks at random\n"
"      --engine ENGINE     auto, muparser or vector\n"
"      --max-restarts N    worker deaths tolerated (default 16 + 2 x jobs)\n"
"      --hang-timeout S    a chunk held this long is hung (default 10)\n"
"      --force             allow -j beyond 4 x the usable CPUs\n"
"      --progress          progress bar on stderr even when not a terminal\n"
"      --no-progress       no progress bar\n"
"  -q, --quiet             no progress, no warnings\n"
"  -V, --version           print the version\n"
"  -h, --help              print this help\n"
"\n"
"Exit status: 0 success, 1 run failed, 2 bad invocation or task,\n"
"3 out of resources, 128+N interrupted by signal N. See pint(1).\n";

void
cli_usage(void *fp)
{
	fputs(usage_text, fp);
}

int
cli_parse_jobs(const char *s, int *out, int max, int *n, char **cause)
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
		if (errno != 0 || a < 1 || a > INT_MAX)
			goto range;
		b = a;
		if (*end == '-') {
			p = end + 1;
			if (*p < '0' || *p > '9')
				goto bad;
			b = strtol(p, &end, 10);
			if (errno != 0 || b < 1 || b > INT_MAX)
				goto range;
			if (b < a)
				goto bad;
		}
		for (v = a; v <= b; v++) {
			if (*n == max) {
				xasprintf(cause, "-j: too many values in '%s' "
				    "(limit %d)", s, max);
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
	xasprintf(cause, "-j: expected a count, a list 1,2,4 or a range 1-8, "
	    "got '%s'", s);
	return -1;
range:
	xasprintf(cause, "-j: job counts must be 1 or more, got '%s'", s);
	return -1;
}

static int
cli_uint(const char *opt, const char *arg, uint64_t min, uint64_t max,
    uint64_t *out)
{
	if (parse_u64(arg, out) != 0 || *out < min || *out > max) {
		warnmsg("%s: expected a whole number from %llu to %llu, got "
		    "'%s'", opt, (unsigned long long)min,
		    (unsigned long long)max, arg);
		return -1;
	}
	return 0;
}

static int
cli_faults(struct plan *pl, const char *arg)
{
	char	*copy = xstrdup(arg), *comma;
	int	 rv = -1;

	if ((comma = strchr(copy, ',')) != NULL)
		*comma++ = '\0';
	if (parse_double(copy, &pl->fault_rate) != 0 ||
	    pl->fault_rate < 0 || pl->fault_rate > 0.5) {
		warnmsg("--inject-faults: rate must be a number from 0 to 0.5, "
		    "got '%s'", copy);
		goto out;
	}
	pl->fault_seed = 1;
	if (comma != NULL && parse_u64(comma, &pl->fault_seed) != 0) {
		warnmsg("--inject-faults: seed must be a whole number, got "
		    "'%s'", comma);
		goto out;
	}
	rv = 0;
out:
	free(copy);
	return rv;
}

/* Default, warn about or refuse the -j values. */
static int
cli_check_jobs(struct plan *pl)
{
	struct rlimit	 rl;
	const char	*env;
	char		*cause = NULL;
	int		 i, ceiling, warned = 0;

	if (pl->njobs == 0 && (env = getenv("PINT_JOBS")) != NULL &&
	    *env != '\0') {
		if (cli_parse_jobs(env, pl->jobs, CLI_MAXSWEEP, &pl->njobs,
		    &cause) != 0) {
			warnmsg("PINT_JOBS: %s", cause + 4);
			free(cause);
			return -1;
		}
		pl->jobs_source = "PINT_JOBS";
	}
	if (pl->njobs == 0) {
		pl->jobs[0] = pl->cpus.usable;
		pl->njobs = 1;
		pl->jobs_source = pl->cpus.source;
	}
	ceiling = JOBS_SOFT_FACTOR * pl->cpus.usable;
	if (getrlimit(RLIMIT_NPROC, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (rlim_t)ceiling > rl.rlim_cur / 2)
		ceiling = (int)(rl.rlim_cur / 2);
	for (i = 0; i < pl->njobs; i++) {
		int	 j = pl->jobs[i];

		if (j > POOL_MAXJOBS) {
			warnmsg("-j %d: more than %d workers is not supported",
			    j, POOL_MAXJOBS);
			return -1;
		}
		if (j > ceiling && !pl->force) {
			warnmsg("-j %d: far more workers than the %d usable "
			    "CPUs (limit %d); use --force to run anyway", j,
			    pl->cpus.usable, ceiling);
			return -1;
		}
		if (j > pl->cpus.usable && !warned && !pl->quiet) {
			warning("-j %d is more than the %d usable "
			    "CPUs (%s); workers will share CPUs", j,
			    pl->cpus.usable, pl->cpus.source);
			warned = 1;
		}
	}
	return 0;
}

int
cli_parse(struct plan *pl, int argc, char **argv)
{
	const char	*config = NULL, *expr = NULL, *rule = NULL;
	const char	*engine = NULL, *env;
	const char	*domains[TASK_MAXDIM * 4];
	double		 step = 0;
	uint64_t	 points = 0, v;
	char		*cause = NULL;
	int		 ch, ndomains = 0, have_step = 0, have_points = 0;
	static const struct task_loc loc_r = { 0, 0, "-r" };
	static const struct task_loc loc_engine = { 0, 0, "--engine" };

	memset(pl, 0, sizeof *pl);
	task_init(&pl->task);
	pl->header = 1;
	pl->repeat = 1;
	pl->interval_ms = SAMPLER_DEFAULT_MS;
	pl->max_restarts = -1;
	pl->hang_s = 10;
	pl->progress = -1;
	cpus_detect(&pl->cpus, getenv("PINT_CGROUP_ROOT"),
	    getenv("PINT_PROC_SELF_CGROUP"));

	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":j:c:e:d:s:n:r:f:o:qVh",
	    longopts, NULL)) != -1) {
		switch (ch) {
		case 'j':
			if (cli_parse_jobs(optarg, pl->jobs, CLI_MAXSWEEP,
			    &pl->njobs, &cause) != 0)
				goto fail;
			pl->jobs_source = "option";
			break;
		case 'c':
			config = optarg;
			break;
		case 'e':
			expr = optarg;
			break;
		case 'd':
			if (ndomains == (int)(sizeof domains / sizeof *domains)) {
				warnmsg("-d: too many domains");
				return EXIT_USAGE;
			}
			domains[ndomains++] = optarg;
			break;
		case 's':
			if (parse_double(optarg, &step) != 0 || !(step > 0)) {
				warnmsg("-s: step must be a positive number, got "
				    "'%s'", optarg);
				return EXIT_USAGE;
			}
			have_step = 1;
			break;
		case 'n':
			if (parse_u64(optarg, &points) != 0 || points == 0) {
				warnmsg("-n: points must be a positive whole "
				    "number, got '%s'", optarg);
				return EXIT_USAGE;
			}
			have_points = 1;
			break;
		case 'r':
			rule = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				pl->format = FORMAT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				pl->format = FORMAT_JSON;
			else if (strcmp(optarg, "csv") == 0)
				pl->format = FORMAT_CSV;
			else if (strcmp(optarg, "yaml") == 0)
				pl->format = FORMAT_YAML;
			else {
				warnmsg("-f: expected text, json, csv or yaml, "
				    "got '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_NOHEADER:
			pl->header = 0;
			break;
		case 'o':
			pl->outdir = optarg;
			break;
		case OPT_SAMPLES:
			pl->samples = optarg;
			break;
		case OPT_INTERVAL:
			if (cli_uint("--interval", optarg, 1, 60000, &v) != 0)
				return EXIT_USAGE;
			pl->interval_ms = (unsigned)v;
			break;
		case OPT_REPEAT:
			if (cli_uint("--repeat", optarg, 1, CLI_MAXREPEAT,
			    &v) != 0)
				return EXIT_USAGE;
			pl->repeat = (int)v;
			break;
		case OPT_WARMUP:
			if (cli_uint("--warmup", optarg, 0, CLI_MAXREPEAT,
			    &v) != 0)
				return EXIT_USAGE;
			pl->warmup = (int)v;
			break;
		case OPT_PIN:
			pl->pin = 1;
			break;
		case OPT_FAULTS:
			if (cli_faults(pl, optarg) != 0)
				return EXIT_USAGE;
			break;
		case OPT_ENGINE:
			engine = optarg;
			break;
		case OPT_MAXRESTARTS:
			if (cli_uint("--max-restarts", optarg, 0, 1000000,
			    &v) != 0)
				return EXIT_USAGE;
			pl->max_restarts = (int)v;
			break;
		case OPT_HANG:
			if (parse_double(optarg, &pl->hang_s) != 0 ||
			    pl->hang_s < 0.1 || pl->hang_s > 86400) {
				warnmsg("--hang-timeout: expected seconds from "
				    "0.1 to 86400, got '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case OPT_FORCE:
			pl->force = 1;
			break;
		case OPT_PROGRESS:
			pl->progress = 1;
			break;
		case OPT_NOPROGRESS:
			pl->progress = 0;
			break;
		case 'q':
			pl->quiet = 1;
			break;
		case 'V':
			printf("pint %s\n", PACKAGE_VERSION);
			return -1;
		case 'h':
			cli_usage(stdout);
			fputs(help_text, stdout);
			return -1;
		case ':':
			warnmsg("option '%s' needs an argument; see 'pint -h'",
			    argv[optind - 1]);
			return EXIT_USAGE;
		default:
			if (optopt != 0)
				warnmsg("unknown option '-%c'; see 'pint -h'",
				    optopt);
			else
				warnmsg("unknown option '%s'; see 'pint -h'",
				    argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		warnmsg("unexpected argument '%s'; see 'pint -h'", argv[optind]);
		return EXIT_USAGE;
	}
	if (have_step && have_points) {
		warnmsg("-s and -n: give a step or a point count, not both");
		return EXIT_USAGE;
	}
	if (pl->quiet) {
		pl->progress = 0;
		warnings_off = 1;
	}

	if (config != NULL) {
		if (task_load_file(&pl->task, config, &cause) != 0)
			goto fail;
	} else if (expr == NULL) {
		warnmsg("no task: give -c FILE, or -e EXPR with -d VAR=A:B and "
		    "-s STEP or -n POINTS; see 'pint -h'");
		return EXIT_USAGE;
	} else {
		free(pl->task.source);
		pl->task.source = xstrdup("<command line>");
	}
	if (expr != NULL)
		task_set_expression(&pl->task, expr, "-e");
	for (int i = 0; i < ndomains; i++)
		if (task_set_domain(&pl->task, domains[i], &cause) != 0)
			goto fail;
	if (have_step && task_set_step(&pl->task, step, "-s", &cause) != 0)
		goto fail;
	if (have_points &&
	    task_set_points(&pl->task, points, "-n", &cause) != 0)
		goto fail;
	if (rule != NULL &&
	    task_set_rule(&pl->task, rule, &loc_r, &cause) != 0)
		goto fail;
	if (engine != NULL &&
	    task_set_engine(&pl->task, engine, &loc_engine, &cause) != 0)
		goto fail;
	if (task_finish(&pl->task, &cause) != 0)
		goto fail;

	if ((env = getenv("PINT_TEST_KILL_IN_LOCK")) != NULL &&
	    parse_u64(env, &v) == 0 && v <= UINT32_MAX)
		pl->test_kill_in_lock = (uint32_t)v;
	if ((env = getenv("PINT_TEST_STOP_IN_LOCK")) != NULL &&
	    parse_u64(env, &v) == 0 && v <= UINT32_MAX)
		pl->test_stop_in_lock = (uint32_t)v;
	if (cli_check_jobs(pl) != 0)
		return EXIT_USAGE;
	return 0;

fail:
	warnmsg("%s", cause);
	free(cause);
	return EXIT_USAGE;
}

void
cli_free(struct plan *pl)
{
	task_free(&pl->task);
	cpus_free(&pl->cpus);
}
