/* cs-program.c: where Corescope's helper programs are
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>

#include "cs-program.h"

char *
cs_program_find (const char *env_var, const char *in_tree, const char *installed)
{
  const char *env;
  g_autofree char *exe = NULL;

  g_return_val_if_fail (env_var != NULL && in_tree != NULL && installed != NULL, NULL);
  env = g_getenv (env_var);
  exe = g_file_read_link ("/proc/self/exe", NULL);
  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (exe != NULL && g_str_has_prefix (exe, CS_BUILD_ROOT "/"))
    return g_strdup (in_tree);
  return g_strdup (installed);
}

static gpointer
find_worker (gpointer data)
{
  return cs_program_find ("CORESCOPE_WORKER", CS_BUILD_ROOT "/src/worker/corescope-worker",
                          LIBEXECDIR "/corescope-worker");
}

const char *
cs_program_worker_path (void)
{
  static GOnce once = G_ONCE_INIT;

  return g_once (&once, find_worker, NULL);
}
