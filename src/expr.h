/*
 * expr: the integrand. muParser (its C API, float parser) is the language
 * and the reference; the vector engine (vexpr) may evaluate it faster.
 * Evaluation works on a block of points sharing y and z (a grid row).
 */
#ifndef PINT_EXPR_H
#define PINT_EXPR_H

#include <stddef.h>

#include "task.h"

struct expr;

/*
 * Check the expression's text (length, characters, constructs that
 * muParser 2.3.3 mishandles) and compile it with muParser, binding x, y, z
 * by the task's dimensions and its constants. Chooses the engine by the
 * requested engine: muParser, vector, or auto (vector when it compiles and,
 * if verify is set, agrees with muParser at sample points of the domain).
 * Never runs the OpenMP bulk path.
 * On error return NULL and set *cause to a message naming the position.
 */
struct expr	*expr_compile(const struct task *, enum engine_kind, int,
		     char **);
void		 expr_free(struct expr *);

/* Evaluate at n points (x[i], y, z) into out[]. */
void		 expr_eval_row(struct expr *, const double *, size_t, double,
		     double, double *);
double		 expr_eval_point(struct expr *, double, double, double);

/* The engine in use and, when the vector engine was not used, why. */
enum engine_kind expr_engine(const struct expr *);
const char	*expr_engine_note(const struct expr *);

/* The muParser library's version string. */
const char	*expr_muparser_version(void);

/* Text checks done before muParser sees the expression; 0 or -1 + cause. */
int		 expr_check_text(const char *, size_t *, char **);

#endif
