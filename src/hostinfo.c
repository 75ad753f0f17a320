/*
 * hostinfo: the machine and the build, read once per plan from uname,
 * /proc/cpuinfo, sysfs and the environment.
 */
#include "config.h"

#include "hostinfo.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "readfile.h"
#include "util.h"

#define HOSTINFO_MAXCPU	8192

#ifdef __clang__
#define HOSTINFO_COMPILER	"clang " __clang_version__
#elif defined(__GNUC__)
#define HOSTINFO_COMPILER	"gcc " __VERSION__
#else
#define HOSTINFO_COMPILER	PINT_CC
#endif

/*
 * The first line of a small file as an integer; -1 if unreadable (errno
 * set). readfile: a FIFO in sysfs's place cannot block.
 */
static long
hostinfo_read_long(const char *path)
{
	char	 buf[64], *end;
	long	 v;

	if (readfile(path, buf, sizeof buf, NULL) < 0)
		return -1;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (end == buf || errno != 0 || v < 0) {
		errno = EINVAL;
		return -1;
	}
	return v;
}

/* "model name" (x86), else "Processor" or "cpu model" of cpuinfo. */
static void
hostinfo_model(struct hostinfo *h, const char *proc)
{
	static const char *keys[] = { "model name", "Processor", "cpu model",
	    "cpu", NULL };
	char		 path[4096], line[512], *v, *e;
	FILE		*fp;
	struct stat	 st;
	int		 k;

	snprintf(path, sizeof path, "%s/cpuinfo", proc);
	/* A FIFO in its place would block fopen: a regular file only. */
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (fp = fopen(path, "re")) == NULL)
		return;
	for (k = 0; keys[k] != NULL && h->cpu_model[0] == '\0'; k++) {
		rewind(fp);
		while (fgets(line, sizeof line, fp) != NULL) {
			if (strncmp(line, keys[k], strlen(keys[k])) != 0 ||
			    (v = strchr(line, ':')) == NULL)
				continue;
			if (strspn(line + strlen(keys[k]), " \t") !=
			    (size_t)(v - line) - strlen(keys[k]))
				continue;
			for (v++; isspace((unsigned char)*v); v++)
				continue;
			e = v + strlen(v);
			while (e > v && isspace((unsigned char)e[-1]))
				*--e = '\0';
			if (*v != '\0') {
				snprintf(h->cpu_model, sizeof h->cpu_model,
				    "%s", v);
				break;
			}
		}
	}
	fclose(fp);
}

/* Sockets and cores from each CPU's topology directory in sysfs. */
static void
hostinfo_topology(struct hostinfo *h, const char *sys)
{
	char		 path[4096];
	long		*pkg, *core, p, c;
	int		 k, n = 0, sockets = 0, cores = 0, seen;
	DIR		*d;
	struct dirent	*de;

	pkg = xcalloc(HOSTINFO_MAXCPU, sizeof *pkg);
	core = xcalloc(HOSTINFO_MAXCPU, sizeof *core);
	snprintf(path, sizeof path, "%s/devices/system/cpu", sys);
	snprintf(h->topology_why, sizeof h->topology_why, "%s: %s", path,
	    "no cpuN/topology directory");
	if ((d = opendir(path)) == NULL)
		snprintf(h->topology_why, sizeof h->topology_why, "%s: %s",
		    path, strerror(errno));
	else {
		while ((de = readdir(d)) != NULL && n < HOSTINFO_MAXCPU) {
			if (strncmp(de->d_name, "cpu", 3) != 0 ||
			    !isdigit((unsigned char)de->d_name[3]))
				continue;
			snprintf(path, sizeof path, "%s/devices/system/cpu/%s/"
			    "topology/physical_package_id", sys, de->d_name);
			if ((p = hostinfo_read_long(path)) < 0)
				goto bad;
			snprintf(path, sizeof path, "%s/devices/system/cpu/%s/"
			    "topology/core_id", sys, de->d_name);
			if ((c = hostinfo_read_long(path)) < 0)
				goto bad;
			for (k = 0, seen = 0; k < n; k++)
				seen |= pkg[k] == p;
			sockets += !seen;
			for (k = 0, seen = 0; k < n; k++)
				seen |= pkg[k] == p && core[k] == c;
			cores += !seen;
			pkg[n] = p;
			core[n++] = c;
			continue;
bad:
			/* One CPU's topology unknown: the counts would be short. */
			snprintf(h->topology_why, sizeof h->topology_why,
			    "%s: %s", path, readfile_strerror(errno));
			n = 0;
			break;
		}
		closedir(d);
	}
	free(pkg);
	free(core);
	if (n > 0 && sockets > 0 && cores > 0) {
		h->sockets = sockets;
		h->cores_per_socket = cores / sockets;
		h->threads_per_core = n / cores;
	}
	snprintf(path, sizeof path, "%s/devices/system/node", sys);
	snprintf(h->numa_why, sizeof h->numa_why, "%s: no nodeN directory",
	    path);
	if ((d = opendir(path)) == NULL)
		snprintf(h->numa_why, sizeof h->numa_why, "%s: %s", path,
		    strerror(errno));
	else {
		while ((de = readdir(d)) != NULL)
			if (strncmp(de->d_name, "node", 4) == 0 &&
			    isdigit((unsigned char)de->d_name[4]))
				h->numa_nodes++;
		closedir(d);
	}
}

void
hostinfo_detect(struct hostinfo *h, int online, int usable, const char *sys,
    const char *proc)
{
	struct utsname	 u;
	const char	*s;
	uint64_t	 v;

	memset(h, 0, sizeof *h);
	if (gethostname(h->hostname, sizeof h->hostname - 1) != 0)
		snprintf(h->hostname, sizeof h->hostname, "unknown");
	if (uname(&u) == 0)
		snprintf(h->kernel, sizeof h->kernel, "%s %s %s", u.sysname,
		    u.release, u.machine);
	h->cpus_online = online;
	h->cpus_usable = usable;
	hostinfo_model(h, proc != NULL ? proc : "/proc");
	if (h->cpu_model[0] == '\0')
		snprintf(h->cpu_model, sizeof h->cpu_model, "unknown");
	hostinfo_topology(h, sys != NULL ? sys : "/sys");
	h->compiler = HOSTINFO_COMPILER;
	h->cflags = PINT_CFLAGS;
	if ((s = getenv("SLURM_JOB_ID")) != NULL && *s != '\0')
		snprintf(h->slurm_job_id, sizeof h->slurm_job_id, "%s", s);
	if ((s = getenv("SLURM_NTASKS")) != NULL && parse_u64(s, &v) == 0 &&
	    v > 0 && v < 1000000000)
		h->slurm_ntasks = (int)v;
}
