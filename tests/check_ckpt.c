/* ckpt: the journal written, read back, refused and repaired. */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ckpt.h"
#include "suites.h"
#include "util.h"

#define NCH	16

static char	 dir[] = "/tmp/pint-ckpt.XXXXXX";
static char	 path[64];

static void
setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/j", dir);
}

static void
teardown(void)
{
	unlink(path);
	rmdir(dir);
	strcpy(dir, "/tmp/pint-ckpt.XXXXXX");
}

static void
part_of(struct quad_partial *p, uint64_t c)
{
	memset(p, 0, sizeof *p);
	p->lev[0].s = 1.0 / (double)(c + 3);
	p->lev[0].c = 1e-20 * (double)c;
	p->lev[1].s = 2.0 / (double)(c + 3);
	p->lev[2].e = (int32_t)c;
	p->points = 100 + c;
	p->nonfinite = c % 3;
}

/* Write chunks in [from, to) in reverse order, then close. */
static void
journal(const char *id, uint64_t from, uint64_t to)
{
	struct quad_partial	 parts[NCH], p;
	unsigned char		 have[NCH] = { 0 };
	struct ckpt		*k;
	uint64_t		 resumed, c;
	char			*cause = NULL;
	int			 status;

	k = ckpt_open(path, id, NCH, parts, have, &resumed, &status, &cause);
	ck_assert_msg(k != NULL, "%s", cause ? cause : "");
	for (c = to; c > from; c--) {
		part_of(&p, c - 1);
		ckpt_add(k, c - 1, &p);
	}
	ck_assert_int_eq(ckpt_close(k, &cause), 0);
}

static struct ckpt *
reopen(const char *id, struct quad_partial *parts, unsigned char *have,
    uint64_t *resumed, int *status, char **cause)
{
	memset(have, 0, NCH);
	return ckpt_open(path, id, NCH, parts, have, resumed, status, cause);
}

START_TEST(test_resume)
{
	struct quad_partial	 parts[NCH], want;
	unsigned char		 have[NCH];
	struct ckpt		*k;
	uint64_t		 resumed, c;
	char			*cause = NULL;
	int			 status;

	journal("expression x\n", 4, 10);
	k = reopen("expression x\n", parts, have, &resumed, &status, &cause);
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(resumed, 6);
	for (c = 0; c < NCH; c++) {
		ck_assert_int_eq(have[c], c >= 4 && c < 10);
		if (!have[c])
			continue;
		part_of(&want, c);
		ck_assert(memcmp(&parts[c].lev, &want.lev, sizeof want.lev) == 0);
		ck_assert_uint_eq(parts[c].points, want.points);
		ck_assert_uint_eq(parts[c].nonfinite, want.nonfinite);
	}
	ckpt_close(k, NULL);
}
END_TEST

START_TEST(test_other_task)
{
	struct quad_partial	 parts[NCH];
	unsigned char		 have[NCH];
	uint64_t		 resumed;
	char			*cause = NULL;
	int			 status;

	journal("expression x\nrule midpoint\n", 0, 3);
	ck_assert_ptr_null(reopen("expression x\nrule simpson\n", parts, have,
	    &resumed, &status, &cause));
	ck_assert_int_eq(status, EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(cause, "rule differs (journal: "
	    "'midpoint', this run: 'simpson')"));
	free(cause);
}
END_TEST

START_TEST(test_torn)
{
	struct quad_partial	 parts[NCH];
	unsigned char		 have[NCH];
	struct ckpt		*k;
	struct stat		 st;
	uint64_t		 resumed;
	char			*cause = NULL;
	int			 status;

	journal("id\n", 0, 5);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(truncate(path, st.st_size - 1), 0);
	k = reopen("id\n", parts, have, &resumed, &status, &cause);
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(resumed, 4);
	ckpt_close(k, NULL);
	/* The torn record (chunk 0, written last) was cut off: a new one
	 * follows whole records and reads back. */
	ck_assert_int_eq(have[0], 0);
	journal("id\n", 0, 1);
	k = reopen("id\n", parts, have, &resumed, &status, &cause);
	ck_assert_ptr_nonnull(k);
	ck_assert_uint_eq(resumed, 5);
	ckpt_close(k, NULL);
}
END_TEST

START_TEST(test_not_journal)
{
	struct quad_partial	 parts[NCH];
	unsigned char		 have[NCH];
	uint64_t		 resumed;
	char			*cause = NULL;
	int			 fd, status;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "hello\n", 6), 6);
	close(fd);
	ck_assert_ptr_null(reopen("id\n", parts, have, &resumed, &status,
	    &cause));
	ck_assert_int_eq(status, EXIT_USAGE);
	ck_assert_ptr_nonnull(strstr(cause, "not a pint checkpoint"));
	free(cause);
}
END_TEST

Suite *
make_ckpt_suite(void)
{
	Suite	*s = suite_create("ckpt");
	TCase	*tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_resume);
	tcase_add_test(tc, test_other_task);
	tcase_add_test(tc, test_torn);
	tcase_add_test(tc, test_not_journal);
	suite_add_tcase(s, tc);
	return s;
}
