/* cs-program.h: where Corescope's helper programs are
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where corescope-worker is: $CORESCOPE_WORKER, else next to the running binary in the build
 * tree, else LIBEXECDIR; looked up once. The other helpers (corescope-topology-probe) are
 * installed next to it. It may not exist: callers check and say so. It lives at the bottom
 * layer because the topology (the probe) needs it as well as the runtime (the pools). */
const char *cs_program_worker_path (void);

G_END_DECLS
