/*
 * compare-out: the comparison written as text, JSON, CSV or Markdown on
 * standard output, and --plot's scaling chart.
 */
#include "config.h"

#include "compare.h"
#include "compare-int.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"
#include "plot.h"
#include "report.h"
#include "results.h"
#include "util.h"

/* Output: text. */

static void
cmp_ci(char *buf, size_t len, double lo, double hi)
{
	if (isnan(lo))
		snprintf(buf, len, "[n/a]");
	else
		snprintf(buf, len, "[%.3f-%.3f]", lo, hi);
}

static void
cmp_text_tests(FILE *fp, const struct cmp *c, const struct cmp_row *rows,
    int n, int compute)
{
	char	 ci[48], ratio[24], p[24];
	int	 i;

	fprintf(fp, "%s time, B = %s over A = %s:\n", compute ? "compute" :
	    "wall", c->sets[1].shown, c->sets[0].shown);
	fprintf(fp, "%6s %6s %12s %6s %12s %9s %16s %9s\n", "jobs", "A runs",
	    "A median s", "B runs", "B median s", "B/A", "[95% interval]",
	    "p-value");
	for (i = 0; i < n; i++) {
		const struct cmp_test	*t = compute ? &rows[i].compute :
		    &rows[i].wall;

		if (rows[i].ra < 0 || rows[i].rb < 0) {
			fprintf(fp, "%6d %s\n", rows[i].jobs, rows[i].ra < 0 ?
			    "only in B" : "only in A");
			continue;
		}
		cmp_ci(ci, sizeof ci, t->lo, t->hi);
		snprintf(ratio, sizeof ratio, "%s%.3f", t->significant ? "" :
		    "~ ", t->ratio);
		snprintf(p, sizeof p, "%.3g", t->p);
		fprintf(fp, "%6d %6d %12.6f %6d %12.6f %9s %16s %9s\n",
		    rows[i].jobs, t->na, t->ma, t->nb, t->mb, ratio, ci, p);
	}
	fprintf(fp, "%6s %6s %12s %6s %12s %9.3f\n", "geomean", "", "", "", "",
	    compare_geomean(rows, n, compute));
}

/* Text from a report or the command line, its control characters escaped. */
static void
cmp_put(FILE *fp, const char *s)
{
	char	*e = str_escape(s != NULL ? s : "?");

	fputs(e, fp);
	free(e);
}

static void
cmp_out_text(FILE *fp, const struct cmp *c, const struct cmp_row *rows,
    int n)
{
	const struct cmp_file	*f0 = &c->files[0];
	int			 s, i;

	fprintf(fp, "%-12s ", "task");
	cmp_put(fp, compare_str(f0->root, "task.expression"));
	fprintf(fp, ", %s rule, %s points\n",
	    compare_str(f0->root, "task.rule") != NULL ?
	    compare_str(f0->root, "task.rule") : "?",
	    compare_str(f0->root, "task.points") != NULL ?
	    compare_str(f0->root, "task.points") : "?");
	for (s = 0; s < c->nsets; s++) {
		fprintf(fp, "%-12s %s: %d report%s, %d run%s:", c->nsets > 1 ?
		    (s == 0 ? "set A" : "set B") : "set",
		    c->sets[s].shown, c->sets[s].nfiles,
		    c->sets[s].nfiles == 1 ? "" : "s", c->sets[s].r.nruns,
		    c->sets[s].r.nruns == 1 ? "" : "s");
		for (i = 0; i < c->nfiles; i++)
			if (c->files[i].set == s) {
				fputc(' ', fp);
				cmp_put(fp, c->files[i].path);
			}
		fputc('\n', fp);
	}
	if (c->nsets == 2) {
		cmp_text_tests(fp, c, rows, n, 0);
		cmp_text_tests(fp, c, rows, n, 1);
		fprintf(fp, "B/A: ratio of median times; its 95%% interval is "
		    "Hodges-Lehmann's on the log times; p: Mann-Whitney U, "
		    "two-sided; ~: not significant at alpha %g\n", c->alpha);
	}
	for (s = 0; s < c->nsets; s++) {
		fprintf(fp, "scaling of %s%s:\n", c->nsets > 1 ? "set " : "",
		    c->sets[s].shown);
		report_sweep_table(fp, &c->sets[s].r, s == c->nsets - 1);
		report_sweep_conditions(fp, &c->sets[s].r);
	}
	for (i = 0; i < c->nmm; i++) {
		fprintf(fp, "%-12s %s %s differs:", "mismatch", c->mm[i].kind,
		    c->mm[i].field);
		for (s = 0; s < c->mm[i].n; s++) {
			fputs(s ? "; " : " ", fp);
			cmp_put(fp, c->mm[i].values[s]);
			fputs(" (", fp);
			cmp_put(fp, c->files[c->mm[i].files[s]].path);
			fputc(')', fp);
		}
		fputc('\n', fp);
	}
}

/* Output: JSON, by a small writer that keeps the commas right. */
struct cmp_json {
	FILE	*fp;
	int	 depth;
	int	 first[16];
};

static void
cj_key(struct cmp_json *j, const char *key)
{
	fprintf(j->fp, "%s\n%*s", j->first[j->depth] ? "" : ",",
	    2 * j->depth, "");
	j->first[j->depth] = 0;
	if (key != NULL) {
		report_json_string(j->fp, key);
		fputs(": ", j->fp);
	}
}

static void
cj_open(struct cmp_json *j, const char *key, int array)
{
	if (j->depth > 0 || key != NULL)
		cj_key(j, key);
	fputc(array ? '[' : '{', j->fp);
	j->first[++j->depth] = 1;
}

static void
cj_close(struct cmp_json *j, int array)
{
	int	 empty = j->first[j->depth];

	j->depth--;
	if (!empty)
		fprintf(j->fp, "\n%*s", 2 * j->depth, "");
	fputc(array ? ']' : '}', j->fp);
}

static void
cj_num(struct cmp_json *j, const char *key, double v)
{
	cj_key(j, key);
	if (isfinite(v))
		fprintf(j->fp, "%.17g", v);
	else
		fputs("null", j->fp);
}

static void
cj_int(struct cmp_json *j, const char *key, long long v)
{
	cj_key(j, key);
	fprintf(j->fp, "%lld", v);
}

static void
cj_str(struct cmp_json *j, const char *key, const char *v)
{
	cj_key(j, key);
	if (v == NULL)
		fputs("null", j->fp);
	else
		report_json_string(j->fp, v);
}

static void
cj_bool(struct cmp_json *j, const char *key, int v)
{
	cj_key(j, key);
	fputs(v ? "true" : "false", j->fp);
}

static void
cj_test(struct cmp_json *j, const struct cmp_test *t)
{
	cj_num(j, "ratio", t->ratio);
	cj_num(j, "ci_low", t->lo);
	cj_num(j, "ci_high", t->hi);
	cj_num(j, "p_value", t->p);
	cj_bool(j, "significant", t->significant);
}

static void
cj_set_rows(struct cmp_json *j, const struct results *r)
{
	int	 i, k;

	cj_open(j, "rows", 1);
	for (i = 0; i < r->nrows; i++) {
		const struct results_row	*row = &r->rows[i];

		cj_open(j, NULL, 0);
		cj_int(j, "jobs", row->jobs);
		cj_int(j, "runs", row->nruns);
		cj_num(j, "median_s", row->wall_median);
		cj_num(j, "min_s", row->wall_min);
		cj_num(j, "max_s", row->wall_max);
		cj_num(j, "speedup", row->speedup);
		cj_num(j, "speedup_ci95_low", row->speedup_ci_low);
		cj_num(j, "speedup_ci95_high", row->speedup_ci_high);
		cj_num(j, "ideal_speedup", row->ideal);
		cj_num(j, "scaling_efficiency", row->scaling_efficiency);
		cj_num(j, "efficiency", row->efficiency);
		cj_num(j, "karp_flatt", row->karp_flatt);
		cj_num(j, "other_cpus", row->other_cpus);
		cj_int(j, "outliers", row->noutliers);
		cj_str(j, "flag", row->flag[0] != '\0' ? row->flag : NULL);
		cj_num(j, "joules", row->joules);
		cj_num(j, "watts", row->watts);
		cj_num(j, "joules_per_gpoint", row->joules_per_gpoint);
		cj_open(j, "warnings", 1);
		for (k = 0; k < RESULTS_NWARN; k++)
			if (row->warn & (1 << k))
				cj_str(j, NULL, results_warn_names[k]);
		cj_close(j, 1);
		cj_close(j, 0);
	}
	cj_close(j, 1);
}

static void
cmp_out_json(FILE *fp, const struct cmp *c, const struct cmp_row *rows,
    int n)
{
	struct cmp_json		 j = { fp, 0, { 1 } };
	const struct task_node	*r0 = c->files[0].root;
	char			 cause[128];
	int			 s, i, k;

	cj_open(&j, NULL, 0);
	cj_str(&j, "schema", "pint-compare");
	cj_int(&j, "schema_version", COMPARE_SCHEMA);
	cj_str(&j, "pint_version", PACKAGE_VERSION);
	cj_num(&j, "alpha", c->alpha);
	cj_open(&j, "task", 0);
	cj_str(&j, "name", compare_str(r0, "task.name"));
	cj_str(&j, "expression", compare_str(r0, "task.expression"));
	cj_str(&j, "rule", compare_str(r0, "task.rule"));
	cj_num(&j, "points", compare_num(r0, "task.points"));
	cj_str(&j, "engine", compare_str(r0, "task.engine"));
	cj_close(&j, 0);
	cj_open(&j, "sets", 1);
	for (s = 0; s < c->nsets; s++) {
		cj_open(&j, NULL, 0);
		cj_str(&j, "name", c->sets[s].name);
		cj_open(&j, "files", 1);
		for (i = 0; i < c->nfiles; i++)
			if (c->files[i].set == s)
				cj_str(&j, NULL, c->files[i].path);
		cj_close(&j, 1);
		cj_int(&j, "runs", c->sets[s].r.nruns);
		cj_set_rows(&j, &c->sets[s].r);
		cj_close(&j, 0);
	}
	cj_close(&j, 1);
	if (c->nsets == 2) {
		cj_open(&j, "comparison", 1);
		for (i = 0; i < n; i++) {
			cj_open(&j, NULL, 0);
			cj_int(&j, "jobs", rows[i].jobs);
			cj_open(&j, "sets", 1);
			for (s = 0; s < 2; s++) {
				int	 row = s ? rows[i].rb : rows[i].ra;
				const struct results *r = &c->sets[s].r;

				cj_open(&j, NULL, 0);
				cj_int(&j, "runs", row >= 0 ?
				    r->rows[row].nruns : 0);
				cj_num(&j, "median_s", row >= 0 ?
				    r->rows[row].wall_median : NAN);
				cj_num(&j, "compute_median_s",
				    compare_compute_median(r, row));
				cj_close(&j, 0);
			}
			cj_close(&j, 1);
			if (rows[i].ra >= 0 && rows[i].rb >= 0) {
				cj_test(&j, &rows[i].wall);
				cj_open(&j, "compute", 0);
				cj_test(&j, &rows[i].compute);
				cj_close(&j, 0);
			} else {
				struct cmp_test none = { 0, 0, NAN, NAN, NAN,
				    NAN, NAN, NAN, 0 };

				cj_test(&j, &none);
				cj_str(&j, "compute", NULL);
			}
			cj_close(&j, 0);
		}
		cj_close(&j, 1);
		cj_open(&j, "geomean", 0);
		cj_num(&j, "ratio", compare_geomean(rows, n, 0));
		cj_num(&j, "compute_ratio", compare_geomean(rows, n, 1));
		cj_close(&j, 0);
	} else {
		cj_str(&j, "comparison", NULL);
		cj_str(&j, "geomean", NULL);
	}
	cj_open(&j, "outliers", 1);
	for (s = 0; s < c->nsets; s++) {
		const struct results	*r = &c->sets[s].r;

		for (i = 0; i < r->nruns; i++) {
			if (!r->runs[i].outlier)
				continue;
			results_outlier_cause(&r->runs[i],
			    &r->rows[r->runs[i].row], cause, sizeof cause);
			cj_open(&j, NULL, 0);
			cj_str(&j, "set", c->sets[s].name);
			cj_str(&j, "file", c->files[c->sets[s].file[i]].path);
			cj_int(&j, "jobs", r->runs[i].jobs);
			cj_int(&j, "repeat", c->sets[s].orig_repeat[i]);
			cj_num(&j, "wall_s", r->runs[i].wall_s);
			cj_num(&j, "of_median", r->runs[i].wall_s /
			    r->rows[r->runs[i].row].wall_median);
			cj_num(&j, "modified_z", r->runs[i].wall_z);
			cj_str(&j, "cause", cause);
			cj_close(&j, 0);
		}
	}
	cj_close(&j, 1);
	cj_open(&j, "mismatches", 1);
	for (i = 0; i < c->nmm; i++) {
		cj_open(&j, NULL, 0);
		cj_str(&j, "kind", c->mm[i].kind);
		cj_str(&j, "field", c->mm[i].field);
		cj_open(&j, "values", 1);
		for (k = 0; k < c->mm[i].n; k++) {
			cj_open(&j, NULL, 0);
			cj_str(&j, "file", c->files[c->mm[i].files[k]].path);
			cj_str(&j, "value", c->mm[i].values[k]);
			cj_close(&j, 0);
		}
		cj_close(&j, 1);
		cj_close(&j, 0);
	}
	cj_close(&j, 1);
	cj_open(&j, "warnings", 1);
	for (i = 0; i < c->nwarn; i++)
		cj_str(&j, NULL, c->warn[i]);
	cj_close(&j, 1);
	cj_close(&j, 0);
	fputc('\n', fp);
}

/* Output: CSV and Markdown, one line a -j value (of each set, or both). */
static void
cmp_csv_num(FILE *fp, double v)
{
	if (isfinite(v))
		fprintf(fp, ",%.17g", v);
	else
		fputc(',', fp);
}

static void
cmp_out_csv(FILE *fp, const struct cmp *c, const struct cmp_row *rows,
    int n)
{
	int	 s, i;

	if (c->nsets == 2) {
		fputs("jobs,runs_a,median_s_a,runs_b,median_s_b,ratio,ci_low,"
		    "ci_high,p_value,significant,compute_ratio,compute_ci_low,"
		    "compute_ci_high,compute_p_value,compute_significant\n", fp);
		for (i = 0; i < n; i++) {
			const struct cmp_test	*w = &rows[i].wall;
			const struct cmp_test	*t = &rows[i].compute;

			if (rows[i].ra < 0 || rows[i].rb < 0)
				continue;
			fprintf(fp, "%d,%d", rows[i].jobs, w->na);
			cmp_csv_num(fp, w->ma);
			fprintf(fp, ",%d", w->nb);
			cmp_csv_num(fp, w->mb);
			cmp_csv_num(fp, w->ratio);
			cmp_csv_num(fp, w->lo);
			cmp_csv_num(fp, w->hi);
			cmp_csv_num(fp, w->p);
			fprintf(fp, ",%s", w->significant ? "true" : "false");
			cmp_csv_num(fp, t->ratio);
			cmp_csv_num(fp, t->lo);
			cmp_csv_num(fp, t->hi);
			cmp_csv_num(fp, t->p);
			fprintf(fp, ",%s\n", t->significant ? "true" : "false");
		}
		return;
	}
	fputs("set,jobs,runs,median_s,min_s,max_s,speedup,speedup_ci95_low,"
	    "speedup_ci95_high,scaling_efficiency,efficiency,karp_flatt,"
	    "other_cpus,outliers\n", fp);
	for (s = 0; s < c->nsets; s++) {
		const struct results	*r = &c->sets[s].r;

		for (i = 0; i < r->nrows; i++) {
			const struct results_row	*row = &r->rows[i];

			/* Its control characters escaped, as in text. */
			report_csv_field(fp, c->sets[s].shown);
			fprintf(fp, ",%d,%d", row->jobs, row->nruns);
			cmp_csv_num(fp, row->wall_median);
			cmp_csv_num(fp, row->wall_min);
			cmp_csv_num(fp, row->wall_max);
			cmp_csv_num(fp, row->speedup);
			cmp_csv_num(fp, row->speedup_ci_low);
			cmp_csv_num(fp, row->speedup_ci_high);
			cmp_csv_num(fp, row->scaling_efficiency);
			cmp_csv_num(fp, row->efficiency);
			cmp_csv_num(fp, row->karp_flatt);
			cmp_csv_num(fp, row->other_cpus);
			fprintf(fp, ",%d\n", row->noutliers);
		}
	}
}

static void
cmp_out_markdown(FILE *fp, const struct cmp *c, const struct cmp_row *rows,
    int n)
{
	int	 s, i;

	if (c->nsets == 2) {
		fputs("B = ", fp);
		report_md_text(fp, c->sets[1].name);
		fputs(" over A = ", fp);
		report_md_text(fp, c->sets[0].name);
		fprintf(fp, ", median wall time; ~: not "
		    "significant at alpha %g (Mann–Whitney U)\n\n"
		    "| -j | A runs | A median [s] | B runs | B median [s] | "
		    "B/A | 95%% interval | p |\n"
		    "|---:|---:|---:|---:|---:|---:|---:|---:|\n", c->alpha);
		for (i = 0; i < n; i++) {
			const struct cmp_test	*t = &rows[i].wall;

			if (rows[i].ra < 0 || rows[i].rb < 0)
				continue;
			fprintf(fp, "| %d | %d", rows[i].jobs, t->na);
			report_md_num(fp, "%.6f", t->ma);
			fprintf(fp, " | %d", t->nb);
			report_md_num(fp, "%.6f", t->mb);
			fprintf(fp, " | %s%.3f", t->significant ? "" : "~ ",
			    t->ratio);
			if (isnan(t->lo))
				fputs(" | n/a", fp);
			else
				fprintf(fp, " | %.3f–%.3f", t->lo, t->hi);
			report_md_num(fp, "%.3g", t->p);
			fputs(" |\n", fp);
		}
		fprintf(fp, "| geomean | | | | | %.3f | | |\n\n",
		    compare_geomean(rows, n, 0));
	}
	for (s = 0; s < c->nsets; s++) {
		const struct results	*r = &c->sets[s].r;

		fputs("Scaling of ", fp);
		report_md_text(fp, c->sets[s].name);
		fputs("\n\n| -j | runs | median [s] | speedup | 95% interval | "
		    "scaling efficiency | Karp–Flatt |\n"
		    "|---:|---:|---:|---:|---:|---:|---:|\n", fp);
		for (i = 0; i < r->nrows; i++) {
			const struct results_row	*row = &r->rows[i];

			fprintf(fp, "| %d | %d", row->jobs, row->nruns);
			report_md_num(fp, "%.6f", row->wall_median);
			report_md_num(fp, "%.3f", row->speedup);
			if (isnan(row->speedup_ci_low))
				fputs(i == 0 ? " | –" : " | n/a", fp);
			else
				fprintf(fp, " | %.3f–%.3f", row->speedup_ci_low,
				    row->speedup_ci_high);
			report_md_num(fp, "%.3f", row->scaling_efficiency);
			report_md_num(fp, "%.4f", row->karp_flatt);
			fputs(" |\n", fp);
		}
		fputc('\n', fp);
		report_notes(fp, r, "- ", 1);
	}
	/* The warnings hold escaped names and paths: Markdown escapes. */
	for (i = 0; i < c->nmm; i++) {
		fprintf(fp, "- mismatch: %s ", c->mm[i].kind);
		report_md_text(fp, c->mm[i].field);
		fputs(" differs\n", fp);
	}
	for (i = 0; i < c->nwarn; i++) {
		fputs("- warning: ", fp);
		report_md_plain(fp, c->warn[i]);
		fputc('\n', fp);
	}
}

int
compare_write(const struct cmp *c, const struct cmp_row *rows, int n)
{
	char	*cause = NULL;

	switch (c->format) {
	case CMP_TEXT:
		cmp_out_text(stdout, c, rows, n);
		break;
	case CMP_JSON:
		cmp_out_json(stdout, c, rows, n);
		break;
	case CMP_CSV:
		cmp_out_csv(stdout, c, rows, n);
		break;
	case CMP_MARKDOWN:
		cmp_out_markdown(stdout, c, rows, n);
		break;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warnmsg("compare: standard output: %s", strerror(errno));
		return EXIT_RUNFAIL;
	}
	if (c->plot != NULL && plot_write(&c->outputs, c->plot, &c->plotopts,
	    &c->sets[c->nsets - 1].r, &cause) != 0) {
		warnmsg("compare: %s", cause);
		free(cause);
		return EXIT_RUNFAIL;
	}
	return EXIT_OK;
}

