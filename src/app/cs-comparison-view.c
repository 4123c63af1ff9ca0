/* cs-comparison-view.c: two or more results: chart, machine selector, table, differences, advice
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "corescope-comparison"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "cs-chart-data.h"
#include "cs-chart-view.h"
#include "cs-comparison-view.h"

struct _CsComparisonView
{
  GtkWidget      parent_instance;

  GtkWidget     *stack;        /* "message" | "comparison" */
  AdwStatusPage *status;
  GtkGrid       *table;
  GtkBox        *content;
  GtkWidget     *differences;  /* AdwPreferencesGroup, rebuilt */
  GtkWidget     *machines;
  GtkWidget     *advice;
  CsChartView   *chart_view;
  GtkWidget     *selector;     /* AdwPreferencesGroup: one row per result */
  GtkWidget     *table_card;
  GtkLabel      *hint;         /* why there is no table */
  AdwComboRow   *kind_row;

  GPtrArray     *results;      /* CsResult*, every one given (copies) */
  GArray        *shown;        /* gboolean per result: ticked in the selector */
  GPtrArray     *rows;         /* AdwActionRow* of the selector */
  GPtrArray     *checks;       /* GtkCheckButton*, one per result (the rows own them) */
  gboolean       per_core;
  CsChartKind    kind;

  GCancellable  *cancellable;  /* the computation under way */
  guint          n_rows;
  guint          n_compared;
  char          *message;
};

G_DEFINE_FINAL_TYPE (CsComparisonView, cs_comparison_view, GTK_TYPE_WIDGET)

enum {
  SIGNAL_READY,
  N_SIGNALS
};

enum {
  PROP_0,
  PROP_PER_CORE,
  N_PROPS
};

static guint signals[N_SIGNALS];
static GParamSpec *properties[N_PROPS];

/* ---- computing (thread) -------------------------------------------------------------------- */

/* The comparison borrows its results and names, so they travel with it. */
typedef struct
{
  GPtrArray     *results;  /* CsResult*: the ticked ones */
  GPtrArray     *names;    /* char*, NULL-terminated for cs_comparison_new */
  GArray        *first_style; /* guint per ticked result: its first series' style index */
  CsChartKind    kind;
  CsChartXScale  x_scale;
  CsChart       *chart;          /* NULL when nothing is ticked */
  CsComparison  *comparison;     /* NULL for fewer than two, or on error: */
  GError        *compare_error;
} Computed;

static void
computed_free (Computed *c)
{
  g_clear_pointer (&c->chart, cs_chart_unref);
  g_clear_error (&c->compare_error);
  g_clear_pointer (&c->comparison, cs_comparison_free);
  g_array_unref (c->first_style);
  g_ptr_array_unref (c->names);
  g_ptr_array_unref (c->results);
  g_free (c);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Computed, computed_free)

/* Copies of the ticked results, so that the thread owns what it reads. */
static Computed *
computed_new (CsComparisonView *self)
{
  Computed *c = g_new0 (Computed, 1);
  guint style = 0;

  c->results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  c->names = g_ptr_array_new_with_free_func (g_free);
  c->first_style = g_array_new (FALSE, FALSE, sizeof (guint));
  c->kind = self->kind;
  c->x_scale = self->per_core ? CS_CHART_X_PER_CORE : CS_CHART_X_WORKERS;
  for (guint i = 0; i < self->results->len; i++)
    {
      const CsResult *result = self->results->pdata[i];
      guint first = style;

      /* One series per mode: where this result's series would be with every result ticked. */
      style += result->config != NULL ? result->config->n_modes : 1;
      if (!g_array_index (self->shown, gboolean, i))
        continue;
      g_ptr_array_add (c->results, cs_result_copy (result));
      g_ptr_array_add (c->names, cs_result_get_display_name (result));
      g_array_append_val (c->first_style, first);
    }
  g_ptr_array_add (c->names, NULL);
  return c;
}

/* Colours and markers follow the result, not its place among the ticked ones: hiding a
 * machine must not repaint the others. */
static void
keep_styles (CsChart *chart, GArray *first_style)
{
  guint previous = G_MAXUINT, k = 0;

  for (guint s = 0; s < cs_chart_get_n_series (chart); s++)
    {
      CsChartSeries *series = cs_chart_get_series (chart, s);

      k = series->result == previous ? k + 1 : 0;
      previous = series->result;
      cs_chart_series_set_style_index (series,
                                       g_array_index (first_style, guint, series->result) + k);
    }
}

static void
compare_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Computed *c = task_data;

  /* Statistics with bootstrap intervals for every point: not for the UI thread. */
  if (c->results->len > 0)
    c->chart = cs_chart_new_from_results_full (c->results, c->kind, CS_CHART_FIT_NONE, FALSE,
                                               c->x_scale, NULL);
  if (c->chart != NULL)
    keep_styles (c->chart, c->first_style);
  if (c->results->len >= 2)
    c->comparison = cs_comparison_new ((const CsResult *const *) c->results->pdata,
                                       (const char *const *) c->names->pdata, c->results->len,
                                       &c->compare_error);
  g_task_return_boolean (task, TRUE);
}

/* ---- showing ------------------------------------------------------------------------------- */

static void
show_message (CsComparisonView *self, const char *title, const char *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  self->n_rows = 0;
  adw_status_page_set_title (self->status, title);
  adw_status_page_set_description (self->status, message);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "message");
}

static void
clear_table (CsComparisonView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->table))) != NULL)
    gtk_grid_remove (self->table, child);
}

static GtkWidget *
cell (const char *text, gboolean header, gboolean numeric)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  if (header)
    gtk_widget_add_css_class (label, "heading");
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static char *
format_ratio (double ratio)
{
  return isfinite (ratio) ? g_strdup_printf ("%.2f×", ratio) : g_strdup ("—");
}

static char *
format_percent (double fraction)
{
  return isfinite (fraction) ? g_strdup_printf ("%.0f %%", fraction * 100) : g_strdup ("—");
}

static void
add_table_headers (CsComparisonView *self, const CsComparison *comparison)
{
  guint n = cs_comparison_get_n_results (comparison);

  gtk_grid_attach (self->table, cell (_("Mode"), TRUE, FALSE), 0, 1, 1, 1);
  gtk_grid_attach (self->table, cell (_("Workers"), TRUE, TRUE), 1, 1, 1, 1);
  for (guint r = 0; r < n; r++)
    {
      GtkWidget *name = cell (cs_comparison_get_name (comparison, r), TRUE, FALSE);

      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (name), 0.5);
      gtk_grid_attach (self->table, name, 2 + 3 * r, 0, 3, 1);
      GtkWidget *ratio = cell (_("Ratio"), TRUE, TRUE);
      GtkWidget *eff = cell (_("Per core"), TRUE, TRUE);

      gtk_widget_set_tooltip_text (name, cs_comparison_get_name (comparison, r));
      gtk_widget_set_tooltip_text (ratio, _("Median time relative to the first result: "
                                            "above 1 is slower"));
      gtk_widget_set_tooltip_text (eff, _("Efficiency per physical core: the speed-up divided "
                                          "by the cores the workers can use"));
      gtk_grid_attach (self->table, cell (_("Time"), TRUE, TRUE), 2 + 3 * r, 1, 1, 1);
      gtk_grid_attach (self->table, ratio, 3 + 3 * r, 1, 1, 1);
      gtk_grid_attach (self->table, eff, 4 + 3 * r, 1, 1, 1);
    }
}

static void
add_table_row (CsComparisonView *self, guint n_results, const CsComparisonRow *row, int y)
{
  g_autofree char *workers = g_strdup_printf ("%u", row->workers);

  gtk_grid_attach (self->table, cell (cs_mode_to_string (row->mode), FALSE, FALSE), 0, y, 1, 1);
  gtk_grid_attach (self->table, cell (workers, FALSE, TRUE), 1, y, 1, 1);
  for (guint r = 0; r < n_results; r++)
    {
      const CsPointStats *point = row->points[r];
      g_autofree char *time = point && point->n > 0 ? cs_format_seconds (point->median_s)
                                                    : g_strdup ("—");
      g_autofree char *ratio = format_ratio (row->time_ratio[r]);
      g_autofree char *eff = format_percent (row->efficiency_per_core[r]);

      gtk_grid_attach (self->table, cell (time, FALSE, TRUE), 2 + 3 * r, y, 1, 1);
      gtk_grid_attach (self->table, cell (ratio, FALSE, TRUE), 3 + 3 * r, y, 1, 1);
      gtk_grid_attach (self->table, cell (eff, FALSE, TRUE), 4 + 3 * r, y, 1, 1);
    }
}

static void
fill_table (CsComparisonView *self, const CsComparison *comparison)
{
  guint n_results = cs_comparison_get_n_results (comparison);

  clear_table (self);
  add_table_headers (self, comparison);
  self->n_rows = cs_comparison_get_n_rows (comparison);
  for (guint i = 0; i < self->n_rows; i++)
    add_table_row (self, n_results, cs_comparison_get_row (comparison, i), 2 + i);
}

/* Replaces *slot with a new group of one wrapped label per line. */
static void
fill_group (CsComparisonView *self, GtkWidget **slot, const char *title, GPtrArray *lines,
            const char *empty)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  for (guint i = 0; i < (lines ? lines->len : 0) || i == 0; i++)
    {
      const char *text = lines && i < lines->len ? lines->pdata[i] : empty;
      GtkWidget *label;

      if (text == NULL)
        break;
      label = gtk_label_new (text);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), label);
    }
  if (*slot != NULL)
    gtk_box_remove (self->content, *slot);
  gtk_box_append (self->content, group);
  *slot = group;
}

static GPtrArray *
machine_lines (const Computed *c)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < c->results->len; i++)
    {
      const CsResult *r = c->results->pdata[i];
      const CsMachine *m = r->machine;

      g_ptr_array_add (lines, g_strdup_printf ("%s: %s, %s, %s", (char *) c->names->pdata[i],
                                               m && m->hostname ? m->hostname : "?",
                                               m && m->cpu_model ? m->cpu_model : "?",
                                               m && m->topology_summary ? m->topology_summary
                                                                        : "?"));
    }
  return lines;
}

/* The table and the groups below it, or the hint that says why there are none. */
static void
show_table_parts (CsComparisonView *self, gboolean table, const char *hint)
{
  GtkWidget *parts[] = { self->table_card, self->differences, self->machines, self->advice };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      gtk_widget_set_visible (parts[i], table);
  gtk_label_set_text (self->hint, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint), hint != NULL);
  g_free (self->message);
  self->message = g_strdup (hint);
}

static void
show_comparison (CsComparisonView *self, const Computed *c)
{
  GPtrArray *differences = cs_comparison_get_differences (c->comparison);  /* borrowed */
  GPtrArray *advice = cs_comparison_get_advice (c->comparison);
  g_autoptr(GPtrArray) machines = machine_lines (c);

  fill_table (self, c->comparison);
  fill_group (self, &self->differences, _("Differences"), differences,
              _("The results were measured with the same parameters on alike machines."));
  fill_group (self, &self->machines, _("Machines"), machines, NULL);
  fill_group (self, &self->advice, _("Advice"), advice, NULL);
  self->n_compared = c->results->len;
  show_table_parts (self, TRUE, NULL);
}

/* The chart shows whatever is ticked; the table needs two results that can be compared. */
static void
show_computed (CsComparisonView *self, const Computed *c)
{
  cs_chart_view_set_chart (self->chart_view, c->chart);
  self->n_rows = 0;
  self->n_compared = 0;
  if (c->comparison != NULL)
    show_comparison (self, c);
  else if (c->compare_error != NULL)
    show_table_parts (self, FALSE, c->compare_error->message);
  else
    show_table_parts (self, FALSE, _("Tick two or more results to compare them in a table."));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "comparison");
}

static void
on_compared (GObject *source, GAsyncResult *res, gpointer user_data)
{
  g_autoptr(CsComparisonView) self = user_data;
  g_autoptr(GError) error = NULL;
  Computed *c = g_task_get_task_data (G_TASK (res));

  if (!g_task_propagate_boolean (G_TASK (res), &error))
    return;  /* cancelled: superseded by newer results or settings */
  show_computed (self, c);
  g_clear_object (&self->cancellable);
  g_signal_emit (self, signals[SIGNAL_READY], 0);
}

/* Computes the chart and the table of the ticked results again, in a thread. */
static void
recompute (CsComparisonView *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->n_rows = 0;
  task = g_task_new (NULL, self->cancellable, on_compared, g_object_ref (self));
  g_task_set_name (task, "corescope-compare");
  g_task_set_task_data (task, computed_new (self), (GDestroyNotify) computed_free);
  g_task_run_in_thread (task, compare_thread);
}

/* ---- the machine selector ------------------------------------------------------------------ */

/* "8 cores, 16 hardware threads · AMD EPYC", after the host when the title is not it. */
static char *
machine_subtitle (const CsResult *result, const char *title)
{
  const CsMachine *m = result->machine;
  const char *host = m != NULL && m->hostname != NULL ? m->hostname : "?";
  g_autofree char *hardware = NULL;

  if (m == NULL)
    return g_strdup (_("unknown machine"));
  if (m->n_cores > 0 && m->n_pus > 0)
    hardware = g_strdup_printf (_("%u cores, %u hardware threads · %s"), m->n_cores, m->n_pus,
                                m->cpu_model != NULL ? m->cpu_model : "?");
  if (hardware == NULL)
    return g_strdup (host);
  return g_str_equal (title, host) ? g_steal_pointer (&hardware)
                                   : g_strdup_printf ("%s · %s", host, hardware);
}

static void
on_machine_toggled (GtkCheckButton *check, CsComparisonView *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "cs-result-index"));

  g_assert (index < self->shown->len);
  g_array_index (self->shown, gboolean, index) = gtk_check_button_get_active (check);
  recompute (self);
}

static GtkWidget *
machine_row (CsComparisonView *self, guint index)
{
  const CsResult *result = self->results->pdata[index];
  g_autofree char *title = cs_result_get_display_name (result);
  g_autofree char *subtitle = machine_subtitle (result, title);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Show this result on the chart and in the table"));
  g_object_set_data (G_OBJECT (check), "cs-result-index", GUINT_TO_POINTER (index));
  g_signal_connect_object (check, "toggled", G_CALLBACK (on_machine_toggled), self, 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_ptr_array_add (self->checks, check);
  return row;
}

static void
rebuild_selector (CsComparisonView *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self->selector), self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->checks, 0);
  for (guint i = 0; i < self->results->len; i++)
    {
      GtkWidget *row = machine_row (self, i);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self->selector), row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
on_kind_selected (CsComparisonView *self)
{
  static const CsChartKind kinds[] = { CS_CHART_SPEEDUP, CS_CHART_EFFICIENCY, CS_CHART_TIME,
                                       CS_CHART_THROUGHPUT };
  guint selected = adw_combo_row_get_selected (self->kind_row);

  if (selected >= G_N_ELEMENTS (kinds) || kinds[selected] == self->kind)
    return;
  self->kind = kinds[selected];
  if (self->results->len >= 2)
    recompute (self);
}

static void
set_all_results (CsComparisonView *self, GPtrArray *results)
{
  gboolean yes = TRUE;

  g_ptr_array_set_size (self->results, 0);
  g_array_set_size (self->shown, 0);
  for (guint i = 0; results != NULL && i < results->len; i++)
    {
      g_ptr_array_add (self->results, cs_result_copy (results->pdata[i]));
      g_array_append_val (self->shown, yes);
    }
}

void
cs_comparison_view_set_results (CsComparisonView *self, GPtrArray *results)
{
  g_return_if_fail (CS_IS_COMPARISON_VIEW (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_all_results (self, results);
  rebuild_selector (self);
  if (self->results->len < 2)
    {
      show_message (self, _("Nothing to Compare"),
                    _("Tick two or more results in the history to compare them."));
      g_signal_emit (self, signals[SIGNAL_READY], 0);
      return;
    }
  recompute (self);
}

guint
cs_comparison_view_get_n_machines (CsComparisonView *self)
{
  g_return_val_if_fail (CS_IS_COMPARISON_VIEW (self), 0);
  return self->checks->len;
}

GtkCheckButton *
cs_comparison_view_get_machine_check (CsComparisonView *self, guint index)
{
  g_return_val_if_fail (CS_IS_COMPARISON_VIEW (self), NULL);
  g_return_val_if_fail (index < self->checks->len, NULL);
  return self->checks->pdata[index];
}

const char *
cs_comparison_view_get_machine_title (CsComparisonView *self, guint index)
{
  g_return_val_if_fail (CS_IS_COMPARISON_VIEW (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->rows->pdata[index]));
}

guint
cs_comparison_view_get_n_compared (CsComparisonView *self)
{
  g_return_val_if_fail (CS_IS_COMPARISON_VIEW (self), 0);
  return self->n_compared;
}

GPtrArray *
cs_comparison_view_copy_ticked (CsComparisonView *self)
{
  GPtrArray *ticked = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);

  g_return_val_if_fail (CS_IS_COMPARISON_VIEW (self), ticked);
  for (guint i = 0; i < self->results->len; i++)
    if (g_array_index (self->shown, gboolean, i))
      g_ptr_array_add (ticked, cs_result_copy (self->results->pdata[i]));
  return ticked;
}

CsChartKind
cs_comparison_view_get_kind (CsComparisonView *self)
{
  g_return_val_if_fail (CS_IS_COMPARISON_VIEW (self), CS_CHART_SPEEDUP);
  return self->kind;
}

CsChartView *
cs_comparison_view_get_chart_view (CsComparisonView *self)
{
  g_return_val_if_fail (CS_IS_COMPARISON_VIEW (self), NULL);
  return self->chart_view;
}

void
cs_comparison_view_set_per_core (CsComparisonView *self, gboolean per_core)
{
  g_return_if_fail (CS_IS_COMPARISON_VIEW (self));

  per_core = !!per_core;
  if (per_core == self->per_core)
    return;
  self->per_core = per_core;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PER_CORE]);
  if (self->results->len >= 2)
    recompute (self);
}

gboolean
cs_comparison_view_get_per_core (CsComparisonView *self)
{
  g_return_val_if_fail (CS_IS_COMPARISON_VIEW (self), FALSE);
  return self->per_core;
}

guint
cs_comparison_view_get_n_rows (CsComparisonView *self)
{
  g_return_val_if_fail (CS_IS_COMPARISON_VIEW (self), 0);
  return self->n_rows;
}

const char *
cs_comparison_view_get_message (CsComparisonView *self)
{
  g_return_val_if_fail (CS_IS_COMPARISON_VIEW (self), NULL);
  return self->message;
}

gboolean
cs_comparison_view_is_busy (CsComparisonView *self)
{
  g_return_val_if_fail (CS_IS_COMPARISON_VIEW (self), FALSE);
  return self->cancellable != NULL;
}

/* ---- the widget ---------------------------------------------------------------------------- */

static void
cs_comparison_view_dispose (GObject *object)
{
  CsComparisonView *self = CS_COMPARISON_VIEW (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CS_TYPE_COMPARISON_VIEW);
  G_OBJECT_CLASS (cs_comparison_view_parent_class)->dispose (object);
}

static void
cs_comparison_view_finalize (GObject *object)
{
  CsComparisonView *self = CS_COMPARISON_VIEW (object);

  g_free (self->message);
  g_ptr_array_unref (self->results);
  g_array_unref (self->shown);
  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->checks);
  G_OBJECT_CLASS (cs_comparison_view_parent_class)->finalize (object);
}

static void
cs_comparison_view_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PER_CORE:
      g_value_set_boolean (value, CS_COMPARISON_VIEW (object)->per_core);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_comparison_view_set_property (GObject *object, guint prop_id, const GValue *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PER_CORE:
      cs_comparison_view_set_per_core (CS_COMPARISON_VIEW (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_comparison_view_class_init (CsComparisonViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_comparison_view_dispose;
  object_class->finalize = cs_comparison_view_finalize;
  object_class->get_property = cs_comparison_view_get_property;
  object_class->set_property = cs_comparison_view_set_property;
  properties[PROP_PER_CORE] =
    g_param_spec_boolean ("per-core", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[SIGNAL_READY] = g_signal_new ("ready", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/corescope/Corescope/cs-comparison-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CsComparisonView, stack);
  gtk_widget_class_bind_template_child (widget_class, CsComparisonView, status);
  gtk_widget_class_bind_template_child (widget_class, CsComparisonView, content);
  gtk_widget_class_bind_template_child (widget_class, CsComparisonView, table);
  gtk_widget_class_bind_template_child (widget_class, CsComparisonView, chart_view);
  gtk_widget_class_bind_template_child (widget_class, CsComparisonView, selector);
  gtk_widget_class_bind_template_child (widget_class, CsComparisonView, table_card);
  gtk_widget_class_bind_template_child (widget_class, CsComparisonView, hint);
  gtk_widget_class_bind_template_child (widget_class, CsComparisonView, kind_row);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_selected);
  /* The per-core switch is bound to this: tests and shortcuts can flip it too. */
  gtk_widget_class_install_property_action (widget_class, "comparison.per-core", "per-core");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  g_type_ensure (CS_TYPE_CHART_VIEW);
}

static void
cs_comparison_view_init (CsComparisonView *self)
{
  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_result_free);
  self->shown = g_array_new (FALSE, TRUE, sizeof (gboolean));
  self->rows = g_ptr_array_new ();
  self->checks = g_ptr_array_new ();
  self->kind = CS_CHART_SPEEDUP;
  gtk_widget_init_template (GTK_WIDGET (self));
  show_message (self, _("Nothing to Compare"),
                _("Tick two or more results in the history to compare them."));
}

GtkWidget *
cs_comparison_view_new (void)
{
  return g_object_new (CS_TYPE_COMPARISON_VIEW, NULL);
}
