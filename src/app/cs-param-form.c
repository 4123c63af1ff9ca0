/* cs-param-form.c: rows that edit typed parameters (a preset's, or a mode's options), validated
 * as they are typed
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cs-param-form.h"

/* The form is built from a CsParamSpec table, so a new preset or backend needs no GUI code.
 * Every change is checked with cs_param_spec_validate(); an invalid field shows the reason in
 * place of its help text, and the form is invalid until it is fixed. */

typedef struct
{
  CsParamForm       *form;   /* owns the field */
  const CsParamSpec *spec;
  GtkWidget         *row;    /* AdwActionRow, or AdwComboRow for choices */
  GtkWidget         *input;  /* spin button, switch or entry; NULL for combo rows */
  char              *error;  /* NULL when the value is valid */
} ParamField;

struct _CsParamForm
{
  GObject    parent_instance;

  CsParams  *params;
  GPtrArray *fields;  /* ParamField* */
};

G_DEFINE_FINAL_TYPE (CsParamForm, cs_param_form, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
tr (const char *msgid)
{
  return msgid != NULL ? g_dgettext (GETTEXT_PACKAGE, msgid) : NULL;
}

/* The rows may outlive the form (their container holds them): they must not call back. */
static void
param_field_free (gpointer data)
{
  ParamField *field = data;

  g_signal_handlers_disconnect_by_data (field->row, field);
  if (field->input != NULL)
    g_signal_handlers_disconnect_by_data (field->input, field);
  g_object_unref (field->row);
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
    case CS_PARAM_FILE:
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
    case CS_PARAM_FILE:
    default:
      gtk_editable_set_text (GTK_EDITABLE (field->input), text);
      break;
    }
}

/* ---- validation -------------------------------------------------------------------------- */

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
on_field_changed (ParamField *field)
{
  g_autofree char *text = field_get_text (field);
  g_autoptr (GError) error = NULL;

  g_clear_pointer (&field->error, g_free);
  if (!cs_param_spec_validate (field->spec, text, &error)
      || !cs_params_set (field->form->params, field->spec->name, text, &error))
    field->error = g_strdup (error->message);
  show_field_state (field);
  g_signal_emit (field->form, signals[CHANGED], 0);
}

static void
on_input_changed (GObject *object, GParamSpec *pspec, ParamField *field)
{
  on_field_changed (field);
}

static void
on_entry_changed (GtkEditable *editable, ParamField *field)
{
  on_field_changed (field);
}

/* A spin button only takes a typed number when it is activated or loses focus, and then clamps
 * it; checking the text as it is typed tells why "0 tasks" will not do. Integers only: decimal
 * numbers are shown in the user's locale, which the parameter syntax does not accept. */
static void
on_spin_text_changed (GtkEditable *editable, ParamField *field)
{
  g_autoptr (GError) error = NULL;
  const char *text = gtk_editable_get_text (editable);

  if (field->spec->type != CS_PARAM_INT || *text == '\0')
    return;
  g_clear_pointer (&field->error, g_free);
  if (!cs_param_spec_validate (field->spec, text, &error))
    field->error = g_strdup (error->message);
  show_field_state (field);
  g_signal_emit (field->form, signals[CHANGED], 0);
}

/* ---- building the rows ------------------------------------------------------------------- */

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
  gboolean wide = spec->type == CS_PARAM_STRING || spec->type == CS_PARAM_FILE;

  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_editable_set_text (GTK_EDITABLE (entry), spec->default_value);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), wide ? 24 : 9);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), spec->default_value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tr (spec->label), -1);
  return entry;
}

static void
on_file_chosen (GtkNativeDialog *dialog, int response, gpointer data)
{
  ParamField *field = data;
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL)
    {
      g_autofree char *path = g_file_get_path (file);
      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (field->input), path);
    }
  g_object_unref (dialog);
}

static void
on_choose_file (GtkButton *button, ParamField *field)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (tr (field->spec->label),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, NULL, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_file_chosen), field);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
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

static void
add_file_button (ParamField *field)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("document-open-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, _("Choose a file"));
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect (button, "clicked", G_CALLBACK (on_choose_file), field);
  adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), button);
}

static ParamField *
create_field (CsParamForm *form, const CsParamSpec *spec)
{
  ParamField *field = g_new0 (ParamField, 1);

  field->form = form;
  field->spec = spec;
  if (spec->type == CS_PARAM_CHOICE)
    field->row = create_combo_row (field);
  else
    {
      field->row = adw_action_row_new ();
      field->input = create_input (field);
      adw_action_row_add_suffix (ADW_ACTION_ROW (field->row), field->input);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (field->row), field->input);
      if (spec->type == CS_PARAM_FILE)
        add_file_button (field);
    }
  g_object_ref_sink (field->row);
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

CsParamForm *
cs_param_form_new (const CsParams *params)
{
  CsParamForm *self;
  const CsParamSpec *specs;
  guint n;

  g_return_val_if_fail (params != NULL, NULL);

  self = g_object_new (CS_TYPE_PARAM_FORM, NULL);
  self->params = cs_params_copy (params);
  specs = cs_params_get_specs (self->params, &n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->fields, create_field (self, &specs[i]));
  return self;
}

/* ---- queries ----------------------------------------------------------------------------- */

static ParamField *
find_field (CsParamForm *self, const char *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      ParamField *field = g_ptr_array_index (self->fields, i);
      if (g_str_equal (field->spec->name, name))
        return field;
    }
  return NULL;
}

guint
cs_param_form_get_n_rows (CsParamForm *self)
{
  g_return_val_if_fail (CS_IS_PARAM_FORM (self), 0);
  return self->fields->len;
}

GtkWidget *
cs_param_form_get_row (CsParamForm *self, guint index)
{
  g_return_val_if_fail (CS_IS_PARAM_FORM (self), NULL);
  g_return_val_if_fail (index < self->fields->len, NULL);
  return ((ParamField *) g_ptr_array_index (self->fields, index))->row;
}

const CsParams *
cs_param_form_get_params (CsParamForm *self)
{
  g_return_val_if_fail (CS_IS_PARAM_FORM (self), NULL);
  return self->params;
}

const char *
cs_param_form_get_first_error (CsParamForm *self, const char **label)
{
  g_return_val_if_fail (CS_IS_PARAM_FORM (self), NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      ParamField *field = g_ptr_array_index (self->fields, i);
      if (field->error != NULL)
        {
          if (label != NULL)
            *label = tr (field->spec->label);
          return field->error;
        }
    }
  return NULL;
}

gboolean
cs_param_form_is_valid (CsParamForm *self)
{
  return cs_param_form_get_first_error (self, NULL) == NULL;
}

gboolean
cs_param_form_set_text (CsParamForm *self, const char *name, const char *text)
{
  ParamField *field;

  g_return_val_if_fail (CS_IS_PARAM_FORM (self), FALSE);
  g_return_val_if_fail (name != NULL && text != NULL, FALSE);

  field = find_field (self, name);
  if (field == NULL)
    return FALSE;
  field_set_text (field, text);
  /* Typed integers were checked as text; other inputs don't notify when the value is
   * unchanged, so validate them anyway. */
  if (field->spec->type != CS_PARAM_INT)
    on_field_changed (field);
  return TRUE;
}

const char *
cs_param_form_get_error (CsParamForm *self, const char *name)
{
  ParamField *field;

  g_return_val_if_fail (CS_IS_PARAM_FORM (self), NULL);
  field = find_field (self, name);
  return field != NULL ? field->error : NULL;
}

void
cs_param_form_apply_assignments (CsParamForm *self, const char *const *assignments)
{
  g_return_if_fail (CS_IS_PARAM_FORM (self));

  for (guint i = 0; assignments != NULL && assignments[i] != NULL; i++)
    {
      g_auto (GStrv) parts = g_strsplit (assignments[i], "=", 2);

      if (parts[0] != NULL && parts[1] != NULL)
        cs_param_form_set_text (self, parts[0], parts[1]);
    }
}

/* ---- object ------------------------------------------------------------------------------ */

static void
cs_param_form_finalize (GObject *object)
{
  CsParamForm *self = CS_PARAM_FORM (object);

  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->params, cs_params_free);
  G_OBJECT_CLASS (cs_param_form_parent_class)->finalize (object);
}

static void
cs_param_form_class_init (CsParamFormClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = cs_param_form_finalize;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cs_param_form_init (CsParamForm *self)
{
  self->fields = g_ptr_array_new_with_free_func (param_field_free);
}
