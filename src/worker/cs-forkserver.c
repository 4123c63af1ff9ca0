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
#include <sys/prctl.h>
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
 * Our workers ask PR_SET_PDEATHSIG, so they also die if we are killed.
 *
 * The spare: a fork, and the new child's first writes to the pages it shares with us (each a
 * copy-on-write fault), cost more than the rest of a worker's start. So once we have answered
 * and no request waits, we fork one child ahead, the spare: it does what does not depend on
 * the workload (dies with us, drops our signal handling and fds, takes its copy-on-write
 * faults at once with MADV_POPULATE_WRITE) and waits on a socketpair of its own. A request
 * hands it the pool's descriptors (one message, one wake-up); it then reads the set-up from
 * the channel and builds the workload itself, as a spawned worker does. When there is no
 * spare (a pool's second worker, or a request that arrives while the spare is being forked)
 * we fork as before: a request never waits for a spare. The spare is not a worker until it is
 * handed a channel: it holds no pool's descriptor, is not in `children`, its end is not
 * reported; it is born named cs-spare (comm), cs-spare-ready once it waits, so that it can be
 * told apart, and it dies with us (EOF on its socket, PR_SET_PDEATHSIG; we kill and reap it
 * before we exit). A spare that has not said it is ready is not handed a request: that would
 * make the request wait for the rest of its set-up.
 * CORESCOPE_FORKSERVER_SPARE=0 in our environment turns it off. */

static pid_t server_pid;
static char server_name[16]; /* our comm, which a spare takes back when it becomes a worker */
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
  gboolean  use_spare;
  pid_t     spare_pid;    /* 0: none */
  int       spare_fd;     /* our end of the spare's socket */
  gboolean  spare_ready;  /* it said so: its set-up is done, it waits */
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
  state->spare_fd = -1;
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
  if (state->spare_pid > 0)
    {
      kill (state->spare_pid, SIGKILL);
      while (waitpid (state->spare_pid, NULL, 0) < 0 && errno == EINTR)
        ;
    }
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

/* TRUE when pid was one of our workers. */
static gboolean
forget_child (pid_t pid)
{
  for (guint i = 0; i < state->n_children; i++)
    if (state->children[i] == pid)
      {
        state->children[i] = state->children[--state->n_children];
        return TRUE;
      }
  return FALSE;
}

static void
drop_spare (void)
{
  if (state->spare_fd >= 0)
    close (state->spare_fd);
  state->spare_fd = -1;
  state->spare_pid = 0;
  state->spare_ready = FALSE;
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
      /* A spare that ends before it is handed a channel is broken (or was killed by someone
       * else): fork no more of them, each might die as well. */
      if (pid == state->spare_pid)
        {
          drop_spare ();
          state->use_spare = FALSE;
        }
      if (forget_child (pid))
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

/* Receives a packet with up to two descriptors on sock; the byte count as from recvmsg. */
static ssize_t
receive_packet (int sock, CsForkserverPacket *packet, int fds[2], int *n_fds)
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
    n = recvmsg (sock, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);

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
  return n;
}

static gboolean
receive_request (CsForkserverPacket *packet, int fds[2], int *n_fds)
{
  ssize_t n = receive_packet (CS_FORKSERVER_CONTROL_FD, packet, fds, n_fds);

  if (n <= 0)
    kill_children_and_exit (); /* EOF: the parent closed the socket or died */
  return n == sizeof *packet && packet->type == CS_FS_FORK && *n_fds >= 1;
}

/* The spare */

/* Takes now the copy-on-write faults that the worker would take while the pool waits, in one
 * system call per mapping: every private writable mapping we share with the server (its data,
 * heap, the top of its stack). Best effort, like everything here that is only a matter of
 * speed. Populating the code and read-only data too (MADV_POPULATE_READ) made the spare take
 * longer to be ready, so that fewer back-to-back starts found it, for no clear gain. */
static void
populate_mappings (void)
{
  static char maps[16384]; /* the spare's own copy once written: not the server's stack */
  gsize len = 0;
  ssize_t n;
  int fd = open ("/proc/self/maps", O_RDONLY | O_CLOEXEC);

  if (fd < 0)
    return;
  while (len < sizeof maps - 1 && (n = read (fd, maps + len, sizeof maps - 1 - len)) > 0)
    len += (gsize) n;
  close (fd);
  maps[len] = '\0';
  for (char *line = maps; line != NULL && *line != '\0';)
    {
      char *next = strchr (line, '\n');
      char *p;
      unsigned long start, end;

      if (next != NULL)
        *next++ = '\0';
      /* "start-end perms ...", in hexadecimal */
      start = strtoul (line, &p, 16);
      if (*p == '-')
        {
          end = strtoul (p + 1, &p, 16);
          gboolean small = end > start && end - start <= 8 * 1024 * 1024;

          /* Of the stack, only its top: the rest of the mapping was never touched. */
          if (strstr (p, "[stack]") != NULL && end - start > 64 * 1024)
            start = end - 64 * 1024;
          if (strncmp (p, " rw-p", 5) == 0 && small)
            madvise ((void *) start, end - start, MADV_POPULATE_WRITE);

        }
      line = next;
    }
}

static G_GNUC_NORETURN void
wait_as_spare (int sock)
{
  CsForkserverPacket packet;
  int fds[2] = { -1, -1 };
  int n_fds = 0;
  sigset_t none;
  CsWorker *worker;

  if (!cs_worker_die_with_parent (server_pid))
    _exit (1);
  sigemptyset (&none);
  sigprocmask (SIG_SETMASK, &none, NULL);
  /* Our socket goes over the control socket at fd 3 (the control socket must not outlive the
   * server); then only 0-3 stay open. */
  if (sock != CS_FORKSERVER_CONTROL_FD && dup2 (sock, CS_FORKSERVER_CONTROL_FD) < 0)
    _exit (1);
  close_range (CS_FORKSERVER_CONTROL_FD + 1, ~0U, 0);
  worker = cs_worker_new ();
  populate_mappings ();
  prctl (PR_SET_NAME, "cs-spare-ready");
  if (send (CS_FORKSERVER_CONTROL_FD, "r", 1, MSG_NOSIGNAL) != 1)
    _exit (0);

  if (receive_packet (CS_FORKSERVER_CONTROL_FD, &packet, fds, &n_fds) <= 0 || n_fds < 1)
    _exit (0); /* the server dropped us, or is gone */
  prctl (PR_SET_NAME, server_name);
  /* The channel overwrites our socket at fd 3. The received fds are above 3 (it was open),
   * so moving the channel first cannot overwrite the shared region's fd. */
  move_fd (fds[0], CS_WORKER_CHANNEL_FD);
  if (n_fds > 1)
    move_fd (fds[1], CS_WORKER_SHARED_FD);
  close_range (n_fds > 1 ? CS_WORKER_SHARED_FD + 1 : CS_WORKER_CHANNEL_FD + 1, ~0U, 0);
  _exit (cs_worker_serve (worker));
}

/* Forks the spare, when there is none and spares are on. */
static void
fork_spare (void)
{
  int sv[2];
  pid_t pid;

  if (!state->use_spare || state->spare_pid > 0 || state->n_children == MAX_CHILDREN
      || socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
    return;
  /* Born with its name: a listing of our children never sees it as a worker. */
  prctl (PR_SET_NAME, "cs-spare");
  pid = fork ();
  if (pid == 0)
    wait_as_spare (sv[1]);
  /* Until poll(), write nothing but *state (see above). */
  prctl (PR_SET_NAME, server_name);
  close (sv[1]);
  if (pid < 0)
    {
      close (sv[0]);
      return;
    }
  state->spare_pid = pid;
  state->spare_fd = sv[0];
}

/* Hands the request's descriptors to the spare: its pid, now a worker's, or 0 when there is
 * no spare or it cannot take them (it died unnoticed: it is reaped without a report). */
static pid_t
hand_to_spare (const int *fds, int n_fds)
{
  CsForkserverPacket packet = { CS_FS_FORK, 0, 0, 0 };
  pid_t pid = state->spare_pid;
  gboolean sent;

  if (pid <= 0)
    return 0;
  if (!state->spare_ready)
    {
      char byte;

      if (recv (state->spare_fd, &byte, 1, MSG_DONTWAIT) != 1)
        return 0; /* still setting up (or gone, which reaping will see): fork instead */
      state->spare_ready = TRUE;
    }
  sent = cs_forkserver_send_fds (state->spare_fd, &packet, fds, n_fds);
  drop_spare ();
  return sent ? pid : 0;
}

static gboolean
request_waiting (void)
{
  struct pollfd pfd = { CS_FORKSERVER_CONTROL_FD, POLLIN, 0 };

  return poll (&pfd, 1, 0) != 0;
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
  pid = hand_to_spare (fds, n_fds);
  if (pid > 0)
    {
      for (int i = 0; i < n_fds; i++)
        close (fds[i]);
      state->children[state->n_children++] = pid;
      send_packet (CS_FS_FORKED, pid, 0, 0);
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
  prctl (PR_GET_NAME, server_name);
  state_init ();
  sigemptyset (&mask);
  sigaddset (&mask, SIGCHLD);
  sigprocmask (SIG_BLOCK, &mask, NULL);
  signal_fd = signalfd (-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
  if (signal_fd < 0)
    _exit (1);
  state->use_spare = g_strcmp0 (g_getenv ("CORESCOPE_FORKSERVER_SPARE"), "0") != 0;
  send_packet (CS_FS_HELLO, server_pid, 0, 0);

  for (;;)
    {
      struct pollfd fds[2] = {
        { CS_FORKSERVER_CONTROL_FD, POLLIN, 0 },
        { signal_fd, POLLIN, 0 },
      };

      int n;

      /* Answered, and no request waits: fork the spare now, ahead of the next request. */
      if (state->use_spare && state->spare_pid == 0 && !request_waiting ())
        fork_spare ();
      n = poll (fds, 2, state->n_unfreed > 0 ? FREE_WHEN_IDLE : -1);

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
