/*
 * cli: the command line, turned into a run plan: the task (loaded and
 * overridden), the -j values, output and measurement options.
 */
#ifndef PINT_CLI_H
#define PINT_CLI_H

#include <stdint.h>

#include "cpus.h"
#include "task.h"

enum format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_CSV,
	FORMAT_YAML,
};

#define CLI_MAXSWEEP	64	/* -j values in one sweep */
#define CLI_MAXREPEAT	1000

struct plan {
	struct task	 task;
	int		 jobs[CLI_MAXSWEEP];
	int		 njobs;
	const char	*jobs_source;	/* option, PINT_JOBS or a cpus rule */
	struct cpus	 cpus;

	enum format	 format;
	int		 header;	/* CSV header line */
	const char	*outdir;	/* -o */
	const char	*samples;	/* --samples */
	unsigned	 interval_ms;
	int		 repeat;
	int		 warmup;
	int		 pin;
	double		 fault_rate;
	uint64_t	 fault_seed;
	int		 max_restarts;
	double		 hang_s;
	int		 quiet;
	int		 force;
	int		 progress;	/* -1 auto, 0 off, 1 on */
	uint32_t	 test_kill_in_lock;
	uint32_t	 test_stop_in_lock;
};

/*
 * Parse argv into a plan, loading and validating the task. Returns 0 to
 * run, -1 when the work is done (-h, -V), or an exit status (2) with a
 * message printed.
 */
int	 cli_parse(struct plan *, int, char **);
void	 cli_free(struct plan *);
void	 cli_usage(void *);

/* Parse a -j argument ("8", "1,2,4", "1-8") into values; -1 on error. */
int	 cli_parse_jobs(const char *, int *, int, int *, char **);

#endif
