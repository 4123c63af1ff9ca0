/* cs-run-panel.c: the selected preset, its parameters as a validated form, and sweep options
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-param-form.h"
#include "cs-run-panel.h"
#include "cs-sweep.h"

/* The parameters' form (CsParamForm) is built from the preset's CsParamSpec list, so a new
 * preset needs no GUI code; an invalid field blocks Run through the "valid" property. */

struct _CsRunPanel
{
  GtkWidget            parent_instance;

  GtkStack            *stack;
  GtkScrolledWindow   *scroller;
  GtkLabel            *title_label;
  GtkLabel            *description_label;
  GtkLabel            *expected_label;
  AdwPreferencesGroup *params_group;
  CsSweepOptions      *sweep_options;
  GtkLabel            *estimate_label;

  const CsPreset      *preset;
  CsParamForm         *form;    /* NULL without a preset */
  gboolean             valid;
  GHashTable          *forms;   /* preset name -> SavedForm*: each preset's last form */
};

/* What the user last set for a preset, given back when they return to it. */
typedef struct
{
  GStrv params;
  GStrv modes;
} SavedForm;

static void
saved_form_free (SavedForm *saved)
{
  g_strfreev (saved->params);
  g_strfreev (saved->modes);
  g_free (saved);
}

G_DEFINE_FINAL_TYPE (CsRunPanel, cs_run_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VALID,
  PROP_PARAM_ASSIGNMENTS, /* GStrv of "name=value": what settings remember */
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
tr (const char *msgid)
{
  return msgid != NULL ? g_dgettext (GETTEXT_PACKAGE, msgid) : NULL;
}

/* ---- validation -------------------------------------------------------------------------- */

static void
update_valid (CsRunPanel *self)
{
  gboolean valid = self->form != NULL && cs_param_form_is_valid (self->form)
                   && cs_sweep_options_is_valid (self->sweep_options);

  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static char *
format_duration (double seconds)
{
  guint s = (guint) ceil (seconds);

  if (seconds < 1)
    return g_strdup (_("under a second"));
  if (s < 60)
    return g_strdup_printf (ngettext ("about %u second", "about %u seconds", s), s);
  if (s < 3600)
    return g_strdup_printf (_("about %u min %02u s"), s / 60, s % 60);
  return g_strdup_printf (_("about %u h %02u min"), s / 3600, (s / 60) % 60);
}

/* The engine's estimate, for presets it knows how to estimate; hidden otherwise. From the
 * config, not a request: a request needs the topology, and this runs on every change of the
 * form, on the main thread. */
static void
update_estimate (CsRunPanel *self)
{
  g_autoptr (CsSweepConfig) config = self->valid ? cs_run_panel_build_config (self, NULL)
                                                 : NULL;
  double seconds = config != NULL ? cs_sweep_estimate_config_seconds (config) : -1;
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->estimate_label), seconds >= 0);
  if (seconds < 0)
    return;
  duration = format_duration (seconds);
  /* Translators: %s is "about 12 seconds" */
  text = g_strdup_printf (_("This sweep will take %s."), duration);
  gtk_label_set_text (self->estimate_label, text);
}

static void
on_form_changed (CsRunPanel *self)
{
  update_valid (self);
  update_estimate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAM_ASSIGNMENTS]);
}

static void
clear_form (CsRunPanel *self)
{
  if (self->form == NULL)
    return;
  for (guint i = 0; i < cs_param_form_get_n_rows (self->form); i++)
    adw_preferences_group_remove (self->params_group, cs_param_form_get_row (self->form, i));
  g_signal_handlers_disconnect_by_data (self->form, self);
  g_clear_object (&self->form);
}

static void
build_form (CsRunPanel *self)
{
  g_autoptr (CsParams) params = cs_params_new (self->preset);

  self->form = cs_param_form_new (params);
  for (guint i = 0; i < cs_param_form_get_n_rows (self->form); i++)
    adw_preferences_group_add (self->params_group, cs_param_form_get_row (self->form, i));
  gtk_widget_set_visible (GTK_WIDGET (self->params_group), self->preset->n_params > 0);
  g_signal_connect_swapped (self->form, "changed", G_CALLBACK (on_form_changed), self);
}

static void
show_preset_texts (CsRunPanel *self)
{
  const CsPreset *preset = self->preset;

  gtk_label_set_text (self->title_label, tr (preset->title));
  gtk_label_set_text (self->description_label, tr (preset->description));
  gtk_label_set_text (self->expected_label, tr (preset->expected));
  gtk_widget_set_visible (GTK_WIDGET (self->expected_label),
                          preset->expected != NULL && *preset->expected != '\0');
}

static void
remember_form (CsRunPanel *self)
{
  SavedForm *saved;

  if (self->preset == NULL || self->form == NULL)
    return;
  saved = g_new0 (SavedForm, 1);
  saved->params = cs_params_to_strv (cs_param_form_get_params (self->form));
  g_object_get (self->sweep_options, "modes", &saved->modes, NULL);
  g_hash_table_replace (self->forms, g_strdup (self->preset->name), saved);
}

static void
recall_form (CsRunPanel *self)
{
  SavedForm *saved = g_hash_table_lookup (self->forms, self->preset->name);

  if (saved == NULL)
    return;
  cs_param_form_apply_assignments (self->form, (const char *const *) saved->params);
  g_object_set (self->sweep_options, "modes", saved->modes, NULL);
}

void
cs_run_panel_set_preset (CsRunPanel *self, const CsPreset *preset)
{
  g_return_if_fail (CS_IS_RUN_PANEL (self));

  if (preset == self->preset)
    return;
  remember_form (self);
  clear_form (self);
  self->preset = preset;
  if (preset != NULL)
    {
      show_preset_texts (self);
      build_form (self);
    }
  /* After the form: changing the modes recomputes the estimate, which reads it. */
  cs_sweep_options_set_preset (self->sweep_options, preset);
  if (preset != NULL)
    recall_form (self);
  /* A new preset's form starts at its top, not where the last one was scrolled to. */
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_stack_set_visible_child_name (self->stack, preset != NULL ? "form" : "empty");
  update_valid (self);
  update_estimate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAM_ASSIGNMENTS]);
}

/* ---- queries ----------------------------------------------------------------------------- */

const CsPreset *
cs_run_panel_get_preset (CsRunPanel *self)
{
  g_return_val_if_fail (CS_IS_RUN_PANEL (self), NULL);
  return self->preset;
}

const CsParams *
cs_run_panel_get_params (CsRunPanel *self)
{
  g_return_val_if_fail (CS_IS_RUN_PANEL (self), NULL);
  return self->form != NULL ? cs_param_form_get_params (self->form) : NULL;
}

gboolean
cs_run_panel_set_param_text (CsRunPanel *self, const char *name, const char *text)
{
  g_return_val_if_fail (CS_IS_RUN_PANEL (self), FALSE);
  g_return_val_if_fail (name != NULL && text != NULL, FALSE);

  return self->form != NULL && cs_param_form_set_text (self->form, name, text);
}

const char *
cs_run_panel_get_param_error (CsRunPanel *self, const char *name)
{
  g_return_val_if_fail (CS_IS_RUN_PANEL (self), NULL);
  return self->form != NULL ? cs_param_form_get_error (self->form, name) : NULL;
}

gboolean
cs_run_panel_is_valid (CsRunPanel *self)
{
  g_return_val_if_fail (CS_IS_RUN_PANEL (self), FALSE);
  return self->valid;
}

const char *
cs_run_panel_get_estimate (CsRunPanel *self)
{
  g_return_val_if_fail (CS_IS_RUN_PANEL (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->estimate_label)))
    return NULL;
  return gtk_label_get_text (self->estimate_label);
}

CsSweepOptions *
cs_run_panel_get_sweep_options (CsRunPanel *self)
{
  g_return_val_if_fail (CS_IS_RUN_PANEL (self), NULL);
  return self->sweep_options;
}

CsSweepConfig *
cs_run_panel_build_config (CsRunPanel *self, GError **error)
{
  CsSweepConfig *config;
  const char *label = NULL;
  const char *field_error;

  g_return_val_if_fail (CS_IS_RUN_PANEL (self), NULL);

  if (self->preset == NULL)
    {
      g_set_error_literal (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_UNKNOWN_PRESET,
                           _("Choose a preset first."));
      return NULL;
    }
  field_error = cs_param_form_get_first_error (self->form, &label);
  if (field_error != NULL)
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_INVALID_VALUE, "%s: %s", label,
                   field_error);
      return NULL;
    }
  config = cs_sweep_config_new ();
  g_free (config->preset);
  config->preset = g_strdup (self->preset->name);
  g_strfreev (config->params);
  config->params = cs_params_to_strv (cs_param_form_get_params (self->form));
  if (!cs_sweep_options_fill_config (self->sweep_options, config, error))
    g_clear_pointer (&config, cs_sweep_config_free);
  return config;
}

/* ---- object ------------------------------------------------------------------------------ */

static void
cs_run_panel_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CsRunPanel *self = CS_RUN_PANEL (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_PARAM_ASSIGNMENTS:
      g_value_take_boxed (value, self->form != NULL
                                   ? cs_params_to_strv (cs_param_form_get_params (self->form))
                                   : g_new0 (char *, 1));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_run_panel_set_property (GObject *object, guint prop_id, const GValue *value,
                           GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PARAM_ASSIGNMENTS:
      if (CS_RUN_PANEL (object)->form != NULL)
        cs_param_form_apply_assignments (CS_RUN_PANEL (object)->form,
                                         g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_run_panel_dispose (GObject *object)
{
  CsRunPanel *self = CS_RUN_PANEL (object);

  clear_form (self);
  g_clear_pointer (&self->forms, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_RUN_PANEL);
  G_OBJECT_CLASS (cs_run_panel_parent_class)->dispose (object);
}

static void
cs_run_panel_class_init (CsRunPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cs_run_panel_get_property;
  object_class->set_property = cs_run_panel_set_property;
  object_class->dispose = cs_run_panel_dispose;
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PARAM_ASSIGNMENTS] =
    g_param_spec_boxed ("param-assignments", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CS_TYPE_SWEEP_OPTIONS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/corescope/Corescope/cs-run-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, CsRunPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, CsRunPanel, scroller);
  gtk_widget_class_bind_template_child (widget_class, CsRunPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, CsRunPanel, description_label);
  gtk_widget_class_bind_template_child (widget_class, CsRunPanel, expected_label);
  gtk_widget_class_bind_template_child (widget_class, CsRunPanel, params_group);
  gtk_widget_class_bind_template_child (widget_class, CsRunPanel, sweep_options);
  gtk_widget_class_bind_template_child (widget_class, CsRunPanel, estimate_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cs_run_panel_init (CsRunPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) saved_form_free);
  g_signal_connect_swapped (self->sweep_options, "notify::valid", G_CALLBACK (update_valid),
                            self);
  g_signal_connect_swapped (self->sweep_options, "changed", G_CALLBACK (update_estimate), self);
}

GtkWidget *
cs_run_panel_new (void)
{
  return g_object_new (CS_TYPE_RUN_PANEL, NULL);
}
