/*
 * procfs: /proc/stat and /proc/PID/stat, parsed from fixed buffers.
 *
 * Nothing here allocates or uses stdio: the sampler thread calls these
 * while the main thread may fork. Numbers are read by hand with a width
 * limit, fields the kernel added late default to 0, and counters are
 * compared by saturating subtraction (a CPU that went offline and back
 * restarts its counters).
 */
#include "config.h"

#include "procfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "readfile.h"

#define PROCFS_STAT_FIELDS	10	/* user .. guest_nice */
#define PROCFS_STAT_MIN		4	/* user nice system idle */
#define PROCFS_STAT_LINE	256	/* longest cpuN line, with room */
#define PROCFS_U64_DIGITS	20
#define PROCFS_CPUID_DIGITS	7

void
procfs_units(struct procfs_units *u)
{
	u->clk_tck = sysconf(_SC_CLK_TCK);
	if (u->clk_tck <= 0)
		u->clk_tck = 100;
	u->page_size = sysconf(_SC_PAGESIZE);
	if (u->page_size <= 0)
		u->page_size = 4096;
}

double
procfs_ticks_s(const struct procfs_units *u, uint64_t ticks)
{
	return (double)ticks / (double)u->clk_tck;
}

uint64_t
procfs_pages_kib(const struct procfs_units *u, uint64_t pages)
{
	return pages * (uint64_t)(u->page_size / 1024);
}

uint64_t
procfs_sub(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

uint64_t
procfs_cpu_busy(const struct procfs_cpu *c)
{
	return c->user + c->nice + c->system + c->irq + c->softirq;
}

uint64_t
procfs_cpu_idle(const struct procfs_cpu *c)
{
	return c->idle + c->iowait + c->steal;
}

void
procfs_cpu_delta(const struct procfs_cpu *now, const struct procfs_cpu *then,
    uint64_t *busy, uint64_t *idle)
{
	*busy = procfs_sub(now->user, then->user) +
	    procfs_sub(now->nice, then->nice) +
	    procfs_sub(now->system, then->system) +
	    procfs_sub(now->irq, then->irq) +
	    procfs_sub(now->softirq, then->softirq);
	*idle = procfs_sub(now->idle, then->idle) +
	    procfs_sub(now->iowait, then->iowait) +
	    procfs_sub(now->steal, then->steal);
}

int
procfs_cpus_delta(const struct procfs_stat *now,
    const struct procfs_stat *then, const int *list, int n,
    struct procfs_delta *d)
{
	uint64_t	 b, i;
	int		 k, c;

	memset(d, 0, sizeof *d);
	for (k = 0; k < n; k++) {
		c = list[k];
		if (c < 0 || c >= now->maxcpu || c >= then->maxcpu ||
		    !now->cpu[c].online || !then->cpu[c].online)
			break;
	}
	if (n <= 0 || k < n) {
		/* A listed CPU's line is missing: the machine's. */
		procfs_cpu_delta(&now->all, &then->all, &d->busy, &d->idle);
		d->steal = procfs_sub(now->all.steal, then->all.steal);
		return now->nonline;
	}
	for (k = 0; k < n; k++) {
		c = list[k];
		procfs_cpu_delta(&now->cpu[c], &then->cpu[c], &b, &i);
		d->busy += b;
		d->idle += i;
		d->steal += procfs_sub(now->cpu[c].steal, then->cpu[c].steal);
	}
	return n;
}

/* An unsigned decimal of at most maxdigits digits at *pp, advancing *pp. */
static int
procfs_number(const char **pp, const char *end, int maxdigits, uint64_t *out)
{
	const char	*p = *pp;
	uint64_t	 v = 0;
	unsigned	 d;
	int		 n = 0;

	while (p < end && *p >= '0' && *p <= '9') {
		d = (unsigned)(*p - '0');
		if (++n > maxdigits || v > (UINT64_MAX - d) / 10)
			return -1;
		v = v * 10 + d;
		p++;
	}
	if (n == 0)
		return -1;
	*pp = p;
	*out = v;
	return 0;
}

/* The counters after "cpu" or "cpuN" up to end (the end of the line). */
static int
procfs_cpu_line(const char *p, const char *end, struct procfs_cpu *c)
{
	uint64_t	 v[PROCFS_STAT_FIELDS];
	int		 n;

	for (n = 0; n < PROCFS_STAT_FIELDS; n++) {
		while (p < end && *p == ' ')
			p++;
		if (p == end)
			break;
		if (procfs_number(&p, end, PROCFS_U64_DIGITS, &v[n]) != 0)
			return -1;
		if (p < end && *p != ' ')
			return -1;
	}
	if (n < PROCFS_STAT_MIN)
		return -1;
	for (; n < PROCFS_STAT_FIELDS; n++)
		v[n] = 0;

	c->user = v[0];
	c->nice = v[1];
	c->system = v[2];
	c->idle = v[3];
	c->iowait = v[4];
	c->irq = v[5];
	c->softirq = v[6];
	c->steal = v[7];
	c->guest = v[8];
	c->guest_nice = v[9];
	c->online = 1;
	return 0;
}

/*
 * Parse /proc/stat text; *ended says whether a line other than a cpu
 * line followed the cpu lines, that is, whether they were all there.
 */
static int
procfs_stat_lines(const char *buf, size_t len, struct procfs_stat *st,
    int *ended)
{
	const char		*p = buf, *end = buf + len, *eol, *next;
	struct procfs_cpu	 scratch;
	uint64_t		 id;
	int			 seen = 0;

	memset(&st->all, 0, sizeof st->all);
	if (st->maxcpu > 0)
		memset(st->cpu, 0, (size_t)st->maxcpu * sizeof *st->cpu);
	st->ncpu = st->nonline = 0;
	*ended = 0;

	for (; p < end; p = next) {
		if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
			eol = end;
		next = eol == end ? end : eol + 1;
		if (eol - p < 4 || memcmp(p, "cpu", 3) != 0) {
			if (seen)
				*ended = 1;
			continue;
		}
		p += 3;
		if (*p == ' ') {
			if (procfs_cpu_line(p, eol, &st->all) != 0)
				goto bad;
			seen = 1;
			continue;
		}
		if (procfs_number(&p, eol, PROCFS_CPUID_DIGITS, &id) != 0 ||
		    p == eol || *p != ' ')
			goto bad;
		if (id < (uint64_t)st->maxcpu) {
			if (procfs_cpu_line(p, eol, &st->cpu[id]) != 0)
				goto bad;
		} else if (procfs_cpu_line(p, eol, &scratch) != 0)
			goto bad;
		if ((int)id >= st->ncpu)
			st->ncpu = (int)id + 1;
		st->nonline++;
		seen = 1;
	}
	if (!st->all.online)
		goto bad;
	return 0;

bad:
	errno = EINVAL;
	return -1;
}

int
procfs_parse_stat(const char *buf, size_t len, struct procfs_stat *st)
{
	int	 ended;

	return procfs_stat_lines(buf, len, st, &ended);
}

/* The space-separated field at *pp: from *start to the new *pp. */
static int
procfs_field(const char **pp, const char *end, const char **start)
{
	const char	*p = *pp;

	if (p == end || *p != ' ')
		return -1;
	*start = ++p;
	while (p < end && *p != ' ' && *p != '\n')
		p++;
	if (p == *start)
		return -1;
	*pp = p;
	return 0;
}

/* A field that must be all digits. */
static int
procfs_field_u64(const char *start, const char *stop, uint64_t *out)
{
	const char	*p = start;

	if (procfs_number(&p, stop, PROCFS_U64_DIGITS, out) != 0 || p != stop)
		return -1;
	return 0;
}

int
procfs_parse_pidstat(const char *buf, size_t len, struct procfs_pidstat *ps)
{
	const char	*p = buf, *end = buf + len, *name, *close, *f;
	uint64_t	 v;
	size_t		 n;
	int		 field;

	memset(ps, 0, sizeof *ps);
	ps->processor = -1;

	if (procfs_number(&p, end, PROCFS_U64_DIGITS, &v) != 0 || v > INT_MAX)
		goto bad;
	ps->pid = (pid_t)v;
	if (end - p < 2 || p[0] != ' ' || p[1] != '(')
		goto bad;
	name = p + 2;

	/*
	 * The name may hold spaces, parentheses and even newlines; nothing
	 * after it can hold a ')', so it ends at the last one.
	 */
	for (close = end; close > name && close[-1] != ')'; close--)
		/* nothing */;
	if (close == name)
		goto bad;
	close--;
	n = (size_t)(close - name);
	if (n > PROCFS_COMM_MAX)
		n = PROCFS_COMM_MAX;
	memcpy(ps->comm, name, n);
	ps->comm[n] = '\0';

	p = close + 1;
	for (field = 3; field <= 39; field++) {
		if (procfs_field(&p, end, &f) != 0)
			break;
		switch (field) {
		case 3:
			if (p - f != 1)
				goto bad;
			ps->state = *f;
			continue;
		case 10:
		case 12:
		case 14:
		case 15:
		case 20:
		case 24:
		case 39:
			break;
		default:
			continue;	/* signed or unused: not read */
		}
		if (procfs_field_u64(f, p, &v) != 0)
			goto bad;
		switch (field) {
		case 10:
			ps->minflt = v;
			break;
		case 12:
			ps->majflt = v;
			break;
		case 14:
			ps->utime = v;
			break;
		case 15:
			ps->stime = v;
			break;
		case 20:
			ps->num_threads = v > LONG_MAX ? LONG_MAX : (long)v;
			break;
		case 24:
			ps->rss = v;
			break;
		case 39:
			ps->processor = v > INT_MAX ? -1 : (int)v;
			break;
		}
	}
	/* Fields up to rss (24) are in every kernel pint runs on. */
	if (field <= 24)
		goto bad;
	return 0;

bad:
	errno = EINVAL;
	return -1;
}

size_t
procfs_stat_bufsz(int maxcpu)
{
	if (maxcpu < 1)
		maxcpu = 1;
	return ((size_t)maxcpu + 1) * PROCFS_STAT_LINE + 1024;
}

/* Append s to dst at *off, NUL-terminated; -1 if it does not fit. */
static int
procfs_append(char *dst, size_t size, size_t *off, const char *s)
{
	size_t	 n = strlen(s);

	if (n >= size - *off)
		return -1;
	memcpy(dst + *off, s, n + 1);
	*off += n;
	return 0;
}

/* ROOT/PID/LEAF, or ROOT/LEAF when pid is 0 and self is 0. */
static int
procfs_path(char *dst, size_t size, const char *root, pid_t pid, int self,
    const char *leaf)
{
	char	 digits[16], *d;
	size_t	 off = 0;

	if (procfs_append(dst, size, &off, root) != 0)
		goto toolong;
	if (self) {
		if (procfs_append(dst, size, &off, "/self") != 0)
			goto toolong;
	} else if (pid > 0) {
		d = digits + sizeof digits;
		*--d = '\0';
		do {
			*--d = (char)('0' + pid % 10);
			pid /= 10;
		} while (pid != 0);
		*--d = '/';
		if (procfs_append(dst, size, &off, d) != 0)
			goto toolong;
	}
	if (procfs_append(dst, size, &off, "/") != 0 ||
	    procfs_append(dst, size, &off, leaf) != 0)
		goto toolong;
	return 0;

toolong:
	errno = ENAMETOOLONG;
	return -1;
}

/*
 * Read a whole file into buf (NUL-terminated); *full is 1 if more was
 * left than buf could hold.
 */
static int
procfs_slurp(const char *path, char *buf, size_t size, size_t *len, int *full)
{
	ssize_t	 n;

	if (size < 2) {
		errno = ENOBUFS;
		return -1;
	}
	if ((n = readfile(path, buf, size, full)) == -1)
		return -1;
	*len = (size_t)n;
	return 0;
}

int
procfs_read_stat(const char *root, char *buf, size_t size,
    struct procfs_stat *st)
{
	char	 path[PATH_MAX];
	size_t	 len;
	int	 full, ended;

	if (procfs_path(path, sizeof path, root, 0, 0, "stat") != 0 ||
	    procfs_slurp(path, buf, size, &len, &full) != 0)
		return -1;
	if (full) {
		/* Keep whole lines: what was cut is past the cpu lines. */
		while (len > 0 && buf[len - 1] != '\n')
			len--;
	}
	if (procfs_stat_lines(buf, len, st, &ended) != 0)
		return -1;
	if (full && !ended) {
		errno = ENOBUFS;
		return -1;
	}
	return 0;
}

int
procfs_read_pidstat(const char *root, pid_t pid, char *buf, size_t size,
    struct procfs_pidstat *ps)
{
	char	 path[PATH_MAX];
	size_t	 len;
	int	 full;

	if (procfs_path(path, sizeof path, root, pid, pid <= 0, "stat") != 0 ||
	    procfs_slurp(path, buf, size, &len, &full) != 0)
		return -1;
	if (full) {
		errno = ENOBUFS;
		return -1;
	}
	return procfs_parse_pidstat(buf, len, ps);
}
