/* cs-preset-list.h: the sidebar listing the workload presets by category, with a search entry
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "cs-workload.h"

G_BEGIN_DECLS

#define CS_TYPE_PRESET_LIST (cs_preset_list_get_type ())
G_DECLARE_FINAL_TYPE (CsPresetList, cs_preset_list, CS, PRESET_LIST, GtkWidget)

GtkWidget      *cs_preset_list_new (void);
/* The selected preset ("selected-name" property: its name, "" when none). */
const CsPreset *cs_preset_list_get_selected (CsPresetList *self);
/* Selects the preset called name; FALSE when there is none. */
gboolean        cs_preset_list_select (CsPresetList *self, const char *name);
/* Filters the list as if text was typed into the search entry. */
void            cs_preset_list_set_search_text (CsPresetList *self, const char *text);
/* Moves the keyboard focus to the search entry. */
void            cs_preset_list_focus_search (CsPresetList *self);
/* Typing into widget (the window) starts a search. */
void            cs_preset_list_set_key_capture_widget (CsPresetList *self, GtkWidget *widget);
/* Names of the presets currently shown (matching the search), in display order. */
GStrv           cs_preset_list_dup_visible_names (CsPresetList *self);

G_END_DECLS
