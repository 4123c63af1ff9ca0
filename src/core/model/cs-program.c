/* cs-program.c: where Corescope's helper programs are
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>

#include "cs-program.h"

static char *
find_next_to_self (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = NULL;
  /* Installed side by side, or one of the build tree's layouts: src/app/corescope,
   * src/cli/corescope-cli (-> src/worker) and tests/test-* (-> src/worker). */
  const char *candidates[] = { "corescope-worker", "../worker/corescope-worker",
                               "../src/worker/corescope-worker" };

  if (self == NULL)
    return NULL;
  dir = g_path_get_dirname (self);
  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      g_autofree char *path = g_build_filename (dir, candidates[i], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (path, G_FILE_TEST_IS_DIR))
        return g_canonicalize_filename (path, NULL);
    }
  return NULL;
}

static gpointer
find_worker (gpointer data)
{
  const char *env = g_getenv ("CORESCOPE_WORKER");
  char *found;

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  found = find_next_to_self ();
  if (found != NULL)
    return found;
  return g_build_filename (LIBEXECDIR, "corescope-worker", NULL);
}

const char *
cs_program_worker_path (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, find_worker, NULL);
}
