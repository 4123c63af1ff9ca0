/* cs-free-threaded.h: where a free-threaded CPython (no GIL) is on this machine
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The directory under Corescope's caches that build-aux/free-threaded-python.sh builds the
 * interpreter into ("python3.13t"): /var/cache/corescope/ for the machine, else the user's
 * ${XDG_CACHE_HOME:-~/.cache}/corescope/. */
#define CS_FREE_THREADED_CACHE_NAME "python3.13t"

/* The interpreter the python-thread-ft mode runs when none is named: the first of python3.14t
 * and python3.13t on PATH, the one setup.sh built into the user's then the machine's cache,
 * then the newest free-threaded build that uv or pyenv manage. NULL when there is none; then
 * *looked (when not NULL) says where it looked, for a message a user can act on. Only the
 * file's presence is checked here: the backend's probe runs it and checks the GIL is off. */
char *cs_free_threaded_find (char **looked);

G_END_DECLS
