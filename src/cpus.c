/*
 * cpus: the usable CPU count and the rule that gave it.
 */
#include "config.h"

#include "cpus.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "readfile.h"
#include "util.h"

/* Read a small file into buf; -1 if it cannot be read. */
static int
cpus_read(const char *path, char *buf, size_t len)
{
	return readfile(path, buf, len, NULL) == -1 ? -1 : 0;
}

/*
 * A quota in CPUs as the kernel could mean it: a finite number above 0
 * and at most CPUS_MAX. Anything else ("inf", "nan", 1e308) limits
 * nothing pint can start and counts as no quota (0).
 */
static double
cpus_quota_ok(double q)
{
	return isfinite(q) && q > 0 && q <= CPUS_MAX ? q : 0;
}

double
cpus_parse_cpu_max(const char *s)
{
	double	 quota, period = 100000;
	char	*end;

	while (*s == ' ')
		s++;
	if (strncmp(s, "max", 3) == 0)
		return 0;
	errno = 0;
	quota = strtod(s, &end);
	if (end == s || errno != 0 || !(quota > 0))
		return 0;
	if (*end == ' ') {
		s = end;
		period = strtod(s, &end);
		if (end == s || !(period > 0))
			return 0;
	}
	return cpus_quota_ok(quota / period);
}

/* v1: cpu.cfs_quota_us / cpu.cfs_period_us; 0 when unlimited. */
static double
cpus_v1_quota(const char *dir)
{
	char	 path[4096], buf[64];
	double	 quota, period;

	snprintf(path, sizeof path, "%s/cpu.cfs_quota_us", dir);
	if (cpus_read(path, buf, sizeof buf) != 0)
		return 0;
	quota = strtod(buf, NULL);
	snprintf(path, sizeof path, "%s/cpu.cfs_period_us", dir);
	if (cpus_read(path, buf, sizeof buf) != 0)
		return 0;
	period = strtod(buf, NULL);
	if (!(quota > 0) || !(period > 0))
		return 0;
	return cpus_quota_ok(quota / period);
}

/*
 * The smallest quota from the process's cgroup up to the root. v2 lines
 * are "0::/path"; a v1 line names the cpu controller ("4:cpu,cpuacct:/p").
 */
static double
cpus_cgroup_quota(const char *root, const char *self)
{
	char	 buf[4096], path[4096], dir[2048], val[128], *line, *save;
	char	*p, *rel;
	double	 best = 0, q;
	int	 v1;

	if (cpus_read(self, buf, sizeof buf) != 0)
		return 0;
	for (line = strtok_r(buf, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if ((p = strchr(line, ':')) == NULL)
			continue;
		*p++ = '\0';		/* line: hierarchy id, p: controllers */
		if ((rel = strchr(p, ':')) == NULL)
			continue;
		*rel++ = '\0';
		v1 = strcmp(line, "0") != 0 || *p != '\0';
		if (v1) {
			/* Only the cpu controller's line counts. */
			char	*c, *s2;
			int	 found = 0;

			for (c = strtok_r(p, ",", &s2); c != NULL;
			    c = strtok_r(NULL, ",", &s2))
				if (strcmp(c, "cpu") == 0)
					found = 1;
			if (!found)
				continue;
		}
		snprintf(dir, sizeof dir, "%s", rel);
		for (;;) {
			if (v1) {
				snprintf(path, sizeof path, "%s/cpu,cpuacct%s",
				    root, dir);
				q = cpus_v1_quota(path);
				if (q == 0) {
					snprintf(path, sizeof path, "%s/cpu%s",
					    root, dir);
					q = cpus_v1_quota(path);
				}
			} else {
				snprintf(path, sizeof path, "%s%s/cpu.max",
				    root, strcmp(dir, "/") == 0 ? "" : dir);
				q = 0;
				if (cpus_read(path, val, sizeof val) == 0)
					q = cpus_parse_cpu_max(val);
			}
			if (q > 0 && (best == 0 || q < best))
				best = q;
			if (strcmp(dir, "/") == 0 || dir[0] == '\0')
				break;
			if ((p = strrchr(dir, '/')) == NULL)
				break;
			if (p == dir)
				dir[1] = '\0';
			else
				*p = '\0';
		}
	}
	return best;
}

static int
cpus_getaffinity(size_t size, cpu_set_t *set)
{
	return sched_getaffinity(0, size, set);
}

void
cpus_affinity(struct cpus *c, int online, cpus_getaff_fn getaff)
{
	cpu_set_t	*set = NULL;
	size_t		 size = 0;
	int		 n, i;

	c->online = online < 1 ? 1 : online;
	c->affinity = 0;
	/*
	 * The kernel refuses (EINVAL) a set smaller than its CPU count:
	 * grow it until it fits, from at least CPU_SETSIZE (1024).
	 */
	for (n = c->online > CPU_SETSIZE ? c->online : CPU_SETSIZE;
	    n <= CPUS_MAX; n *= 2) {
		if ((set = CPU_ALLOC(n)) == NULL)
			break;
		size = CPU_ALLOC_SIZE(n);
		CPU_ZERO_S(size, set);
		if (getaff(size, set) == 0)
			break;
		CPU_FREE(set);
		set = NULL;
		if (errno != EINVAL)
			break;
	}
	if (set != NULL) {
		c->affinity = CPU_COUNT_S(size, set);
		c->list = xcalloc(c->affinity > 0 ? c->affinity : 1,
		    sizeof *c->list);
		for (i = 0, n = 0; n < c->affinity &&
		    (size_t)i < size * 8; i++)
			if (CPU_ISSET_S(i, size, set))
				c->list[n++] = i;
		CPU_FREE(set);
	}
	if (c->affinity == 0) {
		free(c->list);
		c->list = xcalloc(c->online, sizeof *c->list);
		for (i = 0; i < c->online; i++)
			c->list[i] = i;
		c->affinity = c->online;
	}
}

cpu_set_t *
cpus_set_of(int cpu, size_t *size)
{
	cpu_set_t	*set;

	if (cpu < 0 || cpu >= CPUS_MAX || (set = CPU_ALLOC(cpu + 1)) == NULL)
		return NULL;
	*size = CPU_ALLOC_SIZE(cpu + 1);
	CPU_ZERO_S(*size, set);
	CPU_SET_S(cpu, *size, set);
	return set;
}

void
cpus_detect(struct cpus *c, const char *cgroup_root, const char *self)
{
	const char	*s;
	uint64_t	 v;

	memset(c, 0, sizeof *c);
	cpus_affinity(c, (int)sysconf(_SC_NPROCESSORS_ONLN), cpus_getaffinity);
	c->quota = cpus_cgroup_quota(cgroup_root ? cgroup_root :
	    "/sys/fs/cgroup", self ? self : "/proc/self/cgroup");

	if ((s = getenv("SLURM_CPUS_PER_TASK")) != NULL) {
		if (parse_u64(s, &v) == 0 && v > 0 && v <= 1000000)
			c->slurm = (int)v;
		else
			snprintf(c->slurm_bad, sizeof c->slurm_bad, "%s",
			    *s != '\0' ? s : "(empty)");
	}
	if ((s = getenv("SLURM_NTASKS")) != NULL && parse_u64(s, &v) == 0 &&
	    v > 0 && v <= 1000000000)
		c->slurm_ntasks = (int)v;

	/* The least of the known counts; Slurm's allocation on a tie. */
	c->usable = c->affinity;
	c->source = "affinity";
	if (c->quota > 0 && ceil(c->quota) < c->usable) {
		c->usable = (int)ceil(c->quota);
		c->source = "cgroup";
	}
	if (c->slurm > 0 && c->slurm <= c->usable) {
		c->usable = c->slurm;
		c->source = "SLURM_CPUS_PER_TASK";
	}
	if (c->usable < 1)
		c->usable = 1;
	c->disagree = (c->slurm > 0 && c->slurm != c->affinity) ||
	    (c->quota > 0 && (int)ceil(c->quota) != c->affinity);
}

void
cpus_describe(const struct cpus *c, char *buf, size_t len)
{
	size_t	 n = 0;

	buf[0] = '\0';
	if (c->slurm > 0)
		n += snprintf(buf + n, len - n, "SLURM_CPUS_PER_TASK %d, ",
		    c->slurm);
	if (n < len)
		n += snprintf(buf + n, len - n, "affinity %d", c->affinity);
	if (c->quota > 0 && n < len)
		snprintf(buf + n, len - n, ", cgroup quota %g", c->quota);
}

void
cpus_free(struct cpus *c)
{
	free(c->list);
	c->list = NULL;
}
