/* cs-cli-run-config.h: `corescope run`'s arguments, and the sweep configuration they describe
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cs-result.h"

G_BEGIN_DECLS

typedef struct
{
  char    *preset;
  char    *modes;
  char    *workers;
  gint     reps;             /* -1: not given, adaptive (--precision, --max-time) */
  char    *precision;        /* "5%" or "0.05" */
  char    *max_time;         /* a duration */
  gint     warmup;
  char   **params;
  char    *scaling;
  char    *placement;
  char    *start_method;
  char    *pool;
  char    *switch_interval;
  char    *python;
  char   **mode_options;     /* MODE:NAME=VALUE */
  char    *python_callable;  /* FILE:FUNCTION or MODULE:FUNCTION */
  char    *python_args;      /* a JSON list */
  char   **python_path;
  gint     python_tasks;
  char    *timeout;
  gint     chunk_size;
  char    *json_path;
  char    *csv_path;
  char    *png_path;
  gboolean quiet;
} CsCliRunOptions;

void           cs_cli_run_options_clear (CsCliRunOptions *o);
GOptionContext *cs_cli_run_option_context_new (CsCliRunOptions *o);

/* The configuration the arguments ask for; NULL after printing a one-line error that names the
 * option (the caller exits with status 2). Checks syntax only: the sweep request then checks
 * every value against the preset and the backends. */
CsSweepConfig *cs_cli_run_build_config (const CsCliRunOptions *o);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CsCliRunOptions, cs_cli_run_options_clear)

G_END_DECLS
