/*
 * expr: the integrand. muParser (its C API, float parser) is the language
 * and the reference; the vector engine (vexpr) may evaluate it faster.
 * Evaluation works on a block of points sharing y and z (a grid row).
 */
#ifndef PINT_EXPR_H
#define PINT_EXPR_H

#include <stddef.h>

/*
 * Not task.h, which includes this one: the task holds an expression and
 * names its engine; what an expression may be is decided here.
 */
struct task;

#define EXPR_MAXLEN	4096	/* bytes of expression accepted */

enum engine_kind {
	ENGINE_AUTO,		/* vector engine when it agrees with muParser */
	ENGINE_MUPARSER,
	ENGINE_VECTOR,
};

struct expr;

/*
 * The language's rules, the one list every part of pint uses: muParser
 * 2.3.3's built-in functions (nargs -1: variadic), in this order, which
 * the vector engine's function codes follow.
 */
struct expr_builtin {
	const char	*name;
	int		 nargs;
};

#define EXPR_NBUILTINS	26
extern const struct expr_builtin expr_builtins[EXPR_NBUILTINS];

/* Index of a built-in function, or -1. */
int		 expr_builtin(const char *);

/*
 * Whether a name can be a constant: letters, digits and _, not starting
 * with a digit or _ (muParser's), shorter than TASK_NAMELEN, neither a
 * variable nor a built-in function. 0, or -1 and *cause (allocated, with
 * the name quoted as given in q).
 */
int		 expr_const_name(const char *, const char *, char **);

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

/* Evaluate at n points (x[i], y, z) into out[]; unbinds x. */
void		 expr_eval_row(struct expr *, const double *, size_t, double,
		     double, double *);
/*
 * Bind n <= EXPR_XMAX values of x, which must stay unchanged while bound;
 * then evaluate rows over them. What depends on x alone is computed once.
 */
#define EXPR_XMAX	4096
void		 expr_bind_x(struct expr *, const double *, size_t);
int		 expr_bound(const struct expr *, const double *, size_t);
void		 expr_eval_bound(struct expr *, double, double, double *);
double		 expr_eval_point(struct expr *, double, double, double);

/*
 * Bound rows a block at a time (see vexpr_eval_block): expr_row fills a
 * row's buffer of expr_row_size doubles; expr_eval_block gives the values
 * of block b of the bound x (EXPR_BLOCK points from b * EXPR_BLOCK, fewer
 * in the last) in out, or returns where they already are. The same bits
 * as expr_eval_bound.
 */
#define EXPR_BLOCK	256
size_t		 expr_row_size(const struct expr *);
void		 expr_row(const struct expr *, double, double, double *);
const double	*expr_eval_block(struct expr *, const double *, size_t,
		     double *);

/*
 * The vector engine's operations by what they depend on, and so how often
 * they run: all -1 under muParser.
 */
struct engine_ops {
	int	 x_only;	/* once per x segment, shared by rows */
	int	 yz_only;	/* once per row */
	int	 mixed;		/* once per point */
};
void		 expr_ops(const struct expr *, struct engine_ops *);
/*
 * 1 when the vector engine found that the value depends on x alone (not
 * on y, z): every row's values over one x segment are the same numbers.
 */
int		 expr_x_only(const struct expr *);

/* The engine in use and, when the vector engine was not used, why. */
enum engine_kind expr_engine(const struct expr *);
const char	*expr_engine_note(const struct expr *);

/* The muParser library's version string. */
const char	*expr_muparser_version(void);

/* Text checks done before muParser sees the expression; 0 or -1 + cause. */
int		 expr_check_text(const char *, size_t *, char **);

#endif
