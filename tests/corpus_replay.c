/*
 * corpus_replay: runs every input of the fuzzing corpus (tests/corpus/task
 * and tests/corpus/expr) through the same code as the libFuzzer harnesses,
 * so make check replays what fuzzing found without needing clang. Each
 * input runs in a child with a time limit: a crash, a hang, a sanitizer
 * report or a broken invariant fails that input alone and names it.
 *
 *	corpus_replay [DIR]
 *
 * DIR holds task/ and expr/; by default $PINT_TEST_CORPUS, else
 * $srcdir/tests/corpus (make check sets srcdir), else tests/corpus.
 */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "readfile.h"
#include "util.h"

#define REPLAY_MAXINPUT	(1 << 20)	/* bytes of one input read at most */
#define REPLAY_TIMEOUT	20		/* seconds one input may take */
#define REPLAY_BROKEN	42		/* child's exit: an invariant broke */

typedef int (*replay_fn)(const uint8_t *, size_t, const char **);

/* The expression corpus also goes through the engines' comparison. */
static const struct {
	const char	*dir;
	const char	*label;
	replay_fn	 fn;
} replay_kinds[] = {
	{ "task", "task", fuzz_task_one },
	{ "expr", "expr", fuzz_expr_one },
	{ "expr", "diff", fuzz_diff_one },
};

static int
replay_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read a whole file (at most REPLAY_MAXINPUT bytes); -1 on error. */
static int
replay_read(const char *path, uint8_t **buf, size_t *len)
{
	ssize_t	 n;

	*buf = xmalloc(REPLAY_MAXINPUT + 1);
	if ((n = readfile(path, (char *)*buf, REPLAY_MAXINPUT + 1,
	    NULL)) == -1) {
		free(*buf);
		return -1;
	}
	*len = (size_t)n;
	return 0;
}

/*
 * Run one input in a child, which exits through exit() so that
 * LeakSanitizer, when built in, checks it. 0 if it passed.
 */
static int
replay_one(replay_fn fn, const char *kind, const char *name,
    const uint8_t *buf, size_t len)
{
	const char	*why = NULL;
	pid_t		 pid;
	int		 status;

	fflush(NULL);
	if ((pid = fork()) == -1) {
		fprintf(stderr, "corpus_replay: fork: %s\n", strerror(errno));
		exit(99);
	}
	if (pid == 0) {
		alarm(REPLAY_TIMEOUT);
		if (fn(buf, len, &why) != 0) {
			printf("FAIL: %s/%s: %s\n", kind, name, why);
			exit(REPLAY_BROKEN);
		}
		exit(0);
	}
	while (waitpid(pid, &status, 0) == -1) {
		if (errno != EINTR) {
			fprintf(stderr, "corpus_replay: waitpid: %s\n",
			    strerror(errno));
			exit(99);
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM) {
		printf("FAIL: %s/%s: took over %d s\n", kind, name,
		    REPLAY_TIMEOUT);
	} else if (WIFSIGNALED(status)) {
		printf("FAIL: %s/%s: killed by signal %d (%s)\n", kind, name,
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
	} else if (WEXITSTATUS(status) != REPLAY_BROKEN) {
		printf("FAIL: %s/%s: exit status %d (a sanitizer report?)\n",
		    kind, name, WEXITSTATUS(status));
	}
	return -1;
}

/* Replay every regular file of DIR/kind; count passes and failures. */
static int
replay_dir(const char *top, const char *kind, const char *label,
    replay_fn fn, int *passed, int *failed)
{
	DIR		*d;
	struct dirent	*de;
	struct stat	 sb;
	char		*dir, *path, **names = NULL;
	uint8_t		*buf;
	size_t		 n = 0, i, len;

	xasprintf(&dir, "%s/%s", top, kind);
	if ((d = opendir(dir)) == NULL) {
		fprintf(stderr, "corpus_replay: %s: %s\n", dir,
		    strerror(errno));
		free(dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xreallocarray(names, n + 1, sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof *names, replay_name_cmp);

	for (i = 0; i < n; i++) {
		xasprintf(&path, "%s/%s", dir, names[i]);
		if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			free(path);
			continue;
		}
		if (replay_read(path, &buf, &len) != 0) {
			printf("FAIL: %s/%s: %s\n", label, names[i],
			    strerror(errno));
			(*failed)++;
		} else {
			if (replay_one(fn, label, names[i], buf, len) == 0)
				(*passed)++;
			else
				(*failed)++;
			free(buf);
		}
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(dir);
	return 0;
}

int
main(int argc, char **argv)
{
	const char	*top, *srcdir;
	char		*owned = NULL;
	size_t		 k;
	int		 passed = 0, failed = 0;

	if (argc > 2) {
		fprintf(stderr, "usage: corpus_replay [dir]\n");
		return 2;
	}
	if (argc == 2)
		top = argv[1];
	else if ((top = getenv("PINT_TEST_CORPUS")) != NULL && *top != '\0')
		;
	else if ((srcdir = getenv("srcdir")) != NULL && *srcdir != '\0') {
		xasprintf(&owned, "%s/tests/corpus", srcdir);
		top = owned;
	} else
		top = "tests/corpus";

	for (k = 0; k < sizeof replay_kinds / sizeof replay_kinds[0]; k++) {
		if (replay_dir(top, replay_kinds[k].dir,
		    replay_kinds[k].label, replay_kinds[k].fn, &passed,
		    &failed) != 0) {
			free(owned);
			return 99;	/* a hard error to automake */
		}
	}
	free(owned);
	if (passed + failed == 0) {
		fprintf(stderr, "corpus_replay: no inputs under %s\n", top);
		return 99;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
