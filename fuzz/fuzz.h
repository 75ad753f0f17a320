/*
 * fuzz: what the libFuzzer harnesses do with one input, shared with the
 * corpus replay that make check runs, so both take the same code paths.
 */
#ifndef PINT_FUZZ_H
#define PINT_FUZZ_H

#include <stddef.h>
#include <stdint.h>

/*
 * Run one input through the task loader or the expression compiler.
 * Return 0, or -1 with *why (static text) when an invariant the harness
 * checks does not hold. Crashes, leaks and sanitizer reports are left to
 * the sanitizers.
 */
int	 fuzz_task_one(const uint8_t *, size_t, const char **);
int	 fuzz_expr_one(const uint8_t *, size_t, const char **);

/*
 * Compile the expression with muParser and with vexpr and compare them on
 * rows of points; -1 with *why when they disagree beyond rounding.
 */
int	 fuzz_diff_one(const uint8_t *, size_t, const char **);

/* fuzz_expr's task: the expression, dims axes over [-2, 3], constants. */
struct task;
int	 fuzz_expr_task(struct task *, const char *, int);
char	*fuzz_expr_text(const uint8_t *, size_t, int *);

#endif
