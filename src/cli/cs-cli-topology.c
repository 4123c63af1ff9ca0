/* cs-cli-topology.c: `corescope topology`, the CPU topology and worker placements
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "cs-cli.h"
#include "cs-machine.h"
#include "cs-output.h"
#include "cs-topology.h"

#define COMMAND "topology"
#define MAX_WORKERS 65536

typedef struct
{
  char    *input;
  char    *synthetic;
  char    *placement_name;
  char    *workers_text;
  char    *export_path;
  gboolean json;
  gboolean tree;
  gboolean help;

  CsPlacementPolicy placement;
  guint             n_workers;
} TopologyOptions;

static void
topology_options_clear (TopologyOptions *options)
{
  g_free (options->input);
  g_free (options->synthetic);
  g_free (options->placement_name);
  g_free (options->workers_text);
  g_free (options->export_path);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TopologyOptions, topology_options_clear)

/* ---- arguments ---------------------------------------------------------------------------- */

static GOptionContext *
create_option_context (TopologyOptions *options)
{
  const GOptionEntry entries[] = {
    { "input", 'i', 0, G_OPTION_ARG_FILENAME, &options->input,
      N_("Read the topology from an hwloc XML file (made with “lstopo --of xml”)"),
      N_("FILE") },
    { "synthetic", 's', 0, G_OPTION_ARG_STRING, &options->synthetic,
      N_("Use an hwloc synthetic topology, e.g. “pack:2 numa:2 core:8 pu:2”"), N_("DESC") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print the topology as JSON"), NULL },
    { "tree", 't', 0, G_OPTION_ARG_NONE, &options->tree,
      N_("Also print every object of the topology as an indented tree, as lstopo does"), NULL },
    { "placement", 'p', 0, G_OPTION_ARG_STRING, &options->placement_name,
      N_("Show where workers go: none, compact, scatter or cores-only"), N_("POLICY") },
    { "workers", 'w', 0, G_OPTION_ARG_STRING, &options->workers_text,
      N_("Number of workers to place (default: one per PU)"), N_("N") },
    { "export-xml", 'x', 0, G_OPTION_ARG_FILENAME, &options->export_path,
      N_("Also save the topology as hwloc XML to FILE"), N_("FILE") },
    { "help", 'h', 0, G_OPTION_ARG_NONE, &options->help, N_("Show this help"), NULL },
    { NULL }
  };
  GOptionContext *context = g_option_context_new (NULL);

  /* Our own --help: GOption's would name the program "topology" in its usage line. */
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Usage: corescope topology [OPTION…]\n\n"
      "Shows the CPU topology of this machine, of another machine exported with\n"
      "“lstopo --of xml”, or of an hwloc synthetic description: packages, NUMA nodes,\n"
      "cores, PUs (hardware threads), caches and which PUs share them.\n"
      "With --placement, also shows the PUs each worker would be bound to."));
  g_option_context_set_description (context,
    _("Placement policies:\n"
      "  none        no binding: the operating system decides\n"
      "  compact     fill a core’s hardware threads, then the next core, then the next package\n"
      "  scatter     spread workers over packages and NUMA nodes, one per core first\n"
      "  cores-only  never two workers on one core (more workers than cores share cores)\n"
      "More workers than PUs share PUs round-robin.\n\n"
      "Examples:\n"
      "  corescope topology\n"
      "  corescope topology --synthetic \"pack:2 numa:2 core:16 pu:2\" --json\n"
      "  corescope topology --placement scatter --workers 4\n"
      "  corescope topology --export-xml this-machine.xml"));
  return context;
}

static void
print_help (GOptionContext *context)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
  const char *body = strstr (help, "\n\n");

  /* Drop GOption's "Usage: PRGNAME [OPTION…]": the summary has the real usage line. */
  printf ("%s", body != NULL ? body + 2 : help);
}

static gboolean
parse_workers (const char *text, guint *out)
{
  guint64 value = 0;

  if (!g_ascii_string_to_unsigned (text, 10, 1, MAX_WORKERS, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/* Checks what GOption cannot: combinations and values. Returns an exit status, or -1 when the
 * options are fine. */
static int
validate_options (TopologyOptions *options, int argc)
{
  if (argc > 1)
    return cs_cli_usage_error (COMMAND, _("unexpected argument (see --help)"));
  if (options->input != NULL && options->synthetic != NULL)
    return cs_cli_usage_error (COMMAND, _("--input and --synthetic cannot be used together"));
  if (options->export_path != NULL &&
      cs_cli_check_outputs (COMMAND, (const char *[]) { options->export_path, NULL },
                            (const char *[]) { options->input, NULL }) != CS_CLI_EXIT_OK)
    return CS_CLI_EXIT_USAGE;
  if (options->placement_name != NULL &&
      !cs_placement_from_string (options->placement_name, &options->placement))
    return cs_cli_usage_error (COMMAND,
                               _("unknown placement policy “%s” (expected none, compact, "
                                 "scatter or cores-only)"), options->placement_name);
  if (options->workers_text != NULL && options->placement_name == NULL)
    return cs_cli_usage_error (COMMAND, _("--workers needs --placement"));
  if (options->workers_text != NULL && !parse_workers (options->workers_text,
                                                        &options->n_workers))
    return cs_cli_usage_error (COMMAND,
                               _("--workers must be a whole number from 1 to %d, not “%s”"),
                               MAX_WORKERS, options->workers_text);
  return -1;
}

static CsTopology *
load_topology (const TopologyOptions *options, GError **error)
{
  if (options->input != NULL)
    return cs_topology_new_from_xml_file (options->input, error);
  if (options->synthetic != NULL)
    return cs_topology_new_synthetic (options->synthetic, error);
  return cs_topology_new_local (error);
}

/* ---- which PUs share each cache ----------------------------------------------------------- */

static void
collect_pus (const CsTopoNode *node, GArray *pus)
{
  if (node->kind == CS_TOPO_NODE_PU && node->os_index >= 0)
    {
      guint pu = (guint) node->os_index;
      g_array_append_val (pus, pu);
    }
  for (guint i = 0; i < node->children->len; i++)
    collect_pus (g_ptr_array_index (node->children, i), pus);
}

static gboolean
node_matches_cache (const CsTopoNode *node, const CsCacheInfo *info)
{
  gboolean instruction = node->name != NULL && g_str_has_suffix (node->name, "i");

  return node->kind == CS_TOPO_NODE_CACHE && node->cache_level == info->level &&
         instruction == info->is_instruction;
}

/* Appends the PU list ("0-7") of every instance of the cache described by info. */
static void
collect_cache_cpusets (const CsTopoNode *node, const CsCacheInfo *info, GPtrArray *out)
{
  if (node_matches_cache (node, info))
    {
      g_autoptr (GArray) pus = g_array_new (FALSE, FALSE, sizeof (guint));
      CsWorkerPlacement set;

      collect_pus (node, pus);
      set.n_pus = pus->len;
      set.pus = (guint *) (gpointer) pus->data;
      g_ptr_array_add (out, cs_worker_placement_to_string (&set));
      return;
    }
  for (guint i = 0; i < node->children->len; i++)
    collect_cache_cpusets (g_ptr_array_index (node->children, i), info, out);
}

static GPtrArray *
cache_cpusets (CsTopology *topo, const CsCacheInfo *info)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  collect_cache_cpusets (cs_topology_get_root (topo), info, out);
  return out;
}

static char *
cache_name (const CsCacheInfo *info)
{
  if (info->is_instruction)
    return g_strdup_printf ("L%ui", info->level);
  if (info->level == 1)
    return g_strdup ("L1d");
  return g_strdup_printf ("L%u", info->level);
}

/* g_format_size separates number and unit with a no-break space; terminals and scripts that
 * parse this output expect a plain one. */
static char *
format_size (guint64 bytes)
{
  g_autofree char *text = g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
  g_auto (GStrv) parts = g_strsplit (text, "\u00a0", -1);

  return g_strjoinv (" ", parts);
}

static char *
format_bytes (guint64 bytes)
{
  if (bytes >= 1024 * 1024 * 1024 && bytes % (1024 * 1024 * 1024) == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " GiB", bytes / (1024 * 1024 * 1024));
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " MiB", bytes / (1024 * 1024));
  if (bytes >= 1024 && bytes % 1024 == 0)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " KiB", bytes / 1024);
  return format_size (bytes);
}

/* Memory sizes are rarely whole units: "15.6 GiB"; caches are: "48 KiB". */
static char *
format_bytes_approx (guint64 bytes)
{
  if (bytes % (1024 * 1024) == 0 || (bytes < 1024 * 1024 && bytes % 1024 == 0))
    return format_bytes (bytes);
  return format_size (bytes);
}

/* ---- NUMA nodes and the tree -------------------------------------------------------------- */

static void
collect_numa_nodes (const CsTopoNode *node, GPtrArray *out)
{
  if (node->kind == CS_TOPO_NODE_NUMA)
    g_ptr_array_add (out, (gpointer) node);
  for (guint i = 0; i < node->children->len; i++)
    collect_numa_nodes (g_ptr_array_index (node->children, i), out);
}

static GPtrArray *
numa_nodes (CsTopology *topo)
{
  GPtrArray *out = g_ptr_array_new ();

  collect_numa_nodes (cs_topology_get_root (topo), out);
  return out;
}

/* "1 (15.6 GiB)", "4 (16 GiB each)" or "2 (P#0 16 GiB, P#1 15.5 GiB)". */
static char *
describe_numa (CsTopology *topo)
{
  g_autoptr (GPtrArray) nodes = numa_nodes (topo);
  GString *out = g_string_new (NULL);
  const CsTopoNode *first;
  gboolean same = TRUE;

  g_string_append_printf (out, "%u", cs_topology_get_n_numa_nodes (topo));
  if (nodes->len == 0)
    return g_string_free (out, FALSE);
  first = g_ptr_array_index (nodes, 0);
  for (guint i = 1; i < nodes->len; i++)
    same = same && ((const CsTopoNode *) g_ptr_array_index (nodes, i))->size_bytes ==
                   first->size_bytes;
  if (same)
    {
      g_autofree char *size = format_bytes_approx (first->size_bytes);
      if (nodes->len == 1)
        g_string_append_printf (out, " (%s)", size);
      else
        /* TRANSLATORS: memory of each NUMA node, e.g. " (16 GiB each)" */
        g_string_append_printf (out, _(" (%s each)"), size);
      return g_string_free (out, FALSE);
    }
  g_string_append (out, " (");
  for (guint i = 0; i < nodes->len; i++)
    {
      const CsTopoNode *node = g_ptr_array_index (nodes, i);
      g_autofree char *size = format_bytes_approx (node->size_bytes);
      g_string_append_printf (out, "%sP#%d %s", i > 0 ? ", " : "", node->os_index, size);
    }
  g_string_append (out, ")");
  return g_string_free (out, FALSE);
}

static void
print_tree_node (const CsTopoNode *node, guint depth)
{
  g_autoptr (GString) line = g_string_new (NULL);

  g_string_append_printf (line, "%*s%s L#%d", (int) depth * 2, "", node->name,
                          node->logical_index);
  if (node->os_index >= 0 && (node->kind == CS_TOPO_NODE_PU || node->kind == CS_TOPO_NODE_NUMA ||
                              node->kind == CS_TOPO_NODE_PACKAGE))
    g_string_append_printf (line, " (P#%d)", node->os_index);
  if (node->kind == CS_TOPO_NODE_CACHE || node->kind == CS_TOPO_NODE_NUMA)
    {
      g_autofree char *size = format_bytes_approx (node->size_bytes);
      g_string_append_printf (line, " %s", size);
    }
  printf ("%s\n", line->str);
  for (guint i = 0; i < node->children->len; i++)
    print_tree_node (g_ptr_array_index (node->children, i), depth + 1);
}

/* ---- text output -------------------------------------------------------------------------- */

static void
print_row (const char *label, const char *value)
{
  /* Pad by characters, not bytes, so translated labels line up too. */
  glong width = g_utf8_strlen (label, -1);
  printf ("%s%*s %s\n", label, (int) MAX (0, 14 - width), "", value);
}

static void
print_machine (CsTopology *topo)
{
  g_autoptr (CsMachine) machine = NULL;
  g_autofree char *os = NULL;

  if (!cs_topology_is_this_system (topo))
    return;
  machine = cs_machine_new_local (topo);
  os = g_strdup_printf ("%s, %s, %s", machine->os_name, machine->kernel, machine->arch);
  print_row (_("Host:"), machine->hostname);
  print_row (_("System:"), os);
}

static void
print_counts (CsTopology *topo)
{
  g_autofree char *packages = g_strdup_printf ("%u", cs_topology_get_n_packages (topo));
  g_autofree char *numa = describe_numa (topo);
  g_autofree char *cores = g_strdup_printf ("%u", cs_topology_get_n_cores (topo));
  g_autofree char *pus = NULL;
  g_autofree char *memory = format_size (cs_topology_get_total_memory (topo));
  const char *model = cs_topology_get_cpu_model (topo);

  /* TRANSLATORS: "16 (2 per core)": hardware threads, and how many share one core */
  pus = g_strdup_printf (_("%u (%u per core)"), cs_topology_get_n_pus (topo),
                         cs_topology_get_smt_width (topo));
  print_row (_("CPU model:"), model[0] != '\0' ? model : _("unknown"));
  print_row (_("Packages:"), packages);
  print_row (_("NUMA nodes:"), numa);
  print_row (_("Cores:"), cores);
  print_row (_("PUs:"), pus);
  print_row (_("Memory:"), memory);
}

static char *
describe_sharing (const CsCacheInfo *info, GPtrArray *sets)
{
  g_autofree char *who = NULL;

  if (info->pus_per_instance <= 1)
    who = g_strdup (_("one per PU"));
  else
    who = g_strdup_printf (_("each shared by %u PUs"), info->pus_per_instance);
  /* Long lists say nothing a reader can use; the count and the width already tell it. */
  if (sets->len == 0 || sets->len > 8)
    return g_steal_pointer (&who);
  g_ptr_array_add (sets, NULL);
  {
    g_autofree char *joined = g_strjoinv (" | ", (char **) sets->pdata);
    return g_strdup_printf ("%s: %s", who, joined);
  }
}

static void
print_caches (CsTopology *topo)
{
  const GArray *caches = cs_topology_get_caches (topo);

  if (caches->len == 0)
    return;
  printf ("%s\n", _("Caches:"));
  for (guint i = 0; i < caches->len; i++)
    {
      const CsCacheInfo *info = &g_array_index (caches, CsCacheInfo, i);
      g_autoptr (GPtrArray) sets = cache_cpusets (topo, info);
      g_autofree char *name = cache_name (info);
      g_autofree char *size = format_bytes (info->size_bytes);
      g_autofree char *sharing = describe_sharing (info, sets);

      printf ("  %-4s %8s × %-3u %s\n", name, size, info->n_instances, sharing);
    }
}

static void
print_placement (const TopologyOptions *options, CsWorkerPlacement *placements)
{
  printf (g_dngettext (GETTEXT_PACKAGE, "Placement %s, %u worker:\n",
                       "Placement %s, %u workers:\n", options->n_workers),
          cs_placement_to_string (options->placement), options->n_workers);
  for (guint i = 0; i < options->n_workers; i++)
    {
      g_autofree char *pus = cs_worker_placement_to_string (&placements[i]);
      if (placements[i].n_pus == 0)
        printf (_("  worker %-3u not bound (the OS decides)\n"), i);
      else
        printf (g_dngettext (GETTEXT_PACKAGE, "  worker %-3u PU %s\n", "  worker %-3u PUs %s\n",
                             placements[i].n_pus), i, pus);
    }
}

static void
print_text (CsTopology *topo, const TopologyOptions *options, CsWorkerPlacement *placements)
{
  g_autofree char *summary = cs_topology_describe (topo);

  print_row (_("Topology:"), summary);
  print_machine (topo);
  print_counts (topo);
  print_caches (topo);
  if (options->tree)
    {
      printf ("\n");
      print_tree_node (cs_topology_get_root (topo), 0);
    }
  if (placements != NULL)
    {
      printf ("\n");
      print_placement (options, placements);
    }
}

/* ---- JSON output -------------------------------------------------------------------------- */

static void
add_machine_json (JsonBuilder *builder, CsTopology *topo)
{
  g_autoptr (CsMachine) machine = NULL;

  if (!cs_topology_is_this_system (topo))
    return;
  machine = cs_machine_new_local (topo);
  json_builder_set_member_name (builder, "machine");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "hostname");
  json_builder_add_string_value (builder, machine->hostname);
  json_builder_set_member_name (builder, "os");
  json_builder_add_string_value (builder, machine->os_name);
  json_builder_set_member_name (builder, "kernel");
  json_builder_add_string_value (builder, machine->kernel);
  json_builder_set_member_name (builder, "arch");
  json_builder_add_string_value (builder, machine->arch);
  json_builder_set_member_name (builder, "total-memory");
  json_builder_add_int_value (builder, (gint64) machine->total_memory);
  json_builder_end_object (builder);
}

static void
add_int_member (JsonBuilder *builder, const char *name, gint64 value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_caches_json (JsonBuilder *builder, CsTopology *topo)
{
  const GArray *caches = cs_topology_get_caches (topo);

  json_builder_set_member_name (builder, "caches");
  json_builder_begin_array (builder);
  for (guint i = 0; i < caches->len; i++)
    {
      const CsCacheInfo *info = &g_array_index (caches, CsCacheInfo, i);
      g_autoptr (GPtrArray) sets = cache_cpusets (topo, info);
      g_autofree char *name = cache_name (info);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      add_int_member (builder, "level", info->level);
      json_builder_set_member_name (builder, "instruction");
      json_builder_add_boolean_value (builder, info->is_instruction);
      add_int_member (builder, "size-bytes", (gint64) info->size_bytes);
      add_int_member (builder, "instances", info->n_instances);
      add_int_member (builder, "pus-per-instance", info->pus_per_instance);
      json_builder_set_member_name (builder, "cpusets");
      json_builder_begin_array (builder);
      for (guint j = 0; j < sets->len; j++)
        json_builder_add_string_value (builder, g_ptr_array_index (sets, j));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_numa_json (JsonBuilder *builder, CsTopology *topo)
{
  g_autoptr (GPtrArray) nodes = numa_nodes (topo);

  json_builder_set_member_name (builder, "numa");
  json_builder_begin_array (builder);
  for (guint i = 0; i < nodes->len; i++)
    {
      const CsTopoNode *node = g_ptr_array_index (nodes, i);
      json_builder_begin_object (builder);
      add_int_member (builder, "os-index", node->os_index);
      add_int_member (builder, "memory", (gint64) node->size_bytes);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_placement_json (JsonBuilder               *builder,
                    const TopologyOptions     *options,
                    const CsWorkerPlacement   *placements)
{
  json_builder_set_member_name (builder, "placement");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "policy");
  json_builder_add_string_value (builder, cs_placement_to_string (options->placement));
  json_builder_set_member_name (builder, "workers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < options->n_workers; i++)
    {
      /* An empty list means "not bound", as in CsWorkerPlacement. */
      json_builder_begin_array (builder);
      for (guint j = 0; j < placements[i].n_pus; j++)
        json_builder_add_int_value (builder, placements[i].pus[j]);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static JsonNode *
build_json (CsTopology *topo, const TopologyOptions *options, CsWorkerPlacement *placements)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autofree char *summary = cs_topology_describe (topo);
  const char *source = options->input != NULL ? "xml" : options->synthetic != NULL ? "synthetic"
                                                                                  : "local";

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "source");
  json_builder_add_string_value (builder, source);
  json_builder_set_member_name (builder, "this-system");
  json_builder_add_boolean_value (builder, cs_topology_is_this_system (topo));
  add_machine_json (builder, topo);
  json_builder_set_member_name (builder, "cpu-model");
  json_builder_add_string_value (builder, cs_topology_get_cpu_model (topo));
  json_builder_set_member_name (builder, "summary");
  json_builder_add_string_value (builder, summary);
  add_int_member (builder, "packages", cs_topology_get_n_packages (topo));
  add_int_member (builder, "numa-nodes", cs_topology_get_n_numa_nodes (topo));
  add_int_member (builder, "cores", cs_topology_get_n_cores (topo));
  add_int_member (builder, "pus", cs_topology_get_n_pus (topo));
  add_int_member (builder, "smt-width", cs_topology_get_smt_width (topo));
  add_int_member (builder, "total-memory", (gint64) cs_topology_get_total_memory (topo));
  add_numa_json (builder, topo);
  add_caches_json (builder, topo);
  if (placements != NULL)
    add_placement_json (builder, options, placements);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_json (CsTopology *topo, const TopologyOptions *options, CsWorkerPlacement *placements)
{
  g_autoptr (JsonNode) root = build_json (topo, options, placements);
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

/* ---- the command -------------------------------------------------------------------------- */

static gboolean
export_xml (CsTopology *topo, const char *path, GError **error)
{
  g_autofree char *xml = cs_topology_export_xml (topo, error);

  if (xml == NULL)
    return FALSE;
  return cs_output_write (path, xml, strlen (xml), error);
}

static int
run_topology (TopologyOptions *options)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CsTopology) topo = load_topology (options, &error);
  CsWorkerPlacement *placements = NULL;

  if (topo == NULL)
    return cs_cli_failure (COMMAND, "%s", error->message);
  if (options->export_path != NULL && !export_xml (topo, options->export_path, &error))
    return cs_cli_failure (COMMAND, "%s", error->message);
  if (options->placement_name != NULL)
    {
      if (options->n_workers == 0)
        options->n_workers = cs_topology_get_n_pus (topo);
      placements = cs_topology_place (topo, options->placement, options->n_workers, &error);
      if (placements == NULL)
        return cs_cli_failure (COMMAND, "%s", error->message);
    }
  if (options->json)
    print_json (topo, options, placements);
  else
    print_text (topo, options, placements);
  cs_worker_placements_free (placements, options->n_workers);
  return CS_CLI_EXIT_OK;
}

int
cs_cli_topology (int argc, char **argv)
{
  g_auto (TopologyOptions) options = { 0 };
  g_autoptr (GOptionContext) context = create_option_context (&options);
  g_autoptr (GError) error = NULL;
  int status;

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return cs_cli_usage_error (COMMAND, "%s", error->message);
  if (options.help)
    {
      print_help (context);
      return CS_CLI_EXIT_OK;
    }
  status = validate_options (&options, argc);
  if (status >= 0)
    return status;
  return run_topology (&options);
}
