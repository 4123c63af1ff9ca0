/* cs-result.h: result files: JSON (format 2, and 1 on reading) and CSV
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cs-backend.h"
#include "cs-model.h"

G_BEGIN_DECLS

#define CS_RESULT_ERROR (cs_result_error_quark ())

/* The largest result file loaded: about 200 000 runs (a run is ~340 bytes of JSON), far past
 * any sweep, while parsing it takes about 12 times its size in memory (issue #20). */
#define CS_RESULT_MAX_FILE_SIZE (64 << 20)
#define CS_RESULT_FORMAT_NAME "corescope-result"

typedef enum {
  CS_RESULT_ERROR_IO,
  CS_RESULT_ERROR_PARSE,       /* not JSON / not CSV; message has the line */
  CS_RESULT_ERROR_FORMAT,      /* wrong format name or unsupported (future) version */
  CS_RESULT_ERROR_INVALID      /* a field is missing or has the wrong type; message names it */
} CsResultError;

GQuark         cs_result_error_quark (void);

/* JSON (json-glib). Saving is atomic: temp file + rename. Loading validates everything and
 * names the file and the field in errors. */
char          *cs_result_to_json (const CsResult *result, gsize *length);
CsResult      *cs_result_from_json (const char *data, gssize length, const char *filename,
                                    GError **error);
gboolean       cs_result_save (const CsResult *result, const char *path, GError **error);
CsResult      *cs_result_load (const char *path, GError **error);
/* A result file's bytes (NUL-terminated): a regular file of at most CS_RESULT_MAX_FILE_SIZE,
 * else CS_RESULT_ERROR_IO saying why (a device or a FIFO would be read forever). */
gboolean       cs_result_read_file (const char *path, char **data, gsize *length,
                                    GError **error);

/* CSV: one row per run with a header (the summary of statistics per point is in cs-stats.h). */
char          *cs_result_to_csv (const CsResult *result);
gboolean       cs_result_save_csv (const CsResult *result, const char *path, GError **error);

/* For the layers above that write text files of their own: an atomic save (temp file +
 * rename). Their CSV cells come from cs-csv.h. */
gboolean       cs_result_save_text (const char *path, const char *data, gsize length,
                                    GError **error);

/* How a result is named wherever a user picks one among several (the comparison view, the
 * comparison CSV): its label, else "preset · host · date". Newly allocated. */
char          *cs_result_get_display_name (const CsResult *result);
/* The one date format of results shown to users: local time, "2026-12-07 11:50". */
char          *cs_result_format_date (GDateTime *time);

G_END_DECLS
