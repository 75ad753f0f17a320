/* examples: look a bundled task up by name, with or without extension. */
#include "config.h"

#include "examples.h"

#include <string.h>

const struct example *
examples_find(const char *name)
{
	const struct example	*e;
	size_t			 n = strlen(name);

	for (e = examples_table; e->name != NULL; e++) {
		if (strcmp(e->name, name) == 0)
			return e;
		if (strncmp(e->name, name, n) == 0 && e->name[n] == '.' &&
		    strchr(e->name + n + 1, '.') == NULL)
			return e;
	}
	return NULL;
}
