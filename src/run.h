/*
 * run: carries out a plan: every -j value with its warm-ups and repeats,
 * then the report on stdout and, with -o, in files.
 */
#ifndef PINT_RUN_H
#define PINT_RUN_H

#include "plan.h"

/* Returns the exit status (128 + N when interrupted by signal N). */
int	 run_plan(struct plan *);

#endif
