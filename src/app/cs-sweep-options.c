/* cs-sweep-options.c: the form part that says how a sweep runs (modes, workers, repetitions...)
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cs-sweep-options.h"
#include "cs-sweep.h"

struct _CsSweepOptions
{
  AdwPreferencesGroup parent_instance;

  AdwActionRow    *modes_row;
  GtkToggleButton *thread_toggle;
  GtkToggleButton *gil_toggle;
  GtkToggleButton *process_toggle;
  AdwComboRow     *workers_row;
  AdwEntryRow     *custom_workers_row;
  GtkSpinButton   *reps_spin;
  GtkSpinButton   *warmup_spin;
  AdwComboRow     *scaling_row;
  AdwComboRow     *placement_row;
  AdwComboRow     *pool_row;
  AdwComboRow     *start_row;
  GtkSpinButton   *switch_spin;

  GPtrArray       *worker_specs;  /* char*, one per workers_row item; NULL entry: custom */
  char            *error;         /* why the options are invalid; NULL when valid */
};

G_DEFINE_FINAL_TYPE (CsSweepOptions, cs_sweep_options, ADW_TYPE_PREFERENCES_GROUP)

enum {
  PROP_0,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

void
cs_sweep_options_set_topology (CsSweepOptions *self, CsTopology *topology)
{
  guint pus = topology != NULL ? cs_topology_get_n_pus (topology) : g_get_num_processors ();
  guint cores = topology != NULL ? cs_topology_get_n_cores (topology) : pus;

  g_return_if_fail (CS_IS_SWEEP_OPTIONS (self));
  fill_worker_choices (self, MAX (cores, 1), MAX (pus, 1));
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

/* ---- validation -------------------------------------------------------------------------- */

static guint
collect_modes (CsSweepOptions *self, CsMode modes[CS_N_MODES])
{
  guint n = 0;

  if (gtk_toggle_button_get_active (self->thread_toggle))
    modes[n++] = CS_MODE_THREAD;
  if (gtk_toggle_button_get_active (self->gil_toggle))
    modes[n++] = CS_MODE_GIL;
  if (gtk_toggle_button_get_active (self->process_toggle))
    modes[n++] = CS_MODE_PROCESS;
  return n;
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

static void
update_validity (CsSweepOptions *self)
{
  CsMode modes[CS_N_MODES];
  g_autofree char *workers_error = check_workers (self);
  gboolean was_valid = self->error == NULL;
  gboolean no_mode = collect_modes (self, modes) == 0;

  g_clear_pointer (&self->error, g_free);
  if (no_mode)
    self->error = g_strdup (_("Choose at least one mode to compare."));
  else if (workers_error != NULL)
    self->error = g_strdup_printf (_("Worker counts: %s"), workers_error);

  adw_action_row_set_subtitle (self->modes_row, no_mode
                               ? self->error : _("Ways of running the workers to compare"));
  set_row_error (GTK_WIDGET (self->modes_row), no_mode);
  set_row_error (GTK_WIDGET (self->custom_workers_row), workers_error != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->custom_workers_row), workers_error);
  if (was_valid != (self->error == NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
}

static void
on_changed (CsSweepOptions *self)
{
  if (self->worker_specs == NULL)
    return; /* still building the template */
  gtk_widget_set_visible (GTK_WIDGET (self->custom_workers_row), is_custom (self));
  update_validity (self);
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
  GtkToggleButton *toggles[] = { self->thread_toggle, self->gil_toggle, self->process_toggle };

  g_return_if_fail (CS_IS_SWEEP_OPTIONS (self));
  g_return_if_fail (mode < CS_N_MODES);
  gtk_toggle_button_set_active (toggles[mode], enabled);
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
  CsMode modes[CS_N_MODES];
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
  g_free (config->modes);
  config->modes = g_memdup2 (modes, n_modes * sizeof (CsMode));
  config->n_modes = n_modes;
  g_free (config->workers);
  config->workers = g_steal_pointer (&workers);
  config->n_workers = n_workers;
  config->reps = gtk_spin_button_get_value_as_int (self->reps_spin);
  config->warmup = gtk_spin_button_get_value_as_int (self->warmup_spin);
  /* The combo rows list their items in the enumerations' order. */
  config->scaling = adw_combo_row_get_selected (self->scaling_row);
  config->placement = adw_combo_row_get_selected (self->placement_row);
  config->pool = adw_combo_row_get_selected (self->pool_row);
  config->start_method = adw_combo_row_get_selected (self->start_row);
  config->switch_interval_s = gtk_spin_button_get_value (self->switch_spin) / 1000.0;
  return TRUE;
}

/* ---- object ------------------------------------------------------------------------------ */

static void
cs_sweep_options_get_property (GObject *object, guint prop_id, GValue *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, cs_sweep_options_is_valid (CS_SWEEP_OPTIONS (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_sweep_options_dispose (GObject *object)
{
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
  object_class->dispose = cs_sweep_options_dispose;
  object_class->finalize = cs_sweep_options_finalize;
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* Any option changed (the run panel refreshes its duration estimate). */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/corescope/Corescope/cs-sweep-options.ui");
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, modes_row);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, thread_toggle);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, gil_toggle);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, process_toggle);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, workers_row);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, custom_workers_row);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, reps_spin);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, warmup_spin);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, scaling_row);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, placement_row);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, pool_row);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, start_row);
  gtk_widget_class_bind_template_child (widget_class, CsSweepOptions, switch_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
}

static void
cs_sweep_options_init (CsSweepOptions *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->worker_specs = g_ptr_array_new_with_free_func (g_free);
  fill_worker_choices (self, g_get_num_processors (), g_get_num_processors ());
  on_changed (self);
}
