/*
 * report_fields: the field table against itself (each JSON object once,
 * CSV columns numbered without gaps), against the committed JSON Schema
 * (every field there, every property of an object the table writes in
 * the table) and against pint(1)'s CSV column lists. A field added to one
 * of the table, the schema or the man page and not the others fails here.
 */
#include "config.h"

#include <check.h>
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
static yaml_document_t	 schema;

/* A file of the source tree, whole, NUL-ended. */
static char *
source_file(const char *rel)
{
	const char	*dir = getenv("srcdir");
	char		*path, *buf;
	size_t		 len;
	FILE		*fp;

	xasprintf(&path, "%s/%s", dir != NULL && *dir != '\0' ? dir : ".",
	    rel);
	fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "cannot open %s", path);
	buf = xmalloc(1 << 20);
	len = fread(buf, 1, (1 << 20) - 1, fp);
	buf[len] = '\0';
	fclose(fp);
	free(path);
	return buf;
}

static void
setup(void)
{
	char		*cause = NULL, *text;
	yaml_parser_t	 p;

	tu_task(&task, "x * y", 2, 0, 1, 100, RULE_MIDPOINT);
	ck_assert_int_eq(quad_grid(&grid, &task, &cause), 0);
	tu_results(&rep, &task, &grid);
	/* JSON is YAML: libyaml reads the schema. */
	text = source_file("schema/pint-report.schema.json");
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text,
	    strlen(text));
	ck_assert_msg(yaml_parser_load(&p, &schema), "schema: %s", p.problem);
	yaml_parser_delete(&p);
	free(text);
}

static void
teardown(void)
{
	yaml_document_delete(&schema);
	results_free(&rep);
	task_free(&task);
}

/* The value of key in mapping n, or NULL. */
static yaml_node_t *
map_get(yaml_node_t *n, const char *key)
{
	yaml_node_pair_t	*pr;
	yaml_node_t		*k;

	if (n == NULL || n->type != YAML_MAPPING_NODE)
		return NULL;
	for (pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
	    pr++) {
		k = yaml_document_get_node(&schema, pr->key);
		if (k->type == YAML_SCALAR_NODE &&
		    strcmp((char *)k->data.scalar.value, key) == 0)
			return yaml_document_get_node(&schema, pr->value);
	}
	return NULL;
}

/* n, or the definition its "$ref" (or its allOf's first) points at. */
static yaml_node_t *
deref(yaml_node_t *n)
{
	yaml_node_t	*ref = map_get(n, "$ref"), *all = map_get(n, "allOf");
	const char	*s, *pre = "#/definitions/";

	if (ref == NULL && all != NULL && all->type == YAML_SEQUENCE_NODE &&
	    all->data.sequence.items.top > all->data.sequence.items.start)
		ref = map_get(yaml_document_get_node(&schema,
		    *all->data.sequence.items.start), "$ref");
	if (ref == NULL)
		return n;
	s = (const char *)ref->data.scalar.value;
	ck_assert_msg(strncmp(s, pre, strlen(pre)) == 0, "ref %s", s);
	return map_get(map_get(yaml_document_get_root_node(&schema),
	    "definitions"), s + strlen(pre));
}

/* Whether object n names key in its properties or its required list. */
static int
names_key(yaml_node_t *n, const char *key)
{
	yaml_node_t	*req = map_get(n, "required"), *v;
	yaml_node_item_t *it;

	if (map_get(map_get(n, "properties"), key) != NULL)
		return 1;
	if (req == NULL || req->type != YAML_SEQUENCE_NODE)
		return 0;
	for (it = req->data.sequence.items.start;
	    it < req->data.sequence.items.top; it++) {
		v = yaml_document_get_node(&schema, *it);
		if (strcmp((char *)v->data.scalar.value, key) == 0)
			return 1;
	}
	return 0;
}

/* Whether the schema object n (or the definition it refers to) has key. */
static int
has_property(yaml_node_t *n, const char *key)
{
	return names_key(n, key) || names_key(deref(n), key);
}

/*
 * Call fn for every key object n (and the definition it refers to) names
 * in its properties and its required lists; the number of keys.
 */
static int
each_key(yaml_node_t *n, enum rf_scope scope, const char *group,
    void (*fn)(enum rf_scope, const char *, const char *))
{
	yaml_node_t		*o, *v;
	yaml_node_pair_t	*pr;
	yaml_node_item_t	*it;
	int			 pass, count = 0;

	for (pass = 0; pass < 2; pass++) {
		o = pass == 0 ? n : deref(n);
		if (pass == 1 && o == n)
			break;
		if ((v = map_get(o, "properties")) != NULL)
			for (pr = v->data.mapping.pairs.start;
			    pr < v->data.mapping.pairs.top; pr++, count++)
				fn(scope, group, (const char *)
				    yaml_document_get_node(&schema,
				    pr->key)->data.scalar.value);
		if ((v = map_get(o, "required")) != NULL)
			for (it = v->data.sequence.items.start;
			    it < v->data.sequence.items.top; it++, count++)
				fn(scope, group, (const char *)
				    yaml_document_get_node(&schema,
				    *it)->data.scalar.value);
	}
	return count;
}

/* The schema object of a scope, or of one of its groups. */
static yaml_node_t *
schema_object(enum rf_scope scope, const char *group)
{
	yaml_node_t	*root = yaml_document_get_root_node(&schema);
	yaml_node_t	*defs = map_get(root, "definitions"), *n = NULL;

	switch (scope) {
	case RF_TOP:
		n = root;
		break;
	case RF_RUN:
		n = map_get(defs, "run");
		break;
	case RF_ROW:
		n = map_get(defs, "sweep_row");
		break;
	}
	if (group != NULL)
		n = map_get(map_get(n, "properties"), group);
	ck_assert_msg(n != NULL, "the schema has no object %s",
	    group != NULL ? group : "for the scope");
	return n;
}

static int
same(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The table's field (scope, group, name), or a group of that name. */
static int
table_has(enum rf_scope scope, const char *group, const char *name)
{
	const struct report_field	*f;
	int				 i;

	for (i = 0; i < report_nfields; i++) {
		f = &report_fields[i];
		if (f->scope != scope)
			continue;
		if (same(f->group, group) && same(f->name, name))
			return 1;
		if (group == NULL && same(f->group, name))
			return 1;
	}
	return 0;
}

/* Whether a special without a name of its own writes key into group. */
static int
special_writes(enum rf_scope scope, const char *group, const char *key)
{
	int	 i;

	for (i = 0; i < report_nfields; i++) {
		const struct report_field	*f = &report_fields[i];

		if (f->scope != scope || !same(f->group, group) ||
		    f->name != NULL)
			continue;
		if (f->special == RF_SP_FIRST_RESULT &&
		    table_has(RF_RUN, group, key))
			return 1;
		if (f->special == RF_SP_FP_HOST) {
			int	 k;

			if (strcmp(key, "null_reasons") == 0)
				return 1;
			for (k = 0; k < FPH_N; k++)
				if (strcmp(rep.fp.f[k].key, key) == 0)
					return 1;
		}
	}
	return 0;
}

/* The JSON fields of scope before field i; -1 when there is none. */
static int
json_before(int i, enum rf_scope scope)
{
	while (--i >= 0)
		if (report_fields[i].scope == scope &&
		    (report_fields[i].show & RF_JSON))
			break;
	return i;
}

/* Each scope's JSON groups are runs of the table: one object each. */
START_TEST(groups_together)
{
	int	 i, j;

	for (i = 0; i < report_nfields; i++) {
		const struct report_field	*f = &report_fields[i];

		if (!(f->show & RF_JSON) || f->group == NULL ||
		    ((j = json_before(i, f->scope)) >= 0 &&
		    same(report_fields[j].group, f->group)))
			continue;
		/* f starts its group: no field of it before. */
		for (; j >= 0; j = json_before(j, f->scope))
			ck_assert_msg(!same(report_fields[j].group, f->group),
			    "group %s is split at %s", f->group, f->name);
	}
}
END_TEST

/* CSV columns 1..N, each once, each with a getter or a CSV special. */
START_TEST(columns_numbered)
{
	int	 which, col, i, n, seen;

	for (which = 0; which < 2; which++) {
		for (col = 1, seen = 0;; col++) {
			for (i = 0, n = 0; i < report_nfields; i++) {
				const struct report_field *f = &report_fields[i];

				if ((which ? f->sum : f->csv) != col)
					continue;
				n++;
				ck_assert_msg(f->get != NULL ||
				    f->special == RF_SP_FP_HOST ||
				    f->special == RF_SP_FP_COND,
				    "column %d has no value", col);
			}
			ck_assert_msg(n <= 1, "column %d twice", col);
			if (n == 0)
				break;
			seen++;
		}
		for (i = 0; i < report_nfields; i++)
			ck_assert_msg((which ? report_fields[i].sum :
			    report_fields[i].csv) <= seen, "a gap before "
			    "column of %s", report_fields[i].name);
	}
}
END_TEST

/* Every JSON field of the table is in the schema. */
START_TEST(table_in_schema)
{
	int	 i, k;

	for (i = 0; i < report_nfields; i++) {
		const struct report_field	*f = &report_fields[i];
		yaml_node_t			*o;

		if (!(f->show & (RF_JSON | RF_JSON_BY)))
			continue;
		o = schema_object(f->scope, f->group);
		if (f->name != NULL)
			ck_assert_msg(has_property(o, f->name), "%s%s%s is not "
			    "in the schema", f->group ? f->group : "",
			    f->group ? "." : "", f->name);
		else if (f->special == RF_SP_FP_COND)
			for (k = 0; k < FPC_N; k++)
				ck_assert_msg(has_property(o,
				    rep.runs[0].cond.f[k].key), "conditions.%s "
				    "is not in the schema",
				    rep.runs[0].cond.f[k].key);
	}
}
END_TEST

static void
key_in_table(enum rf_scope scope, const char *group, const char *key)
{
	ck_assert_msg(table_has(scope, group, key) ||
	    special_writes(scope, group, key), "the schema's %s%s%s is not "
	    "in report-fields.c", group ? group : "", group ? "." : "", key);
}

/*
 * Every property of an object the table writes is in the table (or
 * written by a special of that object): the schema has no field the
 * report lacks.
 */
START_TEST(schema_in_table)
{
	int	 i, j, checked = 0;

	for (i = 0; i < report_nfields; i++) {
		const struct report_field	*f = &report_fields[i];

		/* Each object once: at its first field written from here. */
		if (!(f->show & RF_JSON) || ((j = json_before(i, f->scope)) >=
		    0 && same(report_fields[j].group, f->group)))
			continue;
		checked += each_key(schema_object(f->scope, f->group),
		    f->scope, f->group, key_in_table);
	}
	ck_assert_int_gt(checked, 100);
}
END_TEST

/*
 * The comma-separated list in the first literal display (.Bd -literal
 * ... .Ed) after the text after in pint(1), joined.
 */
static char *
man_list(const char *page, const char *after)
{
	const char	*p = strstr(page, after), *e;
	char		*out, *q;

	ck_assert_msg(p != NULL, "pint(1) has no \"%s\"", after);
	p = strstr(p, ".Bd -literal");
	ck_assert_ptr_nonnull(p);
	p = strchr(p, '\n') + 1;
	e = strstr(p, ".Ed\n");
	ck_assert_ptr_nonnull(e);
	out = xmalloc((size_t)(e - p) + 1);
	for (q = out; p < e; p++)
		if (*p != '\n' && *p != ' ')
			*q++ = *p;
	*q = '\0';
	return out;
}

/* The header line of a CSV writer over the fixture. */
static char *
csv_header(void (*fn)(FILE *, const struct results *, int))
{
	char	*buf = NULL, *nl;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&buf, &len);

	fn(fp, &rep, 1);
	fclose(fp);
	nl = strchr(buf, '\n');
	ck_assert_ptr_nonnull(nl);
	*nl = '\0';
	return buf;
}

/* pint(1)'s CSV column lists are the ones the table writes. */
START_TEST(man_columns)
{
	char	*page = source_file("man/pint.1");
	char	*run = man_list(page, "The CSV report has a header line");
	char	*sum = man_list(page, ".Fl \\-summary ,\nthere is one line");
	char	*hrun = csv_header(report_csv);
	char	*hsum = csv_header(report_csv_summary), *want, *from, *to;

	ck_assert_str_eq(run, hrun);
	/* The summary's, then the run's from pint_version to hypervisor. */
	from = strstr(hrun, ",pint_version,");
	to = strstr(hrun, ",hypervisor,");
	ck_assert(from != NULL && to != NULL && from < to);
	xasprintf(&want, "%s%.*s", sum, (int)(to - from) + 11, from);
	ck_assert_str_eq(hsum, want);
	free(want);
	free(hsum);
	free(hrun);
	free(sum);
	free(run);
	free(page);
}
END_TEST

/*
 * The Markdown table's columns name fields of the table (report_markdown
 * aborts on one that does not): one cell each, in every row.
 */
START_TEST(markdown_columns)
{
	char	*buf = NULL, *line, *p;
	size_t	 len = 0;
	FILE	*fp = open_memstream(&buf, &len);
	int	 rows = 0, bars;

	report_markdown(fp, &rep);
	fclose(fp);
	for (line = buf; (p = strchr(line, '\n')) != NULL; line = p + 1) {
		if (*line != '|')
			continue;
		for (bars = 0; line < p; line++)
			bars += *line == '|';
		ck_assert_int_eq(bars, 13);
		rows++;
	}
	ck_assert_int_eq(rows, 2 + rep.nrows);
	ck_assert_ptr_nonnull(strstr(buf, "| 4* | 2 | 1.150000 | 1.100000 | "
	    "1.200000 | 1.150000 ± 0.070711 | 3.565 | n/a |"));
	free(buf);
}
END_TEST

Suite *
make_report_fields_suite(void)
{
	Suite	*s = suite_create("report_fields");
	TCase	*tc = tcase_create("table");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, groups_together);
	tcase_add_test(tc, columns_numbered);
	tcase_add_test(tc, table_in_schema);
	tcase_add_test(tc, schema_in_table);
	tcase_add_test(tc, man_columns);
	tcase_add_test(tc, markdown_columns);
	suite_add_tcase(s, tc);
	return s;
}
