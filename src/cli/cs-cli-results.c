/* cs-cli-results.c: the results named on a command line: files, or folders of them (a fleet)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-cli-results.h"
#include "cs-result-dir.h"

static gboolean
add_folder (const char *command, const char *path, GPtrArray *results, GPtrArray *names,
            GError **error)
{
  g_autoptr (CsResultDir) dir = cs_result_dir_load (path, error);

  if (dir == NULL)
    return FALSE;
  for (guint i = 0; i < dir->skipped->len; i++)
    g_printerr (_("corescope %s: warning: skipped %s\n"), command,
                (const char *) dir->skipped->pdata[i]);
  for (guint i = 0; i < dir->results->len; i++)
    {
      g_ptr_array_add (results, g_steal_pointer (&dir->results->pdata[i]));
      g_ptr_array_add (names, g_build_filename (path, dir->files->pdata[i], NULL));
    }
  return TRUE;
}

GPtrArray *
cs_cli_load_results (const char *command, const char *const *paths, guint n_paths,
                     GPtrArray *names, GError **error)
{
  g_autoptr (GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);

  g_return_val_if_fail (names != NULL, NULL);

  for (guint i = 0; i < n_paths; i++)
    {
      CsResult *result;

      if (g_file_test (paths[i], G_FILE_TEST_IS_DIR))
        {
          if (!add_folder (command, paths[i], results, names, error))
            return NULL;
          continue;
        }
      result = cs_result_load (paths[i], error);
      if (result == NULL)
        return NULL;
      g_ptr_array_add (results, result);
      g_ptr_array_add (names, g_strdup (paths[i]));
    }
  return g_steal_pointer (&results);
}
