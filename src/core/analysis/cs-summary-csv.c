/* cs-summary-csv.c: the summary CSV, one row of statistics per (mode, workers)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cs-csv.h"
#include "cs-result.h"
#include "cs-stats.h"

/* Speed-up and efficiency come from cs-stats, so the CSV, the CLI table and the charts agree:
 * for weak scaling the speed-up is the scaled one (N·T₁/T_N). Points without a successful run
 * have empty cells. */
char *
cs_result_summary_to_csv (const CsResult *result)
{
  GString *s = g_string_new ("preset,mode,workers,n,failed,median_s,min_s,max_s,speedup,"
                             "efficiency\n");
  g_autoptr(CsResultStats) stats = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  stats = cs_result_stats_new (result, NULL);
  for (guint i = 0; stats != NULL && i < cs_result_stats_get_n_points (stats); i++)
    {
      const CsPointStats *p = cs_result_stats_get_point (stats, i);

      cs_csv_append_text (s, result->config->preset, TRUE);
      cs_csv_append_text (s, cs_mode_to_string (p->mode), FALSE);
      g_string_append_printf (s, ",%u,%u,%u", p->workers, p->n, p->n_failed);
      cs_csv_append_double (s, p->median_s);
      cs_csv_append_double (s, p->min_s);
      cs_csv_append_double (s, p->max_s);
      cs_csv_append_double (s, p->speedup);
      cs_csv_append_double (s, p->efficiency);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

gboolean
cs_result_save_summary_csv (const CsResult *result, const char *path, GError **error)
{
  g_autofree char *data = cs_result_summary_to_csv (result);
  return cs_result_save_text (path, data, strlen (data), error);
}
