/*
 * report: builds one tree of the results (numbers, strings, objects,
 * arrays) and writes it as JSON or YAML, or flattens runs into CSV rows,
 * or formats it as aligned text for people. All numbers are printed with
 * full precision (%.17g); non-finite numbers are null in JSON.
 */
#include "config.h"

#include "report.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "stats.h"
#include "util.h"

enum node_type {
	N_OBJ,
	N_ARR,
	N_NUM,
	N_INT,
	N_STR,
	N_NULL,
	N_BOOL,
};

struct node {
	enum node_type	  type;
	const char	 *key;		/* static strings only */
	double		  num;
	long long	  i;
	char		 *str;
	struct node	**kids;
	size_t		  n, cap;
};

static struct node *
node_add(struct node *parent, const char *key, enum node_type type)
{
	struct node	*n = xcalloc(1, sizeof *n);

	n->type = type;
	n->key = key;
	if (parent != NULL) {
		if (parent->n == parent->cap) {
			parent->cap = parent->cap ? 2 * parent->cap : 8;
			parent->kids = xreallocarray(parent->kids, parent->cap,
			    sizeof *parent->kids);
		}
		parent->kids[parent->n++] = n;
	}
	return n;
}

static struct node *
obj(struct node *p, const char *key)
{
	return node_add(p, key, N_OBJ);
}

static struct node *
arr(struct node *p, const char *key)
{
	return node_add(p, key, N_ARR);
}

static void
num(struct node *p, const char *key, double v)
{
	node_add(p, key, N_NUM)->num = v;
}

static void
integer(struct node *p, const char *key, long long v)
{
	node_add(p, key, N_INT)->i = v;
}

static void
str(struct node *p, const char *key, const char *s)
{
	if (s == NULL)
		node_add(p, key, N_NULL);
	else
		node_add(p, key, N_STR)->str = xstrdup(s);
}

static void
null(struct node *p, const char *key)
{
	node_add(p, key, N_NULL);
}

static void
boolean(struct node *p, const char *key, int v)
{
	node_add(p, key, N_BOOL)->i = v != 0;
}

static void
node_free(struct node *n)
{
	size_t	 i;

	for (i = 0; i < n->n; i++)
		node_free(n->kids[i]);
	free(n->kids);
	free(n->str);
	free(n);
}

void
report_json_string(FILE *fp, const char *s)
{
	const unsigned char	*p;

	fputc('"', fp);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", fp);
			break;
		case '\\':
			fputs("\\\\", fp);
			break;
		case '\n':
			fputs("\\n", fp);
			break;
		case '\t':
			fputs("\\t", fp);
			break;
		case '\r':
			fputs("\\r", fp);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(fp, "\\u%04x", *p);
			else
				fputc(*p, fp);
		}
	}
	fputc('"', fp);
}

void
report_csv_field(FILE *fp, const char *s)
{
	const char	*p;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		fputs(s, fp);
		return;
	}
	fputc('"', fp);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	fputc('"', fp);
}

static void
scalar(FILE *fp, const struct node *n, int yaml)
{
	switch (n->type) {
	case N_NUM:
		if (isfinite(n->num))
			fprintf(fp, "%.17g", n->num);
		else if (!yaml)
			fputs("null", fp);
		else if (isnan(n->num))
			fputs(".nan", fp);
		else
			fputs(n->num > 0 ? ".inf" : "-.inf", fp);
		break;
	case N_INT:
		fprintf(fp, "%lld", n->i);
		break;
	case N_STR:
		report_json_string(fp, n->str);
		break;
	case N_BOOL:
		fputs(n->i ? "true" : "false", fp);
		break;
	default:
		fputs("null", fp);
		break;
	}
}

static void
json_write(FILE *fp, const struct node *n, int indent)
{
	size_t	 i;
	int	 isobj = n->type == N_OBJ;

	if (n->type != N_OBJ && n->type != N_ARR) {
		scalar(fp, n, 0);
		return;
	}
	if (n->n == 0) {
		fputs(isobj ? "{}" : "[]", fp);
		return;
	}
	fputc(isobj ? '{' : '[', fp);
	for (i = 0; i < n->n; i++) {
		fprintf(fp, "%s\n%*s", i ? "," : "", indent + 2, "");
		if (isobj) {
			report_json_string(fp, n->kids[i]->key);
			fputs(": ", fp);
		}
		json_write(fp, n->kids[i], indent + 2);
	}
	fprintf(fp, "\n%*s%c", indent, "", isobj ? '}' : ']');
}

static void yaml_seq(FILE *, const struct node *, int);

/* Entries of a mapping; the first one's indent may already be written. */
static void
yaml_map(FILE *fp, const struct node *n, int indent, int first_done)
{
	const struct node	*k;
	size_t			 i;

	for (i = 0; i < n->n; i++) {
		k = n->kids[i];
		if (i > 0 || !first_done)
			fprintf(fp, "%*s", indent, "");
		fprintf(fp, "%s:", k->key);
		if (k->type == N_OBJ && k->n > 0) {
			fputc('\n', fp);
			yaml_map(fp, k, indent + 2, 0);
		} else if (k->type == N_ARR && k->n > 0) {
			fputc('\n', fp);
			yaml_seq(fp, k, indent + 2);
		} else {
			fputc(' ', fp);
			if (k->type == N_OBJ)
				fputs("{}", fp);
			else if (k->type == N_ARR)
				fputs("[]", fp);
			else
				scalar(fp, k, 1);
			fputc('\n', fp);
		}
	}
}

static void
yaml_seq(FILE *fp, const struct node *n, int indent)
{
	const struct node	*k;
	size_t			 i;

	for (i = 0; i < n->n; i++) {
		k = n->kids[i];
		fprintf(fp, "%*s- ", indent, "");
		if (k->type == N_OBJ && k->n > 0)
			yaml_map(fp, k, indent + 2, 1);
		else if (k->type == N_ARR) {
			json_write(fp, k, indent + 2);	/* flow style */
			fputc('\n', fp);
		} else {
			if (k->type == N_OBJ)
				fputs("{}", fp);
			else
				scalar(fp, k, 1);
			fputc('\n', fp);
		}
	}
}

void
report_host(struct host_info *h, int online, int usable)
{
	struct utsname	 u;

	memset(h, 0, sizeof *h);
	if (gethostname(h->hostname, sizeof h->hostname - 1) != 0)
		snprintf(h->hostname, sizeof h->hostname, "unknown");
	if (uname(&u) == 0)
		snprintf(h->kernel, sizeof h->kernel, "%s %s %s", u.sysname,
		    u.release, u.machine);
	h->cpus_online = online;
	h->cpus_usable = usable;
}

static double
safe_div(double a, double b)
{
	return b > 0 ? a / b : 0;
}

void
report_finish(struct report *r)
{
	double	*walls;
	int	 i, k, n;

	walls = xcalloc(r->nruns, sizeof *walls);
	r->identical = 1;
	for (i = 0; i < r->nruns; i++) {
		struct run_record	*rr = &r->runs[i];
		double			 cpu;

		cpu = rr->pool.user_s + rr->pool.sys_s;
		rr->parallelism = safe_div(cpu, rr->pool.compute_s);
		rr->efficiency = safe_div(rr->parallelism, rr->jobs);
		rr->utilization = safe_div(rr->parallelism,
		    r->host.cpus_usable);
		if (memcmp(&rr->pool.integral, &r->runs[0].pool.integral,
		    sizeof(double)) != 0)
			r->identical = 0;
	}
	free(r->rows);
	r->rows = xcalloc(r->nruns, sizeof *r->rows);
	r->nrows = 0;
	for (i = 0; i < r->nruns; i = k) {
		struct sweep_row	*row = &r->rows[r->nrows++];

		for (k = i, n = 0; k < r->nruns &&
		    r->runs[k].jobs == r->runs[i].jobs; k++)
			walls[n++] = r->runs[k].pool.wall_s;
		row->jobs = r->runs[i].jobs;
		row->nruns = n;
		row->wall_min = stats_min(walls, n);
		row->wall_median = stats_median(walls, n);
		row->wall_max = stats_max(walls, n);
	}
	for (i = 0; i < r->nrows; i++) {
		struct sweep_row	*row = &r->rows[i];
		double			 p;

		row->speedup = safe_div(r->rows[0].wall_median,
		    row->wall_median);
		p = (double)row->jobs / r->rows[0].jobs;
		row->scaling_efficiency = safe_div(row->speedup, p);
		row->karp_flatt = NAN;
		if (i > 0 && row->jobs != r->rows[0].jobs && p > 1)
			row->karp_flatt = (1 / row->speedup - 1 / p) /
			    (1 - 1 / p);
	}
	free(walls);
}

void
report_free(struct report *r)
{
	int	 i;

	for (i = 0; i < r->nruns; i++)
		pool_result_free(&r->runs[i].pool);
	free(r->runs);
	free(r->rows);
	r->runs = NULL;
	r->rows = NULL;
}

static const char *axis_names[TASK_MAXDIM] = { "x", "y", "z" };

static void
tree_task(struct node *root, const struct report *r)
{
	const struct task	*t = r->task;
	struct node		*n, *d, *a;
	int			 i;

	n = obj(root, "task");
	str(n, "name", t->name);
	str(n, "expression", t->expression);
	str(n, "rule", task_rule_name(t->rule));
	integer(n, "dims", t->dims);
	d = obj(n, "domain");
	for (i = 0; i < t->dims; i++) {
		a = arr(d, axis_names[i]);
		num(a, NULL, t->axis[i].lo);
		num(a, NULL, t->axis[i].hi);
	}
	d = obj(n, "step");
	for (i = 0; i < t->dims; i++)
		num(d, axis_names[i], t->axis[i].h);
	d = obj(n, "nodes");
	for (i = 0; i < t->dims; i++)
		integer(d, axis_names[i], (long long)t->axis[i].nodes);
	integer(n, "points", (long long)t->points);
	integer(n, "chunks", (long long)r->grid->nchunks);
	integer(n, "chunk_rows", (long long)r->grid->chunk_rows);
	str(n, "engine", r->engine);
	str(n, "muparser_version", r->muparser_version);
}

static void
tree_host(struct node *root, const struct report *r)
{
	struct node	*n = obj(root, "host");

	str(n, "hostname", r->host.hostname);
	integer(n, "cpus_online", r->host.cpus_online);
	integer(n, "cpus_usable", r->host.cpus_usable);
	str(n, "kernel", r->host.kernel);
}

/* Sum of a worker counter over every worker process of a run. */
#define SUM_WORKERS(rr, field) __extension__ ({			\
	long long _s = 0;						\
	for (int _i = 0; _i < (rr)->pool.nworkers; _i++)		\
		_s += (rr)->pool.workers[_i].field;			\
	_s;								\
})

static void
fairness(const struct run_record *rr, double *pmean, double *psd,
    double *bmean, double *bsd)
{
	double	*v = xcalloc(rr->pool.nworkers, sizeof *v);
	int	 i;

	for (i = 0; i < rr->pool.nworkers; i++)
		v[i] = (double)rr->pool.workers[i].points;
	stats_mean_sd(v, rr->pool.nworkers, pmean, psd);
	for (i = 0; i < rr->pool.nworkers; i++)
		v[i] = rr->pool.workers[i].busy_s;
	stats_mean_sd(v, rr->pool.nworkers, bmean, bsd);
	free(v);
}

static void
tree_run(struct node *n, const struct report *r, const struct run_record *rr)
{
	const struct pool_result	*p = &rr->pool;
	struct node			*o, *w, *a;
	double				 pm, psd, bm, bsd;
	int				 i;

	o = obj(n, "result");
	num(o, "integral", p->integral);
	num(o, "error_estimate", p->error_estimate);
	integer(o, "nonfinite_points", (long long)p->nonfinite);
	if (p->have_bad) {
		a = arr(o, "first_nonfinite_point");
		for (i = 0; i < r->task->dims; i++)
			num(a, NULL, p->bad_point[i]);
	} else
		null(o, "first_nonfinite_point");

	o = obj(n, "timing");
	num(o, "wall_s", p->wall_s);
	num(o, "setup_s", p->setup_s);
	num(o, "compute_s", p->compute_s);

	o = obj(n, "cpu");
	num(o, "user_s", p->user_s);
	num(o, "sys_s", p->sys_s);
	num(o, "utilization", rr->utilization);
	num(o, "parallelism", rr->parallelism);
	num(o, "efficiency", rr->efficiency);
	if (rr->have_samp) {
		num(o, "other_load", rr->samp.other_load);
		num(o, "other_cpus", rr->samp.other_cpus);
		num(o, "machine_busy_cpus", rr->samp.machine_busy_cpus);
	} else {
		null(o, "other_load");
		null(o, "other_cpus");
		null(o, "machine_busy_cpus");
	}
	integer(o, "voluntary_ctxt_switches", SUM_WORKERS(rr, nvcsw));
	integer(o, "involuntary_ctxt_switches", SUM_WORKERS(rr, nivcsw));
	integer(o, "minor_faults", SUM_WORKERS(rr, minflt));
	integer(o, "major_faults", SUM_WORKERS(rr, majflt));

	o = obj(n, "memory");
	integer(o, "max_rss_kib", rr->parent_max_rss_kib);
	integer(o, "workers_max_rss_kib", p->max_rss_kib);
	if (rr->have_samp)
		integer(o, "workers_peak_total_rss_kib",
		    (long long)rr->samp.peak_rss_kib);
	else
		null(o, "workers_peak_total_rss_kib");

	a = arr(n, "workers");
	for (i = 0; i < p->nworkers; i++) {
		const struct pool_worker	*pw = &p->workers[i];

		w = obj(a, NULL);
		integer(w, "pid", pw->pid);
		integer(w, "index", pw->index);
		if (pw->cpu >= 0)
			integer(w, "cpu", pw->cpu);
		else
			null(w, "cpu");
		integer(w, "chunks", (long long)pw->chunks);
		integer(w, "points", (long long)pw->points);
		num(w, "share", p->points ?
		    (double)pw->points / (double)p->points : 0);
		num(w, "busy_s", pw->busy_s);
		num(w, "user_s", pw->user_s);
		num(w, "sys_s", pw->sys_s);
		integer(w, "max_rss_kib", pw->max_rss_kib);
		str(w, "exit", pw->exit);
	}
	fairness(rr, &pm, &psd, &bm, &bsd);
	o = obj(n, "fairness");
	num(o, "points_mean", pm);
	num(o, "points_stddev", psd);
	num(o, "busy_mean_s", bm);
	num(o, "busy_stddev_s", bsd);

	o = obj(n, "faults");
	integer(o, "worker_deaths", p->deaths);
	integer(o, "hung_killed", p->hung);
	integer(o, "chunks_retried", (long long)p->chunks_retried);
	num(o, "injected_rate", r->fault_rate);
	if (r->fault_rate > 0)
		integer(o, "injected_seed", (long long)r->fault_seed);
	else
		null(o, "injected_seed");
	integer(o, "injected_deaths", (long long)p->injected_deaths);
	integer(o, "injected_failures", (long long)p->injected_failures);

	o = obj(n, "sampler");
	integer(o, "interval_ms", r->interval_ms);
	if (rr->have_samp) {
		integer(o, "samples", rr->samp.nsamples);
		num(o, "overhead", rr->samp.overhead);
	} else {
		null(o, "samples");
		null(o, "overhead");
	}
}

static struct node *
tree_build(const struct report *r)
{
	struct node	*root, *a, *o;
	int		 i;

	root = obj(NULL, NULL);
	integer(root, "schema_version", REPORT_SCHEMA);
	str(root, "pint_version", PACKAGE_VERSION);
	tree_task(root, r);
	if (r->nruns == 1) {
		integer(root, "jobs", r->runs[0].jobs);
		str(root, "jobs_source", r->jobs_source);
		tree_run(root, r, &r->runs[0]);
		tree_host(root, r);
		return root;
	}
	str(root, "jobs_source", r->jobs_source);
	boolean(root, "integral_identical", r->identical);
	a = arr(root, "sweep");
	for (i = 0; i < r->nrows; i++) {
		const struct sweep_row	*row = &r->rows[i];

		o = obj(a, NULL);
		integer(o, "jobs", row->jobs);
		integer(o, "runs", row->nruns);
		num(o, "wall_s_min", row->wall_min);
		num(o, "wall_s_median", row->wall_median);
		num(o, "wall_s_max", row->wall_max);
		num(o, "speedup", row->speedup);
		num(o, "scaling_efficiency", row->scaling_efficiency);
		num(o, "karp_flatt", row->karp_flatt);
	}
	a = arr(root, "runs");
	for (i = 0; i < r->nruns; i++) {
		o = obj(a, NULL);
		integer(o, "jobs", r->runs[i].jobs);
		integer(o, "repeat", r->runs[i].repeat);
		tree_run(o, r, &r->runs[i]);
	}
	tree_host(root, r);
	return root;
}

void
report_json(FILE *fp, const struct report *r)
{
	struct node	*root = tree_build(r);

	json_write(fp, root, 0);
	fputc('\n', fp);
	node_free(root);
}

void
report_yaml(FILE *fp, const struct report *r)
{
	struct node	*root = tree_build(r);

	fputs("---\n", fp);
	yaml_map(fp, root, 0, 0);
	node_free(root);
}

static const char *csv_columns[] = {
	"jobs", "repeat", "name", "rule", "dims", "points", "chunks", "engine",
	"integral", "error_estimate", "nonfinite_points", "wall_s", "setup_s",
	"compute_s", "user_s", "sys_s", "utilization", "parallelism",
	"efficiency", "other_load", "max_rss_kib", "workers_max_rss_kib",
	"worker_deaths",
	"chunks_retried", "wall_s_min", "wall_s_median", "wall_s_max",
	"speedup", "scaling_efficiency", "karp_flatt", "integral_identical",
	NULL
};

static void
csv_num(FILE *fp, double v)
{
	fputc(',', fp);
	if (isfinite(v))
		fprintf(fp, "%.17g", v);
}

void
report_csv(FILE *fp, const struct report *r, int header)
{
	const struct sweep_row	*row = NULL;
	int			 i, k;

	if (header) {
		for (i = 0; csv_columns[i] != NULL; i++)
			fprintf(fp, "%s%s", i ? "," : "", csv_columns[i]);
		fputc('\n', fp);
	}
	for (i = 0; i < r->nruns; i++) {
		const struct run_record	*rr = &r->runs[i];
		const struct pool_result *p = &rr->pool;

		for (k = 0; k < r->nrows; k++)
			if (r->rows[k].jobs == rr->jobs)
				row = &r->rows[k];
		fprintf(fp, "%d,%d,", rr->jobs, rr->repeat);
		report_csv_field(fp, r->task->name ? r->task->name : "");
		fprintf(fp, ",%s,%d,%llu,%llu,", task_rule_name(r->task->rule),
		    r->task->dims, (unsigned long long)r->task->points,
		    (unsigned long long)r->grid->nchunks);
		report_csv_field(fp, r->engine);
		csv_num(fp, p->integral);
		csv_num(fp, p->error_estimate);
		fprintf(fp, ",%llu", (unsigned long long)p->nonfinite);
		csv_num(fp, p->wall_s);
		csv_num(fp, p->setup_s);
		csv_num(fp, p->compute_s);
		csv_num(fp, p->user_s);
		csv_num(fp, p->sys_s);
		csv_num(fp, rr->utilization);
		csv_num(fp, rr->parallelism);
		csv_num(fp, rr->efficiency);
		csv_num(fp, rr->have_samp ? rr->samp.other_load : NAN);
		fprintf(fp, ",%ld,%ld,%d,%llu", rr->parent_max_rss_kib,
		    p->max_rss_kib, p->deaths,
		    (unsigned long long)p->chunks_retried);
		csv_num(fp, row->wall_min);
		csv_num(fp, row->wall_median);
		csv_num(fp, row->wall_max);
		csv_num(fp, row->speedup);
		csv_num(fp, row->scaling_efficiency);
		csv_num(fp, row->karp_flatt);
		fprintf(fp, ",%s\n", r->identical ? "true" : "false");
	}
}

/* Text: "label       value" lines for people. */
static void
line(FILE *fp, const char *label, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(fp, "%-12s ", label);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
}

static void
text_task(FILE *fp, const struct report *r)
{
	const struct task	*t = r->task;
	int			 i;

	fprintf(fp, "%-12s %s over ", "task", t->expression);
	for (i = 0; i < t->dims; i++)
		fprintf(fp, "%s%s [%.17g, %.17g]", i ? " x " : "",
		    axis_names[i], t->axis[i].lo, t->axis[i].hi);
	fputc('\n', fp);
	fprintf(fp, "%-12s %s, ", "grid", task_rule_name(t->rule));
	for (i = 0; i < t->dims; i++)
		fprintf(fp, "%s%llu", i ? " x " : "",
		    (unsigned long long)t->axis[i].nodes);
	fprintf(fp, " = %llu points in %llu chunks\n",
	    (unsigned long long)t->points,
	    (unsigned long long)r->grid->nchunks);
	line(fp, "engine", "%s (muParser %s)", r->engine, r->muparser_version);
}

static void
text_run(FILE *fp, const struct report *r, const struct run_record *rr)
{
	const struct pool_result	*p = &rr->pool;
	double				 pm, psd, bm, bsd;
	int				 i;

	line(fp, "jobs", "%d (%s; %d usable of %d online CPUs)", rr->jobs,
	    r->jobs_source, r->host.cpus_usable, r->host.cpus_online);
	line(fp, "time", "wall %.6f s = setup %.6f s + compute %.6f s + "
	    "teardown", p->wall_s, p->setup_s, p->compute_s);
	line(fp, "cpu", "user %.3f s, sys %.3f s: parallelism %.2f, "
	    "efficiency %.3f, utilization %.3f of %d usable CPUs", p->user_s,
	    p->sys_s, rr->parallelism, rr->efficiency, rr->utilization,
	    r->host.cpus_usable);
	if (rr->have_samp)
		line(fp, "other load", "%.2f CPUs busy outside pint (%.1f%% "
		    "of the machine)", rr->samp.other_cpus,
		    100 * rr->samp.other_load);
	line(fp, "memory", "max RSS %ld KiB parent, %ld KiB largest worker",
	    rr->parent_max_rss_kib, p->max_rss_kib);
	line(fp, "switches", "%lld voluntary, %lld involuntary; page faults "
	    "%lld minor, %lld major", SUM_WORKERS(rr, nvcsw),
	    SUM_WORKERS(rr, nivcsw), SUM_WORKERS(rr, minflt),
	    SUM_WORKERS(rr, majflt));
	if (p->deaths == 0 && p->chunks_retried == 0 && r->fault_rate == 0)
		line(fp, "faults", "none");
	else
		line(fp, "faults", "%d worker deaths (%d hung), %llu chunks "
		    "retried; injected at rate %g: %llu deaths, %llu failures",
		    p->deaths, p->hung, (unsigned long long)p->chunks_retried,
		    r->fault_rate, (unsigned long long)p->injected_deaths,
		    (unsigned long long)p->injected_failures);
	if (rr->have_samp)
		line(fp, "sampler", "%u samples every %u ms, overhead %.3f%% "
		    "of a core", rr->samp.nsamples, r->interval_ms,
		    100 * rr->samp.overhead);
	fprintf(fp, "%-12s %8s %6s %8s %14s %7s %9s %9s %9s %10s %s\n",
	    "workers", "pid", "cpu", "chunks", "points", "share", "busy s",
	    "user s", "sys s", "rss KiB", "exit");
	for (i = 0; i < p->nworkers; i++) {
		const struct pool_worker	*w = &p->workers[i];
		char				 cpu[16];

		if (w->cpu >= 0)
			snprintf(cpu, sizeof cpu, "%d", w->cpu);
		else
			snprintf(cpu, sizeof cpu, "-");
		fprintf(fp, "%-12s %8ld %6s %8llu %14llu %6.1f%% %9.3f %9.3f "
		    "%9.3f %10ld %s\n", "", (long)w->pid, cpu,
		    (unsigned long long)w->chunks,
		    (unsigned long long)w->points, p->points ?
		    100.0 * (double)w->points / (double)p->points : 0,
		    w->busy_s, w->user_s, w->sys_s, w->max_rss_kib, w->exit);
	}
	fairness(rr, &pm, &psd, &bm, &bsd);
	line(fp, "fairness", "points per worker mean %.1f, stddev %.1f; "
	    "busy mean %.3f s, stddev %.3f s", pm, psd, bm, bsd);
}

void
report_text(FILE *fp, const struct report *r)
{
	const struct run_record	*first = &r->runs[0];
	int			 i;

	fprintf(fp, "%-12s %.17g\n", "integral", first->pool.integral);
	if (isfinite(first->pool.error_estimate))
		fprintf(fp, "%-12s %.3g (Richardson, against step %dh)\n",
		    "error", first->pool.error_estimate, r->grid->est_factor);
	if (first->pool.nonfinite != 0)
		fprintf(fp, "%-12s %llu points\n", "non-finite",
		    (unsigned long long)first->pool.nonfinite);
	if (r->task->name != NULL)
		line(fp, "name", "%s", r->task->name);
	text_task(fp, r);
	if (r->nruns == 1) {
		text_run(fp, r, first);
		line(fp, "host", "%s, %s", r->host.hostname, r->host.kernel);
		return;
	}
	line(fp, "identical", "%s across all %d runs", r->identical ?
	    "integral bits the same" : "INTEGRALS DIFFER", r->nruns);
	fprintf(fp, "%6s %5s %11s %11s %11s %8s %10s %10s %11s %10s\n",
	    "jobs", "runs", "wall min s", "median s", "max s", "speedup",
	    "efficiency", "karp-flatt", "parallelism", "other load");
	for (i = 0; i < r->nrows; i++) {
		const struct sweep_row	*row = &r->rows[i];
		const struct run_record	*rr = NULL;
		double			 par = 0, other = NAN;
		int			 k, n = 0;

		for (k = 0; k < r->nruns; k++) {
			if (r->runs[k].jobs != row->jobs)
				continue;
			rr = &r->runs[k];
			par += rr->parallelism;
			if (rr->have_samp)
				other = (isnan(other) ? 0 : other) +
				    rr->samp.other_cpus;
			n++;
		}
		fprintf(fp, "%6d %5d %11.6f %11.6f %11.6f %8.3f %10.3f ",
		    row->jobs, row->nruns, row->wall_min, row->wall_median,
		    row->wall_max, row->speedup, row->scaling_efficiency);
		if (isnan(row->karp_flatt))
			fprintf(fp, "%10s", "-");
		else
			fprintf(fp, "%10.4f", row->karp_flatt);
		fprintf(fp, " %11.2f ", n ? par / n : 0);
		if (isnan(other))
			fprintf(fp, "%10s\n", "-");
		else
			fprintf(fp, "%10.2f\n", other / n);
	}
	line(fp, "host", "%s, %s", r->host.hostname, r->host.kernel);
}
