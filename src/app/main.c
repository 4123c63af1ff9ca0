/* main.c: locale set-up and the GUI's main
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "cs-application.h"
#include "cs-output.h"
#include "main.h"

void
cs_init_i18n (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

int
cs_application_main (int argc, char **argv)
{
  g_autoptr (CsApplication) app = cs_application_new ();

  /* A file size limit then fails a save with "File too large" instead of killing the window
   * with a temp file left (issue #20). */
  cs_output_ignore_sigxfsz ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
