/*
 * fuzz_task: libFuzzer harness for the task loader. The input is a task
 * file: it is loaded, finished and, when that succeeds, turned into a
 * grid whose first and last chunk and point are computed, as the parent
 * does before forking. Everything is freed, so LeakSanitizer can tell.
 *
 * Besides crashes, it checks that a load error names the source with a
 * line and column, and that a finished task's grid is sane.
 */
#include "config.h"

#include "fuzz.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quad.h"
#include "task.h"

#define FUZZ_SOURCE	"<fuzz>"

/* Does a load error start with "<fuzz>:LINE:COL: "? */
static int
fuzz_task_located(const char *cause)
{
	const char	*s = cause;
	size_t		 n = strlen(FUZZ_SOURCE);
	int		 i;

	if (strncmp(s, FUZZ_SOURCE ":", n + 1) != 0)
		return 0;
	s += n + 1;
	for (i = 0; i < 2; i++) {
		if (!isdigit((unsigned char)*s) || *s == '0')
			return 0;
		while (isdigit((unsigned char)*s))
			s++;
		if (*s++ != ':')
			return 0;
	}
	return *s == ' ';
}

static int
fuzz_task_grid(const struct task *t, const char **why)
{
	struct grid	 g;
	char		*cause = NULL;
	uint64_t	 first, count;
	double		 p[3];
	int		 i;

	for (i = 0; i < t->dims; i++) {
		const struct task_axis	*a = &t->axis[i];

		if (!(a->lo < a->hi) || a->nodes == 0 || !(a->h > 0) ||
		    !isfinite(a->h)) {
			*why = "finished task has a bad axis";
			return -1;
		}
	}
	if (t->dims < 1 || t->dims > TASK_MAXDIM || t->points == 0) {
		*why = "finished task has no points";
		return -1;
	}
	if (quad_grid(&g, t, &cause) != 0) {
		free(cause);
		return 0;
	}
	if (g.nchunks == 0 || g.chunk_rows == 0 || g.rows == 0) {
		*why = "grid has no chunks";
		return -1;
	}
	quad_chunk_rows(&g, g.nchunks - 1, &first, &count);
	if (count == 0 || first + count != g.rows) {
		*why = "last chunk does not end the grid";
		return -1;
	}
	quad_point(&g, 0, 0, p);
	quad_point(&g, g.rows - 1, (g.n[0] - 1) % QUAD_SEGMENT, p);
	for (i = 0; i < g.dims; i++) {
		if (!isfinite(p[i]) || quad_weight(&g, i, g.n[i] - 1) <= 0) {
			*why = "last grid point is not finite";
			return -1;
		}
	}
	return 0;
}

int
fuzz_task_one(const uint8_t *data, size_t size, const char **why)
{
	struct task	 t;
	char		*cause = NULL;
	int		 rc = 0;

	task_init(&t);
	if (task_load_buffer(&t, (const char *)data, size, FUZZ_SOURCE,
	    &cause) != 0) {
		if (cause == NULL || !fuzz_task_located(cause)) {
			*why = "load error without file:line:col";
			rc = -1;
		}
	} else if (cause != NULL) {
		*why = "cause set on success";
		rc = -1;
	} else if (task_finish(&t, &cause) == 0)
		rc = fuzz_task_grid(&t, why);
	else if (cause == NULL) {
		*why = "task_finish failed without a cause";
		rc = -1;
	}
	free(cause);
	task_free(&t);
	return rc;
}

#ifndef PINT_REPLAY
int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char	*why = NULL;

	if (fuzz_task_one(data, size, &why) != 0) {
		fprintf(stderr, "fuzz_task: %s\n", why);
		abort();
	}
	return 0;
}
#endif
