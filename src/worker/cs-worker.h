/* cs-worker.h: the two roles of corescope-worker
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* A pool worker, from its set-up message until it exits. */
typedef struct _CsWorker CsWorker;

CsWorker *cs_worker_new     (void);
/* The fork server's head start, before it forks: when the whole set-up message already waits
 * in channel_fd (the pool writes it before asking), reads it and builds the workload's data,
 * so the forked worker need not (its every write to memory it shares with the server costs a
 * copy-on-write fault). Per-process state (attach, the shared mapping) stays for the worker;
 * an error is kept for the worker to report. */
void      cs_worker_prepare (CsWorker *self, int channel_fd);
/* Frees a worker that will not serve (the server's copy, once forked): no workload clean-up. */
void      cs_worker_free    (CsWorker *self);
/* Serves one pool worker on CS_WORKER_CHANNEL_FD until told to exit or until the parent goes
 * away, doing whatever cs_worker_prepare did not; frees self; returns the exit status. */
int       cs_worker_serve   (CsWorker *self);

/* Runs the fork server on CS_FORKSERVER_CONTROL_FD; never returns. */
void cs_forkserver_run (void) G_GNUC_NORETURN;

/* Dies with the parent: PR_SET_PDEATHSIG fires when the thread that created us exits, so the
 * parent only asks for it (--parent=PID) when it starts us from its main thread. Returns FALSE
 * when the parent is already gone. */
gboolean cs_worker_die_with_parent (pid_t parent);

G_END_DECLS
