/* cs-preferences-window.h: the Preferences window (Ctrl+,)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cs-settings.h"

G_BEGIN_DECLS

#define CS_TYPE_PREFERENCES_WINDOW (cs_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CsPreferencesWindow, cs_preferences_window, CS, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* settings may be NULL (no schema installed): the controls then change nothing. */
CsPreferencesWindow *cs_preferences_window_new (GtkWindow *parent, CsSettings *settings);
AdwComboRow         *cs_preferences_window_get_style_row (CsPreferencesWindow *self);

G_END_DECLS
