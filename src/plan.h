/*
 * plan: options and the task turned into a run plan. Everything the user
 * can get wrong is checked here, in the parent, before anything is
 * forked: the task (loaded, overridden by options, finished), the grid,
 * the expression and the engine it gets, the -j values and where they
 * came from, and the output paths.
 */
#ifndef PINT_PLAN_H
#define PINT_PLAN_H

#include <stdint.h>

#include "cli.h"
#include "cpus.h"
#include "expr.h"
#include "hooks.h"
#include "output.h"
#include "plot.h"
#include "quad.h"
#include "task.h"

struct plan {
	struct task	 task;		/* merged and finished */
	struct grid	 grid;
	enum engine_kind engine;	/* the engine the workers use */
	char		*engine_note;	/* "vector", "muparser (...)" */
	char		*rule_chosen_by;	/* "-r", "task", "default" or
					   "tolerance: why" */
	/*
	 * A tolerance with a rule named that cannot see an end where the
	 * integrand is unbounded: why, or NULL (adapt's blind).
	 */
	char		*tol_blind;
	struct engine_ops ops;		/* the vector engine's operations */
	int		 jobs[CLI_MAXSWEEP];
	int		 njobs;
	const char	*jobs_source;	/* option, PINT_JOBS or a cpus rule */
	struct cpus	 cpus;
	struct hooks	 hooks;

	struct run_opts	 run;		/* as the options gave them */
	struct output_set outputs;	/* every file written, and the task */
	struct plot_opts plot;		/* --plot: gnuplot and its limit */
	char		*samples_key;	/* --samples FILE's canonical name */
	uint64_t	 max_points;	/* --max-points, 0: the default */
	int		 argc;		/* the command line */
	char		**argv;
	int		 mpi;		/* one rank of an MPI job */
	int		 env_rank;	/* its rank, as the launcher says */
	int		 env_size;	/* ranks, as it says; 0 unknown */
};

/*
 * Make the plan. Returns 0, or an exit status (2) with *cause set to a
 * one-line message (allocated); warnings (-j beyond the usable CPUs) are
 * printed unless -q. plan_free is safe after either.
 */
int	 plan_make(struct plan *, const struct cli_opts *, char **);
void	 plan_free(struct plan *);

/* Whether a tolerance chooses the grid (task tolerance, --tol, --atol). */
int	 plan_adaptive(const struct plan *);

/* The number of runs, warm-ups aside, and whether that is more than one. */
int	 plan_runs(const struct plan *);

/* The samples file of run (jobs, rep): FILE, or FILE-jJ-R.ext for many. */
char	*plan_samples_path(const struct plan *, int, int);
/*
 * Is key (a canonical name, output_key) a per-run samples file of
 * --samples FILE, FILE-jJ-R.ext for any counts J and R (decimal, no
 * leading zeros), in FILE's directory? 1 with *jobs and *rep set, or 0.
 */
int	 plan_samples_match(const struct plan *, const char *key, int *jobs,
	    int *rep);

#endif
