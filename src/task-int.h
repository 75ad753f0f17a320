/*
 * task-int: what the files of the task module (task.c, task-keys.c,
 * task-grid.c) share; no other module includes it.
 */
#ifndef PINT_TASK_INT_H
#define PINT_TASK_INT_H

#include <stddef.h>

#include "task.h"

/* The axes' names, by index. */
extern const char *const task_axes[TASK_MAXDIM];

/* Set *cause to "where: message"; return -1. */
int	 task_error(const struct task *, const struct task_loc *, char **,
	     const char *, ...) __attribute__((format(printf, 4, 5)));
/* Shortest of %.15g and %.17g that reads back as the same number. */
const char *task_fmtnum(double, char *, size_t);
/* Whether s is empty or all white space. */
int	 task_blank(const char *);
/* Whether a location is an option's (the command line wins). */
int	 task_cli(const struct task_loc *);
/* The index of axis name s (x, y, z), or -1. */
int	 task_axis_index(const char *);
/*
 * The known name nearest to s, if near enough to be a likely typo: names
 * is the first of at most n names stride bytes apart.
 */
const char *task_suggest(const char *, const char *const *, size_t,
	     size_t);
/* Free the strings the key table's fields own (task_free). */
void	 task_free_keys(struct task *);

#endif
