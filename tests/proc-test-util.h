/* proc-test-util.h: counting what a test process holds (children, threads, directory entries)
 * through /proc, so tests can check that nothing is left behind
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Entries of a directory other than . and ..; 0 when it does not exist. */
static G_GNUC_UNUSED guint
count_dir (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Threads of this process. */
static G_GNUC_UNUSED guint
count_threads (void)
{
  return count_dir ("/proc/self/task");
}

/* Threads of this process once those that were joined have gone: a joined thread can still be
 * listed for a moment (the kernel wakes the joiner before it has released the task), longer on
 * a loaded machine, so wait up to 2 s for the count to come down to what is expected. */
static G_GNUC_UNUSED guint
count_threads_settled (guint expected)
{
  gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  guint n;

  while ((n = count_threads ()) > expected && g_get_monotonic_time () < end)
    g_usleep (10 * 1000);
  return n;
}

/* Processes whose parent is this one (workers, fork servers), zombies included. */
static G_GNUC_UNUSED guint
count_children (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      const char *end;
      int ppid = 0;

      if (!g_ascii_isdigit (name[0]) || !g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      /* "pid (comm) state ppid ...": comm may hold spaces and parentheses. */
      end = strrchr (stat, ')');
      if (end != NULL && sscanf (end + 1, " %*c %d", &ppid) == 1 && ppid == getpid ())
        n++;
    }
  return n;
}

/* Whether process pid's environment holds every "NAME=VALUE" of entries (NULL-terminated). */
static G_GNUC_UNUSED gboolean
process_env_has (const char *pid, const char *const *entries)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/environ", pid);
  g_autofree char *env = NULL;
  gsize len = 0;
  guint found = 0, wanted = g_strv_length ((char **) entries);

  if (!g_file_get_contents (path, &env, &len, NULL))
    return FALSE;
  for (gsize off = 0; off < len; off += strlen (env + off) + 1)
    for (guint i = 0; entries[i] != NULL; i++)
      if (g_str_equal (env + off, entries[i]))
        found++;
  return found == wanted;
}

/* Processes whose environment holds every entry: a tag set before starting mpirun is inherited
 * by mpirun, its daemons (orted) and every rank. Zombies have no environment left. The first
 * one's pid in *first when not NULL. */
static G_GNUC_UNUSED guint
count_processes_with_env (const char *const *entries, int *first)
{
  g_autoptr (GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  guint count = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_ascii_isdigit (name[0]) && atoi (name) != getpid () && process_env_has (name, entries))
      {
        if (count++ == 0 && first != NULL)
          *first = atoi (name);
      }
  return count;
}
