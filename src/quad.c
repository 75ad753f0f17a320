/*
 * quad: the grid, its rows and chunks, the rules' weights and the
 * evaluation of one chunk.
 *
 * A row is a run of at most QUAD_SEGMENT consecutive x nodes at fixed y
 * and z, rows ordered by x segment, then z, then y; a chunk is a run of
 * consecutive rows. Both depend on the task
 * alone. Within a row values are summed with their rule weights in index
 * order; rows are added to the chunk's sum, and chunks to the integral in
 * chunk order, with Neumaier's compensated summation. Every operation and
 * its order are fixed by the task, so the integral is the same bits for
 * any number of workers and any retry.
 */
#include "config.h"

#include "quad.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "util.h"

/* A row's x nodes are bound to the engine, which caches what they give. */
_Static_assert(QUAD_SEGMENT <= EXPR_XMAX, "rows longer than the x cache");

/*
 * The error estimate compares the rule with the same rule on a coarser
 * grid whose nodes are a subset of ours (Richardson): step 2h for the
 * trapezoid and Simpson's rule (orders 2 and 4), step 3h for the midpoint
 * rule (whose cell centres nest only when tripled). It needs interval
 * counts divisible accordingly on every axis; otherwise there is none.
 */
static void
quad_estimator(struct grid *g)
{
	uint64_t	 div, iv;
	int		 i;

	switch (g->rule) {
	case RULE_MIDPOINT:
		g->est_factor = 3;
		g->est_div = 8;		/* 3^2 - 1 */
		div = 3;
		break;
	case RULE_TRAPEZOID:
		g->est_factor = 2;
		g->est_div = 3;		/* 2^2 - 1 */
		div = 2;
		break;
	default:
		g->est_factor = 2;
		g->est_div = 15;	/* 2^4 - 1 */
		div = 4;
		break;
	}
	g->est = 1;
	for (i = 0; i < g->dims; i++) {
		iv = g->rule == RULE_MIDPOINT ? g->n[i] : g->n[i] - 1;
		if (iv % div != 0 || iv / div < 1)
			g->est = 0;
	}
}

int
quad_grid(struct grid *g, const struct task *t, char **cause)
{
	uint64_t	 rowlen, want;
	int		 i;
	char		 where[256];

	memset(g, 0, sizeof *g);
	g->dims = t->dims;
	g->rule = t->rule;
	g->scale = 1;
	for (i = 0; i < TASK_MAXDIM; i++) {
		g->n[i] = 1;
		if (i >= t->dims)
			continue;
		g->n[i] = t->axis[i].nodes;
		g->lo[i] = t->axis[i].lo;
		g->hi[i] = t->axis[i].hi;
		g->h[i] = t->axis[i].h;
		g->scale *= t->axis[i].h;
		if (t->rule == RULE_SIMPSON)
			g->scale /= 3;
	}
	g->points = t->points;
	quad_estimator(g);
	g->nseg = (g->n[0] + QUAD_SEGMENT - 1) / QUAD_SEGMENT;
	g->rows = g->nseg * g->n[1] * g->n[2];
	rowlen = g->n[0] < QUAD_SEGMENT ? g->n[0] : QUAD_SEGMENT;

	if (t->chunk_rows != 0)
		g->chunk_rows = t->chunk_rows;
	else {
		/* About QUAD_AUTOCHUNKS chunks, none much under 16K points. */
		g->chunk_rows = (g->rows + QUAD_AUTOCHUNKS - 1) /
		    QUAD_AUTOCHUNKS;
		want = (QUAD_MINCHUNKPTS + rowlen - 1) / rowlen;
		if (g->chunk_rows < want)
			g->chunk_rows = want;
	}
	if (g->chunk_rows > g->rows)
		g->chunk_rows = g->rows;
	g->nchunks = (g->rows + g->chunk_rows - 1) / g->chunk_rows;
	if (g->nchunks > QUAD_MAXCHUNKS) {
		task_where(t, &t->loc_chunk, where, sizeof where);
		xasprintf(cause, "%s: chunk of %llu rows makes %llu chunks "
		    "(limit %u); use a larger chunk or auto", where,
		    (unsigned long long)g->chunk_rows,
		    (unsigned long long)g->nchunks, QUAD_MAXCHUNKS);
		return -1;
	}
	return 0;
}

/* s with control characters and backslashes escaped (allocated). */
static char *
quad_escape(const char *s)
{
	char	*o = xmalloc(4 * strlen(s) + 1), *p = o;

	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || *s == '\\')
			p += sprintf(p, "\\x%02x", (unsigned char)*s);
		else
			*p++ = *s;
	}
	*p = '\0';
	return o;
}

char *
quad_identity(const struct task *t, const struct grid *g, const char *engine)
{
	char	*s, *n;
	int	 i;

	n = quad_escape(t->expression);
	xasprintf(&s, "expression %s", n);
	free(n);
	for (i = 0; i < t->nconsts; i++) {
		xasprintf(&n, "%s\nconstant %s=%.17g", s, t->consts[i].name,
		    t->consts[i].value);
		free(s);
		s = n;
	}
	xasprintf(&n, "%s\nrule %s\ndims %d\n", s, task_rule_name(g->rule),
	    g->dims);
	free(s);
	s = n;
	for (i = 0; i < g->dims; i++) {
		xasprintf(&n, "%saxis %c from %.17g to %.17g nodes %llu "
		    "step %.17g\n", s, "xyz"[i], g->lo[i], g->hi[i],
		    (unsigned long long)g->n[i], g->h[i]);
		free(s);
		s = n;
	}
	xasprintf(&n, "%schunks %llu, %llu rows each\nengine %s\n", s,
	    (unsigned long long)g->nchunks, (unsigned long long)g->chunk_rows,
	    engine);
	free(s);
	return n;
}

double
quad_node(const struct grid *g, int axis, uint64_t i)
{
	if (g->rule == RULE_MIDPOINT)
		return g->lo[axis] + ((double)i + 0.5) * g->h[axis];
	if (i == g->n[axis] - 1)
		return g->hi[axis];
	return g->lo[axis] + (double)i * g->h[axis];
}

double
quad_weight(const struct grid *g, int axis, uint64_t i)
{
	uint64_t	 last = g->n[axis] - 1;

	if (axis >= g->dims)
		return 1;
	switch (g->rule) {
	case RULE_TRAPEZOID:
		return (i == 0 || i == last) ? 0.5 : 1;
	case RULE_SIMPSON:
		if (i == 0 || i == last)
			return 1;
		return (i & 1) ? 4 : 2;
	default:
		return 1;
	}
}

double
quad_weight2(const struct grid *g, int axis, uint64_t i)
{
	uint64_t	 last = g->n[axis] - 1;

	if (axis >= g->dims)
		return 1;
	switch (g->rule) {
	case RULE_MIDPOINT:
		/* Cells of 3h centred on nodes 1, 4, 7, ... */
		return i % 3 == 1 ? 3 : 0;
	case RULE_TRAPEZOID:
		if (i & 1)
			return 0;
		return (i == 0 || i == last) ? 1 : 2;
	default:
		/* Simpson with step 2h, in units of h / 3. */
		if (i & 1)
			return 0;
		if (i == 0 || i == last)
			return 2;
		return (i & 3) == 2 ? 8 : 4;
	}
}

void
quad_chunk_rows(const struct grid *g, uint64_t chunk, uint64_t *first,
    uint64_t *count)
{
	*first = chunk * g->chunk_rows;
	*count = g->chunk_rows;
	if (*first + *count > g->rows)
		*count = g->rows - *first;
}

/* Split a row index into its x segment and y, z node indices. */
static void
quad_row_split(const struct grid *g, uint64_t row, uint64_t *seg,
    uint64_t *j, uint64_t *k)
{
	uint64_t	 plane = g->n[1] * g->n[2];

	/*
	 * Segment-major: consecutive rows share their x nodes and weights,
	 * which a chunk then computes once, not once per row.
	 */
	*seg = row / plane;
	row %= plane;
	*j = row % g->n[1];
	*k = row / g->n[1];
}

void
quad_point(const struct grid *g, uint64_t row, uint64_t i, double p[3])
{
	uint64_t	 seg, j, k;

	quad_row_split(g, row, &seg, &j, &k);
	p[0] = quad_node(g, 0, seg * QUAD_SEGMENT + i);
	p[1] = g->dims > 1 ? quad_node(g, 1, j) : 0;
	p[2] = g->dims > 2 ? quad_node(g, 2, k) : 0;
}

/*
 * The weighted sum of a row in eight interleaved partial sums: a fixed
 * order (so the same bits on every run), short dependency chains (so the
 * additions overlap) and a loop the compiler can vectorise.
 */
static double
quad_dot(const double *w, const double *f, size_t n)
{
	double	 a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
	size_t	 i;

	for (i = 0; i + 8 <= n; i += 8) {
		a0 += w[i] * f[i];
		a1 += w[i + 1] * f[i + 1];
		a2 += w[i + 2] * f[i + 2];
		a3 += w[i + 3] * f[i + 3];
		a4 += w[i + 4] * f[i + 4];
		a5 += w[i + 5] * f[i + 5];
		a6 += w[i + 6] * f[i + 6];
		a7 += w[i + 7] * f[i + 7];
	}
	for (; i < n; i++)
		a0 += w[i] * f[i];
	return ((a0 + a4) + (a1 + a5)) + ((a2 + a6) + (a3 + a7));
}

void
quad_eval_chunk(const struct grid *g, struct expr *e, uint64_t chunk,
    struct quad_partial *part, double *scratch, uint64_t *beat)
{
	double		*xs = scratch, *wx = scratch + QUAD_SEGMENT;
	double		*f = scratch + 2 * QUAD_SEGMENT;
	double		*wx2 = scratch + 3 * QUAD_SEGMENT;
	uint64_t	 first, count, row, seg, j, k, cur = UINT64_MAX, i, n = 0;
	struct ksum	 acc = { 0, 0 }, acc2 = { 0, 0 };
	double		 y, z, w, w2, s, s2;

	memset(part, 0, sizeof *part);
	quad_chunk_rows(g, chunk, &first, &count);
	for (row = first; row < first + count; row++) {
		quad_row_split(g, row, &seg, &j, &k);
		if (seg != cur) {
			uint64_t	 x0 = seg * QUAD_SEGMENT;

			n = g->n[0] - x0;
			if (n > QUAD_SEGMENT)
				n = QUAD_SEGMENT;
			for (i = 0; i < n; i++) {
				xs[i] = quad_node(g, 0, x0 + i);
				wx[i] = quad_weight(g, 0, x0 + i);
				if (g->est)
					wx2[i] = quad_weight2(g, 0, x0 + i);
			}
			expr_bind_x(e, xs, n);
			cur = seg;
		}
		y = g->dims > 1 ? quad_node(g, 1, j) : 0;
		z = g->dims > 2 ? quad_node(g, 2, k) : 0;
		w = quad_weight(g, 1, j) * quad_weight(g, 2, k);

		w2 = g->est ? quad_weight2(g, 1, j) * quad_weight2(g, 2, k) : 0;

		expr_eval_bound(e, y, z, f);
		s = quad_dot(wx, f, n);
		s2 = w2 != 0 ? quad_dot(wx2, f, n) : 0;
		if (!isfinite(s) || !isfinite(s2)) {
			/* Rare: count the bad points, sum the others. */
			for (i = 0; i < n; i++) {
				if (isfinite(f[i]))
					continue;
				if (part->nonfinite++ == 0) {
					part->bad_row = row;
					part->bad_index = i;
				}
				f[i] = 0;
			}
			s = quad_dot(wx, f, n);
			s2 = w2 != 0 ? quad_dot(wx2, f, n) : 0;
		}
		ksum_add(&acc, s * w);
		if (w2 != 0)
			ksum_add(&acc2, s2 * w2);
		part->points += n;
		if (beat != NULL)
			__atomic_fetch_add(beat, 1, __ATOMIC_RELAXED);
	}
	part->sum = acc.s;
	part->comp = acc.c;
	part->sum2 = acc2.s;
	part->comp2 = acc2.c;
}

double
quad_combine(const struct grid *g, const struct quad_partial *parts,
    double *err)
{
	struct ksum	 acc = { 0, 0 }, acc2 = { 0, 0 };
	uint64_t	 c;
	double		 v;

	for (c = 0; c < g->nchunks; c++) {
		ksum_add(&acc, parts[c].sum);
		ksum_add(&acc, parts[c].comp);
		ksum_add(&acc2, parts[c].sum2);
		ksum_add(&acc2, parts[c].comp2);
	}
	v = ksum_value(&acc) * g->scale;
	*err = NAN;
	if (g->est)
		*err = fabs(v - ksum_value(&acc2) * g->scale) / g->est_div;
	return v;
}
