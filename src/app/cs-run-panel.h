/* cs-run-panel.h: the selected preset, its parameters as a validated form, and sweep options
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-result.h"
#include "cs-sweep-options.h"
#include "cs-workload.h"

G_BEGIN_DECLS

#define CS_TYPE_RUN_PANEL (cs_run_panel_get_type ())
G_DECLARE_FINAL_TYPE (CsRunPanel, cs_run_panel, CS, RUN_PANEL, GtkWidget)

GtkWidget      *cs_run_panel_new (void);
/* Builds the form from preset's parameter specs (NULL shows the empty state). */
void            cs_run_panel_set_preset (CsRunPanel *self, const CsPreset *preset);
const CsPreset *cs_run_panel_get_preset (CsRunPanel *self);
/* The parameters as entered; only valid values are stored (invalid fields keep the last valid
 * value). NULL without a preset. */
const CsParams *cs_run_panel_get_params (CsRunPanel *self);
/* Sets a field the way typing would ("64K" for a size, "true" for a switch, a choice's name);
 * FALSE when the preset has no such parameter. */
gboolean        cs_run_panel_set_param_text (CsRunPanel *self, const char *name,
                                             const char *text);
/* Why the field is invalid, or NULL when it is valid. */
const char     *cs_run_panel_get_param_error (CsRunPanel *self, const char *name);
/* "valid" property: every field and the sweep options are valid (Run may start). */
gboolean        cs_run_panel_is_valid (CsRunPanel *self);
CsSweepOptions *cs_run_panel_get_sweep_options (CsRunPanel *self);
/* "This sweep will take about 12 seconds.", or NULL when the engine cannot estimate it or the
 * form is invalid. */
const char     *cs_run_panel_get_estimate (CsRunPanel *self);
/* The sweep the form describes; NULL with error naming the field when it is invalid. */
CsSweepConfig  *cs_run_panel_build_config (CsRunPanel *self, GError **error);

G_END_DECLS
