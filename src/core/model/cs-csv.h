/* cs-csv.h: the one CSV cell writer every CSV file of Corescope uses
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A text cell, preceded by a comma unless first; quoted (with inner quotes doubled) when it
 * holds a quote, a comma, a line feed or a carriage return. NULL is an empty cell. */
void cs_csv_append_text (GString *s, const char *text, gboolean first);
/* A number cell, always preceded by a comma, in the C locale with nine significant digits
 * (nanoseconds in runs of a few seconds); empty when not finite. */
void cs_csv_append_double (GString *s, double value);
/* The same with six significant digits: derived figures (speed-ups, ratios, chart values). */
void cs_csv_append_short (GString *s, double value);

G_END_DECLS
