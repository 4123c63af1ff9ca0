/* cs-result.c: result files: JSON (format 2, and 1 on reading) and CSV
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "corescope-result"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-backend.h"
#include "cs-gil.h"
#include "cs-json-guard.h"
#include "cs-csv.h"
#include "cs-output.h"
#include "cs-result.h"
#include "cs-result-noise.h"

G_DEFINE_QUARK (cs-result-error-quark, cs_result_error)

/* ---- JSON: writing -------------------------------------------------------------------------- */

/* JSON has no NaN or infinity: a time that was never measured is written as null. */
static void
add_double (JsonBuilder *b, const char *name, double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  json_builder_set_member_name (b, name);
  if (!isfinite (value))
    {
      json_builder_add_null_value (b);
      return;
    }
  /* json-glib 1.6 prints doubles with %.17g and appends ".0" when there is no '.', so 1e+20
   * becomes "1e+20.0", which no JSON parser reads back (found by tests/fuzz/fuzz-result.c).
   * Such values have a one-digit mantissa: integers go out as integers, others one ulp off. */
  g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  if (strchr (buf, 'e') != NULL && strchr (buf, '.') == NULL)
    {
      if (value == trunc (value) && fabs (value) < 9e18)
        {
          json_builder_add_int_value (b, (gint64) value);
          return;
        }
      value = nextafter (value, 0);
    }
  json_builder_add_double_value (b, value);
}

static void
add_int (JsonBuilder *b, const char *name, gint64 value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_time (JsonBuilder *b, const char *name, GDateTime *time)
{
  g_autofree char *iso = time ? g_date_time_format_iso8601 (time) : NULL;
  add_string (b, name, iso);
}

/* 64-bit unsigned values do not survive JSON readers that use doubles (JavaScript, jq):
 * checksums are written as 16 hexadecimal digits. */
static void
add_hex64 (JsonBuilder *b, const char *name, guint64 value)
{
  g_autofree char *hex = g_strdup_printf ("%016" G_GINT64_MODIFIER "x", value);
  add_string (b, name, hex);
}

static void
build_machine (JsonBuilder *b, const CsMachine *m)
{
  json_builder_set_member_name (b, "machine");
  if (m == NULL)
    {
      json_builder_add_null_value (b);
      return;
    }
  json_builder_begin_object (b);
  add_string (b, "hostname", m->hostname);
  add_string (b, "os_name", m->os_name);
  add_string (b, "kernel", m->kernel);
  add_string (b, "arch", m->arch);
  add_string (b, "cpu_model", m->cpu_model);
  add_int (b, "total_memory", (gint64) m->total_memory);
  add_int (b, "n_packages", m->n_packages);
  add_int (b, "n_numa_nodes", m->n_numa_nodes);
  add_int (b, "n_cores", m->n_cores);
  add_int (b, "n_pus", m->n_pus);
  add_int (b, "smt_width", m->smt_width);
  add_string (b, "topology_summary", m->topology_summary);
  add_string (b, "topology_xml", m->topology_xml);
  json_builder_end_object (b);
}

/* "name=value" pairs as an object of strings, in their order. */
static void
build_assignments (JsonBuilder *b, const char *member, char **params)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  for (guint i = 0; params != NULL && params[i] != NULL; i++)
    {
      const char *eq = strchr (params[i], '=');
      g_autofree char *name = eq ? g_strndup (params[i], eq - params[i]) : g_strdup (params[i]);

      json_builder_set_member_name (b, name);
      json_builder_add_string_value (b, eq ? eq + 1 : "");
    }
  json_builder_end_object (b);
}

/* {MODE: {OPTION: VALUE, ...}, ...}: one of the lists of every mode, e.g. the GIL mode's
 * switch-interval of 5ms. */
static void
build_mode_lists (JsonBuilder *b, const CsSweepConfig *c, const char *member, glong offset)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  for (guint i = 0; i < c->n_modes; i++)
    build_assignments (b, cs_mode_to_string (c->modes[i].mode),
                       G_STRUCT_MEMBER (char **, &c->modes[i], offset));
  json_builder_end_object (b);
}

static void
build_config (JsonBuilder *b, const CsSweepConfig *c)
{
  json_builder_set_member_name (b, "config");
  json_builder_begin_object (b);
  add_string (b, "preset", c->preset);
  build_assignments (b, "params", c->params);
  json_builder_set_member_name (b, "modes");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->n_modes; i++)
    json_builder_add_string_value (b, cs_mode_to_string (c->modes[i].mode));
  json_builder_end_array (b);
  build_mode_lists (b, c, "mode_options", G_STRUCT_OFFSET (CsModeConfig, options));
  build_mode_lists (b, c, "mode_info", G_STRUCT_OFFSET (CsModeConfig, info));
  json_builder_set_member_name (b, "workers");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->n_workers; i++)
    json_builder_add_int_value (b, c->workers[i]);
  json_builder_end_array (b);
  add_int (b, "reps", c->reps);
  add_int (b, "warmup", c->warmup);
  add_double (b, "precision", c->precision);
  add_double (b, "max_time_s", c->max_time_s);
  add_string (b, "scaling", cs_scaling_to_string (c->scaling));
  add_string (b, "placement", cs_placement_to_string (c->placement));
  add_double (b, "timeout_s", c->timeout_s);
  add_int (b, "chunk_size", c->chunk_size);
  json_builder_end_object (b);
}

/* "counters": {"gil_switches": 412, "gil_wait_s": 0.31}: what the run's backend measured of its
 * own; left out when it measured nothing of its own. */
static void
build_counters (JsonBuilder *b, const CsRun *r)
{
  if (r->n_counters == 0)
    return;
  json_builder_set_member_name (b, "counters");
  json_builder_begin_object (b);
  for (guint i = 0; i < r->n_counters; i++)
    add_double (b, r->counters[i].name, r->counters[i].value);
  json_builder_end_object (b);
}

static void
build_run (JsonBuilder *b, const CsRun *r)
{
  json_builder_begin_object (b);
  add_string (b, "mode", cs_mode_to_string (r->mode));
  add_int (b, "workers", r->workers);
  add_int (b, "rep", r->rep);
  add_string (b, "status", cs_run_status_to_string (r->status));
  add_string (b, "reason", r->reason);
  add_double (b, "wall_s", r->wall_s);
  add_double (b, "user_s", r->user_s);
  add_double (b, "sys_s", r->sys_s);
  add_double (b, "startup_s", r->startup_s);
  add_double (b, "dispatch_s", r->dispatch_s);
  add_int (b, "voluntary_cs", r->voluntary_cs);
  add_int (b, "involuntary_cs", r->involuntary_cs);
  add_int (b, "max_rss_kb", r->max_rss_kb);
  add_int (b, "mem_total_kb", r->mem_total_kb);
  add_int (b, "mem_peak_kb", r->mem_peak_kb);
  add_int (b, "tasks", (gint64) r->tasks);
  add_hex64 (b, "checksum", r->checksum);
  add_double (b, "units", r->units);
  build_counters (b, r);
  _cs_run_noise_build_json (b, r);
  json_builder_end_object (b);
}

static JsonNode *
build_result (const CsResult *result)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *now = NULL;

  json_builder_begin_object (b);
  add_string (b, "format", CS_RESULT_FORMAT_NAME);
  add_int (b, "format_version", CS_RESULT_FORMAT_VERSION);
  json_builder_set_member_name (b, "corescope");
  json_builder_begin_object (b);
  add_string (b, "version", result->corescope_version);
  add_string (b, "build", result->build);
  json_builder_end_object (b);
  add_time (b, "started", result->started);
  add_time (b, "finished", result->finished);
  json_builder_set_member_name (b, "complete");
  json_builder_add_boolean_value (b, result->complete);
  add_string (b, "label", result->label);
  add_string (b, "work_unit", result->work_unit);
  add_string (b, "throughput_unit", result->throughput_unit);
  add_string (b, "stop_reason", result->stop_reason);
  add_double (b, "precision_reached", result->precision_reached);
  build_machine (b, result->machine);
  build_config (b, result->config);
  json_builder_set_member_name (b, "runs");
  json_builder_begin_array (b);
  for (guint i = 0; i < result->runs->len; i++)
    build_run (b, g_ptr_array_index (result->runs, i));
  json_builder_end_array (b);
  _cs_result_noise_build_json (b, result);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
cs_result_to_json (const CsResult *result, gsize *length)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  root = build_result (result);
  json_generator_set_root (gen, root);
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  return json_generator_to_data (gen, length);
}

gboolean
cs_result_save_text (const char *path, const char *data, gsize length, GError **error)
{
  g_autoptr(GError) local = NULL;

  if (!cs_output_write (path, data, length, &local))
    {
      g_set_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
cs_result_save (const CsResult *result, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  data = cs_result_to_json (result, &length);
  return cs_result_save_text (path, data, length, error);
}

/* ---- JSON: reading -------------------------------------------------------------------------- */

/* The loader checks every field and stops at the first problem, naming the file and the path
 * of the field ("runs[3].wall_s") so that a hand-edited file can be fixed. */
typedef struct
{
  const char *filename;
  GError    **error;
  int         version;   /* the file's format version, once read */
} Reader;

static void G_GNUC_PRINTF (3, 4)
set_invalid (Reader *r, const char *path, const char *format, ...)
{
  g_autofree char *problem = NULL;
  va_list args;

  va_start (args, format);
  problem = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (r->error, CS_RESULT_ERROR, CS_RESULT_ERROR_INVALID, "%s: '%s' %s", r->filename,
               path, problem);
}

/* Always FALSE; a macro so that static analysers see it (they do not follow variadic calls and
 * would otherwise report every out-parameter of a failed read as possibly unset). */
#define invalid(...) (G_GNUC_EXTENSION ({ set_invalid (__VA_ARGS__); FALSE; }))

static char *
join_path (const char *prefix, const char *name)
{
  return prefix && *prefix ? g_strdup_printf ("%s.%s", prefix, name) : g_strdup (name);
}

/* Returns the member, or NULL (with the error set unless optional) when absent. A member that
 * is JSON null counts as absent. */
static JsonNode *
member (Reader *r, JsonObject *obj, const char *prefix, const char *name, gboolean optional)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    return node;
  if (!optional)
    {
      g_autofree char *path = join_path (prefix, name);
      invalid (r, path, node ? _("must not be null") : _("is missing"));
    }
  return NULL;
}

/* A JSON string that is also valid UTF-8: json-glib 1.6 reads octal escapes ("\377", not JSON)
 * into bytes that are not, and they would make the file unreadable once saved again. */
static gboolean
is_text (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
         && g_utf8_validate (json_node_get_string (node), -1, NULL);
}

static gboolean
read_string (Reader *r, JsonObject *obj, const char *prefix, const char *name, gboolean optional,
             char **out)
{
  JsonNode *node = member (r, obj, prefix, name, optional);

  if (node == NULL)
    {
      *out = NULL;
      return optional;
    }
  if (!is_text (node))
    {
      g_autofree char *path = join_path (prefix, name);
      return invalid (r, path, _("must be a string of UTF-8 text"));
    }
  /* Labels, host names and parameters are printed on terminals and drawn into SVG: a file's
   * control characters (ESC[2J, OSC 0 …) come out as text. */
  *out = cs_output_escape_controls (json_node_get_string (node));
  return TRUE;
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type = json_node_get_value_type (node);
  return JSON_NODE_HOLDS_VALUE (node) && (type == G_TYPE_DOUBLE || type == G_TYPE_INT64);
}

/* A null double means "not measured" and reads as NaN. */
static gboolean
read_double (Reader *r, JsonObject *obj, const char *prefix, const char *name, double *out)
{
  JsonNode *node = json_object_get_member (obj, name);
  g_autofree char *path = join_path (prefix, name);

  if (node == NULL)
    return invalid (r, path, _("is missing"));
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out = NAN;
      return TRUE;
    }
  if (!node_is_number (node))
    return invalid (r, path, _("must be a number"));
  *out = json_node_get_double (node);
  return TRUE;
}

/* Members added after format 2 came out: absent in older files, where they take fallback. */
static gboolean
read_optional_double (Reader *r, JsonObject *obj, const char *prefix, const char *name,
                      double fallback, double *out)
{
  if (!json_object_has_member (obj, name))
    {
      *out = fallback;
      return TRUE;
    }
  return read_double (r, obj, prefix, name, out);
}

static gboolean
read_int (Reader *r, JsonObject *obj, const char *prefix, const char *name, gint64 min,
          gint64 max, gint64 *out)
{
  JsonNode *node = member (r, obj, prefix, name, FALSE);
  g_autofree char *path = join_path (prefix, name);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (r, path, _("must be an integer"));
  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    return invalid (r, path, _("must be between %lld and %lld"),
                    (long long) min, (long long) max);
  return TRUE;
}

static gboolean
read_uint (Reader *r, JsonObject *obj, const char *prefix, const char *name, guint *out)
{
  gint64 v;

  if (!read_int (r, obj, prefix, name, 0, G_MAXUINT, &v))
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

static gboolean
read_u64 (Reader *r, JsonObject *obj, const char *prefix, const char *name, guint64 *out)
{
  gint64 v;

  if (!read_int (r, obj, prefix, name, 0, G_MAXINT64, &v))
    return FALSE;
  *out = (guint64) v;
  return TRUE;
}

static gboolean
read_bool (Reader *r, JsonObject *obj, const char *prefix, const char *name, gboolean *out)
{
  JsonNode *node = member (r, obj, prefix, name, FALSE);

  if (node == NULL)
    return FALSE;
  if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_autofree char *path = join_path (prefix, name);
      return invalid (r, path, _("must be true or false"));
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_hex64 (Reader *r, JsonObject *obj, const char *prefix, const char *name, guint64 *out)
{
  g_autofree char *str = NULL;
  g_autofree char *path = join_path (prefix, name);
  char *end = NULL;

  if (!read_string (r, obj, prefix, name, FALSE, &str))
    return FALSE;
  *out = g_ascii_strtoull (str, &end, 16);
  if (*str == '\0' || *end != '\0' || strlen (str) > 16)
    return invalid (r, path, _("must be up to 16 hexadecimal digits"));
  return TRUE;
}

static gboolean
read_time (Reader *r, JsonObject *obj, const char *prefix, const char *name, gboolean optional,
           GDateTime **out)
{
  g_autofree char *str = NULL;

  *out = NULL;
  if (!read_string (r, obj, prefix, name, optional, &str))
    return FALSE;
  if (str == NULL)
    return TRUE;
  *out = g_date_time_new_from_iso8601 (str, NULL);
  if (*out == NULL)
    {
      g_autofree char *path = join_path (prefix, name);
      return invalid (r, path, _("must be an ISO 8601 date and time"));
    }
  return TRUE;
}

/* Enumerations are read by name with the cs_*_from_string parsers from cs-types.h. */
typedef gboolean (*EnumParser) (const char *str, int *out);

static gboolean
read_enum (Reader *r, JsonObject *obj, const char *prefix, const char *name, EnumParser parse,
           int *out)
{
  g_autofree char *str = NULL;

  if (!read_string (r, obj, prefix, name, FALSE, &str))
    return FALSE;
  if (!parse (str, out))
    {
      g_autofree char *path = join_path (prefix, name);
      return invalid (r, path, _("has an unknown value '%s'"), str);
    }
  return TRUE;
}

static JsonObject *
read_object (Reader *r, JsonObject *obj, const char *prefix, const char *name, gboolean optional)
{
  JsonNode *node = member (r, obj, prefix, name, optional);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *path = join_path (prefix, name);
      invalid (r, path, _("must be an object"));
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
read_array (Reader *r, JsonObject *obj, const char *prefix, const char *name)
{
  JsonNode *node = member (r, obj, prefix, name, FALSE);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *path = join_path (prefix, name);
      invalid (r, path, _("must be an array"));
      return NULL;
    }
  return json_node_get_array (node);
}

static gboolean
read_machine_counts (Reader *r, JsonObject *o, CsMachine *m)
{
  const char *p = "machine";

  return read_u64 (r, o, p, "total_memory", &m->total_memory) &&
         read_uint (r, o, p, "n_packages", &m->n_packages) &&
         read_uint (r, o, p, "n_numa_nodes", &m->n_numa_nodes) &&
         read_uint (r, o, p, "n_cores", &m->n_cores) &&
         read_uint (r, o, p, "n_pus", &m->n_pus) &&
         read_uint (r, o, p, "smt_width", &m->smt_width);
}

static gboolean
read_machine (Reader *r, JsonObject *root, CsMachine **out)
{
  JsonNode *node = json_object_get_member (root, "machine");
  g_autoptr(CsMachine) m = NULL;
  JsonObject *o;
  const char *p = "machine";

  *out = NULL;
  if (node == NULL)
    return invalid (r, p, _("is missing"));
  if (JSON_NODE_HOLDS_NULL (node))
    return TRUE; /* results built without a machine description (tests, imports) */
  if ((o = read_object (r, root, NULL, p, FALSE)) == NULL)
    return FALSE;

  m = cs_machine_new ();
  if (!read_string (r, o, p, "hostname", TRUE, &m->hostname) ||
      !read_string (r, o, p, "os_name", TRUE, &m->os_name) ||
      !read_string (r, o, p, "kernel", TRUE, &m->kernel) ||
      !read_string (r, o, p, "arch", TRUE, &m->arch) ||
      !read_string (r, o, p, "cpu_model", TRUE, &m->cpu_model) ||
      !read_machine_counts (r, o, m) ||
      !read_string (r, o, p, "topology_summary", TRUE, &m->topology_summary) ||
      !read_string (r, o, p, "topology_xml", TRUE, &m->topology_xml))
    return FALSE;
  *out = g_steal_pointer (&m);
  return TRUE;
}

/* An object of strings (at path) as "name=value" pairs, in the order written. */
static gboolean
read_assignments (Reader *r, JsonObject *o, const char *path, char ***out)
{
  g_autoptr(GList) names = json_object_get_members (o);
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_free);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (o, l->data);

      if (!g_utf8_validate (l->data, -1, NULL))
        return invalid (r, path, _("has a name that is not UTF-8 text"));
      if (!is_text (node))
        {
          g_autofree char *member = g_strdup_printf ("%s.%s", path, (char *) l->data);
          return invalid (r, member, _("must be a string of UTF-8 text"));
        }
      g_autofree char *name = cs_output_escape_controls (l->data);
      g_autofree char *value = cs_output_escape_controls (json_node_get_string (node));
      g_ptr_array_add (list, g_strdup_printf ("%s=%s", name, value));
    }
  g_ptr_array_add (list, NULL);
  g_strfreev (*out);
  *out = (char **) g_ptr_array_free (g_steal_pointer (&list), FALSE);
  return TRUE;
}

static gboolean
read_params (Reader *r, JsonObject *config, CsSweepConfig *c)
{
  JsonObject *o = read_object (r, config, "config", "params", FALSE);

  return o != NULL && read_assignments (r, o, "config.params", &c->params);
}

/* "mode_options" / "mode_info": an object per mode of the sweep; a mode it does not mention
 * keeps an empty list, a mode it has that the sweep does not run is an error. */
static gboolean
read_mode_lists (Reader *r, JsonObject *config, CsSweepConfig *c, const char *name,
                 glong offset, gboolean optional)
{
  g_autofree char *prefix = g_strdup_printf ("config.%s", name);
  g_autoptr(GList) modes = NULL;
  JsonObject *o;

  if (optional && !json_object_has_member (config, name))
    return TRUE;
  if ((o = read_object (r, config, "config", name, FALSE)) == NULL)
    return FALSE;
  modes = json_object_get_members (o);
  for (GList *l = modes; l != NULL; l = l->next)
    {
      g_autofree char *path = g_strdup_printf ("config.%s.%s", name, (char *) l->data);
      CsMode mode;
      CsModeConfig *entry;
      JsonObject *list;

      if (!cs_mode_from_string (l->data, &mode) ||
          (entry = cs_sweep_config_find_mode (c, mode)) == NULL)
        return invalid (r, path, _("is not one of the sweep's modes"));
      if ((list = read_object (r, o, prefix, l->data, FALSE)) == NULL)
        return FALSE;
      if (!read_assignments (r, list, path, &G_STRUCT_MEMBER (char **, entry, offset)))
        return FALSE;
    }
  return TRUE;
}

/* Format 1 had three options for the whole sweep: they become the options of every mode whose
 * backend has an option of that name. */
static gboolean
read_v1_options (Reader *r, JsonObject *o, CsSweepConfig *c)
{
  int start, pool;
  double interval;
  g_autofree char *interval_text = NULL;

  if (!read_enum (r, o, "config", "start_method", (EnumParser) cs_start_method_from_string,
                  &start) ||
      !read_enum (r, o, "config", "pool", (EnumParser) cs_pool_from_string, &pool) ||
      !read_double (r, o, "config", "switch_interval_s", &interval))
    return FALSE;
  interval_text = g_strdup_printf ("%.9gs", interval);
  cs_sweep_config_set_shared_option (c, "start-method", cs_start_method_to_string (start));
  cs_sweep_config_set_shared_option (c, "pool", cs_pool_to_string (pool));
  cs_sweep_config_set_shared_option (c, "switch-interval", interval_text);
  return TRUE;
}

static gboolean
read_mode_options (Reader *r, JsonObject *o, CsSweepConfig *c)
{
  if (r->version < 2)
    return read_v1_options (r, o, c);
  return read_mode_lists (r, o, c, "mode_options", G_STRUCT_OFFSET (CsModeConfig, options),
                          FALSE) &&
         read_mode_lists (r, o, c, "mode_info", G_STRUCT_OFFSET (CsModeConfig, info), TRUE);
}

static gboolean
read_modes (Reader *r, JsonObject *config, CsSweepConfig *c)
{
  JsonArray *a = read_array (r, config, "config", "modes");

  if (a == NULL)
    return FALSE;
  guint n = json_array_get_length (a);
  g_autofree CsMode *modes = g_new0 (CsMode, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (a, i);
      g_autofree char *path = g_strdup_printf ("config.modes[%u]", i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        return invalid (r, path, _("must be a string"));
      if (!cs_mode_from_string (json_node_get_string (node), &modes[i]))
        return invalid (r, path, _("has an unknown value '%s'"), json_node_get_string (node));
      for (guint j = 0; j < i; j++)
        if (modes[j] == modes[i])
          return invalid (r, path, _("names mode '%s' twice"), json_node_get_string (node));
    }
  cs_sweep_config_set_modes (c, modes, n);
  return TRUE;
}

static gboolean
read_workers (Reader *r, JsonObject *config, CsSweepConfig *c)
{
  JsonArray *a = read_array (r, config, "config", "workers");

  if (a == NULL)
    return FALSE;
  c->n_workers = json_array_get_length (a);
  g_free (c->workers);
  c->workers = g_new0 (guint, MAX (c->n_workers, 1));
  for (guint i = 0; i < c->n_workers; i++)
    {
      JsonNode *node = json_array_get_element (a, i);
      g_autofree char *path = g_strdup_printf ("config.workers[%u]", i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
          json_node_get_int (node) < 1 || json_node_get_int (node) > G_MAXUINT)
        return invalid (r, path, _("must be a positive integer"));
      c->workers[i] = (guint) json_node_get_int (node);
    }
  return TRUE;
}

static gboolean
read_config_enums (Reader *r, JsonObject *o, CsSweepConfig *c)
{
  int scaling, placement;

  if (!read_enum (r, o, "config", "scaling", (EnumParser) cs_scaling_from_string, &scaling) ||
      !read_enum (r, o, "config", "placement", (EnumParser) cs_placement_from_string,
                  &placement))
    return FALSE;
  c->scaling = scaling;
  c->placement = placement;
  return TRUE;
}

static gboolean
read_config (Reader *r, JsonObject *root, CsSweepConfig **out)
{
  JsonObject *o = read_object (r, root, NULL, "config", FALSE);
  g_autoptr(CsSweepConfig) c = cs_sweep_config_new ();
  const char *p = "config";

  if (o == NULL)
    return FALSE;
  g_clear_pointer (&c->preset, g_free);
  if (!read_string (r, o, p, "preset", FALSE, &c->preset) ||
      !read_params (r, o, c) ||
      !read_modes (r, o, c) ||
      !read_mode_options (r, o, c) ||
      !read_workers (r, o, c) ||
      !read_uint (r, o, p, "reps", &c->reps) ||
      !read_uint (r, o, p, "warmup", &c->warmup) ||
      !read_optional_double (r, o, p, "precision", 0, &c->precision) ||
      !read_optional_double (r, o, p, "max_time_s", 0, &c->max_time_s) ||
      !read_config_enums (r, o, c) ||
      !read_double (r, o, p, "timeout_s", &c->timeout_s) ||
      !read_uint (r, o, p, "chunk_size", &c->chunk_size))
    return FALSE;
  *out = g_steal_pointer (&c);
  return TRUE;
}

/* A member files before it existed lack: absent reads as fallback. */
static gboolean
read_int_since (Reader *r, JsonObject *obj, const char *prefix, const char *name, gint64 min,
                gint64 max, gint64 fallback, gint64 *out)
{
  if (member (r, obj, prefix, name, TRUE) == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  return read_int (r, obj, prefix, name, min, max, out);
}

static gboolean
read_run_counters (Reader *r, JsonObject *o, const char *p, CsRun *run)
{
  gint64 vcs, ivcs, rss;

  if (!read_int (r, o, p, "voluntary_cs", -1, G_MAXINT64, &vcs) ||
      !read_int (r, o, p, "involuntary_cs", -1, G_MAXINT64, &ivcs) ||
      !read_int (r, o, p, "max_rss_kb", -1, G_MAXINT64, &rss) ||
      !read_u64 (r, o, p, "tasks", &run->tasks) ||
      !read_hex64 (r, o, p, "checksum", &run->checksum) ||
      !read_int_since (r, o, p, "mem_total_kb", -1, G_MAXINT64, -1, &run->mem_total_kb) ||
      !read_int_since (r, o, p, "mem_peak_kb", -1, G_MAXINT64, -1, &run->mem_peak_kb))
    return FALSE;
  run->voluntary_cs = vcs;
  run->involuntary_cs = ivcs;
  run->max_rss_kb = rss;
  return TRUE;
}

/* Formats 1 and 2 gave every run the emulated GIL's two measurements, 0 outside the gil mode:
 * they become that mode's counters. */
static gboolean
read_v2_gil (Reader *r, JsonObject *o, const char *p, CsRun *run)
{
  guint64 switches;
  double wait_s;

  if (!read_u64 (r, o, p, "gil_switches", &switches) ||
      !read_double (r, o, p, "gil_wait_s", &wait_s))
    return FALSE;
  if (switches > 0 || wait_s > 0)
    {
      cs_run_set_counter (run, CS_GIL_COUNTER_SWITCHES, (double) switches);
      cs_run_set_counter (run, CS_GIL_COUNTER_WAIT_S, wait_s);
    }
  return TRUE;
}

/* "counters": an object of numbers (optional: a run may have none). */
static gboolean
read_backend_counters (Reader *r, JsonObject *o, const char *p, CsRun *run)
{
  g_autofree char *path = join_path (p, "counters");
  JsonObject *counters;
  g_autoptr (GList) names = NULL;

  if (!json_object_has_member (o, "counters"))
    return TRUE;
  counters = read_object (r, o, p, "counters", FALSE);
  if (counters == NULL)
    return FALSE;
  names = json_object_get_members (counters);
  for (GList *l = names; l != NULL; l = l->next)
    {
      double value;

      if (!read_double (r, counters, path, l->data, &value))
        return FALSE;
      cs_run_set_counter (run, l->data, value);
    }
  return TRUE;
}

static gboolean
read_run (Reader *r, JsonNode *node, guint index, CsRun **out)
{
  g_autofree char *p = g_strdup_printf ("runs[%u]", index);
  g_autoptr(CsRun) run = cs_run_new ();
  int mode, status;
  gint64 workers;
  JsonObject *o;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (r, p, _("must be an object"));
  o = json_node_get_object (node);
  if (!read_enum (r, o, p, "mode", (EnumParser) cs_mode_from_string, &mode) ||
      !read_int (r, o, p, "workers", 1, G_MAXUINT, &workers) ||
      !read_uint (r, o, p, "rep", &run->rep) ||
      !read_enum (r, o, p, "status", (EnumParser) cs_run_status_from_string, &status) ||
      !read_string (r, o, p, "reason", TRUE, &run->reason) ||
      !read_double (r, o, p, "wall_s", &run->wall_s) ||
      !read_double (r, o, p, "user_s", &run->user_s) ||
      !read_double (r, o, p, "sys_s", &run->sys_s) ||
      !read_double (r, o, p, "startup_s", &run->startup_s) ||
      !read_double (r, o, p, "dispatch_s", &run->dispatch_s) ||
      !read_run_counters (r, o, p, run) ||
      !read_double (r, o, p, "units", &run->units) ||
      !(r->version < 3 ? read_v2_gil (r, o, p, run) : read_backend_counters (r, o, p, run)) ||
      !_cs_run_noise_read_json (o, p, run, r->filename, r->error))
    return FALSE;
  run->mode = mode;
  run->workers = (guint) workers;
  run->status = status;
  if (run->status == CS_RUN_OK && !(isfinite (run->wall_s) && run->wall_s >= 0))
    {
      g_autofree char *path = join_path (p, "wall_s");
      return invalid (r, path, _("must be a time of 0 seconds or more for a run that is ok"));
    }
  *out = g_steal_pointer (&run);
  return TRUE;
}

static gboolean
read_runs (Reader *r, JsonObject *root, CsResult *result)
{
  JsonArray *a = read_array (r, root, NULL, "runs");

  if (a == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (a); i++)
    {
      CsRun *run = NULL;

      if (!read_run (r, json_array_get_element (a, i), i, &run))
        return FALSE;
      g_ptr_array_add (result->runs, run);
    }
  return TRUE;
}

/* The format name and version come first: a file from a newer Corescope is refused as a whole
 * with a message that says so, rather than with a confusing complaint about a field. */
static gboolean
check_format (Reader *r, JsonObject *root, int *version)
{
  g_autofree char *name = NULL;
  gint64 v;

  if (!read_string (r, root, NULL, "format", FALSE, &name))
    {
      g_clear_error (r->error);
      g_set_error (r->error, CS_RESULT_ERROR, CS_RESULT_ERROR_FORMAT,
                   _("%s: not a Corescope result (no 'format' field)"), r->filename);
      return FALSE;
    }
  if (!g_str_equal (name, CS_RESULT_FORMAT_NAME))
    {
      g_set_error (r->error, CS_RESULT_ERROR, CS_RESULT_ERROR_FORMAT,
                   _("%s: not a Corescope result (format is '%s', expected '%s')"),
                   r->filename, name, CS_RESULT_FORMAT_NAME);
      return FALSE;
    }
  if (!read_int (r, root, NULL, "format_version", 1, G_MAXINT, &v))
    return FALSE;
  if (v > CS_RESULT_FORMAT_VERSION)
    {
      g_set_error (r->error, CS_RESULT_ERROR, CS_RESULT_ERROR_FORMAT,
                   _("%s: result format version %d is newer than this Corescope (%s) can read "
                     "(up to version %d); please update Corescope"),
                   r->filename, (int) v, PACKAGE_VERSION, CS_RESULT_FORMAT_VERSION);
      return FALSE;
    }
  *version = (int) v;
  return TRUE;
}

static gboolean
read_header (Reader *r, JsonObject *root, CsResult *result)
{
  JsonObject *cs = read_object (r, root, NULL, "corescope", FALSE);

  return cs != NULL &&
         read_string (r, cs, "corescope", "version", FALSE, &result->corescope_version) &&
         read_string (r, cs, "corescope", "build", TRUE, &result->build) &&
         read_time (r, root, NULL, "started", FALSE, &result->started) &&
         read_time (r, root, NULL, "finished", TRUE, &result->finished) &&
         read_bool (r, root, NULL, "complete", &result->complete) &&
         read_string (r, root, NULL, "label", TRUE, &result->label) &&
         read_string (r, root, NULL, "work_unit", TRUE, &result->work_unit) &&
         read_string (r, root, NULL, "throughput_unit", TRUE, &result->throughput_unit) &&
         read_string (r, root, NULL, "stop_reason", TRUE, &result->stop_reason) &&
         read_optional_double (r, root, NULL, "precision_reached", NAN,
                               &result->precision_reached);
}

static CsResult *
read_result (Reader *r, JsonNode *root_node)
{
  g_autoptr(CsResult) result = cs_result_alloc ();
  JsonObject *root;

  result->runs = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_run_free);
  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      g_set_error (r->error, CS_RESULT_ERROR, CS_RESULT_ERROR_FORMAT,
                   _("%s: not a Corescope result (the top level is not a JSON object)"),
                   r->filename);
      return NULL;
    }
  root = json_node_get_object (root_node);
  if (!check_format (r, root, &result->format_version))
    return NULL;
  r->version = result->format_version;
  if (!read_header (r, root, result) ||
      !read_machine (r, root, &result->machine) ||
      !read_config (r, root, &result->config) ||
      !read_runs (r, root, result))
    return NULL;
  return g_steal_pointer (&result);
}

CsResult *
cs_result_from_json (const char *data, gssize length, const char *filename, GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local = NULL;
  Reader r = { filename ? filename : "<data>", error };
  guint line = 0;

  g_return_val_if_fail (data != NULL, NULL);

  /* json-glib recurses once per nesting level: refuse deep files before they overflow the stack */
  if (!cs_json_check_nesting (data, length < 0 ? strlen (data) : (gsize) length,
                              CS_JSON_MAX_DEPTH, &line))
    {
      g_set_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_PARSE,
                   _("%s: line %u: arrays and objects nested more than %u levels deep"),
                   r.filename, line, CS_JSON_MAX_DEPTH);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local))
    {
      /* json-glib says "<data>:LINE:COL: Parse error: ..."; keep the position, name the file */
      const char *msg = local->message;
      if (g_str_has_prefix (msg, "<data>:"))
        g_set_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_PARSE, _("%s: line %s"),
                     r.filename, msg + strlen ("<data>:"));
      else
        g_set_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_PARSE, "%s: %s", r.filename, msg);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_PARSE, _("%s: the file is empty"),
                   r.filename);
      return NULL;
    }
  return read_result (&r, json_parser_get_root (parser));
}

static gboolean
read_error (GError **error, const char *path, int errsv)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_IO, _("Cannot read “%s”: %s"), display,
               g_strerror (errsv));
  return FALSE;
}

/* Checks the file it opened (fstat), not the name, and reads at most what it said it holds. */
static gboolean
read_regular (int fd, const char *path, char **data, gsize *length, GError **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *buffer = NULL;
  struct stat st;
  gsize done = 0;

  if (fstat (fd, &st) != 0)
    return read_error (error, path, errno);
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_IO,
                   _("“%s” is not a regular file (a device, a FIFO or a folder): results are read "
                     "from files only"), display);
      return FALSE;
    }
  if (st.st_size > CS_RESULT_MAX_FILE_SIZE)
    {
      g_set_error (error, CS_RESULT_ERROR, CS_RESULT_ERROR_IO,
                   _("“%s” is too large: %.0f MiB, more than the %d MiB a result file may have "
                     "(about %d runs)"), display, st.st_size / 1048576.0,
                   CS_RESULT_MAX_FILE_SIZE >> 20, (CS_RESULT_MAX_FILE_SIZE >> 20) * 3000);
      return FALSE;
    }
  buffer = g_malloc ((gsize) st.st_size + 1);
  while (done < (gsize) st.st_size)
    {
      ssize_t n = read (fd, buffer + done, (gsize) st.st_size - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return read_error (error, path, errno);
      if (n == 0)
        break;
      done += (gsize) n;
    }
  buffer[done] = '\0';
  *length = done;
  *data = g_steal_pointer (&buffer);
  return TRUE;
}

gboolean
cs_result_read_file (const char *path, char **data, gsize *length, GError **error)
{
  int fd;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);

  /* O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it. */
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return read_error (error, path, errno);
  ok = read_regular (fd, path, data, length, error);
  close (fd);
  return ok;
}

CsResult *
cs_result_load (const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!cs_result_read_file (path, &data, &length, error))
    return NULL;
  return cs_result_from_json (data, length, path, error);
}

/* ---- CSV ----------------------------------------------------------------------------------- */

/* Memory in KiB; an empty cell where it was not measured. */
static void
csv_kb (GString *s, gint64 kb)
{
  if (kb >= 0)
    g_string_append_printf (s, ",%" G_GINT64_FORMAT, kb);
  else
    g_string_append_c (s, ',');
}

static void
csv_run (GString *s, const char *preset, const CsRun *r, GPtrArray *counters)
{
  cs_csv_append_text (s, preset, TRUE);
  cs_csv_append_text (s, cs_mode_to_string (r->mode), FALSE);
  g_string_append_printf (s, ",%u,%u", r->workers, r->rep);
  cs_csv_append_text (s, cs_run_status_to_string (r->status), FALSE);
  cs_csv_append_text (s, r->reason, FALSE);
  cs_csv_append_double (s, r->wall_s);
  cs_csv_append_double (s, r->user_s);
  cs_csv_append_double (s, r->sys_s);
  cs_csv_append_double (s, r->startup_s);
  cs_csv_append_double (s, r->dispatch_s);
  g_string_append_printf (s, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                          ",%" G_GUINT64_FORMAT ",%016" G_GINT64_MODIFIER "x",
                          r->voluntary_cs, r->involuntary_cs, r->max_rss_kb, r->tasks,
                          r->checksum);
  for (guint i = 0; i < counters->len; i++)
    cs_csv_append_double (s, cs_run_get_counter (r, g_ptr_array_index (counters, i)));
  cs_csv_append_double (s, r->units);
  csv_kb (s, r->mem_total_kb);
  csv_kb (s, r->mem_peak_kb);
  g_string_append_c (s, '\n');
}

/* Every counter name a run of the result has, in the order first seen: one column each. */
static GPtrArray *
counter_columns (const CsResult *result)
{
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < result->runs->len; i++)
    {
      const CsRun *r = g_ptr_array_index (result->runs, i);

      for (guint c = 0; c < r->n_counters; c++)
        if (!g_ptr_array_find_with_equal_func (names, r->counters[c].name, g_str_equal, NULL))
          g_ptr_array_add (names, r->counters[c].name);
    }
  return names;
}

char *
cs_result_to_csv (const CsResult *result)
{
  GString *s = g_string_new ("preset,mode,workers,rep,status,reason,wall_s,user_s,sys_s,"
                             "startup_s,dispatch_s,voluntary_cs,involuntary_cs,max_rss_kb,"
                             "tasks,checksum");
  g_autoptr (GPtrArray) counters = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  counters = counter_columns (result);
  for (guint i = 0; i < counters->len; i++)
    cs_csv_append_text (s, g_ptr_array_index (counters, i), FALSE);
  g_string_append (s, ",units,mem_total_kb,mem_peak_kb\n");
  for (guint i = 0; i < result->runs->len; i++)
    csv_run (s, result->config->preset, g_ptr_array_index (result->runs, i), counters);
  return g_string_free (s, FALSE);
}

gboolean
cs_result_save_csv (const CsResult *result, const char *path, GError **error)
{
  g_autofree char *data = cs_result_to_csv (result);
  return cs_result_save_text (path, data, strlen (data), error);
}

/* ---- Names ---------------------------------------------------------------------------------- */

char *
cs_result_format_date (GDateTime *time)
{
  g_autoptr (GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

char *
cs_result_get_display_name (const CsResult *result)
{
  g_autofree char *date = NULL;

  g_return_val_if_fail (result != NULL, NULL);

  if (result->label != NULL && result->label[0] != '\0')
    return g_strdup (result->label);
  date = cs_result_format_date (result->started);
  return g_strdup_printf ("%s · %s · %s", result->config ? result->config->preset : "",
                          result->machine && result->machine->hostname
                          ? result->machine->hostname : "?", date);
}
