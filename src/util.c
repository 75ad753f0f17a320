/*
 * util: allocation that dies on failure (exit 3, out of resources),
 * messages on stderr and monotonic clocks.
 */
#include "config.h"

#include "util.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *progname = "pint";
volatile sig_atomic_t stop_signal;

const char *
sig_name(int sig)
{
	static _Thread_local char	 buf[32];
	const char			*abbrev = sigabbrev_np(sig);

	if (abbrev != NULL)
		snprintf(buf, sizeof buf, "SIG%s", abbrev);
	else
		snprintf(buf, sizeof buf, "signal %d", sig);
	return buf;
}

static void
oom(void)
{
	static const char msg[] = "pint: out of memory\n";

	/* No stdio: the heap is exhausted. */
	if (write(2, msg, sizeof msg - 1) < 0) {
		/* nothing more to do */
	}
	_exit(EXIT_RESOURCE);
}

void *
xmalloc(size_t n)
{
	void	*p;

	if (n == 0)
		n = 1;
	if ((p = malloc(n)) == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	if (n == 0)
		n = 1;
	if ((p = realloc(p, n)) == NULL)
		oom();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		oom();
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int
xvasprintf(char **ret, const char *fmt, va_list ap)
{
	int	 n;

	if ((n = vasprintf(ret, fmt, ap)) < 0)
		oom();
	return n;
}

int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(ret, fmt, ap);
	va_end(ap);
	return n;
}

static int in_worker;

static char	*escape(const char *, int);

void
util_enter_worker(void)
{
	in_worker = 1;
}

/* In a worker: one write(2) of the message, no stdio. */
static void
vmsg_worker(const char *prefix, const char *fmt, va_list ap)
{
	char	 buf[512];
	int	 n, m;

	n = snprintf(buf, sizeof buf, "%s: %s", progname, prefix);
	if (n < 0 || (size_t)n >= sizeof buf)
		return;
	m = vsnprintf(buf + n, sizeof buf - (size_t)n - 1, fmt, ap);
	if (m < 0)
		return;
	n += m;
	if ((size_t)n > sizeof buf - 2)
		n = (int)sizeof buf - 2;
	for (m = 0; m < n; m++) {
		if ((unsigned char)buf[m] < 0x20 || buf[m] == 0x7f)
			buf[m] = '?';	/* no allocation here: inert */
	}
	buf[n++] = '\n';
	if (write(2, buf, (size_t)n) < 0) {
		/* nothing more to do */
	}
}

/*
 * "pint: " prefix, the message, a newline; stdout flushed first. The
 * message quotes paths, options and environment values as given: every
 * unsafe character and invalid byte in it is escaped (as str_escape does,
 * backslashes kept single, so that text a message quotes already escaped
 * reads the same), and it reaches the terminal as one inert line.
 */
int
sigpipe_hold(sigset_t *old)
{
	sigset_t	 pipe;

	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	return pthread_sigmask(SIG_BLOCK, &pipe, old) == 0 ? 0 : -1;
}

void
sigpipe_release(const sigset_t *old)
{
	sigset_t	 pipe, pending;
	struct timespec	 now = { 0, 0 };

	/* A reader that went away: EPIPE said so; drop its signal. */
	sigemptyset(&pipe);
	sigaddset(&pipe, SIGPIPE);
	if (sigpending(&pending) == 0 &&
	    sigismember(&pending, SIGPIPE) == 1 &&
	    !sigismember(old, SIGPIPE))
		sigtimedwait(&pipe, NULL, &now);
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

static void
vmsg(const char *prefix, const char *fmt, va_list ap)
{
	char		*msg, *safe;
	sigset_t	 old;
	int		 held;

	if (in_worker) {
		vmsg_worker(prefix, fmt, ap);
		return;
	}
	fflush(stdout);
	xvasprintf(&msg, fmt, ap);
	safe = escape(msg, 0);
	/* A message nobody can read is lost; it never ends the run. */
	held = sigpipe_hold(&old) == 0;
	fprintf(stderr, "%s: %s%s\n", progname, prefix, safe);
	if (held)
		sigpipe_release(&old);
	free(safe);
	free(msg);
}

void
warnmsg(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
}

int warnings_off;

void
warning(const char *fmt, ...)
{
	va_list	 ap;

	if (warnings_off)
		return;
	va_start(ap, fmt);
	vmsg("warning: ", fmt, ap);
	va_end(ap);
}

void
fatalmsg(int status, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vmsg("", fmt, ap);
	va_end(ap);
	if (in_worker)
		_exit(status);
	exit(status);
}

int
utf8_decode(const char *s, uint32_t *cp)
{
	const unsigned char	*p = (const unsigned char *)s;
	uint32_t		 c, min;
	int			 n, i;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
		c = p[0] & 0x1f;
		min = 0x80;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		c = p[0] & 0x0f;
		min = 0x800;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		c = p[0] & 0x07;
		min = 0x10000;
	} else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

int
char_unsafe(uint32_t c)
{
	return c < 0x20 || (c >= 0x7f && c <= 0x9f) ||
	    (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
	    c == 0x2028 || c == 0x2029;
}

/* str_escape's work; backslash: double a backslash. */
static char *
escape(const char *s, int backslash)
{
	char		*out, *p;
	uint32_t	 c;
	size_t		 i;
	int		 n;

	p = out = xreallocarray(NULL, strlen(s) + 1, 4);
	for (i = 0; s[i] != '\0'; i += n) {
		if ((n = utf8_decode(s + i, &c)) == 0) {
			p += sprintf(p, "\\x%02x", (unsigned char)s[i]);
			n = 1;
		} else if (c < 0x80 && char_unsafe(c))
			p += sprintf(p, "\\x%02x", c);
		else if (char_unsafe(c))
			p += sprintf(p, "\\u%04x", c);
		else if (c == '\\' && backslash) {
			*p++ = '\\';
			*p++ = '\\';
		} else {
			memcpy(p, s + i, n);
			p += n;
		}
	}
	*p = '\0';
	return out;
}

char *
str_escape(const char *s)
{
	return escape(s, 1);
}

double
now_s(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

uint64_t
now_ns(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int
parse_double(const char *s, double *out)
{
	char	*end;
	double	 v;

	if (*s == '\0' || strlen(s) > 64)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end != '\0' || !isfinite(v))
		return -1;
	/* ERANGE: too large, or too small to be other than 0; subnormal is fine. */
	if (errno == ERANGE && (v == 0 || fabs(v) >= DBL_MIN))
		return -1;
	*out = v;
	return 0;
}

int
parse_u64(const char *s, uint64_t *out)
{
	char			*end;
	unsigned long long	 v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end != '\0' || errno == ERANGE)
		return -1;
	*out = v;
	return 0;
}
