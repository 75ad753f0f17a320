/*
 * report-fields: every field of the report once, in one table: its name
 * (the JSON key and the CSV column), its unit, where it sits (the whole
 * report, a run, a -j row; the JSON object within), how to get its value,
 * and which outputs show it. report.c writes JSON, YAML and both CSVs by
 * walking it; tests/check_report.c checks the committed JSON Schema and
 * pint(1)'s column lists against it.
 */
#ifndef PINT_REPORT_FIELDS_H
#define PINT_REPORT_FIELDS_H

#include "results.h"

/* The object a field belongs to. */
enum rf_scope {
	RF_TOP,		/* the report's root */
	RF_RUN,		/* one of runs[] */
	RF_ROW,		/* one of sweep[]: a -j value */
};

/* A field's value for one report, run and row. */
enum rf_type {
	RF_NULL,	/* unknown: null in JSON, an empty CSV cell */
	RF_OMIT,	/* not written at all (task.order of a rule without) */
	RF_NUM,		/* a double; not finite: null (JSON), empty (CSV) */
	RF_INT,
	RF_UINT,
	RF_BOOL,
	RF_STR,		/* NULL: as RF_NULL */
	RF_WARN,	/* warning bits: names (JSON array, CSV ';' list) */
};

struct rf_val {
	enum rf_type		 type;
	double			 num;
	long long		 i;
	unsigned long long	 u;
	const char		*str;
};

struct rf_ctx {
	const struct results		*r;
	const struct results_run	*rr;	/* NULL at RF_TOP */
	const struct results_row	*row;	/* the run's row, or the row */
};

/*
 * Parts of the report that are not one scalar: report.c writes each (the
 * switch in tree_special, csv_special). A field with one names the code
 * that writes its key (JSON) or its columns (CSV).
 */
enum rf_special {
	RF_SP_NONE,
	RF_SP_DOMAIN,		/* task.domain: [lo, hi] per axis */
	RF_SP_STEP,		/* task.step: h per axis */
	RF_SP_AXIS_NODES,	/* task.nodes: nodes per axis */
	RF_SP_ENGINE_OPS,	/* task.engine_ops, or null */
	RF_SP_FIRST_RESULT,	/* result: the first run's result fields */
	RF_SP_SWEEP,		/* sweep[]: RF_ROW, one per -j value */
	RF_SP_RUNS,		/* runs[]: RF_RUN */
	RF_SP_FP_HOST,		/* host's fingerprint: its fields, reasons */
	RF_SP_NODES,		/* nodes[] and mpi, or null */
	RF_SP_OUTLIER,		/* runs[].outlier: an object, or null */
	RF_SP_BAD_POINT,	/* result.first_nonfinite_point */
	RF_SP_WORKERS,		/* runs[].workers[] */
	RF_SP_CHECKPOINT,	/* runs[].checkpoint: an object, or null */
	RF_SP_CONDITIONS,	/* runs[]: conditions, energy and warnings */
	RF_SP_FP_COND,		/* CSV: a run's conditions, one column each */
};

/* Where a field shows (bits of report_field.show). */
#define RF_JSON		0x1	/* JSON and YAML, written from the table */
#define RF_JSON_BY	0x2	/* JSON and YAML, by another field's special */

struct report_field {
	enum rf_scope	 scope;
	const char	*group;	/* its JSON object in the scope, or NULL */
	const char	*name;	/* JSON key, CSV column; NULL: a special's */
	const char	*unit;	/* "s", "KiB", "J", ...; NULL: none */
	unsigned	 show;	/* RF_JSON, RF_JSON_BY */
	short		 csv;	/* column of the CSV report (1..), 0 none */
	short		 sum;	/* column of the --summary CSV, 0 none */
	enum rf_special	 special;
	struct rf_val	(*get)(const struct rf_ctx *);
};

extern const struct report_field	report_fields[];
extern const int			report_nfields;

/* The field name of scope, or NULL. */
const struct report_field *report_field_find(enum rf_scope, const char *);

#endif
