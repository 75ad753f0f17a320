/*
 * examples: the task files of examples/, built into pint so that
 * `pint --example NAME` prints one wherever pint is installed.
 */
#ifndef PINT_EXAMPLES_H
#define PINT_EXAMPLES_H

struct example {
	const char	*name;		/* file name: gauss-2d.yaml */
	const char	*text;
};

/* Ends with { NULL, NULL }; made by src/examples.awk. */
extern const struct example examples_table[];

/* The example NAME, or NAME.yaml / NAME.json; NULL if none. */
const struct example *examples_find(const char *);

#endif
