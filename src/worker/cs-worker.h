/* cs-worker.h: the two roles of corescope-worker
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* Serves one pool worker on CS_WORKER_CHANNEL_FD until told to exit or until the parent goes
 * away; returns the process exit status. */
int  cs_worker_serve (void);

/* Runs the fork server on CS_FORKSERVER_CONTROL_FD; never returns. */
void cs_forkserver_run (void) G_GNUC_NORETURN;

/* Dies with the parent: PR_SET_PDEATHSIG fires when the thread that created us exits, so the
 * parent only asks for it (--parent=PID) when it starts us from its main thread. Returns FALSE
 * when the parent is already gone. */
gboolean cs_worker_die_with_parent (pid_t parent);

G_END_DECLS
