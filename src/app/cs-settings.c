/* cs-settings.c: the application's GSettings, behind named accessors and bindings
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "corescope-settings"

#include "config.h"

#include <adwaita.h>
#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "cs-settings.h"

struct _CsSettings
{
  GObject    parent_instance;
  GSettings *settings; /* NULL when the schema is not installed */
};

G_DEFINE_FINAL_TYPE (CsSettings, cs_settings, G_TYPE_OBJECT)

/* The installed schema, or the one compiled into the build tree so that
 * `build/src/app/corescope` remembers its window without being installed. */
static GSettingsSchema *
lookup_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchemaSource) build_source = NULL;
  GSettingsSchema *schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
  if (schema != NULL)
    return schema;
  build_source = g_settings_schema_source_new_from_directory (CS_BUILD_SCHEMA_DIR, source,
                                                              FALSE, NULL);
  if (build_source != NULL)
    schema = g_settings_schema_source_lookup (build_source, APPLICATION_ID, FALSE);
  return schema;
}

static void
cs_settings_finalize (GObject *object)
{
  CsSettings *self = CS_SETTINGS (object);

  g_clear_object (&self->settings);
  G_OBJECT_CLASS (cs_settings_parent_class)->finalize (object);
}

static void
cs_settings_class_init (CsSettingsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_settings_finalize;
}

static void
cs_settings_init (CsSettings *self)
{
}

static CsSettings *
settings_new_with_backend (GSettingsBackend *backend)
{
  CsSettings *self = g_object_new (CS_TYPE_SETTINGS, NULL);
  g_autoptr (GSettingsSchema) schema = lookup_schema ();

  if (schema == NULL)
    {
      g_warning ("GSettings schema %s is not installed: settings will not be remembered "
                 "(set GSETTINGS_SCHEMA_DIR or run `meson install`)", APPLICATION_ID);
      return self;
    }
  self->settings = g_settings_new_full (schema, backend, NULL);
  return self;
}

CsSettings *
cs_settings_new (void)
{
  return settings_new_with_backend (NULL);
}

/* The schema's defaults in memory: what a diagnostic run (CORESCOPE_AUTORUN) changes in the
 * form must not become the user's saved sweep. */
CsSettings *
cs_settings_new_scratch (void)
{
  g_autoptr (GSettingsBackend) backend = g_memory_settings_backend_new ();

  return settings_new_with_backend (backend);
}

gboolean
cs_settings_is_available (CsSettings *self)
{
  g_return_val_if_fail (CS_IS_SETTINGS (self), FALSE);
  return self->settings != NULL;
}

void
cs_settings_bind_window_state (CsSettings *self, GtkWindow *window)
{
  g_return_if_fail (CS_IS_SETTINGS (self));
  g_return_if_fail (GTK_IS_WINDOW (window));

  if (self->settings == NULL)
    return;
  /* GTK 4 keeps default-width/height equal to the unmaximized size, so binding them both
   * restores the size at start-up and records every resize. */
  g_settings_bind (self->settings, "window-width", window, "default-width",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", window, "default-height",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", window, "maximized",
                   G_SETTINGS_BIND_DEFAULT);
}

void
cs_settings_bind_run_panel (CsSettings *self, CsRunPanel *panel)
{
  static const struct { const char *key; const char *property; } sweep_keys[] = {
    { "last-modes", "modes" },
    { "last-workers", "workers" },
    { "last-reps", "reps" },
    { "last-warmup", "warmup" },
    { "last-adaptive", "adaptive" },
    { "last-timeout", "timeout" },
    { "last-scaling", "scaling" },
    { "last-placement", "placement" },
    { "last-mode-options", "mode-options" },
  };
  CsSweepOptions *options;

  g_return_if_fail (CS_IS_SETTINGS (self));
  g_return_if_fail (CS_IS_RUN_PANEL (panel));

  if (self->settings == NULL)
    return;
  options = cs_run_panel_get_sweep_options (panel);
  for (guint i = 0; i < G_N_ELEMENTS (sweep_keys); i++)
    g_settings_bind (self->settings, sweep_keys[i].key, options, sweep_keys[i].property,
                     G_SETTINGS_BIND_DEFAULT);
  /* Bound after the last preset was selected, so its stored values land in its own form. */
  g_settings_bind (self->settings, "last-params", panel, "param-assignments",
                   G_SETTINGS_BIND_DEFAULT);
}

/* The stored style names, in the order of the Preferences window's combo row. */
static const char *const style_names[] = { "default", "light", "dark" };

static gboolean
style_to_index (GValue *value, GVariant *variant, gpointer user_data)
{
  const char *name = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_names); i++)
    if (g_str_equal (name, style_names[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
index_to_style (const GValue *value, const GVariantType *type, gpointer user_data)
{
  guint i = g_value_get_uint (value);

  return i < G_N_ELEMENTS (style_names) ? g_variant_new_string (style_names[i]) : NULL;
}

static gboolean
style_to_color_scheme (GValue *value, GVariant *variant, gpointer user_data)
{
  static const AdwColorScheme schemes[] = { ADW_COLOR_SCHEME_DEFAULT,
                                            ADW_COLOR_SCHEME_FORCE_LIGHT,
                                            ADW_COLOR_SCHEME_FORCE_DARK };
  const char *name = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_names); i++)
    if (g_str_equal (name, style_names[i]))
      {
        g_value_set_enum (value, schemes[i]);
        return TRUE;
      }
  return FALSE;
}

void
cs_settings_bind_preferences (CsSettings *self, GObject *style_row)
{
  g_return_if_fail (CS_IS_SETTINGS (self));

  if (self->settings == NULL)
    return;
  g_settings_bind_with_mapping (self->settings, "color-scheme", style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, style_to_index, index_to_style,
                                NULL, NULL);
}

void
cs_settings_apply_style (CsSettings *self, GObject *style_manager)
{
  g_return_if_fail (CS_IS_SETTINGS (self));

  if (self->settings == NULL)
    return;
  g_settings_bind_with_mapping (self->settings, "color-scheme", style_manager, "color-scheme",
                                G_SETTINGS_BIND_GET, style_to_color_scheme, NULL, NULL, NULL);
}

char *
cs_settings_get_last_preset (CsSettings *self)
{
  g_autoptr (GVariant) user_value = NULL;

  g_return_val_if_fail (CS_IS_SETTINGS (self), NULL);

  if (self->settings == NULL)
    return g_strdup ("");
  /* Only a preset the user picked: on the first start the window shows its empty state, which
   * tells a new user what to click, instead of the schema's default. */
  user_value = g_settings_get_user_value (self->settings, "last-preset");
  if (user_value == NULL)
    return g_strdup ("");
  return g_variant_dup_string (user_value, NULL);
}

void
cs_settings_set_last_preset (CsSettings *self, const char *name)
{
  g_return_if_fail (CS_IS_SETTINGS (self));
  g_return_if_fail (name != NULL);

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-preset", name);
}
