/* cs-python-check.c: what can be checked of a user's Python function before a sweep
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "cs-python-check.h"

/* Parsing, not importing: importing would run the user's module-level code, which may take as
 * long as a sweep (or start one). Names bound at the top level by def, class, assignment or
 * import count; any other top-level statement that can bind names makes the answer "cannot
 * tell", and the sweep's own load decides. Prints the reason and exits 1 when sure. */
static const char check_script[] =
  "import ast, os, sys\n"
  "path, name = sys.argv[1], sys.argv[2]\n"
  "base = os.path.basename(path)\n"
  "try:\n"
  "    tree = ast.parse(open(path, 'rb').read(), path)\n"
  "except SyntaxError as e:\n"
  "    print(f'{base}: cannot load: {type(e).__name__}: {e.msg} ({base}, line {e.lineno})')\n"
  "    sys.exit(1)\n"
  "except (OSError, ValueError) as e:\n"
  "    print(f'{base}: cannot load: {e}')\n"
  "    sys.exit(1)\n"
  "names, unsure = set(), False\n"
  "for node in tree.body:\n"
  "    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):\n"
  "        names.add(node.name)\n"
  "    elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):\n"
  "        targets = node.targets if isinstance(node, ast.Assign) else [node.target]\n"
  "        for t in targets:\n"
  "            names.update(n.id for n in ast.walk(t) if isinstance(n, ast.Name))\n"
  "    elif isinstance(node, (ast.Import, ast.ImportFrom)):\n"
  "        for a in node.names:\n"
  "            unsure |= a.name == '*'\n"
  "            names.add((a.asname or a.name).split('.')[0])\n"
  "    elif not isinstance(node, (ast.Expr, ast.Pass, ast.Assert)):\n"
  "        unsure = True\n"
  "if name not in names and not unsure:\n"
  "    print(f\"{base}:{name}: the module has no function '{name}'\")\n"
  "    sys.exit(1)\n";

static gboolean
check_error (GError **error, const char *message)
{
  g_set_error_literal (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE, message);
  return FALSE;
}

/* Runs the script; FALSE with its line when it is sure the function cannot be called. */
static gboolean
run_check (const char *python, const char *file, const char *function, GError **error)
{
  const char *argv[] = { python, "-I", "-c", check_script, file, function, NULL };
  g_autoptr (GSubprocess) process = NULL;
  g_autofree char *out = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                       | G_SUBPROCESS_FLAGS_STDERR_SILENCE, NULL);
  /* An interpreter that does not start is the sweep's to report, with its own words. */
  if (process == NULL || !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, NULL))
    return TRUE;
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 1)
    return TRUE;
  return check_error (error, g_strstrip (out));
}

gboolean
cs_python_check_user_function (const CsParams *params, GError **error)
{
  const char *file, *function;
  g_autofree char *python = NULL;
  g_autofree char *message = NULL;

  g_return_val_if_fail (params != NULL, FALSE);

  if (!cs_params_has (params, "file") || !cs_params_has (params, "function"))
    return TRUE;
  file = cs_params_get_string (params, "file");
  function = cs_params_get_string (params, "function");
  if (*file == '\0' && cs_params_has (params, "module")
      && *cs_params_get_string (params, "module") != '\0')
    return TRUE; /* a module on the search path: the driver finds it, or says why not */
  if (*file == '\0')
    return check_error (error, _("Python file: choose the .py file that defines your function"));
  if (!g_file_test (file, G_FILE_TEST_IS_REGULAR))
    {
      message = g_strdup_printf (_("%s: no such file"), file);
      return check_error (error, message);
    }
  if (*function == '\0')
    return check_error (error, _("Function: give the name of the function to call"));
  python = g_find_program_in_path ("python3");
  return python == NULL || run_check (python, file, function, error);
}
