/* cs-system-check.c: is this machine quiet enough to measure on? (load, steal, frequency,
 * throttling, SMT, isolated CPUs), each finding with what to do about it
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-check"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs-system-check.h"

/* The checks of `pyperf system show`, for what a sweep of workers cares about: anything else
 * that runs (load, busy processes, another VM's steal) takes CPU time from the workers; a
 * frequency that changes with load or heat (governor, boost, throttling) makes one worker run
 * faster than two; SMT siblings are not whole cores; isolated CPUs are the quiet ones. Every
 * file read here may be missing (containers, VMs, other architectures): such a check says "not
 * exposed here" and the others go on. */

/* Thresholds, with why. */
#define BUSY_PROCESS_PERCENT 5.0  /* of one CPU: a process this busy changes a 2-core sweep */
#define OTHERS_WARN_PERCENT 10.0  /* other processes together, of one CPU */
#define LOAD_WARN_PER_CPU 0.5     /* 1-minute load per CPU: half the CPUs busy on average */
#define STEAL_WARN_PERCENT 1.0    /* a hypervisor that takes 1 % shifts medians by as much */
#define FREQ_SPREAD_NOTE 0.10     /* current frequencies 10 % apart: a core is slowed */
#define N_BUSIEST 3

/* ---- parsers ------------------------------------------------------------------------------ */

gboolean
cs_proc_stat_parse_total (const char *text, CsCpuTicks *out)
{
  guint64 f[8] = { 0 };
  const char *p;
  char *end;

  g_return_val_if_fail (out != NULL, FALSE);
  if (text == NULL || !g_str_has_prefix (text, "cpu "))
    return FALSE;
  p = text + 4;
  for (guint i = 0; i < G_N_ELEMENTS (f); i++)
    {
      f[i] = g_ascii_strtoull (p, &end, 10);
      if (end == p)
        {
          /* Kernels before 2.6.11 have no steal field; before that, four are required. */
          if (i < 4)
            return FALSE;
          break;
        }
      p = end;
    }
  out->total = f[0] + f[1] + f[2] + f[3] + f[4] + f[5] + f[6] + f[7];
  out->idle = f[3] + f[4];
  out->steal = f[7];
  return TRUE;
}

double
cs_cpu_ticks_steal_percent (const CsCpuTicks *before, const CsCpuTicks *after)
{
  g_return_val_if_fail (before != NULL && after != NULL, 0);
  if (after->total <= before->total || after->steal < before->steal)
    return 0;
  return 100.0 * (after->steal - before->steal) / (after->total - before->total);
}

gboolean
cs_loadavg_parse (const char *text, double load[3])
{
  const char *p = text;
  char *end;

  if (text == NULL)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      load[i] = g_ascii_strtod (p, &end);
      if (end == p)
        return FALSE;
      p = end;
    }
  return TRUE;
}

gboolean
cs_proc_pid_stat_parse (const char *text, char **comm, guint64 *ticks)
{
  const char *open, *close, *p;
  guint64 utime, stime;
  char *end;

  if (text == NULL || (open = strchr (text, '(')) == NULL ||
      (close = strrchr (text, ')')) == NULL || close < open)
    return FALSE;
  /* After ") ": state, ppid, pgrp, session, tty_nr, tpgid, flags, minflt, cminflt, majflt,
   * cmajflt, then utime and stime (fields 14 and 15 of proc(5)). */
  p = close + 1;
  for (guint i = 0; i < 11; i++)
    {
      while (*p == ' ')
        p++;
      p = strchr (p, ' ');
      if (p == NULL)
        return FALSE;
    }
  utime = g_ascii_strtoull (p, &end, 10);
  if (end == p)
    return FALSE;
  p = end;
  stime = g_ascii_strtoull (p, &end, 10);
  if (end == p)
    return FALSE;
  if (comm != NULL)
    *comm = g_strndup (open + 1, close - open - 1);
  if (ticks != NULL)
    *ticks = utime + stime;
  return TRUE;
}

int
cs_cpu_list_count (const char *text)
{
  g_auto (GStrv) items = NULL;
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  int count = 0;

  if (*copy == '\0')
    return 0;
  items = g_strsplit (copy, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *end;
      guint64 a = g_ascii_strtoull (items[i], &end, 10), b = a;

      if (end == items[i])
        return -1;
      if (*end == '-')
        {
          const char *q = end + 1;
          b = g_ascii_strtoull (q, &end, 10);
          if (end == q || b < a)
            return -1;
        }
      if (*end != '\0')
        return -1;
      count += (int) (b - a + 1);
    }
  return count;
}

/* ---- reading the machine ------------------------------------------------------------------ */

typedef struct
{
  const char *root;
  gboolean    is_self;   /* root is "/": this process is one of those listed */
} Reader;

static char *
read_file (const Reader *r, const char *path)
{
  g_autofree char *full = g_build_filename (r->root, path, NULL);
  char *text = NULL;

  if (!g_file_get_contents (full, &text, NULL, NULL))
    return NULL;
  return text;
}

static char *
read_line (const Reader *r, const char *path)
{
  char *text = read_file (r, path);

  return text != NULL ? g_strstrip (text) : NULL;
}

static gboolean
read_u64 (const Reader *r, const char *path, guint64 *out)
{
  g_autofree char *text = read_line (r, path);
  char *end;

  if (text == NULL)
    return FALSE;
  *out = g_ascii_strtoull (text, &end, 10);
  return end != text;
}

static guint
count_cpus (const char *proc_stat)
{
  g_auto (GStrv) lines = g_strsplit (proc_stat != NULL ? proc_stat : "", "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    n += g_str_has_prefix (lines[i], "cpu") && g_ascii_isdigit (lines[i][3]);
  return MAX (n, 1);
}

/* CPU ticks of every process, by pid. */
static GHashTable *
sample_processes (const Reader *r, GHashTable *names)
{
  GHashTable *ticks = g_hash_table_new (NULL, NULL);
  g_autofree char *proc = g_build_filename (r->root, "proc", NULL);
  g_autoptr (GDir) dir = g_dir_open (proc, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL, *text = NULL, *comm = NULL;
      guint64 pid = g_ascii_strtoull (name, NULL, 10), t;

      if (!g_ascii_isdigit (*name) || (r->is_self && pid == (guint64) getpid ()))
        continue;
      path = g_build_filename ("proc", name, "stat", NULL);
      text = read_file (r, path);
      if (!cs_proc_pid_stat_parse (text, &comm, &t))
        continue;
      g_hash_table_insert (ticks, GSIZE_TO_POINTER (pid), GSIZE_TO_POINTER ((gsize) t));
      g_hash_table_insert (names, GSIZE_TO_POINTER (pid), g_steal_pointer (&comm));
    }
  return ticks;
}

static guint64
sum_throttle_counts (const Reader *r, guint n_cpus, gboolean *exposed)
{
  guint64 sum = 0;

  *exposed = FALSE;
  for (guint c = 0; c < n_cpus; c++)
    {
      const char *files[] = { "core_throttle_count", "package_throttle_count" };
      for (guint f = 0; f < G_N_ELEMENTS (files); f++)
        {
          g_autofree char *path = g_strdup_printf ("sys/devices/system/cpu/cpu%u/"
                                                   "thermal_throttle/%s", c, files[f]);
          guint64 v;
          if (read_u64 (r, path, &v))
            {
              sum += v;
              *exposed = TRUE;
            }
        }
    }
  return sum;
}

/* Everything sampled twice, interval_s apart. */
typedef struct
{
  char       *stat_text;
  CsCpuTicks  cpu;
  gboolean    have_cpu;
  GHashTable *ticks;      /* pid -> ticks */
  guint64     throttle;
  gboolean    have_throttle;
} Sample;

static void
take_sample (const Reader *r, GHashTable *names, guint n_cpus, Sample *s)
{
  s->stat_text = read_file (r, "proc/stat");
  s->have_cpu = cs_proc_stat_parse_total (s->stat_text, &s->cpu);
  s->ticks = sample_processes (r, names);
  s->throttle = sum_throttle_counts (r, n_cpus, &s->have_throttle);
}

static void
sample_clear (Sample *s)
{
  g_clear_pointer (&s->stat_text, g_free);
  g_clear_pointer (&s->ticks, g_hash_table_unref);
}

/* ---- findings ----------------------------------------------------------------------------- */

static void
add (CsSystemCheck *check, const char *id, CsCheckSeverity severity, char *summary,
     const char *advice)
{
  CsCheckFinding *f = g_new0 (CsCheckFinding, 1);

  f->id = g_strdup (id);
  f->severity = severity;
  f->summary = summary;
  f->advice = g_strdup (advice);
  g_ptr_array_add (check->findings, f);
}

static void
finding_free (CsCheckFinding *f)
{
  g_free (f->id);
  g_free (f->summary);
  g_free (f->advice);
  g_free (f);
}

static void
not_exposed (CsSystemCheck *check, const char *id, const char *what)
{
  add (check, id, CS_CHECK_NOT_EXPOSED, g_strdup_printf (_("%s: not exposed here"), what), NULL);
}

static void
check_load (CsSystemCheck *check, const Reader *r, guint n_cpus)
{
  g_autofree char *text = read_line (r, "proc/loadavg");
  double load[3];

  if (!cs_loadavg_parse (text, load))
    {
      not_exposed (check, "load", _("Load average"));
      return;
    }
  gboolean high = load[0] > LOAD_WARN_PER_CPU * n_cpus;
  add (check, "load", high ? CS_CHECK_WARNING : CS_CHECK_OK,
       g_strdup_printf (_("Load average %.2f %.2f %.2f on %u CPUs"), load[0], load[1], load[2],
                        n_cpus),
       high ? _("Other work is running: stop it, or wait until the load falls below "
                "half the CPUs before a sweep") : NULL);
}

typedef struct
{
  guint64 pid;
  double  percent;
} Busy;

static int
compare_busy (gconstpointer a, gconstpointer b)
{
  double x = ((const Busy *) a)->percent, y = ((const Busy *) b)->percent;
  return (x < y) - (x > y);
}

static void
check_processes (CsSystemCheck *check, GHashTable *names, const Sample *a, const Sample *b)
{
  g_autoptr (GArray) busy = g_array_new (FALSE, FALSE, sizeof (Busy));
  g_autoptr (GString) list = g_string_new (NULL);
  double hz = sysconf (_SC_CLK_TCK), total = 0;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, b->ticks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer before;
      if (!g_hash_table_lookup_extended (a->ticks, key, NULL, &before))
        continue;
      Busy item = { GPOINTER_TO_SIZE (key),
                    100.0 * (GPOINTER_TO_SIZE (value) - GPOINTER_TO_SIZE (before)) / hz /
                    check->interval_s };
      total += item.percent;
      g_array_append_val (busy, item);
    }
  g_array_sort (busy, compare_busy);
  for (guint i = 0; i < MIN (busy->len, N_BUSIEST); i++)
    {
      const Busy *item = &g_array_index (busy, Busy, i);
      if (item->percent < BUSY_PROCESS_PERCENT)
        break;
      g_string_append_printf (list, "%s%s (pid %" G_GUINT64_FORMAT ") %.0f %%",
                              list->len > 0 ? ", " : "",
                              (const char *) g_hash_table_lookup (names,
                                                                  GSIZE_TO_POINTER (item->pid)),
                              item->pid, item->percent);
    }
  gboolean warn = total > OTHERS_WARN_PERCENT;
  add (check, "processes", warn ? CS_CHECK_WARNING : CS_CHECK_OK,
       list->len > 0 ? g_strdup_printf (_("Other processes used %.0f %% of a CPU; busiest: %s"),
                                        total, list->str)
                     : g_strdup_printf (_("Other processes used %.0f %% of a CPU"), total),
       warn ? _("Stop or pause the busiest processes before a sweep: each takes CPU time from "
                "the workers") : NULL);
}

static void
check_steal (CsSystemCheck *check, const Sample *a, const Sample *b)
{
  if (!a->have_cpu || !b->have_cpu)
    {
      not_exposed (check, "steal", _("Steal time"));
      return;
    }
  double steal = cs_cpu_ticks_steal_percent (&a->cpu, &b->cpu);
  gboolean warn = steal > STEAL_WARN_PERCENT;
  add (check, "steal", warn ? CS_CHECK_WARNING : CS_CHECK_OK,
       g_strdup_printf (_("Steal time %.1f %% (the hypervisor ran other guests on these CPUs)"),
                        steal),
       warn ? _("This virtual machine shares its host's CPUs: measure on dedicated vCPUs or "
                "bare metal, or repeat sweeps and compare") : NULL);
}

static void
check_governor (CsSystemCheck *check, const Reader *r, guint n_cpus)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GString) list = g_string_new (NULL);
  gboolean all_performance = TRUE;

  for (guint c = 0; c < n_cpus; c++)
    {
      g_autofree char *path = g_strdup_printf ("sys/devices/system/cpu/cpu%u/cpufreq/"
                                               "scaling_governor", c);
      g_autofree char *gov = read_line (r, path);
      if (gov == NULL || g_hash_table_contains (seen, gov))
        continue;
      all_performance &= g_str_equal (gov, "performance");
      g_string_append_printf (list, "%s%s", list->len > 0 ? ", " : "", gov);
      g_hash_table_add (seen, g_steal_pointer (&gov));
    }
  if (list->len == 0)
    {
      not_exposed (check, "governor", _("CPU frequency governor"));
      return;
    }
  add (check, "governor", all_performance ? CS_CHECK_OK : CS_CHECK_NOTE,
       g_strdup_printf (_("CPU frequency governor: %s"), list->str),
       all_performance ? NULL
                       : _("The frequency follows the load, so one busy worker may run at a "
                           "higher clock than several: `sudo cpupower frequency-set -g "
                           "performance` for the sweep"));
}

static void
check_boost (CsSystemCheck *check, const Reader *r)
{
  guint64 v;
  gboolean on;

  if (read_u64 (r, "sys/devices/system/cpu/cpufreq/boost", &v))
    on = v != 0;
  else if (read_u64 (r, "sys/devices/system/cpu/intel_pstate/no_turbo", &v))
    on = v == 0;
  else
    {
      not_exposed (check, "boost", _("Turbo boost"));
      return;
    }
  add (check, "boost", on ? CS_CHECK_NOTE : CS_CHECK_OK,
       g_strdup (on ? _("Turbo boost is on") : _("Turbo boost is off")),
       on ? _("A single busy core boosts higher than all of them, which flatters one worker: "
              "turn it off for the sweep (write 0 to /sys/devices/system/cpu/cpufreq/boost, "
              "or 1 to /sys/devices/system/cpu/intel_pstate/no_turbo)") : NULL);
}

static void
check_frequencies (CsSystemCheck *check, const Reader *r, guint n_cpus)
{
  guint64 lo = G_MAXUINT64, hi = 0;
  guint n = 0;

  for (guint c = 0; c < n_cpus; c++)
    {
      g_autofree char *path = g_strdup_printf ("sys/devices/system/cpu/cpu%u/cpufreq/"
                                               "scaling_cur_freq", c);
      guint64 khz;
      if (!read_u64 (r, path, &khz) || khz == 0)
        continue;
      lo = MIN (lo, khz);
      hi = MAX (hi, khz);
      n++;
    }
  if (n == 0)
    {
      not_exposed (check, "frequency", _("Current CPU frequencies"));
      return;
    }
  gboolean spread = (double) (hi - lo) / hi > FREQ_SPREAD_NOTE;
  add (check, "frequency", spread ? CS_CHECK_NOTE : CS_CHECK_OK,
       g_strdup_printf (_("Current frequencies %.0f–%.0f MHz over %u CPUs"), lo / 1e3, hi / 1e3,
                        n),
       spread ? _("The CPUs run at different clocks now: a worker placed on a slow one takes "
                  "longer; use the performance governor or let the machine settle") : NULL);
}

static void
check_throttle (CsSystemCheck *check, const Sample *a, const Sample *b)
{
  if (!b->have_throttle)
    {
      not_exposed (check, "throttle", _("Thermal throttling counters"));
      return;
    }
  guint64 grew = b->throttle - MIN (a->throttle, b->throttle);
  add (check, "throttle", grew > 0 ? CS_CHECK_WARNING : b->throttle > 0 ? CS_CHECK_NOTE
                                                                       : CS_CHECK_OK,
       g_strdup_printf (_("Thermal throttling events: %" G_GUINT64_FORMAT " since boot, %"
                          G_GUINT64_FORMAT " during the check"), b->throttle, grew),
       grew > 0 ? _("The CPU is slowing itself down to cool: improve cooling or let it rest; "
                    "runs measured now are slower than they should be")
       : b->throttle > 0 ? _("The CPU has throttled before: long sweeps may heat it again")
       : NULL);
}

static void
check_smt (CsSystemCheck *check, const Reader *r)
{
  guint64 active;

  if (!read_u64 (r, "sys/devices/system/cpu/smt/active", &active))
    {
      not_exposed (check, "smt", _("Simultaneous multithreading (SMT)"));
      return;
    }
  add (check, "smt", active ? CS_CHECK_NOTE : CS_CHECK_OK,
       g_strdup (active ? _("SMT is on: two processing units share each core")
                        : _("SMT is off: every processing unit is a core")),
       active ? _("Workers beyond the number of cores share a core and gain less: read the "
                  "speed-up against cores, or pin workers with a placement") : NULL);
}

static void
check_cpu_list (CsSystemCheck *check, const Reader *r, const char *id, const char *file,
                const char *what)
{
  g_autofree char *path = g_build_filename ("sys/devices/system/cpu", file, NULL);
  g_autofree char *text = read_line (r, path);
  int n = text != NULL ? cs_cpu_list_count (text) : -1;

  if (n < 0)
    {
      not_exposed (check, id, what);
      return;
    }
  if (n == 0)
    add (check, id, CS_CHECK_NOTE, g_strdup_printf (_("%s: none"), what),
         g_str_equal (id, "isolated")
           ? _("For the quietest runs, boot with isolcpus= (or use a cgroup cpuset) to keep "
               "other tasks off the CPUs the workers use")
           : _("Without nohz_full the timer tick interrupts every worker; for the least "
               "jitter boot with nohz_full= on the isolated CPUs"));
  else
    add (check, id, CS_CHECK_OK, g_strdup_printf (_("%s: %s (%d CPUs)"), what, text, n),
         _("Place the workers on these CPUs (a placement in the sweep options)"));
}

CsSystemCheck *
cs_system_check_run (const char *root, double interval_s)
{
  g_autoptr (GHashTable) names = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  Reader r = { root != NULL ? root : "/", root == NULL || g_str_equal (root, "/") };
  CsSystemCheck *check = g_new0 (CsSystemCheck, 1);
  Sample a = { 0 }, b = { 0 };
  guint n_cpus;

  check->findings = g_ptr_array_new_with_free_func ((GDestroyNotify) finding_free);
  check->interval_s = MAX (interval_s, 0.01);
  {
    g_autofree char *stat_text = read_file (&r, "proc/stat");
    n_cpus = count_cpus (stat_text);
  }
  take_sample (&r, names, n_cpus, &a);
  g_usleep ((gulong) (check->interval_s * G_USEC_PER_SEC));
  take_sample (&r, names, n_cpus, &b);

  check_load (check, &r, n_cpus);
  check_processes (check, names, &a, &b);
  check_steal (check, &a, &b);
  check_governor (check, &r, n_cpus);
  check_boost (check, &r);
  check_frequencies (check, &r, n_cpus);
  check_throttle (check, &a, &b);
  check_smt (check, &r);
  check_cpu_list (check, &r, "isolated", "isolated", _("Isolated CPUs"));
  check_cpu_list (check, &r, "nohz_full", "nohz_full", _("Tickless CPUs (nohz_full)"));
  sample_clear (&a);
  sample_clear (&b);
  return check;
}

void
cs_system_check_free (CsSystemCheck *check)
{
  if (check == NULL)
    return;
  g_ptr_array_unref (check->findings);
  g_free (check);
}

CsCheckSeverity
cs_system_check_get_worst (const CsSystemCheck *check)
{
  CsCheckSeverity worst = CS_CHECK_OK;

  g_return_val_if_fail (check != NULL, CS_CHECK_OK);
  for (guint i = 0; i < check->findings->len; i++)
    {
      const CsCheckFinding *f = g_ptr_array_index (check->findings, i);
      if (f->severity != CS_CHECK_NOT_EXPOSED && f->severity > worst)
        worst = f->severity;
    }
  return worst;
}

const char *
cs_check_severity_to_string (CsCheckSeverity severity)
{
  switch (severity)
    {
    case CS_CHECK_OK:
      return "ok";
    case CS_CHECK_NOTE:
      return "note";
    case CS_CHECK_WARNING:
      return "warning";
    case CS_CHECK_NOT_EXPOSED:
    default:
      return "not-exposed";
    }
}
