/*
 * cluster: the launcher's word read from the environment, and the first
 * batches the ranks start on before MPI is up.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>

#include "cluster.h"
#include "suites.h"

static void
clear_env(void)
{
	static const char	*names[] = { "OMPI_COMM_WORLD_SIZE",
	    "OMPI_COMM_WORLD_RANK", "PMI_SIZE", "PMI_RANK", "PMIX_RANK",
	    "SLURM_STEP_NUM_TASKS", "SLURM_NTASKS" };
	size_t			 i;

	for (i = 0; i < sizeof names / sizeof *names; i++)
		unsetenv(names[i]);
}

START_TEST(env_launchers)
{
	const char	*what = NULL;
	int		 rank = -1, size = -1;

	clear_env();
	ck_assert_int_eq(cluster_env(&rank, &size, &what), 0);
	ck_assert_int_eq(rank, 0);
	ck_assert_int_eq(size, 0);

	setenv("OMPI_COMM_WORLD_SIZE", "4", 1);
	setenv("OMPI_COMM_WORLD_RANK", "3", 1);
	ck_assert_int_eq(cluster_env(&rank, &size, &what), 4);
	ck_assert_int_eq(rank, 3);
	ck_assert_int_eq(size, 4);
	ck_assert_str_eq(what, "Open MPI");
	clear_env();

	setenv("PMI_SIZE", "2", 1);
	setenv("PMI_RANK", "1", 1);
	ck_assert_int_eq(cluster_env(&rank, &size, &what), 2);
	ck_assert_int_eq(rank, 1);
	ck_assert_int_eq(size, 2);
	clear_env();

	/* PMIx alone does not say how many: at least one, size unknown. */
	setenv("PMIX_RANK", "5", 1);
	ck_assert_int_eq(cluster_env(&rank, &size, &what), 1);
	ck_assert_int_eq(rank, 5);
	ck_assert_int_eq(size, 0);
	setenv("SLURM_STEP_NUM_TASKS", "8", 1);
	ck_assert_int_eq(cluster_env(&rank, &size, &what), 8);
	ck_assert_int_eq(size, 8);
	clear_env();

	/* Not a number: not a launcher. */
	setenv("OMPI_COMM_WORLD_SIZE", "two", 1);
	ck_assert_int_eq(cluster_env(&rank, &size, &what), 0);
	clear_env();
}
END_TEST

/* The first batches are disjoint, in rank order, and inside the grid. */
START_TEST(first_batches)
{
	static const uint64_t	 grids[] = { 1, 2, 3, 7, 8, 100, 1022, 1000003 };
	uint64_t		 first, count, next;
	size_t			 g;
	int			 n, r;

	for (g = 0; g < sizeof grids / sizeof *grids; g++) {
		for (n = 1; n <= 9; n++) {
			next = 0;
			for (r = 0; r < n; r++) {
				cluster_first_batch(grids[g], r, n, &first,
				    &count);
				if (count == 0) {
					ck_assert_uint_ge(first, grids[g]);
					continue;
				}
				ck_assert_uint_eq(first, next);
				ck_assert_uint_le(first + count, grids[g]);
				next = first + count;
			}
			/* A quarter of the grid or a chunk a rank, at most. */
			ck_assert_uint_le(next, grids[g] / 4 > (uint64_t)n ?
			    grids[g] / 4 : (uint64_t)n);
			ck_assert_uint_ge(next, 1);
		}
	}
	cluster_first_batch(1022, 1, 2, &first, &count);
	ck_assert_uint_eq(first, 127);
	ck_assert_uint_eq(count, 127);
}
END_TEST

Suite *
make_cluster_suite(void)
{
	Suite	*s = suite_create("cluster");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, env_launchers);
	tcase_add_test(tc, first_batches);
	suite_add_tcase(s, tc);
	return s;
}
