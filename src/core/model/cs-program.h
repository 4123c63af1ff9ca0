/* cs-program.h: where Corescope's helper programs are
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The one rule for finding a helper program (the worker, the MPI worker, the Python driver):
 * the path in the environment variable env_var when set, else in_tree when this process runs
 * from the build tree (so a build uses its own program, not an older installed one), else
 * installed. It may not exist: callers check and say so. It lives at the bottom layer because
 * the topology (its probe) needs it as well as the runtime and the backends. */
char       *cs_program_find (const char *env_var, const char *in_tree, const char *installed);

/* corescope-worker by that rule ($CORESCOPE_WORKER), looked up once. The other helpers
 * (corescope-topology-probe) are built and installed next to it. */
const char *cs_program_worker_path (void);

G_END_DECLS
