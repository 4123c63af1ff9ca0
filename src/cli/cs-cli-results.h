/* cs-cli-results.h: the results named on a command line: files, or folders of them (a fleet)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cs-result.h"

G_BEGIN_DECLS

/* Loads every path in order: a result file, or a folder whose result files (*.json, sorted by
 * name) are all loaded, as `corescope fleet` writes one per host. A folder's files that do not
 * load are skipped with a warning line each on stderr ("corescope COMMAND: warning: skipped
 * b.json: …"); any other failure stops with error. names gets a path per result (char*,
 * owned), for legends. Returns CsResult* (owned), or NULL with error. */
GPtrArray *cs_cli_load_results (const char *command, const char *const *paths, guint n_paths,
                                GPtrArray *names, GError **error);

G_END_DECLS
