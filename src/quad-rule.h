/*
 * quad-rule: the quadrature rules, one row of quad_rules[] each. Whatever
 * depends on a rule (its name in a task, -h, reports and the journal; how
 * many nodes an axis of so many intervals has; the levels of the error
 * estimate; how a tolerance refines it; its nodes and weights) reads that
 * row. Adding a rule is a line of QUAD_RULE_LIST (its name, in tasks, -r,
 * reports and the journal), its row and its node and weight functions
 * (quad-rule.c). Nothing here needs the task: task.h
 * includes this for enum quad_rule.
 */
#ifndef PINT_QUAD_RULE_H
#define PINT_QUAD_RULE_H

#include <stdint.h>

struct grid;

/* The rules, in the order they are listed everywhere: enum and name. */
#define QUAD_RULE_LIST(X)			\
	X(RULE_MIDPOINT, "midpoint")		\
	X(RULE_TRAPEZOID, "trapezoid")		\
	X(RULE_SIMPSON, "simpson")		\
	X(RULE_BOOLE, "boole")			\
	X(RULE_GAUSS, "gauss")			\
	X(RULE_TANH_SINH, "tanh-sinh")

#define QUAD_RULE_ENUM(e, name)	e,
enum quad_rule {
	QUAD_RULE_LIST(QUAD_RULE_ENUM)
};
#undef QUAD_RULE_ENUM
#define QUAD_RULE_ONE(e, name)	+ 1
#define QUAD_NRULES	(0 QUAD_RULE_LIST(QUAD_RULE_ONE))

#define QUAD_MAXORDER	16	/* Gauss-Legendre points per cell at most */

/* Whether a grid refined by the levels' ratio reuses the nodes before. */
enum quad_nest {
	QUAD_NEST_NEVER,	/* the nodes do not nest */
	QUAD_NEST_CHEAPER,	/* when that costs fewer points */
	QUAD_NEST_ALWAYS,	/* every refinement is by the ratio */
};

struct quad_rule_def {
	const char	*possessive;	/* in messages: "Simpson's" */
	/*
	 * The order of the error in the step, 0: exponential; for a rule
	 * whose cells have the task's order: K nodes (nodes == 0), per node.
	 */
	int		 order;
	int		 nodes;		/* per interval; 0: the task's order */
	int		 ends;		/* 1: the ends are nodes (+1 per axis) */
	int		 panel;		/* intervals per axis divide by this */
	int		 min_points;	/* per axis at least */
	int		 start;		/* intervals of a tolerance's first grid */
	int		 levels;	/* of the estimate: QUAD_LEVELS, or 1 */
	int		 ratio;		/* level l has step ratio^l h */
	enum quad_nest	 nest;
	int		 nest_trap;	/* reusing needs the trapezoid sum */
	/*
	 * A tolerance refines by the factor the observed order asks for,
	 * and shrinks a grid to the budget; else it doubles.
	 */
	int		 free_factor;
	int		 even;		/* evenly spaced cells: takes a step,
					   can be warped */
	double		 divisor;	/* the weights are in units of h / this */
	/* Node i of an axis, not warped; its place in [0, 1] for a warp. */
	double		(*node)(const struct grid *, int, uint64_t);
	double		(*unit)(const struct grid *, int, uint64_t);
	/* The weight of node i at a level whose step is f h (f = ratio^l). */
	double		(*weight)(const struct grid *, int, uint64_t,
			    uint64_t);
};

extern const struct quad_rule_def quad_rules[QUAD_NRULES];

/* The rules' names by enum value, NULL-ended (for the choice of -r). */
extern const char *const quad_rule_names[QUAD_NRULES + 1];

/* A rule's row; a value that is no rule gets a row named "unknown". */
const struct quad_rule_def	*quad_rule(enum quad_rule);
const char			*quad_rule_name(enum quad_rule);
const char			*quad_rule_possessive(enum quad_rule);

/* The order of a rule of k nodes per cell (k: the task's order). */
int	 quad_rule_order(enum quad_rule, uint64_t);

/*
 * The nodes on an axis of iv intervals (cells), k the task's order; -1
 * when that overflows. And the intervals of an axis of n nodes.
 */
int	 quad_rule_nodes(enum quad_rule, uint64_t, uint64_t, uint64_t *);
uint64_t quad_rule_intervals(enum quad_rule, uint64_t, uint64_t);

/* What the interval counts of an axis divide by for every level. */
uint64_t quad_rule_quantum(enum quad_rule);

/* Gauss-Legendre nodes and weights on [-1, 1], k points (1..16). */
void	 quad_gauss_legendre(int, double *, double *);

/* tanh-sinh: (x - a) / (b - a) at t <= 0, and dx/dt / ((b - a) / 2). */
double	 quad_ts_tail(double);
double	 quad_ts_jac(double);

#endif
