/* cs-cli-recover.c: `corescope recover`: the journals of sweeps that did not end, back as results
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "cs-cli.h"
#include "cs-journal.h"
#include "cs-output.h"

#define COMMAND "recover"

/* A sweep that was killed outright (SIGKILL, a crash, power loss) or whose result could not be
 * saved leaves its journal (cs-journal.h); the window offers it at its next start, and this is
 * the same for a terminal: list them, then save one as a result file (marked incomplete). */

static void
print_help (void)
{
  printf ("%s\n\n%s\n", _("Usage: corescope recover [JOURNAL --json FILE [--keep]]"),
          _("Without arguments, lists the journals of sweeps that did not end (newest first):\n"
            "the sweep's preset, how many runs it kept and when it started.\n\n"
            "  JOURNAL      a journal from that list\n"
            "  --json FILE  save it as a result file (marked incomplete; “-”: standard output),\n"
            "               then remove the journal\n"
            "  --keep       leave the journal after saving it"));
}

static void
list_journals (void)
{
  g_auto (GStrv) paths = cs_journal_find_recoverable (NULL);

  if (paths[0] == NULL)
    {
      printf ("%s\n", _("No sweep to recover."));
      return;
    }
  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CsResult) result = cs_journal_recover (paths[i], &error);
      g_autofree char *started = NULL;

      if (result == NULL)
        {
          printf ("%s  (%s)\n", paths[i], error->message);
          continue;
        }
      started = result->started != NULL ? g_date_time_format (result->started, "%F %T")
                                         : g_strdup ("?");
      printf (ngettext ("%s  %s, %u run, started %s\n", "%s  %s, %u runs, started %s\n",
                        result->runs->len),
              paths[i], result->config->preset, result->runs->len, started);
    }
}

typedef struct
{
  const char *journal;
  const char *json;
  gboolean    keep;
  gboolean    help;
} RecoverArgs;

static int
parse_args (int argc, char **argv, RecoverArgs *a)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
        return a->help = TRUE, CS_CLI_EXIT_OK;
      if (g_str_equal (argv[i], "--json") && i + 1 < argc)
        a->json = argv[++i];
      else if (g_str_has_prefix (argv[i], "--json="))
        a->json = argv[i] + strlen ("--json=");
      else if (g_str_equal (argv[i], "--keep"))
        a->keep = TRUE;
      else if ((argv[i][0] == '-' && argv[i][1] != '\0') || a->journal != NULL)
        return cs_cli_usage_error (COMMAND, _("unexpected argument “%s” (try --help)"), argv[i]);
      else
        a->journal = argv[i];
    }
  if ((a->journal == NULL) != (a->json == NULL))
    return cs_cli_usage_error (COMMAND, _("give a journal and --json FILE together (try --help)"));
  return CS_CLI_EXIT_OK;
}

static int
recover_one (const RecoverArgs *a)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsResult) result = NULL;
  int status = cs_cli_check_outputs (COMMAND, (const char *[]) { a->json, NULL },
                                     (const char *[]) { a->journal, NULL });

  if (status != CS_CLI_EXIT_OK)
    return status;
  if ((result = cs_journal_recover (a->journal, &error)) == NULL ||
      !cs_result_save (result, a->json, &error))
    return cs_cli_failure (COMMAND, "%s", error->message);
  if (!a->keep && !cs_journal_discard (a->journal, &error))
    return cs_cli_failure (COMMAND, "%s", error->message);
  if (!cs_output_is_stdout (a->json))
    fprintf (stderr, ngettext ("corescope recover: %u run saved in %s\n",
                               "corescope recover: %u runs saved in %s\n", result->runs->len),
             result->runs->len, a->json);
  return CS_CLI_EXIT_OK;
}

int
cs_cli_recover (int argc, char **argv)
{
  RecoverArgs args = { 0 };
  int status = parse_args (argc, argv, &args);

  if (status != CS_CLI_EXIT_OK)
    return status;
  if (args.help)
    {
      print_help ();
      return CS_CLI_EXIT_OK;
    }
  if (args.journal == NULL)
    {
      list_journals ();
      return CS_CLI_EXIT_OK;
    }
  return recover_one (&args);
}
