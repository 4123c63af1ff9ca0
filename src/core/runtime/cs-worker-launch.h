/* cs-worker-launch.h: starting corescope-worker processes (spawn) and the fork server's client
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CS_POOL_ERROR (cs_pool_error_quark ())

/* Process pool errors; a start-up that times out or is cancelled uses G_IO_ERROR_TIMED_OUT /
 * G_IO_ERROR_CANCELLED instead. */
typedef enum {
  CS_POOL_ERROR_NO_WORKER,   /* corescope-worker was not found */
  CS_POOL_ERROR_START,       /* posix_spawn, fork or a pipe failed */
  CS_POOL_ERROR_WORKER       /* a worker failed or died while setting up */
} CsPoolError;

GQuark      cs_pool_error_quark (void);

/* Where corescope-worker is: $CORESCOPE_WORKER, else next to the running binary in the build
 * tree, else LIBEXECDIR. Looked up once. */
const char *_cs_worker_executable (GError **error);

/* posix_spawn of `corescope-worker ROLE` ("--worker" or "--forkserver") with fd_a at fd 3 and,
 * unless -1, fd_b at fd 4 of the child; the child gets no other descriptor and runs in its own
 * process group (a terminal's Ctrl-C reaches only us, and we cancel cleanly). */
gboolean    _cs_worker_spawn (const char *role, int fd_a, int fd_b, GPid *pid, GError **error);

/* The fork server: started on first use (or by _cs_forkserver_ensure, e.g. early in main) and
 * shared by every pool of the process; calls are serialised by a lock. */
gboolean    _cs_forkserver_ensure (GError **error);
/* Asks the server for a worker serving channel_fd (and the shared region shared_fd, or -1),
 * without waiting for its answer: the worker may start, and the caller do other work, before
 * the answer is read. Every request that returns TRUE must be collected. */
typedef struct
{
  guint64 server;
  gsize   number;
} CsForkTicket;
gboolean    _cs_forkserver_request (int channel_fd, int shared_fd, CsForkTicket *ticket,
                                    GError **error);
/* The answer: the worker's pid, or FALSE when it could not be forked or the server died (its
 * workers die with it). */
gboolean    _cs_forkserver_collect (const CsForkTicket *ticket, GPid *pid, GError **error);
/* Waits up to timeout_us (0: just check) for the server to report pid's end; TRUE with its wait
 * status. Workers of a server that died are reported as killed by SIGKILL, since that is what
 * their PR_SET_PDEATHSIG does to them. */
gboolean    _cs_forkserver_wait (GPid pid, gint64 timeout_us, int *wait_status);
/* The server's pid, or 0 when none runs (tests). */
GPid        _cs_forkserver_get_pid (void);
/* Stops the server (it kills any worker it still has) and reaps it. Safe to call at any time;
 * the next fork starts a new server. */
void        _cs_forkserver_shutdown (void);

G_END_DECLS
