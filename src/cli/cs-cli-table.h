/* cs-cli-table.h: plain-text tables for the analyze and compare subcommands
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CsCliTable CsCliTable;

/* Columns are right-aligned except those listed in left_aligned (a bit per column). */
CsCliTable *cs_cli_table_new (guint n_columns, guint left_aligned);
void        cs_cli_table_free (CsCliTable *table);
/* Takes n_columns cells, copied; NULL cells print empty. The first row added is the header. */
void        cs_cli_table_add_row (CsCliTable *table, const char *const *cells);
/* Widths count characters, not bytes, so "×" and "µ" line up. */
char       *cs_cli_table_to_string (const CsCliTable *table, const char *indent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsCliTable, cs_cli_table_free)

G_END_DECLS
