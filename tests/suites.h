/* The Check suites, one per module; check_main.c runs them all. */
#ifndef PINT_SUITES_H
#define PINT_SUITES_H

#include <check.h>

Suite	*make_adapt_suite(void);
Suite	*make_ckpt_suite(void);
Suite	*make_cli_suite(void);
Suite	*make_complete_suite(void);
Suite	*make_cluster_suite(void);
Suite	*make_cpus_suite(void);
Suite	*make_expr_suite(void);
Suite	*make_output_suite(void);
Suite	*make_fit_suite(void);
Suite	*make_fprint_suite(void);
Suite	*make_plan_suite(void);
Suite	*make_pool_suite(void);
Suite	*make_procfs_suite(void);
Suite	*make_quad_suite(void);
Suite	*make_readfile_suite(void);
Suite	*make_report_suite(void);
Suite	*make_report_fields_suite(void);
Suite	*make_results_suite(void);
Suite	*make_ring_suite(void);
Suite	*make_sampler_suite(void);
Suite	*make_stats_suite(void);
Suite	*make_task_suite(void);
Suite	*make_vexpr_suite(void);

#endif
