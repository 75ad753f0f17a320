/*
 * quad-sum: the compensated sums of quad: Neumaier's scaled sum of the
 * chunks (struct xsum) and the eight interleaved lanes a row's weighted
 * values are summed in, with their vector variants for this CPU. Every
 * variant does the same operations in the same order: the same bits.
 */
#include "config.h"

#include "quad.h"

#include <math.h>
#include <string.h>

/* GCC's pragmas too (fp-contract): not clang. */
#if defined(HAVE_X86_MULTIVERSION) && !defined(__clang__)
#include <immintrin.h>
#define QUAD_FMA_LANES
#endif

#include "vexpr.h"

void
xsum_add(struct xsum *a, double v, int32_t e)
{
	struct ksum	 k;
	double		 t;

	if (v == 0)
		return;
	if (a->s == 0 && a->c == 0)
		a->e = e;
	if (e > a->e) {
		a->s = ldexp(a->s, a->e - e);
		a->c = ldexp(a->c, a->e - e);
		a->e = e;
	} else if (e < a->e)
		v = ldexp(v, e - a->e);
	t = a->s + v;
	if (!isfinite(t) || !isfinite(a->c)) {
		a->s = ldexp(a->s, -QUAD_XSHIFT);
		a->c = ldexp(a->c, -QUAD_XSHIFT);
		a->e += QUAD_XSHIFT;
		v = ldexp(v, -QUAD_XSHIFT);
	}
	k.s = a->s;
	k.c = a->c;
	ksum_add(&k, v);
	a->s = k.s;
	a->c = k.c;
}

/* Four doubles, as GCC's and clang's vector extension does them. */
typedef double	 quad_v4 __attribute__((vector_size(32)));
#define QUAD_LOAD4(v, p)	memcpy(&(v), (p), sizeof (v))
#define QUAD_STORE4(p, v)	memcpy((p), &(v), sizeof (v))

/*
 * Add n terms w[i] * f[i] to the lanes. It costs more per point than
 * evaluating many integrands, so on x86-64 it is also built for AVX2 (four
 * lanes at once) and picked at load time. AVX2 brings no fused
 * multiply-add, and the lanes do the same operations in the same order:
 * the same bits either way.
 */
#if defined(__FMA__) && defined(__GNUC__) && !defined(__clang__)
#pragma GCC push_options
#pragma GCC target("no-fma")	/* a build for an FMA CPU: not fused either */
#define QUAD_NO_FMA
#endif
#if defined(HAVE_X86_MULTIVERSION) && !defined(__clang__) && \
    !defined(__AVX2__)
__attribute__((target_clones("avx2", "default")))
#endif
static void
quad_lanes_add(struct quad_lanes *k, const double *w, const double *f,
    size_t n)
{
	quad_v4		 s0, s1, c0, c1;
	quad_v4		 vy, vt, vz, vw, vf;
	double		 y, t, z;
	size_t		 i, l;

	/* Lanes 0-3 in s0 and c0, 4-7 in s1 and c1: kept in registers. */
	QUAD_LOAD4(s0, k->s);
	QUAD_LOAD4(s1, k->s + 4);
	QUAD_LOAD4(c0, k->c);
	QUAD_LOAD4(c1, k->c + 4);
	for (i = 0; i + 8 <= n; i += 8) {
		QUAD_LOAD4(vw, w + i);
		QUAD_LOAD4(vf, f + i);
		vy = vw * vf;
		vt = s0 + vy;
		vz = vt - s0;
		c0 += (s0 - (vt - vz)) + (vy - vz);
		s0 = vt;
		QUAD_LOAD4(vw, w + i + 4);
		QUAD_LOAD4(vf, f + i + 4);
		vy = vw * vf;
		vt = s1 + vy;
		vz = vt - s1;
		c1 += (s1 - (vt - vz)) + (vy - vz);
		s1 = vt;
	}
	QUAD_STORE4(k->s, s0);
	QUAD_STORE4(k->s + 4, s1);
	QUAD_STORE4(k->c, c0);
	QUAD_STORE4(k->c + 4, c1);
	for (l = 0; i < n; i++, l++) {
		y = w[i] * f[i];
		t = k->s[l] + y;
		z = t - k->s[l];
		k->c[l] += (k->s[l] - (t - z)) + (y - z);
		k->s[l] = t;
	}
}
#ifdef QUAD_NO_FMA
#pragma GCC pop_options
#endif

#ifdef QUAD_FMA_LANES
/*
 * The same lanes on CPUs with FMA, where some CPUs (AMD's Zen: two of
 * four pipes add, the other two multiply) are bound by the additions.
 * Three of the seven additions and subtractions of a term are done as
 * a * (+-1) + b: the product is exact and the sum rounded once, as the
 * addition is, so the results are the same bits; but they run on the
 * multiply pipes. No other contraction: a * b + c rounded once would not
 * be the same bits.
 */
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
/* One term in four lanes: c += (s - (t - z)) + (y - z), s = t = s + y. */
static inline __attribute__((target("avx2,fma"), always_inline)) void
quad_lanes4_fma(__m256d *s, __m256d *c, __m256d y, __m256d one,
    __m256d mone)
{
	__m256d	 t = _mm256_add_pd(*s, y), z = _mm256_sub_pd(t, *s);

	*c = _mm256_add_pd(*c, _mm256_fmadd_pd(_mm256_fmadd_pd(
	    _mm256_sub_pd(t, z), mone, *s), one, _mm256_fmadd_pd(z, mone, y)));
	*s = t;
}

__attribute__((target("avx2,fma"))) static void
quad_lanes_add_fma(struct quad_lanes *k, const double *w, const double *f,
    size_t n)
{
	__m256d		 s0, s1, c0, c1, one, mone;
	size_t		 i;

	s0 = _mm256_loadu_pd(k->s);
	s1 = _mm256_loadu_pd(k->s + 4);
	c0 = _mm256_loadu_pd(k->c);
	c1 = _mm256_loadu_pd(k->c + 4);
	one = _mm256_set1_pd(1.0);
	/* Opaque, so that the compiler does not fold the products away. */
	__asm__("" : "+x" (one));
	mone = _mm256_sub_pd(_mm256_setzero_pd(), one);
	for (i = 0; i + 8 <= n; i += 8) {
		quad_lanes4_fma(&s0, &c0, _mm256_mul_pd(_mm256_loadu_pd(w + i),
		    _mm256_loadu_pd(f + i)), one, mone);
		quad_lanes4_fma(&s1, &c1, _mm256_mul_pd(_mm256_loadu_pd(w + i +
		    4), _mm256_loadu_pd(f + i + 4)), one, mone);
	}
	_mm256_storeu_pd(k->s, s0);
	_mm256_storeu_pd(k->s + 4, s1);
	_mm256_storeu_pd(k->c, c0);
	_mm256_storeu_pd(k->c + 4, c1);
	/*
	 * Clean upper halves for the SSE code that follows (libm's): some
	 * builds (-O1) do not add this themselves, and calls to exp then
	 * ran five times slower.
	 */
	_mm256_zeroupper();
	/* The last few terms, lanes from 0 as i is a multiple of 8. */
	if (i < n)
		quad_lanes_add(k, w + i, f + i, n - i);
}

/*
 * The eight lanes in one AVX-512 vector, the same operations lane by
 * lane: the same bits. Half the instructions of the AVX2 adder; the
 * dependency from one term of a lane to its next is the same.
 */
#define QUAD_T512	"avx2,fma,avx512f,avx512dq,avx512vl,avx512bw"
static inline __attribute__((target(QUAD_T512), always_inline)) void
quad_lanes8(__m512d *s, __m512d *c, __m512d y, __m512d one, __m512d mone)
{
	__m512d	 t = _mm512_add_pd(*s, y), z = _mm512_sub_pd(t, *s);

	*c = _mm512_add_pd(*c, _mm512_fmadd_pd(_mm512_fmadd_pd(
	    _mm512_sub_pd(t, z), mone, *s), one, _mm512_fmadd_pd(z, mone, y)));
	*s = t;
}

__attribute__((target(QUAD_T512))) static void
quad_lanes_add_avx512(struct quad_lanes *k, const double *w, const double *f,
    size_t n)
{
	__m512d		 s, c, one, mone;
	size_t		 i;

	s = _mm512_loadu_pd(k->s);
	c = _mm512_loadu_pd(k->c);
	one = _mm512_set1_pd(1.0);
	__asm__("" : "+v" (one));
	mone = _mm512_sub_pd(_mm512_setzero_pd(), one);
	for (i = 0; i + 8 <= n; i += 8)
		quad_lanes8(&s, &c, _mm512_mul_pd(_mm512_loadu_pd(w + i),
		    _mm512_loadu_pd(f + i)), one, mone);
	_mm512_storeu_pd(k->s, s);
	_mm512_storeu_pd(k->c, c);
	_mm256_zeroupper();
	if (i < n)
		quad_lanes_add(k, w + i, f + i, n - i);
}
#pragma GCC pop_options
#endif

quad_lanes_fn *
quad_lanes_pick(void)
{
#ifdef QUAD_FMA_LANES
	int	 isa = vexpr_isa();

	if (isa >= VEXPR_ISA_AVX512)
		return quad_lanes_add_avx512;
	if (isa >= VEXPR_ISA_AVX2 && __builtin_cpu_supports("fma"))
		return quad_lanes_add_fma;
#endif
	return quad_lanes_add;
}

double
quad_lanes_value(const struct quad_lanes *k)
{
	struct ksum	 sum = { 0, 0 };
	int		 l;

	for (l = 0; l < 8; l++)
		ksum_add(&sum, k->s[l]);
	for (l = 0; l < 8; l++)
		ksum_add(&sum, k->c[l]);
	return ksum_value(&sum);
}

double
quad_dot(const double *w, const double *f, size_t n)
{
	struct quad_lanes	 k;

	memset(&k, 0, sizeof k);
	quad_lanes_add(&k, w, f, n);
	return quad_lanes_value(&k);
}

/*
 * sum w[i] |f[i]| over the finite f[i]: a scale, not an integral, in two
 * vectors of four lanes (|f| by clearing the sign bits); the rare block
 * with a value that is not finite again, value by value.
 */
double
quad_abs_sum(const double *w, const double *f, size_t n)
{
	typedef long long	 quad_i4 __attribute__((vector_size(32)));
	const quad_i4		 nosign = { INT64_MAX, INT64_MAX, INT64_MAX,
				    INT64_MAX };
	quad_v4			 a = { 0 }, b = { 0 }, vw, vf;
	double			 t;
	size_t			 i;

	for (i = 0; i + 8 <= n; i += 8) {
		QUAD_LOAD4(vw, w + i);
		QUAD_LOAD4(vf, f + i);
		a += vw * (quad_v4)((quad_i4)vf & nosign);
		QUAD_LOAD4(vw, w + i + 4);
		QUAD_LOAD4(vf, f + i + 4);
		b += vw * (quad_v4)((quad_i4)vf & nosign);
	}
	a += b;
	t = (a[0] + a[1]) + (a[2] + a[3]);
	for (; i < n; i++)
		t += w[i] * fabs(f[i]);
	if (isfinite(t))
		return t;
	for (i = 0, t = 0; i < n; i++) {
		if (isfinite(f[i]))
			t += w[i] * fabs(f[i]);
	}
	return t;
}
