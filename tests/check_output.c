/*
 * output: where a path leads (links followed, /proc's descriptor links
 * kept in place, a directory refused), which two paths are one file, and
 * a link's target replaced with the link kept.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"
#include "suites.h"

static char	 dir[] = "/tmp/pint-check-output.XXXXXX";
static char	 cwd[4096];

static void
setup(void)
{
	ck_assert_ptr_nonnull(getcwd(cwd, sizeof cwd));
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chdir(dir), 0);
}

static void
teardown(void)
{
	char	 cmd[256];

	ck_assert_int_eq(chdir(cwd), 0);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(dir + strlen(dir) - 6, "XXXXXX");
}

static void
touch(const char *path, const char *text)
{
	FILE	*fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

START_TEST(links_followed)
{
	struct output_target	 t;
	char			*cause = NULL;

	ck_assert_int_eq(mkdir("d", 0777), 0);
	touch("d/f", "x");
	ck_assert_int_eq(symlink("d/f", "l1"), 0);
	ck_assert_int_eq(symlink("l1", "l2"), 0);
	ck_assert_int_eq(output_resolve(&t, "--x", "l2", OUTPUT_WRITE,
	    &cause), 0);
	ck_assert_str_eq(t.file, "./d/f");
	ck_assert(!t.inplace && t.exists && t.fd == -1);
	output_target_free(&t);
	/* A loop and a directory are refused, naming the option. */
	ck_assert_int_eq(symlink("loop", "loop"), 0);
	ck_assert_int_eq(output_resolve(&t, "--x", "loop", OUTPUT_WRITE,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "--x loop"));
	free(cause);
	ck_assert_int_eq(output_resolve(&t, "--x", "d", OUTPUT_WRITE,
	    &cause), -1);
	ck_assert_str_eq(cause, "--x d: is a directory");
	free(cause);
}
END_TEST

START_TEST(proc_links_in_place)
{
	struct output_target	 t;
	char			*cause = NULL, path[64];
	int			 fd;

	ck_assert_int_eq(symlink("/proc/self/fd/1", "out"), 0);
	ck_assert_int_eq(output_resolve(&t, "--x", "out", OUTPUT_READ,
	    &cause), 0);
	ck_assert(t.inplace);
	ck_assert_int_eq(t.fd, 1);
	output_target_free(&t);
	/* A descriptor open only for reading cannot be written. */
	fd = open("/dev/null", O_RDONLY);
	ck_assert_int_ge(fd, 0);
	snprintf(path, sizeof path, "/dev/fd/%d", fd);
	ck_assert_int_eq(output_resolve(&t, "--x", path, OUTPUT_WRITE,
	    &cause), -1);
	free(cause);
	close(fd);
	/* A device is in place, not a descriptor of ours. */
	ck_assert_int_eq(output_resolve(&t, "--x", "/dev/null", OUTPUT_WRITE,
	    &cause), 0);
	ck_assert(t.inplace && t.fd == -1);
	output_target_free(&t);
}
END_TEST

START_TEST(same_file)
{
	struct output_set	 set;
	char			*cause = NULL;

	touch("f", "x");
	ck_assert_int_eq(link("f", "hard"), 0);
	ck_assert_int_eq(symlink("f", "soft"), 0);
	output_set_init(&set);
	ck_assert_int_eq(output_set_add(&set, "-c", "f", OUTPUT_READ,
	    &cause), 0);
	ck_assert_int_eq(output_set_add(&set, "--a", "hard", OUTPUT_WRITE,
	    &cause), -1);
	ck_assert_str_eq(cause, "--a hard: the same file as -c f, which it "
	    "would overwrite");
	free(cause);
	ck_assert_int_eq(output_set_add(&set, "--a", "soft", OUTPUT_WRITE,
	    &cause), -1);
	free(cause);
	/* Files not yet made: the same resolved name. */
	ck_assert_int_eq(output_set_add(&set, "--a", "new", OUTPUT_WRITE,
	    &cause), 0);
	ck_assert_int_eq(output_set_add(&set, "--b", "../" "new", OUTPUT_WRITE,
	    &cause), 0);
	ck_assert_int_eq(output_set_add(&set, "--c", "./new", OUTPUT_WRITE,
	    &cause), -1);
	ck_assert_str_eq(cause, "--c ./new: the same file as --a new");
	free(cause);
	/* A device may be named twice: nothing is replaced. */
	ck_assert_int_eq(output_set_add(&set, "--d", "/dev/null", OUTPUT_WRITE,
	    &cause), 0);
	ck_assert_int_eq(output_set_add(&set, "--e", "/dev/null", OUTPUT_WRITE,
	    &cause), 0);
	ck_assert_ptr_nonnull(output_set_find(&set, "new"));
	ck_assert_ptr_null(output_set_find(&set, "f"));	/* read only */
	output_set_free(&set);
}
END_TEST

/*
 * Standard input's file (-c -) and standard output's are members of the
 * set: no output replaces the one, and the journal is not appended in
 * turn with the report on the other, though an export is.
 */
START_TEST(std_streams)
{
	struct output_set	 set;
	char			*cause = NULL;
	int			 in, out, fd;

	touch("in", "x");
	touch("out", "");
	ck_assert_int_ne(in = dup(0), -1);
	ck_assert_int_ne(out = dup(1), -1);
	ck_assert_int_ne(fd = open("in", O_RDONLY), -1);
	ck_assert_int_eq(dup2(fd, 0), 0);
	close(fd);
	ck_assert_int_ne(fd = open("out", O_WRONLY | O_APPEND), -1);
	ck_assert_int_eq(dup2(fd, 1), 1);
	close(fd);
	output_set_init(&set);
	ck_assert_int_eq(output_set_stdin(&set, "-c", &cause), 0);
	ck_assert_int_eq(output_set_stdout(&set, &cause), 0);
	ck_assert_int_eq(output_set_add(&set, "report", "in", OUTPUT_READ,
	    &cause), 0);	/* read twice: nothing overwritten */
	ck_assert_int_eq(output_set_add(&set, "--x", "in", OUTPUT_WRITE,
	    &cause), -1);
	ck_assert_str_eq(cause, "--x in: the same file as -c -, which it "
	    "would overwrite");
	free(cause);
	ck_assert_int_eq(output_set_add(&set, "--export-csv", "/proc/self/fd/1",
	    OUTPUT_WRITE, &cause), 0);
	ck_assert_int_eq(output_set_add(&set, "--checkpoint", "/proc/self/fd/1",
	    OUTPUT_OWNED, &cause), -1);
	ck_assert_str_eq(cause, "--checkpoint /proc/self/fd/1: the same file "
	    "as standard output");
	free(cause);
	output_set_free(&set);
	ck_assert_int_eq(dup2(in, 0), 0);
	ck_assert_int_eq(dup2(out, 1), 1);
	close(in);
	close(out);
}
END_TEST

/*
 * The check before the run writes as the write after it: a name whose
 * temporary file (.NAME.XXXXXX) is too long is refused, nothing left.
 */
/* A directory's parent, trailing slashes and all ("-o out/"). */
START_TEST(dirname_of)
{
	static const char *const cases[][2] = {
		{ "a", "." }, { "out/", "." }, { "./new//", "." },
		{ "/a", "/" }, { "//a", "/" }, { "/", "/" }, { "a/b", "a" },
		{ "a//b/", "a" }, { "/x/y", "/x" }
	};
	size_t	 i;
	char	*d;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		d = output_dirname(cases[i][0]);
		ck_assert_msg(strcmp(d, cases[i][1]) == 0, "%s: %s, not %s",
		    cases[i][0], d, cases[i][1]);
		free(d);
	}
}
END_TEST

START_TEST(probe_as_written)
{
	struct output_set	 set;
	char			 name[256], *cause = NULL;

	memset(name, 'a', 250);
	name[250] = '\0';
	output_set_init(&set);
	ck_assert_int_eq(output_set_add(&set, "--x", name, OUTPUT_WRITE,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, ": File name too long for the "
	    "temporary file"));
	free(cause);
	name[246] = '\0';	/* 247 + 8 = 255: fits */
	ck_assert_int_eq(output_set_add(&set, "--x", name, OUTPUT_WRITE,
	    &cause), 0);
	output_set_free(&set);
	ck_assert_int_eq(system("test -z \"$(ls -A)\""), 0);
}
END_TEST

START_TEST(link_target_replaced)
{
	struct output_set	 set;
	struct output		*o;
	struct stat		 before, after, l;
	char			*cause = NULL, buf[16] = "";
	FILE			*fp;

	ck_assert_int_eq(mkdir("far", 0777), 0);
	touch("far/r", "old");
	ck_assert_int_eq(symlink("far/r", "l"), 0);
	ck_assert_int_eq(stat("far/r", &before), 0);
	output_set_init(&set);
	ck_assert_int_eq(output_set_add(&set, "--x", "l", OUTPUT_WRITE,
	    &cause), 0);
	o = output_open(&set, "--x", "l", &cause);
	ck_assert_ptr_nonnull(o);
	fputs("new", output_fp(o));
	ck_assert_int_eq(output_commit(o, &cause), 0);
	ck_assert_int_eq(lstat("l", &l), 0);
	ck_assert(S_ISLNK(l.st_mode));
	ck_assert_int_eq(stat("far/r", &after), 0);
	ck_assert(after.st_ino != before.st_ino);
	fp = fopen("far/r", "r");
	ck_assert_ptr_nonnull(fp);
	ck_assert_ptr_nonnull(fgets(buf, sizeof buf, fp));
	fclose(fp);
	ck_assert_str_eq(buf, "new");
	output_set_free(&set);
}
END_TEST

Suite *
make_output_suite(void)
{
	Suite	*s = suite_create("output");
	TCase	*tc = tcase_create("paths");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, links_followed);
	tcase_add_test(tc, proc_links_in_place);
	tcase_add_test(tc, same_file);
	tcase_add_test(tc, link_target_replaced);
	tcase_add_test(tc, std_streams);
	tcase_add_test(tc, probe_as_written);
	tcase_add_test(tc, dirname_of);
	suite_add_tcase(s, tc);
	return s;
}
