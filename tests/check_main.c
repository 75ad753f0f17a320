/* Runs every module's Check suite. */
#include "config.h"

#include <stdlib.h>

#include "suites.h"

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(make_task_suite());
	srunner_add_suite(sr, make_expr_suite());
	srunner_add_suite(sr, make_adapt_suite());
	srunner_add_suite(sr, make_quad_suite());
	srunner_add_suite(sr, make_readfile_suite());
	srunner_add_suite(sr, make_ring_suite());
	srunner_add_suite(sr, make_procfs_suite());
	srunner_add_suite(sr, make_sampler_suite());
	srunner_add_suite(sr, make_fprint_suite());
	srunner_add_suite(sr, make_fit_suite());
	srunner_add_suite(sr, make_stats_suite());
	srunner_add_suite(sr, make_results_suite());
	srunner_add_suite(sr, make_report_suite());
	srunner_add_suite(sr, make_report_fields_suite());
	srunner_add_suite(sr, make_output_suite());
	srunner_add_suite(sr, make_vexpr_suite());
	srunner_add_suite(sr, make_cpus_suite());
	srunner_add_suite(sr, make_cli_suite());
	srunner_add_suite(sr, make_complete_suite());
	srunner_add_suite(sr, make_plan_suite());
	srunner_add_suite(sr, make_pool_suite());
	srunner_add_suite(sr, make_ckpt_suite());
	srunner_add_suite(sr, make_cluster_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
