/*
 * task-yaml: the task file's reader. libyaml's event API builds a small
 * tree, bounded in size, depth and node count; aliases, anchors and
 * explicit tags are refused, duplicate keys and NULs inside scalars are
 * errors. The schema (task.c) walks the tree; this file knows no key.
 * The task module's, and compare's for the reports it reads (JSON is
 * YAML).
 */
#ifndef PINT_TASK_YAML_H
#define PINT_TASK_YAML_H

#include <stdarg.h>
#include <stddef.h>

#define TASK_MAXNODES	1024		/* YAML nodes in a task file */

/* A node of the parsed file: a scalar, a sequence or a mapping. */
enum task_ntype {
	TASK_SCALAR,
	TASK_SEQUENCE,
	TASK_MAPPING,
};

struct task_node {
	enum task_ntype	  type;
	unsigned	  line;		/* 1-based, of the node's start */
	unsigned	  col;
	char		 *value;	/* scalar text, NUL-free */
	int		  plain;	/* scalar neither quoted nor block */
	struct task_node **items;	/* items, or keys and values in turn */
	size_t		  nitems;
	struct task_node *parent;
};

struct task_tree {
	struct task_node **nodes;	/* all of them, each allocated */
	size_t		  nnodes, cap;
	size_t		  maxnodes;	/* TASK_MAXNODES for a task */
	struct task_node *root;
	struct task_node *open;		/* innermost unfinished collection */
	int		  depth;
};

/* Parse YAML text into a tree, one document at most; -1 + cause. */
int	 task_tree_build(struct task_tree *, const char *, size_t,
	     const char *, char **);
/* Test hook: called once a parse is 4096 events in; NULL: none. */
extern void	(*task_parse_hook)(void);
/* The same with at most so many nodes (pint compare reads reports). */
int	 task_tree_build_max(struct task_tree *, const char *, size_t,
	     const char *, size_t, char **);
void	 task_tree_free(struct task_tree *);

/* Set *cause to "source:line:col: message"; return -1. */
int	 task_error_at(char **, const char *, unsigned, unsigned,
	     const char *, ...) __attribute__((format(printf, 5, 6)));
int	 task_verror_at(char **, const char *, unsigned, unsigned,
	     const char *, va_list) __attribute__((format(printf, 5, 0)));

/* Quote text for a message: escaped, cut after 40 bytes. */
const char	*task_quote(const char *, char *, size_t);

#endif
