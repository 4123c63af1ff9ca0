/* cs-json-guard.h: cheap checks on untrusted JSON before a recursive parser sees it
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Result files nest about five levels deep; anything near this is hostile or broken. */
#define CS_JSON_MAX_DEPTH 256

/* json-glib parses arrays and objects by recursion, so a file of 100 000 '[' overflows the
 * stack and kills the process. This scans the text once (strings and escapes skipped) and
 * returns FALSE when arrays/objects nest deeper than max_depth, with *line set to the 1-based
 * line where it happened. It does not validate anything else: the parser still does. */
gboolean cs_json_check_nesting (const char *data, gsize length, guint max_depth, guint *line);

G_END_DECLS
