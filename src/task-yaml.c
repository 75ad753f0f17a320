/*
 * task-yaml: the task file read with libyaml's event API into a small
 * tree, never with yaml_parser_load: that one is quadratic in nesting
 * depth, builds self-referencing nodes from aliases and keeps duplicate
 * keys. Here the tree is bounded in size, depth and node count; aliases,
 * anchors and explicit tags (even !!str: a tag would promise a type we
 * then ignore) are refused, duplicate keys and NULs inside scalars are
 * errors. Locations are 1-based lines and columns, as messages print.
 */
#include "config.h"

#include "task-yaml.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "task.h"
#include "util.h"

int
task_verror_at(char **cause, const char *source, unsigned line,
    unsigned col, const char *fmt, va_list ap)
{
	char	*msg;

	xvasprintf(&msg, fmt, ap);
	xasprintf(cause, "%s:%u:%u: %s", source, line, col, msg);
	free(msg);
	return -1;
}

int
task_error_at(char **cause, const char *source, unsigned line, unsigned col,
    const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	task_verror_at(cause, source, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

const char *
task_quote(const char *s, char *buf, size_t size)
{
	size_t	 n = 0, i;
	int	 c;

	if (size < 8)
		return "";
	buf[n++] = '"';
	for (i = 0; s[i] != '\0' && n + 8 < size; i++) {
		if (i == 40) {
			memcpy(buf + n, "...", 3);
			n += 3;
			break;
		}
		c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			buf[n++] = '\\';
			buf[n++] = c;
		} else if (c < 0x20 || c == 0x7f)
			n += snprintf(buf + n, size - n, "\\x%02x", c);
		else
			buf[n++] = c;
	}
	buf[n++] = '"';
	buf[n] = '\0';
	return buf;
}


void
task_tree_free(struct task_tree *tr)
{
	size_t	 i;

	for (i = 0; i < tr->nnodes; i++) {
		free(tr->nodes[i]->value);
		free(tr->nodes[i]->items);
		free(tr->nodes[i]);
	}
	free(tr->nodes);
	memset(tr, 0, sizeof *tr);
}

/* Line and column of a byte offset, for reader errors that give no mark. */
static void
task_offset_mark(const char *buf, size_t len, size_t off, unsigned *line,
    unsigned *col)
{
	size_t		 i;
	unsigned char	 c;

	*line = *col = 1;
	if (off > len)
		off = len;
	for (i = 0; i < off; i++) {
		c = buf[i];
		if (c == '\n' || (c == '\r' && (i + 1 == len ||
		    buf[i + 1] != '\n'))) {
			(*line)++;
			*col = 1;
		} else if ((c & 0xc0) != 0x80 && c != '\r')
			(*col)++;	/* libyaml counts characters */
	}
}

static int
task_yaml_error(const yaml_parser_t *p, const char *buf, size_t len,
    const char *source, char **cause)
{
	const char	*problem;
	unsigned	 line, col;

	problem = p->problem != NULL ? p->problem : "invalid YAML";
	switch (p->error) {
	case YAML_MEMORY_ERROR:
		xasprintf(cause, "%s: out of memory", source);
		return -1;
	case YAML_READER_ERROR:
		task_offset_mark(buf, len, p->problem_offset, &line, &col);
		if (p->problem_value != -1) {
			return task_error_at(cause, source, line, col,
			    "%s (0x%02x)", problem, p->problem_value);
		}
		return task_error_at(cause, source, line, col, "%s", problem);
	case YAML_NO_ERROR:
	case YAML_SCANNER_ERROR:
	case YAML_PARSER_ERROR:
	case YAML_COMPOSER_ERROR:
	case YAML_WRITER_ERROR:
	case YAML_EMITTER_ERROR:
		/* Marks of the problem and its context: below. */
		break;
	}
	line = p->problem_mark.line + 1;
	col = p->problem_mark.column + 1;
	if (p->context != NULL &&
	    (p->context_mark.line != p->problem_mark.line ||
	    p->context_mark.column != p->problem_mark.column)) {
		return task_error_at(cause, source, line, col,
		    "%s (%s at %zu:%zu)", problem, p->context,
		    p->context_mark.line + 1, p->context_mark.column + 1);
	}
	return task_error_at(cause, source, line, col, "%s", problem);
}

/* Add a node under the innermost open collection. */
static int
task_tree_add(struct task_tree *tr, enum task_ntype type,
    const yaml_mark_t *mark, const char *source, char **cause,
    struct task_node **np)
{
	struct task_node	*n, *p = tr->open;
	unsigned		 line = mark->line + 1, col = mark->column + 1;

	if (tr->nnodes == tr->maxnodes) {
		return task_error_at(cause, source, line, col,
		    "too many values (limit %zu)", tr->maxnodes);
	}
	if (p != NULL && p->type == TASK_MAPPING && p->nitems % 2 == 0) {
		if (type != TASK_SCALAR) {
			return task_error_at(cause, source, line, col,
			    "mapping keys must be strings, got a %s",
			    type == TASK_SEQUENCE ? "sequence" : "mapping");
		}
	}
	if (tr->nnodes == tr->cap) {
		tr->cap = tr->cap ? 2 * tr->cap : 64;
		tr->nodes = xreallocarray(tr->nodes, tr->cap,
		    sizeof *tr->nodes);
	}
	n = tr->nodes[tr->nnodes++] = xcalloc(1, sizeof *n);
	n->type = type;
	n->line = line;
	n->col = col;
	n->parent = p;
	*np = n;
	if (p == NULL) {
		tr->root = n;
		return 0;
	}
	p->items = xreallocarray(p->items, p->nitems + 1, sizeof *p->items);
	p->items[p->nitems++] = n;
	return 0;
}

/* A scalar key: refuse a duplicate of an earlier key of its mapping. */
static int
task_tree_key(struct task_node *n, const char *source, char **cause)
{
	struct task_node	*p = n->parent, *k;
	char			 q[200];
	size_t			 i;

	if (p == NULL || p->type != TASK_MAPPING || p->nitems % 2 != 1)
		return 0;
	for (i = 0; i + 1 < p->nitems; i += 2) {
		k = p->items[i];
		if (strcmp(k->value, n->value) == 0) {
			return task_error_at(cause, source, n->line, n->col,
			    "duplicate key %s (first at %u:%u)",
			    task_quote(n->value, q, sizeof q), k->line, k->col);
		}
	}
	return 0;
}

static int
task_tree_event(struct task_tree *tr, yaml_event_t *ev, const char *source,
    char **cause)
{
	struct task_node	*n;
	const yaml_mark_t	*mark = &ev->start_mark;
	unsigned		 line = mark->line + 1, col = mark->column + 1;
	const char		*value;
	enum task_ntype		 type;

	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		return task_error_at(cause, source, line, col,
		    "aliases and anchors are not supported");
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.anchor != NULL) {
			return task_error_at(cause, source, line, col,
			    "aliases and anchors are not supported");
		}
		if (ev->data.scalar.tag != NULL) {
			return task_error_at(cause, source, line, col,
			    "tags are not supported");
		}
		value = (const char *)ev->data.scalar.value;
		if (strlen(value) != ev->data.scalar.length) {
			return task_error_at(cause, source, line, col,
			    "NUL character in a scalar");
		}
		if (task_tree_add(tr, TASK_SCALAR, mark, source, cause,
		    &n) != 0)
			return -1;
		n->value = xstrndup(value, ev->data.scalar.length);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		return task_tree_key(n, source, cause);
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (ev->type == YAML_SEQUENCE_START_EVENT) {
			type = TASK_SEQUENCE;
			if (ev->data.sequence_start.anchor != NULL)
				goto anchor;
			if (ev->data.sequence_start.tag != NULL)
				goto tag;
		} else {
			type = TASK_MAPPING;
			if (ev->data.mapping_start.anchor != NULL)
				goto anchor;
			if (ev->data.mapping_start.tag != NULL)
				goto tag;
		}
		if (tr->depth == TASK_MAXDEPTH) {
			return task_error_at(cause, source, line, col,
			    "nesting deeper than %d levels", TASK_MAXDEPTH);
		}
		if (task_tree_add(tr, type, mark, source, cause, &n) != 0)
			return -1;
		tr->open = n;
		tr->depth++;
		return 0;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		if (tr->open != NULL) {
			tr->open = tr->open->parent;
			tr->depth--;
		}
		return 0;
	case YAML_NO_EVENT:
	case YAML_STREAM_START_EVENT:
	case YAML_STREAM_END_EVENT:
	case YAML_DOCUMENT_START_EVENT:
	case YAML_DOCUMENT_END_EVENT:
		/* No node: the caller counts the documents. */
		return 0;
	}
anchor:
	return task_error_at(cause, source, line, col,
	    "aliases and anchors are not supported");
tag:
	return task_error_at(cause, source, line, col,
	    "tags are not supported");
}

int
task_tree_build(struct task_tree *tr, const char *buf, size_t len,
    const char *source, char **cause)
{
	return task_tree_build_max(tr, buf, len, source, TASK_MAXNODES, cause);
}

/* How many parser events between two looks at stop_signal. */
#define TASK_STOP_EVERY	4096

void	(*task_parse_hook)(void);

int
task_tree_build_max(struct task_tree *tr, const char *buf, size_t len,
    const char *source, size_t maxnodes, char **cause)
{
	yaml_parser_t	 p;
	yaml_event_t	 ev;
	unsigned long	 events = 0;
	int		 docs = 0, done = 0, rc = 0;

	memset(tr, 0, sizeof *tr);
	tr->maxnodes = maxnodes;
	if (!yaml_parser_initialize(&p)) {
		task_tree_free(tr);
		xasprintf(cause, "%s: out of memory", source);
		return -1;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (!done) {
		/* A signal stops a long parse (a large report) at once. */
		if (++events % TASK_STOP_EVERY == 0) {
			if (events == TASK_STOP_EVERY &&
			    task_parse_hook != NULL)
				task_parse_hook();
			if (stop_signal != 0) {
				xasprintf(cause, "%s: pint got %s while it "
				    "read", source, sig_name(stop_signal));
				rc = -1;
				break;
			}
		}
		if (!yaml_parser_parse(&p, &ev)) {
			rc = task_yaml_error(&p, buf, len, source, cause);
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (docs++ > 0) {
				rc = task_error_at(cause, source,
				    ev.start_mark.line + 1,
				    ev.start_mark.column + 1,
				    "more than one document");
			}
			break;
		case YAML_NO_EVENT:
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
		case YAML_ALIAS_EVENT:
		case YAML_SCALAR_EVENT:
		case YAML_SEQUENCE_START_EVENT:
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_START_EVENT:
		case YAML_MAPPING_END_EVENT:
			rc = task_tree_event(tr, &ev, source, cause);
			break;
		}
		yaml_event_delete(&ev);
		if (rc != 0)
			break;
	}
	yaml_parser_delete(&p);
	if (rc != 0)
		task_tree_free(tr);
	return rc;
}
