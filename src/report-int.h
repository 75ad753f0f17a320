/*
 * report-int: what the files of the report module (report.c,
 * report-text.c) share; no other module includes it.
 */
#ifndef PINT_REPORT_INT_H
#define PINT_REPORT_INT_H

#include <stddef.h>
#include <stdio.h>

#include "fprint.h"
#include "report-fields.h"

/* The columns of a sweep's table, in Markdown and in text. */
enum md_cell {
	MD_VALUE,	/* the field by fmt, a dash where it is not finite */
	MD_JOBS,	/* the first cell: -j, '*' when oversubscribed */
	MD_MEAN_SD,	/* mean, then "± sd" where there is one */
	MD_INTERVAL,	/* low–high; a dash at the first row, else n/a */
};

struct md_col {
	const char	*field;
	enum md_cell	 cell;
	const char	*title;		/* Markdown; NULL: not there */
	const char	*fmt;
	const char	*text;		/* text; NULL: under the one before */
	int		 head;		/* text: the title's width */
	const char	*tfmt;		/* text: the value; NULL: not there */
	int		 width;		/* text: the cell's width */
	const char	*nan;		/* text: where the value is not a number */
};

extern const struct md_col	md_cols[];
extern const size_t		md_ncols;

/* The axes' names, by index. */
extern const char *const	report_axes[TASK_MAXDIM];

/* The value of field name of the scope, for c. */
struct rf_val	 report_get(enum rf_scope, const char *,
		    const struct rf_ctx *);
/*
 * What the sweep's figures are, formula by formula, into buf; rate: the
 * table has a points/s column.
 */
const char	*report_legend(const struct results *, int, char *, size_t);
/* A fingerprint field's value as text, into buf. */
const char	*text_field(const struct fp_field *, char *, size_t);

#endif
