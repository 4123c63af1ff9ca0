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
#include <glib/gi18n-lib.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs-driver.h"
#include "cs-json-guard.h"

extern char **environ;

/* Replies are small (a few hundred bytes; an MPI open reply with hwloc XML per host a few
 * hundred KiB): anything near the limit is a driver gone wrong. */
#define MAX_LINE (1024 * 1024)
#define STDERR_KEEP 4096
#define POLL_MS 50
#define GRACE_US (G_USEC_PER_SEC)

struct _CsDriver
{
  char    *name;
  GPid     pid;
  int      in_fd;     /* its stdin */
  int      out_fd;    /* its stdout */
  int      err_fd;    /* its stderr */
  GString *out;       /* read from out_fd, not yet a whole line */
  GString *err;       /* the last STDERR_KEEP bytes of its stderr */
  char    *err_tail;  /* the last line of err, for messages */
  gboolean exited;
  int      status;    /* wait status once exited */
  gboolean broken;    /* out of step: no more requests */
};

G_DEFINE_QUARK (cs-driver-error-quark, cs_driver_error)

/* ---- starting ---------------------------------------------------------------------------- */

static gboolean
make_pipe (int fds[2], GError **error, const char *name)
{
  if (pipe2 (fds, O_CLOEXEC) == 0)
    return TRUE;
  g_set_error (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_START, _("Cannot start %s: %s"), name,
               g_strerror (errno));
  return FALSE;
}

static void
close_fds (int *fds, guint n)
{
  for (guint i = 0; i < n; i++)
    if (fds[i] >= 0)
      close (fds[i]);
}

/* The child gets the pipes as 0, 1 and 2 (dup2 clears FD_CLOEXEC) and nothing else; it starts
 * a process group of its own, so that cancelling kills everything it started and a terminal's
 * Ctrl-C reaches only Corescope, which then stops it in order. */
static int
spawn_child (const char *path, const char *const *argv, const char *const *envp,
             int child_in, int child_out, int child_err, GPid *pid)
{
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  sigset_t none, defaults;
  int err;

  sigemptyset (&none);
  sigfillset (&defaults);
  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_adddup2 (&actions, child_in, STDIN_FILENO);
  posix_spawn_file_actions_adddup2 (&actions, child_out, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2 (&actions, child_err, STDERR_FILENO);
  posix_spawn_file_actions_addclosefrom_np (&actions, STDERR_FILENO + 1);
  posix_spawnattr_init (&attr);
  posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
                                     | POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setsigmask (&attr, &none);
  posix_spawnattr_setsigdefault (&attr, &defaults);
  posix_spawnattr_setpgroup (&attr, 0);
  err = posix_spawn (pid, path, &actions, &attr, (char *const *) argv,
                     envp != NULL ? (char *const *) envp : environ);
  posix_spawn_file_actions_destroy (&actions);
  posix_spawnattr_destroy (&attr);
  return err;
}

CsDriver *
cs_driver_spawn (const char *name, const char *const *argv, const char *const *envp,
                 GError **error)
{
  g_autofree char *path = NULL;
  int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 };
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
  if (!make_pipe (in, error, name) || !make_pipe (out, error, name) ||
      !make_pipe (err, error, name))
    {
      close_fds ((int[]) { in[0], in[1], out[0], out[1], err[0], err[1] }, 6);
      return NULL;
    }
  status = spawn_child (path, argv, envp, in[0], out[1], err[1], &pid);
  close_fds ((int[]) { in[0], out[1], err[1] }, 3);
  if (status != 0)
    {
      close_fds ((int[]) { in[1], out[0], err[0] }, 3);
      g_set_error (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_START, _("Cannot start %s: %s"),
                   name, g_strerror (status));
      return NULL;
    }
  self = g_new0 (CsDriver, 1);
  self->name = g_strdup (name);
  self->pid = pid;
  self->in_fd = in[1];
  self->out_fd = out[0];
  self->err_fd = err[0];
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

static void
set_died (CsDriver *self, GError **error)
{
  g_autofree char *how = NULL;

  /* Give it a moment to finish dying, so the status and its last words are known. */
  for (guint i = 0; i < 20 && !self->exited; i++)
    {
      g_usleep (5000);
      check_exit (self);
    }
  while (self->err_fd >= 0 && drain_stderr (self))
    ;
  if (!self->exited)
    how = g_strdup (_("stopped answering"));
  else if (WIFSIGNALED (self->status))
    how = g_strdup_printf (_("was killed by %s"), g_strsignal (WTERMSIG (self->status)));
  else
    how = g_strdup_printf (_("exited with status %d"), WEXITSTATUS (self->status));
  g_set_error (error, CS_DRIVER_ERROR, CS_DRIVER_ERROR_DIED, "%s %s%s%s", self->name, how,
               *self->err_tail ? ": " : "", self->err_tail);
}

typedef enum { WAIT_LINE, WAIT_EOF, WAIT_TIMEOUT, WAIT_CANCELLED, WAIT_TOO_LONG } WaitEnd;

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

char *
cs_driver_find_program (const char *env_var, const char *in_tree, const char *installed)
{
  const char *env = g_getenv (env_var);
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  if (exe != NULL && g_str_has_prefix (exe, CS_BUILD_ROOT "/"))
    return g_strdup (in_tree);
  return g_strdup (installed);
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
      kill (self->pid, SIGTERM);
      wait_exit (self, GRACE_US);
    }
  /* Whatever it left in its process group (pool workers, a resource tracker) goes too. */
  kill (-self->pid, SIGKILL);
  if (!self->exited)
    {
      waitpid (self->pid, &self->status, 0);
      self->exited = TRUE;
    }
  close_fds ((int[]) { self->out_fd, self->err_fd }, 2);
  g_string_free (self->out, TRUE);
  g_string_free (self->err, TRUE);
  g_free (self->err_tail);
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
