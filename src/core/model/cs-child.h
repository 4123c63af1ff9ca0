/* cs-child.h: running a child under corescope-reaper, and naming why a child could not start
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* argv behind corescope-reaper (src/worker/cs-reaper.c), which ends every process argv leaves
 * behind when it ends, when Corescope ends (status_fd is then widowed: the write end of a pipe
 * whose read end only Corescope holds, close-on-exec) or when it is stopped; and reports
 * leftovers on status_fd ("left PID NAME", "waited MS", "stuck PID NAME", then "exit STATUS").
 * options: the reaper's own, or NULL: "--private-dir=VAR=PARENT" (a folder made under PARENT,
 * named in VAR for the program, removed at the end), "--zombie-deadline-ms=N" (stop a program
 * whose child stays dead but unreaped that long). NULL with an error when the reaper is
 * missing. */
char **cs_child_reaper_argv (const char *const *argv, int status_fd,
                             const char *const *options, GError **error);

/* Reads what the reaper said on its status fd (non-blocking, at most a few KiB) into report;
 * FALSE once the fd is at its end. */
gboolean cs_child_read_status (int status_fd, GString *report);

/* A sentence on what the reaper reported ("it left 2 processes running (sleep 123, sleep 124):
 * ended them"), or NULL when it left nothing. */
char  *cs_child_describe_leftovers (const char *report);

/* " (EAGAIN: the process limit, ulimit -u?)" after an error number that may mean the process
 * limit (RLIMIT_NPROC counts threads too), else "". */
const char *cs_child_errno_hint (int errno_value);

/* "could not start a worker: Resource temporarily unavailable (EAGAIN: …)": the same words for
 * a worker thread, process or rank that could not start, in every mode. */
char  *cs_child_start_failure (int errno_value);

/* "its child NAME (pid N) had died and it did not notice within 5 s" (no colon: callers cut
 * messages at the first one) when the reaper stopped a program
 * for a zombie (--zombie-deadline-ms), else NULL. */
char  *cs_child_describe_stuck (const char *report);

G_END_DECLS
