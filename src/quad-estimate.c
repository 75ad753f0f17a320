/*
 * quad-estimate: what the levels of a grid say of its error (Richardson
 * with the order they show, checked against the rule's), tanh-sinh's part
 * beyond its outermost nodes, and the text report's note of what an
 * estimate rests on.
 */
#include "config.h"

#include "quad.h"

#include <math.h>
#include <stdio.h>

#define QUAD_TSSAFE	4	/* tanh-sinh's estimate: safety factor */
#define QUAD_ORDERTOL	0.5	/* agreement of observed and rule orders */

void
quad_estimate_note(const struct grid *g, double order, int reliable,
    int observed, char *buf, size_t size)
{
	char	 o[64];

	if (isnan(order) && observed == 2) {
		snprintf(buf, size, "the levels agree to rounding, but the "
		    "grid before did not show its order: unconfirmed");
		return;
	}
	if (isnan(order)) {
		if (reliable)
			snprintf(buf, size, "the levels agree to rounding");
		else if (g->levels == 2)
			snprintf(buf, size, "Richardson against step %dh; "
			    "order not checked", g->ratio);
		else if (g->levels == 1)
			snprintf(buf, size, "against the grid of cells twice "
			    "as wide; order not checked");
		else
			snprintf(buf, size, "the levels show no order");
		return;
	}
	snprintf(o, sizeof o, "observed order %.3g", order);
	if (observed == 2) {
		snprintf(buf, size, "%s, but the grid before did not show "
		    "its order: unconfirmed", o);
	} else if (g->raised == 1) {
		snprintf(buf, size, "%s in the nodes as the order rose to %d: "
		    "unchecked until the cells double twice", o, g->gk);
	} else if (g->raised == 2) {
		snprintf(buf, size, "%s as the order rose, then the cells "
		    "doubled: unchecked until they double again", o);
	} else if (g->order == 0) {
		snprintf(buf, size, "%s; %s", o, reliable ? "tanh-sinh "
		    "converges exponentially" : "too slow for tanh-sinh: "
		    "estimate is the last change");
	} else if (reliable) {
		snprintf(buf, size, "%s; %s is %d", o,
		    quad_rule_possessive(g->rule), g->order);
	} else {
		snprintf(buf, size, "%s; %s is %d: %s", o,
		    quad_rule_possessive(g->rule), g->order, observed ?
		    "estimate from observed order" : "estimate from the "
		    "rule's order");
	}
}

double
quad_noise(const struct quad_result *r, double s0)
{
	return QUAD_NOISE * fmax(fabs(s0), r->mag);
}

int
quad_estimate_start(const double *s, double ratio, struct quad_result *r,
    double *d1, double *d2, double *p)
{
	double	 noise = quad_noise(r, s[0]);

	*d1 = fabs(s[0] - s[1]);
	*d2 = fabs(s[1] - s[2]);
	if (*d1 <= noise && *d2 <= noise) {
		/*
		 * Both changes are rounding: the rule is exact here, unless
		 * every value was 0 (or may have been: no mag), which is
		 * also what a peak between all the nodes gives. In a
		 * tolerance's sequence (mag known) such a sum has no
		 * estimate: it says nothing of what the nodes missed.
		 */
		r->error = noise;
		r->reliable = s[0] != 0 || s[1] != 0 || s[2] != 0 ||
		    r->mag > 0;
		if (!r->reliable && r->mag == 0)
			r->error = INFINITY;
		return 1;
	}
	if (*d1 > 0)
		r->order = *p = log(*d2 / *d1) / log(ratio);
	else
		*p = INFINITY;
	if (!(*d1 < *d2)) {
		/* Not converging: the last change is the best guess. */
		r->error = fmax(*d1, *d2);
		r->from_observed = 1;
		return 1;
	}
	return 0;
}

/*
 * tanh-sinh: the part beyond the outermost nodes adds to the estimate, and
 * one with no bound, or a grid whose coarsest level has fewer than
 * QUAD_TSMINIV + 1 nodes on an axis (where a kink or a jump shows an
 * order of 3 or more by chance), is not reliable.
 */
#define QUAD_TSMINIV	16

static void
quad_estimate_tails(const struct grid *g, const double *s, int levels,
    struct quad_result *r)
{
	double	 d;
	int	 i, few = 0;

	if (g->rule != RULE_TANH_SINH || isnan(r->error))
		return;
	for (i = 0; i < g->dims; i++)
		few |= (g->n[i] - 1) >> (levels - 1) < QUAD_TSMINIV;
	if (!isnan(g->ts_tail)) {
		/*
		 * Changes within the part cut off are what the nodes next
		 * to an end give, rounded onto the doubles there: the
		 * levels agree to that, as to rounding; unless every value
		 * was 0, which is also what a peak between all the nodes
		 * gives (see quad_estimate_start).
		 */
		d = levels >= 3 ? fmax(fabs(s[0] - s[1]), fabs(s[1] - s[2])) :
		    INFINITY;
		if (d <= g->ts_tail && (s[0] != 0 || s[1] != 0 || s[2] != 0 ||
		    r->mag > 0)) {
			r->reliable = 1;
			r->error = d;
		}
		r->error += g->ts_tail;
		if (isinf(g->ts_tail))
			r->reliable = 0;
	}
	if (few)
		r->reliable = 0;
}

static void
quad_estimate_levels(const struct grid *g, const double *s, int levels,
    struct quad_result *r)
{
	double	 d1, d2, noise, p;
	int	 k = g->order;

	r->error = NAN;
	r->order = NAN;
	r->reliable = 0;
	r->from_observed = 0;
	if (levels < 2)
		return;
	d1 = fabs(s[0] - s[1]);
	noise = quad_noise(r, s[0]);
	if (levels < 3) {
		/* Two levels cannot check the order: Richardson, flagged. */
		r->error = fmax(k > 0 ? d1 / (pow(g->ratio, k) - 1) : d1,
		    noise);
		return;
	}
	if (quad_estimate_start(s, g->ratio, r, &d1, &d2, &p))
		return;
	if (k == 0) {
		/*
		 * Exponential convergence (tanh-sinh): each halving of the
		 * step about squares the error, so the finest level's is
		 * about d1^2 / d2, once a level gains 3 bits or more; a
		 * factor for the rate slowing as the levels refine (seen
		 * at corner singularities).
		 */
		r->reliable = p >= 3;
		r->error = r->reliable ? fmax(fmin(QUAD_TSSAFE * d1 * (d1 / d2),
		    d1), noise) : d1;
		r->from_observed = 1;
		return;
	}
	if (p < k - QUAD_ORDERTOL) {
		/* Slower than the rule: from the observed order. */
		r->error = d1 / (pow(g->ratio, p) - 1);
		r->from_observed = 1;
	} else {
		/* Richardson, with the observed order when a bit lower. */
		r->error = d1 / (pow(g->ratio, fmin(p, k)) - 1);
		r->reliable = p <= k + QUAD_ORDERTOL;
	}
	r->error = fmax(r->error, noise);
}

void
quad_estimate(const struct grid *g, const double *s, int levels,
    struct quad_result *r)
{
	quad_estimate_levels(g, s, levels, r);
	quad_estimate_tails(g, s, levels, r);
}
