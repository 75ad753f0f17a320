/*
 * plot: a sweep drawn by gnuplot (speedup with its 95% interval against
 * the ideal, and both efficiencies) into a PNG or SVG file.
 */
#ifndef PINT_PLOT_H
#define PINT_PLOT_H

#include <stdio.h>

#include "results.h"

/* "png" or "svg" by the file name's extension, else NULL. */
const char	*plot_format(const char *);
/* Is gnuplot on the PATH? 0, or -1 + cause naming the package. */
int		 plot_check(char **);
/*
 * Draw the sweep into path (replaced only once gnuplot succeeded). 0,
 * or -1 + cause.
 */
int		 plot_write(const char *, const struct results *, char **);
/* The gnuplot script (data included) that plot_write runs. */
void		 plot_script(FILE *, const char *, const struct results *);

#endif
