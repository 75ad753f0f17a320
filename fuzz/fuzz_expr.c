/*
 * fuzz_expr: libFuzzer harness for the expression compiler. The first
 * byte picks the task's dimensions ('1', '2' or '3', or any byte modulo
 * 3), the rest is the expression, cut a little past pint's length limit
 * and NUL-terminated. It is checked as the parent checks it, compiled
 * with muParser, and evaluated at corners, the middle and zero of the
 * domain and along a short row, as workers evaluate it: muParser 2.3.3
 * has inputs that crash it, and every one that passes expr_check_text is
 * a construct pint must refuse there.
 */
#include "config.h"

#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "task.h"
#include "util.h"

#define FUZZ_EXPR_CUT	(EXPR_MAXLEN + 64)	/* bytes of expression kept */
#define FUZZ_ROW	8			/* points of the row evaluated */

/* Constants the expression may name, as a task file could define them. */
static const struct {
	const char	*name;
	double		 value;
} fuzz_consts[] = {
	{ "a", 1.5 },
	{ "k", -3 },
	{ "big", 1e300 },
};

/*
 * The box [-2, 3]^dims, 5 points per axis, and the constants above.
 * fuzz_diff builds its tasks here too.
 */
int
fuzz_expr_task(struct task *t, const char *s, int dims)
{
	char		*cause = NULL;
	size_t		 i;
	int		 d;

	task_init(t);
	task_set_expression(t, s, "-e");
	for (d = 0; d < dims; d++) {
		t->axis[d].set = 1;
		t->axis[d].lo = -2;
		t->axis[d].hi = 3;
		t->axis[d].points = 5;
	}
	for (i = 0; i < sizeof fuzz_consts / sizeof fuzz_consts[0]; i++) {
		snprintf(t->consts[i].name, sizeof t->consts[i].name, "%s",
		    fuzz_consts[i].name);
		t->consts[i].value = fuzz_consts[i].value;
		t->nconsts++;
	}
	if (task_finish(t, &cause) != 0) {
		free(cause);
		task_free(t);
		return -1;
	}
	return 0;
}

static void
fuzz_expr_eval(struct expr *e, int dims)
{
	static const double	 at[] = { -2, 3, 0.5, 0, -0.5, 1 };
	double			 x[FUZZ_ROW], out[FUZZ_ROW];
	volatile double		 sink = 0;
	size_t			 i, j;

	for (i = 0; i < sizeof at / sizeof at[0]; i++) {
		j = (i + 1) % (sizeof at / sizeof at[0]);
		sink += expr_eval_point(e, at[i], dims > 1 ? at[j] : 0,
		    dims > 2 ? at[i] : 0);
	}
	for (i = 0; i < FUZZ_ROW; i++)
		x[i] = -2 + 5 * (i + 0.5) / FUZZ_ROW;
	expr_eval_row(e, x, FUZZ_ROW, dims > 1 ? 0.25 : 0, dims > 2 ? -1 : 0,
	    out);
	for (i = 0; i < FUZZ_ROW; i++)
		sink += out[i];
	(void)sink;
}

/*
 * An input as the expression harnesses read it: the first byte picks the
 * dimensions, the rest (cut to FUZZ_EXPR_CUT bytes) is the text. NULL for
 * an empty input; else an allocated string.
 */
char *
fuzz_expr_text(const uint8_t *data, size_t size, int *dims)
{
	size_t	 n;
	char	*s;

	if (size == 0)
		return NULL;
	if (data[0] >= '1' && data[0] <= '3')
		*dims = data[0] - '0';
	else
		*dims = 1 + data[0] % 3;
	n = size - 1;
	if (n > FUZZ_EXPR_CUT)
		n = FUZZ_EXPR_CUT;
	s = xmalloc(n + 1);
	memcpy(s, data + 1, n);
	s[n] = '\0';
	return s;
}

int
fuzz_expr_one(const uint8_t *data, size_t size, const char **why)
{
	struct task	 t;
	struct expr	*e;
	char		*s, *cause = NULL;
	size_t		 pos;
	int		 dims, rc = 0;

	if ((s = fuzz_expr_text(data, size, &dims)) == NULL)
		return 0;

	if (expr_check_text(s, &pos, &cause) != 0) {
		if (cause == NULL || pos > strlen(s)) {
			*why = "text check failed without a cause or position";
			rc = -1;
		}
		goto out;
	}
	if (cause != NULL) {
		*why = "text check set a cause on success";
		rc = -1;
		goto out;
	}
	if (fuzz_expr_task(&t, s, dims) != 0) {
		*why = "task_finish refused a text expr_check_text accepted";
		rc = -1;
		goto out;
	}
	if ((e = expr_compile(&t, ENGINE_MUPARSER, 0, &cause)) != NULL) {
		fuzz_expr_eval(e, dims);
		expr_free(e);
	} else if (cause == NULL) {
		*why = "compile failed without a cause";
		rc = -1;
	}
	task_free(&t);
out:
	free(cause);
	free(s);
	return rc;
}

#if !defined(PINT_REPLAY) && !defined(PINT_FUZZ_DIFF)
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*why = NULL;

	if (fuzz_expr_one(data, size, &why) != 0) {
		fprintf(stderr, "fuzz_expr: %s\n", why);
		abort();
	}
	return 0;
}
#endif
