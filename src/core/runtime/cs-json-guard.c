/* cs-json-guard.c: cheap checks on untrusted JSON before a recursive parser sees it
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cs-json-guard.h"

gboolean
cs_json_check_nesting (const char *data, gsize length, guint max_depth, guint *line)
{
  gboolean in_string = FALSE;
  guint depth = 0, lines = 1;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (c == '\n')
        lines++;
      if (in_string)
        {
          if (c == '\\')
            i++;            /* the escaped character can be neither a quote nor a bracket */
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              if (line != NULL)
                *line = lines;
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}
