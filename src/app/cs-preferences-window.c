/* cs-preferences-window.c: the Preferences window (Ctrl+,): the style
 *
 * Modes' options (the GIL switch interval, start methods, interpreters) are in the run form,
 * next to the modes they belong to.
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-preferences-window.h"

struct _CsPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  AdwComboRow   *style_row;
};

G_DEFINE_FINAL_TYPE (CsPreferencesWindow, cs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
cs_preferences_window_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_PREFERENCES_WINDOW);
  G_OBJECT_CLASS (cs_preferences_window_parent_class)->dispose (object);
}

static void
cs_preferences_window_class_init (CsPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = cs_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/corescope/Corescope/cs-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, style_row);
}

static void
cs_preferences_window_init (CsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

CsPreferencesWindow *
cs_preferences_window_new (GtkWindow *parent, CsSettings *settings)
{
  CsPreferencesWindow *self = g_object_new (CS_TYPE_PREFERENCES_WINDOW,
                                            "transient-for", parent,
                                            "modal", TRUE,
                                            NULL);

  if (settings != NULL)
    cs_settings_bind_preferences (settings, G_OBJECT (self->style_row));
  return self;
}

AdwComboRow *
cs_preferences_window_get_style_row (CsPreferencesWindow *self)
{
  g_return_val_if_fail (CS_IS_PREFERENCES_WINDOW (self), NULL);
  return self->style_row;
}
