/* cs-csv.c: the one CSV cell writer
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cs-csv.h"

/* Numbers in files never depend on the locale. */
static void
append_number (GString *s, double value, const char *format)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (s, ',');
  if (isfinite (value))
    g_string_append (s, g_ascii_formatd (buf, sizeof buf, format, value));
}

void
cs_csv_append_double (GString *s, double value)
{
  append_number (s, value, "%.9g");
}

void
cs_csv_append_short (GString *s, double value)
{
  append_number (s, value, "%.6g");
}

void
cs_csv_append_text (GString *s, const char *text, gboolean first)
{
  if (!first)
    g_string_append_c (s, ',');
  if (text == NULL)
    return;
  if (strpbrk (text, ",\"\n\r") == NULL)
    {
      g_string_append (s, text);
      return;
    }
  g_string_append_c (s, '"');
  for (const char *c = text; *c != '\0'; c++)
    {
      if (*c == '"')
        g_string_append_c (s, '"');
      g_string_append_c (s, *c);
    }
  g_string_append_c (s, '"');
}
