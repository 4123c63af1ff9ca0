/* cs-wl-python-callable.c: the user's own Python function, run as tasks by the python-* modes
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "cs-presets-private.h"

/* Task i calls function(i), or function(args[i]) when args is a JSON list. Only the Python
 * driver runs it (there is no C kernel to run): the C modes refuse it, and its checksum is the
 * driver's hash of each result's repr(), so that every mode and worker count must return the
 * same results. prepare() checks here what can be checked without Python (the file exists,
 * the list parses), so that a typo fails at once, naming the file. */

static const CsParamSpec params[] = {
  { "file", CS_PARAM_FILE, "", 0, 0, NULL, N_("Python file"),
    N_("The .py file that defines the function (or leave empty and give a module).") },
  { "module", CS_PARAM_STRING, "", 0, 0, NULL, N_("Module"),
    N_("Instead of a file: a module to import, such as mypackage.jobs.") },
  { "function", CS_PARAM_STRING, "work", 0, 0, NULL, N_("Function"),
    N_("The function each task calls with its task number (or its item of the arguments).") },
  { "tasks", CS_PARAM_INT, "16", 1, 1000000, N_("tasks"), N_("Tasks"),
    N_("How many tasks, when no arguments are given: task i calls function(i).") },
  { "args", CS_PARAM_STRING, "", 0, 0, NULL, N_("Arguments"),
    N_("Optional: a JSON list; task i calls function(list[i]), e.g. [1, 2, 3].") },
  { "path", CS_PARAM_STRING, "", 0, 0, NULL, N_("Search path"),
    N_("Optional: directories for sys.path, separated by ':' (where the module is).") },
};

static gboolean
callable_error (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
callable_error (GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE, message);
  return FALSE;
}

/* The number of items of the args list, or -1 with error. */
static gint64
count_args (const char *text, GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, -1, &local))
    return callable_error (error, _("args: not JSON (%s)"), local->message), -1;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root) ||
      json_array_get_length (json_node_get_array (root)) == 0)
    return callable_error (error, _("args: must be a non-empty JSON list, e.g. [1, 2, 3]")), -1;
  return json_array_get_length (json_node_get_array (root));
}

static gboolean
callable_prepare (CsWorkload *wl, GError **error)
{
  const char *file = cs_params_get_string (wl->params, "file");
  const char *module = cs_params_get_string (wl->params, "module");
  const char *args = cs_params_get_string (wl->params, "args");
  gint64 n;

  if (*file == '\0' && *module == '\0')
    return callable_error (error, _("give a Python file or a module (file=job.py or "
                                    "module=pkg.jobs)"));
  if (*file != '\0' && !g_file_test (file, G_FILE_TEST_IS_REGULAR))
    return callable_error (error, _("%s: no such file"), file);
  if (*cs_params_get_string (wl->params, "function") == '\0')
    return callable_error (error, _("function: give the name of the function to call"));
  n = *args != '\0' ? count_args (args, error) : cs_params_get_int (wl->params, "tasks");
  if (n < 0)
    return FALSE;
  wl->n_tasks = (guint64) n;
  return TRUE;
}

const CsPreset cs_preset_python_callable = {
  .name = "python-callable",
  .title = N_("Your Python function"),
  .summary = N_("Your own function, called once per task by real Python threads and "
                "processes."),
  .description = N_("Each task calls your function with its task number (or one item of the "
                    "arguments list) in a real CPython interpreter: the python-thread mode "
                    "under the real GIL, python-process in a multiprocessing pool. Results "
                    "must be the same in every mode, or the run fails."),
  .expected = N_("CPU-bound Python code scales with python-process only; code that waits "
                 "(I/O, sleep, C extensions that release the GIL) scales with threads too."),
  .icon_name = "text-x-script-symbolic",
  .category = CS_CATEGORY_COMMAND,
  .work_unit = "calls",
  .throughput_unit = NULL,
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .prepare = callable_prepare,
};
