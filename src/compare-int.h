/*
 * compare-int: what compare's files share. compare-read loads and checks
 * the reports and lists their mismatches; compare groups their runs into
 * sets and computes the tests; compare-out writes the result.
 */
#ifndef PINT_COMPARE_INT_H
#define PINT_COMPARE_INT_H

#include <sys/types.h>

#include <stdio.h>

#include "output.h"
#include "plot.h"
#include "results.h"
#include "task-yaml.h"

enum cmp_format {
	CMP_TEXT,
	CMP_JSON,
	CMP_CSV,
	CMP_MARKDOWN,
};

/* One report file, read and checked. */
struct cmp_file {
	const char		*path;
	char			*shown;		/* path, str_escape'd */
	char			*buf;
	struct task_tree	 tree;
	const struct task_node	*root;
	int			 schema;
	int			 set;		/* 0 or 1 */
	char			*setkey;
	char			*hostkey;	/* host name and build */
	char			*taskid;
	dev_t			 dev;		/* the file read, to find it */
	ino_t			 ino;		/* given twice */
};

/* A set of reports: its runs as a sweep. */
struct cmp_set {
	char			*name;
	char			*shown;		/* name, str_escape'd for text */
	int			 nfiles;
	struct results		 r;
	int			*file;		/* per run of r: its file */
	int			*orig_repeat;	/* per run: the report's repeat */
	struct task		 task;		/* for the plot's title */
};

struct cmp_mismatch {
	const char	*kind;		/* machine, build, task, conditions */
	char		*field;
	char		**values;	/* per file (NULL: unknown) */
	int		*files;
	int		 n;
};

struct cmp {
	enum cmp_format		 format;
	double			 alpha;
	const char		*plot;
	struct output_set	 outputs;	/* --plot beside the reports */
	struct plot_opts	 plotopts;	/* gnuplot and its limit */
	int			 allow;
	struct cmp_file		*files;
	int			 nfiles;
	struct cmp_set		 sets[2];
	int			 nsets;
	struct cmp_mismatch	*mm;
	int			 nmm;
	char			**warn;
	int			 nwarn;
};

/* One comparison of two samples: B over A. */
struct cmp_test {
	int		 na, nb;
	double		 ma, mb;		/* medians */
	double		 ratio, lo, hi, p;
	int		 significant;
};

/* A row of two sets at one -j value. */
struct cmp_row {
	int		 jobs;
	int		 ra, rb;		/* the row in each set, or -1 */
	struct cmp_test	 wall, compute;
};

/* compare-read: the tree, the reports, their identities and mismatches. */
const struct task_node *compare_key(const struct task_node *, const char *);
double	 compare_num(const struct task_node *, const char *);
const char *compare_str(const struct task_node *, const char *);
int	 compare_load(struct cmp_file *, const struct cmp_file *, int);
void	 compare_identity(struct cmp_file *);
void	 compare_setkey(struct cmp_file *, int);
void	 compare_warn(struct cmp *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	 compare_mismatches(struct cmp *);

/* compare: a set's row's median compute time, the ratios' mean. */
double	 compare_compute_median(const struct results *, int);
double	 compare_geomean(const struct cmp_row *, int, int);

/* compare-out: the result on standard output, and the plot. */
int	 compare_write(const struct cmp *, const struct cmp_row *, int);

#endif
