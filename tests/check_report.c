/*
 * report: JSON and YAML read back by libyaml, CSV column counts, escaping
 * of awkward names, sweep arithmetic.
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "quad.h"
#include "report.h"
#include "report-fields.h"
#include "suites.h"
#include "testutil.h"
#include "util.h"

static struct task	 task;
static struct grid	 grid;
static struct results	 rep;

static void
setup(void)
{
	char	*cause = NULL;

	tu_task(&task, "x * y", 2, 0, 1, 100, RULE_MIDPOINT);
	free(task.name);
	task.name = strdup("a \"quoted\", back\\slash\nname");
	ck_assert_int_eq(quad_grid(&grid, &task, &cause), 0);
	tu_results(&rep, &task, &grid);
}

static void
teardown(void)
{
	results_free(&rep);
	task_free(&task);
}

static char *
capture(void (*fn)(FILE *, const struct results *))
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&buf, &len);

	fn(fp, &rep);
	fclose(fp);
	return buf;
}

static void
csv_header(FILE *fp, const struct results *r)
{
	report_csv(fp, r, 1);
}

static void
csv_summary(FILE *fp, const struct results *r)
{
	report_csv_summary(fp, r, 1);
}

static void
yaml(FILE *fp, const struct results *r)
{
	ck_assert_int_eq(report_yaml(fp, r), 0);
}

/* Parse text with libyaml; count scalars equal to want. */
static int
yaml_count(const char *text, const char *want)
{
	yaml_parser_t	 p;
	yaml_event_t	 ev;
	int		 n = 0, done = 0;

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text,
	    strlen(text));
	while (!done) {
		ck_assert_msg(yaml_parser_parse(&p, &ev), "parse error: %s at "
		    "line %zu", p.problem, p.problem_mark.line + 1);
		if (ev.type == YAML_SCALAR_EVENT &&
		    strcmp((char *)ev.data.scalar.value, want) == 0)
			n++;
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	return n;
}

START_TEST(json_reads_back)
{
	char	*s = capture(report_json);

	ck_assert_int_eq(yaml_count(s, "integral"), 7);
	ck_assert_int_eq(yaml_count(s, "speedup"), 3);
	ck_assert_int_eq(yaml_count(s, "a \"quoted\", back\\slash\nname"), 1);
	ck_assert_ptr_nonnull(strstr(s, "\"integral_identical\": true"));
	ck_assert_ptr_nonnull(strstr(s, "\"error_estimate\": null"));
	free(s);
	rep.runs[0].error_estimate = 1.5e-9;
	s = capture(report_json);
	ck_assert_ptr_nonnull(strstr(s, "\"error_estimate\": 1.5e-09"));
	ck_assert_ptr_nonnull(strstr(s,
	    "\"name\": \"a \\\"quoted\\\", back\\\\slash\\nname\""));
	free(s);
}
END_TEST

START_TEST(yaml_reads_back)
{
	char	*s = capture(yaml);

	ck_assert_int_eq(yaml_count(s, "integral"), 7);
	ck_assert_int_eq(yaml_count(s, "worker_deaths"), 6);
	ck_assert_int_eq(yaml_count(s, "a \"quoted\", back\\slash\nname"), 1);
	free(s);
}
END_TEST

/*
 * The CSV report's columns by the field table: one a field, a fingerprint
 * field each for the host's and the conditions'.
 */
static int
table_columns(void)
{
	int	 i, n = 0;

	for (i = 0; i < report_nfields; i++)
		if (report_fields[i].csv > 0)
			n += report_fields[i].special == RF_SP_FP_HOST ? FPH_N :
			    report_fields[i].special == RF_SP_FP_COND ? FPC_N :
			    1;
	return n;
}

/* Count CSV fields of each line, honouring quotes; all must be equal. */
START_TEST(csv_columns_stable)
{
	char	*s = capture(csv_header), *p;
	int	 fields = 1, first = -1, lines = 0, quoted = 0;

	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (*p == ',' && !quoted)
			fields++;
		else if (*p == '\n' && !quoted) {
			if (first < 0)
				first = fields;
			ck_assert_int_eq(fields, first);
			fields = 1;
			lines++;
		}
	}
	ck_assert_int_eq(lines, 7);
	ck_assert_int_eq(first, table_columns());
	ck_assert(strncmp(s, "jobs,repeat,name,", 17) == 0);
	ck_assert_ptr_nonnull(strstr(s,
	    ",\"a \"\"quoted\"\", back\\slash\nname\","));
	free(s);
}
END_TEST

/* One shape: a single run has result and runs[] too, but no sweep[]. */
START_TEST(single_run_shape)
{
	char	*s, *t;

	rep.nruns = 1;
	results_finish(&rep);
	s = capture(report_json);
	ck_assert_int_eq(yaml_count(s, "runs"), 1);
	ck_assert_int_eq(yaml_count(s, "sweep"), 0);
	ck_assert_int_eq(yaml_count(s, "jobs"), 1);
	ck_assert_int_eq(yaml_count(s, "integral"), 2);
	ck_assert_int_eq(yaml_count(s, "provenance"), 1);
	free(s);
	rep.nruns = 6;
	results_finish(&rep);
	s = capture(report_json);
	ck_assert_int_eq(yaml_count(s, "sweep"), 1);
	ck_assert_int_eq(yaml_count(s, "integral"), 7);
	t = strstr(s, "\"result\"");
	ck_assert_ptr_nonnull(t);
	ck_assert(t < strstr(s, "\"runs\""));
	free(s);
}
END_TEST

/* The summary CSV: a header and one row per -j value. */
START_TEST(csv_summary_rows)
{
	char	*s, *p;
	int	 lines = 0;

	s = capture(csv_summary);
	for (p = s; *p != '\0'; p++)
		lines += *p == '\n';
	ck_assert_int_eq(lines, 4 + 3);	/* the name has a newline */
	ck_assert(strncmp(s, "jobs,runs,name,", 15) == 0);
	ck_assert_ptr_nonnull(strstr(s, "\n4,2,"));
	free(s);
}
END_TEST

/* The text of a sweep: statistics, the legend, the chart. */
START_TEST(text_sweep_table)
{
	char	*s = capture(report_text);

	/* The median first, as the speedup is between medians. */
	ck_assert_ptr_nonnull(strstr(s, "jobs runs   median s"));
	ck_assert_ptr_nonnull(strstr(s, "speedup [95% interval]"));
	/* Two runs a count: no interval at 95%, said so. */
	ck_assert_ptr_nonnull(strstr(s, "[n/a]"));
	/* The legend gives the formula the code uses. */
	ck_assert_ptr_nonnull(strstr(s, "CPU time / (N x wall time)"));
	ck_assert_ptr_nonnull(strstr(s, "\nchart "));
	/* -j 4 on 2 usable CPUs is marked. */
	ck_assert_ptr_nonnull(strstr(s, "    4*    2"));
	ck_assert_ptr_nonnull(strstr(s, "* more jobs than the 2 usable CPUs"));
	free(s);
}
END_TEST

START_TEST(nonfinite_json_is_null)
{
	char	*s;

	rep.nruns = 1;
	rep.runs[0].integral = INFINITY;
	results_finish(&rep);
	s = capture(report_json);
	ck_assert_ptr_nonnull(strstr(s, "\"integral\": null"));
	free(s);
	s = capture(yaml);
	ck_assert_ptr_nonnull(strstr(s, "integral: null"));
	free(s);
	rep.nruns = 6;
}
END_TEST

/* What one string writer makes of s. */
static char *
write_one(void (*fn)(FILE *, const char *), const char *s)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(fp);
	fn(fp, s);
	fclose(fp);
	return buf;
}

START_TEST(csv_formula_prefixed)
{
	static const struct {
		const char	*in, *out;
	} cases[] = {
		{ "=1+2", "'=1+2" }, { "+1", "'+1" }, { "-1", "'-1" },
		{ "@SUM(A1)", "'@SUM(A1)" }, { "\tx", "'\tx" },
		{ "\rx", "\"'\rx\"" }, { "=a,b", "\"'=a,b\"" },
		{ "=\"q\"", "\"'=\"\"q\"\"\"" }, { "a=1", "a=1" }, { "", "" },
		{ "x-1", "x-1" },
	};
	size_t	 i;
	char	*s;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		s = write_one(report_csv_field, cases[i].in);
		ck_assert_str_eq(s, cases[i].out);
		free(s);
	}
}
END_TEST

START_TEST(unsafe_escaped)
{
	char	*s;

	/* C0, DEL, C1, the bidi overrides and isolates, bad UTF-8. */
	s = str_escape("a\x1b[0m\x7f\xc2\x85\xe2\x80\xae\xe2\x81\xa6"
	    "\xe2\x81\xa9\xff\xc0\xaf\\\xc3\xa9");
	ck_assert_str_eq(s, "a\\x1b[0m\\x7f\\u0085\\u202e\\u2066"
	    "\\u2069\\xff\\xc0\\xaf\\\\\xc3\xa9");
	free(s);
	s = write_one(report_json_string, "\xe2\x80\xae\xff\x01\xc3\xa9");
	ck_assert_str_eq(s, "\"\\u202e\\ufffd\\u0001\xc3\xa9\"");
	free(s);
	/* A sequence cut short by the end of the string reads no further. */
	s = str_escape("\xe2\x80");
	ck_assert_str_eq(s, "\\xe2\\x80");
	free(s);
}
END_TEST

Suite *
make_report_suite(void)
{
	Suite	*s = suite_create("report");
	TCase	*tc = tcase_create("writers");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, json_reads_back);
	tcase_add_test(tc, yaml_reads_back);
	tcase_add_test(tc, csv_columns_stable);
	tcase_add_test(tc, single_run_shape);
	tcase_add_test(tc, csv_summary_rows);
	tcase_add_test(tc, text_sweep_table);
	tcase_add_test(tc, nonfinite_json_is_null);
	tcase_add_test(tc, csv_formula_prefixed);
	tcase_add_test(tc, unsafe_escaped);
	suite_add_tcase(s, tc);
	return s;
}
