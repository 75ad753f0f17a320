/*
 * pint: a parallel integrator and scaling benchmark.
 *
 * main wires the modules: the command line becomes options (cli), the
 * options and the task a plan (plan), the plan is run (run: pool, sampler,
 * report), and a run stopped by SIGINT or
 * SIGTERM ends by the same signal once its workers are reaped, so the
 * caller sees 128 + N.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cluster.h"
#include "complete.h"
#include "examples.h"
#include "plan.h"
#include "pool.h"
#include "run.h"
#include "output.h"
#include "util.h"

static void
on_stop(int sig)
{
	if (stop_signal == 0) {
		stop_signal = sig;
		cluster_on_signal();
	}
}

static void
on_child(int sig)
{
	(void)sig;	/* only to interrupt the parent's waits */
}

/*
 * SIGINT, SIGTERM and SIGHUP stop the run cleanly, except one that was
 * ignored when pint started (nohup, trap '' INT, a batch system): that
 * stays ignored, in the workers too.
 */
static void
signals_install(void)
{
	static const int	 stops[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction	 sa, old;
	size_t			 i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	for (i = 0; i < sizeof stops / sizeof *stops; i++) {
		if (sigaction(stops[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		sigaction(stops[i], &sa, NULL);
	}
	sa.sa_handler = on_child;
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
}

/* The exit status rv; 128 + N ends pint by signal N itself. */
static int
main_exit(int rv)
{
	fflush(stdout);
	if (rv > 128 && rv < 128 + 65) {
		signal(rv - 128, SIG_DFL);
		raise(rv - 128);
	}
	return rv;
}

/* --example NAME: the bundled task on stdout. */
static int
main_example(const char *name)
{
	const struct example	*e;

	if ((e = examples_find(name)) == NULL) {
		char	*names = xstrdup(""), *more;

		for (e = examples_table; e->name != NULL; e++) {
			xasprintf(&more, "%s %s", names, e->name);
			free(names);
			names = more;
		}
		warnmsg("--example%s%s: no such example; there are%s",
		    *name ? " " : "", name, names);
		free(names);
		return EXIT_USAGE;
	}
	fputs(e->text, stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		warnmsg("standard output: %s", strerror(errno));
		return EXIT_RUNFAIL;
	}
	return EXIT_OK;
}

int
main(int argc, char **argv)
{
	const struct cli_command	*cmd;
	struct cli_opts			 opts;
	struct plan			 plan;
	char				*cause = NULL;
	int				 rv;

	/*
	 * A file size limit (ulimit -f) must not kill pint half way through
	 * a file: ignored, the write fails with EFBIG, which the output
	 * module reports (exit 1), leaving the old file and no temporary one.
	 */
	signal(SIGXFSZ, SIG_IGN);
	output_stderr_guard(argc, argv);
	if (argc > 1 && (cmd = cli_command_find(argv[1])) != NULL) {
		/*
		 * A subcommand stops as a run does: what it started (gnuplot)
		 * is killed and reaped, a file half written is removed, and
		 * pint ends by the signal.
		 */
		signals_install();
		rv = cmd->main(argc - 1, argv + 1);
		return main_exit(stop_signal != 0 ? 128 + stop_signal :
		    rv);
	}
	if (cli_parse(&opts, argc, argv, &cause) != 0) {
		warnmsg("%s", cause);
		free(cause);
		return EXIT_USAGE;
	}
	switch (opts.action) {
	case CLI_VERSION:
		printf("pint %s\n", PACKAGE_VERSION);
		return EXIT_OK;
	case CLI_HELP:
		cli_usage(stdout);
		cli_help(stdout);
		return EXIT_OK;
	case CLI_EXAMPLE:
		return main_example(opts.example);
	case CLI_COMPLETION:
		return complete_print(stdout, opts.completion);
	case CLI_RUN:
		break;
	}
	warnings_off = opts.run.quiet;
	/*
	 * Before the plan: its checks of the outputs make and remove files,
	 * which a signal must not interrupt half way.
	 */
	signals_install();
	rv = plan_make(&plan, &opts, &cause);
	if (stop_signal != 0) {
		warnmsg("interrupted by %s before the run",
		    sig_name(stop_signal));
		free(cause);
		plan_free(&plan);
		return main_exit(128 + stop_signal);
	}
	if (rv != 0) {
		warnmsg("%s", cause);
		free(cause);
		plan_free(&plan);
		return rv;
	}
	rv = run_plan(&plan);
	plan_free(&plan);
	return main_exit(rv);
}
