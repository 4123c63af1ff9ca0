/* cs-run-panel.c: the selected preset, its parameters as a validated form, and sweep options
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-run-panel.h"
#include "cs-sweep.h"

/* The form is built from the preset's CsParamSpec list, so a new preset needs no GUI code:
 * numbers become spin buttons, booleans switches, choices combo rows, and sizes, durations and
 * strings entries that accept what the command line accepts ("64K", "5ms"). Every change is
 * checked with cs_param_spec_validate(); an invalid field shows the reason in place of its help
 * text and blocks Run through the "valid" property. */

typedef struct
{
  const CsParamSpec *spec;
  GtkWidget         *row;    /* AdwActionRow, or AdwComboRow for choices */
  GtkWidget         *input;  /* spin button, switch or entry; NULL for combo rows */
  char              *error;  /* NULL when the value is valid */
} ParamField;

struct _CsRunPanel
{
  GtkWidget            parent_instance;

  GtkStack            *stack;
  GtkLabel            *title_label;
  GtkLabel            *description_label;
  GtkLabel            *expected_label;
  AdwPreferencesGroup *params_group;
  CsSweepOptions      *sweep_options;
  GtkLabel            *estimate_label;

  const CsPreset      *preset;
  CsParams            *params;
  GPtrArray           *fields;  /* ParamField* */
  gboolean             valid;
};

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

static void
param_field_free (gpointer data)
{
  ParamField *field = data;

  g_free (field->error);
  g_free (field);
}

/* ---- reading and writing a field --------------------------------------------------------- */

static char *
field_get_text (ParamField *field)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  guint selected;

  switch (field->spec->type)
    {
    case CS_PARAM_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT,
                              (gint64) gtk_spin_button_get_value (GTK_SPIN_BUTTON (field->input)));
    case CS_PARAM_DOUBLE:
      return g_strdup (g_ascii_dtostr (buffer, sizeof buffer,
                                       gtk_spin_button_get_value (GTK_SPIN_BUTTON (field->input))));
    case CS_PARAM_BOOL:
      return g_strdup (gtk_switch_get_active (GTK_SWITCH (field->input)) ? "true" : "false");
    case CS_PARAM_CHOICE:
      selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->row));
      return g_strdup (field->spec->choices[selected]);
    case CS_PARAM_SIZE:
    case CS_PARAM_DURATION:
    case CS_PARAM_STRING:
    default:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->input)));
    }
}

static gboolean
parse_bool (const char *text)
{
  return g_ascii_strcasecmp (text, "true") == 0 || g_ascii_strcasecmp (text, "yes") == 0
         || g_strcmp0 (text, "1") == 0;
}

static void
field_set_text (ParamField *field, const char *text)
{
  switch (field->spec->type)
    {
    case CS_PARAM_INT:
      /* Typed, not set: a value out of range is shown as an error rather than clamped. */
      gtk_editable_set_text (GTK_EDITABLE (field->input), text);
      if (field->error == NULL)
        gtk_spin_button_update (GTK_SPIN_BUTTON (field->input));
      break;
    case CS_PARAM_DOUBLE:
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (field->input), g_ascii_strtod (text, NULL));
      break;
    case CS_PARAM_BOOL:
      gtk_switch_set_active (GTK_SWITCH (field->input), parse_bool (text));
      break;
    case CS_PARAM_CHOICE:
      for (guint i = 0; field->spec->choices[i] != NULL; i++)
        if (g_str_equal (field->spec->choices[i], text))
          adw_combo_row_set_selected (ADW_COMBO_ROW (field->row), i);
      break;
    case CS_PARAM_SIZE:
    case CS_PARAM_DURATION:
    case CS_PARAM_STRING:
    default:
      gtk_editable_set_text (GTK_EDITABLE (field->input), text);
      break;
    }
}

/* ---- validation -------------------------------------------------------------------------- */

static void
update_valid (CsRunPanel *self)
{
  gboolean valid = self->preset != NULL && cs_sweep_options_is_valid (self->sweep_options);

  for (guint i = 0; valid && i < self->fields->len; i++)
    valid = ((ParamField *) g_ptr_array_index (self->fields, i))->error == NULL;
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

/* The engine's estimate, for presets it knows how to estimate; hidden otherwise. */
static void
update_estimate (CsRunPanel *self)
{
  g_autoptr (GError) error = NULL;
  CsSweepConfig *config = self->valid ? cs_run_panel_build_config (self, &error) : NULL;
  double seconds = config != NULL ? cs_sweep_estimate_seconds (config) : -1;
  g_autofree char *duration = NULL;
  g_autofree char *text = NULL;

  g_clear_pointer (&config, cs_sweep_config_free);
  gtk_widget_set_visible (GTK_WIDGET (self->estimate_label), seconds >= 0);
  if (seconds < 0)
    return;
  duration = format_duration (seconds);
  /* Translators: %s is "about 12 seconds" */
  text = g_strdup_printf (_("This sweep will take %s."), duration);
  gtk_label_set_text (self->estimate_label, text);
}

static void
show_field_state (ParamField *field)
{
  GtkWidget *marked = field->input != NULL ? field->input : field->row;

  /* The reason replaces the help text, where the eye already is. */
  adw_action_row_set_subtitle (ADW_ACTION_ROW (field->row),
                               field->error != NULL ? field->error : tr (field->spec->help));
  if (field->error != NULL)
    gtk_widget_add_css_class (marked, "error");
  else
    gtk_widget_remove_css_class (marked, "error");
}

static void
on_field_changed (CsRunPanel *self, ParamField *field)
{
  g_autofree char *text = field_get_text (field);
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&field->error, g_free);
  if (!cs_param_spec_validate (field->spec, text, &error)
      || !cs_params_set (self->params, field->spec->name, text, &error))
    field->error = g_strdup (error->message);
  show_field_state (field);
  update_valid (self);
  update_estimate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAM_ASSIGNMENTS]);
}

/* Signal handlers get the field; the panel is found from the row. */
static void
on_input_changed (GObject *object, GParamSpec *pspec, ParamField *field)
{
  GtkWidget *panel = gtk_widget_get_ancestor (field->row, CS_TYPE_RUN_PANEL);

  if (panel != NULL)
    on_field_changed (CS_RUN_PANEL (panel), field);
}

static void
on_entry_changed (GtkEditable *editable, ParamField *field)
{
  on_input_changed (G_OBJECT (editable), NULL, field);
}

/* A spin button only takes a typed number when it is activated or loses focus, and then clamps
 * it; checking the text as it is typed tells why "0 tasks" will not do. Integers only: decimal
 * numbers are shown in the user's locale, which the parameter syntax does not accept. */
static void
on_spin_text_changed (GtkEditable *editable, ParamField *field)
{
  GtkWidget *panel = gtk_widget_get_ancestor (field->row, CS_TYPE_RUN_PANEL);
  g_autoptr (GError) error = NULL;
  const char *text = gtk_editable_get_text (editable);

  if (panel == NULL || field->spec->type != CS_PARAM_INT || *text == '\0')
    return;
  g_clear_pointer (&field->error, g_free);
  if (!cs_param_spec_validate (field->spec, text, &error))
    field->error = g_strdup (error->message);
  show_field_state (field);
  update_valid (CS_RUN_PANEL (panel));
}

/* ---- building the form ------------------------------------------------------------------- */

/* A step a hundredth of the range's order of magnitude: 0.01 for a fraction, 0.1 for 0.3..30. */
static void
configure_double_spin (GtkSpinButton *spin, const CsParamSpec *spec)
{
  double range = MAX (spec->max - spec->min, 1e-9);
  double step = pow (10, floor (log10 (range)) - 2);

  gtk_spin_button_set_increments (spin, step, step * 10);
  gtk_spin_button_set_digits (spin, (guint) MAX (0, -floor (log10 (step))));
}

static GtkWidget *
create_spin (const CsParamSpec *spec)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (spec->min, spec->max, 1);

  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  if (spec->type == CS_PARAM_DOUBLE)
    configure_double_spin (GTK_SPIN_BUTTON (spin), spec);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), g_ascii_strtod (spec->default_value, NULL));
  return spin;
}

static GtkWidget *
create_entry (const CsParamSpec *spec)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_editable_set_text (GTK_EDITABLE (entry), spec->default_value);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), spec->type == CS_PARAM_STRING ? 24 : 9);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), spec->default_value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tr (spec->label), -1);
  return entry;
}

static GtkWidget *
create_combo_row (ParamField *field)
{
  const CsParamSpec *spec = field->spec;
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr (GtkStringList) choices = gtk_string_list_new ((const char *const *) spec->choices);

  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
  field_set_text (&(ParamField) { .spec = spec, .row = row }, spec->default_value);
  g_signal_connect (row, "notify::selected", G_CALLBACK (on_input_changed), field);
  return row;
}

static GtkWidget *
create_input (ParamField *field)
{
  const CsParamSpec *spec = field->spec;
  GtkWidget *input;

  switch (spec->type)
    {
    case CS_PARAM_INT:
    case CS_PARAM_DOUBLE:
      input = create_spin (spec);
      g_signal_connect (input, "notify::value", G_CALLBACK (on_input_changed), field);
      g_signal_connect (input, "changed", G_CALLBACK (on_spin_text_changed), field);
      return input;
    case CS_PARAM_BOOL:
      input = gtk_switch_new ();
      gtk_widget_set_valign (input, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (input), parse_bool (spec->default_value));
      g_signal_connect (input, "notify::active", G_CALLBACK (on_input_changed), field);
      return input;
    default:
      input = create_entry (spec);
      g_signal_connect (input, "changed", G_CALLBACK (on_entry_changed), field);
      return input;
    }
}

static ParamField *
create_field (const CsParamSpec *spec)
{
  ParamField *field = g_new0 (ParamField, 1);

  field->spec = spec;
  if (spec->type == CS_PARAM_CHOICE)
    field->row = create_combo_row (field);
  else
    {
      field->row = adw_action_row_new ();
      field->input = create_input (field);
      adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), field->input);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (field->row), field->input);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (field->row), tr (spec->label));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (field->row), tr (spec->help));
  if (spec->unit != NULL && (spec->type == CS_PARAM_INT || spec->type == CS_PARAM_DOUBLE))
    {
      GtkWidget *unit = gtk_label_new (tr (spec->unit));
      gtk_widget_add_css_class (unit, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), unit);
    }
  return field;
}

static void
clear_form (CsRunPanel *self)
{
  for (guint i = 0; i < self->fields->len; i++)
    adw_preferences_group_remove (self->params_group,
                                  ((ParamField *) g_ptr_array_index (self->fields, i))->row);
  g_ptr_array_set_size (self->fields, 0);
  g_clear_pointer (&self->params, cs_params_free);
}

static void
build_form (CsRunPanel *self)
{
  for (guint i = 0; i < self->preset->n_params; i++)
    {
      ParamField *field = create_field (&self->preset->params[i]);

      g_ptr_array_add (self->fields, field);
      adw_preferences_group_add (self->params_group, field->row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->params_group), self->preset->n_params > 0);
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

void
cs_run_panel_set_preset (CsRunPanel *self, const CsPreset *preset)
{
  g_return_if_fail (CS_IS_RUN_PANEL (self));

  if (preset == self->preset)
    return;
  clear_form (self);
  self->preset = preset;
  if (preset != NULL)
    {
      self->params = cs_params_new (preset);
      show_preset_texts (self);
      build_form (self);
    }
  gtk_stack_set_visible_child_name (self->stack, preset != NULL ? "form" : "empty");
  update_valid (self);
  update_estimate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARAM_ASSIGNMENTS]);
}

/* ---- queries ----------------------------------------------------------------------------- */

static ParamField *
find_field (CsRunPanel *self, const char *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      ParamField *field = g_ptr_array_index (self->fields, i);
      if (g_str_equal (field->spec->name, name))
        return field;
    }
  return NULL;
}

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
  return self->params;
}

gboolean
cs_run_panel_set_param_text (CsRunPanel *self, const char *name, const char *text)
{
  ParamField *field;

  g_return_val_if_fail (CS_IS_RUN_PANEL (self), FALSE);
  g_return_val_if_fail (name != NULL && text != NULL, FALSE);

  field = find_field (self, name);
  if (field == NULL)
    return FALSE;
  field_set_text (field, text);
  /* Typed integers were checked as text; other inputs don't notify when the value is
   * unchanged, so validate them anyway. */
  if (field->spec->type != CS_PARAM_INT)
    on_field_changed (self, field);
  return TRUE;
}

const char *
cs_run_panel_get_param_error (CsRunPanel *self, const char *name)
{
  ParamField *field;

  g_return_val_if_fail (CS_IS_RUN_PANEL (self), NULL);
  field = find_field (self, name);
  return field != NULL ? field->error : NULL;
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

static const char *
first_field_error (CsRunPanel *self, const char **label)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      ParamField *field = g_ptr_array_index (self->fields, i);
      if (field->error != NULL)
        {
          *label = tr (field->spec->label);
          return field->error;
        }
    }
  return NULL;
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
  field_error = first_field_error (self, &label);
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
  config->params = cs_params_to_strv (self->params);
  if (!cs_sweep_options_fill_config (self->sweep_options, config, error))
    g_clear_pointer (&config, cs_sweep_config_free);
  return config;
}

/* ---- object ------------------------------------------------------------------------------ */

/* Assignments for parameters the preset doesn't have are ignored: settings may hold the values
 * of another preset, or of an older version of this one. */
static void
apply_assignments (CsRunPanel *self, const char *const *assignments)
{
  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (assignments[i], "=", 2);

      if (parts[0] != NULL && parts[1] != NULL)
        cs_run_panel_set_param_text (self, parts[0], parts[1]);
    }
}

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
      g_value_take_boxed (value, self->params != NULL ? cs_params_to_strv (self->params)
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
      apply_assignments (CS_RUN_PANEL (object), g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_run_panel_dispose (GObject *object)
{
  CsRunPanel *self = CS_RUN_PANEL (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_RUN_PANEL);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->params, cs_params_free);
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
  self->fields = g_ptr_array_new_with_free_func (param_field_free);
  g_signal_connect_swapped (self->sweep_options, "notify::valid", G_CALLBACK (update_valid),
                            self);
  g_signal_connect_swapped (self->sweep_options, "changed", G_CALLBACK (update_estimate), self);
}

GtkWidget *
cs_run_panel_new (void)
{
  return g_object_new (CS_TYPE_RUN_PANEL, NULL);
}
