/* bench-history.c: how long listing a large history takes (it runs in a GTask thread)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run with `meson test -C build --benchmark bench-history -v` or directly. Saves 200 results of
 * 4 modes × 8 worker counts × 5 repetitions (160 runs each, ~100 KiB of JSON) into a temporary
 * history, then prints the time of the first cs_history_list (every file parsed) and the median
 * of 5 more (unchanged files come from the cache): what the history panel waits for, off the
 * main thread, at start-up and after every change. Also the time of one save.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "cs-history.h"

#define N_RESULTS 200

static CsResult *
make_result (guint index)
{
  static const CsMode modes[] = { CS_MODE_THREAD, CS_MODE_GIL, CS_MODE_PROCESS, CS_MODE_THREAD };
  CsSweepConfig *config = cs_sweep_config_new ();
  CsMachine *machine = cs_machine_new ();
  CsResult *result;

  machine->hostname = g_strdup_printf ("host-%u", index % 7);
  machine->n_cores = machine->n_pus = 8;
  result = cs_result_new (machine, config);
  result->complete = TRUE;
  for (guint m = 0; m < 4; m++)
    for (guint w = 1; w <= 8; w++)
      for (guint rep = 0; rep < 5; rep++)
        {
          CsRun *run = cs_run_new ();

          run->mode = modes[m];
          run->workers = w;
          run->rep = rep;
          run->wall_s = 1.0 / w + 0.001 * rep;
          run->tasks = 1000;
          cs_result_add_run (result, run);
        }
  return result;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

int
main (void)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-history-XXXXXX", NULL);
  g_autoptr(CsHistory) history = cs_history_new (dir);
  g_autoptr(GPtrArray) entries = NULL;
  double list_ms[5];
  gint64 start = g_get_monotonic_time ();
  const char *name;
  GDir *d;

  for (guint i = 0; i < N_RESULTS; i++)
    {
      g_autoptr(CsResult) result = make_result (i);
      g_autofree char *path = cs_history_save (history, result, NULL);

      g_assert (path != NULL);
    }
  printf ("save: %.2f ms per result\n",
          (g_get_monotonic_time () - start) / 1000.0 / N_RESULTS);
  /* the first listing parses every file; later ones reuse the entries of unchanged files */
  start = g_get_monotonic_time ();
  entries = cs_history_list (history, NULL);
  printf ("first list: %u results of 160 runs in %.1f ms\n", N_RESULTS,
          (g_get_monotonic_time () - start) / 1000.0);
  for (guint i = 0; i < G_N_ELEMENTS (list_ms); i++)
    {
      start = g_get_monotonic_time ();
      g_clear_pointer (&entries, g_ptr_array_unref);
      entries = cs_history_list (history, NULL);
      list_ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert (entries->len == N_RESULTS);
    }
  qsort (list_ms, G_N_ELEMENTS (list_ms), sizeof (double), compare_doubles);
  printf ("list again: %u results in %.1f ms (median of 5)\n", N_RESULTS, list_ms[2]);

  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_dir_close (d);
  g_rmdir (dir);
  return 0;
}
