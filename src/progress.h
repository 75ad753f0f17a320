/*
 * progress: a bar on stderr with chunks done, rate and ETA, drawn only on
 * a terminal (or when asked), at most ten times a second, and erased
 * before anything else is printed. A bar that cannot be written (its
 * reader went away: EPIPE) is no longer drawn; it never ends the run.
 */
#ifndef PINT_PROGRESS_H
#define PINT_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

struct progress {
	FILE		*fp;
	int		 on;
	int		 color;		/* not with NO_COLOR or TERM=dumb */
	int		 erase;		/* ESC[K allowed (not TERM=dumb) */
	int		 drawn;		/* something to erase */
	int		 width;
	double		 t0;
	double		 last;
	char		 label[48];
};

/* mode: -1 auto (a terminal), 0 off, 1 on. */
void	 progress_init(struct progress *, FILE *, int);
void	 progress_begin(struct progress *, const char *);
/* The pool's progress callback: (struct progress *, done, total). */
void	 progress_update(void *, uint64_t, uint64_t);
void	 progress_clear(struct progress *);

#endif
