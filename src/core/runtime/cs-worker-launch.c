/* cs-worker-launch.c: starting corescope-worker processes (spawn) and the fork server's client
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-pool"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "cs-program.h"
#include "cs-worker-launch.h"
#include "cs-worker-protocol.h"

extern char **environ;

G_DEFINE_QUARK (cs-process-pool-error-quark, cs_pool_error)

/* Finding the executable */

const char *
_cs_worker_executable (GError **error)
{
  const char *path = cs_program_worker_path ();

  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, CS_POOL_ERROR, CS_POOL_ERROR_NO_WORKER,
                   _("The worker program %s is missing: reinstall Corescope or set "
                     "CORESCOPE_WORKER to its path"), path);
      return NULL;
    }
  return path;
}

/* Spawning */

/* posix_spawn's dup2 to the same number would keep FD_CLOEXEC set on older C libraries, and
 * fd_b may sit where fd_a must go: move both above the target numbers first. */
static int
dup_above_targets (int fd)
{
  return fd < 0 ? -1 : fcntl (fd, F_DUPFD_CLOEXEC, CS_WORKER_SHARED_FD + 1);
}

static gboolean
spawn_with_fds (const char *exe, char **argv, int fd_a, int fd_b, GPid *pid, GError **error)
{
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  sigset_t none, defaults;
  int err;

  posix_spawn_file_actions_init (&actions);
  /* In its own process group a worker must not touch the terminal's input (SIGTTIN); its
   * output and errors still go where ours do. */
  posix_spawn_file_actions_addopen (&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2 (&actions, fd_a, CS_WORKER_CHANNEL_FD);
  if (fd_b >= 0)
    posix_spawn_file_actions_adddup2 (&actions, fd_b, CS_WORKER_SHARED_FD);
  posix_spawn_file_actions_addclosefrom_np (&actions, fd_b >= 0 ? CS_WORKER_SHARED_FD + 1
                                                                : CS_WORKER_CHANNEL_FD + 1);
  /* The calling thread may block or ignore signals (a GUI often ignores SIGPIPE): the worker
   * starts with a clean slate, in its own process group. */
  sigemptyset (&none);
  sigemptyset (&defaults);
  for (int sig = 1; sig < NSIG; sig++)
    if (sig != SIGKILL && sig != SIGSTOP)
      sigaddset (&defaults, sig);
  posix_spawnattr_init (&attr);
  posix_spawnattr_setflags (&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
                                     | POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setsigmask (&attr, &none);
  posix_spawnattr_setsigdefault (&attr, &defaults);
  posix_spawnattr_setpgroup (&attr, 0);

  err = posix_spawn (pid, exe, &actions, &attr, argv, environ);
  posix_spawn_file_actions_destroy (&actions);
  posix_spawnattr_destroy (&attr);
  if (err != 0)
    {
      g_set_error (error, CS_POOL_ERROR, CS_POOL_ERROR_START, _("Cannot start %s: %s"), exe,
                   g_strerror (err));
      return FALSE;
    }
  return TRUE;
}

gboolean
_cs_worker_spawn (const char *role, int fd_a, int fd_b, GPid *pid, GError **error)
{
  const char *exe = _cs_worker_executable (error);
  g_autofree char *parent = NULL;
  char *argv[4] = { NULL, };
  int a, b;
  gboolean ok;

  if (exe == NULL)
    return FALSE;
  /* PR_SET_PDEATHSIG follows the creating thread, not the process: only ask for it when that
   * thread is the main one, whose end is the process's end. */
  if (gettid () == getpid ())
    parent = g_strdup_printf ("--parent=%d", (int) getpid ());
  argv[0] = (char *) exe;
  argv[1] = (char *) role;
  argv[2] = parent;

  a = dup_above_targets (fd_a);
  b = dup_above_targets (fd_b);
  if (a < 0 || (fd_b >= 0 && b < 0))
    {
      int saved = errno;

      g_set_error (error, CS_POOL_ERROR, CS_POOL_ERROR_START, _("Cannot start %s: %s"), exe,
                   g_strerror (saved));
      ok = FALSE;
    }
  else
    ok = spawn_with_fds (exe, argv, a, b, pid, error);
  if (a >= 0)
    close (a);
  if (b >= 0)
    close (b);
  return ok;
}

/* The fork server's client. One server per process, shared by all pools; the lock serialises
 * requests and the reading of the server's packets: the answers to requests, which a pool
 * collects after its workers have started, and CS_FS_EXITED reports, which may arrive for any
 * pool's worker. Both are kept (`answers`, `exited`) until their owner asks. */

static GMutex fs_lock;
static int fs_socket = -1;
static GPid fs_pid;
static GHashTable *fs_exited;  /* pid -> wait status */
static GHashTable *fs_answers; /* request number -> CsForkserverPacket, read for another caller */
static guint64 fs_generation;  /* which server: tickets of an earlier one get no answer */
static gsize fs_requests_sent, fs_answers_read;

/* Closing the socket makes the server kill its workers and exit; a server that misbehaves is
 * killed outright (its workers then die by their PR_SET_PDEATHSIG). */
static void
server_gone_locked (gboolean kill_it)
{
  if (fs_socket >= 0)
    close (fs_socket);
  fs_socket = -1;
  if (fs_pid > 0 && kill_it)
    kill (fs_pid, SIGKILL);
  if (fs_pid > 0)
    while (waitpid (fs_pid, NULL, 0) < 0 && errno == EINTR)
      ;
  fs_pid = 0;
  /* Requests still unanswered will never be: their workers, if forked, died with the server. */
  fs_generation++;
  fs_requests_sent = fs_answers_read = 0;
  if (fs_answers != NULL)
    g_hash_table_remove_all (fs_answers);
}

/* Reads one packet, waiting up to timeout_us; FALSE on timeout or when the server is gone. */
static gboolean
read_packet_locked (gint64 timeout_us, CsForkserverPacket *packet)
{
  struct pollfd pfd = { fs_socket, POLLIN, 0 };
  int timeout_ms = (int) MIN ((timeout_us + 999) / 1000, G_MAXINT);
  ssize_t n;
  int r;

  do
    r = poll (&pfd, 1, timeout_ms);
  while (r < 0 && errno == EINTR);
  if (r <= 0)
    return FALSE;
  do
    n = recv (fs_socket, packet, sizeof *packet, 0);
  while (n < 0 && errno == EINTR);
  if (n != sizeof *packet)
    {
      g_warning ("The fork server is gone");
      server_gone_locked (TRUE);
      return FALSE;
    }
  return TRUE;
}

static void
shutdown_at_exit (void)
{
  /* Without this the server would still end (EOF on its socket) but, its parent gone without
   * waiting for it, stay a zombie until init reaps it. */
  if (g_mutex_trylock (&fs_lock))
    {
      server_gone_locked (FALSE);
      g_mutex_unlock (&fs_lock);
    }
}

static gboolean
start_server_locked (GError **error)
{
  static gsize registered = 0;
  int sv[2];
  CsForkserverPacket hello;
  gboolean ok;

  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
    {
      int saved = errno;

      g_set_error (error, CS_POOL_ERROR, CS_POOL_ERROR_START,
                   _("Cannot start the fork server: %s"), g_strerror (saved));
      return FALSE;
    }
  ok = _cs_worker_spawn ("--forkserver", sv[1], -1, &fs_pid, error);
  close (sv[1]);
  if (!ok)
    {
      close (sv[0]);
      fs_pid = 0;
      return FALSE;
    }
  fs_socket = sv[0];
  if (g_once_init_enter (&registered))
    {
      atexit (shutdown_at_exit);
      g_once_init_leave (&registered, 1);
    }
  if (fs_exited == NULL)
    fs_exited = g_hash_table_new (NULL, NULL);
  if (fs_answers == NULL)
    fs_answers = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  if (!read_packet_locked (5 * G_USEC_PER_SEC, &hello) || hello.type != CS_FS_HELLO)
    {
      g_set_error (error, CS_POOL_ERROR, CS_POOL_ERROR_START,
                   _("The fork server did not start"));
      server_gone_locked (TRUE);
      return FALSE;
    }
  return TRUE;
}

gboolean
_cs_forkserver_ensure (GError **error)
{
  G_GNUC_UNUSED g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fs_lock);

  return fs_socket >= 0 || start_server_locked (error);
}

static gboolean
send_fork_request_locked (int channel_fd, int shared_fd)
{
  CsForkserverPacket packet = { CS_FS_FORK, 0, 0, 0 };
  int fds[2] = { channel_fd, shared_fd };

  return cs_forkserver_send_fds (fs_socket, &packet, fds, shared_fd >= 0 ? 2 : 1);
}

/* Answers (CS_FS_FORKED or CS_FS_FAILED) come in the order of the requests, since the server
 * serves one at a time: the n-th answer read is that of request n. Whoever reads a packet
 * files it: an answer under its request's number, an exit under its pid. */
static void
file_packet_locked (const CsForkserverPacket *packet)
{
  if (packet->type == CS_FS_FORKED || packet->type == CS_FS_FAILED)
    g_hash_table_insert (fs_answers, GSIZE_TO_POINTER (fs_answers_read++),
                         g_memdup2 (packet, sizeof *packet));
  else if (packet->type == CS_FS_EXITED)
    g_hash_table_insert (fs_exited, GINT_TO_POINTER (packet->pid),
                         GINT_TO_POINTER (packet->status));
}

gboolean
_cs_forkserver_request (int channel_fd, int shared_fd, CsForkTicket *ticket, GError **error)
{
  G_GNUC_UNUSED g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fs_lock);

  /* A server that died since the last request is replaced once. */
  for (int attempt = 0; attempt < 2; attempt++)
    {
      if (fs_socket < 0 && !start_server_locked (error))
        return FALSE;
      if (send_fork_request_locked (channel_fd, shared_fd))
        {
          ticket->server = fs_generation;
          ticket->number = fs_requests_sent++;
          return TRUE;
        }
      server_gone_locked (TRUE);
    }
  g_set_error (error, CS_POOL_ERROR, CS_POOL_ERROR_START, _("The fork server does not answer"));
  return FALSE;
}

/* The answer to ticket, read from the socket or filed by another reader; NULL when the server
 * went away before answering. */
static CsForkserverPacket *
take_answer_locked (const CsForkTicket *ticket)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  gpointer key = GSIZE_TO_POINTER (ticket->number);
  CsForkserverPacket packet;

  while (ticket->server == fs_generation)
    {
      gpointer answer;

      if (g_hash_table_steal_extended (fs_answers, key, NULL, &answer))
        return answer;
      if (!read_packet_locked (deadline - g_get_monotonic_time (), &packet))
        {
          if (fs_socket >= 0)
            server_gone_locked (TRUE); /* alive but silent for 5 s: replace it */
          return NULL;
        }
      file_packet_locked (&packet);
    }
  return NULL;
}

gboolean
_cs_forkserver_collect (const CsForkTicket *ticket, GPid *pid, GError **error)
{
  G_GNUC_UNUSED g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fs_lock);
  g_autofree CsForkserverPacket *answer = take_answer_locked (ticket);

  *pid = 0;
  if (answer == NULL)
    {
      g_set_error (error, CS_POOL_ERROR, CS_POOL_ERROR_START,
                   _("The fork server does not answer"));
      return FALSE;
    }
  if (answer->type == CS_FS_FAILED || answer->pid <= 0)
    {
      g_set_error (error, CS_POOL_ERROR, CS_POOL_ERROR_START,
                   _("The fork server cannot fork a worker: %s"), g_strerror (answer->error));
      return FALSE;
    }
  *pid = answer->pid;
  return TRUE;
}

gboolean
_cs_forkserver_wait (GPid pid, gint64 timeout_us, int *wait_status)
{
  G_GNUC_UNUSED g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fs_lock);
  gint64 deadline = g_get_monotonic_time () + timeout_us;
  gpointer status;
  CsForkserverPacket packet;

  for (;;)
    {
      if (fs_exited != NULL
          && g_hash_table_steal_extended (fs_exited, GINT_TO_POINTER (pid), NULL, &status))
        {
          *wait_status = GPOINTER_TO_INT (status);
          return TRUE;
        }
      if (fs_socket < 0)
        {
          *wait_status = SIGKILL; /* as waitpid would report a kill by SIGKILL */
          return TRUE;
        }
      if (!read_packet_locked (MAX (deadline - g_get_monotonic_time (), 0), &packet))
        {
          if (fs_socket < 0)
            continue;
          return FALSE;
        }
      file_packet_locked (&packet);
    }
}

GPid
_cs_forkserver_get_pid (void)
{
  G_GNUC_UNUSED g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fs_lock);

  return fs_pid;
}

void
_cs_forkserver_shutdown (void)
{
  G_GNUC_UNUSED g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&fs_lock);

  server_gone_locked (FALSE);
  if (fs_exited != NULL)
    g_hash_table_remove_all (fs_exited);
}
