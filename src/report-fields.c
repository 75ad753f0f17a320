/*
 * report-fields: the report's fields, each once (see report-fields.h).
 * To add a field: a getter and a row here (in the JSON order of its
 * object, with its CSV column numbers if it has any), the schema, and
 * pint(1); tests/check_report.c fails until all three agree.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "report.h"
#include "report-fields.h"

static struct rf_val
rf_num(double v)
{
	struct rf_val	 x = { RF_NUM, v, 0, 0, NULL };

	return x;
}

static struct rf_val
rf_int(long long v)
{
	struct rf_val	 x = { RF_INT, 0, v, 0, NULL };

	return x;
}

static struct rf_val
rf_uint(unsigned long long v)
{
	struct rf_val	 x = { RF_UINT, 0, 0, v, NULL };

	return x;
}

static struct rf_val
rf_bool(int v)
{
	struct rf_val	 x = { RF_BOOL, 0, v != 0, 0, NULL };

	return x;
}

static struct rf_val
rf_str(const char *s)
{
	struct rf_val	 x = { s != NULL ? RF_STR : RF_NULL, 0, 0, 0, s };

	return x;
}

static struct rf_val
rf_null(void)
{
	struct rf_val	 x = { RF_NULL, 0, 0, 0, NULL };

	return x;
}

static struct rf_val
rf_warn(int bits)
{
	struct rf_val	 x = { RF_WARN, 0, bits, 0, NULL };

	return x;
}

/* A number that may be unknown: null then. */
static struct rf_val
rf_maybe(int known, double v)
{
	return known ? rf_num(v) : rf_null();
}

/* A count that is unknown at 0: null then. */
static struct rf_val
rf_count(long long v)
{
	return v > 0 ? rf_int(v) : rf_null();
}

/* A field of a tolerance's sequence of grids: null in a plain run. */
#define ADAPTIVE(rr, v)	((rr)->adaptive ? (v) : rf_null())

/* The whole report. */
static struct rf_val t_schema(const struct rf_ctx *c)
{ (void)c; return rf_int(REPORT_SCHEMA); }
static struct rf_val t_version(const struct rf_ctx *c)
{ (void)c; return rf_str(PACKAGE_VERSION); }
static struct rf_val t_label(const struct rf_ctx *c)
{ return rf_str(c->r->label); }
static struct rf_val t_argv(const struct rf_ctx *c)
{ return rf_str(c->r->argv); }
static struct rf_val t_start(const struct rf_ctx *c)
{ return rf_str(c->r->start_time); }
static struct rf_val t_compiler(const struct rf_ctx *c)
{ return rf_str(c->r->host.compiler); }
static struct rf_val t_cflags(const struct rf_ctx *c)
{ return rf_str(c->r->host.cflags); }
static struct rf_val t_slurm_job(const struct rf_ctx *c)
{ return rf_str(c->r->host.slurm_job_id[0] != '\0' ?
    c->r->host.slurm_job_id : NULL); }
static struct rf_val t_slurm_ntasks(const struct rf_ctx *c)
{ return rf_count(c->r->host.slurm_ntasks); }
static struct rf_val t_name(const struct rf_ctx *c)
{ return rf_str(c->r->task->name); }
static struct rf_val t_expression(const struct rf_ctx *c)
{ return rf_str(c->r->task->expression); }
static struct rf_val t_rule(const struct rf_ctx *c)
{ return rf_str(quad_rule_name(c->r->task->rule)); }
static struct rf_val t_rule_by(const struct rf_ctx *c)
{ return rf_str(c->r->rule_chosen_by); }
static struct rf_val t_order(const struct rf_ctx *c)
{
	struct rf_val	 x = rf_int((long long)c->r->task->order);

	if (c->r->task->rule != RULE_GAUSS)
		x.type = RF_OMIT;
	return x;
}
static struct rf_val t_dims(const struct rf_ctx *c)
{ return rf_int(c->r->task->dims); }
static struct rf_val t_points(const struct rf_ctx *c)
{ return rf_int((long long)c->r->task->points); }
static struct rf_val t_chunks(const struct rf_ctx *c)
{ return rf_int((long long)c->r->grid->nchunks); }
static struct rf_val t_chunk_rows(const struct rf_ctx *c)
{ return rf_int((long long)c->r->grid->chunk_rows); }
static struct rf_val t_engine(const struct rf_ctx *c)
{ return rf_str(task_engine_name(c->r->engine)); }
static struct rf_val t_engine_note(const struct rf_ctx *c)
{ return rf_str(c->r->engine_note); }
static struct rf_val t_muparser(const struct rf_ctx *c)
{ return rf_str(c->r->muparser_version); }
static struct rf_val t_jobs_source(const struct rf_ctx *c)
{ return rf_str(c->r->jobs_source); }
static struct rf_val t_ranks(const struct rf_ctx *c)
{ return rf_int(c->r->ranks); }
static struct rf_val t_identical(const struct rf_ctx *c)
{ return rf_bool(c->r->identical); }
static struct rf_val t_hostname(const struct rf_ctx *c)
{ return rf_str(c->r->host.hostname); }
static struct rf_val t_cpus_online(const struct rf_ctx *c)
{ return rf_int(c->r->host.cpus_online); }
static struct rf_val t_cpus_usable(const struct rf_ctx *c)
{ return rf_int(c->r->host.cpus_usable); }
static struct rf_val t_kernel(const struct rf_ctx *c)
{ return rf_str(c->r->host.kernel); }
static struct rf_val t_cpu_model(const struct rf_ctx *c)
{ return rf_str(c->r->host.cpu_model); }
static struct rf_val t_sockets(const struct rf_ctx *c)
{ return rf_count(c->r->host.sockets); }
static struct rf_val t_cores(const struct rf_ctx *c)
{ return rf_count(c->r->host.cores_per_socket); }
static struct rf_val t_threads(const struct rf_ctx *c)
{ return rf_count(c->r->host.threads_per_core); }
static struct rf_val t_numa(const struct rf_ctx *c)
{ return rf_count(c->r->host.numa_nodes); }

/* A run. */
static struct rf_val u_jobs(const struct rf_ctx *c)
{ return rf_int(c->rr->jobs); }
static struct rf_val u_repeat(const struct rf_ctx *c)
{ return rf_int(c->rr->repeat); }
static struct rf_val u_outlier(const struct rf_ctx *c)
{ return rf_bool(c->rr->outlier); }
static struct rf_val u_wall_z(const struct rf_ctx *c)
{ return rf_num(c->rr->wall_z); }
static struct rf_val u_integral(const struct rf_ctx *c)
{ return rf_num(c->rr->integral); }
static struct rf_val u_error(const struct rf_ctx *c)
{ return rf_num(c->rr->error_estimate); }
static struct rf_val u_order(const struct rf_ctx *c)
{ return rf_num(c->rr->observed_order); }
static struct rf_val u_reliable(const struct rf_ctx *c)
{ return rf_bool(c->rr->error_reliable); }
/* Null in a plain run: no tolerance, and no grid to check with. */
static struct rf_val u_confirmed(const struct rf_ctx *c)
{ return c->rr->confirmed >= 0 ? ADAPTIVE(c->rr,
    rf_bool(c->rr->confirmed)) : rf_null(); }
static struct rf_val u_tol_met(const struct rf_ctx *c)
{ return ADAPTIVE(c->rr, rf_bool(c->rr->tol_met)); }
static struct rf_val u_tol_target(const struct rf_ctx *c)
{ return ADAPTIVE(c->rr, rf_num(c->rr->tol_target)); }
static struct rf_val u_tol_stop(const struct rf_ctx *c)
{ return ADAPTIVE(c->rr, rf_str(c->rr->tol_stop)); }
static struct rf_val u_grids(const struct rf_ctx *c)
{ return ADAPTIVE(c->rr, rf_int(c->rr->grids)); }
static struct rf_val u_evaluated(const struct rf_ctx *c)
{ return ADAPTIVE(c->rr, rf_int((long long)c->rr->points_evaluated)); }
static struct rf_val u_confirm_points(const struct rf_ctx *c)
{ return ADAPTIVE(c->rr, rf_int((long long)c->rr->confirm_points)); }
static struct rf_val u_nonfinite(const struct rf_ctx *c)
{ return rf_int((long long)c->rr->nonfinite); }
static struct rf_val u_wall(const struct rf_ctx *c)
{ return rf_num(c->rr->wall_s); }
static struct rf_val u_setup(const struct rf_ctx *c)
{ return rf_num(c->rr->setup_s); }
static struct rf_val u_compute(const struct rf_ctx *c)
{ return rf_num(c->rr->compute_s); }
static struct rf_val u_user(const struct rf_ctx *c)
{ return rf_num(c->rr->user_s); }
static struct rf_val u_sys(const struct rf_ctx *c)
{ return rf_num(c->rr->sys_s); }
static struct rf_val u_utilization(const struct rf_ctx *c)
{ return rf_num(c->rr->utilization); }
static struct rf_val u_parallelism(const struct rf_ctx *c)
{ return rf_num(c->rr->parallelism); }
static struct rf_val u_efficiency(const struct rf_ctx *c)
{ return rf_num(c->rr->efficiency); }
static struct rf_val u_own_cpu(const struct rf_ctx *c)
{ return rf_maybe(c->rr->have_samp, c->rr->own_cpu_s); }
static struct rf_val u_other_load(const struct rf_ctx *c)
{ return rf_maybe(!isnan(c->rr->other_load), c->rr->other_load); }
static struct rf_val u_other_cpus(const struct rf_ctx *c)
{ return rf_maybe(!isnan(c->rr->other_cpus), c->rr->other_cpus); }
static struct rf_val u_machine_busy(const struct rf_ctx *c)
{ return rf_maybe(c->rr->have_samp, c->rr->machine_busy_cpus); }
static struct rf_val u_nvcsw(const struct rf_ctx *c)
{ return rf_int(c->rr->nvcsw); }
static struct rf_val u_nivcsw(const struct rf_ctx *c)
{ return rf_int(c->rr->nivcsw); }
static struct rf_val u_minflt(const struct rf_ctx *c)
{ return rf_int(c->rr->minflt); }
static struct rf_val u_majflt(const struct rf_ctx *c)
{ return rf_int(c->rr->majflt); }
static struct rf_val u_points_per_s(const struct rf_ctx *c)
{ return rf_num(c->rr->points_per_s); }
static struct rf_val u_ns_per_point(const struct rf_ctx *c)
{ return rf_num(c->rr->ns_per_point_per_worker); }
static struct rf_val u_rss(const struct rf_ctx *c)
{ return rf_int(c->rr->max_rss_kib); }
static struct rf_val u_workers_rss(const struct rf_ctx *c)
{ return rf_int(c->rr->workers_max_rss_kib); }
static struct rf_val u_peak_rss(const struct rf_ctx *c)
{ return c->rr->have_samp ? rf_int((long long)c->rr->peak_total_rss_kib) :
    rf_null(); }
static struct rf_val u_points_mean(const struct rf_ctx *c)
{ return rf_num(c->rr->points_mean); }
static struct rf_val u_points_sd(const struct rf_ctx *c)
{ return rf_num(c->rr->points_sd); }
static struct rf_val u_busy_mean(const struct rf_ctx *c)
{ return rf_num(c->rr->busy_mean_s); }
static struct rf_val u_busy_sd(const struct rf_ctx *c)
{ return rf_num(c->rr->busy_sd_s); }
static struct rf_val u_deaths(const struct rf_ctx *c)
{ return rf_int(c->rr->deaths); }
static struct rf_val u_hung(const struct rf_ctx *c)
{ return rf_int(c->rr->hung); }
static struct rf_val u_retried(const struct rf_ctx *c)
{ return rf_int((long long)c->rr->chunks_retried); }
static struct rf_val u_inj_rate(const struct rf_ctx *c)
{ return rf_num(c->r->fault_rate); }
static struct rf_val u_inj_seed(const struct rf_ctx *c)
{ return c->r->fault_rate > 0 ? rf_uint(c->r->fault_seed) : rf_null(); }
static struct rf_val u_inj_deaths(const struct rf_ctx *c)
{ return rf_int((long long)c->rr->injected_deaths); }
static struct rf_val u_inj_failures(const struct rf_ctx *c)
{ return rf_int((long long)c->rr->injected_failures); }
static struct rf_val u_interval(const struct rf_ctx *c)
{ return rf_int(c->r->interval_ms); }
static struct rf_val u_samples(const struct rf_ctx *c)
{ return c->rr->have_samp ? rf_int(c->rr->nsamples) : rf_null(); }
static struct rf_val u_overhead(const struct rf_ctx *c)
{ return c->rr->have_samp ? rf_num(c->rr->sampler_overhead) : rf_null(); }
static struct rf_val u_joules(const struct rf_ctx *c)
{ return rf_num(c->rr->cond.energy.known ? c->rr->cond.energy.joules :
    NAN); }
static struct rf_val u_watts(const struct rf_ctx *c)
{ return rf_num(results_watts(c->rr)); }
static struct rf_val u_joules_gp(const struct rf_ctx *c)
{ return rf_num(results_joules_per_gpoint(c->rr)); }
static struct rf_val u_warnings(const struct rf_ctx *c)
{ return rf_warn(c->rr->warn); }

/* A -j value's row. */
static struct rf_val w_jobs(const struct rf_ctx *c)
{ return rf_int(c->row->jobs); }
static struct rf_val w_runs(const struct rf_ctx *c)
{ return rf_int(c->row->nruns); }
static struct rf_val w_over(const struct rf_ctx *c)
{ return rf_bool(c->row->oversubscribed); }
static struct rf_val w_mean(const struct rf_ctx *c)
{ return rf_num(c->row->wall_mean); }
static struct rf_val w_sd(const struct rf_ctx *c)
{ return rf_num(c->row->wall_sd); }
static struct rf_val w_min(const struct rf_ctx *c)
{ return rf_num(c->row->wall_min); }
static struct rf_val w_median(const struct rf_ctx *c)
{ return rf_num(c->row->wall_median); }
static struct rf_val w_max(const struct rf_ctx *c)
{ return rf_num(c->row->wall_max); }
static struct rf_val w_speedup(const struct rf_ctx *c)
{ return rf_num(c->row->speedup); }
static struct rf_val w_ci_low(const struct rf_ctx *c)
{ return rf_num(c->row->speedup_ci_low); }
static struct rf_val w_ci_high(const struct rf_ctx *c)
{ return rf_num(c->row->speedup_ci_high); }
static struct rf_val w_ideal(const struct rf_ctx *c)
{ return rf_num(c->row->ideal); }
static struct rf_val w_flag(const struct rf_ctx *c)
{ return rf_str(c->row->flag[0] != '\0' ? c->row->flag : NULL); }
static struct rf_val w_outliers(const struct rf_ctx *c)
{ return rf_int(c->row->noutliers); }
static struct rf_val w_scaling(const struct rf_ctx *c)
{ return rf_num(c->row->scaling_efficiency); }
static struct rf_val w_efficiency(const struct rf_ctx *c)
{ return rf_num(c->row->efficiency); }
static struct rf_val w_karp_flatt(const struct rf_ctx *c)
{ return rf_num(c->row->karp_flatt); }
static struct rf_val w_parallelism(const struct rf_ctx *c)
{ return rf_num(c->row->parallelism); }
static struct rf_val w_other_cpus(const struct rf_ctx *c)
{ return rf_maybe(!isnan(c->row->other_cpus), c->row->other_cpus); }
static struct rf_val w_points_per_s(const struct rf_ctx *c)
{ return rf_num(c->row->points_per_s); }
static struct rf_val w_joules(const struct rf_ctx *c)
{ return rf_num(c->row->joules); }
static struct rf_val w_watts(const struct rf_ctx *c)
{ return rf_num(c->row->watts); }
static struct rf_val w_joules_gp(const struct rf_ctx *c)
{ return rf_num(c->row->joules_per_gpoint); }
static struct rf_val w_warnings(const struct rf_ctx *c)
{ return rf_warn(c->row->warn); }

#define J	RF_JSON
#define JB	RF_JSON_BY
#define SP(x)	RF_SP_ ## x
#define NO	RF_SP_NONE

/*
 * In each scope, the fields in the order of their JSON object, a group's
 * fields together; csv and sum are the columns in the CSV report and in
 * the --summary CSV (pint(1) lists both).
 */
const struct report_field report_fields[] = {
	/* scope, group, name, unit, show, csv, sum, special, get */
	{ RF_TOP, NULL, "schema_version", NULL, J, 0, 0, NO, t_schema },
	{ RF_TOP, NULL, "pint_version", NULL, J, 45, 29, NO, t_version },
	{ RF_TOP, NULL, "label", NULL, J, 61, 45, NO, t_label },
	{ RF_TOP, "provenance", "argv", NULL, J, 60, 44, NO, t_argv },
	{ RF_TOP, "provenance", "start_time", NULL, J, 46, 30, NO, t_start },
	{ RF_TOP, "provenance", "compiler", NULL, J, 56, 40, NO, t_compiler },
	{ RF_TOP, "provenance", "cflags", NULL, J, 57, 41, NO, t_cflags },
	{ RF_TOP, "provenance", "slurm_job_id", NULL, J, 58, 42, NO,
	    t_slurm_job },
	{ RF_TOP, "provenance", "slurm_ntasks", NULL, J, 59, 43, NO,
	    t_slurm_ntasks },
	{ RF_TOP, "task", "name", NULL, J, 3, 3, NO, t_name },
	{ RF_TOP, "task", "expression", NULL, J, 0, 0, NO, t_expression },
	{ RF_TOP, "task", "rule", NULL, J, 4, 0, NO, t_rule },
	{ RF_TOP, "task", "rule_chosen_by", NULL, J, 77, 0, NO, t_rule_by },
	{ RF_TOP, "task", "order", "points", J, 0, 0, NO, t_order },
	{ RF_TOP, "task", "dims", NULL, J, 5, 0, NO, t_dims },
	{ RF_TOP, "task", "domain", NULL, J, 0, 0, SP(DOMAIN), NULL },
	{ RF_TOP, "task", "step", NULL, J, 0, 0, SP(STEP), NULL },
	{ RF_TOP, "task", "nodes", NULL, J, 0, 0, SP(AXIS_NODES), NULL },
	{ RF_TOP, "task", "points", "points", J, 6, 4, NO, t_points },
	{ RF_TOP, "task", "chunks", NULL, J, 7, 0, NO, t_chunks },
	{ RF_TOP, "task", "chunk_rows", "rows", J, 0, 0, NO, t_chunk_rows },
	{ RF_TOP, "task", "engine", NULL, J, 8, 5, NO, t_engine },
	{ RF_TOP, "task", "engine_note", NULL, J, 32, 0, NO, t_engine_note },
	{ RF_TOP, "task", "engine_ops", NULL, J, 0, 0, SP(ENGINE_OPS), NULL },
	{ RF_TOP, "task", "muparser_version", NULL, J, 0, 0, NO, t_muparser },
	{ RF_TOP, NULL, "jobs_source", NULL, J, 55, 39, NO, t_jobs_source },
	{ RF_TOP, NULL, "ranks", NULL, J, 42, 0, NO, t_ranks },
	{ RF_TOP, "result", NULL, NULL, J, 0, 0, SP(FIRST_RESULT), NULL },
	{ RF_TOP, "result", "integral_identical", NULL, J, 31, 7, NO,
	    t_identical },
	{ RF_TOP, NULL, "sweep", NULL, J, 0, 0, SP(SWEEP), NULL },
	{ RF_TOP, NULL, "runs", NULL, J, 0, 0, SP(RUNS), NULL },
	{ RF_TOP, "host", "hostname", NULL, J, 47, 31, NO, t_hostname },
	{ RF_TOP, "host", "cpus_online", "CPUs", J, 53, 37, NO,
	    t_cpus_online },
	{ RF_TOP, "host", "cpus_usable", "CPUs", J, 54, 38, NO,
	    t_cpus_usable },
	{ RF_TOP, "host", "kernel", NULL, J, 0, 0, NO, t_kernel },
	{ RF_TOP, "host", "cpu_model", NULL, J, 48, 32, NO, t_cpu_model },
	{ RF_TOP, "host", "sockets", NULL, J, 49, 33, NO, t_sockets },
	{ RF_TOP, "host", "cores_per_socket", NULL, J, 50, 34, NO, t_cores },
	{ RF_TOP, "host", "threads_per_core", NULL, J, 51, 35, NO, t_threads },
	{ RF_TOP, "host", "numa_nodes", NULL, J, 52, 36, NO, t_numa },
	{ RF_TOP, "host", NULL, NULL, J, 62, 46, SP(FP_HOST), NULL },
	{ RF_TOP, NULL, "nodes", NULL, J, 0, 0, SP(NODES), NULL },
	{ RF_TOP, NULL, "mpi", NULL, JB, 0, 0, NO, NULL },

	{ RF_RUN, NULL, "jobs", NULL, J, 1, 0, NO, u_jobs },
	{ RF_RUN, NULL, "repeat", NULL, J, 2, 0, NO, u_repeat },
	{ RF_RUN, NULL, "outlier", NULL, J, 44, 0, SP(OUTLIER), u_outlier },
	{ RF_RUN, "result", "integral", NULL, J, 9, 6, NO, u_integral },
	{ RF_RUN, "result", "error_estimate", NULL, J, 10, 0, NO, u_error },
	{ RF_RUN, "result", "observed_order", NULL, J, 68, 0, NO, u_order },
	{ RF_RUN, "result", "error_reliable", NULL, J, 69, 0, NO, u_reliable },
	{ RF_RUN, "result", "error_confirmed", NULL, J, 70, 0, NO,
	    u_confirmed },
	{ RF_RUN, "result", "tolerance_met", NULL, J, 71, 0, NO, u_tol_met },
	{ RF_RUN, "result", "tolerance_target", NULL, J, 72, 0, NO,
	    u_tol_target },
	{ RF_RUN, "result", "tolerance_stop", NULL, J, 73, 0, NO, u_tol_stop },
	{ RF_RUN, "result", "grids", NULL, J, 74, 0, NO, u_grids },
	{ RF_RUN, "result", "points_evaluated", "points", J, 75, 0, NO,
	    u_evaluated },
	{ RF_RUN, "result", "confirm_points", "points", J, 76, 0, NO,
	    u_confirm_points },
	{ RF_RUN, "result", "nonfinite_points", "points", J, 11, 0, NO,
	    u_nonfinite },
	{ RF_RUN, "result", "first_nonfinite_point", NULL, J, 0, 0,
	    SP(BAD_POINT), NULL },
	{ RF_RUN, "timing", "wall_s", "s", J, 12, 0, NO, u_wall },
	{ RF_RUN, "timing", "setup_s", "s", J, 13, 0, NO, u_setup },
	{ RF_RUN, "timing", "compute_s", "s", J, 14, 0, NO, u_compute },
	{ RF_RUN, "cpu", "user_s", "s", J, 15, 0, NO, u_user },
	{ RF_RUN, "cpu", "sys_s", "s", J, 16, 0, NO, u_sys },
	{ RF_RUN, "cpu", "utilization", NULL, J, 17, 0, NO, u_utilization },
	{ RF_RUN, "cpu", "parallelism", "CPUs", J, 18, 0, NO,
	    u_parallelism },
	{ RF_RUN, "cpu", "efficiency", NULL, J, 19, 0, NO, u_efficiency },
	{ RF_RUN, "cpu", "own_cpu_s", "s", J, 33, 0, NO, u_own_cpu },
	{ RF_RUN, "cpu", "other_load", NULL, J, 20, 0, NO, u_other_load },
	{ RF_RUN, "cpu", "other_cpus", "CPUs", J, 34, 0, NO, u_other_cpus },
	{ RF_RUN, "cpu", "machine_busy_cpus", "CPUs", J, 0, 0, NO,
	    u_machine_busy },
	{ RF_RUN, "cpu", "voluntary_ctxt_switches", NULL, J, 0, 0, NO,
	    u_nvcsw },
	{ RF_RUN, "cpu", "involuntary_ctxt_switches", NULL, J, 0, 0, NO,
	    u_nivcsw },
	{ RF_RUN, "cpu", "minor_faults", NULL, J, 0, 0, NO, u_minflt },
	{ RF_RUN, "cpu", "major_faults", NULL, J, 0, 0, NO, u_majflt },
	{ RF_RUN, "throughput", "points_per_s", "points/s", J, 35, 0, NO,
	    u_points_per_s },
	{ RF_RUN, "throughput", "ns_per_point_per_worker", "ns", J, 36, 0, NO,
	    u_ns_per_point },
	{ RF_RUN, "memory", "max_rss_kib", "KiB", J, 21, 0, NO, u_rss },
	{ RF_RUN, "memory", "workers_max_rss_kib", "KiB", J, 22, 0, NO,
	    u_workers_rss },
	{ RF_RUN, "memory", "workers_peak_total_rss_kib", "KiB", J, 0, 0, NO,
	    u_peak_rss },
	{ RF_RUN, NULL, "workers", NULL, J, 0, 0, SP(WORKERS), NULL },
	{ RF_RUN, "fairness", "points_mean", "points", J, 0, 0, NO,
	    u_points_mean },
	{ RF_RUN, "fairness", "points_stddev", "points", J, 0, 0, NO,
	    u_points_sd },
	{ RF_RUN, "fairness", "busy_mean_s", "s", J, 0, 0, NO, u_busy_mean },
	{ RF_RUN, "fairness", "busy_stddev_s", "s", J, 0, 0, NO, u_busy_sd },
	{ RF_RUN, "faults", "worker_deaths", NULL, J, 23, 0, NO, u_deaths },
	{ RF_RUN, "faults", "hung_killed", NULL, J, 0, 0, NO, u_hung },
	{ RF_RUN, "faults", "chunks_retried", NULL, J, 24, 0, NO, u_retried },
	{ RF_RUN, "faults", "injected_rate", NULL, J, 0, 0, NO, u_inj_rate },
	{ RF_RUN, "faults", "injected_seed", NULL, J, 0, 0, NO, u_inj_seed },
	{ RF_RUN, "faults", "injected_deaths", NULL, J, 0, 0, NO,
	    u_inj_deaths },
	{ RF_RUN, "faults", "injected_failures", NULL, J, 0, 0, NO,
	    u_inj_failures },
	{ RF_RUN, NULL, "checkpoint", NULL, J, 0, 0, SP(CHECKPOINT), NULL },
	{ RF_RUN, "sampler", "interval_ms", "ms", J, 0, 0, NO, u_interval },
	{ RF_RUN, "sampler", "samples", NULL, J, 0, 0, NO, u_samples },
	{ RF_RUN, "sampler", "overhead", NULL, J, 0, 0, NO, u_overhead },
	{ RF_RUN, NULL, "conditions", NULL, J, 0, 0, SP(CONDITIONS), NULL },
	/* JSON: outlier.modified_z. */
	{ RF_RUN, NULL, "wall_modified_z", NULL, 0, 43, 0, NO, u_wall_z },
	{ RF_RUN, "conditions", NULL, NULL, JB, 63, 0, SP(FP_COND), NULL },
	{ RF_RUN, "energy", "joules", "J", JB, 64, 0, NO, u_joules },
	{ RF_RUN, "energy", "watts", "W", JB, 65, 0, NO, u_watts },
	{ RF_RUN, "energy", "joules_per_gpoint", "J/10^9 points", JB, 66, 0,
	    NO, u_joules_gp },
	{ RF_RUN, NULL, "warnings", NULL, JB, 67, 0, NO, u_warnings },

	{ RF_ROW, NULL, "jobs", NULL, J, 0, 1, NO, w_jobs },
	{ RF_ROW, NULL, "runs", NULL, J, 0, 2, NO, w_runs },
	{ RF_ROW, NULL, "oversubscribed", NULL, J, 41, 22, NO, w_over },
	{ RF_ROW, NULL, "wall_s_mean", "s", J, 37, 8, NO, w_mean },
	{ RF_ROW, NULL, "wall_s_stddev", "s", J, 38, 9, NO, w_sd },
	{ RF_ROW, NULL, "wall_s_min", "s", J, 25, 10, NO, w_min },
	{ RF_ROW, NULL, "wall_s_median", "s", J, 26, 11, NO, w_median },
	{ RF_ROW, NULL, "wall_s_max", "s", J, 27, 12, NO, w_max },
	{ RF_ROW, NULL, "speedup", NULL, J, 28, 13, NO, w_speedup },
	{ RF_ROW, NULL, "speedup_ci95_low", NULL, J, 39, 14, NO, w_ci_low },
	{ RF_ROW, NULL, "speedup_ci95_high", NULL, J, 40, 15, NO, w_ci_high },
	{ RF_ROW, NULL, "ideal_speedup", NULL, J, 0, 0, NO, w_ideal },
	{ RF_ROW, NULL, "flag", NULL, J, 0, 24, NO, w_flag },
	{ RF_ROW, NULL, "outliers", NULL, J, 0, 23, NO, w_outliers },
	{ RF_ROW, NULL, "scaling_efficiency", NULL, J, 29, 16, NO,
	    w_scaling },
	{ RF_ROW, NULL, "efficiency", NULL, J, 0, 17, NO, w_efficiency },
	{ RF_ROW, NULL, "karp_flatt", NULL, J, 30, 18, NO, w_karp_flatt },
	{ RF_ROW, NULL, "parallelism", "CPUs", J, 0, 19, NO, w_parallelism },
	{ RF_ROW, NULL, "other_cpus", "CPUs", J, 0, 20, NO, w_other_cpus },
	{ RF_ROW, NULL, "points_per_s", "points/s", J, 0, 21, NO,
	    w_points_per_s },
	{ RF_ROW, NULL, "joules", "J", J, 0, 25, NO, w_joules },
	{ RF_ROW, NULL, "watts", "W", J, 0, 26, NO, w_watts },
	{ RF_ROW, NULL, "joules_per_gpoint", "J/10^9 points", J, 0, 27, NO,
	    w_joules_gp },
	{ RF_ROW, NULL, "warnings", NULL, J, 0, 28, NO, w_warnings },
};

const int report_nfields = sizeof report_fields / sizeof report_fields[0];

const struct report_field *
report_field_find(enum rf_scope scope, const char *name)
{
	int	 i;

	for (i = 0; i < report_nfields; i++)
		if (report_fields[i].scope == scope &&
		    report_fields[i].name != NULL &&
		    strcmp(report_fields[i].name, name) == 0)
			return &report_fields[i];
	return NULL;
}
