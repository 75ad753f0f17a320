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
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "output.h"
#include "pool.h"
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
plot_check(const char *plot, char **gnuplot, char **cause)
{
	const char	*path = getenv("PATH");
	struct stat	 st;
	char		*copy, *dir, *save, *file, *bad = NULL;
	const char	*why = NULL;

	*gnuplot = NULL;
	/*
	 * A FIFO or a socket would block the end of the run, or take a
	 * half image: the plot is a file (a device such as /dev/null will do).
	 */
	if (stat(plot, &st) == 0 && (S_ISFIFO(st.st_mode) ||
	    S_ISSOCK(st.st_mode))) {
		xasprintf(cause, "--plot %s: is a %s; the plot is written to a "
		    "file", plot, S_ISFIFO(st.st_mode) ? "FIFO" : "socket");
		return -1;
	}
	copy = xstrdup(path != NULL ? path : "/usr/bin:/bin");
	for (dir = strtok_r(copy, ":", &save); dir != NULL && *gnuplot == NULL;
	    dir = strtok_r(NULL, ":", &save)) {
		xasprintf(&file, "%s/gnuplot", *dir ? dir : ".");
		if (stat(file, &st) != 0) {
			free(file);
			continue;
		}
		if (S_ISREG(st.st_mode) && access(file, X_OK) == 0) {
			*gnuplot = file;
			break;
		}
		if (bad == NULL) {
			bad = file;
			why = S_ISDIR(st.st_mode) ? "is a directory" :
			    !S_ISREG(st.st_mode) ? "is not a regular file" :
			    "is not executable";
		} else
			free(file);
	}
	free(copy);
	if (*gnuplot != NULL) {
		free(bad);
		return 0;
	}
	if (bad != NULL)
		xasprintf(cause, "--plot %s: %s %s (install gnuplot: on "
		    "Debian apt-get install %s)", plot, bad, why, PLOT_PACKAGE);
	else
		xasprintf(cause, "--plot %s: gnuplot is not installed (on "
		    "Debian: apt-get install %s)", plot, PLOT_PACKAGE);
	free(bad);
	return -1;
}

/*
 * A string gnuplot takes literally: single-quoted, where nothing is
 * expanded (in double quotes it runs `backquoted` text as a command and
 * reads backslash escapes). A ' is joined on as "'", a string with
 * nothing in it to expand: gnuplot 5.4 misreads two ''-escapes in a row
 * ('a''''b'). Control characters (a newline would end the command) and
 * bidirectional overrides are shown escaped, as in the text report; so
 * is the > of "]]>", which gnuplot's SVG writes as it is, and which XML
 * text may not hold.
 */
static void
plot_string(FILE *fp, const char *s)
{
	char	*e = str_escape(s), *p;

	fputc('\'', fp);
	for (p = e; *p != '\0'; p++) {
		if (*p == '\'')
			fputs("'.\"'\".'", fp);
		else if (*p == '>' && p - e >= 2 && p[-1] == ']' &&
		    p[-2] == ']')
			fputs("\\x3e", fp);
		else
			fputc(*p, fp);
	}
	fputc('\'', fp);
	free(e);
}

void
plot_script(FILE *fp, const char *format, const struct results *r)
{
	const struct results_row	*base = &r->rows[0];
	char				 title[512];
	int				 i, lo, hi;

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
	for (i = 0, lo = hi = base->jobs; i < r->nrows; i++) {
		lo = r->rows[i].jobs < lo ? r->rows[i].jobs : lo;
		hi = r->rows[i].jobs > hi ? r->rows[i].jobs : hi;
	}
	/* From the least to the most -j, whatever order they were given. */
	fprintf(fp, ")\nset xrange [%g:%g]\n", lo - 0.5, hi + 0.5);
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

/*
 * Wait for gnuplot, killing it when its time runs out or pint is told to
 * stop; it is always reaped. exec_err: the errno of a failed exec (the
 * child said so), else 0: a gnuplot that ran and exited 127 is not one
 * that could not be run. 0 when it exited 0, else -1 + what went
 * wrong (without the option and file, which plot_run puts first).
 */
static int
plot_wait(pid_t pid, const struct plot_opts *po, double deadline,
    int unfinished, int exec_err, char **cause)
{
	struct timespec	 nap = { 0, 100 * 1000 * 1000 };
	siginfo_t	 si;
	int		 status, killed = 0;

	/*
	 * Until it exits, not reaping it, so that its group is still its
	 * own to kill after. SIGCHLD, SIGINT and SIGTERM cut each nap short.
	 */
	for (;;) {
		memset(&si, 0, sizeof si);
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT |
		    (killed ? 0 : WNOHANG)) == -1) {
			if (errno == EINTR)
				continue;
			xasprintf(cause, "waitid: %s", strerror(errno));
			return -1;
		}
		if (si.si_pid == pid)
			break;
		if (killed)
			continue;
		if (stop_signal != 0 || now_s() >= deadline) {
			kill(-pid, SIGKILL);	/* its group: children too */
			kill(pid, SIGKILL);
			killed = stop_signal != 0 ? 1 : 2;
			continue;
		}
		nanosleep(&nap, NULL);
	}
	/* Nothing it started outlives the plot: a child held its pipes. */
	kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		continue;
	if (killed == 0 && unfinished)
		killed = stop_signal != 0 ? 1 : 2;
	if (killed == 1)
		xasprintf(cause, "gnuplot stopped: pint got %s",
		    sig_name(stop_signal));
	else if (killed == 2)
		xasprintf(cause, "gnuplot ran past its time limit of %d s and "
		    "was killed", po->timeout_s);
	else if (exec_err != 0)
		xasprintf(cause, "cannot run %s: %s (on Debian: apt-get "
		    "install %s)", po->gnuplot, strerror(exec_err),
		    PLOT_PACKAGE);
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		xasprintf(cause, "gnuplot exited %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		xasprintf(cause, "gnuplot killed by %s",
		    sig_name(WTERMSIG(status)));
	else
		return 0;
	return -1;
}

/* What gnuplot wrote on its standard error: the first bytes of it. */
#define PLOT_ERR_MAX	1024
struct plot_err {
	char	 buf[PLOT_ERR_MAX];
	size_t	 len;
	int	 more;		/* it wrote more than buf holds */
};

/*
 * gnuplot's standard error as one line: its lines joined by "; ", blank
 * ones dropped, and control characters escaped (str_escape), so that
 * what it says (or what a file it read makes it say) is one "pint:"
 * message and never drives the terminal. NULL when it said nothing.
 */
static char *
plot_err_line(const struct plot_err *pe)
{
	char	*joined, *line, *q;
	size_t	 i, start, end;

	joined = q = xmalloc(pe->len * 3 + 1);
	for (start = 0; start < pe->len; start = i + 1) {
		for (i = start; i < pe->len && pe->buf[i] != '\n' &&
		    pe->buf[i] != '\0'; i++)
			;
		for (end = i; end > start && (pe->buf[end - 1] == '\r' ||
		    pe->buf[end - 1] == ' ' || pe->buf[end - 1] == '\t');
		    end--)
			;
		if (end == start)
			continue;
		if (q != joined) {
			*q++ = ';';
			*q++ = ' ';
		}
		memcpy(q, pe->buf + start, end - start);
		q += end - start;
	}
	*q = '\0';
	if (q == joined) {
		free(joined);
		return NULL;
	}
	line = str_escape(joined);
	free(joined);
	if (pe->more) {
		xasprintf(&joined, "%s ...", line);
		free(line);
		line = joined;
	}
	return line;
}

/*
 * Copy gnuplot's output to out and keep the start of its standard error
 * until it closes both, stopping early when pint is told to stop or the
 * deadline passes (plot_wait then kills it). The bytes copied, or -1
 * with errno set when out failed.
 */
static long long
plot_copy(int from, int err, FILE *out, struct plot_err *pe,
    double deadline, int *unfinished)
{
	struct pollfd	 pfd[2] = { { from, POLLIN, 0 }, { err, POLLIN, 0 } };
	char		 buf[16384];
	long long	 total = 0;
	ssize_t		 n;
	size_t		 room;
	int		 i;

	while (stop_signal == 0 && now_s() < deadline &&
	    (pfd[0].fd != -1 || pfd[1].fd != -1)) {
		if (poll(pfd, 2, 100) <= 0)
			continue;	/* a nap, or a signal cut it short */
		for (i = 0; i < 2; i++) {
			if (pfd[i].fd == -1 || pfd[i].revents == 0)
				continue;
			if ((n = read(pfd[i].fd, buf, sizeof buf)) == -1) {
				if (errno == EINTR || errno == EAGAIN)
					continue;
				if (i == 0)
					return -1;
				n = 0;	/* its standard error is lost */
			}
			if (n == 0) {
				pfd[i].fd = -1;	/* poll skips it */
				continue;
			}
			if (i == 1) {
				room = sizeof pe->buf - pe->len;
				if ((size_t)n > room)
					pe->more = 1;
				memcpy(pe->buf + pe->len, buf,
				    (size_t)n < room ? (size_t)n : room);
				pe->len += (size_t)n < room ? (size_t)n : room;
				continue;
			}
			if (fwrite(buf, 1, (size_t)n, out) != (size_t)n)
				return -1;
			total += n;
		}
	}
	*unfinished = pfd[0].fd != -1 || pfd[1].fd != -1;
	return total;
}

/* Close those of plot_run's pipes that are open. */
static void
plot_close(int p[2], int q[2], int e[2], int x[2])
{
	int	*all[] = { p, q, e, x };
	size_t	 i, j;

	for (i = 0; i < sizeof all / sizeof all[0]; i++)
		for (j = 0; j < 2; j++)
			if (all[i][j] != -1)
				close(all[i][j]);
}

/*
 * Run gnuplot with the script on its standard input and its standard
 * output through a pipe into out, so that pint sees every failed write
 * (a full disk, a file size limit, /dev/full) and an empty image. -d:
 * it reads no initialisation file (~/.gnuplot, gnuplotrc), which could
 * run commands or send the image elsewhere. Its standard error comes
 * through a pipe too, to be said in one line. gnuplot gets a process
 * group of its own, so that a kill reaches whatever it starts. 0, or -1
 * + what went wrong (without the option and file).
 */
static int
plot_run(FILE *out, const char *format, const struct plot_opts *po,
    const struct results *r, struct plot_err *pe, char **cause)
{
	struct sigaction	 ign, old;
	FILE			*fp;
	pid_t			 pid;
	long long		 copied;
	/* One limit for the whole of gnuplot's run, not one per wait. */
	double			 deadline = now_s() + po->timeout_s;
	int			 p[2] = { -1, -1 }, q[2] = { -1, -1 };
	int			 e[2] = { -1, -1 }, x[2] = { -1, -1 };
	int			 werr = 0, oerr = 0, unfinished = 0, xerr = 0;
	ssize_t			 n;

	/* x: closed by a good exec, else the child writes its errno there. */
	if (pipe(p) != 0 || pipe(q) != 0 || pipe(e) != 0 ||
	    pipe2(x, O_CLOEXEC) != 0 || (pid = fork()) == -1) {
		xasprintf(cause, "%s: %s", x[0] != -1 ? "fork" : "pipe",
		    strerror(errno));
		plot_close(p, q, e, x);
		return -1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		/* pint ignores these for itself; gnuplot gets the defaults. */
		signal(SIGXFSZ, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		if (dup2(p[0], 0) != -1 && dup2(q[1], 1) != -1 &&
		    dup2(e[1], 2) != -1) {
			close(p[0]);
			close(p[1]);
			close(q[0]);
			close(q[1]);
			close(e[0]);
			close(e[1]);
			execl(po->gnuplot, "gnuplot", "-d", (char *)NULL);
		}
		xerr = errno;
		(void)!write(x[1], &xerr, sizeof xerr);
		_exit(127);
	}
	setpgid(pid, pid);	/* whichever of the two runs first */
	close(p[0]);
	close(q[1]);
	close(e[1]);
	close(x[1]);
	/* End of file at once (it ran) or its errno (it could not). */
	while ((n = read(x[0], &xerr, sizeof xerr)) == -1 && errno == EINTR)
		continue;
	if (n != (ssize_t)sizeof xerr)
		xerr = 0;
	close(x[0]);
	/* gnuplot may exit early: its exit status says why, not SIGPIPE. */
	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	/* The script is a few KiB: it fits the pipe before gnuplot draws. */
	if ((fp = fdopen(p[1], "w")) == NULL) {
		close(p[1]);
		werr = errno;
	} else {
		plot_script(fp, format, r);
		if (fclose(fp) != 0)
			werr = errno;
	}
	if ((copied = plot_copy(q[0], e[0], out, pe, deadline,
	    &unfinished)) < 0)
		oerr = errno != 0 ? errno : EIO;
	close(q[0]);
	close(e[0]);
	sigaction(SIGPIPE, &old, NULL);
	if (plot_wait(pid, po, deadline, unfinished, xerr, cause) != 0)
		return -1;
	if (werr != 0) {
		xasprintf(cause, "writing to gnuplot: %s", strerror(werr));
		return -1;
	}
	if (oerr != 0) {
		xasprintf(cause, "%s", strerror(oerr));
		return -1;
	}
	if (copied == 0) {
		xasprintf(cause, "gnuplot exited 0 but drew nothing");
		return -1;
	}
	return 0;
}

int
plot_write(const struct output_set *set, const char *path,
    const struct plot_opts *po, const struct results *r, char **cause)
{
	struct plot_err	 pe;
	struct output	*o;
	char		*why = NULL, *said;
	int		 rv;

	if ((o = output_open(set, "--plot", path, cause)) == NULL)
		return -1;
	pe.len = 0;
	pe.more = 0;
	rv = plot_run(output_fp(o), plot_format(path), po, r, &pe, &why);
	said = plot_err_line(&pe);
	if (rv != 0) {
		output_abort(o);
		/* Every failure names the file, and what gnuplot said. */
		xasprintf(cause, "--plot %s: %s%s%s", path, why,
		    said != NULL ? "; gnuplot said: " : "",
		    said != NULL ? said : "");
	} else {
		if (said != NULL)
			warning("--plot %s: gnuplot said: %s", path, said);
		rv = output_commit(o, cause);
	}
	free(why);
	free(said);
	return rv;
}
