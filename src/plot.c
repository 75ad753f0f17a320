/*
 * plot: gnuplot reads a script with the data inline on its standard
 * input and writes the image on its standard output, which is the
 * output helper's temporary file: the plot replaces the file whole or
 * not at all.
 */
#include "config.h"

#include "plot.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "output.h"
#include "util.h"

#define PLOT_PACKAGE	"gnuplot-nox"

const char *
plot_format(const char *path)
{
	const char	*dot = strrchr(path, '.');

	if (dot == NULL || strchr(dot, '/') != NULL)
		return NULL;
	if (strcasecmp(dot, ".png") == 0)
		return "png";
	if (strcasecmp(dot, ".svg") == 0)
		return "svg";
	return NULL;
}

int
plot_check(char **cause)
{
	const char	*path = getenv("PATH");
	char		*copy, *dir, *save, file[4096];
	int		 found = 0;

	copy = xstrdup(path != NULL ? path : "/usr/bin:/bin");
	for (dir = strtok_r(copy, ":", &save); dir != NULL && !found;
	    dir = strtok_r(NULL, ":", &save)) {
		snprintf(file, sizeof file, "%s/gnuplot", *dir ? dir : ".");
		found = access(file, X_OK) == 0;
	}
	free(copy);
	if (found)
		return 0;
	xasprintf(cause, "--plot: gnuplot is not installed (on Debian: "
	    "apt-get install %s)", PLOT_PACKAGE);
	return -1;
}

/* A string for gnuplot's double quotes. */
static void
plot_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', fp);
		fputc((unsigned char)*s < 0x20 ? ' ' : *s, fp);
	}
	fputc('"', fp);
}

void
plot_script(FILE *fp, const char *format, const struct results *r)
{
	const struct results_row	*base = &r->rows[0];
	char				 title[512];
	int				 i;

	if (strcmp(format, "svg") == 0)
		fputs("set terminal svg size 800,500 dynamic\n", fp);
	else
		fputs("set terminal png size 800,500\n", fp);
	fputs("set termoption noenhanced\n", fp);
	snprintf(title, sizeof title, "pint %s: %s, %llu points, %s",
	    r->task->name != NULL ? r->task->name : "",
	    r->task->expression, (unsigned long long)r->task->points,
	    r->host.hostname);
	fputs("set title ", fp);
	plot_string(fp, title);
	fputs("\nset xlabel \"workers (-j)\"\n"
	    "set ylabel \"speedup (of medians; whiskers: 95% interval)\"\n"
	    "set y2label \"efficiency\"\n"
	    "set ytics nomirror\nset y2tics\nset y2range [0:*]\n"
	    "set yrange [0:*]\nset grid\nset key below horizontal\n", fp);
	/* Integer ticks: one per -j value, nothing between. */
	fputs("set xtics (", fp);
	for (i = 0; i < r->nrows; i++)
		fprintf(fp, "%s%d", i ? ", " : "", r->rows[i].jobs);
	fprintf(fp, ")\nset xrange [%g:%g]\n", base->jobs - 0.5,
	    r->rows[r->nrows - 1].jobs + 0.5);
	fputs("$sweep << EOD\n", fp);
	for (i = 0; i < r->nrows; i++) {
		const struct results_row	*row = &r->rows[i];
		int				 ci = isfinite(row->speedup_ci_low);

		/* No interval at this n: no whiskers rather than made-up ones. */
		fprintf(fp, "%d %.17g %.17g %.17g %.17g %.17g %.17g\n",
		    row->jobs, row->speedup, ci ? row->speedup_ci_low :
		    row->speedup, ci ? row->speedup_ci_high : row->speedup,
		    (double)row->jobs / base->jobs,
		    row->scaling_efficiency, row->efficiency);
	}
	fputs("EOD\n"
	    "plot $sweep using 1:5 with lines dashtype 2 title \"ideal\", \\\n"
	    "     $sweep using 1:2:3:4 with yerrorlines pointtype 7 "
	    "title \"speedup\", \\\n"
	    "     $sweep using 1:6 axes x1y2 with linespoints "
	    "title \"scaling efficiency (wall)\", \\\n"
	    "     $sweep using 1:7 axes x1y2 with linespoints "
	    "title \"efficiency (CPU)\"\n", fp);
}

/* Run gnuplot with stdin from a pipe and stdout to fd; its exit status. */
static int
plot_run(int fd, const char *format, const struct results *r, char **cause)
{
	struct sigaction	 ign, old;
	FILE			*fp;
	pid_t			 pid;
	int			 p[2], status, werr = 0;

	if (pipe(p) != 0) {
		xasprintf(cause, "--plot: pipe: %s", strerror(errno));
		return -1;
	}
	if ((pid = fork()) == -1) {
		xasprintf(cause, "--plot: fork: %s", strerror(errno));
		close(p[0]);
		close(p[1]);
		return -1;
	}
	if (pid == 0) {
		if (dup2(p[0], 0) == -1 || dup2(fd, 1) == -1)
			_exit(127);
		close(p[0]);
		close(p[1]);
		execlp("gnuplot", "gnuplot", (char *)NULL);
		_exit(127);
	}
	close(p[0]);
	/* gnuplot may exit early: its exit status says why, not SIGPIPE. */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	if ((fp = fdopen(p[1], "w")) == NULL) {
		close(p[1]);
		werr = errno;
	} else {
		plot_script(fp, format, r);
		if (fclose(fp) != 0)
			werr = errno;
	}
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			status = -1;
			break;
		}
	}
	sigaction(SIGPIPE, &old, NULL);
	if (status != 0) {
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
			xasprintf(cause, "--plot: cannot run gnuplot (on "
			    "Debian: apt-get install %s)", PLOT_PACKAGE);
		else
			xasprintf(cause, "--plot: gnuplot failed (status %d)",
			    status);
		return -1;
	}
	if (werr != 0) {
		xasprintf(cause, "--plot: writing to gnuplot: %s",
		    strerror(werr));
		return -1;
	}
	return 0;
}

int
plot_write(const char *path, const struct results *r, char **cause)
{
	struct output	*o;
	FILE		*fp;

	if ((o = output_open("--plot", path, cause)) == NULL)
		return -1;
	fp = output_fp(o);
	fflush(fp);
	if (plot_run(fileno(fp), plot_format(path), r, cause) != 0) {
		output_abort(o);
		return -1;
	}
	/* gnuplot wrote to the descriptor: the stream's offset is stale. */
	fseeko(fp, 0, SEEK_END);
	return output_commit(o, cause);
}
