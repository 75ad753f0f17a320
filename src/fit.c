/*
 * fit: pint check. The order matters: the load average and runnable
 * threads are read before pint itself runs anything; then /proc/stat and
 * the throttle counters are read, the kernel runs pinned on each usable
 * CPU in turn (one at a time, so that no two share a core or a power
 * budget) while the sensors read that CPU's frequency, and /proc/stat is
 * read again once at least FIT_WINDOW_NS have passed: what was busy
 * then, less pint's own CPU time, is other load.
 *
 * The kernel is the vector engine's own evaluation of a fixed expression
 * over a row of points, timed in thread CPU time: another process on the
 * same CPU does not slow it (the load check sees that), a slower or
 * shared core does.
 */
#include "config.h"

#include "fit.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cpus.h"
#include "fprint.h"
#include "hooks.h"
#include "pool.h"
#include "readfile.h"
#include "procfs.h"
#include "report.h"
#include "util.h"
#include "vexpr.h"

#define FIT_EXPR	"sin(x)*cos(x)+sqrt(x*x+1)"
#define FIT_ROW		VEXPR_XMAX	/* points per row */
#define FIT_REPS	3		/* runs per CPU: the median counts */
#define FIT_MAXSTAT	8192		/* CPUs in /proc/stat read */

const struct option fit_longopts[] = {
	{ "format", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 }
};
const char fit_shortopts[] = "f:h";

static const char *const fit_verdicts[] = { "ok", "warn", "FAIL", "n/a" };

static const char *const fit_names[FC_N] = {
	"governor", "turbo", "smt", "load", "steal", "thermal", "frequency",
	"uneven", "cpus",
};

static void __attribute__((format(printf, 3, 4)))
fit_set(struct fit_check *c, enum fit_verdict v, const char *fmt, ...)
{
	va_list	 ap;

	c->verdict = v;
	va_start(ap, fmt);
	vsnprintf(c->msg, sizeof c->msg, fmt, ap);
	va_end(ap);
}

static void
fit_advise(struct fit_check *c, const char *s)
{
	snprintf(c->advice, sizeof c->advice, "%s", s);
}

/* The CPU time of this thread or process (clock id), in ns. */
static double
fit_cpu_ns(clockid_t clock)
{
	struct timespec	 ts;

	if (clock_gettime(clock, &ts) != 0)
		return 0;
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/*
 * rows rows of the kernel: thread CPU ns. slow (a test hook) spins three
 * times as long again, as a CPU at a quarter of the speed would take. A
 * signal (stop_signal) cuts it short: the check is abandoned.
 */
static double
fit_kernel(struct vexpr *v, const double *x, double *out, long rows,
    int slow)
{
	double	 t0 = fit_cpu_ns(CLOCK_THREAD_CPUTIME_ID), t;
	long	 r;

	for (r = 0; r < rows && stop_signal == 0; r++)
		vexpr_eval_row(v, x, FIT_ROW, 0, 0, out);
	t = fit_cpu_ns(CLOCK_THREAD_CPUTIME_ID) - t0;
	while (slow && stop_signal == 0 &&
	    fit_cpu_ns(CLOCK_THREAD_CPUTIME_ID) - t0 < 4 * t)
		continue;
	return fit_cpu_ns(CLOCK_THREAD_CPUTIME_ID) - t0;
}

static int
fit_cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * The kernel pinned on each usable CPU, rows calibrated on the first for
 * about FIT_KERNEL_NS; the sensors read each CPU's frequency after it.
 */
static void
fit_uneven(struct fit *f, const struct cpus *cp, struct fp_sensors *sens,
    int slow_cpu)
{
	struct vexpr	*v;
	cpu_set_t	*set;
	size_t		 size;
	double		*x, *out, t, reps[FIT_REPS];
	char		*why = NULL;
	long		 rows = 1;
	int		 i, k;

	f->cpus = xcalloc(cp->affinity > 0 ? cp->affinity : 1,
	    sizeof *f->cpus);
	f->ncpus = cp->affinity;
	f->ratio = NAN;
	if ((v = vexpr_compile(FIT_EXPR, 1, NULL, 0, &why)) == NULL) {
		snprintf(f->kernel_why, sizeof f->kernel_why, "the vector "
		    "engine cannot compile its kernel: %s", why);
		free(why);
		f->ncpus = 0;
		return;
	}
	x = xcalloc(FIT_ROW, sizeof *x);
	out = xcalloc(FIT_ROW, sizeof *out);
	for (i = 0; i < FIT_ROW; i++)
		x[i] = (double)i / FIT_ROW;
	for (i = 0; i < cp->affinity && stop_signal == 0; i++) {
		f->cpus[i].cpu = cp->list[i];
		f->cpus[i].ns_per_point = NAN;
		if ((set = cpus_set_of(cp->list[i], &size)) == NULL)
			continue;
		k = sched_setaffinity(0, size, set);
		CPU_FREE(set);
		if (k != 0)
			continue;
		if (i == 0) {
			/* Double until 1/4 of the time, then scale. */
			while ((t = fit_kernel(v, x, out, rows, 0)) <
			    FIT_KERNEL_NS / 4 && rows < (1L << 24) &&
			    stop_signal == 0)
				rows *= 2;
			rows = (long)(rows * (FIT_KERNEL_NS / (t > 0 ? t : 1)));
			if (rows < 1)
				rows = 1;
		}
		for (k = 0; k < FIT_REPS; k++)
			reps[k] = fit_kernel(v, x, out, rows,
			    slow_cpu == i + 1);
		fp_sensors_cpu(sens, cp->list[i]);
		qsort(reps, FIT_REPS, sizeof *reps, fit_cmp);
		f->cpus[i].ns_per_point = reps[FIT_REPS / 2] /
		    ((double)rows * FIT_ROW);
	}
	/* Back on every usable CPU. */
	if (cp->affinity > 0) {
		size = CPU_ALLOC_SIZE(cp->list[cp->affinity - 1] + 1);
		if ((set = CPU_ALLOC(cp->list[cp->affinity - 1] + 1)) != NULL) {
			CPU_ZERO_S(size, set);
			for (i = 0; i < cp->affinity; i++)
				CPU_SET_S(cp->list[i], size, set);
			sched_setaffinity(0, size, set);
			CPU_FREE(set);
		}
	}
	vexpr_free(v);
	free(x);
	free(out);
}

static void
fit_judge_uneven(struct fit *f)
{
	struct fit_check	*c = &f->c[FC_UNEVEN];
	int			 i, lo = -1, hi = -1, n = 0;

	for (i = 0; i < f->ncpus; i++) {
		if (isnan(f->cpus[i].ns_per_point))
			continue;
		n++;
		if (lo < 0 || f->cpus[i].ns_per_point <
		    f->cpus[lo].ns_per_point)
			lo = i;
		if (hi < 0 || f->cpus[i].ns_per_point >
		    f->cpus[hi].ns_per_point)
			hi = i;
	}
	if (n == 0) {
		fit_set(c, FIT_NA, "%s", f->kernel_why[0] != '\0' ?
		    f->kernel_why : "the kernel could not be pinned on any "
		    "usable CPU");
		return;
	}
	if (n == 1) {
		fit_set(c, FIT_NA, "the kernel was timed on one CPU (%d): no "
		    "other to compare it with", f->cpus[lo].cpu);
		return;
	}
	f->ratio = f->cpus[hi].ns_per_point / f->cpus[lo].ns_per_point;
	fit_set(c, f->ratio > 1 + FIT_UNEVEN_FAIL ? FIT_FAIL :
	    f->ratio > 1 + FIT_UNEVEN_WARN ? FIT_WARN : FIT_OK,
	    "slowest/fastest CPU %.3f over %d CPUs (CPU %d %.3g ns per "
	    "point, CPU %d %.3g)", f->ratio, n, f->cpus[hi].cpu,
	    f->cpus[hi].ns_per_point, f->cpus[lo].cpu,
	    f->cpus[lo].ns_per_point);
	if (c->verdict != FIT_OK)
		fit_advise(c, "the CPUs do not give the same speed (another "
		    "guest, a slower core, a frequency cap): run pint check "
		    "again, keep pint to the fast ones (taskset -c LIST pint "
		    "--pin ...), or use a dedicated machine");
}

/*
 * The usable CPUs, counted as a run counts them. A cgroup quota below
 * them throttles pint within each period: its timings then stretch.
 */
static void
fit_judge_cpus(struct fit *f)
{
	struct fit_check	*c = &f->c[FC_CPUS];

	if (f->quota > 0 && f->quota < f->usable) {
		fit_set(c, FIT_WARN, "%d usable CPUs (%s: %s), but a cgroup "
		    "quota of %g CPUs throttles them", f->usable,
		    f->usable_source, f->cpus_desc, f->quota);
		fit_advise(c, "raise the cgroup's CPU quota (cpu.max) to "
		    "whole CPUs, or run where none is set");
	} else
		fit_set(c, FIT_OK, "%d usable CPUs (%s: %s), as a run counts "
		    "them", f->usable, f->usable_source, f->cpus_desc);
}

/* The fingerprint's checks: governor, turbo, SMT, frequency, thermal. */
static void
fit_judge_host(struct fit *f)
{
	const struct fp_field	*g = &f->host.f[FPH_GOVERNOR];
	const struct fp_field	*t = &f->host.f[FPH_TURBO];
	const struct fp_field	*s = &f->host.f[FPH_SMT_SIBLINGS];
	const struct fp_field	*fs = &f->cond.f[FPC_FREQ_SPREAD];
	const struct fp_field	*th = &f->cond.f[FPC_THROTTLE];

	if (!g->known)
		fit_set(&f->c[FC_GOVERNOR], FIT_NA, "%s", g->why);
	else if (strcmp(g->str, "performance") != 0) {
		fit_set(&f->c[FC_GOVERNOR], FIT_FAIL, "governor %s, not "
		    "performance", g->str);
		fit_advise(&f->c[FC_GOVERNOR], "cpupower frequency-set -g "
		    "performance (as root)");
	} else
		fit_set(&f->c[FC_GOVERNOR], FIT_OK, "performance");

	if (!t->known)
		fit_set(&f->c[FC_TURBO], FIT_NA, "%s", t->why);
	else if (t->num != 0) {
		fit_set(&f->c[FC_TURBO], FIT_WARN, "turbo is on: the speed "
		    "depends on temperature and on how many cores are busy");
		fit_advise(&f->c[FC_TURBO], "echo 1 > /sys/devices/system/cpu/"
		    "intel_pstate/no_turbo, or echo 0 > /sys/devices/system/"
		    "cpu/cpufreq/boost (as root)");
	} else
		fit_set(&f->c[FC_TURBO], FIT_OK, "turbo is off");

	if (!s->known)
		fit_set(&f->c[FC_SMT], FIT_NA, "%s", s->why);
	else if (s->num > 0) {
		fit_set(&f->c[FC_SMT], FIT_WARN, "%d of the %d usable CPUs "
		    "share a core with another usable CPU", (int)s->num,
		    f->usable);
		fit_advise(&f->c[FC_SMT], "scaling beyond the cores measures "
		    "SMT: use one CPU per core (taskset) or echo off > "
		    "/sys/devices/system/cpu/smt/control (as root)");
	} else
		fit_set(&f->c[FC_SMT], FIT_OK, "no two usable CPUs share a "
		    "core");

	if (!fs->known)
		fit_set(&f->c[FC_FREQ], FIT_NA, "%s", fs->why);
	else if (fs->num > 1 + FIT_FREQ_WARN) {
		fit_set(&f->c[FC_FREQ], FIT_WARN, "the CPUs ran at frequencies "
		    "%.0f%% apart under the kernel", 100 * (fs->num - 1));
		fit_advise(&f->c[FC_FREQ], "fix the frequency (governor "
		    "performance, turbo off) or pin to CPUs of one speed");
	} else
		fit_set(&f->c[FC_FREQ], FIT_OK, "the CPUs' frequencies within "
		    "%.0f%%", 100 * (fs->num - 1));

	if (!th->known)
		fit_set(&f->c[FC_THERMAL], FIT_NA, "%s", th->why);
	else if (th->num > 0) {
		fit_set(&f->c[FC_THERMAL], FIT_FAIL, "%.0f thermal throttling "
		    "events during the check", th->num);
		fit_advise(&f->c[FC_THERMAL], "let the machine cool, check its "
		    "cooling, or lower the frequency");
	} else
		fit_set(&f->c[FC_THERMAL], FIT_OK, "no thermal throttling "
		    "during the check");
}

static void
fit_judge_load(struct fit *f)
{
	const struct fp_field	*la = &f->cond.f[FPC_LOADAVG];
	const struct fp_field	*rt = &f->cond.f[FPC_RUNNABLE];
	struct fit_check	*c = &f->c[FC_LOAD];
	char			 extra[96] = "";

	if (la->known && rt->known)
		snprintf(extra, sizeof extra, "; load average %.2f, %d other "
		    "runnable threads at the start", la->num, (int)rt->num);
	if (isnan(f->other_cpus)) {
		fit_set(c, FIT_NA, "%s%s", f->stat_why, extra);
		fit_set(&f->c[FC_STEAL], FIT_NA, "%s", f->stat_why);
		return;
	}
	if (f->other_cpus > FIT_LOAD_FAIL) {
		fit_set(c, FIT_FAIL, "%.2f of the %d usable CPUs busy outside "
		    "pint over %.2f s%s", f->other_cpus, f->stat_cpus,
		    f->window_s, extra);
		fit_advise(c, "stop the other work (top shows it) or use an "
		    "idle machine");
	} else
		fit_set(c, rt->known && rt->num > 0 ? FIT_WARN : FIT_OK,
		    "%.2f of the %d usable CPUs busy outside pint over %.2f "
		    "s%s", f->other_cpus, f->stat_cpus, f->window_s, extra);

	c = &f->c[FC_STEAL];
	fit_set(c, f->steal_share > FIT_STEAL_FAIL ? FIT_FAIL : FIT_OK,
	    "the hypervisor took %.2f of the %d usable CPUs (%.1f%% of their "
	    "time)", f->steal_cpus, f->stat_cpus, 100 * f->steal_share);
	if (c->verdict == FIT_FAIL)
		fit_advise(c, "other guests share the host: use a dedicated "
		    "instance or host");
}

/* Watch /proc/stat and run the kernels. */
static void
fit_measure(struct fit *f, const struct cpus *cp, const struct fp_roots *r,
    int slow_cpu)
{
	struct procfs_units	 u;
	struct procfs_stat	 st0, st1;
	struct fp_sensors	*sens;
	struct procfs_delta	 d;
	struct timespec		 ts;
	uint64_t		 t0;
	size_t			 bufsz;
	char			*buf;
	double			 self0, ticks;
	int			 ok0, ok1, maxcpu, ncpu;

	procfs_units(&u);
	memset(&st0, 0, sizeof st0);
	memset(&st1, 0, sizeof st1);
	maxcpu = cp->affinity > 0 ? cp->list[cp->affinity - 1] + 1 : 1;
	st0.maxcpu = st1.maxcpu = maxcpu;
	st0.cpu = xcalloc(maxcpu, sizeof *st0.cpu);
	st1.cpu = xcalloc(maxcpu, sizeof *st1.cpu);
	bufsz = procfs_stat_bufsz(FIT_MAXSTAT);
	buf = xcalloc(1, bufsz);
	sens = fp_sensors_create(r, maxcpu, cp->affinity > 0 ? cp->list[0] :
	    0);

	f->other_cpus = NAN;
	t0 = now_ns();
	self0 = fit_cpu_ns(CLOCK_PROCESS_CPUTIME_ID);
	if (!(ok0 = procfs_read_stat(r->proc, buf, bufsz, &st0) == 0))
		snprintf(f->stat_why, sizeof f->stat_why, "%s/stat could not "
		    "be read: %s", r->proc, readfile_strerror(errno));
	fp_sensors_begin(sens);
	fit_uneven(f, cp, sens, slow_cpu);
	fp_sensors_sample(sens);
	/* Long enough for /proc/stat's ticks to say something. */
	if (stop_signal == 0 && now_ns() - t0 < FIT_WINDOW_NS) {
		uint64_t	 left = FIT_WINDOW_NS - (now_ns() - t0);

		ts.tv_sec = (time_t)(left / 1000000000);
		ts.tv_nsec = (long)(left % 1000000000);
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR &&
		    stop_signal == 0)
			continue;
	}
	if (!(ok1 = procfs_read_stat(r->proc, buf, bufsz, &st1) == 0) && ok0)
		snprintf(f->stat_why, sizeof f->stat_why, "%s/stat could not "
		    "be read: %s", r->proc, readfile_strerror(errno));
	else if (ok0)
		snprintf(f->stat_why, sizeof f->stat_why, "%s/stat counted no "
		    "time on the usable CPUs while the check ran (its "
		    "counters did not move forward)", r->proc);
	/* Over the usable CPUs alone: the others are not pint's to use. */
	if (ok0 && ok1 && (ncpu = procfs_cpus_delta(&st1, &st0, cp->list,
	    cp->affinity, &d)) > 0) {
		ticks = (double)(d.busy + d.idle) / ncpu;
		if (ticks > 0) {
			f->window_s = procfs_ticks_s(&u, (uint64_t)ticks);
			f->other_cpus = (procfs_ticks_s(&u, d.busy) -
			    (fit_cpu_ns(CLOCK_PROCESS_CPUTIME_ID) - self0) /
			    1e9) / f->window_s;
			if (f->other_cpus < 0)
				f->other_cpus = 0;
			f->steal_cpus = procfs_ticks_s(&u, d.steal) /
			    f->window_s;
			f->steal_share = (double)d.steal /
			    (double)(d.busy + d.idle);
			f->stat_cpus = ncpu;
		}
	}
	fp_sensors_result(sens, &f->cond);
	fp_sensors_free(sens);
	fp_cond_throttle(&f->cond, r, cp->list, cp->affinity);
	free(st0.cpu);
	free(st1.cpu);
	free(buf);
}

int
fit_judge(struct fit *f)
{
	int	 i, nfail = 0;

	for (i = 0; i < FC_N; i++)
		f->c[i].name = fit_names[i];
	fit_judge_host(f);
	fit_judge_load(f);
	fit_judge_uneven(f);
	fit_judge_cpus(f);
	for (i = 0; i < FC_N; i++)
		nfail += f->c[i].verdict == FIT_FAIL;
	return nfail;
}

/*
 * Fit: no check failed, and the load was measured (without it a busy
 * machine would pass). Call after fit_judge.
 */
static int
fit_fit(const struct fit *f)
{
	return f->c[FC_LOAD].verdict != FIT_NA;
}

static void
fit_text(FILE *fp, const struct fit *f, int nfail)
{
	char	*e;
	int	 i;

	/* A message quotes /sys and /proc: escaped as a report is. */
	for (i = 0; i < FC_N; i++) {
		e = str_escape(f->c[i].msg);
		fprintf(fp, "%-10s %-4s %s\n", f->c[i].name,
		    fit_verdicts[f->c[i].verdict], e);
		free(e);
		if (f->c[i].advice[0] != '\0')
			fprintf(fp, "%-15s %s\n", "", f->c[i].advice);
	}
	if (nfail == 0 && !fit_fit(f))
		fprintf(fp, "%-10s %-4s cannot tell: the other load could not "
		    "be measured\n", "verdict", "n/a");
	else if (nfail == 0)
		fprintf(fp, "%-10s %-4s %s\n", "verdict", "ok", "fit to "
		    "benchmark");
	else
		fprintf(fp, "%-10s %-4s not fit to benchmark: %d check%s "
		    "failed\n", "verdict", "FAIL", nfail, nfail > 1 ? "s" : "");
}

static void
fit_json(FILE *fp, const struct fit *f, int nfail)
{
	int	 i;

	fprintf(fp, "{\n  \"schema\": \"pint-check\",\n  \"schema_version\": 1,"
	    "\n  \"pint_version\": ");
	report_json_string(fp, PACKAGE_VERSION);
	fprintf(fp, ",\n  \"fit\": %s,\n  \"failed\": %d,\n  \"checks\": [",
	    nfail == 0 && fit_fit(f) ? "true" : "false", nfail);
	for (i = 0; i < FC_N; i++) {
		fprintf(fp, "%s\n    {\"name\": ", i ? "," : "");
		report_json_string(fp, f->c[i].name);
		fputs(", \"verdict\": ", fp);
		report_json_string(fp, f->c[i].verdict == FIT_FAIL ? "fail" :
		    fit_verdicts[f->c[i].verdict]);
		fputs(", \"message\": ", fp);
		report_json_string(fp, f->c[i].msg);
		fputs(", \"advice\": ", fp);
		if (f->c[i].advice[0] != '\0')
			report_json_string(fp, f->c[i].advice);
		else
			fputs("null", fp);
		fputc('}', fp);
	}
	fputs("\n  ],\n  \"other_cpus\": ", fp);
	if (isnan(f->other_cpus))
		fputs("null", fp);
	else
		fprintf(fp, "%.17g", f->other_cpus);
	fputs(",\n  \"uneven_ratio\": ", fp);
	if (isnan(f->ratio))
		fputs("null", fp);
	else
		fprintf(fp, "%.17g", f->ratio);
	fputs(",\n  \"cpus\": [", fp);
	for (i = 0; i < f->ncpus; i++) {
		fprintf(fp, "%s\n    {\"cpu\": %d, \"ns_per_point\": ", i ? "," :
		    "", f->cpus[i].cpu);
		if (isnan(f->cpus[i].ns_per_point))
			fputs("null}", fp);
		else
			fprintf(fp, "%.17g}", f->cpus[i].ns_per_point);
	}
	fputs(f->ncpus > 0 ? "\n  ]\n}\n" : "]\n}\n", fp);
}

static const char fit_usage[] =
"usage: pint check [-f text|json]\n"
"\n"
"Is this machine fit to benchmark? One line per check with its verdict and\n"
"what to do: governor, turbo, SMT, other load, steal, thermal throttling,\n"
"frequency spread, and uneven CPUs (a short kernel of the vector engine\n"
"pinned on each usable CPU in turn).\n"
"\n"
"  -f, --format FORMAT     text or json\n"
"  -h, --help              print this help\n"
"\n"
"Exit status: 0 fit, 1 a check failed (or the output could not be\n"
"written), 2 bad invocation, 128+N stopped by signal N. See pint(1),\n"
"CHECK.\n";

int
fit_main(int argc, char **argv)
{
	struct fit	 f;
	struct cpus	 cp;
	struct hooks	 hk;
	struct fp_roots	 r;
	int		 ch, json = 0, nfail = 0;

	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":f:h", fit_longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = 1;
			else if (strcmp(optarg, "text") == 0)
				json = 0;
			else {
				warnmsg("check: -f: expected text or json, got "
				    "'%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'h':
			fputs(fit_usage, stdout);
			return EXIT_OK;
		case ':':
			warnmsg("check: option '%s' needs an argument; see "
			    "'pint check -h'", argv[optind - 1]);
			return EXIT_USAGE;
		default:
			warnmsg("check: unknown option '%s'; see 'pint check "
			    "-h'", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		warnmsg("check: '%s': pint check takes no arguments; see "
		    "'pint check -h'", argv[optind]);
		return EXIT_USAGE;
	}

	memset(&f, 0, sizeof f);
	hooks_read(&hk);
	r.sys = hk.sys_root != NULL ? hk.sys_root : "/sys";
	r.proc = hk.proc_root != NULL ? hk.proc_root : "/proc";
	cpus_detect(&cp, hk.cgroup_root, hk.proc_self_cgroup);
	/*
	 * The CPUs a run would use: the first of the affinity mask, as
	 * many as SLURM_CPUS_PER_TASK and the cgroup quota allow.
	 */
	f.usable = cp.usable;
	f.usable_source = cp.source;
	f.quota = cp.quota;
	cpus_describe(&cp, f.cpus_desc, sizeof f.cpus_desc);
	if (cp.affinity > cp.usable)
		cp.affinity = cp.usable;
	/* Before pint runs anything: the others' load. */
	fp_cond_begin(&f.cond, &r, cp.list, cp.affinity);
	fp_host_read(&f.host, &r, cp.list, cp.affinity, cp.quota);
	fit_measure(&f, &cp, &r, hk.slow_worker);
	/* Stopped by a signal: what was measured is no verdict. */
	if (stop_signal != 0) {
		warnmsg("check: interrupted by %s", sig_name(stop_signal));
		fp_cond_free(&f.cond);
		free(f.cpus);
		cpus_free(&cp);
		return 128 + stop_signal;
	}
	nfail = fit_judge(&f);
	if (json)
		fit_json(stdout, &f, nfail);
	else
		fit_text(stdout, &f, nfail);
	fp_cond_free(&f.cond);
	free(f.cpus);
	cpus_free(&cp);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warnmsg("check: standard output: %s", strerror(errno));
		return EXIT_RUNFAIL;
	}
	return nfail == 0 && fit_fit(&f) ? EXIT_OK : EXIT_RUNFAIL;
}
