/* cs-forkserver.c: the fork server, a single-threaded process that forks pool workers
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs-worker-protocol.h"
#include "cs-worker.h"

/* Why a fork server: the parent (the GUI, or a sweep thread) has threads, and fork() without
 * exec from a threaded process can deadlock the child on a lock another thread held. This
 * process is started with posix_spawn and never creates a thread, so it may fork; a forked
 * child skips exec and dynamic linking, which is what makes this start method faster than
 * spawn. Like Python's forkserver, the children are ours, not the parent's: we reap them and
 * report their wait status over the control socket.
 *
 * Lifetime: we exit when the control socket reaches EOF (the parent closed it or died; the
 * socket is close-on-exec in the parent, so nothing else holds it), killing our workers first.
 * Our workers ask PR_SET_PDEATHSIG, so they also die if we are killed. */

static pid_t server_pid;
static int signal_fd = -1;

/* After fork() every page the server shares with its new child is write-protected in both:
 * the first write to each costs whoever writes a copy-on-write fault. The scheduler usually
 * puts the child on the server's CPU, where it runs only once the server sleeps, so whatever
 * the server writes between fork() and poll() delays the worker's READY. Hence the state the
 * server updates after a fork (the children it reaps, the workers it has yet to free) lives in
 * a mapping that children do not inherit (MADV_DONTFORK): writing it costs no fault. And the
 * server's copy of a forked worker (the workload it built; freeing it writes to the heap the
 * child shares) is freed once a child exits (a pool is stopping), once the server has been
 * idle for a while, or when many are waiting. */
#define MAX_CHILDREN    65536
#define MAX_UNFREED     16
#define FREE_WHEN_IDLE  2 /* ms */

typedef struct
{
  guint     n_children;
  guint     n_unfreed;
  CsWorker *unfreed[MAX_UNFREED];
  pid_t     children[MAX_CHILDREN];
} ServerState;

static ServerState *state;

static void
state_init (void)
{
  state = mmap (NULL, sizeof *state, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (state == MAP_FAILED)
    _exit (1);
  madvise (state, sizeof *state, MADV_DONTFORK); /* best effort: only a matter of speed */
}

static void
free_unfreed (void)
{
  for (guint i = 0; i < state->n_unfreed; i++)
    cs_worker_free (state->unfreed[i]);
  state->n_unfreed = 0;
}

static void
kill_children_and_exit (void)
{
  for (guint i = 0; i < state->n_children; i++)
    kill (state->children[i], SIGKILL);
  for (guint i = 0; i < state->n_children; i++)
    while (waitpid (state->children[i], NULL, 0) < 0 && errno == EINTR)
      ;
  _exit (0);
}

static void
send_packet (CsForkserverMessage type, pid_t pid, int status, int error)
{
  CsForkserverPacket packet = { type, pid, status, error };

  while (send (CS_FORKSERVER_CONTROL_FD, &packet, sizeof packet, MSG_NOSIGNAL) < 0)
    if (errno != EINTR)
      kill_children_and_exit (); /* the parent is gone */
}

static void
forget_child (pid_t pid)
{
  for (guint i = 0; i < state->n_children; i++)
    if (state->children[i] == pid)
      {
        state->children[i] = state->children[--state->n_children];
        return;
      }
}

static void
reap_children (void)
{
  struct signalfd_siginfo info;
  pid_t pid;
  int status;

  while (read (signal_fd, &info, sizeof info) > 0)
    ;
  while ((pid = waitpid (-1, &status, WNOHANG)) > 0)
    {
      forget_child (pid);
      send_packet (CS_FS_EXITED, pid, status, 0);
    }
  free_unfreed (); /* a worker stopped: not a time when another one is starting */
}

/* Puts fd at target. Neither received fd is 3 (the control socket is open there while they
 * arrive), so moving the channel to 3 cannot overwrite the shared region's fd. dup2 drops the
 * close-on-exec flag that recvmsg set; an fd already at its target keeps it (no exec follows). */
static void
move_fd (int fd, int target)
{
  if (fd != target && dup2 (fd, target) < 0)
    _exit (127);
}

/* The child's path until READY is short on purpose: each system call and each page it touches
 * (a copy-on-write or first-touch fault) is paid before the pool hears from it. SIGCHLD keeps
 * its default action here (only blocked), and close_range closes the fds received above the
 * targets and the signalfd, unless that sits below them (stdout or stderr was closed). */
static G_GNUC_NORETURN void
become_worker (int channel_fd, int shared_fd, CsWorker *worker)
{
  sigset_t none;

  if (!cs_worker_die_with_parent (server_pid))
    _exit (1);
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  if (signal_fd < CS_WORKER_CHANNEL_FD)
    close (signal_fd);

  /* Overwrites the control socket at fd 3: a worker must not keep the server's channel open. */
  move_fd (channel_fd, CS_WORKER_CHANNEL_FD);
  if (shared_fd >= 0)
    move_fd (shared_fd, CS_WORKER_SHARED_FD);
  close_range (shared_fd >= 0 ? CS_WORKER_SHARED_FD + 1 : CS_WORKER_CHANNEL_FD + 1, ~0U, 0);
  _exit (cs_worker_serve (worker));
}

static gboolean
receive_request (CsForkserverPacket *packet, int fds[2], int *n_fds)
{
  union {
    char buf[CMSG_SPACE (2 * sizeof (int))];
    struct cmsghdr align;
  } control;
  struct iovec iov = { packet, sizeof *packet };
  struct msghdr msg = { 0 };
  ssize_t n;

  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control.buf;
  msg.msg_controllen = sizeof control.buf;
  do
    n = recvmsg (CS_FORKSERVER_CONTROL_FD, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n <= 0)
    kill_children_and_exit (); /* EOF: the parent closed the socket or died */

  *n_fds = 0;
  for (struct cmsghdr *c = CMSG_FIRSTHDR (&msg); c != NULL; c = CMSG_NXTHDR (&msg, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
      {
        int n_here = (int) ((c->cmsg_len - CMSG_LEN (0)) / sizeof (int));

        for (int i = 0; i < n_here; i++)
          {
            int fd;

            memcpy (&fd, CMSG_DATA (c) + i * sizeof (int), sizeof fd);
            if (*n_fds < 2)
              fds[(*n_fds)++] = fd;
            else
              close (fd);
          }
      }
  return n == sizeof *packet && packet->type == CS_FS_FORK && *n_fds >= 1;
}

static void
serve_request (void)
{
  CsForkserverPacket packet;
  int fds[2] = { -1, -1 };
  int n_fds = 0;
  CsWorker *worker;
  pid_t pid;
  int fork_error;

  if (!receive_request (&packet, fds, &n_fds))
    {
      for (int i = 0; i < n_fds; i++)
        close (fds[i]);
      send_packet (CS_FS_FAILED, 0, 0, EPROTO);
      return;
    }
  if (state->n_children == MAX_CHILDREN)
    {
      for (int i = 0; i < n_fds; i++)
        close (fds[i]);
      send_packet (CS_FS_FAILED, 0, 0, EAGAIN);
      return;
    }
  if (state->n_unfreed == MAX_UNFREED)
    free_unfreed ();
  worker = cs_worker_new ();
  cs_worker_prepare (worker, fds[0]);
  pid = fork ();
  fork_error = errno;
  if (pid == 0)
    become_worker (fds[0], n_fds > 1 ? fds[1] : -1, worker);
  /* Until poll(), write nothing but *state (see above). */
  state->unfreed[state->n_unfreed++] = worker;
  for (int i = 0; i < n_fds; i++)
    close (fds[i]);
  if (pid < 0)
    {
      send_packet (CS_FS_FAILED, 0, 0, fork_error);
      return;
    }
  state->children[state->n_children++] = pid;
  send_packet (CS_FS_FORKED, pid, 0, 0);
}

void
cs_forkserver_run (void)
{
  sigset_t mask;

  server_pid = getpid ();
  state_init ();
  sigemptyset (&mask);
  sigaddset (&mask, SIGCHLD);
  sigprocmask (SIG_BLOCK, &mask, NULL);
  signal_fd = signalfd (-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signal_fd < 0)
    _exit (1);
  send_packet (CS_FS_HELLO, server_pid, 0, 0);

  for (;;)
    {
      struct pollfd fds[2] = {
        { CS_FORKSERVER_CONTROL_FD, POLLIN, 0 },
        { signal_fd, POLLIN, 0 },
      };

      int n = poll (fds, 2, state->n_unfreed > 0 ? FREE_WHEN_IDLE : -1);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          kill_children_and_exit ();
        }
      if (n == 0)
        free_unfreed ();
      if (fds[1].revents != 0)
        reap_children ();
      if (fds[0].revents != 0)
        serve_request ();
    }
}
