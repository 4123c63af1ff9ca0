/* cs-application.c: the AdwApplication subclass: app actions, settings, the machine's topology
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "corescope-resources.h"
#include "cs-application.h"
#include "cs-preferences-window.h"
#include "cs-machine.h"
#include "cs-window.h"

struct _CsApplication
{
  AdwApplication parent_instance;

  CsSettings    *settings;
  CsTopology    *topology;
  GError        *topology_error;
  char          *topology_origin;
  GThread       *topology_loader; /* loads the three fields above, started at start-up */
  GtkWindow     *awaiting_topology; /* weak: the window shown before it was loaded */
  CsStallMonitor *stall_monitor;
  guint          sigint_source, sigterm_source;
};

G_DEFINE_FINAL_TYPE (CsApplication, cs_application, ADW_TYPE_APPLICATION)

/* ---- actions ----------------------------------------------------------------------------- */

static void
on_about (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  static const char *developers[] = { "The Corescope authors", NULL };
  AdwAboutWindow *about;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (app));
  adw_about_window_set_application_name (about, _("Corescope"));
  adw_about_window_set_application_icon (about, APPLICATION_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, _("The Corescope authors"));
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_comments (about, _("Threads or processes, and how many? Corescope "
                                          "measures how workloads scale on your machine."));
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  adw_about_window_set_copyright (about, "© 2026 The Corescope authors");
  /* Translators: put your names here, one per line */
  adw_about_window_set_translator_credits (about, _("translator-credits"));
  gtk_window_present (GTK_WINDOW (about));
}

static void
on_shortcuts (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  /* GtkApplicationWindow provides win.show-help-overlay from gtk/help-overlay.ui. */
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
on_preferences (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  CsApplication *self = CS_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  CsSettings *settings = cs_application_get_settings (self);
  CsPreferencesWindow *preferences;

  preferences = cs_preferences_window_new (parent, cs_settings_is_available (settings)
                                                   ? settings : NULL);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
on_quit (GSimpleAction *action, GVariant *parameter, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Closing the windows (instead of g_application_quit) lets them save their state. */
  for (GList *l = g_list_copy (windows), *next; l != NULL; l = next)
    {
      next = l->next;
      gtk_window_close (GTK_WINDOW (l->data));
      g_list_free_1 (l);
    }
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = on_about },
  { .name = "shortcuts", .activate = on_shortcuts },
  { .name = "preferences", .activate = on_preferences },
  { .name = "quit", .activate = on_quit },
};

static void
set_accels (GtkApplication *app)
{
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "window.close", { "<Control>w", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.run", { "<Control>Return", "<Control>KP_Enter", NULL } },
    { "win.cancel", { "Escape", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.open-fleet", { "<Control><Shift>o", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (app, accels[i].action, accels[i].accels);
}

/* ---- topology ---------------------------------------------------------------------------- */

static char *
describe_origin (CsTopology *topology, const char *synthetic)
{
  g_autoptr (CsMachine) machine = NULL;

  if (synthetic != NULL)
    /* Translators: the topology was not detected but described by the user */
    return g_strdup_printf (_("Synthetic topology “%s” (from %s)"), synthetic,
                            CS_TOPOLOGY_SYNTHETIC_ENV);
  machine = cs_machine_new_local (topology);
  if (machine == NULL)
    return g_strdup ("");
  return g_strdup_printf ("%s · %s · %s · %s", machine->hostname, machine->os_name,
                          machine->kernel, machine->arch);
}

static void
load_topology (CsApplication *self)
{
  const char *synthetic = g_getenv (CS_TOPOLOGY_SYNTHETIC_ENV);

  if (synthetic != NULL && *synthetic == '\0')
    synthetic = NULL;
  if (synthetic != NULL)
    self->topology = cs_topology_new_synthetic (synthetic, &self->topology_error);
  else
    self->topology = cs_topology_new_local (&self->topology_error);
  if (self->topology != NULL)
    self->topology_origin = describe_origin (self->topology, synthetic);
}

/* hwloc reads sysfs for every processing unit and cache: tens of milliseconds here, far more on a
 * large server. That is done once, in a thread started at start-up, so the window comes up
 * without waiting for it and is given the topology when it is there. Until the loader is
 * joined only it touches the topology fields; whoever needs the topology before it has
 * reported joins it (cs_application_get_topology: a sweep started in the first instants). */
static void
join_topology_loader (CsApplication *self)
{
  if (self->topology_loader != NULL)
    g_thread_join (g_steal_pointer (&self->topology_loader));
}

static void
give_topology (CsApplication *self, CsWindow *window)
{
  g_autoptr (GError) error = NULL;
  CsTopology *topology = cs_application_get_topology (self, &error);

  if (topology != NULL)
    cs_window_set_topology (window, topology, self->topology_origin);
  else
    cs_window_show_topology_error (window, error);
}

static gboolean
on_topology_loaded (gpointer data)
{
  CsApplication *self = data;

  join_topology_loader (self);
  if (self->awaiting_topology != NULL)
    {
      give_topology (self, CS_WINDOW (self->awaiting_topology));
      g_object_remove_weak_pointer (G_OBJECT (self->awaiting_topology),
                                    (gpointer *) &self->awaiting_topology);
      self->awaiting_topology = NULL;
    }
  return G_SOURCE_REMOVE;
}

static gpointer
load_then_report (gpointer data)
{
  CsApplication *self = data;

  load_topology (self);
  g_idle_add_full (G_PRIORITY_DEFAULT, on_topology_loaded, self, g_object_unref);
  return NULL;
}

static void
start_loading_topology (CsApplication *self)
{
  self->topology_loader = g_thread_new ("corescope-topology", load_then_report,
                                        g_object_ref (self));
}

CsTopology *
cs_application_get_topology (CsApplication *self, GError **error)
{
  g_return_val_if_fail (CS_IS_APPLICATION (self), NULL);

  join_topology_loader (self);
  if (self->topology == NULL && self->topology_error == NULL)
    load_topology (self);
  if (self->topology == NULL)
    {
      g_propagate_error (error, g_error_copy (self->topology_error));
      return NULL;
    }
  return self->topology;
}

const char *
cs_application_get_topology_origin (CsApplication *self)
{
  g_return_val_if_fail (CS_IS_APPLICATION (self), NULL);
  return self->topology_origin;
}

/* CORESCOPE_AUTORUN: see "auto-run" below. */
#define CS_AUTORUN_ENV "CORESCOPE_AUTORUN"

static gboolean
autorun_wanted (void)
{
  const char *preset = g_getenv (CS_AUTORUN_ENV);

  return preset != NULL && *preset != '\0';
}

CsSettings *
cs_application_get_settings (CsApplication *self)
{
  g_return_val_if_fail (CS_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    self->settings = autorun_wanted () ? cs_settings_new_scratch () : cs_settings_new ();
  return self->settings;
}

/* Ctrl+C in the terminal (or SIGTERM) closes the windows like app.quit, so settings are saved
 * and the diagnostics report is printed. */
static gboolean
on_quit_signal (gpointer data)
{
  g_action_group_activate_action (G_ACTION_GROUP (data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

/* ---- diagnostics ------------------------------------------------------------------------- */

#define STALL_BEAT_MS 10

static gboolean
diagnostics_enabled (const char *what)
{
  const char *value = g_getenv (CS_DIAGNOSTICS_ENV);
  g_auto (GStrv) items = value != NULL ? g_strsplit (value, ",", -1) : NULL;

  return items != NULL && g_strv_contains ((const char *const *) items, what);
}

CsStallMonitor *
cs_application_get_stall_monitor (CsApplication *self)
{
  g_return_val_if_fail (CS_IS_APPLICATION (self), NULL);
  return self->stall_monitor;
}

static void
print_stall_report (CsApplication *self)
{
  g_autofree char *report = NULL;

  if (self->stall_monitor == NULL)
    return;
  report = cs_stall_monitor_format_report (self->stall_monitor);
  g_printerr ("corescope: %s\n", report);
}

/* ---- auto-run (benchmarks) --------------------------------------------------------------- */

/* CORESCOPE_AUTORUN=<preset> (or 1 for cpu) starts a sweep of the preset's default modes (as
 * corescope run) at 2 × PUs workers as soon as the window is up (CORESCOPE_AUTORUN_WORKERS
 * overrides the worker list, CORESCOPE_AUTORUN_MODES="thread,process" the modes,
 * CORESCOPE_AUTORUN_REPS a fixed number of repetitions instead of measuring until sure), and
 * quits when it is over unless
 * CORESCOPE_AUTORUN_QUIT=0: build-aux/bench-responsiveness.sh measures the main loop during it,
 * build-aux/app-screenshots.sh takes pictures after it. */

/* CORESCOPE_AUTORUN_TOUR=<ms>: once the sweep is over, show every view for that long, print
 * "tour: <view>" on stdout when it is on screen, then quit (for screenshots). */
static const char *const tour_views[] = {
  "results/speedup", "results/efficiency", "results/time", "results/throughput",
  "results/overhead", "results/table", "results/summary", "topology", "workload",
  /* History ticks its two newest results; the comparison is then on the Results page. */
  "history", "results/compare", "results/speedup=compare-chart",
  NULL
};

static void
tick_newest (CsHistoryPanel *panel)
{
  guint n = cs_history_panel_get_n_entries (panel);

  for (guint i = 0; i < MIN (n, 2); i++)
    cs_history_panel_set_compared (panel, cs_history_panel_get_entry (panel, i)->path, TRUE);
}

typedef struct
{
  CsWindow *window;
  guint     next;
  gboolean  announce;
  guint     skip;      /* steps to wait first */
} Tour;

static gboolean
tour_step (gpointer data)
{
  Tour *tour = data;
  const char *view = tour_views[tour->next];
  g_auto (GStrv) parts = NULL;

  if (view == NULL)
    {
      g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (tour->window))));
      return G_SOURCE_REMOVE;
    }
  if (tour->skip > 0)
    {
      tour->skip--;
      return G_SOURCE_CONTINUE;
    }
  /* Even steps switch, odd steps (half a period later, once drawn) announce the view. */
  if (tour->announce)
    {
      const char *name = strchr (view, '=');

      g_print ("tour: %s\n", name != NULL ? name + 1 : view);
      tour->next++;
      tour->announce = FALSE;
      return G_SOURCE_CONTINUE;
    }
  parts = g_strsplit_set (view, "/=", 3);
  cs_window_show_page (tour->window, parts[0]);
  if (parts[1] != NULL)
    cs_results_view_show_view (cs_window_get_results_view (tour->window), parts[1]);
  if (g_str_equal (parts[0], "history"))
    tick_newest (cs_window_get_history_panel (tour->window));
  tour->announce = TRUE;
  return G_SOURCE_CONTINUE;
}

/* CORESCOPE_AUTORUN_EXPORT=<file>: once the sweep is over, Export… writes the chart on screen
 * there (by its extension), to set next to a screenshot of the same chart. */
static void
export_when_over (CsWindow *window)
{
  const char *path = g_getenv ("CORESCOPE_AUTORUN_EXPORT");
  g_autoptr (GFile) file = NULL;

  if (path == NULL || *path == '\0')
    return;
  file = g_file_new_for_commandline_arg (path);
  cs_window_export (window, file, NULL, NULL);
}

static void
on_autorun_over (CsWindow *window)
{
  const char *period = g_getenv ("CORESCOPE_AUTORUN_TOUR");
  guint half;
  Tour *tour;

  if (cs_window_is_running (window))
    return;
  export_when_over (window);
  if (period == NULL)
    return;
  half = MAX (200, atoi (period)) / 2;

  tour = g_new0 (Tour, 1);
  tour->window = window;
  /* The first step comes after the "Sweep finished" toast is gone (5 s). */
  tour->skip = 5500 / half;
  g_timeout_add_full (G_PRIORITY_DEFAULT, half, tour_step, tour, g_free);
}

/* CORESCOPE_AUTORUN_PARAMS="file=job.py,function=work,tasks=16": a comma starts a new
 * assignment only when what follows has a '=' of its own, so "args=[1,2,3]" stays whole. */
static GStrv
autorun_params (void)
{
  const char *text = g_getenv (CS_AUTORUN_ENV "_PARAMS");
  g_auto (GStrv) pieces = text != NULL && *text != '\0' ? g_strsplit (text, ",", -1) : NULL;
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr (GString) current = NULL;

  for (guint i = 0; pieces != NULL && pieces[i] != NULL; i++)
    {
      if (current != NULL && strchr (pieces[i], '=') == NULL)
        {
          g_string_append_printf (current, ",%s", pieces[i]);
          continue;
        }
      if (current != NULL)
        g_strv_builder_add (builder, current->str);
      if (current != NULL)
        g_string_free (g_steal_pointer (&current), TRUE);
      current = g_string_new (pieces[i]);
    }
  if (current != NULL)
    g_strv_builder_add (builder, current->str);
  return g_strv_builder_end (builder);
}

static gboolean
autorun (gpointer data)
{
  CsWindow *window = data;
  const char *preset = g_getenv (CS_AUTORUN_ENV);
  const char *workers = g_getenv (CS_AUTORUN_ENV "_WORKERS");
  g_autofree char *twice = g_strdup_printf ("%u", 2 * g_get_num_processors ());
  g_auto (GStrv) params = autorun_params ();
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (preset, "1") == 0)
    preset = "cpu";
  if (g_getenv (CS_AUTORUN_ENV "_REPS") != NULL)
    g_object_set (cs_run_panel_get_sweep_options (cs_window_get_run_panel (window)), "reps",
                  (guint) CLAMP (atoi (g_getenv (CS_AUTORUN_ENV "_REPS")), 1, 100),
                  "adaptive", FALSE, NULL);
  if (!cs_window_autorun (window, preset, (const char *const *) params,
                          workers != NULL ? workers : twice,
                          g_getenv (CS_AUTORUN_ENV "_MODES"),
                          g_strcmp0 (g_getenv (CS_AUTORUN_ENV "_QUIT"), "0") != 0
                            && g_getenv (CS_AUTORUN_ENV "_TOUR") == NULL, &error))
    {
      g_printerr ("corescope: %s: %s\n", CS_AUTORUN_ENV, error->message);
      g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (window))));
      return G_SOURCE_REMOVE;
    }
  g_signal_connect (window, "notify::running", G_CALLBACK (on_autorun_over), NULL);
  return G_SOURCE_REMOVE;
}

/* ---- life cycle -------------------------------------------------------------------------- */

static void
cs_application_startup (GApplication *app)
{
  G_APPLICATION_CLASS (cs_application_parent_class)->startup (app);
  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);
  set_accels (GTK_APPLICATION (app));
  cs_settings_apply_style (cs_application_get_settings (CS_APPLICATION (app)),
                           G_OBJECT (adw_style_manager_get_default ()));
  start_loading_topology (CS_APPLICATION (app));
  CS_APPLICATION (app)->sigint_source = g_unix_signal_add (SIGINT, on_quit_signal, app);
  CS_APPLICATION (app)->sigterm_source = g_unix_signal_add (SIGTERM, on_quit_signal, app);
  if (diagnostics_enabled ("stalls"))
    {
      CsStallMonitor *monitor = cs_stall_monitor_new (STALL_BEAT_MS);

      /* Start-up (loading fonts, building the first frame) is not what users wait for; the
       * window starts the recording once it is up. */
      cs_stall_monitor_set_recording (monitor, FALSE);
      CS_APPLICATION (app)->stall_monitor = monitor;
    }
}

static gboolean
start_recording_stalls (gpointer data)
{
  CsApplication *self = data;

  if (self->stall_monitor != NULL)
    cs_stall_monitor_set_recording (self->stall_monitor, TRUE);
  return G_SOURCE_REMOVE;
}

static void
cs_application_shutdown (GApplication *app)
{
  CsApplication *self = CS_APPLICATION (app);

  print_stall_report (self);
  join_topology_loader (self);
  if (self->awaiting_topology != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->awaiting_topology),
                                  (gpointer *) &self->awaiting_topology);
  self->awaiting_topology = NULL;
  g_clear_pointer (&self->stall_monitor, cs_stall_monitor_free);
  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);
  G_APPLICATION_CLASS (cs_application_parent_class)->shutdown (app);
}

static void
cs_application_activate (GApplication *app)
{
  CsApplication *self = CS_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      window = GTK_WINDOW (cs_window_new (self));
      cs_settings_bind_window_state (cs_application_get_settings (self), window);
      if (self->topology_loader != NULL && self->awaiting_topology == NULL)
        {
          self->awaiting_topology = window;
          g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->awaiting_topology);
        }
      else
        give_topology (self, CS_WINDOW (window));
    }
  gtk_window_present (window);
  if (autorun_wanted ())
    g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, 1, autorun, g_object_ref (window),
                                g_object_unref);
  if (self->stall_monitor != NULL)
    g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, 1, start_recording_stalls,
                                g_object_ref (self), g_object_unref);
}

/* `corescope RESULT.json` shows a result, `corescope FLEET-DIR` overlays a fleet folder's
 * machines, as Open… and Open Fleet Folder… do: read in threads, errors in toasts. Telling a
 * folder from a file is one stat of a path the user typed. */
/* Several result files on the command line are compared, as ticking them in History does. */
typedef struct
{
  CsWindow  *window;
  GPtrArray *results; /* CsResult*, in the order they loaded */
  guint      pending;
} OpenMany;

static void
on_one_of_many_opened (GObject *source, GAsyncResult *res, gpointer data)
{
  OpenMany *many = data;

  if (res != NULL && cs_window_open_result_file_finish (many->window, res, NULL))
    g_ptr_array_add (many->results, cs_result_copy (cs_window_get_result (many->window)));
  if (--many->pending > 0)
    return;
  if (many->results->len >= 2)
    cs_window_set_compared (many->window, many->results);
  g_ptr_array_unref (many->results);
  g_object_unref (many->window);
  g_free (many);
}

static void
cs_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  CsWindow *window;
  OpenMany *many;

  g_application_activate (app);
  window = CS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  many = g_new0 (OpenMany, 1);
  many->window = g_object_ref (window);
  many->results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  many->pending = 1; /* released below, once every file is asked for */
  for (int i = 0; i < n_files; i++)
    {
      if (g_file_query_file_type (files[i], G_FILE_QUERY_INFO_NONE, NULL) ==
          G_FILE_TYPE_DIRECTORY)
        cs_window_open_fleet_folder (window, files[i], NULL, NULL);
      else
        {
          many->pending++;
          cs_window_open_result_file (window, files[i], on_one_of_many_opened, many);
        }
    }
  on_one_of_many_opened (NULL, NULL, many);
}

static void
cs_application_finalize (GObject *object)
{
  CsApplication *self = CS_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->stall_monitor, cs_stall_monitor_free);
  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);
  g_clear_pointer (&self->topology, cs_topology_unref);
  g_clear_error (&self->topology_error);
  g_free (self->topology_origin);
  G_OBJECT_CLASS (cs_application_parent_class)->finalize (object);
}

static void
cs_application_class_init (CsApplicationClass *klass)
{
  /* The resource bundle lives in a static library; referencing it keeps the linker from
   * dropping it (and the constructor that registers it) from programs such as the tests. */
  g_assert (corescope_get_resource () != NULL);
  G_OBJECT_CLASS (klass)->finalize = cs_application_finalize;
  G_APPLICATION_CLASS (klass)->startup = cs_application_startup;
  G_APPLICATION_CLASS (klass)->shutdown = cs_application_shutdown;
  G_APPLICATION_CLASS (klass)->activate = cs_application_activate;
  G_APPLICATION_CLASS (klass)->open = cs_application_open;
}

static void
cs_application_init (CsApplication *self)
{
}

CsApplication *
cs_application_new (void)
{
  return g_object_new (CS_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", "/io/github/corescope/Corescope",
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}
