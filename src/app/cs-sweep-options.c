/* cs-sweep-options.c: the form part that says how a sweep runs (modes, workers, repetitions...)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-backend.h"
#include "cs-param-form.h"
#include "cs-sweep-options.h"
#include "cs-sweep.h"

/* The modes come from the backend registry: one row with a check button per backend, and for
 * each checked backend that has options, an expander row with its options' form (CsParamForm).
 * A backend that cannot run here (no free-threaded interpreter, no Open MPI) is shown
 * insensitive with the reason; finding that out may start an interpreter, so it is done once,
 * in a thread. */
typedef struct
{
  const CsBackend *backend;
  GtkWidget       *row;       /* AdwActionRow in the modes expander */
  GtkCheckButton  *check;
  GtkWidget       *options;   /* AdwExpanderRow with the option rows; NULL: no options */
  CsParamForm     *form;      /* NULL: no options */
  char            *unavailable; /* why not, once known; NULL: available (or not known yet) */
  char            *unsupported; /* why it cannot run the preset; NULL: it can */
} ModeEntry;

struct _CsSweepOptions
{
  AdwPreferencesGroup parent_instance;

  AdwExpanderRow  *modes_row;
  AdwComboRow     *workers_row;
  AdwEntryRow     *custom_workers_row;
  GtkSwitch       *adaptive_switch;
  GtkSpinButton   *reps_spin;
  GtkSpinButton   *warmup_spin;
  GtkSpinButton   *timeout_spin;
  AdwComboRow     *scaling_row;
  AdwComboRow     *placement_row;

  ModeEntry       *modes;         /* one per backend, in registry order */
  const CsPreset  *preset;        /* what the modes must run; NULL: none chosen yet */
  guint            n_modes;
  GCancellable    *cancellable;   /* the availability check */
  GPtrArray       *worker_specs;  /* char*, one per workers_row item; NULL entry: custom */
  gboolean         workers_set;   /* the worker list was set (restored), not defaulted */
  char            *error;         /* why the options are invalid; NULL when valid */
};

G_DEFINE_FINAL_TYPE (CsSweepOptions, cs_sweep_options, ADW_TYPE_PREFERENCES_GROUP)

/* Besides "valid", every option is a property named after what it holds, so that CsSettings
 * can bind them to the keys that remember the last sweep. */
enum {
  PROP_0,
  PROP_VALID,
  PROP_MODES,
  PROP_WORKERS,
  PROP_REPS,
  PROP_WARMUP,
  PROP_TIMEOUT,
  PROP_SCALING,
  PROP_PLACEMENT,
  PROP_MODE_OPTIONS,
  PROP_ADAPTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A combo row without a selection (GTK_INVALID_LIST_POSITION) reads as its first item, so the
 * enumerations never see an out-of-range value. */
static int
combo_value (AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  return selected == GTK_INVALID_LIST_POSITION ? 0 : (int) selected;
}

/* ---- worker counts ----------------------------------------------------------------------- */

static char *
powers_of_two (guint max)
{
  GString *spec = g_string_new ("1");

  for (guint n = 2; n <= max; n *= 2)
    g_string_append_printf (spec, ",%u", n);
  return g_string_free (spec, FALSE);
}

static void
add_worker_choice (CsSweepOptions *self, GtkStringList *labels, char *label, char *spec)
{
  gtk_string_list_append (labels, label);
  g_ptr_array_add (self->worker_specs, spec);
  g_free (label);
}

/* Ranges the issue asks for: 1..cores, 1..PUs, 1..2×PUs, powers of two, or a custom list. */
static void
fill_worker_choices (CsSweepOptions *self, guint cores, guint pus)
{
  g_autoptr (GtkStringList) labels = gtk_string_list_new (NULL);

  g_ptr_array_set_size (self->worker_specs, 0);
  add_worker_choice (self, labels, g_strdup_printf (_("1 to %u (cores)"), cores),
                     g_strdup_printf ("1-%u", cores));
  if (pus != cores)
    add_worker_choice (self, labels, g_strdup_printf (_("1 to %u (threads)"), pus),
                       g_strdup_printf ("1-%u", pus));
  add_worker_choice (self, labels, g_strdup_printf (_("1 to %u (2 × threads)"), 2 * pus),
                     g_strdup_printf ("1-%u", 2 * pus));
  add_worker_choice (self, labels, g_strdup_printf (_("Powers of two to %u"), 2 * pus),
                     powers_of_two (2 * pus));
  add_worker_choice (self, labels, g_strdup (_("Custom…")), NULL);
  adw_combo_row_set_model (self->workers_row, G_LIST_MODEL (labels));
  /* Default: a short sweep that still shows what oversubscription does. */
  adw_combo_row_set_selected (self->workers_row, self->worker_specs->len - 3);
}


static const char *
selected_worker_spec (CsSweepOptions *self)
{
  guint selected = adw_combo_row_get_selected (self->workers_row);

  if (selected >= self->worker_specs->len)
    return NULL;
  if (g_ptr_array_index (self->worker_specs, selected) == NULL)
    return gtk_editable_get_text (GTK_EDITABLE (self->custom_workers_row));
  return g_ptr_array_index (self->worker_specs, selected);
}

static gboolean
is_custom (CsSweepOptions *self)
{
  guint selected = adw_combo_row_get_selected (self->workers_row);

  return selected < self->worker_specs->len
         && g_ptr_array_index (self->worker_specs, selected) == NULL;
}

static void set_workers_spec (CsSweepOptions *self, const char *spec);

void
cs_sweep_options_set_topology (CsSweepOptions *self, CsTopology *topology)
{
  guint pus = topology != NULL ? cs_topology_get_n_pus (topology) : g_get_num_processors ();
  guint cores = topology != NULL ? cs_topology_get_n_cores (topology) : pus;

  g_autofree char *kept = NULL;

  g_return_if_fail (CS_IS_SWEEP_OPTIONS (self));
  /* A list the user chose (or settings restored) survives; a default follows the machine. */
  if (self->workers_set)
    kept = g_strdup (selected_worker_spec (self));
  fill_worker_choices (self, MAX (cores, 1), MAX (pus, 1));
  if (kept != NULL)
    set_workers_spec (self, kept);
}

/* ---- modes ------------------------------------------------------------------------------- */

static void on_changed (CsSweepOptions *self);

static gboolean
may_tick (const ModeEntry *m)
{
  return m->unsupported == NULL && m->unavailable == NULL && !m->backend->opt_in;
}

/* Insensitive, with the reason as its subtitle, when the mode cannot run here or cannot run
 * the preset. */
static void
update_mode_row (ModeEntry *m)
{
  g_autofree char *subtitle = NULL;

  if (m->unavailable != NULL)
    /* Translators: "Unavailable here: python3.13t not found" */
    subtitle = g_strdup_printf (_("Unavailable here: %s"), m->unavailable);
  else if (m->unsupported != NULL)
    /* Translators: "Not for this preset: thread: preset 'python-callable' runs Python..." */
    subtitle = g_strdup_printf (_("Not for this preset: %s"), m->unsupported);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (m->row),
                               subtitle != NULL ? subtitle : _(m->backend->description));
  if (subtitle != NULL)
    gtk_check_button_set_active (m->check, FALSE);
  gtk_widget_set_sensitive (m->row, subtitle == NULL);
}

/* Ticks the modes every backend declares on by default for the preset (NULL: a new sweep's),
 * the rule of the command line and the autorun too (cs_backends_get_default_modes), among
 * those that can run here. Each preset's last form is restored over this (cs-run-panel.c). */
static void
tick_defaults (CsSweepOptions *self)
{
  g_autoptr (CsSweepConfig) fresh = cs_sweep_config_new ();
  const CsPreset *preset = self->preset;
  CsMode modes[CS_MAX_MODES];
  gboolean enabled[CS_MAX_MODES] = { FALSE };
  guint n;

  if (preset == NULL)
    preset = cs_presets_lookup (fresh->preset, NULL);
  n = preset != NULL ? cs_backends_get_default_modes (preset, modes) : 0;
  for (guint i = 0; i < n; i++)
    enabled[modes[i]] = TRUE;
  for (CsMode mode = 0; mode < self->n_modes; mode++)
    gtk_check_button_set_active (self->modes[mode].check,
                                 enabled[mode] && may_tick (&self->modes[mode]));
}

void
cs_sweep_options_set_preset (CsSweepOptions *self, const CsPreset *preset)
{
  g_return_if_fail (CS_IS_SWEEP_OPTIONS (self));

  self->preset = preset;
  for (guint i = 0; i < self->n_modes; i++)
    {
      ModeEntry *m = &self->modes[i];
      g_autoptr (GError) error = NULL;

      g_clear_pointer (&m->unsupported, g_free);
      if (preset != NULL && !cs_backend_supports (m->backend, preset, &error))
        m->unsupported = g_strdup (error->message);
      update_mode_row (m);
    }
  tick_defaults (self);
}

static void
add_mode_row (CsSweepOptions *self, ModeEntry *m)
{
  GtkWidget *check = gtk_check_button_new ();

  m->row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (m->row), _(m->backend->label));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (m->row), _(m->backend->description));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(m->backend->label), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (m->row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (m->row), check);
  m->check = GTK_CHECK_BUTTON (check);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (on_changed), self);
  adw_expander_row_add_row (self->modes_row, m->row);
}

/* "Processes: options", with the rows of the backend's options, after the template's rows. */
static void
add_mode_options (CsSweepOptions *self, ModeEntry *m)
{
  g_autoptr (CsParams) defaults = cs_backend_options_new (m->backend);
  g_autofree char *title = NULL;

  if (m->backend->n_options == 0)
    return;
  m->form = cs_param_form_new (defaults);
  m->options = adw_expander_row_new ();
  /* Translators: "Processes: options" */
  title = g_strdup_printf (_("%s: options"), _(m->backend->label));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (m->options), title);
  for (guint i = 0; i < cs_param_form_get_n_rows (m->form); i++)
    adw_expander_row_add_row (ADW_EXPANDER_ROW (m->options), cs_param_form_get_row (m->form, i));
  g_signal_connect_swapped (m->form, "changed", G_CALLBACK (on_changed), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), m->options);
}

static void
build_modes (CsSweepOptions *self)
{
  const CsBackend *const *backends = cs_backends_get_all (&self->n_modes);

  self->modes = g_new0 (ModeEntry, self->n_modes);
  for (guint i = 0; i < self->n_modes; i++)
    {
      self->modes[i].backend = backends[i];
      add_mode_row (self, &self->modes[i]);
      add_mode_options (self, &self->modes[i]);
    }
  tick_defaults (self);
}

/* Runs in a thread: each backend's reason for not running here, or NULL. */
static void
check_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  guint n;
  const CsBackend *const *backends = cs_backends_get_all (&n);
  char **reasons = g_new0 (char *, n + 1);

  for (guint i = 0; i < n && !g_cancellable_is_cancelled (cancellable); i++)
    reasons[i] = cs_backend_check_available (backends[i], NULL);
  g_task_return_pointer (task, reasons, (GDestroyNotify) g_strfreev);
}

static void
show_unavailable (ModeEntry *m, char *reason)
{
  m->unavailable = reason;
  if (reason != NULL)
    update_mode_row (m);
}

static void
on_checked (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr (GError) error = NULL;
  char **reasons = g_task_propagate_pointer (G_TASK (result), &error);
  CsSweepOptions *self = data;
  guint n;

  cs_backends_get_all (&n);
  if (reasons == NULL)
    return; /* cancelled: the widget is gone */
  for (guint i = 0; i < n; i++)
    show_unavailable (&self->modes[i], reasons[i]);
  g_free (reasons);
  on_changed (self);
}

static void
check_availability (CsSweepOptions *self)
{
  g_autoptr (GTask) task = NULL;

  self->cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->cancellable, on_checked, self);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, check_in_thread);
}

/* ---- validation -------------------------------------------------------------------------- */

static guint
collect_modes (CsSweepOptions *self, CsMode modes[CS_MAX_MODES])
{
  guint n = 0;

  for (guint i = 0; i < self->n_modes; i++)
    if (gtk_check_button_get_active (self->modes[i].check))
      modes[n++] = cs_backend_get_mode (self->modes[i].backend);
  return n;
}

/* The first invalid option of a chosen mode: "Processes: Start method: ..." */
static char *
check_mode_options (CsSweepOptions *self)
{
  for (guint i = 0; i < self->n_modes; i++)
    {
      const ModeEntry *m = &self->modes[i];
      const char *label = NULL, *error;

      if (m->form == NULL || !gtk_check_button_get_active (m->check))
        continue;
      if ((error = cs_param_form_get_first_error (m->form, &label)) != NULL)
        return g_strdup_printf ("%s: %s: %s", _(m->backend->label), label, error);
    }
  return NULL;
}

static char *
check_workers (CsSweepOptions *self)
{
  g_autofree guint *workers = NULL;
  g_autoptr (GError) error = NULL;
  guint n_workers = 0;

  if (!cs_parse_worker_list (selected_worker_spec (self), &workers, &n_workers, &error))
    return g_strdup (error->message);
  return NULL;
}

static void
set_row_error (GtkWidget *row, gboolean error)
{
  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

/* "thread, gil, process", or why none will do. */
static void
update_modes_subtitle (CsSweepOptions *self, gboolean no_mode)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < self->n_modes; i++)
    if (gtk_check_button_get_active (self->modes[i].check))
      g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "",
                              self->modes[i].backend->name);
  adw_expander_row_set_subtitle (self->modes_row, no_mode ? self->error : names->str);
  set_row_error (GTK_WIDGET (self->modes_row), no_mode);
}

static void
update_validity (CsSweepOptions *self)
{
  CsMode modes[CS_MAX_MODES];
  g_autofree char *workers_error = check_workers (self);
  g_autofree char *options_error = check_mode_options (self);
  gboolean was_valid = self->error == NULL;
  gboolean no_mode = collect_modes (self, modes) == 0;

  g_clear_pointer (&self->error, g_free);
  if (no_mode)
    self->error = g_strdup (_("Choose at least one mode to compare."));
  else if (workers_error != NULL)
    self->error = g_strdup_printf (_("Worker counts: %s"), workers_error);
  else if (options_error != NULL)
    self->error = g_steal_pointer (&options_error);

  update_modes_subtitle (self, no_mode);
  set_row_error (GTK_WIDGET (self->modes_row), no_mode);
  set_row_error (GTK_WIDGET (self->custom_workers_row), workers_error != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->custom_workers_row), workers_error);
  if (was_valid != (self->error == NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

static void
on_changed (CsSweepOptions *self)
{
  if (self->worker_specs == NULL || self->modes == NULL)
    return; /* still building */
  gtk_widget_set_visible (GTK_WIDGET (self->custom_workers_row), is_custom (self));
  for (guint i = 0; i < self->n_modes; i++)
    if (self->modes[i].options != NULL)
      gtk_widget_set_visible (self->modes[i].options,
                              gtk_check_button_get_active (self->modes[i].check));
  update_validity (self);
  g_object_freeze_notify (G_OBJECT (self));
  for (guint prop = PROP_MODES; prop < N_PROPS; prop++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

gboolean
cs_sweep_options_is_valid (CsSweepOptions *self)
{
  g_return_val_if_fail (CS_IS_SWEEP_OPTIONS (self), FALSE);
  return self->error == NULL;
}

const char *
cs_sweep_options_get_error (CsSweepOptions *self)
{
  g_return_val_if_fail (CS_IS_SWEEP_OPTIONS (self), NULL);
  return self->error;
}

void
cs_sweep_options_set_mode_enabled (CsSweepOptions *self, CsMode mode, gboolean enabled)
{
  g_return_if_fail (CS_IS_SWEEP_OPTIONS (self));
  g_return_if_fail (mode < self->n_modes);
  gtk_check_button_set_active (self->modes[mode].check, enabled);
}

gboolean
cs_sweep_options_set_mode_option (CsSweepOptions *self, CsMode mode, const char *name,
                                  const char *value)
{
  g_return_val_if_fail (CS_IS_SWEEP_OPTIONS (self), FALSE);
  g_return_val_if_fail (mode < self->n_modes, FALSE);
  return self->modes[mode].form != NULL
         && cs_param_form_set_text (self->modes[mode].form, name, value);
}

const char *
cs_sweep_options_get_unavailable (CsSweepOptions *self, CsMode mode)
{
  g_return_val_if_fail (CS_IS_SWEEP_OPTIONS (self), NULL);
  g_return_val_if_fail (mode < self->n_modes, NULL);
  return self->modes[mode].unavailable;
}

const char *
cs_sweep_options_get_unsupported (CsSweepOptions *self, CsMode mode)
{
  g_return_val_if_fail (CS_IS_SWEEP_OPTIONS (self), NULL);
  g_return_val_if_fail (mode < self->n_modes, NULL);
  return self->modes[mode].unsupported;
}

void
cs_sweep_options_set_custom_workers (CsSweepOptions *self, const char *text)
{
  g_return_if_fail (CS_IS_SWEEP_OPTIONS (self));
  adw_combo_row_set_selected (self->workers_row, self->worker_specs->len - 1);
  gtk_editable_set_text (GTK_EDITABLE (self->custom_workers_row), text);
  on_changed (self);
}

/* ---- configuration ----------------------------------------------------------------------- */

gboolean
cs_sweep_options_fill_config (CsSweepOptions *self, CsSweepConfig *config, GError **error)
{
  CsMode modes[CS_MAX_MODES];
  g_autofree guint *workers = NULL;
  guint n_workers = 0;
  guint n_modes;

  g_return_val_if_fail (CS_IS_SWEEP_OPTIONS (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  n_modes = collect_modes (self, modes);
  if (self->error != NULL || n_modes == 0
      || !cs_parse_worker_list (selected_worker_spec (self), &workers, &n_workers, NULL))
    {
      g_set_error_literal (error, CS_SWEEP_ERROR, CS_SWEEP_ERROR_CONFIG,
                           self->error != NULL ? self->error : _("Invalid sweep options"));
      return FALSE;
    }
  cs_sweep_config_set_modes (config, modes, n_modes);
  for (guint i = 0; i < n_modes; i++)
    if (self->modes[modes[i]].form != NULL)
      {
        g_strfreev (config->modes[i].options);
        config->modes[i].options =
          cs_params_to_strv (cs_param_form_get_params (self->modes[modes[i]].form));
      }
  g_free (config->workers);
  config->workers = g_steal_pointer (&workers);
  config->n_workers = n_workers;
  config->reps = gtk_spin_button_get_value_as_int (self->reps_spin);
  config->precision = 0;
  if (gtk_switch_get_active (self->adaptive_switch))
    {
      config->reps = CS_SWEEP_ADAPTIVE_MIN_REPS;
      config->precision = CS_SWEEP_DEFAULT_PRECISION;
      config->max_time_s = CS_SWEEP_DEFAULT_MAX_TIME_S;
    }
  config->warmup = gtk_spin_button_get_value_as_int (self->warmup_spin);
  /* As the CLI's --timeout: a run that takes longer fails with the reason, the sweep goes on. */
  config->timeout_s = gtk_spin_button_get_value_as_int (self->timeout_spin);
  /* The combo rows list their items in the enumerations' order. */
  config->scaling = combo_value (self->scaling_row);
  config->placement = combo_value (self->placement_row);
  return TRUE;
}

/* ---- properties -------------------------------------------------------------------------- */

static void
set_workers_spec (CsSweepOptions *self, const char *spec)
{
  guint custom = self->worker_specs->len - 1;

  self->workers_set = TRUE;
  for (guint i = 0; i < custom; i++)
    if (g_str_equal (g_ptr_array_index (self->worker_specs, i), spec))
      {
        adw_combo_row_set_selected (self->workers_row, i);
        return;
      }
  gtk_editable_set_text (GTK_EDITABLE (self->custom_workers_row), spec);
  adw_combo_row_set_selected (self->workers_row, custom);
}

static GStrv
get_mode_names (CsSweepOptions *self)
{
  CsMode modes[CS_MAX_MODES];
  guint n = collect_modes (self, modes);
  GStrv names = g_new0 (char *, n + 1);

  for (guint i = 0; i < n; i++)
    names[i] = g_strdup (cs_mode_to_string (modes[i]));
  return names;
}

static void
set_mode_names (CsSweepOptions *self, const char *const *names)
{
  gboolean enabled[CS_MAX_MODES] = { FALSE };
  CsMode mode;

  guint n = 0;

  /* Modes remembered for another preset may not run this one: those are left out, and when
   * none is left the preset's defaults stay. */
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (cs_mode_from_string (names[i], &mode) && mode < self->n_modes
        && self->modes[mode].unsupported == NULL && self->modes[mode].unavailable == NULL)
      enabled[mode] = TRUE, n++;
  if (n == 0)
    return;
  for (mode = 0; mode < self->n_modes; mode++)
    cs_sweep_options_set_mode_enabled (self, mode, enabled[mode]);
}

/* Every mode's options as "mode:name=value", checked or not: settings remember them all. */
static GStrv
get_mode_options (CsSweepOptions *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < self->n_modes; i++)
    {
      g_auto (GStrv) options = NULL;

      if (self->modes[i].form == NULL)
        continue;
      options = cs_params_to_strv (cs_param_form_get_params (self->modes[i].form));
      for (guint k = 0; options[k] != NULL; k++)
        {
          g_autofree char *item = g_strdup_printf ("%s:%s", self->modes[i].backend->name,
                                                   options[k]);
          g_strv_builder_add (builder, item);
        }
    }
  return g_strv_builder_end (builder);
}

/* Values for modes or options this build does not have are ignored. */
static void
set_mode_options (CsSweepOptions *self, const char *const *options)
{
  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    {
      const char *colon = strchr (options[i], ':'), *eq = colon ? strchr (colon, '=') : NULL;
      g_autofree char *mode_name = colon ? g_strndup (options[i], colon - options[i]) : NULL;
      g_autofree char *name = eq ? g_strndup (colon + 1, eq - colon - 1) : NULL;
      CsMode mode;

      if (name != NULL && cs_mode_from_string (mode_name, &mode) && mode < self->n_modes)
        cs_sweep_options_set_mode_option (self, mode, name, eq + 1);
    }
}

/* Combo rows list the enumerations in order, so the selected index is the value. */
static void
select_parsed (AdwComboRow *row, gboolean parsed, int value)
{
  if (parsed)
    adw_combo_row_set_selected (row, value);
}

static void
cs_sweep_options_get_property (GObject *object, guint prop_id, GValue *value,
                               GParamSpec *pspec)
{
  CsSweepOptions *self = CS_SWEEP_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, cs_sweep_options_is_valid (self));
      break;
    case PROP_MODES:
      g_value_take_boxed (value, get_mode_names (self));
      break;
    case PROP_WORKERS:
      g_value_set_string (value, selected_worker_spec (self));
      break;
    case PROP_REPS:
      g_value_set_uint (value, gtk_spin_button_get_value_as_int (self->reps_spin));
      break;
    case PROP_WARMUP:
      g_value_set_uint (value, gtk_spin_button_get_value_as_int (self->warmup_spin));
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, gtk_spin_button_get_value_as_int (self->timeout_spin));
      break;
    case PROP_SCALING:
      g_value_set_string (value, cs_scaling_to_string (combo_value (self->scaling_row)));
      break;
    case PROP_PLACEMENT:
      g_value_set_string (value,
                          cs_placement_to_string (combo_value (self->placement_row)));
      break;
    case PROP_MODE_OPTIONS:
      g_value_take_boxed (value, get_mode_options (self));
      break;
    case PROP_ADAPTIVE:
      g_value_set_boolean (value, gtk_switch_get_active (self->adaptive_switch));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_sweep_options_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  CsSweepOptions *self = CS_SWEEP_OPTIONS (object);
  const char *str = G_VALUE_HOLDS_STRING (value) ? g_value_get_string (value) : NULL;
  int parsed = 0;
  gboolean ok;

  switch (prop_id)
    {
    case PROP_MODES:
      set_mode_names (self, g_value_get_boxed (value));
      break;
    case PROP_WORKERS:
      if (str != NULL && *str != '\0')
        set_workers_spec (self, str);
      break;
    case PROP_REPS:
      gtk_spin_button_set_value (self->reps_spin, g_value_get_uint (value));
      break;
    case PROP_WARMUP:
      gtk_spin_button_set_value (self->warmup_spin, g_value_get_uint (value));
      break;
    case PROP_TIMEOUT:
      gtk_spin_button_set_value (self->timeout_spin, g_value_get_uint (value));
      break;
    case PROP_SCALING:
      ok = cs_scaling_from_string (str, (CsScaling *) &parsed);
      select_parsed (self->scaling_row, ok, parsed);
      break;
    case PROP_PLACEMENT:
      ok = cs_placement_from_string (str, (CsPlacementPolicy *) &parsed);
      select_parsed (self->placement_row, ok, parsed);
      break;
    case PROP_MODE_OPTIONS:
      set_mode_options (self, g_value_get_boxed (value));
      break;
    case PROP_ADAPTIVE:
      gtk_switch_set_active (self->adaptive_switch, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
install_properties (GObjectClass *object_class)
{
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODES] = g_param_spec_boxed ("modes", NULL, NULL, G_TYPE_STRV, rw);
  properties[PROP_WORKERS] = g_param_spec_string ("workers", NULL, NULL, NULL, rw);
  properties[PROP_REPS] = g_param_spec_uint ("reps", NULL, NULL, 1, 100, 3, rw);
  properties[PROP_WARMUP] = g_param_spec_uint ("warmup", NULL, NULL, 0, 20, 1, rw);
  /* Seconds each run may take; 0: no limit. */
  properties[PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL, 0, 3600, 0, rw);
  properties[PROP_SCALING] = g_param_spec_string ("scaling", NULL, NULL, NULL, rw);
  properties[PROP_PLACEMENT] = g_param_spec_string ("placement", NULL, NULL, NULL, rw);
  properties[PROP_MODE_OPTIONS] = g_param_spec_boxed ("mode-options", NULL, NULL, G_TYPE_STRV,
                                                      rw);
  /* TRUE: repeat until the verdict is sure (reps is then ignored); FALSE: exactly reps. */
  properties[PROP_ADAPTIVE] = g_param_spec_boolean ("adaptive", NULL, NULL, TRUE, rw);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* ---- object ------------------------------------------------------------------------------ */

static void
cs_sweep_options_dispose (GObject *object)
{
  CsSweepOptions *self = CS_SWEEP_OPTIONS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  for (guint i = 0; self->modes != NULL && i < self->n_modes; i++)
    {
      if (self->modes[i].form != NULL)
        g_signal_handlers_disconnect_by_data (self->modes[i].form, self);
      g_clear_object (&self->modes[i].form);
      g_clear_pointer (&self->modes[i].unavailable, g_free);
      g_clear_pointer (&self->modes[i].unsupported, g_free);
    }
  g_clear_pointer (&self->modes, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_SWEEP_OPTIONS);
  G_OBJECT_CLASS (cs_sweep_options_parent_class)->dispose (object);
}

static void
cs_sweep_options_finalize (GObject *object)
{
  CsSweepOptions *self = CS_SWEEP_OPTIONS (object);

  g_clear_pointer (&self->worker_specs, g_ptr_array_unref);
  g_free (self->error);
  G_OBJECT_CLASS (cs_sweep_options_parent_class)->finalize (object);
}

static void
cs_sweep_options_class_init (CsSweepOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cs_sweep_options_get_property;
  object_class->set_property = cs_sweep_options_set_property;
  object_class->dispose = cs_sweep_options_dispose;
  object_class->finalize = cs_sweep_options_finalize;
  install_properties (object_class);
  /* Any option changed (the run panel refreshes its duration estimate). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/corescope/Corescope/cs-sweep-options.ui");
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, modes_row);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, workers_row);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, custom_workers_row);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, adaptive_switch);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, reps_spin);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, warmup_spin);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, scaling_row);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, placement_row);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
}

static void
cs_sweep_options_init (CsSweepOptions *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_bind_property (self->adaptive_switch, "active", self->reps_spin, "sensitive",
                          G_BINDING_SYNC_CREATE | G_BINDING_INVERT_BOOLEAN);
  self->worker_specs = g_ptr_array_new_with_free_func (g_free);
  fill_worker_choices (self, g_get_num_processors (), g_get_num_processors ());
  build_modes (self);
  check_availability (self);
  on_changed (self);
}
