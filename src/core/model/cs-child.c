/* cs-child.c: running a child under corescope-reaper, and naming why a child could not start
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <unistd.h>

#include "cs-child.h"
#include "cs-program.h"

#define MAX_REPORT 4096

const char *
cs_child_errno_hint (int errno_value)
{
  return errno_value == EAGAIN ? _(" (EAGAIN: the process limit, ulimit -u?)") : "";
}

char *
cs_child_start_failure (int errno_value)
{
  return g_strdup_printf (_("could not start a worker: %s%s"), g_strerror (errno_value),
                          cs_child_errno_hint (errno_value));
}

char **
cs_child_reaper_argv (const char *const *argv, int status_fd, const char *const *options,
                      GError **error)
{
  g_autofree char *reaper = cs_program_find ("CORESCOPE_REAPER",
                                             CS_BUILD_ROOT "/src/worker/corescope-reaper",
                                             LIBEXECDIR "/corescope-reaper");
  GPtrArray *out;

  if (!g_file_test (reaper, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("The helper program %s is missing: reinstall Corescope or set "
                     "CORESCOPE_REAPER to its path"), reaper);
      return NULL;
    }
  out = g_ptr_array_new ();
  g_ptr_array_add (out, g_steal_pointer (&reaper));
  g_ptr_array_add (out, g_strdup_printf ("--status-fd=%d", status_fd));
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    g_ptr_array_add (out, g_strdup (options[i]));
  g_ptr_array_add (out, g_strdup ("--"));
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (out, g_strdup (argv[i]));
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

gboolean
cs_child_read_status (int status_fd, GString *report)
{
  char buffer[1024];
  ssize_t n;

  while ((n = read (status_fd, buffer, sizeof buffer)) > 0)
    if (report->len < MAX_REPORT)
      g_string_append_len (report, buffer, MIN ((gsize) n, MAX_REPORT - report->len));
  return n < 0 && (errno == EAGAIN || errno == EINTR);
}

char *
cs_child_describe_stuck (const char *report)
{
  const char *line = strstr (report, "stuck ");
  g_autofree char *rest = NULL;
  char *end;
  guint64 pid;

  if (line == NULL || (line != report && line[-1] != '\n'))
    return NULL;
  pid = g_ascii_strtoull (line + 6, &end, 10);
  rest = g_strndup (end + (*end == ' '), strcspn (end + (*end == ' '), "\n"));
  return g_strdup_printf (_("its child %s (pid %" G_GUINT64_FORMAT ") had died and it did not "
                            "notice"), rest, pid);
}

char *
cs_child_describe_leftovers (const char *report)
{
  g_auto (GStrv) lines = g_strsplit (report, "\n", -1);
  g_autoptr (GString) names = g_string_new (NULL);
  guint n_left = 0;
  const char *waited = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "left "))
      {
        g_string_append_printf (names, "%s%s", n_left++ > 0 ? ", " : "", lines[i] + 5);
      }
    else if (g_str_has_prefix (lines[i], "waited "))
      waited = lines[i] + 7;
  if (n_left > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "it left %u process running (pid and name: %s): "
                                         "Corescope ended it",
                                         "it left %u processes running (pid and name: %s): "
                                         "Corescope ended them", n_left),
                            n_left, names->str);
  if (waited != NULL)
    return g_strdup_printf (_("the run waited %s ms for processes it started in the "
                              "background"), waited);
  return NULL;
}
