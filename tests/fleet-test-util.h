/* fleet-test-util.h: small results from machines of different sizes, and fleet directories
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>
#include <string.h>

#include "cs-result.h"

/* A cpu sweep of one mode (thread) at the given worker counts, 2 reps each, on a machine with
 * n_cores physical cores (one PU each). Time halves up to the cores, then stays flat. */
static G_GNUC_UNUSED CsResult *
fleet_test_result (const char *hostname, guint n_cores, const guint *workers, guint n_workers)
{
  CsMachine *machine = cs_machine_new ();
  CsSweepConfig *config = cs_sweep_config_new ();
  CsResult *result;

  machine->hostname = g_strdup (hostname);
  machine->cpu_model = g_strdup ("Test CPU");
  machine->n_packages = 1;
  machine->n_numa_nodes = 1;
  machine->n_cores = n_cores;
  machine->n_pus = n_cores;
  machine->smt_width = 1;
  machine->topology_summary = g_strdup_printf ("1 package, %u cores, %u PUs", n_cores, n_cores);
  g_free (config->preset);
  config->preset = g_strdup ("cpu");
  cs_sweep_config_set_modes (config, (CsMode[]) { CS_MODE_THREAD }, 1);
  config->n_workers = n_workers;
  config->workers = g_renew (guint, config->workers, n_workers);
  memcpy (config->workers, workers, n_workers * sizeof (guint));
  config->reps = 2;
  result = cs_result_new (machine, config);
  for (guint w = 0; w < n_workers; w++)
    for (guint rep = 0; rep < 2; rep++)
      {
        CsRun *run = cs_run_new ();
        run->mode = CS_MODE_THREAD;
        run->workers = workers[w];
        run->rep = rep;
        run->wall_s = 1.0 / MIN (workers[w], n_cores) * (1 + 0.01 * rep);
        run->tasks = 64;
        cs_result_add_run (result, run);
      }
  return result;
}

/* Saves result as dir/name. */
static G_GNUC_UNUSED void
fleet_test_save (const char *dir, const char *name, CsResult *result)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_assert_true (cs_result_save (result, path, &error));
  g_assert_no_error (error);
  cs_result_free (result);
}

static G_GNUC_UNUSED void
fleet_test_write (const char *dir, const char *name, const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/* A fleet of two machines: alpha (2 cores, 1-2 workers) and beta (8 cores, 1-8 workers), in
 * a new temporary directory; remove it with fleet_test_remove_dir. */
static G_GNUC_UNUSED char *
fleet_test_make_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("cs-fleet-XXXXXX", &error);

  g_assert_no_error (error);
  fleet_test_save (dir, "alpha.json", fleet_test_result ("alpha", 2, (guint[]) { 1, 2 }, 2));
  fleet_test_save (dir, "beta.json",
                   fleet_test_result ("beta", 8, (guint[]) { 1, 2, 4, 8 }, 4));
  return dir;
}

static G_GNUC_UNUSED void
fleet_test_remove_dir (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_assert_cmpint (g_remove (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}
