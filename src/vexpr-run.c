/*
 * vexpr-run: the vector engine's runtime, the only part built with the
 * vector flags. The row program runs on scalars once per (y, z); the block
 * program runs over blocks of VEXPR_BLOCK x values in loops the compiler
 * vectorises, calling glibc's libmvec for sin, exp, pow and the like.
 * Results differ from muParser's only by the few ulps of libmvec and of
 * the integer powers done by multiplication; everything else is computed
 * with the same operations in the same order.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vexpr-int.h"

/*
 * Loops marked VEXPR_SIMD are elementwise (an output may be one of the
 * inputs, element i only reads element i), so they may be vectorised
 * whatever the pointers alias. Without -fopenmp-simd (or with another
 * compiler) the compiler's own vectoriser decides.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#define VEXPR_SIMD	_Pragma("omp simd")
#else
#define VEXPR_SIMD
#endif

/*
 * glibc declares its vector math variants only under -ffast-math. Declare
 * them here so that vectorised loops call libmvec (_ZGVbN2v_sin at the
 * x86-64 baseline, _ZGVdN4v_sin with AVX2, ...). libmvec has sin, cos,
 * exp, log and pow since glibc 2.22 and the rest since 2.35.
 */
#if defined(HAVE_X86_MULTIVERSION) && !defined(__clang__) && \
    !defined(__FAST_MATH__)
#define VEXPR_VEC	__attribute__((__simd__("notinbranch")))
double	sin(double) VEXPR_VEC;
double	cos(double) VEXPR_VEC;
double	exp(double) VEXPR_VEC;
double	log(double) VEXPR_VEC;
double	pow(double, double) VEXPR_VEC;
#if __GLIBC_PREREQ(2, 35)
double	tan(double) VEXPR_VEC;
double	asin(double) VEXPR_VEC;
double	acos(double) VEXPR_VEC;
double	atan(double) VEXPR_VEC;
double	atan2(double, double) VEXPR_VEC;
double	sinh(double) VEXPR_VEC;
double	cosh(double) VEXPR_VEC;
double	tanh(double) VEXPR_VEC;
double	log10(double) VEXPR_VEC;
#endif
#endif

/*
 * The block loops are compiled once for the build's target and, on
 * x86-64, again for AVX2 and for AVX-512 (x86-64-v4: 8 doubles a vector,
 * libmvec's _ZGVeN8v_* functions), one picked per expression when it is
 * compiled (vexpr_isa): libmvec's AVX2 sin is three times as fast as its
 * SSE2 one, and its AVX-512 one is faster again where the CPU has full
 * 512-bit units. libmvec's variants of a function may differ in their
 * last bits, so the results may differ between CPUs with different
 * vector units; on one machine every worker picks the same. (Clang
 * builds them too, without libmvec: the fuzzers run these loops.)
 */
#ifdef HAVE_X86_MULTIVERSION
#define VEXPR_MULTI
#define VEXPR_T_AVX2	__attribute__((target("avx2")))
#define VEXPR_T_AVX512	\
	__attribute__((target("avx2,avx512f,avx512dq,avx512vl,avx512bw")))
#endif

/*
 * a * b + c rounds twice in muParser: no fused multiply-add in the block
 * loops, even where the build targets FMA (GCC contracts by default).
 */
#if defined(__FMA__) && defined(__GNUC__) && !defined(__clang__)
#define VEXPR_NO_FMA
#endif
#pragma STDC FP_CONTRACT OFF
#if defined(__GNUC__) && !defined(__clang__)
/* AVX-512 brings FMA along: GCC would contract there. */
#pragma GCC optimize("fp-contract=off")
#endif

/* Evaluate one operation on scalars, with muParser's semantics. */
double
vexpr_scalar(int op, double a, double b, double c)
{
	switch (op) {
	case OP_NEG:
		return (-a);
	case OP_SIN:
		return (sin(a));
	case OP_COS:
		return (cos(a));
	case OP_TAN:
		return (tan(a));
	case OP_ASIN:
		return (asin(a));
	case OP_ACOS:
		return (acos(a));
	case OP_ATAN:
		return (atan(a));
	case OP_SINH:
		return (sinh(a));
	case OP_COSH:
		return (cosh(a));
	case OP_TANH:
		return (tanh(a));
	case OP_EXP:
		return (exp(a));
	case OP_LOG:
		return (log(a));
	case OP_LOG10:
		return (log10(a));
	case OP_SQRT:
		return (sqrt(a));
	case OP_ABS:
		return (a >= 0 ? a : -a);
	case OP_SIGN:
		return (a < 0 ? -1.0 : a > 0 ? 1.0 : 0.0);
	case OP_FLOOR:
		return (floor(a));
	case OP_SQRTP:
		return (pow(a, 0.5));
	case OP_RSQRTP:
		return (pow(a, -0.5));
	case OP_ADD:
		return (a + b);
	case OP_SUB:
		return (a - b);
	case OP_MUL:
		return (a * b);
	case OP_DIV:
		return (a / b);
	case OP_POW:
		return (pow(a, b));
	case OP_LT:
		return (a < b);
	case OP_GT:
		return (a > b);
	case OP_LE:
		return (a <= b);
	case OP_GE:
		return (a >= b);
	case OP_EQ:
		return (a == b);
	case OP_NE:
		return (a != b);
	case OP_AND:
		return (a != 0 && b != 0);
	case OP_OR:
		return (a != 0 || b != 0);
	case OP_MIN:
		return (b < a ? b : a);
	case OP_MAX:
		return (a < b ? b : a);
	case OP_ATAN2:
		return (atan2(a, b));
	case OP_SELECT:
		return (a != 0 ? b : c);
	}
	return (NAN);
}

#ifdef VEXPR_NO_FMA
#pragma GCC push_options
#pragma GCC target("no-fma")
#endif

#define VEXPR_U(e) do {							\
	const double	*pa = R[in->a];					\
									\
	VEXPR_SIMD							\
	for (i = 0; i < m; i++) {					\
		double	 a = pa[i];					\
									\
		pd[i] = (e);						\
	}								\
} while (0)

#define VEXPR_B(op, e)							\
	case VI_BIN(op, SH_VV): {					\
		const double	*pa = R[in->a], *pb = R[in->b];		\
									\
		VEXPR_SIMD						\
		for (i = 0; i < m; i++) {				\
			double	 a = pa[i], b = pb[i];			\
									\
			pd[i] = (e);					\
		}							\
		break;							\
	}								\
	case VI_BIN(op, SH_VS): {					\
		const double	*pa = R[in->a], b = S[in->b];		\
									\
		VEXPR_SIMD						\
		for (i = 0; i < m; i++) {				\
			double	 a = pa[i];				\
									\
			pd[i] = (e);					\
		}							\
		break;							\
	}								\
	case VI_BIN(op, SH_SV): {					\
		const double	 a = S[in->a], *pb = R[in->b];		\
									\
		VEXPR_SIMD						\
		for (i = 0; i < m; i++) {				\
			double	 b = pb[i];				\
									\
			pd[i] = (e);					\
		}							\
		break;							\
	}

#define VEXPR_M1(k, bs, cs, e, bdecl, bval, cdecl, cval)		\
	case VI_MAD(k, bs, cs): {					\
		const double	*pa = R[in->a];				\
		bdecl;							\
		cdecl;							\
									\
		VEXPR_SIMD						\
		for (i = 0; i < m; i++) {				\
			double	 p = pa[i] * (bval), c = (cval);	\
									\
			pd[i] = (e);					\
		}							\
		break;							\
	}
#define VEXPR_M(k, e)							\
	VEXPR_M1(k, 0, 0, e, const double *pb = R[in->b], pb[i],	\
	    const double *pc = R[in->c], pc[i])				\
	VEXPR_M1(k, 0, 1, e, const double *pb = R[in->b], pb[i],	\
	    const double sc = S[in->c], sc)				\
	VEXPR_M1(k, 1, 0, e, const double sb = S[in->b], sb,		\
	    const double *pc = R[in->c], pc[i])				\
	VEXPR_M1(k, 1, 1, e, const double sb = S[in->b], sb,		\
	    const double sc = S[in->c], sc)

#define VEXPR_F1(f, op, e, fe)						\
	case VI_FN(f, op, SH_VV): {					\
		const double	*pa = R[in->a], *pb = R[in->b];		\
									\
		VEXPR_SIMD						\
		for (i = 0; i < m; i++) {				\
			double	 a = pa[i], b = pb[i], v = (e);		\
									\
			pd[i] = (fe);					\
		}							\
		break;							\
	}								\
	case VI_FN(f, op, SH_VS): {					\
		const double	*pa = R[in->a], b = S[in->b];		\
									\
		VEXPR_SIMD						\
		for (i = 0; i < m; i++) {				\
			double	 a = pa[i], v = (e);			\
									\
			pd[i] = (fe);					\
		}							\
		break;							\
	}								\
	case VI_FN(f, op, SH_SV): {					\
		const double	 a = S[in->a], *pb = R[in->b];		\
									\
		VEXPR_SIMD						\
		for (i = 0; i < m; i++) {				\
			double	 b = pb[i], v = (e);			\
									\
			pd[i] = (fe);					\
		}							\
		break;							\
	}
#define VEXPR_F(f, fe)							\
	VEXPR_F1(f, OP_ADD, a + b, fe)					\
	VEXPR_F1(f, OP_SUB, a - b, fe)					\
	VEXPR_F1(f, OP_MUL, a * b, fe)

/*
 * floor() as loops can vectorise it (GCC does not vectorise floor itself
 * unless -fno-trapping-math): round |v| to an integer by adding and
 * taking away 2^52, put the sign back, step down if that went above v.
 */
static inline double
vexpr_floor(double v)
{
	double	 t = fabs(v), r;

	r = copysign((t + 0x1p52) - 0x1p52, v);
	r = r > v ? r - 1.0 : r;
	return (t < 0x1p52 ? r : v);
}

/*
 * Run a program of array operations over m <= VEXPR_BLOCK points. One
 * switch over every opcode, always inlined into each target clone: a
 * split would cost a call per operation in the innermost loop.
 */
static inline __attribute__((always_inline)) void
vexpr_block_body(double * const *R, const double *S, const struct vexpr_ins *prog,
    int nprog, size_t m)
{
	const struct vexpr_ins	*in, *end = prog + nprog;
	double			*pd;
	size_t			 i;

	for (in = prog; in < end; in++) {
		pd = R[in->d];
		switch (in->op) {
		case VI_BCAST: {
			const double	 s = S[in->a];

			VEXPR_SIMD
			for (i = 0; i < m; i++)
				pd[i] = s;
			break;
		}
		case OP_NEG:
			VEXPR_U(-a);
			break;
		case OP_SIN:
			VEXPR_U(sin(a));
			break;
		case OP_COS:
			VEXPR_U(cos(a));
			break;
		case OP_TAN:
			VEXPR_U(tan(a));
			break;
		case OP_ASIN:
			VEXPR_U(asin(a));
			break;
		case OP_ACOS:
			VEXPR_U(acos(a));
			break;
		case OP_ATAN:
			VEXPR_U(atan(a));
			break;
		case OP_SINH:
			VEXPR_U(sinh(a));
			break;
		case OP_COSH:
			VEXPR_U(cosh(a));
			break;
		case OP_TANH:
			VEXPR_U(tanh(a));
			break;
		case OP_EXP:
			VEXPR_U(exp(a));
			break;
		case OP_LOG:
			VEXPR_U(log(a));
			break;
		case OP_LOG10:
			VEXPR_U(log10(a));
			break;
		case OP_SQRT:
			VEXPR_U(sqrt(a));
			break;
		case OP_ABS:
			VEXPR_U(a >= 0 ? a : -a);
			break;
		case OP_SIGN:
			VEXPR_U(a < 0 ? -1.0 : a > 0 ? 1.0 : 0.0);
			break;
		case OP_FLOOR:
			VEXPR_U(vexpr_floor(a));
			break;
		case OP_SQRTP:
			/* pow(-0, 0.5) is +0, pow(-inf, 0.5) is +inf */
			VEXPR_U(a == -INFINITY ? INFINITY : sqrt(a) + 0.0);
			break;
		case OP_RSQRTP:
			VEXPR_U(a == -INFINITY ? 0.0 : 1.0 / (sqrt(a) + 0.0));
			break;
		case OP_SELECT: {
			const double	*pc = R[in->a], *pa = R[in->b];
			const double	*pb = R[in->c];

			VEXPR_SIMD
			for (i = 0; i < m; i++)
				pd[i] = pc[i] != 0 ? pa[i] : pb[i];
			break;
		}
		VEXPR_F(FF_NEG, -v)
		VEXPR_F(FF_SIN, sin(v))
		VEXPR_F(FF_COS, cos(v))
		VEXPR_F(FF_EXP, exp(v))
		VEXPR_F(FF_LOG, log(v))
		VEXPR_F(FF_SQRT, sqrt(v))
		VEXPR_M(MAD_ADD, p + c)
		VEXPR_M(MAD_SUBL, p - c)
		VEXPR_M(MAD_SUBR, c - p)
		VEXPR_B(OP_ADD, a + b)
		VEXPR_B(OP_SUB, a - b)
		VEXPR_B(OP_MUL, a * b)
		VEXPR_B(OP_DIV, a / b)
		VEXPR_B(OP_POW, pow(a, b))
		VEXPR_B(OP_LT, a < b ? 1.0 : 0.0)
		VEXPR_B(OP_GT, a > b ? 1.0 : 0.0)
		VEXPR_B(OP_LE, a <= b ? 1.0 : 0.0)
		VEXPR_B(OP_GE, a >= b ? 1.0 : 0.0)
		VEXPR_B(OP_EQ, a == b ? 1.0 : 0.0)
		VEXPR_B(OP_NE, a != b ? 1.0 : 0.0)
		VEXPR_B(OP_AND, ((a != 0) & (b != 0)) ? 1.0 : 0.0)
		VEXPR_B(OP_OR, ((a != 0) | (b != 0)) ? 1.0 : 0.0)
		VEXPR_B(OP_MIN, b < a ? b : a)
		VEXPR_B(OP_MAX, a < b ? b : a)
		VEXPR_B(OP_ATAN2, atan2(a, b))
		}
	}
}

/* The block program's loops, once per instruction set. */
static __attribute__((noinline)) void
vexpr_block_base(double * const *R, const double *S,
    const struct vexpr_ins *prog, int nprog, size_t m)
{
	vexpr_block_body(R, S, prog, nprog, m);
}

#ifdef VEXPR_MULTI
static VEXPR_T_AVX2 __attribute__((noinline)) void
vexpr_block_avx2(double * const *R, const double *S,
    const struct vexpr_ins *prog, int nprog, size_t m)
{
	vexpr_block_body(R, S, prog, nprog, m);
}

static VEXPR_T_AVX512 __attribute__((noinline)) void
vexpr_block_avx512(double * const *R, const double *S,
    const struct vexpr_ins *prog, int nprog, size_t m)
{
	vexpr_block_body(R, S, prog, nprog, m);
}
#endif

static const char *const vexpr_isa_names[] = { "base", "avx2", "avx512" };
static int	 vexpr_isa_cap = -1;	/* -1: PINT_SIMD, read once */

int
vexpr_isa_cpu(void)
{
#ifdef VEXPR_MULTI
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx512f") &&
	    __builtin_cpu_supports("avx512dq") &&
	    __builtin_cpu_supports("avx512vl") &&
	    __builtin_cpu_supports("avx512bw"))
		return (VEXPR_ISA_AVX512);
	if (__builtin_cpu_supports("avx2"))
		return (VEXPR_ISA_AVX2);
#endif
	return (VEXPR_ISA_BASE);
}

int
vexpr_isa(void)
{
	const char	*env;
	int		 isa = vexpr_isa_cpu();

	if (vexpr_isa_cap < 0) {
		env = getenv("PINT_SIMD");
		vexpr_isa_cap = env == NULL || *env == '\0' ||
		    vexpr_isa_parse(env) < 0 ? VEXPR_ISA_AVX512 :
		    vexpr_isa_parse(env);
	}
	return (isa < vexpr_isa_cap ? isa : vexpr_isa_cap);
}

const char *
vexpr_isa_name(int isa)
{
	return (vexpr_isa_names[isa]);
}

int
vexpr_isa_parse(const char *name)
{
	int	 i;

	for (i = VEXPR_ISA_BASE; i <= VEXPR_ISA_AVX512; i++) {
		if (strcmp(name, vexpr_isa_names[i]) == 0)
			return (i);
	}
	return (-1);
}

void
vexpr_isa_limit(int isa)
{
	vexpr_isa_cap = isa;
}

void
vexpr_runtime(struct vexpr *ve)
{
	ve->isa = vexpr_isa();
	switch (ve->isa) {
#ifdef VEXPR_MULTI
	case VEXPR_ISA_AVX512:
		ve->block = vexpr_block_avx512;
		break;
	case VEXPR_ISA_AVX2:
		ve->block = vexpr_block_avx2;
		break;
#endif
	default:
		ve->block = vexpr_block_base;
		break;
	}
}

/*
 * Block b of the bound x (VEXPR_BLOCK points from b * VEXPR_BLOCK, fewer
 * in the last), with the row's scalars in S; the result in out (m values)
 * or, when it is x or a cached value, where it already is. The first time
 * a block is asked for since the bind, the x program runs on it first: its
 * x-only values are stored in the cache while they are still in L1, and
 * later rows only read them. Every evaluation of a block goes through this
 * one function and the expression's one choice of loops, so that their
 * vector widths and their remainders are the same machine code for every
 * caller: the same bits.
 */
static const double *
vexpr_run_block(struct vexpr *ve, const double *S, size_t b, double *out)
{
	size_t	 off = b * VEXPR_BLOCK, m = ve->bn - off;
	int	 k, first = !(ve->xblocks & (UINT32_C(1) << b));

	if (m > VEXPR_BLOCK)
		m = VEXPR_BLOCK;
	switch (ve->result) {
	case RES_SLOT:
		for (k = 0; k < (int)m; k++)
			out[k] = S[ve->rslot];
		return (out);
	case RES_X:
		return (ve->bx + off);
	}
	ve->reg[REG_X] = (double *)(uintptr_t)(ve->bx + off);
	ve->reg[REG_OUT] = out;
	for (k = 0; k < ve->ncache; k++)
		ve->reg[REG_CACHE + k] = ve->cache + (size_t)k * VEXPR_CACHESTRIDE +
		    off;
	ve->block(ve->reg, S, first ? ve->ins : ve->ins + ve->nxins,
	    first ? ve->nins : ve->nins - ve->nxins, m);
	ve->xblocks |= UINT32_C(1) << b;
	return (ve->result == RES_CACHE ? ve->cache + off : out);
}

void
vexpr_bind_x(struct vexpr *ve, const double *x, size_t n)
{
	if (n > VEXPR_XMAX)	/* the caller's bug: the cache is smaller */
		abort();
	ve->bx = x;
	ve->bn = n;
	ve->xblocks = 0;
}

size_t
vexpr_row_size(const struct vexpr *ve)
{
	return ((size_t)ve->nslot);
}

/* The row program on scalars: y, z and the constants into S. */
static void
vexpr_row_run(const struct vexpr *ve, double y, double z, double *S)
{
	const struct vexpr_ins	*in;
	int			 k;

	S[SLOT_Y] = y;
	S[SLOT_Z] = z;
	for (k = 0; k < ve->nrins; k++) {
		in = &ve->rins[k];
		S[in->d] = vexpr_scalar(in->op, S[in->a], S[in->b], S[in->c]);
	}
}

void
vexpr_row(const struct vexpr *ve, double y, double z, double *row)
{
	memcpy(row, ve->slot, (size_t)ve->nslot * sizeof *row);
	vexpr_row_run(ve, y, z, row);
}

const double *
vexpr_eval_block(struct vexpr *ve, const double *row, size_t b, double *out)
{
	if (b * VEXPR_BLOCK >= ve->bn)	/* the caller's bug */
		abort();
	return (vexpr_run_block(ve, row, b, out));
}

void
vexpr_eval_bound(struct vexpr *ve, double y, double z, double *out)
{
	const double	*p;
	size_t		 b, off, m, n = ve->bn;

	if (!ve->cached || vexpr_bits(y) != ve->cy ||
	    vexpr_bits(z) != ve->cz) {
		vexpr_row_run(ve, y, z, ve->slot);
		ve->cy = vexpr_bits(y);
		ve->cz = vexpr_bits(z);
		ve->cached = 1;
	}
	for (b = 0, off = 0; off < n; b++, off += m) {
		m = n - off < VEXPR_BLOCK ? n - off : VEXPR_BLOCK;
		p = vexpr_run_block(ve, ve->slot, b, out + off);
		if (p != out + off)
			memmove(out + off, p, m * sizeof *out);
	}
}

void
vexpr_eval_row(struct vexpr *ve, const double *x, size_t n, double y,
    double z, double *out)
{
	size_t	 off, m;

	for (off = 0; off < n; off += m) {
		m = n - off < VEXPR_XMAX ? n - off : VEXPR_XMAX;
		vexpr_bind_x(ve, x + off, m);
		vexpr_eval_bound(ve, y, z, out + off);
	}
	ve->bx = NULL;
	ve->bn = 0;
}

#ifdef VEXPR_NO_FMA
#pragma GCC pop_options
#endif
