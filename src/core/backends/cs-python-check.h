/* cs-python-check.h: what can be checked of a user's Python function before a sweep
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-workload.h"

G_BEGIN_DECLS

/* TRUE when params (any preset's) name no Python file, or when the file exists, parses and
 * defines the function at its top level (or the check cannot tell: a name made by an `if`, a
 * star import...). Else FALSE with the same words the driver would use after the sweep
 * ("job.py: cannot load: SyntaxError: expected ':' (job.py, line 1)", "job.py:nope: the
 * module has no function 'nope'"). Reads the file with python3's ast module, without running
 * it: slow (an interpreter starts), so not on a GUI's main thread. */
gboolean cs_python_check_user_function (const CsParams *params, GError **error);

G_END_DECLS
