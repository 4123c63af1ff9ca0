/* cs-preset-list.c: the sidebar listing the workload presets by category, with a search entry
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "cs-preset-list.h"

struct _CsPresetList
{
  GtkWidget       parent_instance;

  GtkSearchEntry *search_entry;
  GtkListBox     *list_box;
  char          **search_words;  /* casefolded; NULL: show everything */
  const CsPreset *selected;
};

G_DEFINE_FINAL_TYPE (CsPresetList, cs_preset_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const CsPreset *
row_get_preset (GtkListBoxRow *row)
{
  return g_object_get_data (G_OBJECT (row), "cs-preset");
}

/* ---- rows -------------------------------------------------------------------------------- */

static const char *
icon_for (const CsPreset *preset)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

  /* A preset may name an icon this system's theme lacks: show a generic one, not a hole. */
  if (preset->icon_name != NULL && gtk_icon_theme_has_icon (theme, preset->icon_name))
    return preset->icon_name;
  return "system-run-symbolic";
}

static GtkWidget *
create_row (const CsPreset *preset)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (g_dgettext (GETTEXT_PACKAGE, preset->title));
  GtkWidget *summary = gtk_label_new (g_dgettext (GETTEXT_PACKAGE, preset->summary));
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_for (preset));

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_margin_top (icon, 2);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (summary), 0);
  gtk_label_set_wrap (GTK_LABEL (summary), TRUE);
  gtk_label_set_lines (GTK_LABEL (summary), 2);
  gtk_label_set_ellipsize (GTK_LABEL (summary), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (summary, "dim-label");
  gtk_widget_add_css_class (summary, "caption");
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), summary);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, g_dgettext (GETTEXT_PACKAGE, preset->description));
  g_object_set_data (G_OBJECT (row), "cs-preset", (gpointer) preset);
  return row;
}

static void
update_header (GtkListBoxRow *row, GtkListBoxRow *before, gpointer user_data)
{
  const CsPreset *preset = row_get_preset (row);
  GtkWidget *header;

  /* before is the previous visible row, so headings follow the search filter. */
  if (before != NULL && row_get_preset (before)->category == preset->category)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (cs_category_get_title (preset->category));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "caption-heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_top (header, before != NULL ? 18 : 6);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_list_box_row_set_header (row, header);
}

/* ---- search ------------------------------------------------------------------------------ */

static char *
searchable_text (const CsPreset *preset)
{
  g_autofree char *text = g_strjoin (" ", preset->name,
                                     g_dgettext (GETTEXT_PACKAGE, preset->title),
                                     g_dgettext (GETTEXT_PACKAGE, preset->summary),
                                     cs_category_get_title (preset->category), NULL);
  return g_utf8_casefold (text, -1);
}

static gboolean
filter_row (GtkListBoxRow *row, gpointer user_data)
{
  CsPresetList *self = user_data;
  g_autofree char *text = NULL;

  if (self->search_words == NULL)
    return TRUE;
  text = searchable_text (row_get_preset (row));
  for (guint i = 0; self->search_words[i] != NULL; i++)
    if (strstr (text, self->search_words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static void
apply_search (CsPresetList *self, const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text != NULL ? text : "", -1);

  g_clear_pointer (&self->search_words, g_strfreev);
  g_strstrip (folded);
  if (*folded != '\0')
    self->search_words = g_strsplit_set (folded, " \t", -1);
  /* Empty words from repeated spaces match everything, which is what we want. */
  gtk_list_box_invalidate_filter (self->list_box);
  gtk_list_box_invalidate_headers (self->list_box);
}

static void
on_search_changed (CsPresetList *self, GtkSearchEntry *entry)
{
  apply_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_stop_search (CsPresetList *self, GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* ---- selection --------------------------------------------------------------------------- */

static void
on_row_selected (CsPresetList *self, GtkListBoxRow *row, GtkListBox *list_box)
{
  const CsPreset *preset = row != NULL ? row_get_preset (row) : NULL;

  /* Filtering may hide the selected row; keep the preset selected rather than clearing. */
  if (preset == NULL || preset == self->selected)
    return;
  self->selected = preset;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_NAME]);
}

const CsPreset *
cs_preset_list_get_selected (CsPresetList *self)
{
  g_return_val_if_fail (CS_IS_PRESET_LIST (self), NULL);
  return self->selected;
}

gboolean
cs_preset_list_select (CsPresetList *self, const char *name)
{
  g_return_val_if_fail (CS_IS_PRESET_LIST (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      const CsPreset *preset;

      if (!GTK_IS_LIST_BOX_ROW (child))
        continue;
      preset = row_get_preset (GTK_LIST_BOX_ROW (child));
      if (preset != NULL && g_str_equal (preset->name, name))
        {
          gtk_list_box_select_row (self->list_box, GTK_LIST_BOX_ROW (child));
          return TRUE;
        }
    }
  return FALSE;
}

void
cs_preset_list_set_search_text (CsPresetList *self, const char *text)
{
  g_return_if_fail (CS_IS_PRESET_LIST (self));
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* Don't wait for the entry's search delay. */
  apply_search (self, text);
}

void
cs_preset_list_focus_search (CsPresetList *self)
{
  g_return_if_fail (CS_IS_PRESET_LIST (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
cs_preset_list_set_key_capture_widget (CsPresetList *self, GtkWidget *widget)
{
  g_return_if_fail (CS_IS_PRESET_LIST (self));
  gtk_search_entry_set_key_capture_widget (self->search_entry, widget);
}

GStrv
cs_preset_list_dup_visible_names (CsPresetList *self)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (CS_IS_PRESET_LIST (self), NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child)
        && row_get_preset (GTK_LIST_BOX_ROW (child)) != NULL)
      g_strv_builder_add (builder, row_get_preset (GTK_LIST_BOX_ROW (child))->name);
  return g_strv_builder_end (builder);
}

/* ---- object ------------------------------------------------------------------------------ */

static void
cs_preset_list_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  CsPresetList *self = CS_PRESET_LIST (object);

  switch (prop_id)
    {
    case PROP_SELECTED_NAME:
      g_value_set_string (value, self->selected != NULL ? self->selected->name : "");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_preset_list_set_property (GObject *object, guint prop_id, const GValue *value,
                             GParamSpec *pspec)
{
  CsPresetList *self = CS_PRESET_LIST (object);

  switch (prop_id)
    {
    case PROP_SELECTED_NAME:
      if (g_value_get_string (value) != NULL)
        cs_preset_list_select (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_preset_list_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), CS_TYPE_PRESET_LIST);
  /* The template's outer box has no id, so dispose_template() leaves it to us. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (cs_preset_list_parent_class)->dispose (object);
}

static void
cs_preset_list_finalize (GObject *object)
{
  g_strfreev (CS_PRESET_LIST (object)->search_words);
  G_OBJECT_CLASS (cs_preset_list_parent_class)->finalize (object);
}

static void
cs_preset_list_class_init (CsPresetListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cs_preset_list_get_property;
  object_class->set_property = cs_preset_list_set_property;
  object_class->dispose = cs_preset_list_dispose;
  object_class->finalize = cs_preset_list_finalize;

  properties[PROP_SELECTED_NAME] =
    g_param_spec_string ("selected-name", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/corescope/Corescope/cs-preset-list.ui");
  gtk_widget_class_bind_template_child (widget_class, CsPresetList, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CsPresetList, list_box);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
cs_preset_list_init (CsPresetList *self)
{
  const CsPreset *const *presets;
  guint n_presets;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_filter_func (self->list_box, filter_row, self, NULL);
  gtk_list_box_set_header_func (self->list_box, update_header, NULL, NULL);
  /* Grouped by category (headings need neighbours), in registry order within a category. */
  presets = cs_presets_get_all (&n_presets);
  for (CsCategory category = CS_CATEGORY_CPU; category <= CS_CATEGORY_COMMAND; category++)
    for (guint i = 0; i < n_presets; i++)
      if (presets[i]->category == category)
        gtk_list_box_append (self->list_box, create_row (presets[i]));
}

GtkWidget *
cs_preset_list_new (void)
{
  return g_object_new (CS_TYPE_PRESET_LIST, NULL);
}
