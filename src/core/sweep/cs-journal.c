/* cs-journal.c: incremental saving of a sweep in progress, and its recovery after a crash
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-journal"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "cs-journal.h"

#define JOURNAL_PREFIX "in-progress-"
#define JOURNAL_SUFFIX ".json"

struct _CsJournal
{
  char     *path;
  CsResult *result;
  double    min_interval_s;
  gint64    last_write_us;   /* 0: never written */
  gboolean  dirty;           /* runs added since the last write */
  gboolean  warned;          /* a write error was already logged */
};

G_DEFINE_QUARK (cs-journal-error-quark, cs_journal_error)

char *
cs_journal_get_default_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "corescope", NULL);
}

static gboolean
write_now (CsJournal *journal, GError **error)
{
  g_autoptr (GError) local = NULL;

  if (!cs_result_save (journal->result, journal->path, &local))
    {
      g_set_error (error, CS_JOURNAL_ERROR, CS_JOURNAL_ERROR_IO,
                   _("Cannot save the sweep in progress to %s: %s"), journal->path,
                   local->message);
      return FALSE;
    }
  journal->last_write_us = g_get_monotonic_time ();
  journal->dirty = FALSE;
  return TRUE;
}

static char *
default_path (GError **error)
{
  g_autofree char *dir = cs_journal_get_default_dir ();
  g_autofree char *name = g_strdup_printf (JOURNAL_PREFIX "%d" JOURNAL_SUFFIX, (int) getpid ());

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, CS_JOURNAL_ERROR, CS_JOURNAL_ERROR_IO,
                   _("Cannot create the folder %s for sweeps in progress: %s"), dir,
                   g_strerror (saved));
      return NULL;
    }
  return g_build_filename (dir, name, NULL);
}

CsJournal *
cs_journal_new (const char *path, const CsResult *initial, GError **error)
{
  g_autoptr (CsJournal) journal = NULL;

  g_return_val_if_fail (initial != NULL, NULL);

  journal = g_new0 (CsJournal, 1);
  journal->min_interval_s = 0.25;
  journal->path = path != NULL ? g_strdup (path) : default_path (error);
  if (journal->path == NULL)
    return NULL;
  journal->result = cs_result_copy (initial);
  journal->result->complete = FALSE;
  g_clear_pointer (&journal->result->finished, g_date_time_unref);
  if (!write_now (journal, error))
    return NULL;
  return g_steal_pointer (&journal);
}

const char *
cs_journal_get_path (CsJournal *journal)
{
  g_return_val_if_fail (journal != NULL, NULL);
  return journal->path;
}

void
cs_journal_set_min_interval (CsJournal *journal, double seconds)
{
  g_return_if_fail (journal != NULL);
  journal->min_interval_s = MAX (seconds, 0);
}

const CsResult *
cs_journal_get_result (CsJournal *journal)
{
  g_return_val_if_fail (journal != NULL, NULL);
  return journal->result;
}

gboolean
cs_journal_flush (CsJournal *journal, GError **error)
{
  g_return_val_if_fail (journal != NULL, FALSE);
  return !journal->dirty || write_now (journal, error);
}

gboolean
cs_journal_add_run (CsJournal *journal, const CsRun *run, GError **error)
{
  gint64 since_us;

  g_return_val_if_fail (journal != NULL, FALSE);
  g_return_val_if_fail (run != NULL, FALSE);

  cs_result_add_run (journal->result, cs_run_copy (run));
  journal->dirty = TRUE;
  since_us = g_get_monotonic_time () - journal->last_write_us;
  if (since_us < journal->min_interval_s * G_USEC_PER_SEC)
    return TRUE;
  return write_now (journal, error);
}

void
cs_journal_progress (const CsSweepProgress *progress, gpointer data)
{
  CsJournal *journal = data;
  g_autoptr (GError) error = NULL;

  if (progress->last_run == NULL)
    return;   /* a warm-up: not part of the result */
  if (!cs_journal_add_run (journal, progress->last_run, &error) && !journal->warned)
    {
      journal->warned = TRUE;
      g_warning ("%s", error->message);
    }
}

void
cs_journal_free (CsJournal *journal)
{
  if (journal == NULL)
    return;
  g_free (journal->path);
  g_clear_pointer (&journal->result, cs_result_free);
  g_free (journal);
}

void
cs_journal_finish (CsJournal *journal)
{
  if (journal == NULL)
    return;
  if (g_unlink (journal->path) != 0 && errno != ENOENT)
    g_warning ("Cannot remove %s: %s", journal->path, g_strerror (errno));
  cs_journal_free (journal);
}

/* ---- recovery ------------------------------------------------------------------------------ */

/* Seconds since the epoch at which process pid started, or -1 when there is no such process.
 * /proc/PID/stat field 22 counts clock ticks since boot; /proc/stat has the boot time. */
static double
process_start_time (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  g_autofree char *boot = NULL;
  unsigned long long ticks = 0;
  const char *after, *btime;
  long hz = sysconf (_SC_CLK_TCK);

  if (!g_file_get_contents (path, &stat, NULL, NULL))
    return -1;
  after = strrchr (stat, ')');
  /* after ')': state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime
   * stime cutime cstime priority nice num_threads itrealvalue starttime */
  if (after == NULL || sscanf (after + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u"
                               " %*u %*d %*d %*d %*d %*d %*d %llu", &ticks) != 1 ||
      !g_file_get_contents ("/proc/stat", &boot, NULL, NULL) ||
      (btime = strstr (boot, "\nbtime ")) == NULL || hz <= 0)
    return 0; /* running, start unknown: counts as older than any journal */
  return g_ascii_strtod (btime + strlen ("\nbtime "), NULL) + (double) ticks / hz;
}

/* A journal is abandoned when the process named in it has exited, or when the PID now belongs
 * to a process started after the journal's last write (the PID was reused, e.g. after a
 * reboot). */
static gboolean
is_abandoned (const char *name, double mtime)
{
  const char *digits = name + strlen (JOURNAL_PREFIX);
  g_autofree char *pid_str = g_strndup (digits, strlen (digits) - strlen (JOURNAL_SUFFIX));
  guint64 pid;
  double started;

  if (!g_ascii_string_to_unsigned (pid_str, 10, 1, G_MAXINT32, &pid, NULL))
    return TRUE;   /* not ours by name: a journal a user copied or renamed */
  if ((pid_t) pid == getpid ())
    return FALSE;
  started = process_start_time ((int) pid);
  return started < 0 || started > mtime + 1;
}

typedef struct
{
  char  *path;
  double mtime;
} Found;

static int
newest_first (gconstpointer a, gconstpointer b)
{
  const Found *x = a, *y = b;
  return (x->mtime < y->mtime) - (x->mtime > y->mtime);
}

char **
cs_journal_find_recoverable (const char *dir)
{
  g_autofree char *default_dir = dir == NULL ? cs_journal_get_default_dir () : NULL;
  g_autoptr (GDir) d = g_dir_open (dir != NULL ? dir : default_dir, 0, NULL);
  g_autoptr (GArray) found = g_array_new (FALSE, FALSE, sizeof (Found));
  GPtrArray *paths = g_ptr_array_new ();
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, JOURNAL_PREFIX) || !g_str_has_suffix (name, JOURNAL_SUFFIX))
        continue;
      path = g_build_filename (dir != NULL ? dir : default_dir, name, NULL);
      if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) ||
          !is_abandoned (name, (double) st.st_mtime))
        continue;
      Found f = { g_steal_pointer (&path), (double) st.st_mtime };
      g_array_append_val (found, f);
    }
  g_array_sort (found, newest_first);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (paths, g_array_index (found, Found, i).path);
  g_ptr_array_add (paths, NULL);
  return (char **) g_ptr_array_free (paths, FALSE);
}

CsResult *
cs_journal_recover (const char *path, GError **error)
{
  g_autoptr (CsResult) result = NULL;
  GStatBuf st;

  g_return_val_if_fail (path != NULL, NULL);

  result = cs_result_load (path, error);
  if (result == NULL)
    return NULL;
  result->complete = FALSE;
  if (result->finished == NULL && g_stat (path, &st) == 0)
    result->finished = g_date_time_new_from_unix_utc (st.st_mtime);
  return g_steal_pointer (&result);
}

gboolean
cs_journal_discard (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;
      g_set_error (error, CS_JOURNAL_ERROR, CS_JOURNAL_ERROR_IO, _("Cannot remove %s: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
