/*
 * fuzz_diff: differential libFuzzer harness for the vector engine. The
 * input is read as fuzz_expr reads it (first byte: dimensions, then the
 * expression). When the text passes expr_check_text, muParser compiles
 * it and vexpr compiles it too, both engines are evaluated on a few rows
 * of x values spanning [-3, 3] plus special values, at a few (y, z), and
 * any disagreement beyond rounding is reported: vexpr must match muParser
 * or refuse the construct.
 *
 * The expression is only text here, so the tolerance cannot be worked out
 * from a tree as tests/check_vexpr.c does. Instead, where the engines
 * differ by more than REL_TOL, muParser is evaluated again with every
 * rounding perturbed (the directed rounding modes) and with the inputs
 * moved by a few ulps: how far those move its answer shows how much
 * cancellation or a nearby discontinuity magnifies rounding at that point,
 * and a difference within a generous multiple of it is libmvec's last
 * ulps, not a bug. A point whose perturbed answers change finiteness is on
 * an edge and skipped.
 */
#include "config.h"

#include "fuzz.h"

#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "task.h"
#include "util.h"
#include "vexpr.h"

#define DIFF_SPAN	28			/* x values spanning [-3, 3] */
#define REL_TOL		1e-12			/* as tests/check_vexpr.c */
#define ABS_TOL		1e-300
#define NEAR_OVER	1e300		/* results beyond: near overflow */
#define NEAR_UNDER	1e-290		/* nonzero results below: subnormal */
#define SPREAD_K	64		/* multiple of the perturbed spread */
#define NUDGE		0x1p-50		/* relative move of an input */

static const double diff_special[] = {
	0, -0.0, 1, -1, 1e-300, -1e-300, 1e300, -1e300, 0.5, 2, 1e-8, -2.5
};
#define DIFF_ROW	(DIFF_SPAN + sizeof diff_special / sizeof diff_special[0])

static const double diff_yz[][2] = {
	{ 0.25, -1 }, { -2.75, 1e-300 }, { 1, 0 }
};

static int
same_bits(double a, double b)
{
	return memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b));
}

/* muParser at one point under a rounding mode. */
static double
diff_mu(struct expr *mu, int mode, double x, double y, double z)
{
	double	 v;

	if (mode != FE_TONEAREST && fesetround(mode) != 0)
		return NAN;
	v = expr_eval_point(mu, x, y, z);
	if (mode != FE_TONEAREST)
		fesetround(FE_TONEAREST);
	return v;
}

/*
 * How far muParser's answer ref at (x, y, z) moves when rounding is
 * perturbed; -1 when some perturbation changes whether it is finite (an
 * edge: overflow, a pole, a domain boundary).
 */
static double
diff_spread(struct expr *mu, int dims, double x, double y, double z,
    double ref)
{
	static const int modes[] = { FE_UPWARD, FE_DOWNWARD, FE_TOWARDZERO };
	double		 v[3 + 6], spread = 0;
	size_t		 i, n = 0;

	for (i = 0; i < sizeof modes / sizeof modes[0]; i++)
		v[n++] = diff_mu(mu, modes[i], x, y, z);
	v[n++] = diff_mu(mu, FE_TONEAREST, x * (1 + NUDGE), y, z);
	v[n++] = diff_mu(mu, FE_TONEAREST, x * (1 - NUDGE), y, z);
	if (dims > 1) {
		v[n++] = diff_mu(mu, FE_TONEAREST, x, y * (1 + NUDGE), z);
		v[n++] = diff_mu(mu, FE_TONEAREST, x, y * (1 - NUDGE), z);
	}
	if (dims > 2) {
		v[n++] = diff_mu(mu, FE_TONEAREST, x, y, z * (1 + NUDGE));
		v[n++] = diff_mu(mu, FE_TONEAREST, x, y, z * (1 - NUDGE));
	}
	for (i = 0; i < n; i++) {
		if (!isfinite(v[i]) != !isfinite(ref))
			return -1;
		if (isfinite(ref))
			spread = fmax(spread, fabs(v[i] - ref));
	}
	return spread;
}

/*
 * Whether vexpr's got agrees with muParser's ref at (x, y, z): the same
 * value, both not finite, within REL_TOL, within a multiple of how far
 * perturbed rounding moves muParser's answer, or at a point where that
 * cannot be judged (near overflow or underflow, on an edge).
 */
static int
diff_agree(struct expr *mu, int dims, double x, double y, double z,
    double got, double ref)
{
	double	 spread;

	if (same_bits(got, ref) || (!isfinite(got) && !isfinite(ref)))
		return 1;
	if (isfinite(got) && isfinite(ref) &&
	    fabs(got - ref) <= REL_TOL * fabs(ref) + ABS_TOL)
		return 1;
	/* Near overflow or in the subnormals rounding decides too much. */
	if ((isfinite(ref) && fabs(ref) > NEAR_OVER) ||
	    (isfinite(got) && fabs(got) > NEAR_OVER) ||
	    (ref != 0 && fabs(ref) < NEAR_UNDER))
		return 1;
	if ((spread = diff_spread(mu, dims, x, y, z, ref)) < 0)
		return 1;
	if (!isfinite(got) || !isfinite(ref))
		return 0;	/* finite against not, away from any edge */
	return fabs(got - ref) <= REL_TOL * fabs(ref) + ABS_TOL +
	    SPREAD_K * spread;
}

/* Both engines over the rows; 0 when they agree everywhere. */
static int
diff_rows(const char *s, struct expr *mu, struct vexpr *vx, int dims)
{
	double		 x[DIFF_ROW], out[DIFF_ROW], y, z, ref;
	size_t		 i, r;

	for (i = 0; i < DIFF_SPAN; i++)
		x[i] = -3 + 6.0 * i / (DIFF_SPAN - 1);
	for (i = DIFF_SPAN; i < DIFF_ROW; i++)
		x[i] = diff_special[i - DIFF_SPAN];
	for (r = 0; r < sizeof diff_yz / sizeof diff_yz[0]; r++) {
		y = dims > 1 ? diff_yz[r][0] : 0;
		z = dims > 2 ? diff_yz[r][1] : 0;
		vexpr_eval_row(vx, x, DIFF_ROW, y, z, out);
		for (i = 0; i < DIFF_ROW; i++) {
			ref = expr_eval_point(mu, x[i], y, z);
			if (diff_agree(mu, dims, x[i], y, z, out[i], ref))
				continue;
			fprintf(stderr, "fuzz_diff: \"%s\" at (%.17g, %.17g, "
			    "%.17g): vexpr %.17g, muParser %.17g\n", s, x[i],
			    y, z, out[i], ref);
			return -1;
		}
		if (dims == 1)
			break;	/* the other rows are the same */
	}
	return 0;
}

int
fuzz_diff_one(const uint8_t *data, size_t size, const char **why)
{
	struct task	 t;
	struct expr	*mu;
	struct vexpr	*vx;
	char		*s, *cause = NULL;
	size_t		 pos;
	int		 dims, rc = 0;

	if ((s = fuzz_expr_text(data, size, &dims)) == NULL)
		return 0;

	/* What pint refuses or muParser rejects has nothing to compare. */
	if (expr_check_text(s, &pos, &cause) != 0 ||
	    fuzz_expr_task(&t, s, dims) != 0)
		goto out;
	if ((mu = expr_compile(&t, ENGINE_MUPARSER, 0, &cause)) != NULL) {
		free(cause);
		cause = NULL;
		vx = vexpr_compile(t.expression, t.dims, t.consts, t.nconsts,
		    &cause);
		if (vx != NULL) {
			if (diff_rows(s, mu, vx, dims) != 0) {
				*why = "vexpr and muParser disagree";
				rc = -1;
			}
			vexpr_free(vx);
		}
		expr_free(mu);
	}
	task_free(&t);
out:
	free(cause);
	free(s);
	return rc;
}

#ifndef PINT_REPLAY
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*why = NULL;

	if (fuzz_diff_one(data, size, &why) != 0) {
		fprintf(stderr, "fuzz_diff: %s\n", why);
		abort();
	}
	return 0;
}
#endif
