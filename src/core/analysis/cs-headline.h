/* cs-headline.h: one line that tells a result apart: its outcome, or why it failed
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-result.h"

G_BEGIN_DECLS

/* The first run that did not succeed (failed or timed out; cancelled runs are not failures),
 * or NULL. */
const CsRun *cs_result_first_failure (const CsResult *result);
/* The first failure at one point (mode, workers), or NULL. */
const CsRun *cs_result_first_failure_at (const CsResult *result, CsMode mode, guint workers);
/* Runs that failed or timed out. */
guint        cs_result_count_failures (const CsResult *result);

/* "best: process × 4, 3.6× speed-up", or "failed: mywork.py:nope: the module has no function
 * 'nope'" when no run succeeded. Translated; for the History and the end of `corescope run`.
 * The one place that turns an analysis into a headline, so that the verdict can replace it. */
char        *cs_headline_for_result (const CsResult *result);

G_END_DECLS
