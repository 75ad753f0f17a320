/*
 * complete: pint's completion scripts for bash and zsh, written from the
 * tables the parsers themselves read. Every command (pint itself and each
 * row of cli_commands) is first brought to one shape, a list of options
 * with their short letter, long name and argument kind; the two writers
 * only print that list in their shell's terms.
 */
#include "config.h"

#include "complete.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cpus.h"
#include "examples.h"
#include "util.h"

/* One option of a command, whichever table it came from. */
struct copt {
	int			 letter;	/* the short option, or 0 */
	const char		*name;		/* the long option, or NULL */
	enum cli_argkind	 kind;
	const char *const	*values;
	const char		*metavar;	/* or NULL */
	const char		*help;		/* or NULL */
};

/* A command as the scripts see it. */
struct ccmd {
	const char	*name;		/* NULL: pint itself */
	const char	*summary;
	struct copt	*opts;
	size_t		 nopts;
};

static void
ccmd_main(struct ccmd *c)
{
	const struct cli_option	*op;
	struct copt		*o;

	memset(c, 0, sizeof *c);
	for (op = cli_options; op->name != NULL; op++)
		c->nopts++;
	c->opts = xcalloc(c->nopts, sizeof *c->opts);
	for (op = cli_options, o = c->opts; op->name != NULL; op++, o++) {
		o->letter = op->val < 256 ? op->val : 0;
		o->name = op->name;
		o->kind = op->kind;
		o->values = op->values;
		o->metavar = op->metavar;
		o->help = op->help;
	}
}

/* What cli_command_args says of a subcommand's option: a file if nothing. */
static void
ccmd_arg(const struct cli_arg *a, const char *command, struct copt *o)
{
	o->kind = CLI_ARG_FILE;
	for (; a->command != NULL; a++) {
		if (strcmp(a->command, command) == 0 &&
		    strcmp(a->name, o->name) == 0) {
			o->kind = a->kind;
			o->values = a->values;
			return;
		}
	}
}

/*
 * A subcommand's options from its getopt tables: each long option, with
 * the short letter that getopt gives the same value, then the short
 * options that have no long name. An optional argument is never a word
 * of its own, so such an option completes as a flag.
 */
static void
ccmd_sub(struct ccmd *c, const struct cli_command *cmd,
    const struct cli_arg *args)
{
	const struct option	*lo;
	const char		*s, *so = cmd->shortopts;
	struct copt		*o;

	memset(c, 0, sizeof *c);
	c->name = cmd->name;
	c->summary = cmd->summary;
	for (lo = cmd->longopts; lo->name != NULL; lo++)
		c->nopts++;
	c->opts = xcalloc(c->nopts + strlen(so), sizeof *c->opts);
	o = c->opts;
	for (lo = cmd->longopts; lo->name != NULL; lo++, o++) {
		o->name = lo->name;
		if (lo->flag == NULL && lo->val > 0 && lo->val < 256 &&
		    isalnum(lo->val) && strchr(so, lo->val) != NULL)
			o->letter = lo->val;
		if (lo->has_arg == required_argument)
			ccmd_arg(args, cmd->name, o);
	}
	for (s = so; *s != '\0'; s++) {
		if (!isalnum((unsigned char)*s))
			continue;
		for (lo = cmd->longopts; lo->name != NULL; lo++)
			if (lo->flag == NULL && lo->val == *s)
				break;
		if (lo->name != NULL)
			continue;
		o = &c->opts[c->nopts++];
		o->letter = *s;
		if (s[1] == ':' && s[2] != ':')
			o->kind = CLI_ARG_FILE;
	}
}

/*
 * Every command: [0] pint itself, then the subcommands of cmds. Free with
 * ccmds_free.
 */
static struct ccmd *
ccmds(const struct cli_command *cmds, const struct cli_arg *args, size_t *n)
{
	const struct cli_command	*cmd;
	struct ccmd			*c;

	for (*n = 1, cmd = cmds; cmd->name != NULL; cmd++)
		(*n)++;
	c = xcalloc(*n, sizeof *c);
	ccmd_main(&c[0]);
	for (*n = 1, cmd = cmds; cmd->name != NULL; cmd++)
		ccmd_sub(&c[(*n)++], cmd, args);
	return c;
}

static void
ccmds_free(struct ccmd *c, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(c[i].opts);
	free(c);
}

/*
 * The words an argument may be, each printed by word() after sep: the
 * values, or the examples' names without their suffix.
 */
static void
cwords(FILE *fp, const struct copt *o, const char *sep,
    void (*word)(FILE *, const char *, size_t))
{
	const struct example	*e;
	const char *const	*v;
	const char		*dot;

	if (o->kind == CLI_ARG_EXAMPLE) {
		for (e = examples_table; e->name != NULL; e++) {
			fputs(sep, fp);
			dot = strrchr(e->name, '.');
			word(fp, e->name, dot != NULL ? (size_t)(dot - e->name) :
			    strlen(e->name));
		}
		return;
	}
	for (v = o->values; v != NULL && *v != NULL; v++) {
		fputs(sep, fp);
		word(fp, *v, strlen(*v));
	}
}

/* A shell word: bare when it is plain, else in single quotes. */
static void
sh_word(FILE *fp, const char *s, size_t n)
{
	size_t	 i;

	if (n > 0 && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._,+-/=@%") >= n) {
		fprintf(fp, "%.*s", (int)n, s);
		return;
	}
	fputc('\'', fp);
	for (i = 0; i < n; i++) {
		if (s[i] == '\'')
			fputs("'\\''", fp);
		else
			fputc(s[i], fp);
	}
	fputc('\'', fp);
}

static void
script_head(FILE *fp, const char *shell)
{
	fprintf(fp, "# %s completion for pint(1), made by `pint --completion "
	    "%s` (pint %s)\n"
	    "# from the option tables pint itself parses with: do not edit, "
	    "make it again.\n", shell, shell, PACKAGE_VERSION);
}

/* bash: the helpers every command's function calls. */
static const char bash_helpers[] =
"\n"
"# _pint_words CUR WORD...: the words that begin with CUR.\n"
"_pint_words() {\n"
"\tlocal cur=$1 w\n"
"\tshift\n"
"\tfor w; do\n"
"\t\t[[ $w == \"$cur\"* ]] && COMPREPLY+=(\"$w\")\n"
"\tdone\n"
"}\n"
"\n"
"# _pint_files CUR [SUFFIX]...: directories, and the files that end in a\n"
"# SUFFIX (any file when none is given); the SUFFIX - offers - itself\n"
"# (standard input), the SUFFIX / directories alone.\n"
"_pint_files() {\n"
"\tlocal cur=$1 f s\n"
"\tshift\n"
"\tcompopt -o filenames 2>/dev/null\n"
"\twhile IFS= read -r f; do\n"
"\t\tif [[ $# -eq 0 || -d $f ]]; then\n"
"\t\t\tCOMPREPLY+=(\"$f\")\n"
"\t\t\tcontinue\n"
"\t\tfi\n"
"\t\tfor s; do\n"
"\t\t\tif [[ $s == .* && $f == *\"$s\" ]]; then\n"
"\t\t\t\tCOMPREPLY+=(\"$f\")\n"
"\t\t\t\tbreak\n"
"\t\t\tfi\n"
"\t\tdone\n"
"\tdone < <(compgen -f -- \"$cur\")\n"
"\tfor s; do\n"
"\t\t[[ $s == - && - == \"$cur\"* ]] && COMPREPLY+=(-)\n"
"\tdone\n"
"}\n"
"\n"
"# _pint_jobs CUR PINT: the -j values that PINT (the command being\n"
"# completed) suggests for the CPUs it may use here; nproc's count if\n"
"# it cannot say.\n"
"_pint_jobs() {\n"
"\tlocal v p=$2\n"
"\t[[ $p == \"~/\"* ]] && p=$HOME/${p#\"~/\"}\n"
"\tv=$(\"$p\" --completion jobs 2>/dev/null) || v=$(nproc 2>/dev/null)\n"
"\t_pint_words \"$1\" $v\n"
"}\n";

static void
bash_prefixed(FILE *fp, const char *s, size_t n)
{
	fputs("--", fp);
	sh_word(fp, s, n);
}

/* bash: "-j|--jobs" */
static void
bash_pattern(FILE *fp, const struct copt *o)
{
	if (o->letter != 0)
		fprintf(fp, "-%c%s", o->letter, o->name != NULL ? "|" : "");
	if (o->name != NULL)
		bash_prefixed(fp, o->name, strlen(o->name));
}

/* bash: how the argument of option o completes, after _pint_... */
static void
bash_action(FILE *fp, const struct copt *o)
{
	switch (o->kind) {
	case CLI_ARG_NONE:
	case CLI_ARG_TEXT:	/* bash_command's case of their own */
		break;
	case CLI_ARG_FILE:
		fputs("_pint_files \"$1\"", fp);
		cwords(fp, o, " ", sh_word);
		break;
	case CLI_ARG_DIR:
		fputs("_pint_files \"$1\" /", fp);
		break;
	case CLI_ARG_CHOICE:
	case CLI_ARG_EXAMPLE:
		fputs("_pint_words \"$1\"", fp);
		cwords(fp, o, " ", sh_word);
		break;
	case CLI_ARG_JOBS:
		fputs("_pint_jobs \"$1\" \"$3\"", fp);
		break;
	}
}

/*
 * bash: _pint_cmd_NAME CUR PREV PINT completes the word CUR after PREV:
 * an option's argument, an option, or what comes after the options.
 */
static void
bash_command(FILE *fp, const struct ccmd *c, const struct ccmd *all,
    size_t n)
{
	const struct copt	*o;
	size_t			 i;
	int			 text = 0;

	if (c->name != NULL)
		fprintf(fp, "\n_pint_cmd_%s() {\n\tcase $2 in\n", c->name);
	else
		fputs("\n_pint_main() {\n\tcase $2 in\n", fp);
	for (o = c->opts; o < c->opts + c->nopts; o++) {
		if (o->kind == CLI_ARG_NONE || o->kind == CLI_ARG_TEXT)
			continue;
		fputc('\t', fp);
		bash_pattern(fp, o);
		fputs(")\n\t\t", fp);
		bash_action(fp, o);
		fputs("\n\t\treturn ;;\n", fp);
	}
	/* Free text: nothing to offer, but not an option either. */
	for (o = c->opts; o < c->opts + c->nopts; o++) {
		if (o->kind != CLI_ARG_TEXT)
			continue;
		fputs(text++ == 0 ? "\t" : "|", fp);
		bash_pattern(fp, o);
	}
	if (text > 0)
		fputs(")\n\t\treturn ;;\n", fp);
	fputs("\tesac\n", fp);
	if (c->name == NULL && n > 1) {
		fputs("\tif [[ $COMP_CWORD -eq 1 && $1 != -* ]]; then\n"
		    "\t\t_pint_words \"$1\"", fp);
		for (i = 1; i < n; i++)
			fprintf(fp, " %s", all[i].name);
		fputs("\n\t\t[[ -n $1 ]] && return\n\tfi\n", fp);
	}
	if (c->name != NULL)
		fputs("\tif [[ $1 != -* ]]; then\n\t\t_pint_files \"$1\"\n"
		    "\t\treturn\n\tfi\n", fp);
	else
		fputs("\t[[ -z $1 || $1 == -* ]] || return\n", fp);
	fputs("\t_pint_words \"$1\"", fp);
	for (o = c->opts; o < c->opts + c->nopts; o++) {
		if (o->letter != 0)
			fprintf(fp, " -%c", o->letter);
		if (o->name != NULL) {
			fputc(' ', fp);
			bash_prefixed(fp, o->name, strlen(o->name));
		}
	}
	fputs("\n}\n", fp);
}

void
complete_bash(FILE *fp, const struct cli_command *cmds,
    const struct cli_arg *args)
{
	struct ccmd	*c;
	size_t		 i, n;

	c = ccmds(cmds, args, &n);
	script_head(fp, "bash");
	fputs("# Enable: source it from ~/.bashrc, or install it as pint in "
	    "bash-completion's\n# completions directory (see pint(1), "
	    "COMPLETION).\n", fp);
	fputs(bash_helpers, fp);
	for (i = 0; i < n; i++)
		bash_command(fp, &c[i], c, n);
	fputs("\n_pint() {\n"
	    "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=\n"
	    "\tCOMPREPLY=()\n"
	    "\t[[ $COMP_CWORD -gt 0 ]] && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	    "\t# --opt=value: bash splits the = off as a word of its own.\n"
	    "\tif [[ $cur == = ]]; then\n"
	    "\t\tcur=\n"
	    "\telif [[ $prev == = && $COMP_CWORD -gt 1 ]]; then\n"
	    "\t\tprev=${COMP_WORDS[COMP_CWORD-2]}\n"
	    "\tfi\n", fp);
	if (n > 1) {
		fputs("\tif [[ $COMP_CWORD -gt 1 ]]; then\n"
		    "\t\tcase ${COMP_WORDS[1]} in\n", fp);
		for (i = 1; i < n; i++)
			fprintf(fp, "\t\t%s)\n\t\t\t_pint_cmd_%s \"$cur\" "
			    "\"$prev\" \"${COMP_WORDS[0]}\"\n\t\t\treturn ;;\n",
			    c[i].name, c[i].name);
		fputs("\t\tesac\n\tfi\n", fp);
	}
	fputs("\t_pint_main \"$cur\" \"$prev\" \"${COMP_WORDS[0]}\"\n"
	    "}\n\ncomplete -F _pint pint\n", fp);
	ccmds_free(c, n);
}

/*
 * zsh: text inside a single-quoted _arguments spec, where [ ] : and \
 * have meanings of their own.
 */
static void
zsh_text(FILE *fp, const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\'')
			fputs("'\\''", fp);
		else if (s[i] == '\n')
			fputc(' ', fp);
		else {
			if (strchr("[]:\\", s[i]) != NULL)
				fputc('\\', fp);
			fputc(s[i], fp);
		}
	}
}

/* zsh: text inside single quotes, as it is. */
static void
zsh_quoted(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			fputs("'\\''", fp);
		else
			fputc(*s, fp);
	}
}

static void
zsh_plain(FILE *fp, const char *s, size_t n)
{
	zsh_text(fp, s, n);
}

/* zsh: the action of an option's argument, inside the spec's quotes. */
static void
zsh_action(FILE *fp, const struct copt *o)
{
	switch (o->kind) {
	case CLI_ARG_NONE:
		break;
	case CLI_ARG_TEXT:
		fputc(' ', fp);
		break;
	case CLI_ARG_FILE:
		fputs("_pint_files", fp);
		cwords(fp, o, " ", zsh_plain);
		break;
	case CLI_ARG_DIR:
		fputs("_files -/", fp);
		break;
	case CLI_ARG_CHOICE:
	case CLI_ARG_EXAMPLE:
		fputc('(', fp);
		cwords(fp, o, " ", zsh_plain);
		fputs(" )", fp);
		break;
	case CLI_ARG_JOBS:
		fputs("_pint_jobs", fp);
		break;
	}
}

/* zsh: one _arguments spec for the option spelt form ("-j", "--jobs"). */
static void
zsh_spec(FILE *fp, const char *indent, const struct copt *o,
    const char *dash, const char *form)
{
	size_t	 n;

	fprintf(fp, " \\\n%s    '", indent);
	if (o->kind != CLI_ARG_NONE)
		fputc('*', fp);
	else if (o->letter != 0 && o->name != NULL)
		fprintf(fp, "(-%c --%s)", o->letter, o->name);
	fprintf(fp, "%s%s", dash, form);
	if (o->kind != CLI_ARG_NONE)
		fputs(*dash == '-' && dash[1] == '-' ? "=" : "+", fp);
	if (o->help != NULL) {
		/* A choice's help that -h follows with its values: no ':'. */
		n = strlen(o->help);
		if (o->kind == CLI_ARG_CHOICE && n > 0 && o->help[n - 1] == ':')
			n--;
		fputc('[', fp);
		zsh_text(fp, o->help, n);
		fputc(']', fp);
	}
	if (o->kind != CLI_ARG_NONE) {
		fputc(':', fp);
		if (o->metavar != NULL)
			form = o->metavar;
		else if (o->name != NULL)
			form = o->name;
		zsh_text(fp, form, strlen(form));
		fputc(':', fp);
		zsh_action(fp, o);
	}
	fputc('\'', fp);
}

static void
zsh_arguments(FILE *fp, const struct ccmd *c, const char *indent)
{
	const struct copt	*o;
	char			 letter[2] = { 0, 0 };

	fprintf(fp, "%s_arguments -s -S :", indent);
	for (o = c->opts; o < c->opts + c->nopts; o++) {
		if (o->letter != 0) {
			letter[0] = (char)o->letter;
			zsh_spec(fp, indent, o, "-", letter);
		}
		if (o->name != NULL)
			zsh_spec(fp, indent, o, "--", o->name);
	}
	if (c->name != NULL)
		fprintf(fp, " \\\n%s    '*:file:_files'", indent);
	fputc('\n', fp);
}

static const char zsh_helpers[] =
"\n"
"# _pint_files [SUFFIX]...: directories and the files that end in a SUFFIX\n"
"# (any file when none is given); the SUFFIX - offers - (standard input).\n"
"_pint_files() {\n"
"\tlocal -a pats\n"
"\tlocal s ret=1\n"
"\tfor s; do\n"
"\t\tif [[ $s == - ]]; then\n"
"\t\t\tcompadd -- - && ret=0\n"
"\t\telse\n"
"\t\t\tpats+=(\"*$s\")\n"
"\t\tfi\n"
"\tdone\n"
"\tif (( $#pats )); then\n"
"\t\t_files -g \"(${(j:|:)pats})\" && ret=0\n"
"\telif (( ! $# )); then\n"
"\t\t_files && ret=0\n"
"\tfi\n"
"\treturn ret\n"
"}\n"
"\n"
"# _pint_jobs: the -j values that the pint being completed suggests for\n"
"# the CPUs it may use here; nproc's count if it cannot say.\n"
"_pint_jobs() {\n"
"\tlocal -a v\n"
"\tv=(${(f)\"$(${words[1]/#\\~/$HOME} --completion jobs 2>/dev/null)\"})\n"
"\t(( $#v )) || v=($(nproc 2>/dev/null))\n"
"\tcompadd -- $v\n"
"}\n";

void
complete_zsh(FILE *fp, const struct cli_command *cmds,
    const struct cli_arg *args)
{
	struct ccmd	*c;
	size_t		 i, n;

	c = ccmds(cmds, args, &n);
	fputs("#compdef pint\n", fp);
	script_head(fp, "zsh");
	fputs("# Enable: install it as _pint in a directory of $fpath before "
	    "compinit runs,\n# or source it after compinit (see pint(1), "
	    "COMPLETION).\n", fp);
	fputs(zsh_helpers, fp);
	fputs("\n_pint() {\n", fp);
	if (n > 1) {
		fputs("\tlocal -a cmds\n\tcmds=(", fp);
		for (i = 1; i < n; i++) {
			fputs(i > 1 ? " '" : "'", fp);
			zsh_text(fp, c[i].name, strlen(c[i].name));
			fputc(':', fp);
			zsh_quoted(fp, c[i].summary);
			fputc('\'', fp);
		}
		fputs(")\n\tif (( CURRENT > 2 )); then\n"
		    "\t\tcase ${words[2]} in\n", fp);
		for (i = 1; i < n; i++) {
			fprintf(fp, "\t\t%s)\n\t\t\tshift words\n"
			    "\t\t\t(( CURRENT-- ))\n", c[i].name);
			zsh_arguments(fp, &c[i], "\t\t\t");
			fputs("\t\t\treturn ;;\n", fp);
		}
		fputs("\t\tesac\n\telif [[ $PREFIX != -* ]]; then\n"
		    "\t\t_describe -t commands 'pint command' cmds\n"
		    "\t\t[[ -n $PREFIX ]] && return\n\tfi\n", fp);
	}
	zsh_arguments(fp, &c[0], "\t");
	fputs("}\n\n"
	    "if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then\n"
	    "\t_pint \"$@\"\n"
	    "else\n"
	    "\tcompdef _pint pint\n"
	    "fi\n", fp);
	ccmds_free(c, n);
}

void
complete_jobs(FILE *fp, int usable)
{
	int	 p;

	fprintf(fp, "%d\n", usable);
	if (usable < 2)
		return;
	for (p = 1; p < usable; p *= 2)
		fprintf(fp, "%d,", p);
	fprintf(fp, "%d\n", usable);
	if (usable > 3 && usable <= CLI_MAXSWEEP)
		fprintf(fp, "1-%d\n", usable);
}

int
complete_print(FILE *fp, const char *what)
{
	struct cpus	 c;

	if (strcmp(what, "bash") == 0)
		complete_bash(fp, cli_commands, cli_command_args);
	else if (strcmp(what, "zsh") == 0)
		complete_zsh(fp, cli_commands, cli_command_args);
	else {
		cpus_detect(&c, NULL, NULL);
		complete_jobs(fp, c.usable);
		cpus_free(&c);
	}
	if (fflush(fp) != 0 || ferror(fp)) {
		warnmsg("standard output: %s", strerror(errno));
		return EXIT_RUNFAIL;
	}
	return EXIT_OK;
}
