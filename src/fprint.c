/*
 * fprint: the fingerprint read from sysfs and procfs. The host's fields
 * and a run's start are read in the main thread; the sensors are read by
 * the sampler thread, so their begin and sample build paths by hand and
 * read with readfile (open/read/close) into buffers of the struct: no
 * stdio, no malloc, no lock a fork() could inherit.
 */
#include "config.h"

#include "fprint.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "readfile.h"
#include "util.h"

#define FP_BUF		256	/* a sysfs value, with room */
#define FP_MAXVALS	6	/* distinct governors told apart */

/* snprintf, where a cut message or name is acceptable. */
static void __attribute__((format(printf, 3, 4)))
fp_snprintf(char *dst, size_t size, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(dst, size, fmt, ap);
	va_end(ap);
}

void
fp_set_str(struct fp_field *f, const char *s)
{
	f->known = 1;
	fp_snprintf(f->str, sizeof f->str, "%s", s);
}

void
fp_set_num(struct fp_field *f, double v)
{
	f->known = 1;
	f->num = v;
}

void
fp_set_why(struct fp_field *f, const char *fmt, ...)
{
	va_list	 ap;

	f->known = 0;
	va_start(ap, fmt);
	vsnprintf(f->why, sizeof f->why, fmt, ap);
	va_end(ap);
}

/* The decimal digits of v, ending at end (exclusive): their start. */
static char *
fp_digits(char *end, unsigned long v)
{
	*--end = '\0';
	do {
		*--end = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	return end;
}

/*
 * dst = the strings given, up to a NULL, concatenated; -1 if they do not
 * fit. No stdio: the sampler thread builds its paths with this.
 */
static int
fp_path(char *dst, size_t size, ...)
{
	va_list		 ap;
	const char	*s;
	size_t		 off = 0, n;

	va_start(ap, size);
	while ((s = va_arg(ap, const char *)) != NULL) {
		n = strlen(s);
		if (n >= size - off) {
			va_end(ap);
			dst[0] = '\0';
			errno = ENAMETOOLONG;
			return -1;
		}
		memcpy(dst + off, s, n + 1);
		off += n;
	}
	va_end(ap);
	return 0;
}

/* A small file's text, trailing white space cut; length or -1, errno. */
static ssize_t
fp_read(const char *path, char *buf, size_t size)
{
	ssize_t	 n;

	if ((n = readfile(path, buf, size, NULL)) < 0)
		return -1;
	while (n > 0 && isspace((unsigned char)buf[n - 1]))
		buf[--n] = '\0';
	return n;
}

/* A file holding one unsigned decimal: 0, or -1 with errno. */
static int
fp_read_u64(const char *path, char *buf, size_t size, uint64_t *v)
{
	const char	*p;
	uint64_t	 x = 0;

	if (fp_read(path, buf, size) < 0)
		return -1;
	for (p = buf; *p == ' '; p++)
		continue;
	if (*p < '0' || *p > '9')
		goto bad;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (x > (UINT64_MAX - 9) / 10)
			goto bad;
		x = x * 10 + (uint64_t)(*p - '0');
	}
	if (*p != '\0')
		goto bad;
	*v = x;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

/* SYS/devices/system/cpu/cpuN/LEAF */
static int
fp_cpu_path(char *dst, size_t size, const char *sys, int cpu, const char *leaf)
{
	char	 d[24];

	return fp_path(dst, size, sys, "/devices/system/cpu/cpu",
	    fp_digits(d + sizeof d, (unsigned long)cpu), "/", leaf, NULL);
}

int
fp_cpulist_has(const char *s, int cpu)
{
	char	*end;
	long	 lo, hi;

	while (*s != '\0') {
		while (*s == ',' || isspace((unsigned char)*s))
			s++;
		if (!isdigit((unsigned char)*s))
			return 0;
		lo = hi = strtol(s, &end, 10);
		s = end;
		if (*s == '-') {
			if (!isdigit((unsigned char)s[1]))
				return 0;
			hi = strtol(s + 1, &end, 10);
			s = end;
		}
		if (cpu >= lo && cpu <= hi)
			return 1;
	}
	return 0;
}

uint64_t
fp_energy_delta(uint64_t now, uint64_t then, uint64_t range)
{
	if (now >= then)
		return now - then;
	/* Wrapped: up to the range, then from 0. */
	if (range > then)
		return range - then + now;
	return now;
}

/*
 * A per-CPU cpufreq file over the usable CPUs, summarised: the value when
 * all agree, else each value with its count.
 */
static void
fp_per_cpu(struct fp_field *f, const struct fp_roots *r, const int *cpus,
    int n, const char *leaf)
{
	char	 path[PATH_MAX], bad[PATH_MAX], buf[FP_BUF];
	char	 vals[FP_MAXVALS][64];
	int	 cnt[FP_MAXVALS], nv = 0, unknown = 0, other = 0, err = 0;
	int	 i, k;
	size_t	 off;

	bad[0] = '\0';
	for (i = 0; i < n; i++) {
		if (fp_cpu_path(path, sizeof path, r->sys, cpus[i], leaf) != 0 ||
		    fp_read(path, buf, sizeof buf) <= 0) {
			if (unknown++ == 0) {
				err = errno;
				fp_snprintf(bad, sizeof bad, "%s", path);
			}
			continue;
		}
		for (k = 0; k < nv && strcmp(vals[k], buf) != 0; k++)
			continue;
		if (k == nv && nv == FP_MAXVALS) {
			other++;
			continue;
		}
		if (k == nv) {
			fp_snprintf(vals[nv], sizeof vals[nv], "%s", buf);
			cnt[nv++] = 0;
		}
		cnt[k]++;
	}
	if (nv == 0) {
		fp_set_why(f, "%s: %s", bad, err != 0 ? readfile_strerror(err) :
		    "empty");
		return;
	}
	if (nv == 1 && unknown == 0 && other == 0) {
		fp_set_str(f, vals[0]);
		return;
	}
	f->known = 1;
	f->str[0] = '\0';
	for (k = 0; k < nv; k++) {
		off = strlen(f->str);
		fp_snprintf(f->str + off, sizeof f->str - off, "%s%s on %d",
		    k ? ", " : "", vals[k], cnt[k]);
	}
	if (other > 0) {
		off = strlen(f->str);
		fp_snprintf(f->str + off, sizeof f->str - off, ", other on %d",
		    other);
	}
	if (unknown > 0) {
		off = strlen(f->str);
		fp_snprintf(f->str + off, sizeof f->str - off, ", unknown on %d",
		    unknown);
	}
}

/* Turbo (boost) from intel_pstate's no_turbo or cpufreq's boost. */
static void
fp_turbo(struct fp_field *f, const struct fp_roots *r)
{
	static const char *const leaf[] = { "intel_pstate/no_turbo",
	    "cpufreq/boost" };
	char		 path[PATH_MAX], buf[FP_BUF];
	uint64_t	 v;
	int		 i;

	/* no_turbo 1 is off; boost 1 is on. */
	for (i = 0; i < 2; i++) {
		v = 0;
		fp_snprintf(path, sizeof path, "%s/devices/system/cpu/%s",
		    r->sys, leaf[i]);
		if (fp_read_u64(path, buf, sizeof buf, &v) == 0 && v <= 1) {
			fp_set_num(f, i == 0 ? v == 0 : v != 0);
			return;
		}
		/* There, but not a 0 or 1: say so, not that it is absent. */
		if (v > 1 || errno == EINVAL) {
			fp_set_why(f, "%s: \"%.40s\" is not 0 or 1", path, buf);
			return;
		}
	}
	fp_set_why(f, "neither %s/devices/system/cpu/intel_pstate/no_turbo "
	    "nor %s: no boost control exposed", r->sys, path);
}

/* SMT on: smt/active. */
static void
fp_smt(struct fp_host *h, const struct fp_roots *r, const int *cpus, int n)
{
	char		 path[PATH_MAX], buf[FP_BUF];
	uint64_t	 v;
	int		 i, k, siblings = 0, read = 0, err = 0;

	fp_snprintf(path, sizeof path, "%s/devices/system/cpu/smt/active",
	    r->sys);
	if (fp_read_u64(path, buf, sizeof buf, &v) == 0)
		fp_set_num(&h->f[FPH_SMT_ACTIVE], v != 0);
	else
		fp_set_why(&h->f[FPH_SMT_ACTIVE], "%s: %s", path,
		    readfile_strerror(errno));
	/* Usable CPUs that share a core with another usable CPU. */
	for (i = 0; i < n; i++) {
		if (fp_cpu_path(path, sizeof path, r->sys, cpus[i],
		    "topology/thread_siblings_list") != 0 ||
		    fp_read(path, buf, sizeof buf) <= 0) {
			if (err == 0)
				err = errno != 0 ? errno : EINVAL;
			continue;
		}
		read++;
		for (k = 0; k < n; k++) {
			if (k != i && fp_cpulist_has(buf, cpus[k])) {
				siblings++;
				break;
			}
		}
	}
	if (read > 0)
		fp_set_num(&h->f[FPH_SMT_SIBLINGS], siblings);
	else
		fp_set_why(&h->f[FPH_SMT_SIBLINGS], "%s/devices/system/cpu/"
		    "cpu%d/topology/thread_siblings_list: %s", r->sys,
		    n > 0 ? cpus[0] : 0, n > 0 ? readfile_strerror(err) :
		    "no usable CPU");
}

/* A CPU list file: "" when none; "(null)" is what some kernels print. */
static void
fp_cpulist_file(struct fp_field *f, const struct fp_roots *r,
    const char *leaf, const char *absent)
{
	char	 path[PATH_MAX], buf[FP_BUF];

	fp_snprintf(path, sizeof path, "%s/devices/system/cpu/%s", r->sys, leaf);
	if (fp_read(path, buf, sizeof buf) < 0) {
		fp_set_why(f, "%s: %s%s", path, readfile_strerror(errno),
		    errno == ENOENT ? absent : "");
		return;
	}
	fp_set_str(f, strcmp(buf, "(null)") == 0 ? "" : buf);
}

/* The selected word of transparent_hugepage/enabled: "[madvise]". */
static void
fp_thp(struct fp_field *f, const struct fp_roots *r)
{
	char	 path[PATH_MAX], buf[FP_BUF], *a, *b;

	fp_snprintf(path, sizeof path, "%s/kernel/mm/transparent_hugepage/"
	    "enabled", r->sys);
	if (fp_read(path, buf, sizeof buf) < 0) {
		fp_set_why(f, "%s: %s", path, readfile_strerror(errno));
		return;
	}
	if ((a = strchr(buf, '[')) == NULL || (b = strchr(a, ']')) == NULL) {
		fp_set_why(f, "%s: no [selected] value in \"%s\"", path, buf);
		return;
	}
	*b = '\0';
	fp_set_str(f, a + 1);
}

static void
fp_aslr(struct fp_field *f, const struct fp_roots *r)
{
	char		 path[PATH_MAX], buf[FP_BUF];
	uint64_t	 v;

	fp_snprintf(path, sizeof path, "%s/sys/kernel/randomize_va_space",
	    r->proc);
	if (fp_read_u64(path, buf, sizeof buf, &v) == 0 && v <= 2)
		fp_set_num(f, (double)v);
	else
		fp_set_why(f, "%s: %s", path, readfile_strerror(errno));
}

/*
 * A hypervisor: x86's cpuinfo flag "hypervisor", or a sysfs hypervisor
 * type (Xen, s390). Without a flags line and a type it cannot be told.
 */
static void
fp_hypervisor(struct fp_field *f, const struct fp_roots *r)
{
	char	 path[PATH_MAX], buf[16384], type[FP_BUF], *line, *eol;
	int	 flags = 0;

	fp_snprintf(path, sizeof path, "%s/hypervisor/type", r->sys);
	if (fp_read(path, type, sizeof type) > 0) {
		fp_set_num(f, 1);
		return;
	}
	fp_snprintf(path, sizeof path, "%s/cpuinfo", r->proc);
	if (readfile(path, buf, sizeof buf, NULL) >= 0) {
		for (line = buf; line != NULL && *line != '\0'; line = eol) {
			if ((eol = strchr(line, '\n')) != NULL)
				*eol++ = '\0';
			if (strncmp(line, "flags", 5) != 0 ||
			    strchr(line, ':') == NULL)
				continue;
			flags = 1;
			strcat(line, " ");
			if (strstr(line, " hypervisor ") != NULL) {
				fp_set_num(f, 1);
				return;
			}
			break;
		}
	}
	if (flags)
		fp_set_num(f, 0);
	else
		fp_set_why(f, "no flags line in %s and no %s/hypervisor/type: "
		    "cannot tell", path, r->sys);
}

/* A field's name and kind. */
struct fp_key {
	const char	*key;
	enum fp_kind	 kind;
};

static const struct fp_key fp_host_keys[FPH_N] = {
	[FPH_GOVERNOR] = { "governor", FP_STR },
	[FPH_DRIVER] = { "cpufreq_driver", FP_STR },
	[FPH_TURBO] = { "turbo", FP_BOOL },
	[FPH_SMT_ACTIVE] = { "smt_active", FP_BOOL },
	[FPH_SMT_SIBLINGS] = { "smt_siblings_usable", FP_INT },
	[FPH_ISOLCPUS] = { "isolcpus", FP_STR },
	[FPH_NOHZ_FULL] = { "nohz_full", FP_STR },
	[FPH_THP] = { "transparent_hugepages", FP_STR },
	[FPH_ASLR] = { "aslr", FP_INT },
	[FPH_CGROUP_QUOTA] = { "cgroup_cpu_quota", FP_NUM },
	[FPH_HYPERVISOR] = { "hypervisor", FP_BOOL },
};

static const struct fp_key fp_cond_keys[FPC_N] = {
	[FPC_LOADAVG] = { "loadavg_1m", FP_NUM },
	[FPC_RUNNABLE] = { "runnable_threads", FP_INT },
	[FPC_MEM_AVAILABLE] = { "memory_available_kib", FP_INT },
	[FPC_STEAL_CPUS] = { "steal_cpus", FP_NUM },
	[FPC_STEAL_FRACTION] = { "steal_fraction", FP_NUM },
	[FPC_FREQ_SPREAD] = { "freq_spread", FP_NUM },
	[FPC_THERMAL_MIN] = { "thermal_min_c", FP_NUM },
	[FPC_THERMAL_MAX] = { "thermal_max_c", FP_NUM },
	[FPC_THROTTLE] = { "throttle_events", FP_INT },
};

/* Fields named, each unknown for the reason why. */
static void
fp_fields_init(struct fp_field *f, const struct fp_key *k, int n,
    const char *why)
{
	int	 i;

	for (i = 0; i < n; i++) {
		f[i].key = k[i].key;
		f[i].kind = k[i].kind;
		fp_set_why(&f[i], "%s", why);
	}
}

void
fp_host_init(struct fp_host *h)
{
	memset(h, 0, sizeof *h);
	fp_fields_init(h->f, fp_host_keys, FPH_N, "not read");
}

void
fp_cond_init(struct fp_cond *c)
{
	memset(c, 0, sizeof *c);
	fp_fields_init(c->f, fp_cond_keys, FPC_N, "not measured");
	fp_snprintf(c->freq_why, sizeof c->freq_why, "not measured");
	fp_snprintf(c->energy.why, sizeof c->energy.why, "not measured");
}

void
fp_host_read(struct fp_host *h, const struct fp_roots *r, const int *cpus,
    int n, double quota)
{
	fp_host_init(h);
	fp_per_cpu(&h->f[FPH_GOVERNOR], r, cpus, n, "cpufreq/scaling_governor");
	fp_per_cpu(&h->f[FPH_DRIVER], r, cpus, n, "cpufreq/scaling_driver");
	fp_turbo(&h->f[FPH_TURBO], r);
	fp_smt(h, r, cpus, n);
	fp_cpulist_file(&h->f[FPH_ISOLCPUS], r, "isolated", "");
	fp_cpulist_file(&h->f[FPH_NOHZ_FULL], r, "nohz_full",
	    " (a kernel without CONFIG_NO_HZ_FULL)");
	fp_thp(&h->f[FPH_THP], r);
	fp_aslr(&h->f[FPH_ASLR], r);
	if (quota > 0)
		fp_set_num(&h->f[FPH_CGROUP_QUOTA], quota);
	else
		fp_set_why(&h->f[FPH_CGROUP_QUOTA], "no CPU quota found in "
		    "the cgroup hierarchy (none set, no cpu controller, or "
		    "its cpu.max or cpu.cfs_quota_us not a count of CPUs)");
	fp_hypervisor(&h->f[FPH_HYPERVISOR], r);
}

/* The sum of the throttle counters of the usable CPUs (Intel only). */
static int
fp_throttle_count(const struct fp_roots *r, const int *cpus, int n,
    uint64_t *sum, char *why, size_t whysize)
{
	char		 path[PATH_MAX], buf[FP_BUF];
	uint64_t	 v, pkg = 0;
	int		 i, read = 0;

	*sum = 0;
	for (i = 0; i < n; i++) {
		if (fp_cpu_path(path, sizeof path, r->sys, cpus[i],
		    "thermal_throttle/core_throttle_count") == 0 &&
		    fp_read_u64(path, buf, sizeof buf, &v) == 0) {
			*sum += v;
			read++;
		} else if (read == 0) {
			fp_snprintf(why, whysize, "%s: %s (thermal_throttle is "
			    "Intel's)", path, readfile_strerror(errno));
			return -1;
		}
		if (fp_cpu_path(path, sizeof path, r->sys, cpus[i],
		    "thermal_throttle/package_throttle_count") == 0 &&
		    fp_read_u64(path, buf, sizeof buf, &v) == 0 && v > pkg)
			pkg = v;
	}
	if (read == 0) {
		fp_snprintf(why, whysize, "no usable CPU");
		return -1;
	}
	*sum += pkg;
	return 0;
}

void
fp_cond_begin(struct fp_cond *c, const struct fp_roots *r, const int *cpus,
    int n)
{
	char		 path[PATH_MAX], buf[4096], *p, *end;
	double		 load;
	long		 run;

	fp_cond_init(c);

	/* "0.52 0.58 0.59 2/345 12345": runnable/all at the 4th. */
	fp_snprintf(path, sizeof path, "%s/loadavg", r->proc);
	if (fp_read(path, buf, sizeof buf) < 0) {
		fp_set_why(&c->f[FPC_LOADAVG], "%s: %s", path, readfile_strerror(errno));
		fp_set_why(&c->f[FPC_RUNNABLE], "%s: %s", path,
		    readfile_strerror(errno));
	} else {
		errno = 0;
		load = strtod(buf, &end);
		/* A load average is finite, and no machine runs 10^9. */
		if (end != buf && isfinite(load) && load >= 0 && load < 1e9)
			fp_set_num(&c->f[FPC_LOADAVG], load);
		else
			fp_set_why(&c->f[FPC_LOADAVG], "%s: no load average "
			    "(a number from 0 to 10^9) in \"%.40s\"", path, buf);
		fp_set_why(&c->f[FPC_RUNNABLE], "%s: no runnable/total "
		    "field in \"%.40s\"", path, buf);
		if ((p = strchr(buf, '/')) != NULL) {
			while (p > buf && isdigit((unsigned char)p[-1]))
				p--;
			errno = 0;
			run = strtol(p, &end, 10);
			/* This thread, reading, is one of them. */
			if (end != p && *end == '/' && errno == 0 &&
			    run <= INT_MAX)
				fp_set_num(&c->f[FPC_RUNNABLE],
				    run > 1 ? run - 1 : 0);
			else if (end != p && *end == '/')
				fp_set_why(&c->f[FPC_RUNNABLE], "%s: runnable "
				    "count out of range in \"%.40s\"", path,
				    buf);
		}
	}

	fp_snprintf(path, sizeof path, "%s/meminfo", r->proc);
	fp_set_why(&c->f[FPC_MEM_AVAILABLE], "%s: %s", path, "no MemAvailable "
	    "line (Linux 3.14 or later has it)");
	if (readfile(path, buf, sizeof buf, NULL) < 0)
		fp_set_why(&c->f[FPC_MEM_AVAILABLE], "%s: %s", path,
		    readfile_strerror(errno));
	else if ((p = strstr(buf, "MemAvailable:")) != NULL) {
		long long	 kib;

		errno = 0;
		kib = strtoll(p + 13, &end, 10);
		if (end != p + 13 && kib >= 0 && errno == 0)
			fp_set_num(&c->f[FPC_MEM_AVAILABLE], (double)kib);
		else
			fp_set_why(&c->f[FPC_MEM_AVAILABLE], "%s: MemAvailable "
			    "holds no count of kB: \"%.*s\"", path,
			    (int)strcspn(p, "\n") < 40 ? (int)strcspn(p, "\n") :
			    40, p);
	}

	if (fp_throttle_count(r, cpus, n, &c->throttle0, c->f[FPC_THROTTLE].why,
	    sizeof c->f[FPC_THROTTLE].why) == 0)
		c->have_throttle0 = 1;
}

void
fp_cond_throttle(struct fp_cond *c, const struct fp_roots *r,
    const int *cpus, int n)
{
	uint64_t	 now;

	if (!c->have_throttle0)
		return;
	if (fp_throttle_count(r, cpus, n, &now, c->f[FPC_THROTTLE].why,
	    sizeof c->f[FPC_THROTTLE].why) == 0)
		fp_set_num(&c->f[FPC_THROTTLE], now > c->throttle0 ?
		    (double)(now - c->throttle0) : 0);
}

void
fp_cond_free(struct fp_cond *c)
{
	free(c->freq);
	c->freq = NULL;
	c->nfreq = 0;
}

void
fp_cond_copy(struct fp_cond *dst, const struct fp_cond *src)
{
	*dst = *src;
	if (src->nfreq > 0) {
		dst->freq = xreallocarray(NULL, src->nfreq, sizeof *dst->freq);
		memcpy(dst->freq, src->freq, src->nfreq * sizeof *dst->freq);
	} else
		dst->freq = NULL;
}

/* One RAPL domain the sampler follows. */
struct fp_dom {
	char		*path;		/* its energy_uj */
	char		 name[48];
	char		 zone[48];
	uint64_t	 range;		/* max_energy_range_uj, 0 unknown */
	uint64_t	 last;
	uint64_t	 acc;		/* microjoules since begin */
	int		 package;	/* a package-N zone: in the total */
	int		 top;		/* a top-level zone */
	int		 ok;		/* last was read */
};

struct fp_sensors {
	char		*sys;
	int		 maxcpu;

	int		 freq_ok;
	char		 freq_why[FP_WHY_MAX];
	uint64_t	*fmin, *fmax, *fsum;	/* kHz, by CPU */
	unsigned	*fn;

	char		**zone;		/* thermal zones' temp files */
	int		 nzones;
	int		 have_temp;
	long long	 tmin, tmax;	/* millidegrees C */
	char		 temp_why[FP_WHY_MAX];

	struct fp_dom	*dom;
	int		 ndom;
	char		 energy_why[FP_WHY_MAX];
	int		 energy_lost;	/* a reading failed mid-run */

	char		 path[PATH_MAX];	/* the thread's buffers */
	char		 buf[FP_BUF];
};

/* The thermal zones' temp files. */
static void
fp_sensors_thermal(struct fp_sensors *s)
{
	char		 path[PATH_MAX];
	DIR		*d;
	struct dirent	*de;

	fp_snprintf(path, sizeof path, "%s/class/thermal", s->sys);
	if ((d = opendir(path)) == NULL) {
		fp_snprintf(s->temp_why, sizeof s->temp_why, "%s: %s", path,
		    readfile_strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "thermal_zone", 12) != 0)
			continue;
		s->zone = xreallocarray(s->zone, s->nzones + 1,
		    sizeof *s->zone);
		xasprintf(&s->zone[s->nzones++], "%s/%s/temp", path,
		    de->d_name);
	}
	closedir(d);
	if (s->nzones == 0)
		fp_snprintf(s->temp_why, sizeof s->temp_why, "no thermal zone in "
		    "%s", path);
	else
		fp_snprintf(s->temp_why, sizeof s->temp_why, "no thermal zone's "
		    "temp could be read as -100 to 250 C");
}

static int
fp_dom_cmp(const void *a, const void *b)
{
	return strcmp(((const struct fp_dom *)a)->zone,
	    ((const struct fp_dom *)b)->zone);
}

/*
 * The RAPL domains of powercap ("intel-rapl:0", "intel-rapl:0:1"; AMD's
 * are named so too), not the MMIO copy of the package domain (counted
 * twice otherwise). energy_uj is root's alone since Linux 5.10.
 */
static void
fp_sensors_energy(struct fp_sensors *s)
{
	char		 path[PATH_MAX], buf[FP_BUF];
	struct fp_dom	*dm;
	uint64_t	 v;
	DIR		*d;
	struct dirent	*de;
	int		 denied = 0;

	fp_snprintf(path, sizeof path, "%s/class/powercap", s->sys);
	if ((d = opendir(path)) == NULL) {
		fp_snprintf(s->energy_why, sizeof s->energy_why, "%s: %s%s", path,
		    readfile_strerror(errno), errno == ENOENT ? " (no powercap driver: "
		    "RAPL is not exposed, as in most virtual machines)" : "");
		return;
	}
	fp_snprintf(s->energy_why, sizeof s->energy_why, "no RAPL domain in %s",
	    path);
	while ((de = readdir(d)) != NULL && s->ndom < FP_MAXDOM) {
		if (strstr(de->d_name, "rapl") == NULL ||
		    strstr(de->d_name, "mmio") != NULL ||
		    strchr(de->d_name, ':') == NULL)
			continue;
		fp_snprintf(path, sizeof path, "%s/class/powercap/%s/energy_uj",
		    s->sys, de->d_name);
		if (fp_read_u64(path, buf, sizeof buf, &v) != 0) {
			if ((errno == EACCES || errno == EPERM) && !denied++)
				fp_snprintf(s->energy_why, sizeof s->energy_why,
				    "%s: %s: energy_uj is readable by root "
				    "only since Linux 5.10", path,
				    readfile_strerror(errno));
			else if (!denied)
				fp_snprintf(s->energy_why, sizeof s->energy_why,
				    "%s: %s", path, readfile_strerror(errno));
			continue;
		}
		s->dom = xreallocarray(s->dom, s->ndom + 1, sizeof *s->dom);
		dm = &s->dom[s->ndom++];
		memset(dm, 0, sizeof *dm);
		dm->path = xstrdup(path);
		fp_snprintf(dm->zone, sizeof dm->zone, "%s", de->d_name);
		fp_snprintf(path, sizeof path, "%s/class/powercap/%s/name",
		    s->sys, de->d_name);
		if (fp_read(path, buf, sizeof buf) > 0)
			fp_snprintf(dm->name, sizeof dm->name, "%s", buf);
		else
			fp_snprintf(dm->name, sizeof dm->name, "%s", de->d_name);
		fp_snprintf(path, sizeof path, "%s/class/powercap/%s/"
		    "max_energy_range_uj", s->sys, de->d_name);
		if (fp_read_u64(path, buf, sizeof buf, &v) == 0)
			dm->range = v;
		/* A top-level zone (one ':'), named package-N or not. */
		dm->top = strchr(strchr(dm->zone, ':') + 1, ':') == NULL;
		dm->package = dm->top && strncmp(dm->name, "package", 7) == 0;
	}
	closedir(d);
	if (denied && s->ndom > 0) {
		/* Some readable, some not: a total would be short. */
		while (s->ndom > 0)
			free(s->dom[--s->ndom].path);
	}
	if (s->ndom > 1)
		qsort(s->dom, s->ndom, sizeof *s->dom, fp_dom_cmp);
}

struct fp_sensors *
fp_sensors_create(const struct fp_roots *r, int maxcpu, int cpu)
{
	struct fp_sensors	*s;
	char			 path[PATH_MAX], buf[FP_BUF];
	uint64_t		 v;

	s = xcalloc(1, sizeof *s);
	s->sys = xstrdup(r->sys);
	s->maxcpu = maxcpu > 0 ? maxcpu : 1;
	/* A CPU pint may use: cpu0 may be outside the affinity mask. */
	fp_snprintf(path, sizeof path, "%s/devices/system/cpu/cpu%d/cpufreq/"
	    "scaling_cur_freq", r->sys, cpu >= 0 ? cpu : 0);
	if (fp_read_u64(path, buf, sizeof buf, &v) == 0) {
		s->freq_ok = 1;
		s->fmin = xcalloc(s->maxcpu, sizeof *s->fmin);
		s->fmax = xcalloc(s->maxcpu, sizeof *s->fmax);
		s->fsum = xcalloc(s->maxcpu, sizeof *s->fsum);
		s->fn = xcalloc(s->maxcpu, sizeof *s->fn);
		fp_snprintf(s->freq_why, sizeof s->freq_why, "no sample read the "
		    "frequency of a CPU pint ran on");
	} else
		fp_snprintf(s->freq_why, sizeof s->freq_why, "%s: %s (no cpufreq "
		    "driver, as in most virtual machines)", path,
		    readfile_strerror(errno));
	fp_sensors_thermal(s);
	fp_sensors_energy(s);
	return s;
}

void
fp_sensors_begin(struct fp_sensors *s)
{
	int	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->ndom; i++) {
		s->dom[i].acc = 0;
		s->dom[i].ok = fp_read_u64(s->dom[i].path, s->buf,
		    sizeof s->buf, &s->dom[i].last) == 0;
		if (!s->dom[i].ok)
			s->energy_lost = 1;
	}
	fp_sensors_sample(s);
}

void
fp_sensors_cpu(struct fp_sensors *s, int c)
{
	uint64_t	 v;
	char		 t[24];

	if (s == NULL || !s->freq_ok || c < 0 || c >= s->maxcpu ||
	    fp_path(s->path, sizeof s->path, s->sys, "/devices/system/cpu/cpu",
	    fp_digits(t + sizeof t, (unsigned long)c),
	    "/cpufreq/scaling_cur_freq", NULL) != 0 ||
	    fp_read_u64(s->path, s->buf, sizeof s->buf, &v) != 0 || v == 0)
		return;
	if (s->fn[c] == 0 || v < s->fmin[c])
		s->fmin[c] = v;
	if (v > s->fmax[c])
		s->fmax[c] = v;
	s->fsum[c] += v;
	s->fn[c]++;
}

void
fp_sensors_sample(struct fp_sensors *s)
{
	struct fp_dom	*dm;
	uint64_t	 v;
	long long	 mc;
	int		 i, neg;
	const char	*p;

	if (s == NULL)
		return;
	for (i = 0; i < s->nzones; i++) {
		/* Millidegrees, negative below 0 C. */
		if (fp_read(s->zone[i], s->buf, sizeof s->buf) <= 0)
			continue;
		p = s->buf;
		neg = *p == '-';
		p += neg;
		if (*p < '0' || *p > '9')
			continue;
		for (mc = 0; *p >= '0' && *p <= '9' && mc < 1000000000; p++)
			mc = mc * 10 + (*p - '0');
		if (*p != '\0')
			continue;
		mc = neg ? -mc : mc;
		/* No CPU runs below -100 C or above 250 C: not a reading. */
		if (mc < -100000 || mc > 250000)
			continue;
		if (!s->have_temp || mc < s->tmin)
			s->tmin = mc;
		if (!s->have_temp || mc > s->tmax)
			s->tmax = mc;
		s->have_temp = 1;
	}
	for (i = 0; i < s->ndom; i++) {
		dm = &s->dom[i];
		if (fp_read_u64(dm->path, s->buf, sizeof s->buf, &v) != 0) {
			s->energy_lost = 1;
			continue;
		}
		if (dm->ok)
			dm->acc += fp_energy_delta(v, dm->last, dm->range);
		dm->last = v;
		dm->ok = 1;
	}
}

void
fp_sensors_result(const struct fp_sensors *s, struct fp_cond *c)
{
	double		 lo = 0, hi = 0, mean;
	int		 k, i, pkgs;

	free(c->freq);
	c->freq = NULL;
	c->nfreq = 0;
	if (s == NULL)
		return;
	fp_snprintf(c->freq_why, sizeof c->freq_why, "%s", s->freq_why);
	fp_set_why(&c->f[FPC_FREQ_SPREAD], "%s", s->freq_why);
	for (k = 0; s->freq_ok && k < s->maxcpu; k++) {
		if (s->fn[k] == 0)
			continue;
		c->freq = xreallocarray(c->freq, c->nfreq + 1,
		    sizeof *c->freq);
		mean = (double)s->fsum[k] / s->fn[k] / 1000;
		c->freq[c->nfreq].cpu = k;
		c->freq[c->nfreq].samples = s->fn[k];
		c->freq[c->nfreq].min_mhz = (double)s->fmin[k] / 1000;
		c->freq[c->nfreq].max_mhz = (double)s->fmax[k] / 1000;
		c->freq[c->nfreq].mean_mhz = mean;
		if (c->nfreq == 0 || mean < lo)
			lo = mean;
		if (c->nfreq == 0 || mean > hi)
			hi = mean;
		c->nfreq++;
	}
	if (c->nfreq > 0)
		fp_set_num(&c->f[FPC_FREQ_SPREAD], hi / lo);

	if (s->have_temp) {
		fp_set_num(&c->f[FPC_THERMAL_MIN], (double)s->tmin / 1000);
		fp_set_num(&c->f[FPC_THERMAL_MAX], (double)s->tmax / 1000);
	} else {
		fp_set_why(&c->f[FPC_THERMAL_MIN], "%s", s->temp_why);
		fp_set_why(&c->f[FPC_THERMAL_MAX], "%s", s->temp_why);
	}

	memset(&c->energy, 0, sizeof c->energy);
	if (s->ndom == 0) {
		fp_snprintf(c->energy.why, sizeof c->energy.why, "%s",
		    s->energy_why);
		return;
	}
	if (s->energy_lost) {
		fp_snprintf(c->energy.why, sizeof c->energy.why, "a reading of "
		    "%s failed during the run", s->dom[0].path);
		return;
	}
	c->energy.known = 1;
	for (i = 0, pkgs = 0; i < s->ndom; i++)
		pkgs += s->dom[i].package;
	for (i = 0; i < s->ndom; i++) {
		/* The packages; without one, the top-level zones (psys). */
		if (pkgs > 0 ? s->dom[i].package : s->dom[i].top)
			c->energy.joules += (double)s->dom[i].acc * 1e-6;
		fp_snprintf(c->energy.dom[i].name, sizeof c->energy.dom[i].name,
		    "%s", s->dom[i].name);
		fp_snprintf(c->energy.dom[i].zone, sizeof c->energy.dom[i].zone,
		    "%s", s->dom[i].zone);
		c->energy.dom[i].joules = (double)s->dom[i].acc * 1e-6;
	}
	c->energy.ndom = s->ndom;
}

void
fp_sensors_free(struct fp_sensors *s)
{
	int	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nzones; i++)
		free(s->zone[i]);
	free(s->zone);
	for (i = 0; i < s->ndom; i++)
		free(s->dom[i].path);
	free(s->dom);
	free(s->fmin);
	free(s->fmax);
	free(s->fsum);
	free(s->fn);
	free(s->sys);
	free(s);
}
