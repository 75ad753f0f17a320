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

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "util.h"
#include "vexpr.h"

/* A row's x nodes are bound to the engine, which caches what they give. */
_Static_assert(QUAD_SEGMENT <= EXPR_XMAX, "rows longer than the x cache");

#define QUAD_TSTEP	(1.0 / 64)	/* ladder of tanh-sinh's t range */
#define QUAD_TMAX	8.0
#define QUAD_TTAIL	(-1000)	/* smallest (x - a) / (b - a) kept, 2^this
				   over the dimensions */

/*
 * The t range on one side: the last t of a fixed ladder whose node is
 * strictly inside the interval (never rounded onto its end, which is
 * never evaluated) and not further out than 2^(QUAD_TTAIL / dims) of its
 * width: in 2-D and 3-D, coordinates that small at a corner would
 * underflow in a product of them (log(x*y) at x = y = 1e-298 is
 * log(0)); what is left beyond is in the tails' bound.
 */
static double
quad_ts_range(double a, double b, int upper, int dims)
{
	double	 t, tail, x, last = QUAD_TSTEP;
	double	 lim = ldexp(1.0, QUAD_TTAIL / (dims > 0 ? dims : 1));

	for (t = QUAD_TSTEP; t <= QUAD_TMAX; t += QUAD_TSTEP) {
		tail = quad_ts_tail(t);
		if (tail < lim)
			break;
		x = upper ? b - (b - a) * tail : a + (b - a) * tail;
		if (!(x > a && x < b))
			break;
		last = t;
	}
	return last;
}

/*
 * tanh-sinh's tails: the part of the integral beyond its outermost nodes,
 * which stop where the doubles next to an end run out (about one spacing
 * of the doubles at the end: 1e-16 of the width at an end of 1, 1e-301
 * at an end of 0). Per end of each axis, the integral of |f| over the face
 * through the outermost node, F1, and through a node QUAD_TSDEPTH further
 * in, F2, on QUAD_TSFACE tanh-sinh nodes per other axis, say how fast |f|
 * grows towards the end: as a power w^-a of the distance w to it, a =
 * log(F1 / F2) / log(w2 / w1). The part cut off is then F1 w1 / (1 - a),
 * taken twice; an end where a is 0.9 or more (or |f| not finite) has no
 * bound (INFINITY). Every node depends on the task alone.
 */
#define QUAD_TSDEPTH	0.125	/* in t, the second face from an end */
#define QUAD_TSFACE	33	/* nodes per other axis on a face */
#define QUAD_TSAMAX	0.9	/* growth beyond which a tail is unbounded */

/* Node k of QUAD_TSFACE on axis i, and its weight (dx of a tanh-sinh). */
static double
quad_ts_face_node(const struct task *t, int i, int k, double *w)
{
	double	 a = t->axis[i].lo, b = t->axis[i].hi, tl, th, h, u, tail;

	tl = -quad_ts_range(a, b, 0, t->dims);
	th = quad_ts_range(a, b, 1, t->dims);
	h = (th - tl) / (QUAD_TSFACE - 1);
	u = tl + k * h;
	*w = h * quad_ts_jac(u) * (b / 2 - a / 2) *
	    (k == 0 || k == QUAD_TSFACE - 1 ? 0.5 : 1);
	tail = quad_ts_tail(u);
	return u < 0 ? a + (b - a) * tail : b - (b - a) * tail;
}

/* The integral of |f| over the face of axis ax at coordinate x. */
static double
quad_ts_face(const struct task *t, struct expr *e, int ax, double x)
{
	double	 p[TASK_MAXDIM] = { 0 }, w[TASK_MAXDIM] = { 1, 1, 1 }, s = 0;
	int	 o[2] = { -1, -1 }, no = 0, i, k[2], n[2] = { 1, 1 };

	for (i = 0; i < t->dims; i++)
		if (i != ax)
			o[no++] = i;
	for (i = 0; i < no; i++)
		n[i] = QUAD_TSFACE;
	p[ax] = x;
	for (k[1] = 0; k[1] < n[1]; k[1]++) {
		if (no > 1)
			p[o[1]] = quad_ts_face_node(t, o[1], k[1], &w[1]);
		for (k[0] = 0; k[0] < n[0]; k[0]++) {
			if (no > 0)
				p[o[0]] = quad_ts_face_node(t, o[0], k[0],
				    &w[0]);
			s += (no > 0 ? w[0] : 1) * (no > 1 ? w[1] : 1) *
			    fabs(expr_eval_point(e, p[0], p[1], p[2]));
		}
	}
	return s;
}

double
quad_ts_tails(const struct task *t, struct expr *e)
{
	double	 a, b, tl, t1, t2, w1, w2, x1, x2, f1, f2, al, sum = 0;
	int	 i, end;

	for (i = 0; i < t->dims; i++) {
		a = t->axis[i].lo;
		b = t->axis[i].hi;
		tl = quad_ts_range(a, b, 0, t->dims);
		for (end = 0; end < 2; end++) {
			t1 = end ? quad_ts_range(a, b, 1, t->dims) : tl;
			t2 = t1 - QUAD_TSDEPTH;
			/* The distances of the nodes as rounded. */
			w1 = (b - a) * quad_ts_tail(t1);
			w2 = (b - a) * quad_ts_tail(t2);
			x1 = end ? b - w1 : a + w1;
			x2 = end ? b - w2 : a + w2;
			w1 = end ? b - x1 : x1 - a;
			w2 = end ? b - x2 : x2 - a;
			f1 = quad_ts_face(t, e, i, x1);
			f2 = quad_ts_face(t, e, i, x2);
			if (!isfinite(f1) || !isfinite(f2))
				return INFINITY;
			if (f1 == 0)
				continue;
			al = f2 > 0 ? log(f1 / f2) / log(w2 / w1) : INFINITY;
			if (!(al < QUAD_TSAMAX))
				return INFINITY;
			sum += 2 * f1 * w1 / (1 - fmax(al, 0));
		}
	}
	return sum;
}

/*
 * The levels of the error estimate: the rule's grid and up to two coarser
 * grids made of its own nodes (step 3h and 9h for the midpoint rule,
 * whose cell centres nest only when tripled, 2h and 4h for the others).
 * A level exists when every axis's interval count divides accordingly.
 * Gauss-Legendre nodes do not nest: that rule has one level.
 */
static void
quad_levels(struct grid *g)
{
	const struct quad_rule_def	*r = quad_rule(g->rule);
	uint64_t			 div, iv;
	int				 i, l;

	g->ratio = r->ratio;
	g->order = quad_rule_order(g->rule, (uint64_t)g->gk);
	g->levels = 1;
	for (l = 1; l < r->levels && l < QUAD_LEVELS; l++) {
		div = (uint64_t)r->panel;
		for (i = 0; i < l; i++)
			div *= g->ratio;
		for (i = 0; i < g->dims; i++) {
			iv = quad_rule_intervals(g->rule, g->n[i], g->gk);
			if (iv % div != 0 || iv / div < 1)
				return;
		}
		g->levels = l + 1;
	}
}

int
quad_grid(struct grid *g, const struct task *t, char **cause)
{
	const struct quad_rule_def	*r = quad_rule(t->rule);
	uint64_t			 rowlen, want;
	double				 f, span;
	int				 i, e;
	char				 where[256];

	memset(g, 0, sizeof *g);
	g->dims = t->dims;
	g->rule = t->rule;
	g->scale = 1;
	if (r->nodes == 0) {
		/* Gauss-Legendre's nodes and weights, on [0, 1]. */
		g->gk = t->order;
		quad_gauss_legendre(g->gk, g->gx, g->gw);
		for (i = 0; i < g->gk; i++) {
			g->gx[i] = (1 + g->gx[i]) / 2;
			g->gw[i] /= 2;
		}
	}
	for (i = 0; i < TASK_MAXDIM; i++) {
		g->n[i] = 1;
		if (i >= t->dims)
			continue;
		g->n[i] = t->axis[i].nodes;
		g->lo[i] = t->axis[i].lo;
		g->hi[i] = t->axis[i].hi;
		g->h[i] = t->axis[i].h;
		if (t->rule == RULE_TANH_SINH) {
			g->ts_tail = NAN;
			g->tlo[i] = -quad_ts_range(g->lo[i], g->hi[i], 0,
			    t->dims);
			span = quad_ts_range(g->lo[i], g->hi[i], 1, t->dims) -
			    g->tlo[i];
			g->h[i] = span / (double)(g->n[i] - 1);
			/* dx = (b - a) / 2 dt: lo and hi are finite apart. */
			f = frexp(g->h[i], &e);
			g->scale *= f;
			g->scale_exp += e;
			f = frexp(g->hi[i] / 2 - g->lo[i] / 2, &e);
		} else
			f = frexp(g->h[i], &e);
		g->scale *= f;
		g->scale_exp += e;
		if (r->divisor != 1)
			g->scale /= r->divisor;
	}
	g->points = t->points;
	quad_levels(g);
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
	xasprintf(&n, "%s\nrule %s\nlevels %d of ratio %d, %d nodes per cell\n"
	    "dims %d\n", s, quad_rule_name(g->rule), g->levels, g->ratio,
	    g->gk, g->dims);
	free(s);
	s = n;
	for (i = 0; i < g->dims; i++) {
		xasprintf(&n, "%saxis %c from %.17g to %.17g nodes %llu "
		    "step %.17g\n", s, "xyz"[i], g->lo[i], g->hi[i],
		    (unsigned long long)g->n[i], g->h[i]);
		free(s);
		s = n;
		if (g->warp[i] != 0) {
			xasprintf(&n, "%swarp %.17g\n", s, g->warp[i]);
			free(s);
			s = n;
		}
	}
	xasprintf(&n, "%schunks %llu, %llu rows each\nengine %s\n", s,
	    (unsigned long long)g->nchunks, (unsigned long long)g->chunk_rows,
	    engine);
	free(s);
	return n;
}

/*
 * A warped grid puts node u of an axis (taken onto [0, 1]) at
 * phi(u) = u + c u (1 - u) and weighs it by phi'(u) = 1 + c (1 - 2u): the
 * same rule after a smooth change of variables (|c| < 1), whose nodes and
 * cell edges fall at no rational fraction of the domain, so that what an
 * evenly spaced grid aliases or misses between its nodes is not aliased
 * or missed here in the same way. Not for tanh-sinh, whose nodes already
 * crowd the ends as far as the doubles allow.
 */
double
quad_node(const struct grid *g, int axis, uint64_t i)
{
	const struct quad_rule_def	*r = quad_rule(g->rule);
	double				 u, a = g->lo[axis], b = g->hi[axis];

	if (axis < g->dims && g->warp[axis] != 0) {
		u = r->unit(g, axis, i);
		if (u >= 1)
			return b;
		return a + (b - a) * (u + g->warp[axis] * u * (1 - u));
	}
	return r->node(g, axis, i);
}

double
quad_weight(const struct grid *g, int axis, uint64_t i)
{
	return quad_weight_level(g, axis, i, 0);
}

double
quad_weight_level(const struct grid *g, int axis, uint64_t i, int l)
{
	const struct quad_rule_def	*r = quad_rule(g->rule);
	uint64_t			 f = 1;
	double				 w;
	int				 k;

	if (axis >= g->dims)
		return 1;
	for (k = 0; k < l; k++)
		f *= g->ratio;
	w = r->weight(g, axis, i, f);
	if (g->warp[axis] == 0 || w == 0)
		return w;
	return w * (1 + g->warp[axis] * (1 - 2 * r->unit(g, axis, i)));
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

/* Zero the non-finite values of a row, counting them. */
static void
quad_drop_nonfinite(struct quad_partial *part, uint64_t row, double *f,
    size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (isfinite(f[i]))
			continue;
		if (part->nonfinite++ == 0) {
			part->bad_row = row;
			part->bad_index = i;
		}
		f[i] = 0;
	}
}

/*
 * The weighted sums of a row at every level; 1 if one is not finite
 * (a non-finite value, or a sum beyond the range).
 */
static int
quad_row_sums(int levels, double *const *wx, const double *w,
    const double *f, size_t n, double *s)
{
	int	 l, bad = 0;

	for (l = 0; l < levels; l++) {
		s[l] = w[l] != 0 ? quad_dot(wx[l], f, n) * w[l] : 0;
		bad |= !isfinite(s[l]);
	}
	return bad;
}

/* Levels summed per chunk: level 0 alone when old nodes are reused. */
static int
quad_sum_levels(const struct grid *g)
{
	return g->reuse != 0 ? 1 : g->levels;
}

/* Sums per chunk: the levels summed, then the trapezoid's if asked. */
static int
quad_sums(const struct grid *g)
{
	return quad_sum_levels(g) + (g->trap != 0);
}

/*
 * The weight of node i of an axis in sum k of a chunk: a level's, or the
 * trapezoid rule's on Simpson's nodes, in Simpson's units (the scale
 * holds h / 3 per axis).
 */
static double
quad_weight_sum(const struct grid *g, int axis, uint64_t i, int k)
{
	if (k < quad_sum_levels(g))
		return quad_weight_level(g, axis, i, k);
	if (axis >= g->dims)
		return 1;
	return i == 0 || i == g->n[axis] - 1 ? 1.5 : 3;
}

/* Is node i of an axis a node of the grid whose points are reused? */
static int
quad_old(const struct grid *g, int axis, uint64_t i)
{
	uint64_t	 m = g->reuse;

	if (axis >= g->dims)
		return 1;
	return i % m == (quad_rule(g->rule)->ends ? 0 : (m - 1) / 2);
}

/* The index in its row of the c-th new x node of the row at x0. */
static uint64_t
quad_new_index(const struct grid *g, uint64_t x0, uint64_t c)
{
	uint64_t	 i;

	for (i = 0;; i++) {
		if (!quad_old(g, 0, x0 + i) && c-- == 0)
			return i;
	}
}

/*
 * Rows are evaluated in groups of consecutive rows of one x segment,
 * block by block: each block of x (its nodes, weights and cached x-only
 * values: a few KiB) stays in L1 while every row of the group takes it,
 * where a row at a time would stream the whole segment (tens of KiB per
 * array) through L2 for every row. Each row keeps its own lanes, fed in
 * index order, so its sums are the bits a row at a time gives.
 *
 * A grid that reuses the nodes of the one before evaluates only its new x
 * nodes in rows at old y and z ("sparse" rows): the expression is bound
 * to those alone while the group's sparse rows take their blocks.
 */
#define QUAD_GROUP	32	/* rows of a group at most */
#define QUAD_GROUPMEM	(64 * 1024)	/* bytes of row values at most */
#define QUAD_STRIDE	(QUAD_SEGMENT + 8)	/* doubles, array to array */

struct quad_row {
	uint64_t	 row;
	int		 sparse;	/* at old y and z: new x nodes only */
	double		 w[QUAD_SUMS];		/* y and z weights by sum */
	double		*v;			/* the expression's values */
	struct quad_lanes lanes[QUAD_SUMS];
	double		 mag;			/* sum of w |f| (grid's mag) */
};

struct quad_work {
	const struct grid	*g;
	struct expr		*e;
	int			 nl;		/* sums (quad_sums) */
	uint64_t		 seg;		/* bound, UINT64_MAX: none */
	uint64_t		 x0;		/* its first x node */
	size_t			 n;		/* its x nodes */
	double			*xs;		/* and their coordinates */
	double			*wx[QUAD_SUMS];	/* weights by sum */
	/*
	 * Reusing old nodes, level 0 alone is summed (and Simpson's
	 * trapezoid sum): the segment's new x nodes and their weights.
	 */
	size_t			 nn;
	double			*nx;
	double			*nw[2];
	double			*f;	/* a whole row, to redo a bad one */
	size_t			 rowsize;	/* doubles of a row's values */
	int			 group;		/* rows evaluated together */
	quad_lanes_fn		*lanes_add;
	/*
	 * An expression of x alone has the same values in every row over a
	 * segment: a row's lanes and its sum of w |f| are summed once per
	 * segment and kind (1: sparse) and copied into each row of that
	 * kind. The same operations on the same numbers: the same bits.
	 */
	int			 xonly;
	int			 shared_ok[2];
	double			 shared_mag[2];
	struct quad_lanes	 shared[2][QUAD_SUMS];
	struct quad_row		*rows;
	double			*rowv;
	void			*mem;		/* of xs, wx and f */
	double			 blk[EXPR_BLOCK] __attribute__((aligned(64)));
};

struct quad_work *
quad_work_new(const struct grid *g, struct expr *e)
{
	struct quad_work	*w;
	void			*mem;
	int			 l, i;

	if (posix_memalign(&mem, 64, sizeof *w) != 0)
		return NULL;
	w = mem;
	memset(w, 0, sizeof *w);
	w->g = g;
	w->e = e;
	w->nl = quad_sums(g);
	w->seg = UINT64_MAX;
	w->rowsize = expr_row_size(e);
	w->lanes_add = quad_lanes_pick();
	w->xonly = expr_x_only(e);
	/* muParser gains nothing from groups: a row at a time. */
	w->group = expr_engine(e) == ENGINE_VECTOR ? QUAD_GROUP : 1;
	if ((size_t)w->group * w->rowsize * sizeof (double) > QUAD_GROUPMEM)
		w->group = QUAD_GROUPMEM / (w->rowsize * sizeof (double));
	if (w->group < 1)
		w->group = 1;
	w->rows = calloc(w->group, sizeof *w->rows);
	w->rowv = calloc((size_t)w->group * w->rowsize, sizeof *w->rowv);
	/*
	 * The arrays aligned for the vector loads, and apart by a line more
	 * than a multiple of 4 KiB, so that the loads of one point from
	 * several do not contend for one set of L1.
	 */
	if (posix_memalign(&w->mem, 64, (5 + QUAD_SUMS) * QUAD_STRIDE *
	    sizeof (double)) != 0)
		w->mem = NULL;
	if (w->rows == NULL || w->rowv == NULL || w->mem == NULL)
		goto fail;
	w->xs = w->mem;
	w->f = w->xs + QUAD_STRIDE;
	for (l = 0; l < QUAD_SUMS; l++)
		w->wx[l] = w->f + (l + 1) * QUAD_STRIDE;
	w->nx = w->wx[QUAD_SUMS - 1] + QUAD_STRIDE;
	w->nw[0] = w->nx + QUAD_STRIDE;
	w->nw[1] = w->nw[0] + QUAD_STRIDE;
	for (i = 0; i < w->group; i++)
		w->rows[i].v = w->rowv + (size_t)i * w->rowsize;
	return w;
fail:
	quad_work_free(w);
	return NULL;
}

void
quad_work_free(struct quad_work *w)
{
	if (w == NULL)
		return;
	free(w->mem);
	free(w->rows);
	free(w->rowv);
	free(w);
}

/* Make segment seg's x nodes and weights the current ones. */
static void
quad_work_seg(struct quad_work *w, uint64_t seg)
{
	const struct grid	*g = w->g;
	uint64_t		 i;
	int			 l;

	w->x0 = seg * QUAD_SEGMENT;
	w->n = g->n[0] - w->x0 < QUAD_SEGMENT ? g->n[0] - w->x0 :
	    QUAD_SEGMENT;
	for (i = 0; i < w->n; i++) {
		w->xs[i] = quad_node(g, 0, w->x0 + i);
		for (l = 0; l < w->nl; l++)
			w->wx[l][i] = quad_weight_sum(g, 0, w->x0 + i, l);
	}
	/* Reusing, the sums are level 0 and perhaps the trapezoid's. */
	for (i = 0, w->nn = 0; g->reuse != 0 && i < w->n; i++) {
		if (!quad_old(g, 0, w->x0 + i)) {
			w->nx[w->nn] = w->xs[i];
			for (l = 0; l < w->nl; l++)
				w->nw[l][w->nn] = w->wx[l][i];
			w->nn++;
		}
	}
	/* New values at the old addresses: bound afresh. */
	expr_bind_x(w->e, w->xs, w->n);
	w->seg = seg;
	w->shared_ok[0] = w->shared_ok[1] = 0;
}

/* Bind the x nodes that rows of a kind evaluate (1: sparse), if not. */
static void
quad_work_use(struct quad_work *w, int sparse)
{
	const double	*x = sparse ? w->nx : w->xs;
	size_t		 n = sparse ? w->nn : w->n;

	if (!expr_bound(w->e, x, n))
		expr_bind_x(w->e, x, n);
}

/*
 * Sum a row whose weighted sums were not all finite as a row at a time
 * did: count and zero its non-finite values, and if the sums still
 * overflow, scale the values down. Returns the power of two taken out.
 */
static int
quad_redo_row(struct quad_work *w, struct quad_row *r,
    struct quad_partial *part, double *s)
{
	const double	*p;
	double		*f = w->f, **rw = r->sparse ? w->nw : w->wx;
	size_t		 b, off, m, i, n = r->sparse ? w->nn : w->n;
	uint64_t	 before = part->nonfinite;

	quad_work_use(w, r->sparse);
	for (b = 0, off = 0; off < n; b++, off += m) {
		m = n - off < EXPR_BLOCK ? n - off : EXPR_BLOCK;
		p = expr_eval_block(w->e, r->v, b, f + off);
		if (p != f + off)
			memcpy(f + off, p, m * sizeof *f);
	}
	quad_drop_nonfinite(part, r->row, f, n);
	if (r->sparse && before == 0 && part->nonfinite != 0)
		part->bad_index = quad_new_index(w->g, w->x0, part->bad_index);
	if (!quad_row_sums(w->nl, rw, r->w, f, n, s))
		return 0;
	/* Finite values whose sum overflows. */
	for (i = 0; i < n; i++)
		f[i] = ldexp(f[i], -QUAD_XSHIFT);
	quad_row_sums(w->nl, rw, r->w, f, n, s);
	return QUAD_XSHIFT;
}

/*
 * The rows of a group of one kind whose values are those of x alone: the
 * lanes of the segment's first such row (given, r) copied into the rest.
 */
static void
quad_eval_shared(struct quad_work *w, int count, int sparse,
    const struct quad_row *r)
{
	struct quad_lanes *t = w->shared[sparse];
	const double	*p;
	double		**rw = sparse ? w->nw : w->wx;
	size_t		 b, off, m, n = sparse ? w->nn : w->n;
	int		 i, l;

	if (!w->shared_ok[sparse]) {
		memset(t, 0, sizeof w->shared[sparse]);
		w->shared_mag[sparse] = 0;
		quad_work_use(w, sparse);
		for (b = 0, off = 0; off < n; b++, off += m) {
			m = n - off < EXPR_BLOCK ? n - off : EXPR_BLOCK;
			p = expr_eval_block(w->e, r->v, b, w->blk);
			for (l = 0; l < w->nl; l++)
				w->lanes_add(&t[l], rw[l] + off, p, m);
			if (w->g->mag)
				w->shared_mag[sparse] +=
				    quad_abs_sum(rw[0] + off, p, m);
		}
		w->shared_ok[sparse] = 1;
	}
	for (i = 0; i < count; i++) {
		if (w->rows[i].sparse != sparse)
			continue;
		for (l = 0; l < w->nl; l++) {
			if (w->rows[i].w[l] != 0)
				w->rows[i].lanes[l] = t[l];
		}
		w->rows[i].mag = w->shared_mag[sparse];
	}
}

/* The rows of a group of one kind (1: sparse), block by block. */
static void
quad_eval_kind(struct quad_work *w, int count, int sparse)
{
	struct quad_row	*r;
	const double	*p;
	double		**rw = sparse ? w->nw : w->wx;
	size_t		 b, off, m, n = sparse ? w->nn : w->n;
	int		 i, l, any = -1;

	for (i = 0; i < count && any < 0; i++)
		any = w->rows[i].sparse == sparse ? i : -1;
	if (any < 0 || n == 0)
		return;
	if (w->xonly) {
		quad_eval_shared(w, count, sparse, &w->rows[any]);
		return;
	}
	quad_work_use(w, sparse);
	for (b = 0, off = 0; off < n; b++, off += m) {
		m = n - off < EXPR_BLOCK ? n - off : EXPR_BLOCK;
		for (i = 0; i < count; i++) {
			r = &w->rows[i];
			if (r->sparse != sparse)
				continue;
			p = expr_eval_block(w->e, r->v, b, w->blk);
			for (l = 0; l < w->nl; l++) {
				if (r->w[l] != 0)
					w->lanes_add(&r->lanes[l],
					    rw[l] + off, p, m);
			}
			if (w->g->mag)
				r->mag += quad_abs_sum(rw[0] + off, p, m);
		}
	}
}

/* Rows [first, first + count) of the current segment, as one group. */
static void
quad_eval_group(struct quad_work *w, uint64_t first, int count,
    struct quad_partial *part)
{
	const struct grid	*g = w->g;
	struct quad_row		*r;
	uint64_t		 seg, j, k;
	double			 y, z, s[QUAD_SUMS];
	int			 i, l, bad, scaled;

	for (i = 0; i < count; i++) {
		r = &w->rows[i];
		r->row = first + i;
		quad_row_split(g, r->row, &seg, &j, &k);
		/* At old y and z, the old x nodes are not evaluated again. */
		r->sparse = g->reuse != 0 && quad_old(g, 1, j) &&
		    quad_old(g, 2, k);
		y = g->dims > 1 ? quad_node(g, 1, j) : 0;
		z = g->dims > 2 ? quad_node(g, 2, k) : 0;
		for (l = 0; l < w->nl; l++)
			r->w[l] = quad_weight_sum(g, 1, j, l) *
			    quad_weight_sum(g, 2, k, l);
		memset(r->lanes, 0, sizeof r->lanes);
		r->mag = 0;
		expr_row(w->e, y, z, r->v);
	}
	quad_eval_kind(w, count, 0);
	quad_eval_kind(w, count, 1);
	for (i = 0; i < count; i++) {
		r = &w->rows[i];
		bad = 0;
		for (l = 0; l < w->nl; l++) {
			s[l] = r->w[l] != 0 ?
			    quad_lanes_value(&r->lanes[l]) * r->w[l] : 0;
			bad |= !isfinite(s[l]);
		}
		/* Rare: count the bad points, sum the others. */
		scaled = bad ? quad_redo_row(w, r, part, s) : 0;
		for (l = 0; l < w->nl; l++) {
			if (r->w[l] != 0)
				xsum_add(&part->lev[l], s[l], scaled);
		}
		part->mag += r->mag * fabs(r->w[0]);
		part->points += r->sparse ? w->nn : w->n;
	}
}

void
quad_eval_chunk(struct quad_work *w, uint64_t chunk,
    struct quad_partial *part, uint64_t *beat)
{
	const struct grid	*g = w->g;
	uint64_t		 first, count, row, end, seg, j, k, plane, left;
	int			 n;

	memset(part, 0, sizeof *part);
	quad_chunk_rows(g, chunk, &first, &count);
	plane = g->n[1] * g->n[2];
	end = first + count;
	for (row = first; row < end; row += n) {
		quad_row_split(g, row, &seg, &j, &k);
		/* Consecutive chunks mostly share their segment: kept. */
		if (seg != w->seg)
			quad_work_seg(w, seg);
		/* A group ends with the chunk and with the segment. */
		left = (seg + 1) * plane < end ? (seg + 1) * plane - row :
		    end - row;
		n = left < (uint64_t)w->group ? (int)left : w->group;
		quad_eval_group(w, row, n, part);
		if (beat != NULL)
			__atomic_fetch_add(beat, (uint64_t)n, __ATOMIC_RELAXED);
	}
}

/*
 * A level's value: the scaled sum times the steps' product, the powers of
 * two applied once; *lg is log2 of its magnitude, finite when the value
 * is not.
 */
static double
quad_level_value(const struct grid *g, const struct xsum *acc, double *lg)
{
	double	 m = (acc->s + acc->c) * g->scale;
	long	 e = (long)acc->e + g->scale_exp;

	*lg = m != 0 ? log2(fabs(m)) + (double)e : -INFINITY;
	if (e > 4096)
		e = 4096;
	if (e < -4096)
		e = -4096;
	return ldexp(m, (int)e);
}

void
quad_combine(const struct grid *g, const struct quad_partial *parts,
    struct quad_result *r)
{
	struct xsum	 acc[QUAD_SUMS];
	double		 s[QUAD_SUMS], lg[QUAD_SUMS], trap = NAN, mag = 0;
	uint64_t	 c, nonfinite = 0;
	int		 l, nl = quad_sums(g), levels = g->levels;

	memset(acc, 0, sizeof acc);
	memset(r, 0, sizeof *r);
	for (c = 0; c < g->nchunks; c++) {
		for (l = 0; l < nl; l++) {
			xsum_add(&acc[l], parts[c].lev[l].s, parts[c].lev[l].e);
			xsum_add(&acc[l], parts[c].lev[l].c, parts[c].lev[l].e);
		}
		nonfinite += parts[c].nonfinite;
		mag += parts[c].mag;
	}
	for (l = 0; l < nl; l++)
		s[l] = quad_level_value(g, &acc[l], &lg[l]);
	if (g->trap)
		trap = s[quad_sum_levels(g)];
	if (g->reuse != 0 && g->trap) {
		/* Simpson's: see struct grid's trap. */
		s[0] += g->prev_trap / pow(3, g->dims);
		trap += g->prev_trap / pow(2, g->dims);
	} else if (g->reuse != 0) {
		/*
		 * The old nodes weigh as in the old grid, whose steps were
		 * reuse times these: its integral / reuse^dims.
		 */
		s[0] += g->prev[0] / pow((double)g->reuse, g->dims);
	}
	mag = ldexp(mag * g->scale, g->scale_exp);
	if (g->reuse != 0)
		mag += g->prev_mag / pow((double)g->reuse, g->dims);
	r->mag = g->mag && isfinite(mag) ? mag : NAN;
	if (g->reuse != 0) {
		if (s[0] != 0)
			lg[0] = log2(fabs(s[0]));
		for (l = 0; l < g->prev_levels; l++)
			s[l + 1] = g->prev[l];
		levels = 1 + g->prev_levels;
	}
	r->integral = s[0];
	r->log2_magnitude = lg[0];
	/* Beyond the range: an infinity, or a sum that vanished. */
	r->representable = isfinite(s[0]) && (s[0] != 0 || isinf(lg[0]));
	quad_estimate(g, s, levels, r);
	if (nonfinite != 0)
		r->reliable = 0;
	r->nonfinite = nonfinite;
	memcpy(r->lev, s, sizeof r->lev);
	r->nlev = levels;
	r->trap = trap;
}
