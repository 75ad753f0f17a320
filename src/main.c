/*
 * pint: a parallel integrator and scaling benchmark.
 *
 * main wires the modules: the command line becomes a plan (cli), the plan
 * is run (run: pool, sampler, report), and a run stopped by SIGINT or
 * SIGTERM ends by the same signal once its workers are reaped, so the
 * caller sees 128 + N.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "pool.h"
#include "run.h"
#include "util.h"

static void
on_stop(int sig)
{
	if (pool_interrupt == 0)
		pool_interrupt = sig;
}

static void
on_child(int sig)
{
	(void)sig;	/* only to interrupt the parent's waits */
}

static void
signals_install(void)
{
	struct sigaction	 sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_child;
	sa.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
}

int
main(int argc, char **argv)
{
	struct plan	 plan;
	int		 rv;

	rv = cli_parse(&plan, argc, argv);
	if (rv != 0) {
		cli_free(&plan);
		return rv == -1 ? EXIT_OK : rv;
	}
	signals_install();
	rv = run_plan(&plan);
	cli_free(&plan);
	fflush(stdout);
	if (rv > 128 && rv < 128 + 65) {
		signal(rv - 128, SIG_DFL);
		raise(rv - 128);
	}
	return rv;
}
