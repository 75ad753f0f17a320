/*
 * quad-rule: the rules' table, their nodes and their weights.
 *
 * Weights are per node of an axis, at level l of the error estimate
 * (spacing f = ratio^l of the grid's step: 0 for the nodes that level
 * leaves out), in units of h / divisor; quad_grid puts h / divisor of
 * every axis into the grid's scale.
 */
#include "config.h"

#include "quad-rule.h"

#include <float.h>
#include <math.h>
#include <stddef.h>

#include "quad.h"

/* Evenly spaced, the ends included: trapezoid, Simpson. */
static double
rule_closed_node(const struct grid *g, int axis, uint64_t i)
{
	if (i == g->n[axis] - 1)
		return g->hi[axis];
	return g->lo[axis] + (double)i * g->h[axis];
}

static double
rule_closed_unit(const struct grid *g, int axis, uint64_t i)
{
	return (double)i / (double)(g->n[axis] - 1);
}

/* The cell centres. Level l takes the centre of every f-th cell's f. */
static double
rule_midpoint_node(const struct grid *g, int axis, uint64_t i)
{
	return g->lo[axis] + ((double)i + 0.5) * g->h[axis];
}

static double
rule_midpoint_unit(const struct grid *g, int axis, uint64_t i)
{
	return ((double)i + 0.5) / (double)g->n[axis];
}

static double
rule_midpoint_weight(const struct grid *g, int axis, uint64_t i, uint64_t f)
{
	(void)g;
	(void)axis;
	return i % f == (f - 1) / 2 ? (double)f : 0;
}

/* The trapezoid rule's weights: f, halved at the ends. */
static double
rule_trapezoid_weight(const struct grid *g, int axis, uint64_t i, uint64_t f)
{
	if (i % f != 0)
		return 0;
	if (i == 0 || i == g->n[axis] - 1)
		return (double)f / 2;
	return (double)f;
}

/* 1 4 2 4 ... 4 1, of h / 3. */
static double
rule_simpson_weight(const struct grid *g, int axis, uint64_t i, uint64_t f)
{
	if (i % f != 0)
		return 0;
	if (i == 0 || i == g->n[axis] - 1)
		return (double)f;
	return (double)f * ((i / f & 1) ? 4 : 2);
}

/* Boole's: 7 32 12 32 14 32 12 32 ... 32 7, of 2h / 45. */
static double
rule_boole_weight(const struct grid *g, int axis, uint64_t i, uint64_t f)
{
	static const double	 inner[4] = { 14, 32, 12, 32 };

	if (i % f != 0)
		return 0;
	if (i == 0 || i == g->n[axis] - 1)
		return (double)f * 7;
	return (double)f * inner[i / f % 4];
}

/* Gauss-Legendre: g->gk nodes per cell at g->gx, weights g->gw. */
static double
rule_gauss_node(const struct grid *g, int axis, uint64_t i)
{
	return g->lo[axis] + ((double)(i / g->gk) + g->gx[i % g->gk]) *
	    g->h[axis];
}

static double
rule_gauss_unit(const struct grid *g, int axis, uint64_t i)
{
	return ((double)(i / g->gk) + g->gx[i % g->gk]) /
	    (double)(g->n[axis] / g->gk);
}

static double
rule_gauss_weight(const struct grid *g, int axis, uint64_t i, uint64_t f)
{
	(void)axis;
	(void)f;
	return g->gw[i % g->gk];
}

/*
 * tanh-sinh: node i at t = tlo + i h, taken from the nearer end so that
 * nodes crowd it without rounding; the trapezoid rule in t, weighed by
 * dx/dt.
 */
double
quad_ts_tail(double t)
{
	double	 u = M_PI_2 * sinh(fabs(t));

	return 1 / (1 + exp(2 * u));
}

double
quad_ts_jac(double t)
{
	double	 u = M_PI_2 * sinh(fabs(t)), e = exp(-2 * u);

	return M_PI_2 * cosh(t) * 4 * e / ((1 + e) * (1 + e));
}

static double
rule_ts_node(const struct grid *g, int axis, uint64_t i)
{
	double	 a = g->lo[axis], b = g->hi[axis], t, tail;

	t = g->tlo[axis] + (double)i * g->h[axis];
	tail = quad_ts_tail(t);
	return t < 0 ? a + (b - a) * tail : b - (b - a) * tail;
}

static double
rule_ts_weight(const struct grid *g, int axis, uint64_t i, uint64_t f)
{
	double	 base = quad_ts_jac(g->tlo[axis] + (double)i * g->h[axis]);

	if (i % f != 0)
		return 0;
	if (i == 0 || i == g->n[axis] - 1)
		return base * (double)f / 2;
	return base * (double)f;
}

const struct quad_rule_def quad_rules[QUAD_NRULES] = {
	/*
	 * Cell centres nest only when tripled: the levels' ratio is 3,
	 * and a grid refined by 3 reuses every node before.
	 */
	[RULE_MIDPOINT] = {
		.possessive = "the midpoint rule's",
		.order = 2, .nodes = 1, .ends = 0, .panel = 1,
		.min_points = 1, .start = 18, .levels = 3, .ratio = 3,
		.nest = QUAD_NEST_CHEAPER, .free_factor = 1, .even = 1,
		.divisor = 1, .node = rule_midpoint_node,
		.unit = rule_midpoint_unit, .weight = rule_midpoint_weight,
	},
	[RULE_TRAPEZOID] = {
		.possessive = "the trapezoid rule's",
		.order = 2, .nodes = 1, .ends = 1, .panel = 1,
		.min_points = 2, .start = 16, .levels = 3, .ratio = 2,
		.nest = QUAD_NEST_CHEAPER, .free_factor = 1, .even = 1,
		.divisor = 1, .node = rule_closed_node,
		.unit = rule_closed_unit, .weight = rule_trapezoid_weight,
	},
	/*
	 * Halved steps give the old nodes weights that are not Simpson's
	 * of the old grid: reusing them needs the old trapezoid sum.
	 */
	[RULE_SIMPSON] = {
		.possessive = "Simpson's",
		.order = 4, .nodes = 1, .ends = 1, .panel = 2,
		.min_points = 2, .start = 16, .levels = 3, .ratio = 2,
		.nest = QUAD_NEST_CHEAPER, .nest_trap = 1, .free_factor = 1,
		.even = 1, .divisor = 3, .node = rule_closed_node,
		.unit = rule_closed_unit, .weight = rule_simpson_weight,
	},
	/*
	 * Boole's (closed Newton-Cotes of 5 points) on panels of 4
	 * intervals. Its old nodes, halving the step, would weigh as no
	 * sum of the grid before does: it does not reuse them.
	 */
	[RULE_BOOLE] = {
		.possessive = "Boole's",
		.order = 6, .nodes = 1, .ends = 1, .panel = 4,
		.min_points = 2, .start = 16, .levels = 3, .ratio = 2,
		.nest = QUAD_NEST_NEVER, .free_factor = 1, .even = 1,
		.divisor = 22.5, .node = rule_closed_node,
		.unit = rule_closed_unit, .weight = rule_boole_weight,
	},
	/*
	 * Gauss-Legendre, K nodes per cell (order 2K): its nodes do not
	 * nest, so it has one level and a tolerance compares its grids.
	 */
	[RULE_GAUSS] = {
		.possessive = "Gauss-Legendre's",
		.order = 2, .nodes = 0, .ends = 0, .panel = 1,
		.min_points = 1, .start = 1, .levels = 1, .ratio = 2,
		.nest = QUAD_NEST_NEVER, .free_factor = 0, .even = 1,
		.divisor = 1, .node = rule_gauss_node,
		.unit = rule_gauss_unit, .weight = rule_gauss_weight,
	},
	/*
	 * Double-exponential: its error about squares as the step halves,
	 * and fewer than 5 points sit in the tails alone (a silent wrong
	 * sum). Its nodes are not evenly spaced: points, not a step.
	 */
	[RULE_TANH_SINH] = {
		.possessive = "tanh-sinh's",
		.order = 0, .nodes = 1, .ends = 1, .panel = 1,
		.min_points = 5, .start = 16, .levels = 3, .ratio = 2,
		.nest = QUAD_NEST_ALWAYS, .free_factor = 0, .even = 0,
		.divisor = 1, .node = rule_ts_node,
		.unit = rule_closed_unit, .weight = rule_ts_weight,
	},
};

#define QUAD_RULE_NAME(e, name)	[e] = name,
const char *const quad_rule_names[QUAD_NRULES + 1] = {
	QUAD_RULE_LIST(QUAD_RULE_NAME)
	NULL
};
#undef QUAD_RULE_NAME

const struct quad_rule_def *
quad_rule(enum quad_rule rule)
{
	return &quad_rules[rule];
}

const char *
quad_rule_name(enum quad_rule rule)
{
	if ((unsigned)rule >= QUAD_NRULES)
		return "unknown";
	return quad_rule_names[rule];
}

const char *
quad_rule_possessive(enum quad_rule rule)
{
	return quad_rules[rule].possessive;
}

int
quad_rule_order(enum quad_rule rule, uint64_t k)
{
	const struct quad_rule_def	*r = &quad_rules[rule];

	return r->nodes == 0 ? r->order * (int)k : r->order;
}

int
quad_rule_nodes(enum quad_rule rule, uint64_t iv, uint64_t k, uint64_t *n)
{
	const struct quad_rule_def	*r = &quad_rules[rule];

	if (__builtin_mul_overflow(iv, r->nodes != 0 ? (uint64_t)r->nodes : k,
	    n) || __builtin_add_overflow(*n, (uint64_t)r->ends, n))
		return -1;
	return 0;
}

uint64_t
quad_rule_intervals(enum quad_rule rule, uint64_t n, uint64_t k)
{
	const struct quad_rule_def	*r = &quad_rules[rule];

	return (n - (uint64_t)r->ends) / (r->nodes != 0 ? (uint64_t)r->nodes :
	    k);
}

uint64_t
quad_rule_quantum(enum quad_rule rule)
{
	const struct quad_rule_def	*r = &quad_rules[rule];
	uint64_t			 q = (uint64_t)r->panel;
	int				 l;

	for (l = 1; l < r->levels; l++)
		q *= (uint64_t)r->ratio;
	return q;
}

/*
 * Gauss-Legendre nodes by Newton's iteration on the Legendre polynomial
 * from Tricomi's initial guesses, weights 2 / ((1 - x^2) P'(x)^2); in
 * double precision this matches the tabulated values to about 1e-16.
 */
/* P_k(z) by the three-term recurrence; *dp its derivative (|z| < 1). */
static double
quad_legendre(int k, double z, double *dp)
{
	double	 p0 = 1, p1 = z, p2;
	int	 j;

	for (j = 2; j <= k; j++) {
		p2 = ((2 * j - 1) * z * p1 - (j - 1) * p0) / j;
		p0 = p1;
		p1 = p2;
	}
	*dp = k * (z * p1 - p0) / (z * z - 1);
	return p1;
}

void
quad_gauss_legendre(int k, double *x, double *w)
{
	double	 z, dz, dp;
	int	 i, it;

	for (i = 0; i < (k + 1) / 2; i++) {
		z = cos(M_PI * (i + 0.75) / (k + 0.5));
		for (it = 0; it < 100; it++) {
			dz = quad_legendre(k, z, &dp) / dp;
			z -= dz;
			if (fabs(dz) <= 2 * DBL_EPSILON)
				break;
		}
		/* The derivative at the converged node, for the weight. */
		quad_legendre(k, z, &dp);
		x[i] = -z;
		x[k - 1 - i] = z;
		w[i] = w[k - 1 - i] = 2 / ((1 - z * z) * dp * dp);
	}
	if (k % 2 == 1)
		x[k / 2] = 0;
}
