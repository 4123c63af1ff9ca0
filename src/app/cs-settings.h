/* cs-settings.h: the application's GSettings, behind named accessors and bindings
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-run-panel.h"

G_BEGIN_DECLS

#define CS_TYPE_SETTINGS (cs_settings_get_type ())
G_DECLARE_FINAL_TYPE (CsSettings, cs_settings, CS, SETTINGS, GObject)

/* Widgets never name keys: they ask this object to bind or read what they need. When the
 * schema is not installed (running from a build tree without GSETTINGS_SCHEMA_DIR), settings
 * are neither read nor saved and a warning says so once. */
CsSettings *cs_settings_new (void);
/* Settings that start from the schema's defaults and are never saved (diagnostic runs). */
CsSettings *cs_settings_new_scratch (void);
gboolean    cs_settings_is_available (CsSettings *self);
/* Restores and then remembers the window's size and maximized state. */
void        cs_settings_bind_window_state (CsSettings *self, GtkWindow *window);
/* Restores and then remembers the last preset's parameters and the sweep options. */
void        cs_settings_bind_run_panel (CsSettings *self, CsRunPanel *panel);
/* Binds the Preferences window's style combo row ("selected": follow system, light, dark). */
void        cs_settings_bind_preferences (CsSettings *self, GObject *style_row);
/* Keeps style_manager's colour scheme on the stored style. */
void        cs_settings_apply_style (CsSettings *self, GObject *style_manager);
/* The name of the preset the user selected last ("" when none yet). */
char       *cs_settings_get_last_preset (CsSettings *self);
void        cs_settings_set_last_preset (CsSettings *self, const char *name);

G_END_DECLS
