/* cs-cli-check.c: `corescope check`, is this machine quiet enough to measure on?
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "cs-cli.h"
#include "cs-system-check.h"

#define COMMAND "check"

static void
print_text (const CsSystemCheck *check)
{
  for (guint i = 0; i < check->findings->len; i++)
    {
      const CsCheckFinding *f = g_ptr_array_index (check->findings, i);

      printf ("%-11s %s\n", cs_check_severity_to_string (f->severity), f->summary);
      if (f->advice != NULL)
        printf ("%-11s → %s\n", "", f->advice);
    }
}

static char *
to_json (const CsSystemCheck *check)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  g_autoptr (JsonGenerator) gen = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "worst");
  json_builder_add_string_value (b, cs_check_severity_to_string (cs_system_check_get_worst (check)));
  json_builder_set_member_name (b, "interval_s");
  json_builder_add_double_value (b, check->interval_s);
  json_builder_set_member_name (b, "findings");
  json_builder_begin_array (b);
  for (guint i = 0; i < check->findings->len; i++)
    {
      const CsCheckFinding *f = g_ptr_array_index (check->findings, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, f->id);
      json_builder_set_member_name (b, "severity");
      json_builder_add_string_value (b, cs_check_severity_to_string (f->severity));
      json_builder_set_member_name (b, "summary");
      json_builder_add_string_value (b, f->summary);
      json_builder_set_member_name (b, "advice");
      if (f->advice != NULL)
        json_builder_add_string_value (b, f->advice);
      else
        json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

int
cs_cli_check (int argc, char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CsSystemCheck) check = NULL;
  g_autofree char *root = NULL;
  gboolean json = FALSE;
  double interval = 0.5;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the findings as JSON"), NULL },
    { "interval", 0, 0, G_OPTION_ARG_DOUBLE, &interval,
      N_("Seconds to sample steal time and busy processes (default 0.5)"), N_("S") },
    /* For tests: a directory with proc/ and sys/ trees instead of the machine's. */
    { "root", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &root, NULL, NULL },
    { NULL }
  };

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Checks whether this machine is quiet enough to measure on: load and the busiest other\n"
      "processes, steal time, the CPU frequency governor, boost and current frequencies,\n"
      "thermal throttling, SMT and isolated CPUs. Each finding says what to do about it.\n"
      "Exits 0 unless the arguments are wrong: warnings are advice, not failures."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cs_cli_usage_error (COMMAND, "%s", error->message);
  if (argc > 1)
    return cs_cli_usage_error (COMMAND, _("no arguments expected (see --help)"));
  if (interval < 0.01 || interval > 60)
    return cs_cli_usage_error (COMMAND, _("--interval must be between 0.01 and 60 seconds"));

  check = cs_system_check_run (root, interval);
  if (json)
    {
      g_autofree char *text = to_json (check);
      printf ("%s\n", text);
    }
  else
    print_text (check);
  return CS_CLI_EXIT_OK;
}
