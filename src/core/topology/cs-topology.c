/* cs-topology.c: the CPU topology of a machine (hwloc), its description and worker placements
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "corescope-topology"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <hwloc.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs-topology-private.h"
#include "cs-program.h"

struct _CsTopology
{
  hwloc_topology_t topo;
  gboolean         is_this_system;
  guint            n_packages;
  guint            n_numa_nodes;
  guint            n_cores;
  guint            n_pus;
  guint            smt_width;
  guint64          total_memory;
  char            *cpu_model;
  GArray          *caches;     /* CsCacheInfo */
  CsTopoNode      *root;
  /* OS indexes of every PU in logical order: a core's threads are consecutive, cores follow
   * each other inside their package. Compact placement walks it as is. */
  GArray          *pus;        /* guint */
  /* OS index of the first PU of each core, in logical order (cores-only placement). */
  GArray          *core_first_pus; /* guint */
};

G_DEFINE_QUARK (cs-topology-error-quark, cs_topology_error)

/* ---- the plain node tree ------------------------------------------------------------------ */

static void
topo_node_free (CsTopoNode *node)
{
  g_ptr_array_unref (node->children);
  g_free (node->name);
  g_free (node);
}

static gboolean
node_kind_for_object (hwloc_obj_t obj, CsTopoNodeKind *kind)
{
  if (hwloc_obj_type_is_cache (obj->type))
    {
      *kind = CS_TOPO_NODE_CACHE;
      return TRUE;
    }
  switch (obj->type)
    {
    case HWLOC_OBJ_MACHINE: *kind = CS_TOPO_NODE_MACHINE; return TRUE;
    case HWLOC_OBJ_PACKAGE: *kind = CS_TOPO_NODE_PACKAGE; return TRUE;
    case HWLOC_OBJ_NUMANODE: *kind = CS_TOPO_NODE_NUMA; return TRUE;
    case HWLOC_OBJ_CORE: *kind = CS_TOPO_NODE_CORE; return TRUE;
    case HWLOC_OBJ_PU: *kind = CS_TOPO_NODE_PU; return TRUE;
    case HWLOC_OBJ_GROUP:
    case HWLOC_OBJ_DIE: *kind = CS_TOPO_NODE_GROUP; return TRUE;
    default: return FALSE; /* I/O, Misc, memory-side caches: not part of the CPU picture */
    }
}

static char *
node_name_for_object (hwloc_obj_t obj)
{
  char buf[64];

  hwloc_obj_type_snprintf (buf, sizeof buf, obj, 0);
  return g_strdup (buf);
}

static CsTopoNode *copy_object (hwloc_obj_t obj, CsTopoNode *parent);

static void
copy_memory_children (hwloc_obj_t obj, CsTopoNode *node)
{
  for (hwloc_obj_t mem = obj->memory_first_child; mem != NULL; mem = mem->next_sibling)
    {
      if (mem->type == HWLOC_OBJ_NUMANODE)
        g_ptr_array_add (node->children, copy_object (mem, node));
      else
        copy_memory_children (mem, node); /* a memory-side cache: keep the NUMA nodes below it */
    }
}

static CsTopoNode *
copy_object (hwloc_obj_t obj, CsTopoNode *parent)
{
  CsTopoNode *node = g_new0 (CsTopoNode, 1);

  node_kind_for_object (obj, &node->kind);
  node->os_index = obj->os_index == HWLOC_UNKNOWN_INDEX ? -1 : (int) obj->os_index;
  node->logical_index = (int) obj->logical_index;
  node->name = node_name_for_object (obj);
  node->parent = parent;
  node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) topo_node_free);
  if (node->kind == CS_TOPO_NODE_CACHE)
    {
      node->cache_level = obj->attr->cache.depth;
      node->size_bytes = obj->attr->cache.size;
    }
  else if (node->kind == CS_TOPO_NODE_NUMA)
    node->size_bytes = obj->attr->numanode.local_memory;

  copy_memory_children (obj, node);
  for (hwloc_obj_t child = obj->first_child; child != NULL; child = child->next_sibling)
    {
      CsTopoNodeKind kind;
      if (node_kind_for_object (child, &kind))
        g_ptr_array_add (node->children, copy_object (child, node));
    }
  return node;
}

/* ---- counts, caches, model ---------------------------------------------------------------- */

static guint
count_type (hwloc_topology_t topo, hwloc_obj_type_t type)
{
  int n = hwloc_get_nbobjs_by_type (topo, type);
  return n > 0 ? (guint) n : 0;
}

static void
collect_cpus (CsTopology *self)
{
  hwloc_topology_t topo = self->topo;
  hwloc_obj_t pu = NULL;

  self->pus = g_array_new (FALSE, FALSE, sizeof (guint));
  self->core_first_pus = g_array_new (FALSE, FALSE, sizeof (guint));
  while ((pu = hwloc_get_next_obj_by_type (topo, HWLOC_OBJ_PU, pu)) != NULL)
    g_array_append_val (self->pus, pu->os_index);

  self->smt_width = 1;
  for (hwloc_obj_t core = hwloc_get_next_obj_by_type (topo, HWLOC_OBJ_CORE, NULL); core != NULL;
       core = hwloc_get_next_obj_by_type (topo, HWLOC_OBJ_CORE, core))
    {
      /* A core's cpuset has one bit per PU, numbered by OS index: counting bits is linear in
       * the set's size, where asking hwloc for the PUs inside it walks every PU of the machine
       * (minutes for a machine of 18 000 PUs). */
      int width = hwloc_bitmap_weight (core->cpuset);
      int first = hwloc_bitmap_first (core->cpuset);
      guint first_pu = (guint) first;

      if (first < 0)
        continue; /* a core without PUs (offline): nothing to place on it */
      g_array_append_val (self->core_first_pus, first_pu);
      self->smt_width = MAX (self->smt_width, (guint) width);
    }
  /* Without core objects (some VMs, synthetic "pu:4"), every PU is its own core. */
  if (self->core_first_pus->len == 0)
    g_array_append_vals (self->core_first_pus, self->pus->data, self->pus->len);
}

static const hwloc_obj_type_t cache_types[] = {
  HWLOC_OBJ_L1CACHE, HWLOC_OBJ_L1ICACHE, HWLOC_OBJ_L2CACHE, HWLOC_OBJ_L2ICACHE,
  HWLOC_OBJ_L3CACHE, HWLOC_OBJ_L3ICACHE, HWLOC_OBJ_L4CACHE, HWLOC_OBJ_L5CACHE,
};

static void
collect_caches (CsTopology *self)
{
  self->caches = g_array_new (FALSE, TRUE, sizeof (CsCacheInfo));
  for (guint i = 0; i < G_N_ELEMENTS (cache_types); i++)
    {
      hwloc_obj_t first = hwloc_get_obj_by_type (self->topo, cache_types[i], 0);
      CsCacheInfo info = { 0 };

      if (first == NULL)
        continue;
      info.level = first->attr->cache.depth;
      info.is_instruction = first->attr->cache.type == HWLOC_OBJ_CACHE_INSTRUCTION;
      info.size_bytes = first->attr->cache.size;
      info.n_instances = count_type (self->topo, cache_types[i]);
      info.pus_per_instance = (guint) hwloc_bitmap_weight (first->cpuset);
      g_array_append_val (self->caches, info);
    }
}

static char *
find_cpu_model (hwloc_topology_t topo)
{
  hwloc_obj_t package = hwloc_get_obj_by_type (topo, HWLOC_OBJ_PACKAGE, 0);
  const char *model = NULL;

  if (package != NULL)
    model = hwloc_obj_get_info_by_name (package, "CPUModel");
  if (model == NULL)
    model = hwloc_obj_get_info_by_name (hwloc_get_root_obj (topo), "CPUModel");
  return g_strstrip (g_strdup (model != NULL ? model : ""));
}

static void
collect_summary (CsTopology *self)
{
  hwloc_topology_t topo = self->topo;

  self->is_this_system = hwloc_topology_is_thissystem (topo);
  /* A machine has at least one package even when hwloc reports none (some VMs). */
  self->n_packages = MAX (1, count_type (topo, HWLOC_OBJ_PACKAGE));
  self->n_numa_nodes = MAX (1, count_type (topo, HWLOC_OBJ_NUMANODE));
  self->total_memory = hwloc_get_root_obj (topo)->total_memory;
  collect_cpus (self);
  self->n_pus = self->pus->len;
  self->n_cores = self->core_first_pus->len;
  collect_caches (self);
  self->cpu_model = find_cpu_model (topo);
  self->root = copy_object (hwloc_get_root_obj (topo), NULL);
}

/* ---- loading ------------------------------------------------------------------------------ */

static void
cs_topology_clear (CsTopology *self)
{
  g_clear_pointer (&self->root, topo_node_free);
  g_clear_pointer (&self->caches, g_array_unref);
  g_clear_pointer (&self->pus, g_array_unref);
  g_clear_pointer (&self->core_first_pus, g_array_unref);
  g_clear_pointer (&self->cpu_model, g_free);
  if (self->topo != NULL)
    hwloc_topology_destroy (self->topo);
  self->topo = NULL;
}

static CsTopology *
topology_alloc (GError **error)
{
  CsTopology *self = g_atomic_rc_box_new0 (CsTopology);

  if (hwloc_topology_init (&self->topo) < 0)
    {
      self->topo = NULL;
      g_set_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_LOAD,
                   _("Could not initialise hwloc: %s"), g_strerror (errno));
      cs_topology_unref (self);
      return NULL;
    }
  /* lstopo shows instruction caches too; hwloc hides them by default. */
  hwloc_topology_set_icache_types_filter (self->topo, HWLOC_TYPE_FILTER_KEEP_ALL);
  return self;
}

/* Loads a configured topology; on failure frees self and names what was being loaded. For XML
 * and synthetic input, hwloc only finds many problems while loading: those are the input's
 * fault, reported as CS_TOPOLOGY_ERROR_INVALID with invalid_message. */
static CsTopology *
topology_finish_load (CsTopology *self,
                      const char *what,
                      const char *invalid_message,
                      GError    **error)
{
  if (hwloc_topology_load (self->topo) < 0)
    {
      int saved_errno = errno;
      if (invalid_message != NULL)
        g_set_error_literal (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID,
                             invalid_message);
      else
        g_set_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_LOAD,
                     _("%s: hwloc could not load the topology: %s"), what,
                     g_strerror (saved_errno));
      cs_topology_unref (self);
      return NULL;
    }
  if (hwloc_get_nbobjs_by_type (self->topo, HWLOC_OBJ_PU) <= 0)
    {
      g_set_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID,
                   _("%s: the topology has no processing units"), what);
      cs_topology_unref (self);
      return NULL;
    }
  collect_summary (self);
  return self;
}

CsTopology *
cs_topology_new_local (GError **error)
{
  CsTopology *self = topology_alloc (error);

  if (self == NULL)
    return NULL;
  return topology_finish_load (self, _("this machine"), NULL, error);
}

CsTopology *
_cs_topology_new_from_xml_in_process (const char *xml, gsize length, const char *what,
                                      GError **error)
{
  g_autofree char *invalid = g_strdup_printf (_("%s: not a valid hwloc XML topology"), what);
  CsTopology *self;

  /* hwloc wants the length including the terminating NUL. */
  if (length == 0 || length >= G_MAXINT || memchr (xml, '<', length) == NULL)
    {
      g_set_error_literal (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID, invalid);
      return NULL;
    }
  self = topology_alloc (error);
  if (self == NULL)
    return NULL;
  if (hwloc_topology_set_xmlbuffer (self->topo, xml, (int) length + 1) < 0)
    {
      g_set_error_literal (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID, invalid);
      cs_topology_unref (self);
      return NULL;
    }
  return topology_finish_load (self, what, invalid, error);
}

/* hwloc 2.9 crashes on some crafted XML (lstopo too), and topologies arrive from other
 * machines inside result files. So a throw-away corescope-topology-probe loads the XML first;
 * only if it survives do we load it here. The probe costs a process start (a millisecond). */
/* Sends xml to fd; the probe may die before reading it all, hence MSG_NOSIGNAL (no SIGPIPE). */
static void
send_all (int fd, const char *xml, gsize length)
{
  while (length > 0)
    {
      ssize_t n = send (fd, xml, length, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      xml += n;
      length -= (gsize) n;
    }
}

/* corescope-topology-probe, next to corescope-worker (installed or in the build tree); NULL
 * when it is not there. */
static char *
probe_executable (void)
{
  const char *worker = cs_program_worker_path ();
  g_autofree char *dir = worker != NULL ? g_path_get_dirname (worker) : NULL;
  char *probe = dir != NULL ? g_build_filename (dir, "corescope-topology-probe", NULL) : NULL;

  if (probe != NULL && !g_file_test (probe, G_FILE_TEST_IS_EXECUTABLE))
    g_clear_pointer (&probe, g_free);
  return probe;
}

/* Starts corescope-topology-probe with stdin on a socket; -1 when it cannot. */
static pid_t
spawn_probe (const char *probe, int stdin_fd)
{
  extern char **environ;
  char *argv[] = { (char *) probe, NULL };
  posix_spawn_file_actions_t actions;
  pid_t pid = -1;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_adddup2 (&actions, stdin_fd, STDIN_FILENO);
  posix_spawn_file_actions_addopen (&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen (&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  if (posix_spawn (&pid, probe, &actions, NULL, argv, environ) != 0)
    pid = -1;
  posix_spawn_file_actions_destroy (&actions);
  return pid;
}

/* hwloc 2.9 crashes on some crafted XML (lstopo too), and topologies arrive from other
 * machines inside result files. So a throw-away corescope-topology-probe loads the XML first;
 * only if it survives do we load it here. The probe costs a process start (about a
 * millisecond); it uses posix_spawn and waitpid directly so that it starts no thread in the
 * caller. */
static gboolean
xml_survives_probe (const char *xml, gsize length, const char *what, GError **error)
{
  g_autofree char *probe = probe_executable ();
  int sv[2];
  pid_t pid;
  int status = 0;

  /* Without the probe (a broken installation) there is nothing to probe with: load as before. */
  if (probe == NULL || socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return TRUE;
  pid = spawn_probe (probe, sv[1]);
  close (sv[1]);
  if (pid > 0)
    send_all (sv[0], xml, length);
  close (sv[0]);
  if (pid <= 0)
    return TRUE;
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (!WIFSIGNALED (status))
    return TRUE;
  g_set_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID,
               _("%s: hwloc crashed while reading this topology (%s); it was not loaded"),
               what, WTERMSIG (status) == SIGALRM ? _("it took too long")
                                                  : g_strsignal (WTERMSIG (status)));
  return FALSE;
}

static CsTopology *
new_from_xml (const char *xml, gsize length, const char *what, GError **error)
{
  if (length > 0 && !xml_survives_probe (xml, length, what, error))
    return NULL;
  return _cs_topology_new_from_xml_in_process (xml, length, what, error);
}

int
_cs_topology_check_xml_main (void)
{
  g_autoptr (GByteArray) xml = g_byte_array_new ();
  g_autoptr (CsTopology) topology = NULL;
  guint8 buffer[65536];
  ssize_t n;

  alarm (10); /* a hang is as bad as a crash: SIGALRM ends the probe */
  while ((n = read (STDIN_FILENO, buffer, sizeof buffer)) > 0)
    g_byte_array_append (xml, buffer, (guint) n);
  if (n < 0)
    return 2;
  g_byte_array_append (xml, (const guint8 *) "", 1);
  topology = _cs_topology_new_from_xml_in_process ((const char *) xml->data, xml->len - 1,
                                                   "stdin", NULL);
  return topology != NULL ? 0 : 1;
}

CsTopology *
cs_topology_new_from_xml_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  /* Read it ourselves so that a missing file says so, rather than "invalid XML". */
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID, "%s",
                   local_error->message);
      return NULL;
    }
  return new_from_xml (contents, length, display, error);
}

CsTopology *
cs_topology_new_from_xml_buffer (const char *xml, gssize length, GError **error)
{
  g_autofree char *copy = NULL;

  g_return_val_if_fail (xml != NULL, NULL);

  /* hwloc needs a NUL-terminated buffer; a counted one may not be. */
  if (length < 0)
    length = (gssize) strlen (xml);
  copy = g_strndup (xml, (gsize) length);
  return new_from_xml (copy, strlen (copy), _("XML topology"), error);
}

/* hwloc builds every object of a synthetic description, so "pack:1000 core:1000 pu:1000" would
 * take minutes and gigabytes before failing. Linux supports at most 8192 CPUs (NR_CPUS):
 * refuse descriptions whose arities multiply past this. */
#define MAX_SYNTHETIC_LEAVES 8192

static gboolean
synthetic_is_small (const char *description)
{
  double leaves = 1;

  /* Every count: digits after a ':' ("core:4", also "a:2core:4" which hwloc accepts) or at the
   * start of a word ("2 2 2"); not those inside attributes ("(memory=1GB)", "indexes=0,1"). */
  for (const char *p = description; *p != '\0'; p++)
    {
      gboolean starts_count = g_ascii_isdigit (*p) &&
                              (p == description || p[-1] == ':' || g_ascii_isspace (p[-1]));

      if (!starts_count)
        continue;
      leaves *= g_ascii_strtod (p, NULL);
      if (leaves > MAX_SYNTHETIC_LEAVES)
        return FALSE;
      while (g_ascii_isdigit (p[1]))
        p++;
    }
  return TRUE;
}

CsTopology *
cs_topology_new_synthetic (const char *description, GError **error)
{
  g_autofree char *invalid = NULL;
  g_autofree char *shown = NULL;
  CsTopology *self;

  g_return_val_if_fail (description != NULL, NULL);

  /* Messages must be UTF-8 whatever the user typed, or printing them fails. */
  shown = g_utf8_make_valid (description, -1);
  if (!synthetic_is_small (description))
    {
      g_set_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID,
                   _("“%s”: more than %d processing units; describe a smaller machine"),
                   shown, MAX_SYNTHETIC_LEAVES);
      return NULL;
    }
  invalid = g_strdup_printf (_("“%s”: not a valid hwloc synthetic description "
                               "(expected something like “pack:2 core:4 pu:2”)"), shown);
  self = topology_alloc (error);
  if (self == NULL)
    return NULL;
  if (hwloc_topology_set_synthetic (self->topo, description) < 0)
    {
      g_set_error_literal (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_INVALID, invalid);
      cs_topology_unref (self);
      return NULL;
    }
  return topology_finish_load (self, shown, invalid, error);
}

CsTopology *
cs_topology_ref (CsTopology *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_atomic_rc_box_acquire (self);
}

void
cs_topology_unref (CsTopology *self)
{
  g_return_if_fail (self != NULL);
  g_atomic_rc_box_release_full (self, (GDestroyNotify) cs_topology_clear);
}

/* ---- accessors ---------------------------------------------------------------------------- */

gboolean
cs_topology_is_this_system (CsTopology *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->is_this_system;
}

guint
cs_topology_get_n_packages (CsTopology *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_packages;
}

guint
cs_topology_get_n_numa_nodes (CsTopology *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_numa_nodes;
}

guint
cs_topology_get_n_cores (CsTopology *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_cores;
}

guint
cs_topology_get_n_pus (CsTopology *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_pus;
}

guint
cs_topology_get_smt_width (CsTopology *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->smt_width;
}

guint64
cs_topology_get_total_memory (CsTopology *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->total_memory;
}

const char *
cs_topology_get_cpu_model (CsTopology *self)
{
  g_return_val_if_fail (self != NULL, "");
  return self->cpu_model;
}

const GArray *
cs_topology_get_caches (CsTopology *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->caches;
}

const CsTopoNode *
cs_topology_get_root (CsTopology *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->root;
}

char *
cs_topology_export_xml (CsTopology *self, GError **error)
{
  char *buffer = NULL;
  int length = 0;
  char *copy;

  g_return_val_if_fail (self != NULL, NULL);

  if (hwloc_topology_export_xmlbuffer (self->topo, &buffer, &length, 0) < 0)
    {
      g_set_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_LOAD,
                   _("Could not export the topology as XML: %s"), g_strerror (errno));
      return NULL;
    }
  copy = g_strdup (buffer);
  hwloc_free_xmlbuffer (self->topo, buffer);
  return copy;
}

/* "32 MiB", "48 KiB": cache sizes are whole binary units, so drop g_format_size's ".0". */
static char *
format_cache_size (guint64 bytes)
{
  /* Cache sizes are far below 4 GiB units, so a guint holds the count. */
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
    /* TRANSLATORS: a cache size in mebibytes */
    return g_strdup_printf (_("%u MiB"), (guint) (bytes / (1024 * 1024)));
  if (bytes >= 1024 && bytes % 1024 == 0)
    /* TRANSLATORS: a cache size in kibibytes */
    return g_strdup_printf (_("%u KiB"), (guint) (bytes / 1024));
  return g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);
}

/* The largest cache level, e.g. "L3 32 MiB" or "2 × L3 16 MiB"; NULL when there is none. */
static char *
describe_last_level_cache (CsTopology *self)
{
  const CsCacheInfo *best = NULL;
  g_autofree char *size = NULL;

  for (guint i = 0; i < self->caches->len; i++)
    {
      const CsCacheInfo *info = &g_array_index (self->caches, CsCacheInfo, i);
      if (!info->is_instruction && (best == NULL || info->level > best->level))
        best = info;
    }
  if (best == NULL)
    return NULL;
  size = format_cache_size (best->size_bytes);
  if (best->n_instances > 1)
    /* TRANSLATORS: e.g. "2 × L3 16 MiB": two L3 caches of 16 MiB each */
    return g_strdup_printf (_("%u × L%u %s"), best->n_instances, best->level, size);
  /* TRANSLATORS: e.g. "L3 32 MiB" */
  return g_strdup_printf (_("L%u %s"), best->level, size);
}

char *
cs_topology_describe (CsTopology *self)
{
  GString *out;
  g_autofree char *cache = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, ngettext ("%u package", "%u packages", self->n_packages),
                          self->n_packages);
  if (self->n_numa_nodes > 1)
    g_string_append_printf (out, ngettext (", %u NUMA node", ", %u NUMA nodes",
                                           self->n_numa_nodes), self->n_numa_nodes);
  g_string_append_printf (out, ngettext (", %u core", ", %u cores", self->n_cores),
                          self->n_cores);
  g_string_append_printf (out, ngettext (", %u PU", ", %u PUs", self->n_pus), self->n_pus);
  cache = describe_last_level_cache (self);
  if (cache != NULL)
    g_string_append_printf (out, ", %s", cache);
  return g_string_free (out, FALSE);
}

/* ---- placements --------------------------------------------------------------------------- */

static void
placement_set_single (CsWorkerPlacement *placement, guint pu)
{
  placement->n_pus = 1;
  placement->pus = g_new (guint, 1);
  placement->pus[0] = pu;
}

/* hwloc_distrib spreads n cpusets over the tree in proportion to the PUs below each object:
 * packages and NUMA nodes first, then cores, and it only splits a core once there are more
 * workers than cores. Each worker keeps the first PU of its share, so that it does not float
 * within it. The spread depends on n, so it is computed for min (n, PUs) workers. */
static GArray *
scatter_order (CsTopology *self, guint n_workers)
{
  guint n = MIN (n_workers, self->n_pus);
  hwloc_obj_t root = hwloc_get_root_obj (self->topo);
  g_autofree hwloc_cpuset_t *sets = g_new0 (hwloc_cpuset_t, n);
  GArray *order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);

  hwloc_distrib (self->topo, &root, 1, sets, n, G_MAXINT, 0);
  for (guint i = 0; i < n; i++)
    {
      guint pu;

      g_assert (sets[i] != NULL);
      pu = (guint) hwloc_bitmap_first (sets[i]);
      g_array_append_val (order, pu);
      hwloc_bitmap_free (sets[i]);
    }
  return order;
}

static gboolean
fill_placements (CsTopology        *self,
                 CsPlacementPolicy  policy,
                 CsWorkerPlacement *placements,
                 guint              n_workers)
{
  g_autoptr (GArray) order = NULL;

  switch (policy)
    {
    case CS_PLACEMENT_NONE:
      return TRUE; /* every placement stays empty: the OS decides */
    case CS_PLACEMENT_COMPACT:
      order = g_array_ref (self->pus);
      break;
    case CS_PLACEMENT_SCATTER:
      order = scatter_order (self, n_workers);
      break;
    case CS_PLACEMENT_CORES_ONLY:
      order = g_array_ref (self->core_first_pus);
      break;
    default:
      return FALSE;
    }
  /* More workers than slots: wrap round-robin, so PUs (or cores) are shared evenly. */
  for (guint i = 0; i < n_workers; i++)
    placement_set_single (&placements[i], g_array_index (order, guint, i % order->len));
  return TRUE;
}

CsWorkerPlacement *
cs_topology_place (CsTopology         *self,
                   CsPlacementPolicy   policy,
                   guint               n_workers,
                   GError            **error)
{
  CsWorkerPlacement *placements;

  g_return_val_if_fail (self != NULL, NULL);

  if (n_workers == 0)
    {
      g_set_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_PLACEMENT,
                   _("A placement needs at least one worker"));
      return NULL;
    }
  placements = g_new0 (CsWorkerPlacement, n_workers);
  if (!fill_placements (self, policy, placements, n_workers))
    {
      cs_worker_placements_free (placements, n_workers);
      g_set_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_PLACEMENT,
                   _("Unknown placement policy %d"), (int) policy);
      return NULL;
    }
  return placements;
}

void
cs_worker_placements_free (CsWorkerPlacement *placements, guint n_workers)
{
  if (placements == NULL)
    return;
  for (guint i = 0; i < n_workers; i++)
    g_free (placements[i].pus);
  g_free (placements);
}

static int
compare_guint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;
  return x < y ? -1 : x > y;
}

char *
cs_worker_placement_to_string (const CsWorkerPlacement *placement)
{
  g_autofree guint *sorted = NULL;
  GString *out;

  g_return_val_if_fail (placement != NULL, NULL);

  out = g_string_new (NULL);
  sorted = g_memdup2 (placement->pus, placement->n_pus * sizeof (guint));
  if (placement->n_pus > 0)
    qsort (sorted, placement->n_pus, sizeof (guint), compare_guint);
  for (guint i = 0; i < placement->n_pus;)
    {
      guint j = i;
      while (j + 1 < placement->n_pus && sorted[j + 1] <= sorted[j] + 1)
        j++;
      if (out->len > 0)
        g_string_append_c (out, ',');
      if (sorted[j] == sorted[i])
        g_string_append_printf (out, "%u", sorted[i]);
      else
        g_string_append_printf (out, "%u-%u", sorted[i], sorted[j]);
      i = j + 1;
    }
  return g_string_free (out, FALSE);
}

gboolean
cs_worker_placement_bind_current_thread (const CsWorkerPlacement *placement,
                                         GError                 **error)
{
  guint max_pu = 0;
  cpu_set_t *set;
  size_t size;
  int rc;

  g_return_val_if_fail (placement != NULL, FALSE);

  if (placement->n_pus == 0)
    return TRUE;
  for (guint i = 0; i < placement->n_pus; i++)
    max_pu = MAX (max_pu, placement->pus[i]);
  /* A dynamic set: machines may have more PUs than the fixed CPU_SETSIZE. */
  set = CPU_ALLOC (max_pu + 1);
  size = CPU_ALLOC_SIZE (max_pu + 1);
  CPU_ZERO_S (size, set);
  for (guint i = 0; i < placement->n_pus; i++)
    CPU_SET_S (placement->pus[i], size, set);
  rc = pthread_setaffinity_np (pthread_self (), size, set);
  CPU_FREE (set);
  if (rc != 0)
    {
      g_autofree char *pus = cs_worker_placement_to_string (placement);
      g_set_error (error, CS_TOPOLOGY_ERROR, CS_TOPOLOGY_ERROR_PLACEMENT,
                   _("Could not bind the thread to PUs %s: %s"), pus, g_strerror (rc));
      return FALSE;
    }
  return TRUE;
}
