/*
 * util: allocation that dies on failure (exit 3, out of resources),
 * messages on stderr and monotonic clocks.
 */
#include "config.h"

#include "util.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *progname = "pint";

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
	buf[n++] = '\n';
	if (write(2, buf, (size_t)n) < 0) {
		/* nothing more to do */
	}
}

/* "pint: " prefix, the message, a newline; stdout flushed first. */
static void
vmsg(const char *prefix, const char *fmt, va_list ap)
{
	if (in_worker) {
		vmsg_worker(prefix, fmt, ap);
		return;
	}
	fflush(stdout);
	fprintf(stderr, "%s: %s", progname, prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
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

char *
str_escape(const char *s)
{
	char	*out, *p;
	size_t	 i;

	p = out = xreallocarray(NULL, strlen(s) + 1, 4);
	for (i = 0; s[i] != '\0'; i++) {
		unsigned char	 c = (unsigned char)s[i];

		if (c < 0x20 || c == 0x7f)
			p += sprintf(p, "\\x%02x", c);
		else if (c == '\\') {
			*p++ = '\\';
			*p++ = '\\';
		} else
			*p++ = (char)c;
	}
	*p = '\0';
	return out;
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
