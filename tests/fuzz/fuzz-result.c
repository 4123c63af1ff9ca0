/* fuzz-result.c: libFuzzer target for the result loader (cs_result_from_json) and what reads a
 * loaded result (statistics and analysis), as `corescope analyze FILE` does with any file
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "cs-analysis.h"
#include "cs-result.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = NULL;
  g_autoptr (CsAnalysis) analysis = NULL;
  g_autofree char *json = NULL;

  result = cs_result_from_json ((const char *) data, (gssize) size, "fuzz.json", &error);
  if (result == NULL)
    {
      /* every refusal is a GError that names the file */
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, "fuzz.json"));
      return 0;
    }
  g_assert_no_error (error);
  analysis = cs_analysis_new (result, &error);
  g_clear_error (&error);
  /* what loaded must save and load again */
  json = cs_result_to_json (result, NULL);
  g_clear_pointer (&result, cs_result_free);
  result = cs_result_from_json (json, -1, "again.json", &error);
  if (result == NULL)
    {
      /* abort (), not g_error (): libFuzzer saves the input on SIGABRT, not on SIGTRAP */
      g_printerr ("a loaded result did not load again: %s\n%s\n", error->message, json);
      abort ();
    }
  return 0;
}
