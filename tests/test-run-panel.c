/* test-run-panel.c: the preset sidebar filters and selects; the form validates and builds a sweep
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "cs-application.h"
#include "cs-preset-list.h"
#include "cs-run-panel.h"
#include "cs-window.h"
#include "gui-test-util.h"

/* Runs under Xvfb with GSETTINGS_BACKEND=memory (see tests/meson.build). */

static CsApplication *app;

static CsWindow *
new_window (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsTopology) topology = cs_topology_new_synthetic ("pack:1 core:2 pu:2", &error);
  CsWindow *window = cs_window_new (app);

  g_assert_no_error (error);
  cs_window_set_topology (window, topology, NULL);
  return window;
}

static void
destroy_window (CsWindow *window)
{
  g_object_ref (window);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (window);
}

static void
test_search (void)
{
  CsWindow *window = new_window ();
  CsPresetList *list = cs_window_get_preset_list (window);
  guint n_presets;
  g_auto (GStrv) all = NULL;
  g_auto (GStrv) mandel = NULL;
  g_auto (GStrv) none = NULL;
  g_auto (GStrv) again = NULL;

  cs_presets_get_all (&n_presets);
  all = cs_preset_list_dup_visible_names (list);
  g_assert_cmpuint (g_strv_length (all), ==, n_presets);

  /* Case-insensitive, on the title. */
  cs_preset_list_set_search_text (list, "MANDEL");
  mandel = cs_preset_list_dup_visible_names (list);
  g_assert_cmpuint (g_strv_length (mandel), ==, 1);
  g_assert_cmpstr (mandel[0], ==, "mandelbrot");

  cs_preset_list_set_search_text (list, "no such workload anywhere");
  none = cs_preset_list_dup_visible_names (list);
  g_assert_cmpuint (g_strv_length (none), ==, 0);

  cs_preset_list_set_search_text (list, "");
  again = cs_preset_list_dup_visible_names (list);
  g_assert_cmpuint (g_strv_length (again), ==, n_presets);
  destroy_window (window);
}

/* Ctrl+F (win.search) moves the focus into the sidebar's search entry. */
static void
test_search_action (void)
{
  CsWindow *window = new_window ();
  GtkWidget *focus;
  g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                 "win.search");

  g_assert_cmpstr (accels[0], ==, "<Control>f");
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (cs_window_get_preset_list (window))));
  g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY));
  destroy_window (window);
}

static void
test_select_preset (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  CsWindow *window;
  CsRunPanel *panel;
  CsWindow *second;

  /* First start: nothing chosen yet, so the empty state shows instead of a form. */
  g_settings_reset (settings, "last-preset");
  window = new_window ();
  panel = cs_window_get_run_panel (window);
  g_assert_null (cs_run_panel_get_preset (panel));
  g_assert_false (cs_run_panel_is_valid (panel));

  g_assert_true (cs_preset_list_select (cs_window_get_preset_list (window), "io-wait"));
  g_assert_false (cs_preset_list_select (cs_window_get_preset_list (window), "nope"));
  g_assert_nonnull (cs_run_panel_get_preset (panel));
  g_assert_cmpstr (cs_run_panel_get_preset (panel)->name, ==, "io-wait");
  g_assert_true (cs_run_panel_is_valid (panel));
  /* Remembered, and restored by the next window. */
  {
    g_autofree char *last = g_settings_get_string (settings, "last-preset");
    g_assert_cmpstr (last, ==, "io-wait");
  }
  second = new_window ();
  g_assert_cmpstr (cs_run_panel_get_preset (cs_window_get_run_panel (second))->name, ==,
                   "io-wait");
  destroy_window (second);
  destroy_window (window);
}

static void
test_invalid_value (void)
{
  CsWindow *window = new_window ();
  CsRunPanel *panel = cs_window_get_run_panel (window);
  const CsParams *params;

  cs_preset_list_select (cs_window_get_preset_list (window), "io-wait");
  g_assert_true (cs_run_panel_set_param_text (panel, "latency", "10 parsecs"));
  g_assert_nonnull (cs_run_panel_get_param_error (panel, "latency"));
  g_assert_false (cs_run_panel_is_valid (panel));
  g_assert_null (cs_run_panel_build_config (panel, NULL));

  g_assert_true (cs_run_panel_set_param_text (panel, "latency", "5ms"));
  g_assert_null (cs_run_panel_get_param_error (panel, "latency"));
  g_assert_true (cs_run_panel_is_valid (panel));
  params = cs_run_panel_get_params (panel);
  g_assert_cmpfloat_with_epsilon (cs_params_get_duration (params, "latency"), 0.005, 1e-9);

  g_assert_true (cs_run_panel_set_param_text (panel, "wait", "nanosleep"));
  g_assert_cmpstr (cs_params_get_string (params, "wait"), ==, "nanosleep");
  g_assert_false (cs_run_panel_set_param_text (panel, "no-such-param", "1"));
  destroy_window (window);
}

static void
test_spin_and_config (void)
{
  CsWindow *window = new_window ();
  CsRunPanel *panel = cs_window_get_run_panel (window);
  CsSweepOptions *options = cs_run_panel_get_sweep_options (panel);
  g_autoptr (GError) error = NULL;
  CsSweepConfig *config;
  g_autofree char *joined = NULL;

  cs_preset_list_select (cs_window_get_preset_list (window), "cpu");
  /* Typed out of range: marked with the reason instead of silently clamped. */
  g_assert_true (cs_run_panel_set_param_text (panel, "tasks", "0"));
  g_assert_nonnull (cs_run_panel_get_param_error (panel, "tasks"));
  g_assert_false (cs_run_panel_is_valid (panel));
  g_assert_true (cs_run_panel_set_param_text (panel, "tasks", "128"));
  g_assert_null (cs_run_panel_get_param_error (panel, "tasks"));
  g_assert_cmpint (cs_params_get_int (cs_run_panel_get_params (panel), "tasks"), ==, 128);

  /* No mode at all, or a bad worker list, blocks Run with a reason. */
  cs_sweep_options_set_mode_enabled (options, CS_MODE_THREAD, FALSE);
  cs_sweep_options_set_mode_enabled (options, CS_MODE_GIL, FALSE);
  cs_sweep_options_set_mode_enabled (options, CS_MODE_PROCESS, FALSE);
  g_assert_false (cs_run_panel_is_valid (panel));
  g_assert_nonnull (cs_sweep_options_get_error (options));
  cs_sweep_options_set_mode_enabled (options, CS_MODE_PROCESS, TRUE);
  cs_sweep_options_set_mode_enabled (options, CS_MODE_THREAD, TRUE);
  g_assert_true (cs_run_panel_is_valid (panel));
  cs_sweep_options_set_custom_workers (options, "1,2,x");
  g_assert_false (cs_run_panel_is_valid (panel));
  cs_sweep_options_set_custom_workers (options, "1,2,4");
  g_assert_true (cs_run_panel_is_valid (panel));

  config = cs_run_panel_build_config (panel, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->preset, ==, "cpu");
  g_assert_cmpuint (config->n_modes, ==, 2);
  g_assert_cmpint (config->modes[0].mode, ==, CS_MODE_THREAD);
  g_assert_cmpint (config->modes[1].mode, ==, CS_MODE_PROCESS);
  /* every option of each mode, from its backend's specs */
  g_assert_cmpstrv (config->modes[0].options, ((const char *const[]) { "pool=per-run", NULL }));
  g_assert_cmpstr (cs_mode_config_get_option (&config->modes[1], "start-method"), ==, "spawn");
  g_assert_cmpuint (config->n_workers, ==, 3);
  g_assert_cmpuint (config->workers[2], ==, 4);
  /* Measure Until Sure is on by default: the minimum of rounds, then until ±5 % */
  g_assert_cmpuint (config->reps, ==, 5);
  g_assert_cmpfloat (config->precision, ==, 0.05);
  g_assert_cmpfloat (config->max_time_s, ==, 60);
  g_clear_pointer (&config, cs_sweep_config_free);
  g_object_set (options, "adaptive", FALSE, NULL);
  config = cs_run_panel_build_config (panel, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (config->reps, ==, 3);
  g_assert_cmpfloat (config->precision, ==, 0);
  /* The engine can estimate the cpu preset; an invalid form has no estimate. */
  g_assert_nonnull (cs_run_panel_get_estimate (panel));
  cs_sweep_options_set_custom_workers (options, "");
  g_assert_null (cs_run_panel_get_estimate (panel));
  cs_sweep_options_set_custom_workers (options, "1,2,4");
  joined = g_strjoinv (" ", config->params);
  g_assert_nonnull (strstr (joined, "tasks=128"));
  cs_sweep_config_free (config);
  destroy_window (window);
}

static void
get_highlighted (CsWindow *window, GArray *out)
{
  CsTopoPaintOptions options;

  cs_topology_view_get_paint_options (cs_window_get_topology_view (window), &options);
  g_array_set_size (out, 0);
  g_array_append_vals (out, options.highlighted_pus, options.n_highlighted_pus);
}

/* The Topology page shows where the sweep's largest worker count would be bound. */
static void
test_placement_preview (void)
{
  CsWindow *window = new_window ();  /* pack:1 core:2 pu:2: PUs 0,1 on core 0; 2,3 on core 1 */
  CsSweepOptions *options = cs_run_panel_get_sweep_options (cs_window_get_run_panel (window));
  g_autoptr (GArray) pus = g_array_new (FALSE, FALSE, sizeof (guint));

  cs_preset_list_select (cs_window_get_preset_list (window), "cpu");
  g_object_set (options, "placement", "none", NULL);
  get_highlighted (window, pus);
  g_assert_cmpuint (pus->len, ==, 0);

  /* compact fills a core's hardware threads first: 2 workers share core 0. */
  g_object_set (options, "placement", "compact", NULL);
  cs_sweep_options_set_custom_workers (options, "1,2");
  get_highlighted (window, pus);
  g_assert_cmpuint (pus->len, ==, 2);
  g_assert_cmpuint (g_array_index (pus, guint, 0) / 2, ==, g_array_index (pus, guint, 1) / 2);

  /* scatter puts them on different cores. */
  g_object_set (options, "placement", "scatter", NULL);
  get_highlighted (window, pus);
  g_assert_cmpuint (pus->len, ==, 2);
  g_assert_cmpuint (g_array_index (pus, guint, 0) / 2, !=, g_array_index (pus, guint, 1) / 2);

  g_object_set (options, "placement", "none", NULL);
  get_highlighted (window, pus);
  g_assert_cmpuint (pus->len, ==, 0);
  destroy_window (window);
}

/* A new preset's form starts at its top, not where the last one was scrolled to (issue #18). */
static void
test_new_preset_scrolls_to_top (void)
{
  CsWindow *window = new_window ();
  CsRunPanel *panel = cs_window_get_run_panel (window);
  CsPresetList *list = cs_window_get_preset_list (window);
  GtkAdjustment *adjustment;
  GtkWidget *form;
  double bottom;

  /* short, so the form scrolls */
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 420);
  cs_window_show_page (window, "workload");
  g_assert_true (cs_preset_list_select (list, "cpu"));
  gtk_window_present (GTK_WINDOW (window));
  /* the form's page of the panel's stack (the empty page's status page scrolls too) */
  form = gtk_stack_get_child_by_name (
    GTK_STACK (cs_gui_test_find_widget (GTK_WIDGET (panel), cs_gui_test_is_type,
                                        GSIZE_TO_POINTER (GTK_TYPE_STACK))), "form");
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (form));
  for (guint i = 0; gtk_adjustment_get_upper (adjustment) <= 0; i++)
    {
      g_assert_cmpuint (i, <, 100);
      cs_gui_test_run_for (100);
    }
  bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  g_assert_cmpfloat (bottom, >, 100);
  gtk_adjustment_set_value (adjustment, bottom);
  cs_gui_test_run_for (100);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, bottom);

  g_assert_true (cs_preset_list_select (list, "mandelbrot"));
  cs_gui_test_run_for (300);
  g_assert_cmpstr (cs_run_panel_get_preset (panel)->name, ==, "mandelbrot");
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  destroy_window (window);
}

static void
test_settings_restored (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APPLICATION_ID);
  const char *modes[] = { "gil", NULL };
  const char *mode_options[] = { "gil:switch-interval=2ms", "gil:no-such-option=1",
                                 "no-such-mode:pool=persistent", NULL };
  const char *params[] = { "tasks=99", "no-such-param=1", NULL };
  const char *keys[] = { "last-preset", "last-params", "last-modes", "last-workers", "last-reps",
                         "last-scaling", "last-placement", "last-mode-options", "last-adaptive",
                         "last-timeout" };
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) saved = NULL;
  CsSweepConfig *config;
  CsWindow *window;
  CsRunPanel *panel;
  gboolean adaptive = TRUE;

  g_settings_set_string (settings, "last-preset", "cpu");
  g_settings_set_strv (settings, "last-params", params);
  g_settings_set_strv (settings, "last-modes", modes);
  g_settings_set_string (settings, "last-workers", "1,3");
  g_settings_set_uint (settings, "last-reps", 7);
  g_settings_set_string (settings, "last-scaling", "weak");
  g_settings_set_string (settings, "last-placement", "scatter");
  g_settings_set_strv (settings, "last-mode-options", mode_options);
  /* "Measure until sure" off (its default is on), so the restored repetitions count (#16) */
  g_settings_set_boolean (settings, "last-adaptive", FALSE);
  g_settings_set_uint (settings, "last-timeout", 7);

  window = new_window ();
  panel = cs_window_get_run_panel (window);
  g_object_get (cs_run_panel_get_sweep_options (panel), "adaptive", &adaptive, NULL);
  g_assert_false (adaptive);
  config = cs_run_panel_build_config (panel, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->preset, ==, "cpu");
  g_assert_cmpuint (config->n_modes, ==, 1);
  g_assert_cmpint (config->modes[0].mode, ==, CS_MODE_GIL);
  g_assert_cmpstr (cs_mode_config_get_option (&config->modes[0], "switch-interval"), ==, "2ms");
  g_assert_cmpuint (config->n_workers, ==, 2);
  g_assert_cmpuint (config->workers[1], ==, 3);
  g_assert_cmpuint (config->reps, ==, 7);
  g_assert_cmpfloat (config->precision, ==, 0);
  g_assert_cmpfloat (config->timeout_s, ==, 7);
  g_assert_cmpint (config->scaling, ==, CS_SCALING_WEAK);
  g_assert_cmpint (config->placement, ==, CS_PLACEMENT_SCATTER);
  g_assert_cmpint (cs_params_get_int (cs_run_panel_get_params (panel), "tasks"), ==, 99);
  cs_sweep_config_free (config);

  /* Changes in the form are written back. */
  cs_run_panel_set_param_text (panel, "tasks", "100");
  saved = g_settings_get_strv (settings, "last-params");
  g_assert_true (g_strv_contains ((const char *const *) saved, "tasks=100"));
  g_object_set (cs_run_panel_get_sweep_options (panel), "reps", 9, NULL);
  g_assert_cmpuint (g_settings_get_uint (settings, "last-reps"), ==, 9);
  g_object_set (cs_run_panel_get_sweep_options (panel), "adaptive", TRUE, "timeout", 30u, NULL);
  g_assert_true (g_settings_get_boolean (settings, "last-adaptive"));
  g_assert_cmpuint (g_settings_get_uint (settings, "last-timeout"), ==, 30);
  g_assert_true (cs_sweep_options_set_mode_option (cs_run_panel_get_sweep_options (panel),
                                                   CS_MODE_PROCESS, "start-method",
                                                   "forkserver"));
  g_clear_pointer (&saved, g_strfreev);
  saved = g_settings_get_strv (settings, "last-mode-options");
  g_assert_true (g_strv_contains ((const char *const *) saved,
                                  "process:start-method=forkserver"));

  destroy_window (window);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
}

int
main (int argc, char **argv)
{
  GTestDBus *bus;
  g_autoptr (GError) error = NULL;
  int status;

  bus = cs_gui_test_init (&argc, &argv);
  app = cs_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));

  g_test_add_func ("/run-panel/search", test_search);
  g_test_add_func ("/run-panel/search-action", test_search_action);
  g_test_add_func ("/run-panel/select-preset", test_select_preset);
  g_test_add_func ("/run-panel/invalid-value", test_invalid_value);
  g_test_add_func ("/run-panel/spin-and-config", test_spin_and_config);
  g_test_add_func ("/run-panel/placement-preview", test_placement_preview);
  g_test_add_func ("/run-panel/settings-restored", test_settings_restored);
  g_test_add_func ("/run-panel/new-preset-scrolls-to-top", test_new_preset_scrolls_to_top);
  status = g_test_run ();
  g_clear_object (&app);
  return cs_gui_test_finish (bus, status);
}
