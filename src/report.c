/*
 * report: builds one tree of the results (numbers, strings, objects,
 * arrays) and writes it as JSON or, through libyaml's emitter, YAML; or
 * flattens runs into CSV rows; or writes Markdown (the text for people
 * is report-text.c). It only formats: every figure comes from results,
 * every field from the table of report-fields.c. Numbers are
 * printed with full precision (%.17g); non-finite numbers are null in
 * JSON and YAML alike (a reader of either sees the same unknowns).
 */
#include "config.h"

#include "report.h"
#include "report-fields.h"
#include "report-int.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "cluster.h"
#include "expr.h"
#include "util.h"

enum node_type {
	N_OBJ,
	N_ARR,
	N_NUM,
	N_INT,
	N_UINT,		/* unsigned: seeds up to 2^64 - 1 */
	N_STR,
	N_NULL,
	N_BOOL,
};

struct node {
	enum node_type	  type;
	const char	 *key;		/* static strings only */
	double		  num;
	long long	  i;
	unsigned long long u;
	char		 *str;
	struct node	**kids;
	size_t		  n, cap;
};

static struct node *
report_node(struct node *parent, const char *key, enum node_type type)
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
report_obj(struct node *p, const char *key)
{
	return report_node(p, key, N_OBJ);
}

static struct node *
report_arr(struct node *p, const char *key)
{
	return report_node(p, key, N_ARR);
}

static void
report_num(struct node *p, const char *key, double v)
{
	report_node(p, key, N_NUM)->num = v;
}

static void
report_int(struct node *p, const char *key, long long v)
{
	report_node(p, key, N_INT)->i = v;
}

static void
report_uint(struct node *p, const char *key, unsigned long long v)
{
	report_node(p, key, N_UINT)->u = v;
}

static void
report_str(struct node *p, const char *key, const char *s)
{
	if (s == NULL)
		report_node(p, key, N_NULL);
	else
		report_node(p, key, N_STR)->str = xstrdup(s);
}

static void
report_null(struct node *p, const char *key)
{
	report_node(p, key, N_NULL);
}

static void
report_bool(struct node *p, const char *key, int v)
{
	report_node(p, key, N_BOOL)->i = v != 0;
}

static void
report_node_free(struct node *n)
{
	size_t	 i;

	for (i = 0; i < n->n; i++)
		report_node_free(n->kids[i]);
	free(n->kids);
	free(n->str);
	free(n);
}

/*
 * A JSON string. Besides what JSON requires, every unsafe character
 * (char_unsafe: C1 controls, bidirectional overrides, U+2028/U+2029) is
 * written as \uHHHH, and a byte that is not UTF-8 (an argument, a host
 * name) as U+FFFD, so that the report is valid UTF-8 and shows no text
 * reordered.
 */
void
report_json_string(FILE *fp, const char *s)
{
	uint32_t	 c;
	int		 n;

	fputc('"', fp);
	for (; *s != '\0'; s += n) {
		if ((n = utf8_decode(s, &c)) == 0) {
			fputs("\\ufffd", fp);
			n = 1;
			continue;
		}
		switch (c) {
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
			if (char_unsafe(c))
				fprintf(fp, "\\u%04x", c);
			else
				fwrite(s, 1, (size_t)n, fp);
		}
	}
	fputc('"', fp);
}

/*
 * A CSV text cell (never a number): quoted when it holds a comma, a quote
 * or a line break, and prefixed with ' when it starts with = + - @, a tab
 * or a CR, which a spreadsheet would read as a formula (the OWASP rule
 * against CSV injection).
 */
void
report_csv_field(FILE *fp, const char *s)
{
	const char	*p;
	int		 quote = strpbrk(s, ",\"\r\n") != NULL;

	if (quote)
		fputc('"', fp);
	if (*s != '\0' && strchr("=+-@\t\r", *s) != NULL)
		fputc('\'', fp);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	if (quote)
		fputc('"', fp);
}

static void
report_scalar(FILE *fp, const struct node *n)
{
	switch (n->type) {
	case N_NUM:
		if (isfinite(n->num))
			fprintf(fp, "%.17g", n->num);
		else
			fputs("null", fp);
		break;
	case N_INT:
		fprintf(fp, "%lld", n->i);
		break;
	case N_UINT:
		fprintf(fp, "%llu", n->u);
		break;
	case N_STR:
		report_json_string(fp, n->str);
		break;
	case N_BOOL:
		fputs(n->i ? "true" : "false", fp);
		break;
	case N_NULL:
	case N_OBJ:	/* not scalars: report_json_node writes them */
	case N_ARR:
		fputs("null", fp);
		break;
	}
}

static void
report_json_node(FILE *fp, const struct node *n, int indent)
{
	size_t	 i;
	int	 isobj = n->type == N_OBJ;

	if (n->type != N_OBJ && n->type != N_ARR) {
		report_scalar(fp, n);
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
		report_json_node(fp, n->kids[i], indent + 2);
	}
	fprintf(fp, "\n%*s%c", indent, "", isobj ? '}' : ']');
}

/*
 * One YAML scalar event. Strings are double-quoted (a name such as "1"
 * or "null" stays a string); a byte that is not UTF-8, which the emitter
 * refuses, becomes U+FFFD, as in JSON, and the characters around it stay.
 */
static int
report_yaml_scalar(yaml_emitter_t *em, const char *s, int quoted)
{
	yaml_event_t	 ev;
	char		*copy = NULL, *p;
	uint32_t	 c;
	size_t		 i;
	int		 ok, n;

	ok = yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (yaml_char_t *)(uintptr_t)s, (int)strlen(s), !quoted, quoted,
	    quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_PLAIN_SCALAR_STYLE);
	if (!ok) {
		p = copy = xreallocarray(NULL, strlen(s) + 1, 3);
		for (i = 0; s[i] != '\0'; i += n) {
			if ((n = utf8_decode(s + i, &c)) == 0) {
				memcpy(p, "\xef\xbf\xbd", 3);	/* U+FFFD */
				p += 3;
				n = 1;
			} else {
				memcpy(p, s + i, n);
				p += n;
			}
		}
		*p = '\0';
		ok = yaml_scalar_event_initialize(&ev, NULL, NULL,
		    (yaml_char_t *)copy, (int)strlen(copy), 0, 1,
		    YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	}
	ok = ok && yaml_emitter_emit(em, &ev);
	free(copy);
	return ok ? 0 : -1;
}

/* Sequences of scalars in flow style ([lo, hi]), the rest in block. */
static int
report_yaml_node(yaml_emitter_t *em, const struct node *n)
{
	yaml_event_t	 ev;
	char		 buf[64];
	size_t		 i;
	int		 ok, flow;

	switch (n->type) {
	case N_OBJ:
	case N_ARR:
		flow = n->n == 0;
		for (i = 0; n->type == N_ARR && i < n->n; i++)
			flow = n->kids[i]->type != N_OBJ &&
			    n->kids[i]->type != N_ARR;
		if (n->type == N_OBJ)
			ok = yaml_mapping_start_event_initialize(&ev, NULL,
			    NULL, 1, flow ? YAML_FLOW_MAPPING_STYLE :
			    YAML_BLOCK_MAPPING_STYLE);
		else
			ok = yaml_sequence_start_event_initialize(&ev, NULL,
			    NULL, 1, flow ? YAML_FLOW_SEQUENCE_STYLE :
			    YAML_BLOCK_SEQUENCE_STYLE);
		if (!ok || !yaml_emitter_emit(em, &ev))
			return -1;
		for (i = 0; i < n->n; i++) {
			if (n->type == N_OBJ &&
			    report_yaml_scalar(em, n->kids[i]->key, 0) != 0)
				return -1;
			if (report_yaml_node(em, n->kids[i]) != 0)
				return -1;
		}
		if (n->type == N_OBJ)
			ok = yaml_mapping_end_event_initialize(&ev);
		else
			ok = yaml_sequence_end_event_initialize(&ev);
		return ok && yaml_emitter_emit(em, &ev) ? 0 : -1;
	case N_STR:
		return report_yaml_scalar(em, n->str, 1);
	case N_NUM:
		if (!isfinite(n->num))
			return report_yaml_scalar(em, "null", 0);
		snprintf(buf, sizeof buf, "%.17g", n->num);
		return report_yaml_scalar(em, buf, 0);
	case N_INT:
		snprintf(buf, sizeof buf, "%lld", n->i);
		return report_yaml_scalar(em, buf, 0);
	case N_UINT:
		snprintf(buf, sizeof buf, "%llu", n->u);
		return report_yaml_scalar(em, buf, 0);
	case N_BOOL:
		return report_yaml_scalar(em, n->i ? "true" : "false", 0);
	case N_NULL:
		return report_yaml_scalar(em, "null", 0);
	}
	return -1;
}

const char *const report_axes[TASK_MAXDIM] = { "x", "y", "z" };


/*
 * The vector engine's operations by what they depend on, which is why an
 * expression is fast or slow: null under muParser.
 */
static void
tree_engine_ops(struct node *task, const struct engine_ops *ops)
{
	struct node	*n;

	if (ops == NULL || ops->x_only < 0) {
		report_null(task, "engine_ops");
		return;
	}
	n = report_obj(task, "engine_ops");
	report_int(n, "x_only", ops->x_only);
	report_int(n, "yz_only", ops->yz_only);
	report_int(n, "mixed", ops->mixed);
}

/* task.domain, task.step or task.nodes: one entry per axis. */
static void
tree_axes(struct node *n, const struct task *t, enum rf_special sp)
{
	struct node	*d, *a;
	int		 i;

	d = report_obj(n, sp == RF_SP_DOMAIN ? "domain" : sp == RF_SP_STEP ?
	    "step" : "nodes");
	for (i = 0; i < t->dims; i++) {
		if (sp == RF_SP_DOMAIN) {
			a = report_arr(d, report_axes[i]);
			report_num(a, NULL, t->axis[i].lo);
			report_num(a, NULL, t->axis[i].hi);
		} else if (sp == RF_SP_STEP)
			report_num(d, report_axes[i], t->axis[i].h);
		else
			report_int(d, report_axes[i],
			    (long long)t->axis[i].nodes);
	}
}

/* A number that may be unknown (NAN): null then. */
static void
report_maybe(struct node *n, const char *key, int known, double v)
{
	if (known)
		report_num(n, key, v);
	else
		report_null(n, key);
}

/*
 * Fingerprint fields: each its value, or null with its reason in the
 * object's null_reasons (written by tree_reasons after the fields).
 */
static void
tree_fields(struct node *n, const struct fp_field *f, int nf)
{
	int	 i;

	for (i = 0; i < nf; i++) {
		if (!f[i].known) {
			report_null(n, f[i].key);
			continue;
		}
		switch (f[i].kind) {
		case FP_STR:
			report_str(n, f[i].key, f[i].str);
			break;
		case FP_INT:
			report_int(n, f[i].key, (long long)f[i].num);
			break;
		case FP_NUM:
			report_num(n, f[i].key, f[i].num);
			break;
		case FP_BOOL:
			report_bool(n, f[i].key, f[i].num != 0);
			break;
		}
	}
}

static struct node *
tree_reasons(struct node *n, const struct fp_field *f, int nf)
{
	struct node	*o = report_obj(n, "null_reasons");
	int		 i;

	for (i = 0; i < nf; i++)
		if (!f[i].known)
			report_str(o, f[i].key, f[i].why);
	return o;
}

/* The host's fingerprint, and the reasons for every null in host. */
static void
tree_host_fp(struct node *n, const struct results *r)
{
	const struct hostinfo	*h = &r->host;
	struct node		*o;

	tree_fields(n, r->fp.f, FPH_N);
	o = tree_reasons(n, r->fp.f, FPH_N);
	if (h->sockets == 0) {
		report_str(o, "sockets", h->topology_why);
		report_str(o, "cores_per_socket", h->topology_why);
		report_str(o, "threads_per_core", h->topology_why);
	}
	if (h->numa_nodes == 0)
		report_str(o, "numa_nodes", h->numa_why);
}

/* A run's conditions: fields, the workers' CPUs' frequency, reasons. */
static void
tree_conditions(struct node *n, const struct results_run *rr)
{
	const struct fp_cond	*c = &rr->cond;
	struct node		*o, *a, *why;
	int			 i;

	o = report_obj(n, "conditions");
	tree_fields(o, c->f, FPC_N);
	if (c->nfreq > 0) {
		a = report_arr(o, "cpu_freq_mhz");
		for (i = 0; i < c->nfreq; i++) {
			struct node	*e = report_obj(a, NULL);

			report_int(e, "cpu", c->freq[i].cpu);
			report_int(e, "samples", c->freq[i].samples);
			report_num(e, "min", c->freq[i].min_mhz);
			report_num(e, "mean", c->freq[i].mean_mhz);
			report_num(e, "max", c->freq[i].max_mhz);
		}
	} else
		report_null(o, "cpu_freq_mhz");
	why = tree_reasons(o, c->f, FPC_N);
	if (c->nfreq == 0)
		report_str(why, "cpu_freq_mhz", c->freq_why);

	o = report_obj(n, "energy");
	if (c->energy.known) {
		report_num(o, "joules", c->energy.joules);
		report_maybe(o, "watts", rr->window_s > 0, results_watts(rr));
		report_num(o, "joules_per_gpoint",
		    results_joules_per_gpoint(rr));
		a = report_arr(o, "domains");
		for (i = 0; i < c->energy.ndom; i++) {
			struct node	*e = report_obj(a, NULL);

			report_str(e, "zone", c->energy.dom[i].zone);
			report_str(e, "name", c->energy.dom[i].name);
			report_num(e, "joules", c->energy.dom[i].joules);
		}
		why = report_obj(o, "null_reasons");
		if (!(rr->window_s > 0))
			report_str(why, "watts", "no sampler window");
	} else {
		static const char *const keys[] = { "joules", "watts",
		    "joules_per_gpoint", "domains" };

		for (i = 0; i < 4; i++)
			report_null(o, keys[i]);
		why = report_obj(o, "null_reasons");
		for (i = 0; i < 4; i++)
			report_str(why, keys[i], c->energy.why);
	}

	a = report_arr(n, "warnings");
	for (i = 0; i < RESULTS_NWARN; i++) {
		if (!(rr->warn & (1 << i)))
			continue;
		o = report_obj(a, NULL);
		report_str(o, "kind", results_warn_names[i]);
		report_str(o, "message", rr->warn_msg[i]);
	}
}

/* The names of the warnings set in bits w. */
static void
tree_warn_kinds(struct node *n, const char *key, int w)
{
	struct node	*a = report_arr(n, key);
	int		 i;

	for (i = 0; i < RESULTS_NWARN; i++)
		if (w & (1 << i))
			report_str(a, NULL, results_warn_names[i]);
}

/* MPI mode: one entry per rank, and the job's totals; null otherwise. */
static void
tree_nodes(struct node *root, const struct results *r)
{
	struct node	*a, *o;
	double		 mpi_s = 0;
	long long	 claims = 0;
	int		 i;

	if (r->nodes == NULL) {
		report_null(root, "nodes");
		report_null(root, "mpi");
		return;
	}
	a = report_arr(root, "nodes");
	for (i = 0; i < r->ranks; i++) {
		const struct cluster_node	*nd = &r->nodes[i];

		o = report_obj(a, NULL);
		report_str(o, "hostname", nd->host);
		report_int(o, "rank", nd->rank);
		report_int(o, "jobs", nd->jobs);
		report_int(o, "chunks", (long long)nd->chunks);
		report_int(o, "points", (long long)nd->points);
		report_num(o, "busy_s", nd->busy_s);
		report_num(o, "user_s", nd->user_s);
		report_num(o, "sys_s", nd->sys_s);
		report_num(o, "wall_s", nd->wall_s);
		report_maybe(o, "other_cpus", isfinite(nd->other_cpus),
		    nd->other_cpus);
		report_int(o, "max_rss_kib", nd->max_rss_kib);
		report_int(o, "workers_max_rss_kib", nd->workers_max_rss_kib);
		report_int(o, "worker_deaths", nd->worker_deaths);
		report_num(o, "mpi_s", nd->mpi_s);
		report_num(o, "mpi_init_s", nd->mpi_init_s);
		report_int(o, "claims", (long long)nd->claims);
		mpi_s += nd->mpi_s;
		claims += (long long)nd->claims;
	}
	o = report_obj(root, "mpi");
	report_num(o, "mpi_s", mpi_s);
	report_int(o, "claims", claims);
	report_num(o, "job_efficiency", r->job_efficiency);
}

static void
tree_workers(struct node *n, const struct results_run *rr)
{
	struct node	*a, *w;
	int		 i;

	a = report_arr(n, "workers");
	for (i = 0; i < rr->nworkers; i++) {
		const struct results_worker	*pw = &rr->workers[i];

		w = report_obj(a, NULL);
		report_int(w, "pid", pw->pid);
		report_int(w, "index", pw->index);
		if (pw->cpu >= 0)
			report_int(w, "cpu", pw->cpu);
		else
			report_null(w, "cpu");
		report_int(w, "chunks", (long long)pw->chunks);
		report_int(w, "points", (long long)pw->points);
		report_num(w, "share", pw->share);
		report_num(w, "busy_s", pw->busy_s);
		report_num(w, "user_s", pw->user_s);
		report_num(w, "sys_s", pw->sys_s);
		report_int(w, "max_rss_kib", pw->max_rss_kib);
		report_str(w, "exit", pw->exit);
	}
}

/* A run far from its row's median: by how much, and what pint saw. */
static void
tree_outlier(struct node *n, const struct results *r,
    const struct results_run *rr)
{
	struct node	*o;
	char		 cause[128];

	if (!rr->outlier) {
		report_null(n, "outlier");
		return;
	}
	results_outlier_cause(rr, &r->rows[rr->row], cause,
	    sizeof cause);
	o = report_obj(n, "outlier");
	report_num(o, "modified_z", rr->wall_z);
	report_num(o, "of_median", rr->wall_s / r->rows[rr->row].wall_median);
	report_str(o, "cause", cause);
}

static void	tree_scope(struct node *, enum rf_scope, const char *,
		    const struct rf_ctx *);

/* One field's value under key. */
static void
tree_value(struct node *n, const char *key, struct rf_val v)
{
	switch (v.type) {
	case RF_NULL:
		report_null(n, key);
		break;
	case RF_OMIT:
		break;
	case RF_NUM:
		report_num(n, key, v.num);
		break;
	case RF_INT:
		report_int(n, key, v.i);
		break;
	case RF_UINT:
		report_uint(n, key, v.u);
		break;
	case RF_BOOL:
		report_bool(n, key, (int)v.i);
		break;
	case RF_STR:
		report_str(n, key, v.str);
		break;
	case RF_WARN:
		tree_warn_kinds(n, key, (int)v.i);
		break;
	}
}

/* A run's checkpoint: the journal and what it gave back, or null. */
static void
tree_checkpoint(struct node *n, const struct rf_ctx *c)
{
	struct node	*o;

	if (c->r->checkpoint == NULL) {
		report_null(n, "checkpoint");
		return;
	}
	o = report_obj(n, "checkpoint");
	report_str(o, "file", c->r->checkpoint);
	report_int(o, "chunks_resumed", (long long)c->rr->chunks_resumed);
}

/* result.first_nonfinite_point: where the first one was, or null. */
static void
tree_bad_point(struct node *n, const struct rf_ctx *c)
{
	struct node	*a;
	int		 i;

	if (!c->rr->have_bad) {
		report_null(n, "first_nonfinite_point");
		return;
	}
	a = report_arr(n, "first_nonfinite_point");
	for (i = 0; i < c->r->task->dims; i++)
		report_num(a, NULL, c->rr->bad_point[i]);
}

/*
 * sweep[] (one row per -j value, when there is more than one run) or
 * runs[], each from its scope's fields.
 */
static void
tree_rows(struct node *n, const struct rf_ctx *c, enum rf_scope scope)
{
	const struct results	*r = c->r;
	struct rf_ctx		 e = *c;
	struct node		*a;
	int			 i;

	if (scope == RF_ROW && r->nruns <= 1)
		return;
	a = report_arr(n, scope == RF_ROW ? "sweep" : "runs");
	for (i = 0; i < (scope == RF_ROW ? r->nrows : r->nruns); i++) {
		if (scope == RF_ROW)
			e.row = &r->rows[i];
		else {
			e.rr = &r->runs[i];
			e.row = &r->rows[e.rr->row];
		}
		tree_scope(report_obj(a, NULL), scope, NULL, &e);
	}
}

/* What a field that is not one scalar writes. */
static void
tree_special(struct node *n, const struct report_field *f,
    const struct rf_ctx *c)
{
	struct rf_ctx	 e = *c;

	switch (f->special) {
	case RF_SP_NONE:
	case RF_SP_FP_COND:
		break;
	case RF_SP_DOMAIN:
	case RF_SP_STEP:
	case RF_SP_AXIS_NODES:
		tree_axes(n, c->r->task, f->special);
		break;
	case RF_SP_ENGINE_OPS:
		tree_engine_ops(n, c->r->ops);
		break;
	case RF_SP_FIRST_RESULT:
		/* All runs have the same bits when integral_identical. */
		e.rr = &c->r->runs[0];
		e.row = &c->r->rows[e.rr->row];
		tree_scope(n, RF_RUN, f->group, &e);
		break;
	case RF_SP_SWEEP:
		tree_rows(n, c, RF_ROW);
		break;
	case RF_SP_RUNS:
		tree_rows(n, c, RF_RUN);
		break;
	case RF_SP_FP_HOST:
		tree_host_fp(n, c->r);
		break;
	case RF_SP_NODES:
		tree_nodes(n, c->r);
		break;
	case RF_SP_OUTLIER:
		tree_outlier(n, c->r, c->rr);
		break;
	case RF_SP_BAD_POINT:
		tree_bad_point(n, c);
		break;
	case RF_SP_WORKERS:
		tree_workers(n, c->rr);
		break;
	case RF_SP_CHECKPOINT:
		tree_checkpoint(n, c);
		break;
	case RF_SP_CONDITIONS:
		tree_conditions(n, c->rr);
		break;
	}
}

static int
same_group(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * The JSON fields of a scope into n, in the table's order, each group's
 * in its object; or, with only, the fields of group only alone.
 */
static void
tree_scope(struct node *n, enum rf_scope scope, const char *only,
    const struct rf_ctx *c)
{
	const struct report_field	*f;
	const char			*cur = NULL;
	struct node			*o = n;
	int				 i;

	for (i = 0; i < report_nfields; i++) {
		f = &report_fields[i];
		if (f->scope != scope || !(f->show & RF_JSON))
			continue;
		if (only != NULL && !same_group(f->group, only))
			continue;
		if (only == NULL && !same_group(f->group, cur)) {
			cur = f->group;
			o = cur != NULL ? report_obj(n, cur) : n;
		}
		if (f->special != RF_SP_NONE)
			tree_special(o, f, c);
		else
			tree_value(o, f->name, f->get(c));
	}
}

/*
 * The report, one shape for every plan: result (of the first run),
 * runs[], and sweep[] (one row per -j value) when there is more than one
 * run.
 */
static struct node *
tree_build(const struct results *r)
{
	struct node	*root = report_obj(NULL, NULL);
	struct rf_ctx	 c = { r, NULL, NULL };

	tree_scope(root, RF_TOP, NULL, &c);
	return root;
}

void
report_json(FILE *fp, const struct results *r)
{
	struct node	*root = tree_build(r);

	report_json_node(fp, root, 0);
	fputc('\n', fp);
	report_node_free(root);
}

static int
report_yaml_write(void *fp, unsigned char *buf, size_t len)
{
	return fwrite(buf, 1, len, fp) == len;
}

int
report_yaml(FILE *fp, const struct results *r)
{
	struct node	*root = tree_build(r);
	yaml_emitter_t	 em;
	yaml_event_t	 ev;
	int		 rv = -1;

	if (!yaml_emitter_initialize(&em)) {
		report_node_free(root);
		return -1;
	}
	yaml_emitter_set_output(&em, report_yaml_write, fp);
	/*
	 * Every character beyond ASCII is written as an escape: the YAML
	 * emitter would write bidirectional overrides (printable to YAML) as
	 * they are, and it has no way to escape those alone.
	 */
	yaml_emitter_set_unicode(&em, 0);
	yaml_emitter_set_width(&em, -1);
	if (!yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING) ||
	    !yaml_emitter_emit(&em, &ev) ||
	    !yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 0) ||
	    !yaml_emitter_emit(&em, &ev) ||
	    report_yaml_node(&em, root) != 0 ||
	    !yaml_document_end_event_initialize(&ev, 1) ||
	    !yaml_emitter_emit(&em, &ev) ||
	    !yaml_stream_end_event_initialize(&ev) ||
	    !yaml_emitter_emit(&em, &ev) ||
	    !yaml_emitter_flush(&em))
		goto out;
	rv = 0;
out:
	yaml_emitter_delete(&em);
	report_node_free(root);
	return rv;
}

/*
 * CSV: one function per row kind names each column and writes its value,
 * so the header and the rows cannot drift apart. Names are the JSON's
 * leaf names; unknown numbers are empty fields.
 */
struct report_csv {
	FILE		*fp;
	int		 header;	/* write names, not values */
	int		 n;		/* columns so far in this line */
};

static void
report_csv_sep(struct report_csv *c, const char *name)
{
	if (c->n++ > 0)
		fputc(',', c->fp);
	if (c->header)
		fputs(name, c->fp);
}

static void
report_csv_num(struct report_csv *c, const char *name, double v)
{
	report_csv_sep(c, name);
	if (!c->header && isfinite(v))
		fprintf(c->fp, "%.17g", v);
}

static void
report_csv_int(struct report_csv *c, const char *name, long long v)
{
	report_csv_sep(c, name);
	if (!c->header)
		fprintf(c->fp, "%lld", v);
}

static void
report_csv_str(struct report_csv *c, const char *name, const char *v)
{
	report_csv_sep(c, name);
	if (!c->header && v != NULL)
		report_csv_field(c->fp, v);
}

static void
report_csv_end(struct report_csv *c)
{
	fputc('\n', c->fp);
	c->n = 0;
}

/* Fingerprint fields as columns: empty where unknown. */
static void
report_csv_fields(struct report_csv *c, const struct fp_field *f, int nf)
{
	int	 i;

	for (i = 0; i < nf; i++) {
		report_csv_sep(c, f[i].key);
		if (c->header || !f[i].known)
			continue;
		switch (f[i].kind) {
		case FP_STR:
			report_csv_field(c->fp, f[i].str);
			break;
		case FP_INT:
			fprintf(c->fp, "%lld", (long long)f[i].num);
			break;
		case FP_NUM:
			fprintf(c->fp, "%.17g", f[i].num);
			break;
		case FP_BOOL:
			fputs(f[i].num != 0 ? "true" : "false", c->fp);
			break;
		}
	}
}

/* The warnings' names, ';' between them. */
static void
report_csv_warn(struct report_csv *c, const char *name, int w)
{
	int	 i, any = 0;

	report_csv_sep(c, name);
	for (i = 0; !c->header && i < RESULTS_NWARN; i++)
		if (w & (1 << i))
			fprintf(c->fp, "%s%s", any++ ? ";" : "",
			    results_warn_names[i]);
}

/* One field's value as a CSV cell. */
static void
report_csv_value(struct report_csv *c, const char *name, struct rf_val v)
{
	switch (v.type) {
	case RF_NULL:
	case RF_OMIT:
		report_csv_sep(c, name);
		break;
	case RF_NUM:
		report_csv_num(c, name, v.num);
		break;
	case RF_INT:
		report_csv_int(c, name, v.i);
		break;
	case RF_UINT:
		report_csv_sep(c, name);
		if (!c->header)
			fprintf(c->fp, "%llu", v.u);
		break;
	case RF_BOOL:
		report_csv_str(c, name, v.i ? "true" : "false");
		break;
	case RF_STR:
		report_csv_str(c, name, v.str);
		break;
	case RF_WARN:
		report_csv_warn(c, name, (int)v.i);
		break;
	}
}

/* The columns of a field that is not one scalar. */
static void
report_csv_special(struct report_csv *c, const struct report_field *f,
    const struct rf_ctx *x)
{
	switch (f->special) {
	case RF_SP_FP_HOST:
		report_csv_fields(c, x->r->fp.f, FPH_N);
		break;
	case RF_SP_FP_COND:
		report_csv_fields(c, x->rr->cond.f, FPC_N);
		break;
	case RF_SP_NONE:
	case RF_SP_DOMAIN:
	case RF_SP_STEP:
	case RF_SP_AXIS_NODES:
	case RF_SP_ENGINE_OPS:
	case RF_SP_FIRST_RESULT:
	case RF_SP_SWEEP:
	case RF_SP_RUNS:
	case RF_SP_NODES:
	case RF_SP_OUTLIER:
	case RF_SP_BAD_POINT:
	case RF_SP_WORKERS:
	case RF_SP_CHECKPOINT:
	case RF_SP_CONDITIONS:
		break;
	}
}

/*
 * One line of the CSV report (summary 0: a run's) or of the --summary CSV
 * (a -j value's): the fields with a column there, in its order.
 */
static void
report_csv_line(struct report_csv *c, int summary, const struct rf_ctx *x)
{
	const struct report_field	*f;
	int				 col, i;

	for (col = 1;; col++) {
		for (i = 0; i < report_nfields; i++)
			if ((summary ? report_fields[i].sum :
			    report_fields[i].csv) == col)
				break;
		if (i == report_nfields)
			break;
		f = &report_fields[i];
		if (f->get != NULL)
			report_csv_value(c, f->name, f->get(x));
		else
			report_csv_special(c, f, x);
	}
	report_csv_end(c);
}

/* One line per run, or (summary) per -j value, after the header. */
static void
report_csv_lines(FILE *fp, const struct results *r, int header, int summary)
{
	struct report_csv	 c = { fp, 1, 0 };
	struct rf_ctx		 x = { r, &r->runs[0], &r->rows[0] };
	int			 i;

	if (header)
		report_csv_line(&c, summary, &x);
	c.header = 0;
	for (i = 0; i < (summary ? r->nrows : r->nruns); i++) {
		if (summary)
			x.row = &r->rows[i];
		else {
			x.rr = &r->runs[i];
			x.row = &r->rows[x.rr->row];
		}
		report_csv_line(&c, summary, &x);
	}
}

void
report_csv(FILE *fp, const struct results *r, int header)
{
	report_csv_lines(fp, r, header, 0);
}

/* --summary: one row per -j value. */
void
report_csv_summary(FILE *fp, const struct results *r, int header)
{
	report_csv_lines(fp, r, header, 1);
}

/* A Markdown table cell: a number, or a dash where there is none. */
void
report_md_num(FILE *fp, const char *fmt, double v)
{
	fputs(" | ", fp);
	if (isfinite(v))
		fprintf(fp, fmt, v);
	else
		fputs("–", fp);
}

/*
 * Markdown text from a task or the environment: unsafe characters
 * escaped (str_escape), then the ASCII punctuation that Markdown, its
 * GitHub extensions (tables, autolinks, math) or HTML could read as markup
 * backslash-escaped, so that a name is shown as it is and never becomes
 * emphasis, a link, an image, a tag or a table cell.
 */
void
report_md_text(FILE *fp, const char *s)
{
	char	*e = str_escape(s);

	report_md_plain(fp, e);
	free(e);
}

void
report_md_plain(FILE *fp, const char *s)
{
	const char	*p;

	for (p = s; *p != '\0'; p++) {
		if (strchr("\\`*_[]<>()|!#&~:$", *p) != NULL)
			fputc('\\', fp);
		fputc(*p, fp);
	}
}

/*
 * A Markdown code span: no escapes work inside one, so it is delimited
 * by one backtick more than the longest run of backticks in s, with a
 * space inside each end.
 */
static void
report_md_code(FILE *fp, const char *s)
{
	char	*e = str_escape(s), *p;
	int	 run = 0, longest = 0, i;

	for (p = e; *p != '\0'; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	for (i = 0; i <= longest; i++)
		fputc('`', fp);
	fprintf(fp, " %s ", e);
	for (i = 0; i <= longest; i++)
		fputc('`', fp);
	free(e);
}

/*
 * What the sweep's figures are, formula by formula (pint(1) says the
 * same): one paragraph for Markdown, wrapped lines for text.
 */
const char *
report_legend(const struct results *r, int rate, char *buf, size_t len)
{
	int	 b = r->rows[0].jobs;

	/* rate: the table has a points/s column (Markdown's; not text's). */
	snprintf(buf, len, "speedup = median wall at -j %d / median wall at "
	    "-j N; its 95%% interval is Hodges-Lehmann's on the log wall "
	    "times (n/a: too few runs for 95%%). scaling = speedup / p, "
	    "p = N / %d; CPU efficiency = CPU time / (N x wall time), the "
	    "mean over the runs; Karp-Flatt = (1/speedup - 1/p) / (1 - 1/p), "
	    "against -j %d; %sother = CPUs busy outside pint.", b, b, b,
	    rate ? "points/s = points / compute time (setup and teardown "
	    "left out, so it can rise while the wall-based speedup falls); " :
	    "");
	return buf;
}

/* Text in a note, already escaped (str_escape); in Markdown, markup too. */
static void
report_note_text(FILE *fp, const char *s, int md)
{
	if (md)
		report_md_plain(fp, s);
	else
		fputs(s, fp);
}

/* "set NAME, " before a note of compare's; nothing in a run's report. */
static void
report_note_set(FILE *fp, const struct results *r, int md)
{
	if (r->set == NULL)
		return;
	fputs("set ", fp);
	report_note_text(fp, r->set, md);
	fputs(", ", fp);
}

/*
 * The runs far from their row's median and the speedups above what the
 * CPUs allow, one line each after prefix; md: in Markdown. The set's
 * name and a report's file name (compare) are escaped by the caller.
 */
void
report_notes(FILE *fp, const struct results *r, const char *prefix, int md)
{
	char	 cause[128];
	int	 i;

	for (i = 0; i < r->nruns; i++) {
		const struct results_run	*rr = &r->runs[i];

		if (!rr->outlier)
			continue;
		results_outlier_cause(rr, &r->rows[rr->row], cause,
		    sizeof cause);
		fprintf(fp, "%soutlier: ", prefix);
		report_note_set(fp, r, md);
		fprintf(fp, "repeat %d of -j %d", rr->repeat, rr->jobs);
		if (rr->origin != NULL) {
			fputs(" in ", fp);
			report_note_text(fp, rr->origin, md);
		}
		fprintf(fp, " took %.2fx the median (modified z-score %.1f); ",
		    rr->wall_s / r->rows[rr->row].wall_median, rr->wall_z);
		fprintf(fp, "%s\n", cause);
	}
	for (i = 0; i < r->nrows; i++) {
		if (r->rows[i].flag[0] == '\0')
			continue;
		fputs(prefix, fp);
		report_note_set(fp, r, md);
		fprintf(fp, "-j %d: %s\n", r->rows[i].jobs, r->rows[i].flag);
	}
}

/* Below the table: the host's tuning, energy and warnings per -j. */
static void
report_md_conditions(FILE *fp, const struct results *r)
{
	char	 buf[64];
	int	 i, k, any;

	fputs("\nHost:", fp);
	for (i = 0; i < FPH_N; i++) {
		fprintf(fp, "%s %s ", i ? "," : "", r->fp.f[i].key);
		/* report_md_text escapes: the string itself, not text's. */
		report_md_text(fp, r->fp.f[i].known && r->fp.f[i].kind ==
		    FP_STR && r->fp.f[i].str[0] != '\0' ? r->fp.f[i].str :
		    text_field(&r->fp.f[i], buf, sizeof buf));
	}
	fputs(".\n", fp);
	if (!r->runs[0].cond.energy.known) {
		fputs("\nEnergy: n/a (", fp);
		report_md_text(fp, r->runs[0].cond.energy.why);
		fputs(").\n", fp);
	} else {
		fputs("\nEnergy (means per run):", fp);
		for (i = 0; i < r->nrows; i++)
			fprintf(fp, "%s -j %d %.3f J, %.3g W, %.4g J per 10^9 "
			    "points", i ? ";" : "", r->rows[i].jobs,
			    r->rows[i].joules, r->rows[i].watts,
			    r->rows[i].joules_per_gpoint);
		fputs(".\n", fp);
	}
	for (i = 0; i < r->nrows; i++) {
		if (r->rows[i].warn == 0)
			continue;
		fprintf(fp, "\nWarnings at -j %d:", r->rows[i].jobs);
		for (k = 0, any = 0; k < RESULTS_NWARN; k++)
			if (r->rows[i].warn & (1 << k))
				fprintf(fp, "%s %s", any++ ? "," : "",
				    results_warn_names[k]);
		fputs(".\n", fp);
	}
}

/*
 * The columns of a sweep's table, in Markdown and in text: each shows a
 * sweep[] field of the table (report-fields.c) by its format, or a cell
 * made of two.
 */
const struct md_col md_cols[] = {
	{ "jobs", MD_JOBS, "-j", "| %lld", "jobs", 6, "%5lld", 5, NULL },
	{ "runs", MD_VALUE, "runs", " | %lld", "runs", 4, "%lld", 4, NULL },
	{ "wall_s_median", MD_VALUE, "median [s]", "%.6f", "median s", 10,
	    "%.6f", 10, NULL },
	{ "wall_s_min", MD_VALUE, "min [s]", "%.6f", "min s", 10, "%.6f", 10,
	    NULL },
	{ "wall_s_max", MD_VALUE, "max [s]", "%.6f", "max s", 10, "%.6f", 10,
	    NULL },
	{ "wall_s_mean", MD_MEAN_SD, "mean ± sd [s]", "%.6f", "mean +- sd s",
	    21, "%.6f", 10, "n/a" },
	{ "speedup", MD_VALUE, "speedup", "%.3f", "speedup [95% interval]",
	    22, "%.2f", 5, NULL },
	{ "speedup_ci95_low", MD_INTERVAL, "95% interval", " | %.3f–%.3f",
	    NULL, 0, "[%.2f-%.2f]", 16, "[n/a]" },
	{ "scaling_efficiency", MD_VALUE, "scaling efficiency", "%.3f",
	    "scaling", 7, "%.3f", 7, NULL },
	{ "efficiency", MD_VALUE, "CPU efficiency", "%.3f", "cpu eff", 7,
	    "%.3f", 7, NULL },
	{ "karp_flatt", MD_VALUE, "Karp–Flatt", "%.4f", "k-f", 7, "%.3f", 7,
	    "-" },
	{ "points_per_s", MD_VALUE, "points/s", "%.4g", NULL, 0, NULL, 0,
	    NULL },
	{ "other_cpus", MD_VALUE, NULL, NULL, "other", 7, "%.2f", 7, "n/a" },
};

const size_t md_ncols = sizeof md_cols / sizeof md_cols[0];

struct rf_val
report_get(enum rf_scope scope, const char *name, const struct rf_ctx *c)
{
	const struct report_field	*f = report_field_find(scope, name);

	if (f == NULL || f->get == NULL)
		abort();	/* a column names no field: check_report fails */
	return f->get(c);
}

/* One cell of a row; first: the first row. */
static void
report_md_cell(FILE *fp, const struct md_col *col, const struct rf_ctx *c,
    int first)
{
	struct rf_val	 v = report_get(RF_ROW, col->field, c), w;

	switch (col->cell) {
	case MD_JOBS:
		fprintf(fp, col->fmt, v.i);
		if (report_get(RF_ROW, "oversubscribed", c).i)
			fputc('*', fp);
		break;
	case MD_VALUE:
		if (v.type == RF_INT)
			fprintf(fp, col->fmt, v.i);
		else
			report_md_num(fp, col->fmt, v.type == RF_NUM ? v.num :
			    NAN);
		break;
	case MD_MEAN_SD:
		report_md_num(fp, col->fmt, v.num);
		w = report_get(RF_ROW, "wall_s_stddev", c);
		if (isfinite(w.num)) {
			fputs(" ± ", fp);
			fprintf(fp, col->fmt, w.num);
		}
		break;
	case MD_INTERVAL:
		w = report_get(RF_ROW, "speedup_ci95_high", c);
		if (isfinite(v.num))
			fprintf(fp, col->fmt, v.num, w.num);
		else
			fputs(first ? " | –" : " | n/a", fp);
		break;
	}
}

/* The table of the -j values. */
static void
report_md_table(FILE *fp, const struct results *r)
{
	struct rf_ctx	 c = { r, NULL, NULL };
	size_t		 k;
	int		 i;

	for (k = 0; k < md_ncols; k++)
		if (md_cols[k].title != NULL)
			fprintf(fp, "| %s ", md_cols[k].title);
	fputs("|\n", fp);
	for (k = 0; k < md_ncols; k++)
		if (md_cols[k].title != NULL)
			fputs("|---:", fp);
	fputs("|\n", fp);
	for (i = 0; i < r->nrows; i++) {
		c.row = &r->rows[i];
		for (k = 0; k < md_ncols; k++)
			if (md_cols[k].title != NULL)
				report_md_cell(fp, &md_cols[k], &c, i == 0);
		fputs(" |\n", fp);
	}
}

void
report_markdown(FILE *fp, const struct results *r)
{
	const struct hostinfo	*h = &r->host;
	char			 buf[1024];
	int			 i, over;

	fputs("**", fp);
	report_md_text(fp, r->task->name != NULL ? r->task->name : "task");
	fputs("**: ", fp);
	report_md_code(fp, r->task->expression);
	fprintf(fp, ", %s rule, %llu points; integral %.17g%s\n\n",
	    quad_rule_name(r->task->rule),
	    (unsigned long long)r->task->points, r->runs[0].integral,
	    r->identical ? "" : " (INTEGRALS DIFFER)");
	report_md_table(fp, r);
	for (i = 0, over = 0; i < r->nrows; i++)
		over |= r->rows[i].oversubscribed;
	fprintf(fp, "\n%s%s\n\n", report_legend(r, 1, buf, sizeof buf),
	    over ? " * more jobs than usable CPUs." : "");
	report_notes(fp, r, "- ", 1);
	fputc('\n', fp);
	fprintf(fp, "pint %s on ", PACKAGE_VERSION);
	report_md_text(fp, h->hostname);
	fputs(" (", fp);
	report_md_text(fp, h->cpu_model);
	fprintf(fp, "; %d of %d CPUs usable, %s), ", h->cpus_usable,
	    h->cpus_online, r->usable_source);
	report_md_text(fp, h->compiler);
	fprintf(fp, "; started %s; ", r->start_time);
	report_md_code(fp, r->argv != NULL ? r->argv : "");
	fputc('\n', fp);
	report_md_conditions(fp, r);
}

/* A CSV field: empty where the value is unknown. */
static void
report_samples_value(FILE *fp, double v)
{
	if (isnan(v))
		fputs(",", fp);
	else
		fprintf(fp, ",%.4f", v);
}

void
report_samples_csv(FILE *fp, const struct sampler_series *ser)
{
	const struct sampler_row	*row;
	size_t				 r;
	int				 c;

	fputs("t_s", fp);
	for (c = 0; c < ser->ncols; c++)
		fprintf(fp, ",cpu%d_busy", c);
	fputs(",machine_busy_cpus,pint_cpus,pint_cpu_s,workers,rss_kib,"
	    "chunks_done\n", fp);
	for (r = 0; r < ser->nrows; r++) {
		row = &ser->rows[r];
		fprintf(fp, "%.6f", row->t_s);
		for (c = 0; c < ser->ncols; c++)
			report_samples_value(fp,
			    ser->busy[r * (size_t)ser->ncols + c]);
		report_samples_value(fp, row->machine);
		report_samples_value(fp, row->pint);
		fprintf(fp, ",%.6f,%u,%llu,%llu\n", row->pint_cpu_s, row->workers,
		    (unsigned long long)row->rss_kib,
		    (unsigned long long)row->chunks);
	}
}
