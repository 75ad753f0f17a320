/*
 * report: the results formatted, as text for people and as JSON, YAML or
 * CSV for programs; it computes nothing (see results). Field names are
 * stable (pint(1)).
 */
#ifndef PINT_REPORT_H
#define PINT_REPORT_H

#include <stdio.h>

#include "results.h"

#define REPORT_SCHEMA	3

void	 report_text(FILE *, const struct results *);
void	 report_json(FILE *, const struct results *);
/* YAML through libyaml's emitter; -1 if it failed. */
int	 report_yaml(FILE *, const struct results *);
/* CSV: one row per run; the summary, one row per -j value. */
void	 report_csv(FILE *, const struct results *, int);
void	 report_csv_summary(FILE *, const struct results *, int);
/* A Markdown table of the -j values (--export-markdown). */
void	 report_markdown(FILE *, const struct results *);
/* A --samples time series as CSV, with a header. */
void	 report_samples_csv(FILE *, const struct sampler_series *);

/* Write s as a JSON string (with quotes), unsafe characters escaped. */
void	 report_json_string(FILE *, const char *);
/*
 * Write text s as one CSV field, quoted when needed, with a ' before a
 * leading = + - @, tab or CR (never use it for a number).
 */
void	 report_csv_field(FILE *, const char *);

/*
 * The text table of a sweep's rows, its legend (when asked) and its
 * warnings (outliers, flags): the sweep's report and pint compare's.
 */
void	 report_sweep_table(FILE *, const struct results *, int);
/* Text s in Markdown: unsafe characters and markup escaped. */
void	 report_md_text(FILE *, const char *);
/* Text s already free of unsafe characters (str_escape) in Markdown. */
void	 report_md_plain(FILE *, const char *);
/* A Markdown table cell " | v" by fmt, or a dash where v is not finite. */
void	 report_md_num(FILE *, const char *, double);
/* A sweep's energy and warnings, per -j value (text). */
void	 report_sweep_conditions(FILE *, const struct results *);
/* The outlier and flag lines alone, each after prefix; md: Markdown. */
void	 report_notes(FILE *, const struct results *, const char *, int md);

#endif
