/*
 * cli: the command line turned into options, and nothing more. It opens
 * no file and reads no environment; plan turns the options into a run
 * plan. Errors come back as a cause; only the caller prints.
 */
#ifndef PINT_CLI_H
#define PINT_CLI_H

#include <stdint.h>

#include "task.h"

enum format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_CSV,
	FORMAT_YAML,
};

enum cli_action {
	CLI_RUN,
	CLI_HELP,			/* -h: print cli_usage and cli_help */
	CLI_VERSION,			/* -V */
	CLI_EXAMPLE,			/* --example NAME: print a task */
};

#define CLI_MAXSWEEP	64	/* -j values in one sweep */
#define CLI_MAXREPEAT	1000
#define CLI_MAXDOMAINS	(TASK_MAXDIM * 4)

/*
 * The options that shape a run and its outputs, as argv gave them: the
 * plan takes them over unchanged.
 */
struct run_opts {
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
	int		 max_restarts;	/* -1: 16 + 2 x jobs */
	double		 hang_s;
	int		 quiet;
	int		 force;
	int		 progress;	/* -1 auto, 0 off, 1 on */
	const char	*checkpoint;	/* --checkpoint FILE, or NULL */
	int		 summary;	/* --summary: CSV per -j value */
	double		 min_time;	/* --min-time SECONDS, 0 = off */
	const char	*export_json;	/* --export-json FILE */
	const char	*export_csv;
	const char	*export_markdown;
	const char	*plot;		/* --plot FILE.png|.svg */
};

/* What argv asked for, checked only as far as argv alone can tell. */
struct cli_opts {
	enum cli_action	 action;
	int		 argc;		/* the command line, for provenance */
	char		**argv;

	/* The task: a file, then the overrides in this order. */
	const char	*config;	/* -c, or NULL */
	const char	*expr;		/* -e */
	const char	*domains[CLI_MAXDOMAINS];	/* -d, in order */
	int		 ndomains;
	double		 step;		/* -s when have_step */
	int		 have_step;
	uint64_t	 points;	/* -n when have_points */
	int		 have_points;
	const char	*rule;		/* -r */
	const char	*engine;	/* --engine */
	double		 tol;		/* --tol, 0 when not given */
	double		 atol;		/* --atol, 0 when not given */
	uint64_t	 max_points;	/* --max-points, 0 when not given */

	int		 jobs[CLI_MAXSWEEP];	/* -j; njobs 0 when not given */
	int		 njobs;

	struct run_opts	 run;		/* outputs, repeats, faults, manners */

	const char	*example;	/* --example NAME */
	int		 mpi;		/* --mpi */
};

/*
 * Parse argv into options. Returns 0, or -1 with *cause set to a one-line
 * message (allocated) for a bad invocation (exit 2).
 */
int	 cli_parse(struct cli_opts *, int, char **, char **);

/* The synopsis and the option summary of pint -h. */
void	 cli_usage(void *);
void	 cli_help(void *);

/*
 * Parse a -j value ("8", "1,2,4", "1-8") into at most max values; what
 * names the source in messages ("-j", "PINT_JOBS"). 0, or -1 + cause.
 */
int	 cli_parse_jobs(const char *, const char *, int *, int, int *,
	     char **);

#endif
