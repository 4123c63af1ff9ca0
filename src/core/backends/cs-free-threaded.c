/* cs-free-threaded.c: where a free-threaded CPython (no GIL) is on this machine
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-free-threaded.h"

/* Debian 12 ships no free-threaded Python, so the one a user has is often not on PATH:
 * build-aux/free-threaded-python.sh builds one into a cache, and uv and pyenv keep theirs in
 * directories of their own. The lookup reads the environment on every call (not GLib's cached
 * user directories), so that what a test or a user sets is what it sees. The same order as
 * free-threaded-python.sh --find. */

static const char *
home_dir (void)
{
  const char *home = g_getenv ("HOME");

  return home != NULL && *home != '\0' ? home : g_get_home_dir ();
}

static char *
xdg_dir (const char *variable, const char *fallback)
{
  const char *dir = g_getenv (variable);

  if (dir != NULL && g_path_is_absolute (dir))
    return g_strdup (dir);
  return g_build_filename (home_dir (), fallback, NULL);
}

static gboolean
try_path (const char *path, GPtrArray *looked)
{
  g_ptr_array_add (looked, g_strdup (path));
  return g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) &&
         !g_file_test (path, G_FILE_TEST_IS_DIR);
}

static int
compare_names_newest_first (gconstpointer a, gconstpointer b)
{
  /* "cpython-3.14.0+freethreaded…" before "cpython-3.13.5+…" */
  return g_strcmp0 (*(const char *const *) b, *(const char *const *) a);
}

/* In each subdirectory of root whose name matches dir_pattern, newest first:
 * bin/python3.1Nt. looked gets "ROOT/DIR_PATTERN/bin/python3.*t". */
static char *
find_in_versions (const char *root, const char *dir_pattern, GPtrArray *looked)
{
  g_autoptr (GDir) dir = g_dir_open (root, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_ptr_array_add (looked, g_build_filename (root, dir_pattern, "bin", "python3.*t", NULL));
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_pattern_match_simple (dir_pattern, name))
      g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names_newest_first);
  for (guint i = 0; i < names->len; i++)
    for (guint minor = 20; minor >= 13; minor--)
      {
        g_autofree char *exe = g_strdup_printf ("python3.%ut", minor);
        g_autofree char *path = g_build_filename (root, names->pdata[i], "bin", exe, NULL);

        if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
          return g_steal_pointer (&path);
      }
  return NULL;
}

static char *
find_on_path (GPtrArray *looked)
{
  static const char *const names[] = { "python3.14t", "python3.13t" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      char *path = g_find_program_in_path (names[i]);

      if (path != NULL)
        return path;
    }
  g_ptr_array_add (looked, g_strdup ("python3.14t, python3.13t on PATH"));
  return NULL;
}

static char *
find_in_caches (GPtrArray *looked)
{
  g_autofree char *user_cache = xdg_dir ("XDG_CACHE_HOME", ".cache");
  const char *const roots[] = { user_cache, "/var/cache" };

  for (guint i = 0; i < G_N_ELEMENTS (roots); i++)
    {
      g_autofree char *path = g_build_filename (roots[i], "corescope",
                                                CS_FREE_THREADED_CACHE_NAME, "bin",
                                                CS_FREE_THREADED_CACHE_NAME, NULL);
      if (try_path (path, looked))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static char *
find_managed (GPtrArray *looked)
{
  const char *uv_env = g_getenv ("UV_PYTHON_INSTALL_DIR");
  g_autofree char *data = xdg_dir ("XDG_DATA_HOME", ".local/share");
  g_autofree char *uv = uv_env != NULL && *uv_env != '\0'
                          ? g_strdup (uv_env) : g_build_filename (data, "uv", "python", NULL);
  const char *pyenv_env = g_getenv ("PYENV_ROOT");
  g_autofree char *pyenv = g_build_filename (pyenv_env != NULL && *pyenv_env != '\0'
                                               ? pyenv_env : home_dir (),
                                             pyenv_env != NULL && *pyenv_env != '\0'
                                               ? "versions" : ".pyenv/versions", NULL);
  char *found = find_in_versions (uv, "cpython-3.*+freethreaded*", looked);

  return found != NULL ? found : find_in_versions (pyenv, "3.*t", looked);
}

char *
cs_free_threaded_find (char **looked)
{
  g_autoptr (GPtrArray) places = g_ptr_array_new_with_free_func (g_free);
  char *found = find_on_path (places);

  if (found == NULL)
    found = find_in_caches (places);
  if (found == NULL)
    found = find_managed (places);
  if (found == NULL && looked != NULL)
    {
      g_ptr_array_add (places, NULL);
      *looked = g_strjoinv (", ", (char **) places->pdata);
    }
  return found;
}
