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

#include <gio/gio.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "cs-child.h"

#include "cs-presets-private.h"
#include "cs-wl-util.h"

/* The command line is split like a shell would (g_shell_parse_argv) and {workers} / {rep} are
 * replaced inside each argument afterwards, so a substituted value can never split or inject an
 * argument. A shell runs it only when the user sets shell=true. The child runs behind
 * corescope-reaper (spawn_command) so that nothing it starts outlives its run. Of its output
 * only the last 64 KiB of each stream are kept.
 *
 * Output protocol: a line "CORESCOPE checksum=<u64> units=<double>" on standard output reports
 * a checksum (compared across runs like the built-in presets' checksums) and the work done. */
#define GRACE_US   (3 * G_USEC_PER_SEC)
#define TAIL_KEEP  (64 * 1024) /* of each of stdout and stderr */
#define REASON_MAX 400         /* bytes of stderr's last line in a failure reason */

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

/* Stops the reaper's process group, which is the command's: SIGTERM (the reaper passes it on
 * and ends what the command left, within two seconds), then SIGKILL, and reaps. */
static void
stop_group (GPid pid)
{
  gint64 deadline = g_get_monotonic_time () + GRACE_US;
  int status;

  if (pid <= 0) /* never kill (0) or kill (1): this process group, or everything */
    return;
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

/* The last TAIL_KEEP bytes of a stream and how many came before them: a command may print
 * without end, and its output must not grow Corescope's memory. */
typedef struct
{
  GString *kept;
  guint64  dropped;
} Tail;

typedef struct
{
  Tail     out, err;
  GString *status; /* what corescope-reaper said */
} Captured;

static void
tail_append (Tail *tail, const char *data, gsize len)
{
  g_string_append_len (tail->kept, data, len);
  /* trimmed in batches: each erase moves what is kept */
  if (tail->kept->len > 2 * TAIL_KEEP)
    {
      gsize cut = tail->kept->len - TAIL_KEEP;

      g_string_erase (tail->kept, 0, cut);
      tail->dropped += cut;
    }
}

static void
tail_finish (Tail *tail)
{
  if (tail->kept->len > TAIL_KEEP)
    {
      gsize cut = tail->kept->len - TAIL_KEEP;

      g_string_erase (tail->kept, 0, cut);
      tail->dropped += cut;
    }
}

/* Reads one pipe's available bytes into its tail; FALSE at its end. */
static gboolean
read_into (int fd, Tail *tail)
{
  char buf[16384];
  ssize_t r = read (fd, buf, sizeof buf);

  if (r > 0)
    tail_append (tail, buf, r);
  return r > 0 || (r < 0 && (errno == EINTR || errno == EAGAIN));
}

/* Reads the command's stdout and stderr and the reaper's status until all three close or the
 * run is cancelled. They close once the command and everything it started have ended: the
 * reaper ends what the command leaves running, so a background process that keeps stdout open
 * cannot make the run wait without end. */
static gboolean
read_pipes (const int *fds_in, Captured *cap, GCancellable *cancellable)
{
  GPollFD fds[4];
  gboolean open_[3] = { TRUE, TRUE, TRUE };
  int n_fds = 3;

  for (int i = 0; i < 3; i++)
    fds[i] = (GPollFD) { fds_in[i], G_IO_IN | G_IO_HUP, 0 };
  if (g_cancellable_make_pollfd (cancellable, &fds[3]))
    n_fds = 4;
  while (open_[0] || open_[1] || open_[2])
    {
      for (int i = 0; i < 3; i++)
        fds[i].fd = open_[i] ? fds_in[i] : -1;
      if (g_poll (fds, n_fds, -1) < 0 && errno != EINTR)
        break;
      if (g_cancellable_is_cancelled (cancellable))
        break;
      if (fds[0].revents)
        open_[0] = read_into (fds_in[0], &cap->out);
      if (fds[1].revents)
        open_[1] = read_into (fds_in[1], &cap->err);
      if (fds[2].revents)
        open_[2] = cs_child_read_status (fds_in[2], cap->status);
    }
  if (n_fds == 4)
    g_cancellable_release_fd (cancellable);
  tail_finish (&cap->out);
  tail_finish (&cap->err);
  return !open_[0] && !open_[1] && !open_[2];
}

/* Binary output may hold NUL bytes: lines are looked for after the last one. */
static const char *
text_after_nul (const GString *s)
{
  const char *nul = memrchr (s->str, '\0', s->len);

  return nul != NULL ? nul + 1 : s->str;
}

/* The last non-empty line of stderr, at most REASON_MAX bytes of it, to explain a failure. */
static char *
last_line (const Tail *err)
{
  const char *text = text_after_nul (err->kept);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (int i = g_strv_length (lines) - 1; i >= 0; i--)
    {
      /* the first line kept may have begun before what was kept */
      guint64 before = i == 0 && text == err->kept->str ? err->dropped : 0;
      g_autofree char *valid = NULL;
      gsize len;

      if (*g_strstrip (lines[i]) == '\0')
        continue;
      len = strlen (lines[i]);
      if (len + before <= REASON_MAX)
        return g_utf8_make_valid (lines[i], -1);
      valid = g_utf8_make_valid (lines[i], REASON_MAX);
      return g_strdup_printf (_("%s… (%" G_GUINT64_FORMAT " bytes cut)"), valid,
                              (guint64) (len + before - REASON_MAX));
    }
  return NULL;
}

static gboolean
check_exit (const char *program, int status, const Tail *err, GError **error)
{
  g_autofree char *why = last_line (err);

  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return TRUE;
  if (WIFSIGNALED (status))
    return command_error (error, _("command: %s was killed by %s%s%s"), program,
                          g_strsignal (WTERMSIG (status)), why ? ": " : "", why ? why : "");
  return command_error (error, _("command: %s exited with status %d%s%s"), program,
                        WEXITSTATUS (status), why ? ": " : "", why ? why : "");
}

/* "CORESCOPE checksum=<u64> units=<double>": the last such line wins (in the last TAIL_KEEP
 * bytes of standard output). */
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

/* The command runs behind corescope-reaper (cs-child.h), which puts it in a process group of
 * its own, finds whatever it starts (setsid and double forks too), ends what it leaves running
 * and says so on fd 3; and ends everything if Corescope dies. GLib spawns without running any
 * code of ours between fork and exec. */
static gboolean
spawn_command (char **argv, GPid *pid, int fds[3], GError **error)
{
  g_autoptr(GError) local = NULL;
  g_auto(GStrv) reaped = NULL;
  g_autofree char *found = g_find_program_in_path (argv[0]);
  int status_pipe[2];
  gboolean ok;

  if (found == NULL)
    return command_error (error, _("command: program '%s' not found (give its full path, "
                                   "or check PATH)"), argv[0]);
  if ((reaped = cs_child_reaper_argv ((const char *const *) argv, 3, NULL, error)) == NULL)
    return FALSE;
  if (!g_unix_open_pipe (status_pipe, FD_CLOEXEC, &local))
    return command_error (error, _("command: cannot run %s: %s"), argv[0], local->message);
  ok = g_spawn_async_with_pipes_and_fds (NULL, (const char *const *) reaped, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL,
                                         NULL, NULL, -1, -1, -1, &status_pipe[1], (int[]) { 3 },
                                         1, pid, NULL, &fds[0], &fds[1], &local);
  close (status_pipe[1]);
  fds[2] = status_pipe[0];
  g_unix_set_fd_nonblocking (fds[2], TRUE, NULL);
  if (ok)
    return TRUE;
  close (fds[2]);
  return command_error (error, _("command: cannot run %s: %s%s"), argv[0], local->message,
                        cs_child_errno_hint (strstr (local->message, g_strerror (EAGAIN))
                                             != NULL ? EAGAIN : 0));
}

/* After the pipes closed: reaps the command and reads its report. */
static gboolean
collect_command (CsWorkload *wl, const char *program, GPid pid, const Captured *cap,
                 guint64 *checksum, GError **error)
{
  g_autofree char *leftovers = cs_child_describe_leftovers (cap->status->str);
  double units = 0;
  int status = 0;
  gboolean ok;

  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  ok = check_exit (program, status, &cap->err, error);
  /* a command that leaves processes running was not measured whole: its run fails */
  if (ok && leftovers != NULL && !g_str_has_prefix (cap->status->str, "waited"))
    ok = command_error (error, _("command: %s exited, but %s"), program, leftovers);
  g_free (wl->note);
  wl->note = ok ? g_steal_pointer (&leftovers) : NULL;
  *checksum = 0;
  if (ok)
    parse_report (text_after_nul (cap->out.kept), checksum, &units);
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
  int fds[3] = { -1, -1, -1 };
  gboolean ok = FALSE;
  GPid pid = 0;

  if (argv == NULL || !spawn_command (argv, &pid, fds, error))
    return FALSE;
  cap.out = (Tail) { g_string_new (NULL), 0 };
  cap.err = (Tail) { g_string_new (NULL), 0 };
  cap.status = g_string_new (NULL);
  if (read_pipes (fds, &cap, cancellable))
    ok = collect_command (wl, argv[0], pid, &cap, checksum, error);
  else
    {
      stop_group (pid);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("command: cancelled"));
    }
  for (int i = 0; i < 3; i++)
    close (fds[i]);
  g_spawn_close_pid (pid);
  g_string_free (cap.out.kept, TRUE);
  g_string_free (cap.err.kept, TRUE);
  g_string_free (cap.status, TRUE);
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
