/*
 * report-text: the text report, aligned "label  value" lines and tables
 * for people; the sweep's table reads the column list of report.c.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "expr.h"
#include "quad.h"
#include "report.h"
#include "report-int.h"
#include "util.h"

/* Text: "label       value" lines for people. */
static void
report_line(FILE *fp, const char *label, const char *fmt, ...)
{
	va_list	 ap;

	fprintf(fp, "%-12s ", label);
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
	fputc('\n', fp);
}

static void
text_task(FILE *fp, const struct results *r)
{
	const struct task	*t = r->task;
	int			 i;

	fprintf(fp, "%-12s %s over ", "task", t->expression);
	for (i = 0; i < t->dims; i++)
		fprintf(fp, "%s%s [%.17g, %.17g]", i ? " x " : "",
		    report_axes[i], t->axis[i].lo, t->axis[i].hi);
	fputc('\n', fp);
	fprintf(fp, "%-12s %s", "grid", quad_rule_name(t->rule));
	if (t->rule == RULE_GAUSS)
		fprintf(fp, " of order %llu", (unsigned long long)t->order);
	fputs(", ", fp);
	for (i = 0; i < t->dims; i++)
		fprintf(fp, "%s%llu", i ? " x " : "",
		    (unsigned long long)t->axis[i].nodes);
	fprintf(fp, " = %llu points in %llu chunks\n",
	    (unsigned long long)t->points,
	    (unsigned long long)r->grid->nchunks);
	/* Said where pint chose, not the user (task.rule_chosen_by). */
	if (r->rule_chosen_by != NULL &&
	    strncmp(r->rule_chosen_by, "tolerance", 9) == 0)
		report_line(fp, "rule", "%s, chosen by the %s",
		    quad_rule_name(t->rule), r->rule_chosen_by);
	report_line(fp, "engine", "%s (muParser %s)", r->engine_note,
	    r->muparser_version);
}

/*
 * A run under RESULTS_SHORT_S measured its start-up: its text report
 * gives no rates, shares of the CPUs or busy times, only this.
 */
#define TEXT_SHORT	"too short to measure"

static void
text_workers(FILE *fp, const struct results_run *rr, int brief)
{
	int	 i;

	fprintf(fp, "%-12s %8s %6s %8s %14s %7s %9s %9s %9s %10s %s\n",
	    "workers", "pid", "cpu", "chunks", "points", "share", "busy s",
	    "user s", "sys s", "rss KiB", "exit");
	for (i = 0; i < rr->nworkers; i++) {
		const struct results_worker	*w = &rr->workers[i];
		char				 cpu[16];

		if (w->cpu >= 0)
			snprintf(cpu, sizeof cpu, "%d", w->cpu);
		else
			snprintf(cpu, sizeof cpu, "-");
		fprintf(fp, "%-12s %8ld %6s %8llu %14llu %6.1f%% %9.3f %9.3f "
		    "%9.3f %10ld %s\n", "", w->pid, cpu,
		    (unsigned long long)w->chunks,
		    (unsigned long long)w->points, 100 * w->share,
		    w->busy_s, w->user_s, w->sys_s, w->max_rss_kib, w->exit);
	}
	if (brief)
		report_line(fp, "fairness", "points per worker mean %.1f, "
		    "stddev %.1f; busy times %s", rr->points_mean,
		    rr->points_sd, TEXT_SHORT);
	else
		report_line(fp, "fairness", "points per worker mean %.1f, "
		    "stddev %.1f; busy mean %.3f s, stddev %.3f s",
		    rr->points_mean, rr->points_sd, rr->busy_mean_s,
		    rr->busy_sd_s);
}

/* Room for a fingerprint string escaped (4 bytes a byte at most). */
#define TEXT_FIELD_MAX	(4 * FP_STR_MAX)

/*
 * A fingerprint field as text: its value, or "n/a". A string (read from
 * /sys, whatever it holds) is escaped as the rest of the report is.
 */
const char *
text_field(const struct fp_field *f, char *buf, size_t size)
{
	char	*e;

	if (!f->known)
		return "n/a";
	switch (f->kind) {
	case FP_STR:
		if (f->str[0] == '\0')
			return "none";
		e = str_escape(f->str);
		snprintf(buf, size, "%s", e);
		free(e);
		break;
	case FP_INT:
		snprintf(buf, size, "%lld", (long long)f->num);
		break;
	case FP_NUM:
		snprintf(buf, size, "%.3g", f->num);
		break;
	case FP_BOOL:
		return f->num != 0 ? "yes" : "no";
	}
	return buf;
}

/* The host's fingerprint: "governor performance, turbo off, ...". */
static void
text_tuning(FILE *fp, const struct results *r)
{
	static const char *const label[FPH_N] = {
		[FPH_GOVERNOR] = "governor", [FPH_DRIVER] = "driver",
		[FPH_TURBO] = "turbo", [FPH_SMT_ACTIVE] = "SMT",
		[FPH_SMT_SIBLINGS] = "usable SMT siblings",
		[FPH_ISOLCPUS] = "isolcpus", [FPH_NOHZ_FULL] = "nohz_full",
		[FPH_THP] = "THP", [FPH_ASLR] = "ASLR",
		[FPH_CGROUP_QUOTA] = "cgroup CPU quota",
		[FPH_HYPERVISOR] = "hypervisor",
	};
	char	 buf[TEXT_FIELD_MAX];
	int	 i;

	fprintf(fp, "%-12s ", "tuning");
	for (i = 0; i < FPH_N; i++)
		fprintf(fp, "%s%s %s", i ? ", " : "", label[i],
		    text_field(&r->fp.f[i], buf, sizeof buf));
	fputc('\n', fp);
}

/* A run's conditions and energy, and its warnings. */
static void
text_conditions(FILE *fp, const struct results_run *rr)
{
	const struct fp_cond	*c = &rr->cond;
	char			 b[6][64], th[64], *e;
	int			 i;

	if (c->f[FPC_THERMAL_MIN].known)
		snprintf(th, sizeof th, "%.1f-%.1f C", c->f[FPC_THERMAL_MIN].num,
		    c->f[FPC_THERMAL_MAX].num);
	else
		snprintf(th, sizeof th, "n/a");
	report_line(fp, "conditions", "load %s, %s other runnable threads at "
	    "the start, %s KiB available; steal %s CPUs; frequency spread %s; "
	    "thermal %s; throttle events %s",
	    text_field(&c->f[FPC_LOADAVG], b[0], sizeof b[0]),
	    text_field(&c->f[FPC_RUNNABLE], b[1], sizeof b[1]),
	    text_field(&c->f[FPC_MEM_AVAILABLE], b[2], sizeof b[2]),
	    text_field(&c->f[FPC_STEAL_CPUS], b[3], sizeof b[3]),
	    text_field(&c->f[FPC_FREQ_SPREAD], b[4], sizeof b[4]), th,
	    text_field(&c->f[FPC_THROTTLE], b[5], sizeof b[5]));
	if (c->energy.known)
		report_line(fp, "energy", "%.3f J, %.3g W, %.4g J per 10^9 "
		    "points", c->energy.joules, results_watts(rr),
		    results_joules_per_gpoint(rr));
	else {
		e = str_escape(c->energy.why);
		report_line(fp, "energy", "n/a (%s)", e);
		free(e);
	}
	for (i = 0; i < RESULTS_NWARN; i++)
		if (rr->warn & (1 << i))
			report_line(fp, "warning", "%s", rr->warn_msg[i]);
}

static void
text_run(FILE *fp, const struct results *r, const struct results_run *rr)
{
	int	 brief = rr->wall_s < RESULTS_SHORT_S;

	report_line(fp, "jobs", "%d (%s; %d usable of %d online CPUs)",
	    rr->jobs, r->jobs_source, r->host.cpus_usable,
	    r->host.cpus_online);
	report_line(fp, "time", "wall %.6f s = setup %.6f s + compute %.6f s "
	    "+ teardown", rr->wall_s, rr->setup_s, rr->compute_s);
	if (brief)
		report_line(fp, "cpu", "user %.3f s, sys %.3f s: parallelism, "
		    "efficiency and utilization %s", rr->user_s, rr->sys_s,
		    TEXT_SHORT);
	else
		report_line(fp, "cpu", "user %.3f s, sys %.3f s: parallelism "
		    "%.2f, efficiency %.3f, utilization %.3f of %d usable CPUs",
		    rr->user_s, rr->sys_s, rr->parallelism, rr->efficiency,
		    rr->utilization, r->host.cpus_usable);
	if (rr->have_samp && (brief || isnan(rr->other_cpus)))
		report_line(fp, "other load", "n/a (run %s)", TEXT_SHORT);
	else if (rr->have_samp)
		report_line(fp, "other load", "%.2f CPUs busy outside pint "
		    "(%.1f%% of the machine)", rr->other_cpus,
		    100 * rr->other_load);
	if (brief)
		report_line(fp, "throughput", "%s", TEXT_SHORT);
	else
		report_line(fp, "throughput", "%.4g points/s, %.3g ns per "
		    "point per worker", rr->points_per_s,
		    rr->ns_per_point_per_worker);
	report_line(fp, "memory", "max RSS %ld KiB parent, %ld KiB largest "
	    "worker", rr->max_rss_kib, rr->workers_max_rss_kib);
	report_line(fp, "switches", "%lld voluntary, %lld involuntary; page "
	    "faults %lld minor, %lld major", rr->nvcsw, rr->nivcsw,
	    rr->minflt, rr->majflt);
	if (rr->deaths == 0 && rr->chunks_retried == 0 && r->fault_rate == 0)
		report_line(fp, "faults", "none");
	else
		report_line(fp, "faults", "%d worker deaths (%d hung), %llu "
		    "chunks retried; injected at rate %g: %llu deaths, %llu "
		    "failures", rr->deaths, rr->hung,
		    (unsigned long long)rr->chunks_retried, r->fault_rate,
		    (unsigned long long)rr->injected_deaths,
		    (unsigned long long)rr->injected_failures);
	if (r->checkpoint != NULL)
		report_line(fp, "checkpoint", "%s: %llu of %llu chunks resumed",
		    r->checkpoint, (unsigned long long)rr->chunks_resumed,
		    (unsigned long long)r->grid->nchunks);
	if (rr->have_samp)
		report_line(fp, "sampler", "%u samples every %u ms, overhead "
		    "%.3f%% of a core", rr->nsamples, r->interval_ms,
		    100 * rr->sampler_overhead);
	text_workers(fp, rr, brief);
	text_conditions(fp, rr);
}

/* A small chart of speedup against the ideal, one bar per -j value. */
static void
text_chart(FILE *fp, const struct results *r)
{
	const struct results_row	*base = &r->rows[0];
	double				 top = 1, ideal;
	int				 i, k, n, m, width = 40;

	for (i = 0; i < r->nrows; i++) {
		ideal = (double)r->rows[i].jobs / base->jobs;
		if (ideal > top)
			top = ideal;
		if (r->rows[i].speedup_ci_high > top)
			top = r->rows[i].speedup_ci_high;
	}
	fprintf(fp, "%-12s # speedup, | ideal (%d-job run = 1)\n", "chart",
	    base->jobs);
	for (i = 0; i < r->nrows; i++) {
		const struct results_row	*row = &r->rows[i];

		ideal = (double)row->jobs / base->jobs;
		n = (int)lround(row->speedup / top * width);
		m = (int)lround(ideal / top * width);
		fprintf(fp, "%10d  ", row->jobs);
		for (k = 1; k <= width; k++)
			fputc(k == m ? '|' : k <= n ? '#' : ' ', fp);
		fprintf(fp, " %.2f\n", row->speedup);
	}
}

void
report_sweep_conditions(FILE *fp, const struct results *r)
{
	int	 i, k, any;

	if (!r->runs[0].cond.energy.known)
		report_line(fp, "energy", "n/a (%s)", r->runs[0].cond.energy.why);
	for (i = 0; i < r->nrows && r->runs[0].cond.energy.known; i++) {
		const struct results_row	*row = &r->rows[i];

		report_line(fp, i == 0 ? "energy" : "", "-j %d: %.3f J, %.3g W, "
		    "%.4g J per 10^9 points (means)", row->jobs, row->joules,
		    row->watts, row->joules_per_gpoint);
	}
	for (i = 0; i < r->nrows; i++) {
		if (r->rows[i].warn == 0)
			continue;
		fprintf(fp, "%-12s -j %d:", "warnings", r->rows[i].jobs);
		for (k = 0, any = 0; k < RESULTS_NWARN; k++)
			if (r->rows[i].warn & (1 << k))
				fprintf(fp, "%s %s", any++ ? "," : "",
				    results_warn_names[k]);
		fputc('\n', fp);
	}
}

/* The legend wrapped at 78 columns under the label column. */
static void
text_legend(FILE *fp, const char *s)
{
	const char	*end;
	int		 n;

	while (*s != '\0') {
		n = (int)strlen(s);
		if (n > 65) {
			for (n = 65; n > 0 && s[n] != ' '; n--)
				continue;
			if (n == 0)
				n = 65;
		}
		end = s + n;
		report_line(fp, "", "%.*s", n, s);
		s = *end == ' ' ? end + 1 : end;
	}
}

/* A number by fmt, or nan where it is not one, right in width. */
static void
text_num(FILE *fp, const char *fmt, const char *nan, int width, double v)
{
	char	 buf[64];

	if (nan != NULL && isnan(v))
		snprintf(buf, sizeof buf, "%s", nan);
	else
		snprintf(buf, sizeof buf, fmt, v);
	fprintf(fp, "%*s", width, buf);
}

/* One cell of a text row: column k of md_cols; first: the first row. */
static void
text_cell(FILE *fp, const struct md_col *col, const struct rf_ctx *c,
    size_t k, int first)
{
	struct rf_val	 v = report_get(RF_ROW, col->field, c), w;
	double		 d = v.type == RF_NUM ? v.num : NAN;
	char		 buf[64];

	if (k > 0)
		fputc(' ', fp);
	switch (col->cell) {
	case MD_JOBS:
		fprintf(fp, col->tfmt, v.i);
		fputc(report_get(RF_ROW, "oversubscribed", c).i ? '*' : ' ',
		    fp);
		break;
	case MD_VALUE:
		if (v.type == RF_INT) {
			snprintf(buf, sizeof buf, col->tfmt, v.i);
			fprintf(fp, "%*s", col->width, buf);
		} else
			text_num(fp, col->tfmt, col->nan, col->width, d);
		break;
	case MD_MEAN_SD:
		text_num(fp, col->tfmt, NULL, col->width, d);
		fputs(" +- ", fp);
		w = report_get(RF_ROW, "wall_s_stddev", c);
		text_num(fp, col->tfmt, col->nan, 8, w.num);
		break;
	case MD_INTERVAL:
		w = report_get(RF_ROW, "speedup_ci95_high", c);
		if (first)
			snprintf(buf, sizeof buf, "-");
		else if (isnan(d))
			snprintf(buf, sizeof buf, "%s", col->nan);
		else
			snprintf(buf, sizeof buf, col->tfmt, d, w.num);
		fprintf(fp, "%*s", col->width, buf);
		break;
	}
}

void
report_sweep_table(FILE *fp, const struct results *r, int legend)
{
	struct rf_ctx	 c = { r, NULL, NULL };
	char		 buf[1024];
	size_t		 k;
	int		 i, over = 0;

	for (k = 0; k < md_ncols; k++)
		if (md_cols[k].text != NULL)
			fprintf(fp, "%s%*s", k > 0 ? " " : "", md_cols[k].head,
			    md_cols[k].text);
	fputc('\n', fp);
	for (i = 0; i < r->nrows; i++) {
		c.row = &r->rows[i];
		for (k = 0; k < md_ncols; k++)
			if (md_cols[k].tfmt != NULL)
				text_cell(fp, &md_cols[k], &c, k, i == 0);
		fputc('\n', fp);
		over |= r->rows[i].oversubscribed;
	}
	if (legend)
		text_legend(fp, report_legend(r, 0, buf, sizeof buf));
	if (over)
		report_line(fp, "", "* more jobs than the %d usable CPUs",
		    r->host.cpus_usable);
	report_notes(fp, r, "warning      ", 0);
}

static void
text_sweep(FILE *fp, const struct results *r)
{
	report_line(fp, "identical", "%s across all %d runs", r->identical ?
	    "integral bits the same" : "INTEGRALS DIFFER", r->nruns);
	report_sweep_table(fp, r, 1);
	text_chart(fp, r);
	report_sweep_conditions(fp, r);
}

/* The footer: where, when, how and by what build the runs ran. */
static void
text_provenance(FILE *fp, const struct results *r)
{
	const struct hostinfo	*h = &r->host;
	char			*host = str_escape(h->hostname);
	char			*model = str_escape(h->cpu_model);
	char			*argv = str_escape(r->argv != NULL ? r->argv : "");
	char			*job = str_escape(h->slurm_job_id[0] != '\0' ?
				    h->slurm_job_id : "-");

	report_line(fp, "host", "%s, %s", host, h->kernel);
	if (h->sockets > 0)
		report_line(fp, "machine", "%s; sockets %d, cores per socket "
		    "%d, threads per core %d, NUMA nodes %d; %d of %d CPUs "
		    "usable (%s)",
		    model, h->sockets, h->cores_per_socket,
		    h->threads_per_core, h->numa_nodes, h->cpus_usable,
		    h->cpus_online, r->usable_source);
	else
		report_line(fp, "machine", "%s; %d of %d CPUs usable (%s)",
		    model, h->cpus_usable, h->cpus_online,
		    r->usable_source);
	text_tuning(fp, r);
	report_line(fp, "built", "pint %s, %s, %s", PACKAGE_VERSION,
	    h->compiler, h->cflags);
	report_line(fp, "started", "%s", r->start_time);
	report_line(fp, "command", "%s", argv);
	if (r->label != NULL) {
		char	*label = str_escape(r->label);

		report_line(fp, "label", "%s", label);
		free(label);
	}
	if (h->slurm_job_id[0] != '\0' || h->slurm_ntasks > 0)
		report_line(fp, "slurm", "job %s, %d tasks", job,
		    h->slurm_ntasks);
	free(host);
	free(model);
	free(argv);
	free(job);
}

/* MPI mode: a line per rank. */
static void
text_nodes(FILE *fp, const struct results *r)
{
	double	 mpi_s = 0;
	int	 i;

	for (i = 0; i < r->ranks; i++)
		mpi_s += r->nodes[i].mpi_s;
	report_line(fp, "ranks", "%d; %.3f s in MPI calls in all; job "
	    "efficiency %.3f", r->ranks, mpi_s, r->job_efficiency);
	fprintf(fp, "%-12s %4s %-16s %4s %7s %12s %9s %9s %8s %8s %6s %9s\n",
	    "nodes", "rank", "host", "jobs", "chunks", "points", "busy s",
	    "cpu s", "other", "mpi s", "deaths", "rss KiB");
	for (i = 0; i < r->ranks; i++) {
		const struct cluster_node	*nd = &r->nodes[i];
		char				 other[16];

		if (isfinite(nd->other_cpus))
			snprintf(other, sizeof other, "%.2f", nd->other_cpus);
		else
			snprintf(other, sizeof other, "-");
		fprintf(fp, "%-12s %4d %-16.16s %4d %7llu %12llu %9.3f %9.3f "
		    "%8s %8.3f %6d %9ld\n", "", nd->rank, nd->host, nd->jobs,
		    (unsigned long long)nd->chunks,
		    (unsigned long long)nd->points, nd->busy_s,
		    nd->user_s + nd->sys_s, other, nd->mpi_s,
		    nd->worker_deaths, nd->max_rss_kib);
	}
}

/* The tolerance line: its estimate as the JSON has it (none if not finite). */
static void
text_tolerance(FILE *fp, const struct results_run *rr)
{
	const char	*how;
	char		 est[48];

	if (isfinite(rr->error_estimate))
		snprintf(est, sizeof est, "estimate %.2g", rr->error_estimate);
	else
		snprintf(est, sizeof est, "no finite estimate,");
	how = rr->tol_met ? "<=" : !isfinite(rr->error_estimate) ? "target" :
	    rr->error_estimate > rr->tol_target ? ">" : rr->error_reliable ?
	    "unconfirmed, target" : "unreliable, target";
	fprintf(fp, "%-12s %s%s%s: %s %s %.2g after %d grids, %llu points "
	    "evaluated (%llu to confirm)\n", "tolerance", rr->tol_met ? "met" :
	    "NOT MET (", rr->tol_met ? "" : rr->tol_stop != NULL ?
	    rr->tol_stop : "interrupted", rr->tol_met ? "" : ")", est, how,
	    rr->tol_target, rr->grids,
	    (unsigned long long)rr->points_evaluated,
	    (unsigned long long)rr->confirm_points);
}

void
report_text(FILE *fp, const struct results *r)
{
	const struct results_run	*first = &r->runs[0];

	fprintf(fp, "%-12s %.17g\n", "integral", first->integral);
	if (isfinite(first->error_estimate))
		fprintf(fp, "%-12s %.2g (%s)\n", "error",
		    first->error_estimate, first->error_note);
	if (first->adaptive)
		text_tolerance(fp, first);
	if (first->nonfinite != 0)
		fprintf(fp, "%-12s %llu points\n", "non-finite",
		    (unsigned long long)first->nonfinite);
	if (r->task->name != NULL) {
		char	*name = str_escape(r->task->name);

		report_line(fp, "name", "%s", name);
		free(name);
	}
	text_task(fp, r);
	if (r->nruns == 1)
		text_run(fp, r, first);
	else
		text_sweep(fp, r);
	text_provenance(fp, r);
	if (r->nodes != NULL)
		text_nodes(fp, r);
}
