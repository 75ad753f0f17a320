/*
 * complete: the bash and zsh completion scripts of pint, made from its
 * own tables (cli_options, cli_commands and cli_command_args, the rules,
 * formats and engines of task.c, the bundled examples), so that they
 * cannot drift from the program they complete.
 */
#ifndef PINT_COMPLETE_H
#define PINT_COMPLETE_H

#include <stdio.h>

#include "cli.h"

/*
 * pint --completion WHAT: "bash" or "zsh" print the script, "jobs" the
 * -j values the scripts offer here (see complete_jobs). Returns an exit
 * status; a failed write is reported.
 */
int	 complete_print(FILE *, const char *);

/*
 * The -j values for usable CPUs, one a line: the count, then (beyond one
 * CPU) a sweep over the powers of two up to it and the range 1-N when it
 * fits in one sweep and differs from the list.
 */
void	 complete_jobs(FILE *, int);

/*
 * The scripts for pint's options and the subcommands of cmds, whose
 * option arguments args describes (pint --completion: cli_commands and
 * cli_command_args).
 */
void	 complete_bash(FILE *, const struct cli_command *,
	     const struct cli_arg *);
void	 complete_zsh(FILE *, const struct cli_command *,
	     const struct cli_arg *);

#endif
