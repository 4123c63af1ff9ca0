/* history-test-util.h: small hand-made results for the history, export and comparison tests
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-result.h"

static inline CsMachine *
htu_make_machine (const char *hostname)
{
  CsMachine *m = cs_machine_new ();

  m->hostname = g_strdup (hostname);
  m->os_name = g_strdup ("Debian GNU/Linux 12 (bookworm)");
  m->kernel = g_strdup ("Linux 6.1.0");
  m->arch = g_strdup ("x86_64");
  m->cpu_model = g_strdup ("Example CPU @ 3.00GHz");
  m->total_memory = G_GUINT64_CONSTANT (8589934592);
  m->n_packages = 1;
  m->n_numa_nodes = 1;
  m->n_cores = 2;
  m->n_pus = 2;
  m->smt_width = 1;
  m->topology_summary = g_strdup ("1 package, 2 cores, 2 PUs");
  return m;
}

/* thread and process at 1, 2 workers, 3 reps each; `slow` scales every time. started is a
 * UTC time "2026-11-21T10:00:00Z". */
static inline CsResult *
htu_make_result (const char *preset, const char *hostname, const char *started, double slow)
{
  CsSweepConfig *c = cs_sweep_config_new ();
  CsResult *result;
  static const double t1[] = { 1.0, 1.1, 0.9 };
  static const CsMode modes[] = { CS_MODE_THREAD, CS_MODE_PROCESS };

  g_free (c->preset);
  c->preset = g_strdup (preset);
  cs_sweep_config_set_modes (c, modes, G_N_ELEMENTS (modes));
  g_free (c->workers);
  c->workers = g_new (guint, 2);
  c->workers[0] = 1;
  c->workers[1] = 2;
  c->n_workers = 2;
  c->reps = 3;
  result = cs_result_new (htu_make_machine (hostname), c);
  g_clear_pointer (&result->started, g_date_time_unref);
  result->started = g_date_time_new_from_iso8601 (started, NULL);
  g_assert_nonnull (result->started);
  result->finished = g_date_time_add_seconds (result->started, 12.5);
  result->complete = TRUE;
  result->work_unit = g_strdup ("tasks");
  for (guint rep = 0; rep < 3; rep++)
    for (guint m = 0; m < 2; m++)
      for (guint w = 1; w <= 2; w++)
        {
          CsRun *r = cs_run_new ();

          r->mode = modes[m];
          r->workers = w;
          r->rep = rep;
          r->wall_s = t1[rep] * slow / (w == 2 ? 1.8 : 1.0);
          r->user_s = r->wall_s * w;
          r->tasks = 100;
          r->units = 1;
          cs_result_add_run (result, r);
        }
  return result;
}
