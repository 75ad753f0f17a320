/*
 * task-grid: the checks that need the whole task (an expression, a
 * domain whose axes follow x, y, z, a rule's order), and each axis's
 * grid from its step or point count under the rule: intervals, nodes
 * and step, every limit checked (2^53 nodes an axis, 64 bits in all).
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "task-int.h"
#include "util.h"

#define TASK_MAXAXIS	(UINT64_C(1) << 53)	/* nodes per axis at most */

/*
 * The first grid of a run with a tolerance and no step or points: coarse,
 * but with room for the three levels of the error estimate.
 */
static uint64_t
task_start_points(const struct task *t)
{
	uint64_t	 n;

	/* A few cells: no overflow. */
	quad_rule_nodes(t->rule, (uint64_t)quad_rule(t->rule)->start,
	    t->order, &n);
	return n;
}

/* Intervals, nodes and effective step of one axis. */
static int
task_finish_axis(struct task *t, int i, char **cause)
{
	const struct quad_rule_def	*r = quad_rule(t->rule);
	struct task_axis		*a = &t->axis[i];
	const char			*rule = quad_rule_name(t->rule);
	char				 s[32], lo[32], hi[32], what[32];
	char				 hint[64];
	double				 width = a->hi - a->lo, v;
	/* Nodes per cell: the rule's, or the task's order (gauss). */
	uint64_t			 k = r->nodes != 0 ?
					    (uint64_t)r->nodes : t->order;

	if (a->points != 0) {
		if (a->points > TASK_MAXAXIS) {
			return task_error(t, &a->loc_grid, cause, "too many "
			    "points on %s: %" PRIu64 " (limit 2^53)",
			    task_axes[i], a->points);
		}
		if (r->nodes == 0 && a->points % k != 0) {
			return task_error(t, &a->loc_grid, cause, "%s of "
			    "order %" PRIu64 " needs a multiple of %" PRIu64
			    " points on %s, got %" PRIu64, rule, k, k,
			    task_axes[i], a->points);
		}
		if (a->points < (uint64_t)r->min_points) {
			return task_error(t, &a->loc_grid, cause, "%s needs at "
			    "least %d points on %s, got %" PRIu64, rule,
			    r->min_points, task_axes[i], a->points);
		}
		a->intervals = quad_rule_intervals(t->rule, a->points, k);
		a->nodes = a->points;
	} else if (a->step > 0 && !r->even) {
		return task_error(t, &a->loc_grid, cause, "%s takes points, "
		    "not a step (its nodes are not evenly spaced)", rule);
	} else if (a->step > 0) {
		task_fmtnum(a->step, s, sizeof s);
		task_fmtnum(a->lo, lo, sizeof lo);
		task_fmtnum(a->hi, hi, sizeof hi);
		if (a->step > width) {
			return task_error(t, &a->loc_grid, cause, "step %s is "
			    "larger than the domain [%s, %s] on %s", s, lo, hi,
			    task_axes[i]);
		}
		v = width / a->step;
		/* Round: 6 / 0.001 is 5999.999999999999. */
		if (!(v <= (double)TASK_MAXAXIS) ||
		    (uint64_t)llround(v) > TASK_MAXAXIS / k) {
			return task_error(t, &a->loc_grid, cause, "step %s is "
			    "too small for the domain [%s, %s] on %s (more "
			    "than 2^53 points)", s, lo, hi, task_axes[i]);
		}
		a->intervals = (uint64_t)llround(v);
		/* At most 2^53 cells of at most 16 nodes: no overflow. */
		quad_rule_nodes(t->rule, a->intervals, k, &a->nodes);
	} else if (t->tolerance > 0 || t->abs_tolerance > 0) {
		/* A tolerance chooses the grid: start coarse. */
		a->points = task_start_points(t);
		return task_finish_axis(t, i, cause);
	} else {
		return task_error(t, &a->loc_domain, cause, "no step or points "
		    "for %s", task_axes[i]);
	}
	if (a->intervals % (uint64_t)r->panel != 0) {
		if (r->panel == 2)
			snprintf(what, sizeof what, "an even number of");
		else
			snprintf(what, sizeof what, "a multiple of %d",
			    r->panel);
		if (a->points == 0)
			hint[0] = '\0';
		else if (r->panel == 2)
			snprintf(hint, sizeof hint, " (use an odd number of "
			    "points)");
		else
			snprintf(hint, sizeof hint, " (use a multiple of %d "
			    "points, plus 1)", r->panel);
		return task_error(t, &a->loc_grid, cause, "%s needs %s "
		    "intervals on %s, got %" PRIu64 "%s", rule, what,
		    task_axes[i], a->intervals, hint);
	}
	a->h = width / a->intervals;
	return 0;
}

int
task_finish(struct task *t, char **cause)
{
	struct task_axis	*x = &t->axis[0], *y = &t->axis[1];
	struct task_axis	*z = &t->axis[2];
	char			*grid, *s;
	size_t			 len;
	uint64_t		 total = 1;
	int			 i, dims = 0, over = 0;

	if (t->expression == NULL) {
		xasprintf(cause, "%s: no expression", t->source);
		return -1;
	}
	if (t->loc_order.line + (t->loc_order.opt != NULL) > 0 &&
	    quad_rule(t->rule)->nodes != 0) {
		return task_error(t, &t->loc_order, cause, "order applies to "
		    "rule gauss only, not %s", quad_rule_name(t->rule));
	}
	if (task_blank(t->expression))
		return task_error(t, &t->loc_expression, cause,
		    "expression is empty");
	if ((len = strlen(t->expression)) > EXPR_MAXLEN) {
		return task_error(t, &t->loc_expression, cause, "expression "
		    "is too long (%zu bytes, limit %d)", len, EXPR_MAXLEN);
	}
	if (!x->set) {
		if (y->set) {
			return task_error(t, &y->loc_domain, cause, "domain "
			    "has y but no x");
		}
		if (z->set) {
			return task_error(t, &z->loc_domain, cause, "domain "
			    "has z but no x");
		}
		xasprintf(cause, "%s: no domain", t->source);
		return -1;
	}
	if (z->set && !y->set)
		return task_error(t, &z->loc_domain, cause, "domain has z but "
		    "no y");

	for (i = 0; i < TASK_MAXDIM && t->axis[i].set; i++) {
		if (task_finish_axis(t, i, cause) != 0)
			return -1;
		if (__builtin_mul_overflow(total, t->axis[i].nodes, &total) ||
		    total > INT64_MAX)
			over = 1;
		dims++;
	}
	if (over) {
		grid = xstrdup("");
		for (i = 0; i < dims; i++) {
			xasprintf(&s, "%s%s%" PRIu64, grid, i > 0 ? " x " : "",
			    t->axis[i].nodes);
			free(grid);
			grid = s;
		}
		task_error(t, &x->loc_grid, cause, "grid of %s points "
		    "overflows 64 bits", grid);
		free(grid);
		return -1;
	}
	t->dims = dims;
	t->points = total;
	return 0;
}
