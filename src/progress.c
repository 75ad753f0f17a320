/*
 * progress: the progress bar on stderr.
 */
#include "config.h"

#include "progress.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "util.h"

#define PROGRESS_PERIOD	0.1	/* seconds between redraws at least */

/*
 * Write text to the bar's stream with SIGPIPE held: a write that fails
 * (standard error piped to a reader that went away) turns the bar off,
 * rather than SIGPIPE ending the run and losing its results.
 */
static void
progress_put(struct progress *pg, const char *text)
{
	sigset_t	 old;
	int		 held, failed;

	held = sigpipe_hold(&old) == 0;
	failed = fputs(text, pg->fp) == EOF || fflush(pg->fp) != 0;
	if (held)
		sigpipe_release(&old);
	if (failed) {
		clearerr(pg->fp);
		pg->on = 0;
		pg->drawn = 0;
	} else
		pg->drawn = 1;
}

void
progress_init(struct progress *pg, FILE *fp, int mode)
{
	const char	*term = getenv("TERM");
	const char	*nocolor = getenv("NO_COLOR");
	struct winsize	 ws;
	int		 tty = isatty(fileno(fp));

	memset(pg, 0, sizeof *pg);
	pg->fp = fp;
	pg->on = mode == 1 || (mode == -1 && tty);
	pg->erase = tty && !(term != NULL && strcmp(term, "dumb") == 0);
	pg->color = pg->erase && (nocolor == NULL || *nocolor == '\0');
	pg->width = 80;
	if (tty && ioctl(fileno(fp), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		pg->width = ws.ws_col;
	if (pg->width > 200)
		pg->width = 200;
}

void
progress_begin(struct progress *pg, const char *label)
{
	pg->t0 = now_s();
	pg->last = 0;
	snprintf(pg->label, sizeof pg->label, "%s", label);
}

void
progress_update(void *arg, uint64_t done, uint64_t total)
{
	struct progress	*pg = arg;
	char		 bar[256], tail[96], line[640];
	double		 t, el, frac, eta;
	int		 cells, fill, i, len;

	if (!pg->on || total == 0)
		return;
	t = now_s();
	if (t - pg->last < PROGRESS_PERIOD && done < total)
		return;
	pg->last = t;
	el = t - pg->t0;
	frac = (double)done / (double)total;
	eta = done > 0 ? el * (double)(total - done) / (double)done : 0;
	len = snprintf(tail, sizeof tail, " %llu/%llu chunks %5.1f%% "
	    "%.0f/s ETA %.1fs", (unsigned long long)done,
	    (unsigned long long)total, 100 * frac, el > 0 ? done / el : 0, eta);
	cells = pg->width - len - (int)strlen(pg->label) - 4;
	if (cells < 10)
		cells = 10;
	if (cells > (int)sizeof bar - 1)
		cells = (int)sizeof bar - 1;
	fill = (int)(frac * cells);
	for (i = 0; i < cells; i++)
		bar[i] = i < fill ? '#' : '-';
	bar[cells] = '\0';
	snprintf(line, sizeof line, "\r%s [%s%.*s%s%s]%s%s", pg->label,
	    pg->color ? "\033[32m" : "", fill, bar,
	    pg->color ? "\033[0m" : "", bar + fill, tail,
	    pg->erase ? "\033[K" : "");
	progress_put(pg, line);
}

void
progress_clear(struct progress *pg)
{
	char	 blank[256];

	if (!pg->drawn)
		return;
	if (pg->erase)
		snprintf(blank, sizeof blank, "\r\033[K");
	else
		snprintf(blank, sizeof blank, "\r%*s\r", pg->width - 1, "");
	progress_put(pg, blank);
	pg->drawn = 0;
}
