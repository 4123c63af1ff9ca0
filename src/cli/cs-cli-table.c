/* cs-cli-table.c: plain-text tables for the analyze and compare subcommands
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-cli-table.h"

struct _CsCliTable
{
  guint      n_columns;
  guint      left_aligned;
  GPtrArray *rows;   /* GStrv of n_columns */
};

CsCliTable *
cs_cli_table_new (guint n_columns, guint left_aligned)
{
  CsCliTable *table = g_new0 (CsCliTable, 1);

  table->n_columns = n_columns;
  table->left_aligned = left_aligned;
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  return table;
}

void
cs_cli_table_free (CsCliTable *table)
{
  if (table == NULL)
    return;
  g_ptr_array_unref (table->rows);
  g_free (table);
}

void
cs_cli_table_add_row (CsCliTable *table, const char *const *cells)
{
  char **row = g_new0 (char *, table->n_columns + 1);

  for (guint c = 0; c < table->n_columns; c++)
    row[c] = g_strdup (cells[c] ? cells[c] : "");
  g_ptr_array_add (table->rows, row);
}

static void
pad (GString *out, const char *text, guint width, gboolean left)
{
  guint len = g_utf8_strlen (text, -1);

  if (left)
    g_string_append (out, text);
  for (guint i = len; i < width; i++)
    g_string_append_c (out, ' ');
  if (!left)
    g_string_append (out, text);
}

char *
cs_cli_table_to_string (const CsCliTable *table, const char *indent)
{
  g_autofree guint *widths = g_new0 (guint, table->n_columns);
  GString *out = g_string_new (NULL);

  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);
      for (guint c = 0; c < table->n_columns; c++)
        widths[c] = MAX (widths[c], g_utf8_strlen (row[c], -1));
    }
  for (guint r = 0; r < table->rows->len; r++)
    {
      char **row = g_ptr_array_index (table->rows, r);
      GString *line = g_string_new (indent);

      for (guint c = 0; c < table->n_columns; c++)
        {
          if (c > 0)
            g_string_append (line, "  ");
          pad (line, row[c], widths[c], (table->left_aligned >> c) & 1);
        }
      while (line->len > 0 && line->str[line->len - 1] == ' ')
        g_string_truncate (line, line->len - 1);
      g_string_append_printf (out, "%s\n", line->str);
      g_string_free (line, TRUE);
    }
  return g_string_free (out, FALSE);
}
