/* test-schema.c: the GSettings schema compiled into the build tree has the agreed keys
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

/* The keys other areas code against (window, run panel, GIL): name, type and default. */
static const struct
{
  const char *name;
  const char *type;
  const char *default_value;
} expected_keys[] = {
  { "window-width", "i", "1100" },
  { "window-height", "i", "720" },
  { "window-maximized", "b", "false" },
  { "last-preset", "s", "'cpu'" },
  { "last-params", "as", "@as []" },
  { "last-modes", "as", "['thread', 'gil', 'process']" },
  { "last-workers", "s", "'1-4'" },
  { "last-reps", "u", "uint32 3" },
  { "last-adaptive", "b", "true" },
  { "last-timeout", "u", "uint32 0" },
  { "last-warmup", "u", "uint32 1" },
  { "last-scaling", "s", "'strong'" },
  { "last-placement", "s", "'none'" },
  { "last-mode-options", "as", "@as []" },
  { "color-scheme", "s", "'default'" },
};

static GSettingsSchema *
lookup_schema (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  /* tests/meson.build points GSETTINGS_SCHEMA_DIR at build/data, where data/meson.build
   * compiles the schema. */
  g_assert_nonnull (source);
  return g_settings_schema_source_lookup (source, APPLICATION_ID, TRUE);
}

static void
test_keys (void)
{
  g_autoptr (GSettingsSchema) schema = lookup_schema ();
  g_auto (GStrv) keys = NULL;

  g_assert_nonnull (schema);
  g_assert_cmpstr (g_settings_schema_get_path (schema), ==, "/io/github/corescope/Corescope/");
  keys = g_settings_schema_list_keys (schema);
  g_assert_cmpuint (g_strv_length (keys), ==, G_N_ELEMENTS (expected_keys));
  for (guint i = 0; i < G_N_ELEMENTS (expected_keys); i++)
    {
      g_autoptr (GSettingsSchemaKey) key = NULL;
      g_autoptr (GVariant) value = NULL;
      g_autofree char *text = NULL;

      g_test_message ("%s", expected_keys[i].name);
      g_assert_true (g_settings_schema_has_key (schema, expected_keys[i].name));
      key = g_settings_schema_get_key (schema, expected_keys[i].name);
      g_assert_cmpstr (g_variant_type_peek_string (g_settings_schema_key_get_value_type (key)),
                       ==, expected_keys[i].type);
      value = g_settings_schema_key_get_default_value (key);
      text = g_variant_print (value, TRUE);
      g_assert_cmpstr (text, ==, expected_keys[i].default_value);
    }
}

/* The memory backend (GSETTINGS_BACKEND=memory) lets tests write without touching dconf. */
static void
test_write_read (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  g_auto (GStrv) modes = NULL;
  g_auto (GStrv) mode_options = NULL;
  const char *new_modes[] = { "process", NULL };

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
  g_assert_true (g_settings_set_int (settings, "window-width", 640));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
  g_assert_true (g_settings_set_strv (settings, "last-modes", new_modes));
  modes = g_settings_get_strv (settings, "last-modes");
  g_assert_cmpstrv (modes, new_modes);
  mode_options = g_settings_get_strv (settings, "last-mode-options");
  g_assert_cmpuint (g_strv_length (mode_options), ==, 0);
  g_settings_reset (settings, "window-width");
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1100);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schema/keys", test_keys);
  g_test_add_func ("/schema/write-read", test_write_read);

  return g_test_run ();
}
