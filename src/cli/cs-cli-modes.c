/* cs-cli-modes.c: `corescope modes`, the execution modes, whether they run here, their options
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "cs-backend.h"
#include "cs-cli.h"

#define COMMAND "modes"

static const char *
concurrency_name (CsConcurrency concurrency)
{
  switch (concurrency)
    {
    case CS_CONCURRENCY_THREADS: return _("parallel threads");
    case CS_CONCURRENCY_GIL_THREADS: return _("threads under a GIL");
    case CS_CONCURRENCY_PROCESSES: return _("processes");
    default: return "?";
    }
}

/* Checking may start an interpreter (the Python modes) or mpirun: a fraction of a second. */
static void
print_mode (const CsBackend *backend)
{
  g_autofree char *reason = cs_backend_check_available (backend, NULL);

  printf ("%-17s %s  [%s, %s]\n", backend->name, _(backend->label), backend->runtime,
          concurrency_name (backend->concurrency));
  printf ("  %s\n", _(backend->description));
  if (reason != NULL)
    printf ("  %s %s\n", _("Unavailable here:"), reason);
  else
    printf ("  %s\n", _("Available here."));
  if (backend->n_options > 0)
    printf ("  %s\n", _("Options (set with --option MODE:NAME=VALUE):"));
  for (guint i = 0; i < backend->n_options; i++)
    cs_cli_print_param (&backend->options[i]);
  printf ("\n");
}

int
cs_cli_modes (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (_("[MODE]"));
  g_autoptr (GError) error = NULL;
  const CsBackend *const *backends;
  guint n;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Lists the execution modes that “corescope run --modes” accepts: what each runs, whether\n"
      "it can run on this machine (and why not), and its options. With a MODE name, only that "
      "one."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cs_cli_usage_error (COMMAND, "%s", error->message);
  if (argc > 2)
    return cs_cli_usage_error (COMMAND, _("at most one mode name (see --help)"));
  if (argc == 2)
    {
      const CsBackend *backend = cs_backends_lookup (argv[1], &error);
      if (backend == NULL)
        return cs_cli_usage_error (COMMAND, "%s", error->message);
      print_mode (backend);
      return CS_CLI_EXIT_OK;
    }
  backends = cs_backends_get_all (&n);
  for (guint i = 0; i < n; i++)
    print_mode (backends[i]);
  return CS_CLI_EXIT_OK;
}
