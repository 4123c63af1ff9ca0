/* cs-result-noise.h: a run's noise record in result files (JSON)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cs-model.h"

G_BEGIN_DECLS

/* For cs-result.c: the "noise" member of a run, and the sweep's share in the result. */
void         _cs_run_noise_build_json (JsonBuilder *b, const CsRun *run);
gboolean     _cs_run_noise_read_json (JsonObject *run_object, const char *path, CsRun *run,
                                      const char *filename, GError **error);
void         _cs_result_noise_build_json (JsonBuilder *b, const CsResult *result);

G_END_DECLS
