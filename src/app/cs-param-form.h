/* cs-param-form.h: rows that edit typed parameters (a preset's, or a mode's options), validated
 * as they are typed
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-params.h"

G_BEGIN_DECLS

#define CS_TYPE_PARAM_FORM (cs_param_form_get_type ())
G_DECLARE_FINAL_TYPE (CsParamForm, cs_param_form, CS, PARAM_FORM, GObject)

/* One row per spec of params (copied): numbers become spin buttons, booleans switches, choices
 * combo rows, sizes, durations and strings entries that accept what the command line accepts
 * ("64K", "5ms"), file paths an entry with a file chooser button. The caller puts the rows into
 * its container. "changed" is emitted after every edit. */
CsParamForm    *cs_param_form_new (const CsParams *params);
guint           cs_param_form_get_n_rows (CsParamForm *self);
GtkWidget      *cs_param_form_get_row (CsParamForm *self, guint index);

/* The values so far (invalid fields keep their last valid value). */
const CsParams *cs_param_form_get_params (CsParamForm *self);
gboolean        cs_param_form_is_valid (CsParamForm *self);
/* The first invalid field's message, and its label; NULL when every field is valid. */
const char     *cs_param_form_get_first_error (CsParamForm *self, const char **label);

/* Types text into the field called name, as a user would; FALSE when there is none. */
gboolean        cs_param_form_set_text (CsParamForm *self, const char *name, const char *text);
const char     *cs_param_form_get_error (CsParamForm *self, const char *name);
/* "name=value" pairs; names the form does not have are ignored (settings may hold another
 * preset's values, or an older version's). */
void            cs_param_form_apply_assignments (CsParamForm *self,
                                                 const char *const *assignments);

G_END_DECLS
