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
#include "suites.h"
#include "testutil.h"

static struct task	 task;
static struct grid	 grid;
static struct report	 rep;

/* A report of a sweep of -j 1,2,4 with two repeats each, made up. */
static void
setup(void)
{
	char		*cause = NULL;
	int		 i, w;
	static const int jobs[] = { 1, 1, 2, 2, 4, 4 };
	static const double walls[] = { 4.0, 4.2, 2.1, 2.0, 1.2, 1.1 };

	tu_task(&task, "x * y", 2, 0, 1, 100, RULE_MIDPOINT);
	free(task.name);
	task.name = strdup("a \"quoted\", back\\slash\nname");
	ck_assert_int_eq(quad_grid(&grid, &task, &cause), 0);
	memset(&rep, 0, sizeof rep);
	rep.task = &task;
	rep.grid = &grid;
	rep.engine = "vector";
	rep.jobs_source = "option";
	rep.muparser_version = "2.3.3";
	report_host(&rep.host, 2, 2);
	rep.nruns = 6;
	rep.runs = calloc(rep.nruns, sizeof *rep.runs);
	for (i = 0; i < rep.nruns; i++) {
		struct run_record	*rr = &rep.runs[i];

		rr->jobs = jobs[i];
		rr->repeat = 1 + i % 2;
		rr->pool.integral = 0.25;
		rr->pool.error_estimate = NAN;
		rr->pool.points = 10000;
		rr->pool.wall_s = walls[i];
		rr->pool.compute_s = walls[i] - 0.01;
		rr->pool.user_s = 4.0;
		rr->pool.nworkers = rr->jobs;
		rr->pool.workers = calloc(rr->jobs, sizeof *rr->pool.workers);
		for (w = 0; w < rr->jobs; w++) {
			rr->pool.workers[w].pid = 1000 + w;
			rr->pool.workers[w].points = 10000 / rr->jobs;
			rr->pool.workers[w].cpu = -1;
			snprintf(rr->pool.workers[w].exit,
			    sizeof rr->pool.workers[w].exit, "ok");
		}
		rr->have_samp = 1;
		rr->samp.other_load = 0.01;
	}
	report_finish(&rep);
}

static void
teardown(void)
{
	report_free(&rep);
	task_free(&task);
}

static char *
capture(void (*fn)(FILE *, const struct report *))
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&buf, &len);

	fn(fp, &rep);
	fclose(fp);
	return buf;
}

static void
csv_header(FILE *fp, const struct report *r)
{
	report_csv(fp, r, 1);
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

	ck_assert_int_eq(yaml_count(s, "integral"), 6);
	ck_assert_int_eq(yaml_count(s, "speedup"), 3);
	ck_assert_int_eq(yaml_count(s, "a \"quoted\", back\\slash\nname"), 1);
	ck_assert_ptr_nonnull(strstr(s, "\"integral_identical\": true"));
	ck_assert_ptr_nonnull(strstr(s, "\"error_estimate\": null"));
	free(s);
	rep.runs[0].pool.error_estimate = 1.5e-9;
	s = capture(report_json);
	ck_assert_ptr_nonnull(strstr(s, "\"error_estimate\": 1.5e-09"));
	ck_assert_ptr_nonnull(strstr(s,
	    "\"name\": \"a \\\"quoted\\\", back\\\\slash\\nname\""));
	free(s);
}
END_TEST

START_TEST(yaml_reads_back)
{
	char	*s = capture(report_yaml);

	ck_assert_int_eq(yaml_count(s, "integral"), 6);
	ck_assert_int_eq(yaml_count(s, "worker_deaths"), 6);
	ck_assert_int_eq(yaml_count(s, "a \"quoted\", back\\slash\nname"), 1);
	free(s);
}
END_TEST

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
	ck_assert_int_eq(first, 31);
	ck_assert(strncmp(s, "jobs,repeat,name,", 17) == 0);
	ck_assert_ptr_nonnull(strstr(s,
	    ",\"a \"\"quoted\"\", back\\slash\nname\","));
	free(s);
}
END_TEST

START_TEST(sweep_arithmetic)
{
	ck_assert_int_eq(rep.nrows, 3);
	ck_assert_double_eq_tol(rep.rows[0].wall_median, 4.1, 1e-12);
	ck_assert_double_eq_tol(rep.rows[1].wall_median, 2.05, 1e-12);
	ck_assert_double_eq_tol(rep.rows[1].speedup, 2.0, 1e-12);
	ck_assert_double_eq_tol(rep.rows[1].scaling_efficiency, 1.0, 1e-12);
	ck_assert_double_eq_tol(rep.rows[1].karp_flatt, 0.0, 1e-12);
	ck_assert_double_eq_tol(rep.rows[2].wall_min, 1.1, 1e-12);
	ck_assert_double_eq_tol(rep.rows[2].wall_max, 1.2, 1e-12);
	ck_assert(isnan(rep.rows[0].karp_flatt));
	ck_assert_int_eq(rep.identical, 1);
	rep.runs[3].pool.integral = nextafter(0.25, 1);
	report_finish(&rep);
	ck_assert_int_eq(rep.identical, 0);
}
END_TEST

START_TEST(single_run_shape)
{
	char	*s;

	rep.nruns = 1;
	report_finish(&rep);
	s = capture(report_json);
	ck_assert_int_eq(yaml_count(s, "runs"), 0);
	ck_assert_int_eq(yaml_count(s, "jobs"), 1);
	ck_assert_int_eq(yaml_count(s, "integral"), 1);
	free(s);
	rep.nruns = 6;
}
END_TEST

START_TEST(nonfinite_json_is_null)
{
	char	*s;

	rep.nruns = 1;
	rep.runs[0].pool.integral = INFINITY;
	report_finish(&rep);
	s = capture(report_json);
	ck_assert_ptr_nonnull(strstr(s, "\"integral\": null"));
	free(s);
	s = capture(report_yaml);
	ck_assert_ptr_nonnull(strstr(s, "integral: .inf"));
	free(s);
	rep.nruns = 6;
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
	tcase_add_test(tc, sweep_arithmetic);
	tcase_add_test(tc, single_run_shape);
	tcase_add_test(tc, nonfinite_json_is_null);
	suite_add_tcase(s, tc);
	return s;
}
