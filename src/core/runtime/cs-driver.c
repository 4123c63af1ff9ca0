/* cs-driver.c: a backend's driver process (the Python driver, rank 0 of an MPI job) and the
 * JSON-lines protocol spoken with it (src/core/backends/DRIVERS.md)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-driver"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs-child.h"
#include "cs-driver.h"
#include "cs-json-guard.h"
#include "cs-spawn.h"

/* Replies are small (a few hundred bytes; an MPI open reply with hwloc XML per host a few
 * hundred KiB): anything near the limit is a driver gone wrong. */
#define MAX_LINE (1024 * 1024)
#define STDERR_KEEP 4096
#define POLL_MS 50
#define GRACE_US (G_USEC_PER_SEC)
#define STATUS_FILENO 3

struct _CsDriver
{
  char    *name;
  GPid     pid;
  int      in_fd;     /* its stdin */
  int      out_fd;    /* its stdout */
  int      err_fd;    /* its stderr */
  int      status_fd; /* corescope-reaper's status, and its lifeline: see cs-child.h */
  GString *out;       /* read from out_fd, not yet a whole line */
  GString *err;       /* the last STDERR_KEEP bytes of its stderr */
  char    *err_tail;  /* the last line of err, for messages */
  gboolean exited;
  int      status;    /* wait status once exited */
  gboolean broken;    /* out of step: no more requests */
  char   **fatal;     /* stderr lines that mean it cannot answer (cs_driver_set_fatal_stderr) */
  gint64   fatal_grace_us;
  gint64   fatal_since; /* when stderr first held one of them, or 0 */
};

G_DEFINE_QUARK (cs-driver-error-quark, cs_driver_error)

/* ---- starting ---------------------------------------------------------------------------- */

static gboolean
make_pipe (int fds[2], GError **error, const char *name)
{
  if (pipe2 (fds, O_CLOEXEC) == 0)
    return TRUE;
  int saved = errno;

  g_set_error (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_START, _("Cannot start %s: %s%s"), name,
               g_strerror (saved), cs_child_errno_hint (saved));
  return FALSE;
}

static void
close_fds (int *fds, guint n)
{
  for (guint i = 0; i < n; i++)
    if (fds[i] >= 0)
      close (fds[i]);
}

/* The pipes' numbers are above 3 (0, 1 and 2 are open: ours), so no dup2 overwrites another. */
static gboolean
make_pipes (int fds[8], const char *name, GError **error)
{
  for (guint i = 0; i < 8; i += 2)
    if (!make_pipe (fds + i, error, name))
      return FALSE;
  return TRUE;
}

/* The driver runs behind corescope-reaper (cs-child.h): whatever it starts ends with it, or
 * with us, however we end. */
CsDriver *
cs_driver_spawn (const char *name, const char *const *argv, const char *const *envp,
                 const char *const *reaper_options, GError **error)
{
  g_autofree char *path = NULL;
  g_auto (GStrv) reaped = NULL;
  /* stdin, stdout, stderr, status: [read end, write end] each */
  int fds[8] = { -1, -1, -1, -1, -1, -1, -1, -1 };
  CsDriver *self;
  GPid pid;
  int status;

  g_return_val_if_fail (argv != NULL && argv[0] != NULL, NULL);

  path = g_path_is_absolute (argv[0]) ? g_strdup (argv[0]) : g_find_program_in_path (argv[0]);
  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_START, _("%s not found"), argv[0]);
      return NULL;
    }
  if ((reaped = cs_child_reaper_argv (argv, STATUS_FILENO, reaper_options, error)) == NULL)
    return NULL;
  if (!make_pipes (fds, name, error))
    {
      close_fds (fds, 8);
      return NULL;
    }
  /* The pipes as 0, 1 and 2 and the reaper's status pipe as 3, in a process group of its own:
   * cancelling kills everything it started, and a terminal's Ctrl-C reaches only Corescope. */
  status = cs_spawn (reaped[0], (const char *const *) reaped, envp,
                     (CsSpawnFd[]) { { STDIN_FILENO, fds[0] }, { STDOUT_FILENO, fds[3] },
                                     { STDERR_FILENO, fds[5] }, { STATUS_FILENO, fds[7] } },
                     4, CS_SPAWN_OWN_GROUP, &pid);
  close_fds ((int[]) { fds[0], fds[3], fds[5], fds[7] }, 4);
  if (status != 0)
    {
      close_fds ((int[]) { fds[1], fds[2], fds[4], fds[6] }, 4);
      g_set_error (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_START, _("Cannot start %s: %s%s"),
                   name, g_strerror (status), cs_child_errno_hint (status));
      return NULL;
    }
  self = g_new0 (CsDriver, 1);
  self->name = g_strdup (name);
  self->pid = pid;
  self->in_fd = fds[1];
  self->out_fd = fds[2];
  self->err_fd = fds[4];
  self->status_fd = fds[6];
  g_unix_set_fd_nonblocking (self->status_fd, TRUE, NULL);
  self->out = g_string_new (NULL);
  self->err = g_string_new (NULL);
  self->err_tail = g_strdup ("");
  /* A driver that dies must not kill us with SIGPIPE when we write its next request. */
  signal (SIGPIPE, SIG_IGN);
  return self;
}

/* ---- reading ----------------------------------------------------------------------------- */

static void
update_err_tail (CsDriver *self)
{
  g_autofree char *copy = g_strdup (self->err->str);
  char *end = copy + strlen (copy);
  char *start;

  while (end > copy && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' '))
    *--end = '\0';
  start = strrchr (copy, '\n');
  g_free (self->err_tail);
  self->err_tail = g_utf8_make_valid (start != NULL ? start + 1 : copy, -1);
}

/* Keeps the last STDERR_KEEP bytes of what the driver says on stderr. */
static gboolean
drain_stderr (CsDriver *self)
{
  char buffer[4096];
  ssize_t n = read (self->err_fd, buffer, sizeof buffer);

  if (n <= 0)
    return FALSE;
  g_string_append_len (self->err, buffer, n);
  if (self->err->len > STDERR_KEEP)
    g_string_erase (self->err, 0, self->err->len - STDERR_KEEP);
  update_err_tail (self);
  return TRUE;
}

/* Appends what is there; FALSE at EOF or error. */
static gboolean
read_stdout (CsDriver *self)
{
  char buffer[16384];
  ssize_t n = read (self->out_fd, buffer, sizeof buffer);

  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return TRUE;
  if (n <= 0)
    return FALSE;
  g_string_append_len (self->out, buffer, n);
  return TRUE;
}

/* Reaps the driver if it is gone (without waiting). */
static void
check_exit (CsDriver *self)
{
  if (!self->exited && waitpid (self->pid, &self->status, WNOHANG) == self->pid)
    self->exited = TRUE;
}

/* "was killed by signal 9 (SIGKILL: out of memory?)": the number and the name are what a
 * user can look up (g_strsignal's "Killed" is neither); the kernel's OOM killer is the usual
 * sender of an unexplained SIGKILL. */
static char *
describe_signal (int signum)
{
  const char *abbrev = sigabbrev_np (signum);

  if (signum == SIGKILL)
    return g_strdup_printf (_("was killed by signal %d (SIGKILL: out of memory?)"), signum);
  return g_strdup_printf (_("was killed by signal %d (SIG%s)"), signum,
                          abbrev != NULL ? abbrev : "?");
}

static void
set_died (CsDriver *self, GError **error)
{
  g_autoptr (GString) report = g_string_new (NULL);
  g_autofree char *stuck = NULL;
  g_autofree char *how = NULL;

  /* Give it a moment to finish dying, so the status and its last words are known. */
  for (guint i = 0; i < 20 && !self->exited; i++)
    {
      g_usleep (5000);
      check_exit (self);
    }
  while (self->err_fd >= 0 && drain_stderr (self))
    ;
  cs_child_read_status (self->status_fd, report);
  if ((stuck = cs_child_describe_stuck (report->str)) != NULL)
    how = g_strdup_printf (_("was stopped because %s"), stuck);
  else if (!self->exited)
    how = g_strdup (_("stopped answering"));
  else if (WIFSIGNALED (self->status))
    how = describe_signal (WTERMSIG (self->status));
  else
    how = g_strdup_printf (_("exited (status %d)"), WEXITSTATUS (self->status));
  g_set_error (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_DIED, "%s %s%s%s", self->name, how,
               *self->err_tail ? ": " : "", self->err_tail);
}

typedef enum {
  WAIT_LINE, WAIT_EOF, WAIT_TIMEOUT, WAIT_CANCELLED, WAIT_TOO_LONG, WAIT_FATAL
} WaitEnd;

/* TRUE once stderr has held a fatal line for the grace period. */
static gboolean
fatal_overdue (CsDriver *self)
{
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; self->fatal_since == 0 && self->fatal != NULL && self->fatal[i] != NULL; i++)
    if (strstr (self->err->str, self->fatal[i]) != NULL)
      self->fatal_since = now;
  return self->fatal_since > 0 && now - self->fatal_since >= self->fatal_grace_us;
}

/* Waits for a whole line on stdout, reading stderr on the way. */
static WaitEnd
wait_line (CsDriver *self, gint64 deadline, const gint *cancelled)
{
  while (strchr (self->out->str, '\n') == NULL)
    {
      struct pollfd fds[2] = { { self->out_fd, POLLIN, 0 }, { self->err_fd, POLLIN, 0 } };

      if (self->out->len > MAX_LINE)
        return WAIT_TOO_LONG;
      if (cancelled != NULL && g_atomic_int_get (cancelled))
        return WAIT_CANCELLED;
      if (deadline > 0 && g_get_monotonic_time () >= deadline)
        return WAIT_TIMEOUT;
      if (fatal_overdue (self))
        return WAIT_FATAL;
      if (poll (fds, self->err_fd >= 0 ? 2 : 1, POLL_MS) < 0 && errno != EINTR)
        return WAIT_EOF;
      if ((fds[1].revents & (POLLIN | POLLHUP)) && !drain_stderr (self))
        {
          close (self->err_fd);
          self->err_fd = -1;
        }
      if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) && !read_stdout (self))
        return WAIT_EOF;
    }
  return WAIT_LINE;
}

/* ---- the protocol ------------------------------------------------------------------------ */

static gboolean
protocol_error (CsDriver *self, GError **error, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
protocol_error (CsDriver *self, GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  self->broken = TRUE;
  g_set_error (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_PROTOCOL, _("%s: bad reply: %s"),
               self->name, message);
  return FALSE;
}

static gboolean
send_request (CsDriver *self, JsonNode *request, GError **error)
{
  g_autofree char *line = json_to_string (request, FALSE);
  g_autofree char *framed = g_strconcat (line, "\n", NULL);
  gsize len = strlen (framed), done = 0;

  while (done < len)
    {
      ssize_t n = write (self->in_fd, framed + done, len - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          self->broken = TRUE;
          set_died (self, error);
          return FALSE;
        }
      done += n;
    }
  return TRUE;
}

/* Takes the first line out of the buffer and parses it as one JSON object. */
static JsonObject *
parse_line (CsDriver *self, GError **error)
{
  char *nl = strchr (self->out->str, '\n');
  g_autofree char *line = g_strndup (self->out->str, nl - self->out->str);
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local = NULL;
  JsonNode *root;
  guint depth_line;

  g_string_erase (self->out, 0, nl - self->out->str + 1);
  if (!g_utf8_validate (line, -1, NULL))
    return protocol_error (self, error, _("not UTF-8 text")), NULL;
  if (!cs_json_check_nesting (line, strlen (line), 32, &depth_line))
    return protocol_error (self, error, _("nested too deeply")), NULL;
  if (!json_parser_load_from_data (parser, line, -1, &local))
    return protocol_error (self, error, _("not JSON (%s)"), local->message), NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return protocol_error (self, error, _("not a JSON object")), NULL;
  return json_object_ref (json_node_get_object (root));
}

/* "ok": true, or the driver's own error. */
static gboolean
check_ok (CsDriver *self, JsonObject *reply, GError **error)
{
  JsonNode *ok = json_object_get_member (reply, "ok");
  JsonNode *message = json_object_get_member (reply, "error");

  if (ok == NULL || json_node_get_value_type (ok) != G_TYPE_BOOLEAN)
    return protocol_error (self, error, _("'ok' must be true or false"));
  if (json_node_get_boolean (ok))
    return TRUE;
  g_set_error (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_FAILED, "%s",
               message != NULL && json_node_get_value_type (message) == G_TYPE_STRING
                 ? json_node_get_string (message) : _("the driver gave no reason"));
  return FALSE;
}

JsonObject *
cs_driver_call (CsDriver *self, JsonNode *request, double timeout_s, const gint *cancelled,
                GError **error)
{
  gint64 deadline = timeout_s > 0 ? g_get_monotonic_time () + (gint64) (timeout_s * 1e6) : 0;
  g_autoptr (JsonObject) reply = NULL;

  g_return_val_if_fail (self != NULL && request != NULL, NULL);

  if (self->broken)
    {
      g_set_error (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_DIED, _("%s is not running"),
                   self->name);
      return NULL;
    }
  if (!send_request (self, request, error))
    return NULL;
  switch (wait_line (self, deadline, cancelled))
    {
    case WAIT_LINE:
      break;
    case WAIT_TIMEOUT:
      self->broken = TRUE;
      g_set_error (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_TIMEOUT,
                   _("%s did not answer within %.3g s"), self->name, timeout_s);
      return NULL;
    case WAIT_CANCELLED:
      self->broken = TRUE;
      g_set_error_literal (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_CANCELLED, _("Cancelled"));
      return NULL;
    case WAIT_TOO_LONG:
      protocol_error (self, error, _("a line longer than %d bytes"), MAX_LINE);
      return NULL;
    case WAIT_FATAL:
      self->broken = TRUE;
      g_set_error (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_DIED,
                   _("%s reported an error and did not end within %.3g s: %s"), self->name,
                   self->fatal_grace_us / 1e6, self->err_tail);
      return NULL;
    case WAIT_EOF:
    default:
      self->broken = TRUE;
      set_died (self, error);
      return NULL;
    }
  reply = parse_line (self, error);
  if (reply == NULL || !check_ok (self, reply, error))
    return NULL;
  return g_steal_pointer (&reply);
}

void
cs_driver_set_fatal_stderr (CsDriver *self, const char *const *patterns, double grace_s)
{
  g_strfreev (self->fatal);
  self->fatal = g_strdupv ((char **) patterns);
  self->fatal_grace_us = (gint64) (grace_s * G_USEC_PER_SEC);
  self->fatal_since = 0;
}

gboolean
cs_driver_is_running (CsDriver *self)
{
  if (self == NULL)
    return FALSE;
  check_exit (self);
  return !self->exited && !self->broken;
}

GPid
cs_driver_get_pid (CsDriver *self)
{
  return self->pid;
}

const char *
cs_driver_get_stderr_tail (CsDriver *self)
{
  return self->err_tail;
}

const char *
cs_driver_get_stderr (CsDriver *self)
{
  return self->err->str;
}

/* ---- stopping ---------------------------------------------------------------------------- */

static gboolean
wait_exit (CsDriver *self, gint64 timeout_us)
{
  gint64 end = g_get_monotonic_time () + timeout_us;

  for (check_exit (self); !self->exited && g_get_monotonic_time () < end; check_exit (self))
    g_usleep (2000);
  return self->exited;
}

static void
send_quit (CsDriver *self)
{
  g_autoptr (JsonNode) quit = json_from_string ("{\"op\": \"quit\"}", NULL);
  JsonObject *reply = cs_driver_call (self, quit, 1.0, NULL, NULL);

  /* The reply does not matter: quitting is polite, the caller stops the driver anyway. */
  if (reply != NULL)
    json_object_unref (reply);
}

void
cs_driver_stop (CsDriver *self, gboolean polite)
{
  if (self == NULL)
    return;
  check_exit (self);
  if (polite && !self->exited && !self->broken)
    send_quit (self);
  /* EOF on stdin also means quit (DRIVERS.md). */
  close (self->in_fd);
  self->in_fd = -1;
  if (!wait_exit (self, polite ? GRACE_US / 2 : 0))
    {
      /* the reaper passes SIGTERM on, gives the driver a second, ends what is left over a
       * second more and removes the driver's folders: SIGKILL only after that */
      kill (self->pid, SIGTERM);
      wait_exit (self, 3 * GRACE_US);
    }
  /* Whatever it left in its process group (pool workers, a resource tracker) goes too. */
  kill (-self->pid, SIGKILL);
  if (!self->exited)
    {
      waitpid (self->pid, &self->status, 0);
      self->exited = TRUE;
    }
  close_fds ((int[]) { self->out_fd, self->err_fd, self->status_fd }, 3);
  g_string_free (self->out, TRUE);
  g_string_free (self->err, TRUE);
  g_free (self->err_tail);
  g_strfreev (self->fatal);
  g_free (self->name);
  g_free (self);
}

/* ---- reply fields ------------------------------------------------------------------------ */

static gboolean
field_error (const char *name, const char *what, GError **error)
{
  g_set_error (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_PROTOCOL, _("bad reply: '%s' must be %s"),
               name, what);
  return FALSE;
}

gboolean
cs_driver_get_double (JsonObject *reply, const char *name, gboolean optional, double *out,
                      GError **error)
{
  JsonNode *node = json_object_get_member (reply, name);
  GType type = node != NULL ? json_node_get_value_type (node) : G_TYPE_INVALID;
  double v;

  if (node == NULL && optional)
    return TRUE;
  if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
    return field_error (name, _("a number"), error);
  v = json_node_get_double (node);
  if (!(v >= 0) || v > 1e12)
    return field_error (name, _("a number of 0 or more"), error);
  *out = v;
  return TRUE;
}

gboolean
cs_driver_get_int (JsonObject *reply, const char *name, gboolean optional, gint64 *out,
                   GError **error)
{
  JsonNode *node = json_object_get_member (reply, name);

  if (node == NULL && optional)
    return TRUE;
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < 0)
    return field_error (name, _("a whole number of 0 or more"), error);
  *out = json_node_get_int (node);
  return TRUE;
}

gboolean
cs_driver_get_hex64 (JsonObject *reply, const char *name, guint64 *out, GError **error)
{
  JsonNode *node = json_object_get_member (reply, name);
  const char *text = node != NULL && json_node_get_value_type (node) == G_TYPE_STRING
                     ? json_node_get_string (node) : NULL;

  if (text == NULL || strlen (text) != 16 ||
      !g_ascii_string_to_unsigned (text, 16, 0, G_MAXUINT64, out, NULL))
    return field_error (name, _("16 hexadecimal digits"), error);
  return TRUE;
}
