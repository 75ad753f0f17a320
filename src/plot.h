/*
 * plot: a sweep drawn by gnuplot (speedup with its 95% interval against
 * the ideal, and both efficiencies) into a PNG or SVG file.
 */
#ifndef PINT_PLOT_H
#define PINT_PLOT_H

#include <stdio.h>

#include "output.h"
#include "results.h"

/* "png" or "svg" by the file name's extension, else NULL. */
const char	*plot_format(const char *);
/* gnuplot's time limit, in seconds. */
#define PLOT_TIMEOUT_S	60

/* How gnuplot is run. */
struct plot_opts {
	char		*gnuplot;	/* its path, found by plot_check */
	int		 timeout_s;	/* killed after this long */
};

/*
 * Check that the plot (its file name) is not a FIFO or a socket, and find
 * gnuplot on the PATH as execvp(3) would: the first regular, executable
 * file named gnuplot. 0 with *gnuplot set (allocated), or -1 + cause
 * naming the package, or the entry that is a directory or not executable
 * when there is no other.
 */
int		 plot_check(const char *plot, char **gnuplot, char **cause);
/*
 * Draw the sweep into path (replaced only once gnuplot succeeded). gnuplot
 * is killed after its time limit, or at once when pint gets SIGINT,
 * SIGTERM or SIGHUP (stop_signal), and always reaped. 0, or -1 + cause.
 */
int		 plot_write(const struct output_set *, const char *,
		     const struct plot_opts *, const struct results *,
		     char **);
/* The gnuplot script (data included) that plot_write runs. */
void		 plot_script(FILE *, const char *, const struct results *);

#endif
