/* test-params.c: parsing, validation and round trips of preset parameters
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "cs-backend.h"
#include "cs-workload.h"

static const char *const colours[] = { "red", "green", NULL };

static const CsParamSpec test_specs[] = {
  { "count", CS_PARAM_INT, "10", 1, 100, "tasks", "Count", "How many." },
  { "ratio", CS_PARAM_DOUBLE, "0.5", 0, 1, NULL, "Ratio", "A fraction." },
  { "flag", CS_PARAM_BOOL, "false", 0, 0, NULL, "Flag", "On or off." },
  { "size", CS_PARAM_SIZE, "64K", 1024, 1073741824.0, "bytes", "Size", "Bytes." },
  { "wait", CS_PARAM_DURATION, "5ms", 1e-6, 10, "ms", "Wait", "Time." },
  { "colour", CS_PARAM_CHOICE, "red", 0, 0, NULL, "Colour", "A colour.", colours },
  { "text", CS_PARAM_STRING, "hello world", 0, 0, NULL, "Text", "Anything." },
};

static const CsPreset test_preset = {
  .name = "test",
  .title = "Test",
  .params = test_specs,
  .n_params = G_N_ELEMENTS (test_specs),
};

static void
test_defaults (void)
{
  g_autoptr(CsParams) p = cs_params_new (&test_preset);

  g_assert_true (cs_params_get_preset (p) == &test_preset);
  g_assert_cmpint (cs_params_get_int (p, "count"), ==, 10);
  g_assert_cmpfloat (cs_params_get_double (p, "ratio"), ==, 0.5);
  g_assert_false (cs_params_get_bool (p, "flag"));
  g_assert_cmpuint (cs_params_get_size (p, "size"), ==, 65536);
  g_assert_cmpfloat_with_epsilon (cs_params_get_duration (p, "wait"), 0.005, 1e-12);
  g_assert_cmpstr (cs_params_get_string (p, "colour"), ==, "red");
  g_assert_cmpstr (cs_params_get_string (p, "text"), ==, "hello world");
}

static void
assert_set_fails (CsParams *p, const char *name, const char *value, int code,
                  const char *fragment)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cs_params_set (p, name, value, &error));
  g_assert_error (error, CS_WORKLOAD_ERROR, code);
  if (strstr (error->message, fragment) == NULL)
    g_error ("message '%s' lacks '%s'", error->message, fragment);
}

static void
test_int (void)
{
  g_autoptr(CsParams) p = cs_params_new (&test_preset);

  g_assert_true (cs_params_set (p, "count", "42", NULL));
  g_assert_cmpint (cs_params_get_int (p, "count"), ==, 42);
  g_assert_true (cs_params_set (p, "count", " 100 ", NULL));
  g_assert_cmpint (cs_params_get_int (p, "count"), ==, 100);
  assert_set_fails (p, "count", "4.5", CS_WORKLOAD_ERROR_INVALID_VALUE,
                    "count: '4.5' is not a whole number");
  assert_set_fails (p, "count", "abc", CS_WORKLOAD_ERROR_INVALID_VALUE, "count:");
  assert_set_fails (p, "count", "0", CS_WORKLOAD_ERROR_INVALID_VALUE,
                    "count: '0' is out of range (use 1 to 100 tasks)");
  assert_set_fails (p, "count", "101", CS_WORKLOAD_ERROR_INVALID_VALUE, "out of range");
  /* a failed set keeps the previous value */
  g_assert_cmpint (cs_params_get_int (p, "count"), ==, 100);
}

static void
test_double (void)
{
  g_autoptr(CsParams) p = cs_params_new (&test_preset);

  g_assert_true (cs_params_set (p, "ratio", "0.25", NULL));
  g_assert_cmpfloat (cs_params_get_double (p, "ratio"), ==, 0.25);
  g_assert_true (cs_params_set (p, "ratio", "1", NULL));
  g_assert_cmpfloat (cs_params_get_double (p, "ratio"), ==, 1.0);
  assert_set_fails (p, "ratio", "1.5", CS_WORKLOAD_ERROR_INVALID_VALUE, "out of range");
  assert_set_fails (p, "ratio", "0,5", CS_WORKLOAD_ERROR_INVALID_VALUE, "is not a number");
  assert_set_fails (p, "ratio", "nan", CS_WORKLOAD_ERROR_INVALID_VALUE, "is not a number");
  assert_set_fails (p, "ratio", "", CS_WORKLOAD_ERROR_INVALID_VALUE, "is not a number");
}

static void
test_bool (void)
{
  g_autoptr(CsParams) p = cs_params_new (&test_preset);
  const char *yes[] = { "true", "YES", "1", "on" };
  const char *no[] = { "false", "No", "0", "off" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    {
      g_assert_true (cs_params_set (p, "flag", yes[i], NULL));
      g_assert_true (cs_params_get_bool (p, "flag"));
      g_assert_true (cs_params_set (p, "flag", no[i], NULL));
      g_assert_false (cs_params_get_bool (p, "flag"));
    }
  assert_set_fails (p, "flag", "maybe", CS_WORKLOAD_ERROR_INVALID_VALUE,
                    "flag: 'maybe' is not a boolean (use true or false)");
}

static void
test_size (void)
{
  g_autoptr(CsParams) p = cs_params_new (&test_preset);
  struct { const char *in; guint64 out; } ok[] = {
    { "4096", 4096 }, { "64K", 65536 }, { "64k", 65536 }, { "16MiB", 16 << 20 },
    { "1G", 1 << 30 }, { "2 KB", 2048 }, { "1.5K", 1536 }, { "1GiB", 1 << 30 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_assert_true (cs_params_set (p, "size", ok[i].in, NULL));
      g_assert_cmpuint (cs_params_get_size (p, "size"), ==, ok[i].out);
    }
  assert_set_fails (p, "size", "12Q", CS_WORKLOAD_ERROR_INVALID_VALUE,
                    "size: '12Q' is not a size (use e.g. 4096, 64K, 16MiB, 1G)");
  assert_set_fails (p, "size", "-4K", CS_WORKLOAD_ERROR_INVALID_VALUE, "is not a size");
  assert_set_fails (p, "size", "1.3", CS_WORKLOAD_ERROR_INVALID_VALUE, "is not a size");
  assert_set_fails (p, "size", "512", CS_WORKLOAD_ERROR_INVALID_VALUE,
                    "size: '512' is out of range (use 1KiB to 1GiB)");
  assert_set_fails (p, "size", "2G", CS_WORKLOAD_ERROR_INVALID_VALUE, "out of range");
}

static void
test_duration (void)
{
  g_autoptr(CsParams) p = cs_params_new (&test_preset);
  struct { const char *in; double out; } ok[] = {
    { "200us", 200e-6 }, { "5ms", 5e-3 }, { "1.5s", 1.5 }, { "2", 2.0 }, { "3 ms", 3e-3 },
    { "10µs", 10e-6 }, { "1000ns", 1e-6 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_assert_true (cs_params_set (p, "wait", ok[i].in, NULL));
      g_assert_cmpfloat_with_epsilon (cs_params_get_duration (p, "wait"), ok[i].out, 1e-12);
    }
  assert_set_fails (p, "wait", "5x", CS_WORKLOAD_ERROR_INVALID_VALUE,
                    "wait: '5x' is not a duration (use e.g. 200us, 5ms, 1.5s)");
  assert_set_fails (p, "wait", "ms", CS_WORKLOAD_ERROR_INVALID_VALUE, "is not a duration");
  assert_set_fails (p, "wait", "-1s", CS_WORKLOAD_ERROR_INVALID_VALUE, "is not a duration");
  assert_set_fails (p, "wait", "11s", CS_WORKLOAD_ERROR_INVALID_VALUE,
                    "wait: '11s' is out of range (use 1us to 10s)");
  assert_set_fails (p, "wait", "0", CS_WORKLOAD_ERROR_INVALID_VALUE, "out of range");
}

/* The one parser, also behind the command line's --timeout: no range, minutes allowed. */
static void
test_parse_duration (void)
{
  double s = -1;

  g_assert_true (cs_parse_duration ("2min", &s));
  g_assert_cmpfloat (s, ==, 120);
  g_assert_true (cs_parse_duration ("0", &s));
  g_assert_cmpfloat (s, ==, 0);
  g_assert_true (cs_parse_duration ("250ms", &s));
  g_assert_cmpfloat_with_epsilon (s, 0.25, 1e-12);
  g_assert_false (cs_parse_duration ("1x", &s));
  g_assert_false (cs_parse_duration ("-3s", &s));
  g_assert_false (cs_parse_duration ("", &s));
  g_assert_false (cs_parse_duration (NULL, &s));
  g_assert_cmpfloat_with_epsilon (s, 0.25, 1e-12);
}

static void
test_choice_and_string (void)
{
  g_autoptr(CsParams) p = cs_params_new (&test_preset);

  g_assert_true (cs_params_set (p, "colour", "green", NULL));
  g_assert_cmpstr (cs_params_get_string (p, "colour"), ==, "green");
  assert_set_fails (p, "colour", "blue", CS_WORKLOAD_ERROR_INVALID_VALUE,
                    "colour: 'blue' is not one of the choices (use one of: red, green)");
  g_assert_true (cs_params_set (p, "text", "a=b c", NULL));
  g_assert_cmpstr (cs_params_get_string (p, "text"), ==, "a=b c");
  g_assert_true (cs_params_set (p, "text", "", NULL));
  g_assert_cmpstr (cs_params_get_string (p, "text"), ==, "");
}

static void
test_spec_validate (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_param_spec_validate (&test_specs[4], "250us", NULL));
  g_assert_false (cs_param_spec_validate (&test_specs[4], "fast", &error));
  g_assert_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE);
}

static void
test_assignment (void)
{
  g_autoptr(CsParams) p = cs_params_new (&test_preset);
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_params_parse_assignment (p, "count=7", NULL));
  g_assert_cmpint (cs_params_get_int (p, "count"), ==, 7);
  g_assert_true (cs_params_parse_assignment (p, "text=x=y", NULL));
  g_assert_cmpstr (cs_params_get_string (p, "text"), ==, "x=y");

  g_assert_false (cs_params_parse_assignment (p, "count", &error));
  g_assert_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "name=value"));
  g_clear_error (&error);
  g_assert_false (cs_params_parse_assignment (p, "=3", &error));
  g_assert_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE);
  g_clear_error (&error);
  g_assert_false (cs_params_parse_assignment (p, "bogus=3", &error));
  g_assert_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_UNKNOWN_PARAM);
  g_assert_nonnull (strstr (error->message, "bogus"));
  g_assert_nonnull (strstr (error->message, "count, ratio, flag"));
}

static void
test_strv_round_trip (void)
{
  g_autoptr(CsParams) p = cs_params_new (&test_preset);
  g_autoptr(CsParams) q = cs_params_new (&test_preset);
  g_autoptr(CsParams) copy = NULL;
  g_auto(GStrv) strv = NULL;
  g_auto(GStrv) strv2 = NULL;
  g_auto(GStrv) strv3 = NULL;

  g_assert_true (cs_params_set (p, "count", "3", NULL));
  g_assert_true (cs_params_set (p, "size", "2MiB", NULL));
  g_assert_true (cs_params_set (p, "text", "python3 x.py --jobs {workers}", NULL));
  strv = cs_params_to_strv (p);
  g_assert_cmpuint (g_strv_length (strv), ==, G_N_ELEMENTS (test_specs));
  g_assert_cmpstr (strv[0], ==, "count=3");
  g_assert_cmpstr (strv[3], ==, "size=2MiB");
  for (guint i = 0; strv[i] != NULL; i++)
    g_assert_true (cs_params_parse_assignment (q, strv[i], NULL));
  strv2 = cs_params_to_strv (q);
  g_assert_true (g_strv_equal ((const char *const *) strv, (const char *const *) strv2));

  copy = cs_params_copy (p);
  g_assert_true (cs_params_set (p, "count", "4", NULL));
  strv3 = cs_params_to_strv (copy);
  g_assert_cmpstr (strv3[0], ==, "count=3");
}

static void
test_registry (void)
{
  guint n = 0;
  const CsPreset *const *all = cs_presets_get_all (&n);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (n, >=, 2);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CsParams) p = cs_params_new (all[i]);

      g_assert_true (cs_presets_lookup (all[i]->name, NULL) == all[i]);
      g_assert_nonnull (all[i]->title);
      g_assert_nonnull (all[i]->summary);
      g_assert_nonnull (all[i]->description);
      g_assert_nonnull (all[i]->expected);
      g_assert_nonnull (all[i]->icon_name);
      /* some mode runs it: a C kernel, the user's command, or the Python driver */
      g_assert_true (all[i]->run_task != NULL || all[i]->run_external != NULL ||
                     cs_backend_supports (cs_backend_for_mode (CS_MODE_THREAD), all[i], NULL) ||
                     cs_backend_supports (cs_backends_lookup ("python-thread", NULL), all[i],
                                          NULL));
      /* every default is valid under its own spec */
      for (guint j = 0; j < all[i]->n_params; j++)
        {
          const CsParamSpec *spec = &all[i]->params[j];

          if (!cs_param_spec_validate (spec, spec->default_value, &error))
            g_error ("%s: %s", all[i]->name, error->message);
          g_assert_true (cs_preset_find_param (all[i], spec->name) == spec);
        }
      g_assert_null (cs_preset_find_param (all[i], "no-such-param"));
    }
  g_assert_null (cs_presets_lookup ("no-such-preset", &error));
  g_assert_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_UNKNOWN_PRESET);
  g_assert_nonnull (strstr (error->message, "no-such-preset"));
  g_assert_nonnull (strstr (error->message, "cpu"));
}

static void
test_workload_env (void)
{
  g_autoptr(CsParams) p = cs_params_new (&test_preset);
  g_autoptr(CsWorkload) wl = NULL;

  g_assert_true (cs_params_set (p, "count", "5", NULL));
  wl = cs_workload_new (p, CS_SCALING_WEAK, 3);
  g_assert_true (wl->preset == &test_preset);
  g_assert_true (wl->params != p);
  g_assert_cmpint (cs_params_get_int (wl->params, "count"), ==, 5);
  g_assert_cmpint (wl->scaling, ==, CS_SCALING_WEAK);
  g_assert_cmpuint (wl->n_workers, ==, 3);
  g_assert_cmpint (wl->shared_fd, ==, -1);
  g_assert_null (wl->shared);
  g_assert_null (cs_workload_get_env (wl, "PORT"));
  cs_workload_set_env (wl, "PORT", "8080");
  g_assert_cmpstr (cs_workload_get_env (wl, "PORT"), ==, "8080");
  cs_workload_set_env (wl, "PORT", "9090");
  g_assert_cmpstr (cs_workload_get_env (wl, "PORT"), ==, "9090");
  g_assert_cmpuint (g_hash_table_size (wl->env), ==, 1);
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/params/defaults", test_defaults);
  g_test_add_func ("/params/int", test_int);
  g_test_add_func ("/params/double", test_double);
  g_test_add_func ("/params/bool", test_bool);
  g_test_add_func ("/params/size", test_size);
  g_test_add_func ("/params/parse-duration", test_parse_duration);
  g_test_add_func ("/params/duration", test_duration);
  g_test_add_func ("/params/choice-and-string", test_choice_and_string);
  g_test_add_func ("/params/spec-validate", test_spec_validate);
  g_test_add_func ("/params/assignment", test_assignment);
  g_test_add_func ("/params/strv-round-trip", test_strv_round_trip);
  g_test_add_func ("/params/registry", test_registry);
  g_test_add_func ("/params/workload-env", test_workload_env);

  return g_test_run ();
}
