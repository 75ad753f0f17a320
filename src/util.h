/*
 * util: the one place that allocates and dies on failure, plus small
 * helpers for messages and clocks shared by every module.
 */
#ifndef PINT_UTIL_H
#define PINT_UTIL_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>

/* Exit statuses, as documented in pint(1). */
#define EXIT_OK		0
#define EXIT_RUNFAIL	1	/* worker failures, non-finite integral */
#define EXIT_USAGE	2	/* bad invocation or invalid task */
#define EXIT_RESOURCE	3	/* fork, shared memory, memory */

extern const char *progname;

/*
 * The signal (SIGINT, SIGTERM, SIGHUP) that asked pint to stop, 0 until
 * one does: set by main's handlers, read by every wait that must end then
 * (the pool, MPI, gnuplot, compare's and check's reads).
 */
extern volatile sig_atomic_t stop_signal;

/*
 * A signal as every message writes it: "SIGTERM", or "signal 42" for one
 * without a name (a buffer of the calling thread's, until its next call).
 */
const char *sig_name(int);

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 xvasprintf(char **, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));

/* Print "pint: message" on stderr. */
/*
 * SIGPIPE held while this thread writes to a stream whose reader may go
 * away (a FIFO, standard error piped to head): the write fails with
 * EPIPE instead. sigpipe_hold blocks it (0, or -1 when it could not);
 * sigpipe_release drops one the writes raised and restores the mask.
 */
int	 sigpipe_hold(sigset_t *);
void	 sigpipe_release(const sigset_t *);

void	 warnmsg(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Print "pint: warning: message" unless warnings are off (-q). */
extern int warnings_off;
void	 warning(const char *, ...) __attribute__((format(printf, 1, 2)));
/*
 * Print "pint: message" and exit with the given status. In a worker (after
 * util_enter_worker) messages bypass stdio and fatalmsg ends with _exit,
 * so no stdio buffer copied from the parent is written twice.
 */
void	 fatalmsg(int, const char *, ...)
	    __attribute__((format(printf, 2, 3), noreturn));
void	 util_enter_worker(void);

/*
 * The code point of the UTF-8 sequence at s: its length (1 to 4), or 0
 * for a byte that does not start a valid, shortest sequence.
 */
int	 utf8_decode(const char *, uint32_t *);
/*
 * Is code point c one that must not reach a terminal, a spreadsheet or a
 * document as it is: C0 and C1 controls, DEL, the bidirectional
 * overrides and isolates (U+202A-U+202E, U+2066-U+2069) that reorder the
 * text shown, and the line and paragraph separators U+2028 and U+2029?
 */
int	 char_unsafe(uint32_t);
/*
 * s with every unsafe character (char_unsafe) and every byte that is not
 * valid UTF-8 written as \xHH (a byte) or \uHHHH (a code point), and a
 * backslash doubled, so that text from a task file or the environment
 * cannot reach a terminal or a document as escape sequences or reordered
 * text. Allocated.
 */
char	*str_escape(const char *);

/* Monotonic time in seconds and in nanoseconds. */
double	 now_s(void);
uint64_t now_ns(void);

/* Parse a finite double / unsigned 64-bit integer filling the whole string. */
int	 parse_double(const char *, double *);
int	 parse_u64(const char *, uint64_t *);

#endif
