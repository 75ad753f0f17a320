/*
 * report: the results and what N workers bought, as text for people and
 * as JSON, YAML or CSV for programs. Field names are stable (pint(1)).
 */
#ifndef PINT_REPORT_H
#define PINT_REPORT_H

#include <stdio.h>

#include "pool.h"
#include "quad.h"
#include "sampler.h"
#include "task.h"

#define REPORT_SCHEMA	1

struct host_info {
	char		 hostname[256];
	char		 kernel[256];
	int		 cpus_online;
	int		 cpus_usable;
};

struct run_record {
	int			 jobs;
	int			 repeat;	/* 1 .. N within its -j value */
	struct pool_result	 pool;
	struct sampler_summary	 samp;
	int			 have_samp;
	long			 parent_max_rss_kib;
	/* Derived by report_finish. */
	double			 utilization;
	double			 parallelism;
	double			 efficiency;
};

/* One -j value of a sweep: its runs summarised. */
struct sweep_row {
	int		 jobs;
	int		 nruns;
	double		 wall_min, wall_median, wall_max;
	double		 speedup;	/* median wall of the first row / ours */
	double		 scaling_efficiency;	/* speedup * first jobs / jobs */
	double		 karp_flatt;	/* NAN for the first row */
};

struct report {
	const struct task	*task;
	const struct grid	*grid;
	const char		*engine;	/* "vector", "muparser (...)" */
	const char		*jobs_source;
	const char		*muparser_version;
	struct host_info	 host;
	double			 fault_rate;
	uint64_t		 fault_seed;
	unsigned		 interval_ms;
	int			 pin;

	struct run_record	*runs;
	int			 nruns;
	struct sweep_row	*rows;	/* by report_finish */
	int			 nrows;
	int			 identical;	/* every integral the same bits */
};

void	 report_host(struct host_info *, int, int);
/* Derive per-run figures, the sweep rows and the identity check. */
void	 report_finish(struct report *);
void	 report_free(struct report *);

void	 report_text(FILE *, const struct report *);
void	 report_json(FILE *, const struct report *);
void	 report_yaml(FILE *, const struct report *);
void	 report_csv(FILE *, const struct report *, int);

/* Write s as a JSON string (with quotes); also valid YAML. */
void	 report_json_string(FILE *, const char *);
/* Write s as one CSV field, quoted when needed. */
void	 report_csv_field(FILE *, const char *);

#endif
