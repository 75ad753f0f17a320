/*
 * task: the integration task (expression, box domain, grid, rule) loaded
 * from a YAML or JSON file or built from command-line options, and
 * validated before anything is forked.
 */
#ifndef PINT_TASK_H
#define PINT_TASK_H

#include <stddef.h>
#include <stdint.h>

#include "expr.h"
#include "quad-rule.h"

#define TASK_MAXDIM	3
#define TASK_MAXCONST	32
#define TASK_NAMELEN	32	/* constant names, including the NUL */
#define TASK_MAXFILE	(1 << 20)	/* bytes of task file read at most */
#define TASK_MAXDEPTH	8	/* YAML nesting depth accepted */


#define TASK_ORDER_DEFAULT	4	/* Gauss-Legendre points per cell */


/*
 * Where a value came from, for error messages: a position in the task
 * file (1-based line and column) or, when line is 0, a command-line
 * option such as "-s".
 */
struct task_loc {
	unsigned	 line;
	unsigned	 col;
	const char	*opt;
};

struct task_axis {
	int		 set;		/* axis present in the domain */
	double		 lo, hi;	/* bounds, lo < hi */
	double		 step;		/* as given, 0 when points given */
	uint64_t	 points;	/* as given, 0 when step given */
	struct task_loc	 loc_domain;
	struct task_loc	 loc_grid;	/* of step or points */

	/* Derived by task_finish. */
	uint64_t	 intervals;	/* cells (midpoint) or intervals */
	uint64_t	 nodes;		/* evaluation points on this axis */
	double		 h;		/* effective step, (hi - lo) / intervals */
};

struct task_const {
	char		 name[TASK_NAMELEN];
	double		 value;
	struct task_loc	 loc;
};

struct task {
	char		*source;	/* file name, "<stdin>" or "<command line>" */
	char		*name;		/* optional label */
	char		*expression;
	struct task_loc	 loc_expression;
	struct task_axis axis[TASK_MAXDIM];	/* x, y, z */
	enum quad_rule	 rule;
	struct task_loc	 loc_rule;
	struct task_const consts[TASK_MAXCONST];
	int		 nconsts;
	uint64_t	 chunk_rows;	/* grid rows per chunk, 0 = auto */
	struct task_loc	 loc_chunk;
	enum engine_kind engine;
	struct task_loc	 loc_engine;
	uint64_t	 order;		/* Gauss-Legendre points per cell */
	struct task_loc	 loc_order;
	double		 tolerance;	/* relative; 0: a fixed grid */
	struct task_loc	 loc_tolerance;
	double		 abs_tolerance;	/* absolute; 0: none */
	struct task_loc	 loc_abs_tolerance;

	/* Derived by task_finish. */
	int		 dims;
	uint64_t	 points;	/* total evaluation points */
};

void	 task_init(struct task *);
void	 task_free(struct task *);

/*
 * Load a task from a file ("-" is standard input) or from memory into an
 * initialised task. On error return -1 and set *cause to
 * "file:line:col: what" (allocated).
 */
int	 task_load_file(struct task *, const char *, char **);
int	 task_load_buffer(struct task *, const char *, size_t, const char *,
	     char **);

/* Setters used for command-line overrides (-e, -d, -s, -n, -r). */
int	 task_set_domain(struct task *, const char *, char **);
int	 task_set_step(struct task *, double, const char *, char **);
int	 task_set_points(struct task *, uint64_t, const char *, char **);
int	 task_set_rule(struct task *, const char *, const struct task_loc *,
	     char **);
int	 task_set_engine(struct task *, const char *, const struct task_loc *,
	     char **);
void	 task_set_expression(struct task *, const char *, const char *);

/*
 * Set a key of the task file that takes a plain number (tolerance,
 * abs_tolerance) from an option, checked as the file's would be.
 */
int	 task_set_number(struct task *, const char *, double, const char *,
	     char **);

/*
 * Check what only the whole task can tell (an expression and a domain
 * present, step or points on every axis, grid overflow, Simpson's even
 * interval count) and fill the derived fields.
 */
int	 task_finish(struct task *, char **);

/* Format a location as "file:line:col" or the option's name. */
void	 task_where(const struct task *, const struct task_loc *, char *,
	     size_t);

/*
 * The task file's keys, by index: the name, or NULL past the last; *alias
 * (if not NULL) is what an old name stands for, or NULL.
 */
const char	*task_schema_key(size_t, const char **);

/* The names of the engines by enum value, NULL-ended. */
extern const char *const task_engines[];

const char	*task_engine_name(enum engine_kind);

#endif
