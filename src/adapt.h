/*
 * adapt: the sequence of grids that a tolerance asks for. Each grid is
 * chosen from the task and the integrals and estimates of the grids
 * before it alone, never from -j, so the sequence and the integral are the
 * same bits for any number of workers.
 */
#ifndef PINT_ADAPT_H
#define PINT_ADAPT_H

#include <stdint.h>

#include "quad.h"
#include "task.h"

#define ADAPT_MAXPOINTS	(UINT64_C(1) << 30)	/* default point budget */
#define ADAPT_MAXGRIDS	64			/* grids in a sequence */
#define ADAPT_GAUSS_KMAX 12	/* gauss: orders raised up to this */

/* Why a sequence ended (adapt_stop_name gives each its report name). */
enum adapt_stop {
	ADAPT_GOING,		/* not ended */
	ADAPT_MET,		/* a reliable, confirmed estimate in target */
	ADAPT_BUDGET,		/* points or grids spent, estimate over it */
	ADAPT_ROUNDING,		/* the target is under what doubles give */
	ADAPT_UNRELIABLE,	/* spent, an estimate in target unchecked */
	ADAPT_NONFINITE		/* values that were not finite */
};

#define ADAPT_HIST	4	/* grids the gauss estimate looks back on */

struct adapt {
	double		 rtol, atol;	/* the task's tolerances, 0 if none */
	uint64_t	 max_points;	/* evaluated over the whole sequence */

	struct task	 task;		/* the grid to evaluate: a shallow */
	struct grid	 grid;		/* copy of the task, points set */
	struct task	 last_task;	/* the grid evaluated last */
	struct grid	 last_grid;
	int		 grids;		/* grids evaluated so far */
	uint64_t	 points_total;	/* points evaluated over them */
	double		 hist[ADAPT_HIST];	/* integrals, newest first */
	double		 hist_n[ADAPT_HIST];	/* gauss: their nodes on x */
	int		 hist_k[ADAPT_HIST];	/* and their orders */
	uint64_t	 hist_c[ADAPT_HIST];	/* gauss: fewest cells an axis */
	int		 ladder;	/* gauss: raise the order first */
	int		 last_check;	/* the last grid's check of the order:
					   1 passed, 0 failed, -1 none */
	double		 target;	/* the error aimed at, last grid */
	enum adapt_stop	 stop;
	double		 ts_tail;	/* tanh-sinh: quad_ts_tails */
	double		 coord_rel;	/* coordinates' rounding, of the widths */
	const char	*why;		/* a stop's cause, for its message */
	const char	*blind;		/* set after adapt_begin: no tolerance
					   can be met, why (plan's tol_blind) */
	/*
	 * The independent check (see adapt.c): while confirming, task and
	 * grid hold the confirmation grid and cand_* the candidate.
	 */
	int		 confirming;
	int		 check_no;	/* the check running: 0 first, 1 second */
	uint64_t	 check_iv[TASK_MAXDIM];	/* the first's intervals */
	int		 confirmed;	/* 1 both agreed, 0 one did not, -1 no
					   check ran (or only the first) */
	uint64_t	 confirm_points;	/* points spent on checks */
	double		 confirm_error;	/* the larger of the checks' */
	double		 disagreed;	/* the most a failed check differed */
	struct quad_result cand;
	struct task	 cand_task;
	struct grid	 cand_grid;
};

/* The report's name of a stop ("met", "budget"...); NULL for going. */
const char	*adapt_stop_name(enum adapt_stop);

/*
 * Prepare the first grid from a finished task with a tolerance. 0, or -1
 * with *cause when it does not fit (too many chunks, over the budget).
 */
int	 adapt_begin(struct adapt *, const struct task *, uint64_t, double,
	     char **);

/*
 * gauss: the estimate from the integrals of the last n grids (newest
 * first, n <= ADAPT_HIST), with nodes[] per axis and orders k[] (see
 * pint-task(5)).
 */
void	 adapt_gauss_estimate(const double *, const double *, const int *,
	     int, struct quad_result *);

/*
 * Take the integral and estimate of the grid just evaluated (an estimate
 * from the grids before it replaces a missing one, for gauss) and choose
 * the next grid. Returns 1 when the sequence ends (adp->stop says why),
 * 0 when adp->task and adp->grid hold the next grid. After a confirmation
 * grid, *est becomes the candidate's, with the larger of the two
 * estimates.
 */
int	 adapt_next(struct adapt *, struct quad_result *, uint64_t);

#endif
