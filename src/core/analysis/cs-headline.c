/* cs-headline.c: one line that tells a result apart: its outcome, or why it failed
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-analysis.h"
#include "cs-headline.h"

static gboolean
is_failure (const CsRun *run)
{
  return run->status == CS_RUN_FAILED || run->status == CS_RUN_TIMEOUT;
}

const CsRun *
cs_result_first_failure (const CsResult *result)
{
  g_return_val_if_fail (result != NULL, NULL);

  for (guint i = 0; i < result->runs->len; i++)
    if (is_failure (g_ptr_array_index (result->runs, i)))
      return g_ptr_array_index (result->runs, i);
  return NULL;
}

const CsRun *
cs_result_first_failure_at (const CsResult *result, CsMode mode, guint workers)
{
  g_return_val_if_fail (result != NULL, NULL);

  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *run = g_ptr_array_index (result->runs, i);

      if (is_failure (run) && run->mode == mode && run->workers == workers)
        return run;
    }
  return NULL;
}

guint
cs_result_count_failures (const CsResult *result)
{
  guint n = 0;

  g_return_val_if_fail (result != NULL, 0);

  for (guint i = 0; i < result->runs->len; i++)
    n += is_failure (g_ptr_array_index (result->runs, i));
  return n;
}

static char *
describe_failure (const CsResult *result)
{
  const CsRun *failed = cs_result_first_failure (result);

  if (failed == NULL)
    return g_strdup (_("no run measured"));
  /* Translators: "failed: mywork.py:nope: the module has no function 'nope'" */
  return g_strdup_printf (_("failed: %s"), failed->reason != NULL ? failed->reason
                                                                   : cs_run_status_to_string (
                                                                       failed->status));
}

/* The verdict's headline: the same sentence `corescope run`, `analyze` and the Summary show. */
char *
cs_headline_for_result (const CsResult *result)
{
  g_autoptr (CsAnalysis) analysis = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  analysis = cs_analysis_new (result, NULL);
  if (analysis == NULL)
    return describe_failure (result);
  return g_strdup (cs_analysis_get_verdict (analysis)->headline);
}
