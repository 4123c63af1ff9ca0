/* cs-worker-main.c: entry point of corescope-worker, a pool worker or the fork server
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib.h>

#include "cs-worker-protocol.h"
#include "cs-worker.h"

/* Usage (not for people: the process pool starts us):
 *   corescope-worker --worker [--parent=PID]      serve one worker on fd 3
 *   corescope-worker --forkserver [--parent=PID]  fork workers on request, control on fd 3
 * (the topology's crash probe is corescope-topology-probe, so that this program needs no hwloc)
 *
 * Test-only fault injection: the pool copies CORESCOPE_WORKER_FAULT from the workload's env
 * (CsWorkload.env, what tests set) or else from its own environment into each worker's set-up
 * message, so it reaches fork-server children too. The value is
 * KIND or KIND:INDEX (only worker INDEX misbehaves), KIND one of segv, abort, kill, exit3, hang,
 * garbage, error (reports "injected test fault" and exits 1); the worker misbehaves when its
 * first chunk of tasks arrives. Never set it outside tests. */

gboolean
cs_worker_die_with_parent (pid_t parent)
{
  if (prctl (PR_SET_PDEATHSIG, SIGKILL) != 0)
    return TRUE; /* best effort: EOF on the channel still tells us */
  return getppid () == parent;
}

/* Started from a thread that may end before we should (no --parent): PR_SET_PDEATHSIG cannot
 * be used, and EOF on the channel is only seen between chunks of tasks, which may take minutes.
 * A thread of ours waits for the pool's end of the channel to close (the pool stopped us, or
 * its process died, kill -9 included) and ends us at once. */
static gpointer
channel_watch_main (gpointer data)
{
  struct pollfd pfd = { CS_WORKER_CHANNEL_FD, POLLRDHUP, 0 };

  while (poll (&pfd, 1, -1) < 0 || !(pfd.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)))
    ;
  _exit (1);
  return NULL;
}

static gboolean
watch_channel (void)
{
  GThread *thread = g_thread_try_new ("cs-channel-watch", channel_watch_main, NULL, NULL);

  if (thread == NULL)
    return FALSE;
  g_thread_unref (thread);
  return TRUE;
}

static gboolean
parse_parent (const char *arg, pid_t *parent)
{
  const char *prefix = "--parent=";
  guint64 v;

  if (!g_str_has_prefix (arg, prefix)
      || !g_ascii_string_to_unsigned (arg + strlen (prefix), 10, 1, G_MAXINT32, &v, NULL))
    return FALSE;
  *parent = (pid_t) v;
  return TRUE;
}

int
main (int argc, char **argv)
{
  pid_t parent = 0;

  if (argc < 2 || argc > 3 || (argc == 3 && !parse_parent (argv[2], &parent)))
    {
      fprintf (stderr, "corescope-worker: started by Corescope's process pool, not by hand\n");
      return 2;
    }
  if (parent != 0 && !cs_worker_die_with_parent (parent))
    return 1;
  /* never in the fork server, which must stay single-threaded to fork */
  if (parent == 0 && strcmp (argv[1], "--worker") == 0 && !watch_channel ())
    return 1;

  if (strcmp (argv[1], "--worker") == 0)
    return cs_worker_serve (cs_worker_new ());
  if (strcmp (argv[1], "--forkserver") == 0)
    cs_forkserver_run ();

  fprintf (stderr, "corescope-worker: unknown role '%s'\n", argv[1]);
  return 2;
}
