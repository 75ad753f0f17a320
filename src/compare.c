/*
 * compare: reports in, scaling tables and verdicts out. Each report is
 * read with the task reader's bounded YAML tree (JSON is YAML), checked
 * for what compare needs, and its runs become results_run entries of
 * their set, so that the scaling table, its interval, the outliers and
 * the flags are computed by results and stats exactly as for a sweep.
 */
#include "config.h"

#include "compare.h"
#include "compare-int.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "plot.h"
#include "pool.h"
#include "report.h"
#include "results.h"
#include "stats.h"
#include "util.h"

enum {
	CMP_OPT_ALPHA = 256,
	CMP_OPT_PLOT,
	CMP_OPT_ALLOW,
};

const struct option compare_longopts[] = {
	{ "format",		required_argument, NULL, 'f' },
	{ "alpha",		required_argument, NULL, CMP_OPT_ALPHA },
	{ "plot",		required_argument, NULL, CMP_OPT_PLOT },
	{ "allow-different-tasks", no_argument,	   NULL, CMP_OPT_ALLOW },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ NULL,			0,		   NULL, 0 }
};

const char compare_shortopts[] = "f:qh";

static const char compare_usage[] =
"usage: pint compare [-f text|json|csv|markdown] [--alpha A] [--plot FILE]\n"
"                    [--allow-different-tasks] [-q] FILE... [-- FILE...]\n"
"\n"
"Read pint's JSON reports (-f json, --export-json, -o DIR's benchmark.json;\n"
"- is standard input). Reports of one task at several -j values give one\n"
"scaling table; two sets (split by --, or by --label, host or build) are\n"
"compared at each -j value: ratio of medians B/A, its 95% interval, the\n"
"Mann-Whitney U test's p-value, ~ where not significant.\n"
"\n"
"  -f, --format FORMAT     text, json, csv or markdown\n"
"      --alpha A           significance level (default 0.05)\n"
"      --plot FILE         draw one set's scaling (.png or .svg; gnuplot)\n"
"      --allow-different-tasks\n"
"                          compare reports of different tasks\n"
"  -q, --quiet             no warnings on standard error\n"
"  -h, --help              print this help\n"
"\n"
"Exit status: 0 compared, 1 an output could not be written, 2 bad\n"
"invocation or input. See pint(1), COMPARE.\n";

/* The runs of a set's files into its results, grouped by -j. */
struct cmp_ref {
	int			 jobs, file;
	int			 index;		/* in the file's runs[] */
	const struct task_node	*run;
};

static int
cmp_ref_order(const void *a, const void *b)
{
	const struct cmp_ref	*x = a, *y = b;

	if (x->jobs != y->jobs)
		return x->jobs < y->jobs ? -1 : 1;
	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/*
 * A run's energy and warnings, as a report gives them (missing or null:
 * unknown), for its row's means and kinds.
 */
static void
cmp_run_cond(struct results_run *rr, const struct task_node *run,
    const struct task_node *root)
{
	const struct task_node	*w = compare_key(run, "warnings");
	const char		*kind;
	double			 j = compare_num(run, "energy.joules");
	double			 watts = compare_num(run, "energy.watts");
	double			 points = compare_num(root, "task.points");
	size_t			 i;
	int			 k;

	fp_cond_init(&rr->cond);
	snprintf(rr->cond.energy.why, sizeof rr->cond.energy.why, "%s",
	    compare_str(run, "energy.null_reasons.joules") != NULL ?
	    compare_str(run, "energy.null_reasons.joules") : "not in the report");
	if (isfinite(j) && isfinite(watts) && watts > 0 && points > 0) {
		rr->cond.energy.known = 1;
		rr->cond.energy.joules = j;
		rr->window_s = j / watts;
		rr->points = (uint64_t)points;
	}
	for (i = 0; w != NULL && w->type == TASK_SEQUENCE && i < w->nitems;
	    i++) {
		if ((kind = compare_str(w->items[i], "kind")) == NULL)
			continue;
		for (k = 0; k < RESULTS_NWARN; k++)
			if (strcmp(kind, results_warn_names[k]) == 0)
				rr->warn |= 1 << k;
	}
}

static void
cmp_build_set(struct cmp *c, int s)
{
	struct cmp_set		*set = &c->sets[s];
	struct cmp_ref		*refs = NULL;
	struct results_run	 rr;
	const struct cmp_file	*f0 = NULL;
	int			 i, k, nref = 0, group = -1, rep = 0, cpus = 0;
	size_t			 j;

	for (i = 0; i < c->nfiles; i++) {
		const struct cmp_file	*f = &c->files[i];
		const struct task_node	*runs = compare_key(f->root, "runs");
		double			 u = compare_num(f->root,
		    "host.cpus_usable");

		if (f->set != s)
			continue;
		if (f0 == NULL)
			f0 = f;
		set->nfiles++;
		/* The fewest usable CPUs: the most cautious ideal. */
		if (u >= 1 && (cpus == 0 || u < cpus))
			cpus = (int)u;
		refs = xreallocarray(refs, nref + runs->nitems, sizeof *refs);
		for (j = 0; j < runs->nitems; j++) {
			refs[nref].run = runs->items[j];
			refs[nref].index = (int)j;
			refs[nref].jobs = (int)compare_num(runs->items[j], "jobs");
			refs[nref++].file = i;
		}
	}
	qsort(refs, nref, sizeof *refs, cmp_ref_order);
	memset(&set->r, 0, sizeof set->r);
	set->r.host.cpus_usable = cpus;
	set->file = xcalloc(nref, sizeof *set->file);
	set->orig_repeat = xcalloc(nref, sizeof *set->orig_repeat);
	for (k = 0; k < nref; k++) {
		const struct task_node	*run = refs[k].run;

		if (k == 0 || refs[k].jobs != refs[k - 1].jobs) {
			group++;
			rep = 0;
		}
		memset(&rr, 0, sizeof rr);
		rr.jobs = refs[k].jobs;
		rr.repeat = isfinite(compare_num(run, "repeat")) ?
		    (int)compare_num(run, "repeat") : ++rep;
		rr.origin = c->files[refs[k].file].shown;
		rr.wall_s = compare_num(run, "timing.wall_s");
		rr.compute_s = compare_num(run, "timing.compute_s");
		rr.setup_s = compare_num(run, "timing.setup_s");
		rr.parallelism = compare_num(run, "cpu.parallelism");
		rr.efficiency = compare_num(run, "cpu.efficiency");
		rr.other_cpus = compare_num(run, "cpu.other_cpus");
		rr.other_load = compare_num(run, "cpu.other_load");
		rr.points_per_s = compare_num(run, "throughput.points_per_s");
		rr.deaths = isfinite(compare_num(run, "faults.worker_deaths")) ?
		    (int)compare_num(run, "faults.worker_deaths") : 0;
		rr.chunks_retried = compare_num(run, "faults.chunks_retried") > 0 ?
		    (uint64_t)compare_num(run, "faults.chunks_retried") : 0;
		rr.integral = compare_num(run, "result.integral");
		cmp_run_cond(&rr, run, c->files[refs[k].file].root);
		set->file[k] = refs[k].file;
		set->orig_repeat[k] = isfinite(compare_num(run, "repeat")) ?
		    (int)compare_num(run, "repeat") : 0;
		results_add_run(&set->r, group, &rr);
	}
	free(refs);
	results_finish(&set->r);
	/* The title of a plot: the task of the set's first report. */
	set->task.name = (char *)(uintptr_t)compare_str(f0->root, "task.name");
	set->task.expression = (char *)(uintptr_t)compare_str(f0->root,
	    "task.expression");
	set->task.points = isfinite(compare_num(f0->root, "task.points")) ?
	    (uint64_t)compare_num(f0->root, "task.points") : 0;
	set->r.task = &set->task;
	snprintf(set->r.host.hostname, sizeof set->r.host.hostname, "%s",
	    compare_str(f0->root, "host.hostname") != NULL ?
	    compare_str(f0->root, "host.hostname") : "");
	/* Named by its label when every file of the set has that one. */
	for (i = 0; i < c->nfiles; i++) {
		const char	*l = compare_str(c->files[i].root, "label");

		if (c->files[i].set == s && (l == NULL || compare_str(f0->root,
		    "label") == NULL || strcmp(l, compare_str(f0->root,
		    "label")) != 0))
			break;
	}
	if (i == c->nfiles)
		set->name = xstrdup(compare_str(f0->root, "label"));
	else
		xasprintf(&set->name, "%c", 'A' + s);
}

/* Conditions: runs with other load, rows too short to measure scaling. */
static void
cmp_conditions(struct cmp *c)
{
	int	 s, i, k;

	for (s = 0; s < c->nsets; s++) {
		const struct results	*r = &c->sets[s].r;

		/* One line per file and -j: runs are in that order. */
		for (i = 0; i < r->nruns; i = k) {
			int	 busy = 0;
			double	 most = 0;

			for (k = i; k < r->nruns && r->runs[k].jobs ==
			    r->runs[i].jobs && c->sets[s].file[k] ==
			    c->sets[s].file[i]; k++) {
				if (r->runs[k].other_cpus > RESULTS_BUSY_CPUS)
					busy++;
				if (r->runs[k].other_cpus > most)
					most = r->runs[k].other_cpus;
			}
			if (busy > 0)
				compare_warn(c, "%s: %d of %d runs at -j %d ran "
				    "beside other load (up to %.2f CPUs)",
				    c->files[c->sets[s].file[i]].shown, busy,
				    k - i, r->runs[i].jobs, most);
		}
		for (i = 0; i < r->nrows; i++)
			if (r->rows[i].wall_median < RESULTS_SHORT_S)
				compare_warn(c, "set %s: -j %d: median run %.3f s, "
				    "under %.1f s: it measures start-up, not "
				    "scaling", c->sets[s].shown, r->rows[i].jobs,
				    r->rows[i].wall_median, RESULTS_SHORT_S);
	}
}

/* The values of one field of a row's runs, compute_s or wall_s. */
static double *
cmp_values(const struct results *r, int row, int compute, int *n)
{
	double	*v = xcalloc(r->nruns > 0 ? r->nruns : 1, sizeof *v);
	int	 i;

	*n = 0;
	for (i = 0; i < r->nruns; i++) {
		double	 x = compute ? r->runs[i].compute_s :
		    r->runs[i].wall_s;

		if (r->runs[i].row == row && x > 0)
			v[(*n)++] = x;
	}
	return v;
}

/* The median compute time of a set's row; NAN for none (row -1). */
double
compare_compute_median(const struct results *r, int row)
{
	double	*v, m;
	int	 n;

	if (row < 0)
		return NAN;
	v = cmp_values(r, row, 1, &n);
	m = stats_median(v, n);
	free(v);
	return m;
}

static void
cmp_test(struct cmp *c, struct cmp_row *row, int compute)
{
	struct cmp_test	*t = compute ? &row->compute : &row->wall;
	double		*a, *b;

	a = cmp_values(&c->sets[0].r, row->ra, compute, &t->na);
	b = cmp_values(&c->sets[1].r, row->rb, compute, &t->nb);
	t->ma = stats_median(a, t->na);
	t->mb = stats_median(b, t->nb);
	t->ratio = t->ma > 0 ? t->mb / t->ma : NAN;
	stats_ratio_ci(b, t->nb, a, t->na, STATS_ALPHA, &t->lo, &t->hi);
	t->p = stats_mann_whitney(a, t->na, b, t->nb, NULL, NULL);
	t->significant = t->p < c->alpha;
	free(a);
	free(b);
}

static int
cmp_row_of(const struct results *r, int jobs)
{
	int	 i;

	for (i = 0; i < r->nrows; i++)
		if (r->rows[i].jobs == jobs)
			return i;
	return -1;
}

/* The -j values of either set, in order, with the tests where both ran. */
static struct cmp_row *
cmp_rows(struct cmp *c, int *nrows)
{
	const struct results	*a = &c->sets[0].r, *b = &c->sets[1].r;
	struct cmp_row		*rows;
	int			 i, k, n = 0, jobs;

	rows = xcalloc(a->nrows + b->nrows, sizeof *rows);
	for (i = k = 0; i < a->nrows || k < b->nrows; n++) {
		if (k >= b->nrows || (i < a->nrows &&
		    a->rows[i].jobs <= b->rows[k].jobs))
			jobs = a->rows[i].jobs;
		else
			jobs = b->rows[k].jobs;
		rows[n].jobs = jobs;
		rows[n].ra = cmp_row_of(a, jobs);
		rows[n].rb = cmp_row_of(b, jobs);
		i += rows[n].ra >= 0;
		k += rows[n].rb >= 0;
		if (rows[n].ra >= 0 && rows[n].rb >= 0) {
			cmp_test(c, &rows[n], 0);
			cmp_test(c, &rows[n], 1);
		}
	}
	*nrows = n;
	return rows;
}

/* The geometric mean of the ratios where both sets ran; NAN if none. */
double
compare_geomean(const struct cmp_row *rows, int n, int compute)
{
	double	 s = 0;
	int	 i, k = 0;

	for (i = 0; i < n; i++) {
		const struct cmp_test	*t = compute ? &rows[i].compute :
		    &rows[i].wall;

		if (rows[i].ra >= 0 && rows[i].rb >= 0 && t->ratio > 0) {
			s += log(t->ratio);
			k++;
		}
	}
	return k > 0 ? exp(s / k) : NAN;
}

/*
 * The fewest runs in each set whose smallest p-value, 2 / C(2k, k), is
 * below alpha (a difference can be shown), or at most 1 - level (the
 * extremes make an interval at that level).
 */
static int
cmp_min_runs(double alpha, int below)
{
	int	 k = 1;

	while (k < 1000 && (below ? !(stats_mann_whitney_min_p(k, k) <
	    alpha) : !(stats_mann_whitney_min_p(k, k) <= alpha)))
		k++;
	return k;
}

/* What the runs of a row can and cannot show, as warnings. */
static void
cmp_power(struct cmp *c, const struct cmp_row *rows, int n)
{
	int	 i;

	for (i = 0; i < n; i++) {
		const struct cmp_test	*t = &rows[i].wall;
		double			 minp;

		if (rows[i].ra < 0 || rows[i].rb < 0) {
			compare_warn(c, "-j %d: only set %s has runs", rows[i].jobs,
			    c->sets[rows[i].ra < 0].shown);
			continue;
		}
		minp = stats_mann_whitney_min_p(t->na, t->nb);
		if (minp >= c->alpha)
			compare_warn(c, "-j %d: %d and %d runs cannot detect a "
			    "difference at alpha %g (the smallest p-value "
			    "they can give is %.3g); run %d or more in each "
			    "set", rows[i].jobs, t->na, t->nb, c->alpha, minp,
			    cmp_min_runs(c->alpha, 1));
		if (isnan(t->lo))
			compare_warn(c, "-j %d: %d and %d runs give no 95%% "
			    "interval; run %d or more in each set",
			    rows[i].jobs, t->na, t->nb,
			    cmp_min_runs(1 - STATS_LEVEL, 0));
	}
}

/* The command line. */

static int
cmp_options(struct cmp *c, int argc, char **argv)
{
	int	 ch;

	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":f:qh", compare_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				c->format = CMP_TEXT;
			else if (strcmp(optarg, "json") == 0)
				c->format = CMP_JSON;
			else if (strcmp(optarg, "csv") == 0)
				c->format = CMP_CSV;
			else if (strcmp(optarg, "markdown") == 0)
				c->format = CMP_MARKDOWN;
			else {
				warnmsg("compare: -f: expected text, json, csv "
				    "or markdown, got '%s'", optarg);
				return -1;
			}
			break;
		case CMP_OPT_ALPHA:
			if (parse_double(optarg, &c->alpha) != 0 ||
			    !(c->alpha > 0 && c->alpha < 1)) {
				warnmsg("compare: --alpha: expected a level "
				    "between 0 and 1, got '%s'", optarg);
				return -1;
			}
			break;
		case CMP_OPT_PLOT:
			c->plot = optarg;
			break;
		case CMP_OPT_ALLOW:
			c->allow = 1;
			break;
		case 'q':
			warnings_off = 1;
			break;
		case 'h':
			fputs(compare_usage, stdout);
			return 1;
		case ':':
			warnmsg("compare: option '%s' needs an argument; see "
			    "'pint compare -h'", argv[optind - 1]);
			return -1;
		default:
			warnmsg("compare: unknown option '%s'; see 'pint "
			    "compare -h'", argv[optind - 1]);
			return -1;
		}
	}
	return 0;
}

/*
 * The files: before "--" (options and set A), after it (set B, files
 * only). getopt would move a "--" among the files, so it is found first.
 */
static int
cmp_args(struct cmp *c, int argc, char **argv, int *split)
{
	char	**head, *cause = NULL;
	int	 i, dash = argc, nhead, rv, stdin_seen = 0;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			dash = i;
			break;
		}
	for (i = dash + 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			warnmsg("compare: --: given twice; two sets at most "
			    "(a file named -- is ./--)");
			return -1;
		}
	head = xcalloc(dash + 1, sizeof *head);
	memcpy(head, argv, dash * sizeof *head);
	nhead = dash;
	if ((rv = cmp_options(c, nhead, head)) != 0) {
		free(head);
		return rv;
	}
	c->files = xcalloc(argc, sizeof *c->files);
	for (i = optind; i < nhead; i++)
		c->files[c->nfiles++].path = head[i];
	*split = dash < argc ? c->nfiles : -1;
	for (i = dash + 1; i < argc; i++)
		c->files[c->nfiles++].path = argv[i];
	for (i = 0; i < c->nfiles; i++)
		c->files[i].shown = str_escape(c->files[i].path);
	free(head);
	if (c->nfiles == 0) {
		warnmsg("compare: no report files given; see 'pint compare "
		    "-h'");
		return -1;
	}
	if (*split == 0 || *split == c->nfiles) {
		warnmsg("compare: --: give report files on both sides");
		return -1;
	}
	for (i = 0; i < c->nfiles; i++)
		if (strcmp(c->files[i].path, "-") == 0 && stdin_seen++) {
			warnmsg("compare: -: standard input given twice");
			return -1;
		}
	if (c->plot != NULL && plot_format(c->plot) == NULL) {
		warnmsg("compare: --plot%s%s: the name must end in .png or "
		    ".svg", *c->plot ? " " : "", c->plot);
		return -1;
	}
	/*
	 * Neither the output (>> a.json) nor the plot overwrites a report
	 * read, standard input's file included.
	 */
	for (i = 0; i < c->nfiles && cause == NULL; i++)
		(void)(strcmp(c->files[i].path, "-") == 0 ?
		    output_set_stdin(&c->outputs, "report", &cause) :
		    output_set_add(&c->outputs, "report", c->files[i].path,
		    OUTPUT_READ, &cause));
	if (cause == NULL)
		(void)output_set_stdout(&c->outputs, &cause);
	if (cause == NULL)
		(void)output_set_stderr(&c->outputs, &cause);
	if (cause == NULL && c->plot != NULL &&
	    output_set_add(&c->outputs, "--plot", c->plot, OUTPUT_WRITE,
	    &cause) == 0)
		(void)plot_check(c->plot, &c->plotopts.gnuplot, &cause);
	if (cause != NULL) {
		warnmsg("compare: %s", cause);
		free(cause);
		return -1;
	}
	if (c->plot != NULL)
		c->plotopts.timeout_s = PLOT_TIMEOUT_S;
	return 0;
}

/* Sets by --, or by label, or by host and build; at most two. */
static int
cmp_sets(struct cmp *c, int split)
{
	const char	*keys[2];
	int		 i, by_label = 0, s, first[2];

	if (split >= 0) {
		for (i = 0; i < c->nfiles; i++)
			c->files[i].set = i >= split;
		c->nsets = 2;
		return 0;
	}
	for (i = 0; i < c->nfiles; i++)
		by_label |= compare_str(c->files[i].root, "label") != NULL;
	c->nsets = 0;
	for (i = 0; i < c->nfiles; i++) {
		compare_setkey(&c->files[i], by_label);
		for (s = 0; s < c->nsets; s++)
			if (strcmp(keys[s], c->files[i].setkey) == 0)
				break;
		if (s < c->nsets && strcmp(c->files[first[s]].hostkey,
		    c->files[i].hostkey) != 0) {
			warnmsg("compare: %s and %s have one label (%s) but "
			    "ran on other hosts or builds (%s; %s): label them "
			    "apart, or split the sets with --",
			    c->files[first[s]].path, c->files[i].path, keys[s],
			    c->files[first[s]].hostkey, c->files[i].hostkey);
			return -1;
		}
		if (s == c->nsets) {
			if (c->nsets == 2) {
				warnmsg("compare: %s: a third set (%s), after "
				    "%s and %s: compare two at a time, or "
				    "split them with --", c->files[i].path,
				    c->files[i].setkey, keys[0], keys[1]);
				return -1;
			}
			first[c->nsets] = i;
			keys[c->nsets++] = c->files[i].setkey;
		}
		c->files[i].set = s;
	}
	return 0;
}

/*
 * One run read from two files (a copy of a report, or one report and an
 * export of the same runs): the same start, -j, repeat and wall time to
 * the bit. Such a pair is refused, as the same file twice is: counted
 * twice it would make a difference look significant.
 */
struct cmp_runid {
	const char	*started;
	int		 jobs, repeat, file;
	size_t		 index;
	uint64_t	 wall;
};

static int
cmp_runid_order(const void *a, const void *b)
{
	const struct cmp_runid	*x = a, *y = b;
	int			 d = strcmp(x->started, y->started);

	if (d != 0)
		return d;
	if (x->jobs != y->jobs)
		return x->jobs < y->jobs ? -1 : 1;
	if (x->repeat != y->repeat)
		return x->repeat < y->repeat ? -1 : 1;
	if (x->wall != y->wall)
		return x->wall < y->wall ? -1 : 1;
	return x->file < y->file ? -1 : x->file > y->file;
}

static int
cmp_same_runs(const struct cmp *c)
{
	struct cmp_runid	*id = NULL, *x, *y;
	size_t			 n = 0, j;
	int			 i, rv = 0;

	for (i = 0; i < c->nfiles; i++) {
		const struct task_node	*runs = compare_key(c->files[i].root,
		    "runs");
		const char		*t = compare_str(c->files[i].root,
		    "provenance.start_time");

		id = xreallocarray(id, n + runs->nitems, sizeof *id);
		for (j = 0; j < runs->nitems; j++, n++) {
			double	 w = compare_num(runs->items[j], "timing.wall_s");
			double	 r = compare_num(runs->items[j], "repeat");

			id[n].started = t != NULL ? t : "";
			id[n].jobs = (int)compare_num(runs->items[j], "jobs");
			id[n].repeat = isfinite(r) ? (int)r : 0;
			id[n].file = i;
			id[n].index = j;
			memcpy(&id[n].wall, &w, sizeof w);
		}
	}
	qsort(id, n, sizeof *id, cmp_runid_order);
	for (j = 1; j < n; j++) {
		x = &id[j - 1];
		y = &id[j];
		if (x->file == y->file || strcmp(x->started, y->started) != 0 ||
		    x->jobs != y->jobs || x->repeat != y->repeat ||
		    x->wall != y->wall)
			continue;
		warnmsg("compare: %s runs[%zu] and %s runs[%zu] are the same "
		    "run (-j %d, repeat %d, started %s, the same wall time): a "
		    "copy of one report? give each run once",
		    c->files[x->file].path, x->index, c->files[y->file].path,
		    y->index, x->jobs, x->repeat, *x->started != '\0' ?
		    x->started : "unknown");
		rv = -1;
		break;
	}
	free(id);
	return rv;
}

static int
cmp_same_task(const struct cmp *c)
{
	int	 i;

	for (i = 1; i < c->nfiles; i++) {
		if (strcmp(c->files[i].taskid, c->files[0].taskid) == 0)
			continue;
		warnmsg("compare: %s and %s are reports of different tasks "
		    "(expression, grid, rule, engine or tolerance); "
		    "--allow-different-tasks compares them anyway",
		    c->files[0].path, c->files[i].path);
		return -1;
	}
	return 0;
}

static void
cmp_free(struct cmp *c)
{
	int	 i, k;

	for (i = 0; i < c->nfiles; i++) {
		task_tree_free(&c->files[i].tree);
		free(c->files[i].buf);
		free(c->files[i].shown);
		free(c->files[i].setkey);
		free(c->files[i].hostkey);
		free(c->files[i].taskid);
	}
	free(c->files);
	output_set_free(&c->outputs);
	free(c->plotopts.gnuplot);
	for (i = 0; i < c->nsets; i++) {
		results_free(&c->sets[i].r);
		free(c->sets[i].file);
		free(c->sets[i].orig_repeat);
		free(c->sets[i].name);
		free(c->sets[i].shown);
	}
	for (i = 0; i < c->nmm; i++) {
		for (k = 0; k < c->mm[i].n; k++)
			free(c->mm[i].values[k]);
		free(c->mm[i].values);
		free(c->mm[i].files);
		free(c->mm[i].field);
	}
	free(c->mm);
	for (i = 0; i < c->nwarn; i++)
		free(c->warn[i]);
	free(c->warn);
}

/*
 * Has pint been told to stop? Then that is the one thing said, not a
 * refusal that the checks after the loading would make.
 */
static int
cmp_stopped(void)
{
	if (stop_signal == 0)
		return 0;
	warnmsg("compare: pint got %s", sig_name(stop_signal));
	return 1;
}

int
compare_main(int argc, char **argv)
{
	struct cmp	 c;
	struct cmp_row	*rows = NULL;
	int		 i, k, n = 0, split, rv = EXIT_USAGE;

	memset(&c, 0, sizeof c);
	c.alpha = STATS_ALPHA;
	if ((i = cmp_args(&c, argc, argv, &split)) != 0) {
		rv = i > 0 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	for (i = 0; i < c.nfiles; i++) {
		if (compare_load(&c.files[i], c.files, i) != 0)
			goto out;
		compare_identity(&c.files[i]);
	}
	if (cmp_stopped() || cmp_same_runs(&c) != 0)
		goto out;
	if (!c.allow && cmp_same_task(&c) != 0)
		goto out;
	if (cmp_sets(&c, split) != 0)
		goto out;
	if (c.plot != NULL && c.nsets == 2) {
		warnmsg("compare: --plot draws the scaling of one set; these "
		    "reports make two");
		goto out;
	}
	for (i = 0; i < c.nsets; i++)
		cmp_build_set(&c, i);
	if (cmp_stopped())
		goto out;
	/* Two sets of one label (split by --) by their letters. */
	if (c.nsets == 2 && strcmp(c.sets[0].name, c.sets[1].name) == 0)
		for (i = 0; i < 2; i++) {
			free(c.sets[i].name);
			xasprintf(&c.sets[i].name, "%c", 'A' + i);
		}
	for (i = 0; i < c.nsets; i++) {
		c.sets[i].shown = str_escape(c.sets[i].name);
		if (c.nsets == 2)
			c.sets[i].r.set = c.sets[i].shown;
	}
	for (i = 0; i < c.nsets; i++)
		for (k = 0; k < c.sets[i].r.nrows; k++)
			if (c.sets[i].r.rows[k].nruns > COMPARE_MAXRUNS) {
				warnmsg("compare: set %s: %d runs at -j %d, more "
				    "than the %d a -j value this pint compares",
				    c.sets[i].shown, c.sets[i].r.rows[k].nruns,
				    c.sets[i].r.rows[k].jobs, COMPARE_MAXRUNS);
				goto out;
			}
	compare_mismatches(&c);
	cmp_conditions(&c);
	if (c.nsets == 2) {
		rows = cmp_rows(&c, &n);
		for (i = 0; i < n && (rows[i].ra < 0 || rows[i].rb < 0); i++)
			;
		if (i == n) {
			warnmsg("compare: sets %s and %s share no -j value: "
			    "nothing to compare (for one sweep, give the "
			    "reports without --)", c.sets[0].shown,
			    c.sets[1].shown);
			goto out;
		}
		cmp_power(&c, rows, n);
	}
	for (i = 0; i < c.nmm; i++) {
		char	*v = NULL, *t;

		for (k = 0; k < c.mm[i].n; k++) {
			char	*e = str_escape(c.mm[i].values[k]);

			xasprintf(&t, "%s%s%s (%s)", v != NULL ? v : "",
			    k ? ", " : "", e, c.files[c.mm[i].files[k]].shown);
			free(e);
			free(v);
			v = t;
		}
		warning("compare: %s %s differs: %s", c.mm[i].kind,
		    c.mm[i].field, v);
		free(v);
	}
	for (i = 0; i < c.nwarn; i++)
		warning("compare: %s", c.warn[i]);
	rv = compare_write(&c, rows, n);
out:
	free(rows);
	cmp_free(&c);
	return rv;
}
