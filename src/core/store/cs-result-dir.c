/* cs-result-dir.c: every result file of a directory, e.g. one per host of a fleet sweep
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "corescope-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-result-dir.h"

gboolean
cs_result_dir_is_result_name (const char *name)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  lower = g_ascii_strdown (name, -1);
  return name[0] != '.' && g_str_has_suffix (lower, ".json") && strlen (name) > strlen (".json");
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

/* The result files' names, sorted, so that a fleet is always listed in the same order. */
static GPtrArray *
list_result_names (const char *path, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GDir) dir = g_dir_open (path, 0, &local);
  GPtrArray *names;
  const char *name;

  if (dir == NULL)
    {
      g_set_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_IO, "%s", local->message);
      return NULL;
    }
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *full = g_build_filename (path, name, NULL);

      if (cs_result_dir_is_result_name (name) && g_file_test (full, G_FILE_TEST_IS_REGULAR))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);
  return names;
}

/* Errors name the file by its base name: the directory is said once, by the caller. */
static CsResult *
load_one (const char *dir, const char *name, GError **error)
{
  g_autofree char *full = g_build_filename (dir, name, NULL);
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!cs_result_read_file (full, &data, &length, error))
    return NULL;
  return cs_result_from_json (data, length, name, error);
}

/* Messages may quote a file's lines: keep only the first, so each skipped file is one line. */
static char *
first_line (const char *message)
{
  const char *end = strchr (message, '\n');

  return end != NULL ? g_strndup (message, end - message) : g_strdup (message);
}

static CsResultDir *
result_dir_new (const char *path)
{
  CsResultDir *dir = g_new0 (CsResultDir, 1);

  dir->path = g_strdup (path);
  dir->results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  dir->files = g_ptr_array_new_with_free_func (g_free);
  dir->skipped = g_ptr_array_new_with_free_func (g_free);
  return dir;
}

static void
load_names (CsResultDir *dir, GPtrArray *names)
{
  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr (GError) error = NULL;
      CsResult *result = load_one (dir->path, names->pdata[i], &error);

      if (result == NULL)
        {
          g_ptr_array_add (dir->skipped, first_line (error->message));
          continue;
        }
      g_ptr_array_add (dir->results, result);
      g_ptr_array_add (dir->files, g_strdup (names->pdata[i]));
    }
}

CsResultDir *
cs_result_dir_load (const char *path, GError **error)
{
  g_autoptr (CsResultDir) dir = NULL;
  g_autoptr (GPtrArray) names = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  names = list_result_names (path, error);
  if (names == NULL)
    return NULL;
  if (names->len == 0)
    {
      g_set_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_IO,
                   _("%s: no result files (*.json) in this folder"), path);
      return NULL;
    }
  dir = result_dir_new (path);
  load_names (dir, names);
  if (dir->results->len == 0)
    {
      g_set_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE, "%s: its %u result file did not load: %s",
                                "%s: none of its %u result files loaded; the first: %s",
                                names->len),
                   path, names->len, (const char *) dir->skipped->pdata[0]);
      return NULL;
    }
  return g_steal_pointer (&dir);
}

void
cs_result_dir_free (CsResultDir *dir)
{
  if (dir == NULL)
    return;
  g_free (dir->path);
  g_ptr_array_unref (dir->results);
  g_ptr_array_unref (dir->files);
  g_ptr_array_unref (dir->skipped);
  g_free (dir);
}

char *
cs_result_dir_skipped_summary (const CsResultDir *dir)
{
  GString *out;

  g_return_val_if_fail (dir != NULL, NULL);

  if (dir->skipped->len == 0)
    return NULL;
  out = g_string_new (NULL);
  for (guint i = 0; i < dir->skipped->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "; " : "", (char *) dir->skipped->pdata[i]);
  return g_string_free (out, FALSE);
}
