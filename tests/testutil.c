/* Helpers shared by the Check suites. */
#include "config.h"

#include "testutil.h"

#include <check.h>
#include <stdlib.h>

#include "expr.h"
#include "quad.h"

void
tu_task_box(struct task *t, const char *expr, int dims, const double *lo,
    const double *hi, uint64_t points, enum quad_rule rule)
{
	char	*cause = NULL;
	int	 i;

	task_init(t);
	task_set_expression(t, expr, "-e");
	for (i = 0; i < dims; i++) {
		t->axis[i].set = 1;
		t->axis[i].lo = lo[i];
		t->axis[i].hi = hi[i];
		t->axis[i].points = points;
	}
	t->rule = rule;
	if (task_finish(t, &cause) != 0)
		ck_abort_msg("task_finish: %s", cause);
}

void
tu_task(struct task *t, const char *expr, int dims, double lo, double hi,
    uint64_t points, enum quad_rule rule)
{
	double	 l[3] = { lo, lo, lo }, h[3] = { hi, hi, hi };

	tu_task_box(t, expr, dims, l, h, points, rule);
}

double
tu_integrate(const struct task *t, enum engine_kind engine)
{
	struct quad_partial	*parts;
	struct grid		 g;
	struct expr		*e;
	double			*scratch, v, err;
	char			*cause = NULL;
	uint64_t		 c;

	if (quad_grid(&g, t, &cause) != 0)
		ck_abort_msg("quad_grid: %s", cause);
	if ((e = expr_compile(t, engine, 0, &cause)) == NULL)
		ck_abort_msg("expr_compile: %s", cause);
	parts = calloc(g.nchunks, sizeof *parts);
	scratch = calloc(4 * QUAD_SEGMENT, sizeof *scratch);
	for (c = 0; c < g.nchunks; c++)
		quad_eval_chunk(&g, e, c, &parts[c], scratch, NULL);
	v = quad_combine(&g, parts, &err);
	free(parts);
	free(scratch);
	expr_free(e);
	return v;
}
