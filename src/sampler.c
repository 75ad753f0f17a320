/*
 * sampler: a thread in the parent that reads /proc/stat, each watched
 * worker's /proc/PID/stat and the parent's rusage every interval, from
 * the start barrier (sampler_begin_compute) to sampler_stop.
 *
 * One mutex, lock, guards the whole struct but progress (an atomic).
 * The thread holds it for the whole of each sample and drops it only
 * while it waits for the next deadline, so whoever holds it knows the
 * thread is between samples. The thread reads /proc with open/read/close
 * into buffers allocated up front and grows the series only while
 * holding it, so sampler_pause (taking it) before fork() leaves no libc
 * lock held by the thread in the child.
 *
 * All calls but the thread's own come from one thread, the main thread;
 * between sampler_pause and sampler_resume it already holds the lock,
 * so watch, unwatch and the rest do not take it again.
 */
#include "config.h"

#include "sampler.h"

#include <sys/resource.h>

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "fprint.h"
#include "procfs.h"
#include "util.h"

#define SAMPLER_ROWS0	256	/* rows preallocated: 25 s at 100 ms */
#define SAMPLER_MAXCPU	65536	/* give up sizing /proc/stat beyond */

struct sampler_worker {
	pid_t		 pid;
	uint64_t	 base;		/* utime + stime at begin_compute */
	uint64_t	 ticks;		/* utime + stime at the last reading */
	uint64_t	 rss;		/* pages, at the last reading */
	int		 cpu;		/* the CPU it last ran on, or -1 */
	int		 gone;		/* vanished before sampler_unwatch */
};

struct sampler {
	unsigned		 interval_ms;
	char			*proc_root;
	struct fp_sensors	*sensors;	/* the caller's, or NULL */
	int			*cpus;		/* usable CPUs, for the steal */
	int			 ncpus;
	struct procfs_units	 units;

	pthread_t		 thread;
	int			 started;
	int			 stopped;
	unsigned		 paused;	/* main thread only */
	uint64_t		 progress;	/* atomic, no lock */

	pthread_mutex_t		 lock;
	pthread_cond_t		 wake;		/* CLOCK_MONOTONIC */
	int			 stopping;
	int			 begun;
	int			 parked;	/* the thread reached its loop */
	uint64_t		 t0_ns;		/* begin_compute */
	uint64_t		 next_ns;	/* next sample's deadline */
	uint64_t		 last_ns;	/* last sample */

	char			*statbuf;
	size_t			 statbufsz;
	int			 ncols;		/* CPUs in the series */
	struct procfs_stat	 base;		/* at begin_compute */
	struct procfs_stat	 prev;		/* last good reading */
	struct procfs_stat	 cur;
	int			 have_base;
	char			 pidbuf[PROCFS_PIDSTAT_BUFSZ];

	struct sampler_worker	*workers;
	size_t			 nworkers;
	size_t			 capworkers;
	uint64_t		 done_ticks;	/* unwatched workers, since begin */
	uint64_t		 base_ticks;	/* workers' ticks at begin */
	uint64_t		 prev_ticks;	/* all workers, at last sample */
	double			 ru_base;	/* parent CPU s at begin */
	double			 ru_prev;	/* parent CPU s at last sample */

	struct sampler_row	*rows;
	float			*busy;		/* ncols per row, NAN unknown */
	size_t			 nrows;
	size_t			 caprows;
	int			 rows_lost;	/* no memory to grow */
	unsigned		 nsamples;
	uint64_t		 peak_rss_kib;
	double			 self_cpu_s;

	unsigned		 nerrors;	/* failed /proc reads */
	int			 err_errno;	/* the first one */
	pid_t			 err_pid;	/* 0 for /proc/stat */
};

static void
sampler_lock(struct sampler *s)
{
	if (s->paused == 0)
		pthread_mutex_lock(&s->lock);
}

static void
sampler_unlock(struct sampler *s)
{
	if (s->paused == 0)
		pthread_mutex_unlock(&s->lock);
}

/* Keep the first failure to report at stop; the run goes on. */
static void
sampler_error(struct sampler *s, pid_t pid, int error)
{
	if (s->nerrors++ == 0) {
		s->err_errno = error;
		s->err_pid = pid;
	}
}

static double
sampler_rusage_s(void)
{
	struct rusage	 ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
}

static void
sampler_stat_init(struct procfs_stat *st, int maxcpu)
{
	memset(st, 0, sizeof *st);
	st->cpu = xcalloc((size_t)maxcpu, sizeof *st->cpu);
	st->maxcpu = maxcpu;
}

static void
sampler_stat_copy(struct procfs_stat *dst, const struct procfs_stat *src)
{
	struct procfs_cpu	*cpu = dst->cpu;

	memcpy(cpu, src->cpu, (size_t)src->maxcpu * sizeof *cpu);
	*dst = *src;
	dst->cpu = cpu;
}

/*
 * Size the /proc/stat buffer and CPU arrays from one reading (a
 * fixture root may have more CPUs than this machine). Only here, before
 * the thread runs, may this allocate freely.
 */
static void
sampler_size_stat(struct sampler *s)
{
	struct procfs_stat	 st;
	long			 conf;
	int			 maxcpu, found = 0;

	conf = sysconf(_SC_NPROCESSORS_CONF);
	maxcpu = conf < 1 ? 1 : conf > SAMPLER_MAXCPU ? SAMPLER_MAXCPU :
	    (int)conf;
	for (;;) {
		s->statbufsz = procfs_stat_bufsz(maxcpu);
		s->statbuf = xrealloc(s->statbuf, s->statbufsz);
		sampler_stat_init(&st, maxcpu);
		if (procfs_read_stat(s->proc_root, s->statbuf, s->statbufsz,
		    &st) == 0) {
			found = st.ncpu;
			free(st.cpu);
			if (found <= maxcpu || found > SAMPLER_MAXCPU)
				break;
			maxcpu = found;
			continue;
		}
		free(st.cpu);
		if (errno != ENOBUFS || maxcpu >= SAMPLER_MAXCPU)
			break;	/* tried again at begin_compute */
		maxcpu = maxcpu > SAMPLER_MAXCPU / 2 ? SAMPLER_MAXCPU :
		    maxcpu * 2;
	}
	s->ncols = found < maxcpu ? found : maxcpu;
	sampler_stat_init(&s->base, maxcpu);
	sampler_stat_init(&s->prev, maxcpu);
	sampler_stat_init(&s->cur, maxcpu);
}

struct sampler *
sampler_create(const struct sampler_opts *opts)
{
	struct sampler		*s;
	pthread_condattr_t	 ca;

	s = xcalloc(1, sizeof *s);
	s->interval_ms = opts->interval_ms != 0 ? opts->interval_ms :
	    SAMPLER_DEFAULT_MS;
	s->proc_root = xstrdup(opts->proc_root != NULL ? opts->proc_root :
	    "/proc");
	s->sensors = opts->sensors;
	if (opts->ncpus > 0) {
		s->cpus = xreallocarray(NULL, opts->ncpus, sizeof *s->cpus);
		memcpy(s->cpus, opts->cpus, opts->ncpus * sizeof *s->cpus);
		s->ncpus = opts->ncpus;
	}
	procfs_units(&s->units);
	sampler_size_stat(s);

	s->caprows = SAMPLER_ROWS0;
	s->rows = xreallocarray(NULL, s->caprows, sizeof *s->rows);
	if (s->ncols > 0) {
		s->busy = xreallocarray(NULL, s->caprows * (size_t)s->ncols,
		    sizeof *s->busy);
	}

	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->wake, &ca);
	pthread_condattr_destroy(&ca);
	return s;
}

/* Workers' CPU ticks since begin_compute, the unwatched ones included. */
static uint64_t
sampler_worker_ticks(struct sampler *s)
{
	uint64_t	 t = s->done_ticks;
	size_t		 i;

	for (i = 0; i < s->nworkers; i++)
		t += procfs_sub(s->workers[i].ticks, s->workers[i].base);
	return t;
}

/* Read a worker's /proc/PID/stat; a vanished one keeps its last ticks. */
static void
sampler_read_worker(struct sampler *s, struct sampler_worker *w)
{
	struct procfs_pidstat	 ps;
	uint64_t		 t;

	if (w->gone)
		return;
	if (procfs_read_pidstat(s->proc_root, w->pid, s->pidbuf,
	    sizeof s->pidbuf, &ps) != 0) {
		sampler_error(s, w->pid, errno);
		if (errno == ENOENT || errno == ESRCH) {
			w->gone = 1;
			w->rss = 0;
		}
		return;
	}
	t = ps.utime + ps.stime;
	if (t > w->ticks)
		w->ticks = t;
	w->rss = ps.rss;
	w->cpu = ps.processor;
}

/* Room for one more row; on no memory the series stops growing. */
static int
sampler_grow(struct sampler *s)
{
	struct sampler_row	*rows;
	float			*busy;
	size_t			 cap;

	if (s->nrows < s->caprows)
		return 0;
	if (s->rows_lost || s->caprows > SIZE_MAX / 2 / sizeof *rows)
		goto lost;
	cap = s->caprows * 2;
	if ((rows = realloc(s->rows, cap * sizeof *rows)) == NULL)
		goto lost;
	s->rows = rows;
	if (s->ncols > 0) {
		if (cap > SIZE_MAX / sizeof *busy / (size_t)s->ncols)
			goto lost;
		busy = realloc(s->busy, cap * (size_t)s->ncols * sizeof *busy);
		if (busy == NULL)
			goto lost;
		s->busy = busy;
	}
	s->caprows = cap;
	return 0;

lost:
	s->rows_lost = 1;
	return -1;
}

static double
sampler_fraction(uint64_t busy, uint64_t idle)
{
	if (busy + idle == 0)
		return NAN;
	return (double)busy / (double)(busy + idle);
}

/*
 * Take one sample and append a row for the interval since the last
 * one. The caller holds the lock (or the thread is gone).
 */
static void
sampler_sample(struct sampler *s)
{
	struct procfs_stat	 tmp;
	struct sampler_row	*row;
	uint64_t		 now, ticks, busy, idle, pages = 0;
	double			 ru, dt, frac;
	size_t			 k;
	int			 statok, c;
	unsigned		 live = 0;

	now = now_ns();
	statok = procfs_read_stat(s->proc_root, s->statbuf, s->statbufsz,
	    &s->cur) == 0;
	if (!statok)
		sampler_error(s, 0, errno);
	for (k = 0; k < s->nworkers; k++) {
		sampler_read_worker(s, &s->workers[k]);
		if (!s->workers[k].gone) {
			pages += s->workers[k].rss;
			live++;
			fp_sensors_cpu(s->sensors, s->workers[k].cpu);
		}
	}
	fp_sensors_sample(s->sensors);
	ru = sampler_rusage_s();
	ticks = sampler_worker_ticks(s);

	s->nsamples++;
	dt = (double)(now - s->last_ns) * 1e-9;
	if (sampler_grow(s) == 0) {
		row = &s->rows[s->nrows];
		row->t_s = (double)(now - s->t0_ns) * 1e-9;
		row->rss_kib = procfs_pages_kib(&s->units, pages);
		row->chunks = __atomic_load_n(&s->progress, __ATOMIC_RELAXED);
		row->workers = live;
		row->pint = dt > 0 ? (procfs_ticks_s(&s->units,
		    procfs_sub(ticks, s->prev_ticks)) + (ru - s->ru_prev)) / dt :
		    0;
		row->pint_cpu_s = procfs_ticks_s(&s->units, ticks) +
		    (ru - s->ru_base);
		row->machine = NAN;
		if (statok && s->have_base) {
			procfs_cpu_delta(&s->cur.all, &s->prev.all, &busy,
			    &idle);
			row->machine = sampler_fraction(busy, idle) *
			    s->cur.nonline;
		}
		for (c = 0; c < s->ncols; c++) {
			frac = NAN;
			if (statok && s->have_base && s->cur.cpu[c].online &&
			    s->prev.cpu[c].online) {
				procfs_cpu_delta(&s->cur.cpu[c],
				    &s->prev.cpu[c], &busy, &idle);
				frac = sampler_fraction(busy, idle);
			}
			s->busy[s->nrows * (size_t)s->ncols + c] = (float)frac;
		}
		s->nrows++;
	}
	if (procfs_pages_kib(&s->units, pages) > s->peak_rss_kib)
		s->peak_rss_kib = procfs_pages_kib(&s->units, pages);

	if (statok) {
		if (!s->have_base) {
			/* The baseline failed: count from the first good one. */
			sampler_stat_copy(&s->base, &s->cur);
			s->have_base = 1;
		}
		tmp = s->prev;
		s->prev = s->cur;
		s->cur = tmp;
	}
	s->last_ns = now;
	s->prev_ticks = ticks;
	s->ru_prev = ru;
}

static void *
sampler_main(void *arg)
{
	struct sampler	*s = arg;
	struct timespec	 ts;
	uint64_t	 now, period;

	period = (uint64_t)s->interval_ms * 1000000;
	pthread_mutex_lock(&s->lock);
	s->parked = 1;
	pthread_cond_broadcast(&s->wake);
	while (!s->stopping) {
		if (!s->begun) {
			pthread_cond_wait(&s->wake, &s->lock);
			continue;
		}
		now = now_ns();
		if (now < s->next_ns) {
			ts.tv_sec = (time_t)(s->next_ns / 1000000000);
			ts.tv_nsec = (long)(s->next_ns % 1000000000);
			pthread_cond_timedwait(&s->wake, &s->lock, &ts);
			continue;
		}
		sampler_sample(s);
		/* Absolute deadlines; skip those missed while paused. */
		now = now_ns();
		do
			s->next_ns += period;
		while (s->next_ns <= now);
	}
	if (s->begun)
		sampler_sample(s);	/* the final one */
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
		s->self_cpu_s = (double)ts.tv_sec + ts.tv_nsec * 1e-9;
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

int
sampler_start(struct sampler *s)
{
	sigset_t	 all, old;
	int		 error;

	if (s == NULL || s->started)
		return 0;
	/* The thread takes no signal meant for the main thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	error = pthread_create(&s->thread, NULL, sampler_main, s);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (error != 0) {
		errno = error;
		return -1;
	}
	/*
	 * Wait until the thread holds the lock in its loop. Until then it
	 * may be inside its start-up (the C library's or a sanitizer's,
	 * which can hold allocator locks), and a fork() in that window
	 * could leave a worker blocked on a lock no thread will release.
	 */
	pthread_mutex_lock(&s->lock);
	while (!s->parked)
		pthread_cond_wait(&s->wake, &s->lock);
	pthread_mutex_unlock(&s->lock);
	s->started = 1;
	return 0;
}

/* The first row: the workers and their RSS as the barrier opens. */
static void
sampler_barrier_row(struct sampler *s, uint64_t pages)
{
	struct sampler_row	*row;
	unsigned		 live = 0;
	size_t			 i;
	int			 c;

	if (sampler_grow(s) != 0)
		return;
	for (i = 0; i < s->nworkers; i++)
		live += !s->workers[i].gone;
	row = &s->rows[s->nrows];
	memset(row, 0, sizeof *row);
	row->machine = row->pint = NAN;
	row->rss_kib = procfs_pages_kib(&s->units, pages);
	row->chunks = __atomic_load_n(&s->progress, __ATOMIC_RELAXED);
	row->workers = live;
	for (c = 0; c < s->ncols; c++)
		s->busy[s->nrows * (size_t)s->ncols + c] = NAN;
	s->nrows++;
}

void
sampler_begin_compute(struct sampler *s)
{
	struct sampler_worker	*w;
	uint64_t		 pages = 0;
	size_t			 i;

	if (s == NULL)
		return;
	sampler_lock(s);
	if (s->begun || s->stopping) {
		sampler_unlock(s);
		return;
	}
	s->t0_ns = s->last_ns = now_ns();
	if (procfs_read_stat(s->proc_root, s->statbuf, s->statbufsz,
	    &s->base) == 0) {
		sampler_stat_copy(&s->prev, &s->base);
		s->have_base = 1;
	} else
		sampler_error(s, 0, errno);
	for (i = 0; i < s->nworkers; i++) {
		w = &s->workers[i];
		sampler_read_worker(s, w);
		w->base = w->ticks;
		s->base_ticks += w->base;
		if (!w->gone)
			pages += w->rss;
	}
	s->peak_rss_kib = procfs_pages_kib(&s->units, pages);
	fp_sensors_begin(s->sensors);
	s->ru_base = s->ru_prev = sampler_rusage_s();
	s->prev_ticks = 0;
	sampler_barrier_row(s, pages);
	s->next_ns = s->t0_ns + (uint64_t)s->interval_ms * 1000000;
	s->begun = 1;
	pthread_cond_signal(&s->wake);
	sampler_unlock(s);
}

void
sampler_end_compute(struct sampler *s)
{
	if (s == NULL)
		return;
	sampler_lock(s);
	if (s->begun && !s->stopping)
		sampler_sample(s);
	sampler_unlock(s);
}

/*
 * A worker watched after begin_compute was forked during the run: all
 * its CPU time counts (base 0).
 */
void
sampler_watch(struct sampler *s, pid_t pid)
{
	struct sampler_worker	*w;
	size_t			 i;

	if (s == NULL || pid <= 0)
		return;
	sampler_lock(s);
	for (i = 0; i < s->nworkers; i++) {
		if (s->workers[i].pid == pid)
			goto out;
	}
	if (s->nworkers == s->capworkers) {
		s->capworkers = s->capworkers == 0 ? 16 : s->capworkers * 2;
		s->workers = xreallocarray(s->workers, s->capworkers,
		    sizeof *s->workers);
	}
	w = &s->workers[s->nworkers++];
	memset(w, 0, sizeof *w);
	w->pid = pid;
	w->cpu = -1;
out:
	sampler_unlock(s);
}

/*
 * Called before the worker is reaped, while /proc/PID/stat still shows
 * a zombie with all its CPU time: read it a last time and keep the
 * time, then forget the pid (it may be reused).
 */
void
sampler_unwatch(struct sampler *s, pid_t pid)
{
	struct procfs_pidstat	 ps;
	struct sampler_worker	*w;
	char			 buf[PROCFS_PIDSTAT_BUFSZ];
	size_t			 i;

	if (s == NULL)
		return;
	sampler_lock(s);
	for (i = 0; i < s->nworkers; i++) {
		if (s->workers[i].pid == pid)
			break;
	}
	if (i == s->nworkers)
		goto out;
	w = &s->workers[i];
	if (s->begun && !w->gone) {
		if (procfs_read_pidstat(s->proc_root, pid, buf, sizeof buf,
		    &ps) == 0) {
			if (ps.utime + ps.stime > w->ticks)
				w->ticks = ps.utime + ps.stime;
		} else
			sampler_error(s, pid, errno);
	}
	if (s->begun)
		s->done_ticks += procfs_sub(w->ticks, w->base);
	s->workers[i] = s->workers[--s->nworkers];
out:
	sampler_unlock(s);
}

void
sampler_progress(struct sampler *s, uint64_t chunks)
{
	if (s != NULL)
		__atomic_store_n(&s->progress, chunks, __ATOMIC_RELAXED);
}

void
sampler_pause(struct sampler *s)
{
	if (s != NULL && s->paused++ == 0)
		pthread_mutex_lock(&s->lock);
}

void
sampler_resume(struct sampler *s)
{
	if (s != NULL && s->paused > 0 && --s->paused == 0)
		pthread_mutex_unlock(&s->lock);
}

static void
sampler_summarize(struct sampler *s, struct sampler_summary *sum)
{
	struct procfs_delta	 d;
	uint64_t		 busy, idle;
	double			 cpu_s;
	int			 n;

	memset(sum, 0, sizeof *sum);
	sum->nsamples = s->nsamples;
	sum->self_cpu_s = s->self_cpu_s;
	sum->peak_rss_kib = s->peak_rss_kib;
	sum->cpus_online = s->have_base ? s->prev.nonline : 0;
	if (sum->cpus_online <= 0)
		sum->cpus_online = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (sum->cpus_online <= 0)
		sum->cpus_online = 1;
	if (!s->begun)
		return;

	sum->elapsed_s = (double)(s->last_ns - s->t0_ns) * 1e-9;
	sum->workers_base_s = procfs_ticks_s(&s->units, s->base_ticks);
	sum->parent_cpu_s = s->ru_prev - s->ru_base;
	if (s->have_base) {
		/*
		 * A ratio of busy to all ticks, times the CPUs: it needs no
		 * clock but /proc/stat's own, and covers the readings made.
		 */
		procfs_cpu_delta(&s->prev.all, &s->base.all, &busy, &idle);
		if (busy + idle > 0) {
			sum->machine_busy_cpus = (double)busy /
			    (double)(busy + idle) * sum->cpus_online;
			sum->ticks_per_cpu = (double)(busy + idle) /
			    sum->cpus_online;
			sum->window_s = procfs_ticks_s(&s->units,
			    busy + idle) / sum->cpus_online;
			sum->machine_busy_s = procfs_ticks_s(&s->units, busy);
		}
		/* The steal of the CPUs the run could use, not all. */
		n = procfs_cpus_delta(&s->prev, &s->base, s->cpus, s->ncpus,
		    &d);
		if (n > 0 && d.busy + d.idle > 0) {
			sum->steal_s = procfs_ticks_s(&s->units, d.steal);
			sum->steal_share = (double)d.steal /
			    (double)(d.busy + d.idle);
			sum->steal_cpus = sum->steal_share * n;
		}
	}
	if (sum->elapsed_s > 0) {
		cpu_s = procfs_ticks_s(&s->units, s->prev_ticks) +
		    (s->ru_prev - s->ru_base);
		sum->pint_cpus = cpu_s / sum->elapsed_s;
		sum->overhead = sum->self_cpu_s / sum->elapsed_s;
	}
}

void
sampler_stop(struct sampler *s, struct sampler_summary *sum)
{
	memset(sum, 0, sizeof *sum);
	if (s == NULL)
		return;
	if (s->stopped)
		goto out;
	if (s->started) {
		sampler_lock(s);
		s->stopping = 1;
		pthread_cond_signal(&s->wake);
		if (s->paused > 0) {
			s->paused = 0;
			pthread_mutex_unlock(&s->lock);
		} else
			sampler_unlock(s);
		pthread_join(s->thread, NULL);
	} else {
		s->stopping = 1;
		if (s->begun)
			sampler_sample(s);
	}
	s->stopped = 1;
	if (s->nerrors > 0) {
		if (s->err_pid == 0) {
			warning("sampler: %u /proc reads failed, first %s/stat: "
			    "%s", s->nerrors, s->proc_root,
			    strerror(s->err_errno));
		} else {
			warning("sampler: %u /proc reads failed, first "
			    "%s/%ld/stat: %s", s->nerrors, s->proc_root,
			    (long)s->err_pid, strerror(s->err_errno));
		}
	}
	if (s->rows_lost)
		warning("sampler: out of memory, time series cut short");
out:
	sampler_summarize(s, sum);
}

struct sampler_series *
sampler_take_series(struct sampler *s)
{
	struct sampler_series	*ser;

	if (s == NULL || !s->stopped)
		return NULL;
	ser = xcalloc(1, sizeof *ser);
	ser->ncols = s->ncols;
	ser->nrows = s->nrows;
	ser->rows = s->rows;
	ser->busy = s->busy;
	s->rows = NULL;
	s->busy = NULL;
	s->nrows = s->caprows = 0;
	return ser;
}

void
sampler_series_free(struct sampler_series *ser)
{
	if (ser == NULL)
		return;
	free(ser->rows);
	free(ser->busy);
	free(ser);
}

void
sampler_free(struct sampler *s)
{
	struct sampler_summary	 sum;

	if (s == NULL)
		return;
	if (!s->stopped)
		sampler_stop(s, &sum);	/* joins the thread */
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	free(s->base.cpu);
	free(s->prev.cpu);
	free(s->cur.cpu);
	free(s->statbuf);
	free(s->workers);
	free(s->rows);
	free(s->busy);
	free(s->proc_root);
	free(s->cpus);
	free(s);
}
