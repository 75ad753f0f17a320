/*
 * task-int: what the files of the task module (task.c, task-grid.c)
 * share; no other module includes it.
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

#endif
