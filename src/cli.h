/*
 * cli: the command line turned into options, and nothing more. It opens
 * no file and reads no environment; plan turns the options into a run
 * plan. Errors come back as a cause; only the caller prints.
 */
#ifndef PINT_CLI_H
#define PINT_CLI_H

#include <getopt.h>
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
	CLI_COMPLETION,			/* --completion bash|zsh|jobs */
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
	const char	*label;		/* --label NAME, or NULL */
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
	const char	*completion;	/* --completion WHAT */
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

/*
 * What an option's argument is, for the shell completion: a word from a
 * list, a file with one of some suffixes, a directory, -j's counts.
 */
enum cli_argkind {
	CLI_ARG_NONE,			/* a flag: no argument */
	CLI_ARG_TEXT,			/* free text: nothing to offer */
	CLI_ARG_FILE,			/* values: suffixes (".png"), "-" */
	CLI_ARG_DIR,
	CLI_ARG_CHOICE,			/* values: the words */
	CLI_ARG_JOBS,			/* a count, a list or a range */
	CLI_ARG_EXAMPLE,		/* a bundled example's name */
};

/*
 * One option of the main command. getopt's long and short options, the
 * lines of -h and the shell completion are all made from cli_options.
 */
struct cli_option {
	const char		*name;		/* the long name */
	int			 val;		/* the short letter, or past 255 */
	enum cli_argkind	 kind;		/* CLI_ARG_NONE: a flag */
	const char *const	*values;	/* as kind says, or NULL */
	const char		*metavar;	/* "JOBS" in -h, or NULL */
	const char		*help;		/* -h's lines, '\n' between */
};

/* Ends with a row whose name is NULL. */
extern const struct cli_option cli_options[];

/*
 * A subcommand: `pint NAME ...` runs main with argv[0] = NAME. The shell
 * completion offers its longopts and shortopts.
 */
struct cli_command {
	const char		*name;		/* "compare" */
	const char		*summary;	/* one line for -h */
	const struct option	*longopts;	/* {0} ended */
	const char		*shortopts;	/* getopt's */
	int			(*main)(int, char **);
};

/*
 * What the argument of a subcommand's long option is, for the completion;
 * one that takes an argument and is not here completes as a file.
 */
struct cli_arg {
	const char		*command;	/* "compare" */
	const char		*name;		/* its long option, "plot" */
	enum cli_argkind	 kind;
	const char *const	*values;	/* NULL-ended, or NULL */
};

/* Each ends with a row whose first field is NULL. */
extern const struct cli_command cli_commands[];
extern const struct cli_arg cli_command_args[];

/* The subcommand called name, or NULL. */
const struct cli_command *cli_command_find(const char *);

#endif
