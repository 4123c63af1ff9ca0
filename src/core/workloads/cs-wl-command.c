/* cs-wl-command.c: the user's own command, run once per repetition with {workers} and {rep}
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "cs-presets-private.h"
#include "cs-wl-util.h"

/* The command line is split like a shell would (g_shell_parse_argv) and {workers} / {rep} are
 * replaced inside each argument afterwards, so a substituted value can never split or inject an
 * argument. A shell runs it only when the user sets shell=true. The child gets its own process
 * group so that cancelling can stop everything it started.
 *
 * Output protocol: a line "CORESCOPE checksum=<u64> units=<double>" on standard output reports
 * a checksum (compared across runs like the built-in presets' checksums) and the work done. */
#define GRACE_US (2 * G_USEC_PER_SEC)

static const CsParamSpec params[] = {
  { "command", CS_PARAM_STRING,
    "sh -c 'for w in $(seq {workers}); do (i=0; n=$((60000 / {workers})); "
    "while [ $i -lt $n ]; do i=$((i+1)); done) & done; wait'",
    0, 0, NULL, N_("Command"),
    N_("Command line to run once per repetition; {workers} and {rep} are replaced by the "
       "worker count and the repetition number.") },
  { "shell", CS_PARAM_BOOL, "false", 0, 0, NULL, N_("Run through a shell"),
    N_("Run the command with /bin/sh -c (pipes, redirections, variables) instead of "
       "directly.") },
};

static gboolean
command_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
command_error (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_TASK, message);
  return FALSE;
}

static char *
substitute (const char *arg, guint n_workers, guint rep)
{
  g_autofree char *workers = g_strdup_printf ("%u", n_workers);
  g_autofree char *rep_str = g_strdup_printf ("%u", rep);
  GString *s = g_string_new (arg);

  g_string_replace (s, "{workers}", workers, 0);
  g_string_replace (s, "{rep}", rep_str, 0);
  return g_string_free (s, FALSE);
}

/* The argv to run for a worker count and repetition. */
static char **
build_argv (const CsParams *p, guint n_workers, guint rep, GError **error)
{
  const char *command = cs_params_get_string (p, "command");
  g_autoptr(GError) local = NULL;
  char **argv = NULL;
  int argc = 0;

  if (cs_params_get_bool (p, "shell"))
    {
      char **sh = g_new0 (char *, 4);

      sh[0] = g_strdup ("/bin/sh");
      sh[1] = g_strdup ("-c");
      sh[2] = substitute (command, n_workers, rep);
      return sh;
    }
  if (!g_shell_parse_argv (command, &argc, &argv, &local))
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE,
                   _("command: cannot split '%s' into arguments: %s"), command,
                   local != NULL ? local->message : _("empty command"));
      return NULL;
    }
  for (int i = 0; i < argc; i++)
    {
      char *s = substitute (argv[i], n_workers, rep);

      g_free (argv[i]);
      argv[i] = s;
    }
  return argv;
}

/* Finds the program before the sweep starts, so a typo fails at once with a clear message. */
static gboolean
command_prepare (CsWorkload *wl, GError **error)
{
  g_auto(GStrv) argv = build_argv (wl->params, MAX (wl->n_workers, 1), 0, error);
  g_autofree char *found = NULL;

  if (argv == NULL)
    return FALSE;
  found = g_find_program_in_path (argv[0]);
  if (found == NULL)
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE,
                   _("command: program '%s' not found (give its full path, or check PATH)"),
                   argv[0]);
      return FALSE;
    }
  wl->n_tasks = 1;
  return TRUE;
}

static void
child_setup (gpointer data)
{
  /* async-signal-safe only: this runs between fork and exec */
  setpgid (0, 0);
}

/* Stops the whole process group: SIGTERM, then SIGKILL after a grace period, and reaps. */
static void
stop_group (GPid pid)
{
  gint64 deadline = g_get_monotonic_time () + GRACE_US;
  int status;

  kill (-pid, SIGTERM);
  while (waitpid (pid, &status, WNOHANG) == 0)
    {
      if (g_get_monotonic_time () > deadline)
        {
          kill (-pid, SIGKILL);
          waitpid (pid, &status, 0);
          break;
        }
      g_usleep (10000);
    }
  kill (-pid, SIGKILL); /* anything the command left behind in its group */
}

typedef struct
{
  GString *out, *err;
} Captured;

/* Reads both pipes until they close or the run is cancelled. */
static gboolean
read_pipes (int out_fd, int err_fd, Captured *cap, GCancellable *cancellable)
{
  GPollFD fds[3] = { { out_fd, G_IO_IN | G_IO_HUP, 0 }, { err_fd, G_IO_IN | G_IO_HUP, 0 } };
  int n_fds = 2;
  gboolean out_open = TRUE, err_open = TRUE;

  if (g_cancellable_make_pollfd (cancellable, &fds[2]))
    n_fds = 3;
  while (out_open || err_open)
    {
      fds[0].fd = out_open ? out_fd : -1;
      fds[1].fd = err_open ? err_fd : -1;
      if (g_poll (fds, n_fds, -1) < 0 && errno != EINTR)
        break;
      if (g_cancellable_is_cancelled (cancellable))
        break;
      for (int i = 0; i < 2; i++)
        {
          char buf[4096];
          ssize_t r;

          if (fds[i].fd < 0 || fds[i].revents == 0)
            continue;
          r = read (fds[i].fd, buf, sizeof buf);
          if (r > 0)
            g_string_append_len (i == 0 ? cap->out : cap->err, buf, r);
          else if (r == 0 || errno != EINTR)
            *(i == 0 ? &out_open : &err_open) = FALSE;
        }
    }
  if (n_fds == 3)
    g_cancellable_release_fd (cancellable);
  return !out_open && !err_open;
}

/* The last non-empty line of stderr, to explain a failure. */
static char *
last_line (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (int i = g_strv_length (lines) - 1; i >= 0; i--)
    if (*g_strstrip (lines[i]) != '\0')
      return g_strdup (lines[i]);
  return NULL;
}

static gboolean
check_exit (const char *program, int status, const char *err_text, GError **error)
{
  g_autofree char *why = last_line (err_text);

  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return TRUE;
  if (WIFSIGNALED (status))
    return command_error (error, _("command: %s was killed by %s%s%s"), program,
                          g_strsignal (WTERMSIG (status)), why ? ": " : "", why ? why : "");
  return command_error (error, _("command: %s exited with status %d%s%s"), program,
                        WEXITSTATUS (status), why ? ": " : "", why ? why : "");
}

/* "CORESCOPE checksum=<u64> units=<double>": the last such line wins. */
static void
parse_report (const char *out, guint64 *checksum, double *units)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (!g_str_has_prefix (lines[i], "CORESCOPE "))
        continue;
      fields = g_strsplit (g_strstrip (lines[i]) + strlen ("CORESCOPE "), " ", -1);
      for (guint f = 0; fields[f] != NULL; f++)
        {
          if (g_str_has_prefix (fields[f], "checksum="))
            g_ascii_string_to_unsigned (fields[f] + strlen ("checksum="), 10, 0, G_MAXUINT64,
                                        checksum, NULL);
          else if (g_str_has_prefix (fields[f], "units="))
            *units = g_ascii_strtod (fields[f] + strlen ("units="), NULL);
        }
    }
}

/* g_spawn forks and execs at once: no code of ours runs in the forked copy of a possibly
 * threaded process but setpgid(). */
static gboolean
spawn_command (char **argv, GPid *pid, int *out_fd, int *err_fd, GError **error)
{
  g_autoptr(GError) local = NULL;

  if (g_spawn_async_with_pipes (NULL, argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD
                                  | G_SPAWN_STDIN_FROM_DEV_NULL,
                                child_setup, NULL, pid, NULL, out_fd, err_fd, &local))
    return TRUE;
  if (g_error_matches (local, G_SPAWN_ERROR, G_SPAWN_ERROR_NOENT))
    return command_error (error, _("command: program '%s' not found (give its full path, "
                                   "or check PATH)"), argv[0]);
  return command_error (error, _("command: cannot run %s: %s"), argv[0], local->message);
}

/* After the pipes closed: reaps the command and reads its report. */
static gboolean
collect_command (CsWorkload *wl, const char *program, GPid pid, const Captured *cap,
                 guint64 *checksum, GError **error)
{
  double units = 0;
  int status = 0;
  gboolean ok;

  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  ok = check_exit (program, status, cap->err->str, error);
  *checksum = 0;
  if (ok)
    parse_report (cap->out->str, checksum, &units);
  /* the engine reports units_per_task × tasks, and an external run is one task */
  wl->units_per_task = isfinite (units) && units > 0 ? units : 0;
  return ok;
}

static gboolean
command_run_external (CsWorkload *wl, guint n_workers, guint rep, guint64 *checksum,
                      GCancellable *cancellable, GError **error)
{
  g_auto(GStrv) argv = build_argv (wl->params, n_workers, rep, error);
  Captured cap;
  int out_fd, err_fd;
  gboolean ok = FALSE;
  GPid pid;

  if (argv == NULL || !spawn_command (argv, &pid, &out_fd, &err_fd, error))
    return FALSE;
  cap.out = g_string_new (NULL);
  cap.err = g_string_new (NULL);
  if (read_pipes (out_fd, err_fd, &cap, cancellable))
    ok = collect_command (wl, argv[0], pid, &cap, checksum, error);
  else
    {
      stop_group (pid);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("command: cancelled"));
    }
  close (out_fd);
  close (err_fd);
  g_spawn_close_pid (pid);
  g_string_free (cap.out, TRUE);
  g_string_free (cap.err, TRUE);
  return ok;
}

const CsPreset cs_preset_command = {
  .name = "command",
  .title = N_("Your command"),
  .summary = N_("Time your own program at each worker count"),
  .description = N_("Runs a command of your choice once per repetition and measures its wall "
                    "time, with {workers} replaced by the worker count and {rep} by the "
                    "repetition number, like a parameter scan: for example "
                    "'python3 cpu_task.py --mode multiprocessing --jobs {workers}'. The "
                    "command is not run through a shell unless you ask for one. It may print "
                    "a line 'CORESCOPE checksum=<number> units=<number>' to have its results "
                    "checked across runs. The execution modes do not apply: your program "
                    "chooses how it runs in parallel."),
  .expected = N_("Whatever your program does: compare it with the built-in presets of the "
                 "same kind."),
  .icon_name = "utilities-terminal-symbolic",
  .category = CS_CATEGORY_COMMAND,
  .work_unit = N_("runs"),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .prepare = command_prepare,
  .run_external = command_run_external,
};
