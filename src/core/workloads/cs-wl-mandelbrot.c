/* cs-wl-mandelbrot.c: render the Mandelbrot set in row tasks of very uneven cost
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-presets-private.h"
#include "cs-wl-util.h"

/* The view covers the upper half of the set and a little below the real axis: rows near the
 * axis cross the main cardioid and cost max-iter iterations per pixel, rows near the top escape
 * after a few. Splitting the rows into one block per worker therefore gives the lower block far
 * more work, which is the point of the preset. */
#define VIEW_X0 (-2.2)
#define VIEW_X1 0.8
#define VIEW_Y0 (-0.1)
#define VIEW_Y1 1.3

typedef struct
{
  guint32 row0, row1; /* rows [row0, row1) of one task; this is the task's input payload */
} RowRange;

typedef struct
{
  guint     width, height, max_iter;
  RowRange *ranges; /* parent side: n_tasks entries */
} Mandelbrot;

static const char *const schedules[] = { "dynamic", "static", NULL };

static const CsParamSpec params[] = {
  { "width", CS_PARAM_INT, "480", 16, 16384, N_("pixels"), N_("Width"),
    N_("Image width in pixels.") },
  { "height", CS_PARAM_INT, "360", 4, 16384, N_("rows"), N_("Height"),
    N_("Image height in pixels (rows).") },
  { "max-iter", CS_PARAM_INT, "300", 10, 100000, N_("iterations"), N_("Iterations"),
    N_("Iterations before a point counts as inside the set: the cost of the dark rows.") },
  { "schedule", CS_PARAM_CHOICE, "dynamic", 0, 0, NULL, N_("Schedule"),
    N_("dynamic: small row chunks pulled by idle workers; static: one contiguous block of "
       "rows per worker."), schedules },
  { "rows-per-task", CS_PARAM_INT, "2", 1, 16384, N_("rows"), N_("Rows per task"),
    N_("Rows in each task with the dynamic schedule (the chunk size).") },
};

static Mandelbrot *
mandelbrot_from_params (const CsParams *p)
{
  Mandelbrot *m = g_new0 (Mandelbrot, 1);

  m->width = cs_params_get_int (p, "width");
  m->height = cs_params_get_int (p, "height");
  m->max_iter = cs_params_get_int (p, "max-iter");
  return m;
}

static void
mandelbrot_free (Mandelbrot *m)
{
  g_free (m->ranges);
  g_free (m);
}

static gboolean
mandelbrot_prepare (CsWorkload *wl, GError **error)
{
  Mandelbrot *m = mandelbrot_from_params (wl->params);
  gboolean is_static = g_str_equal (cs_params_get_string (wl->params, "schedule"), "static");
  guint rows = cs_params_get_int (wl->params, "rows-per-task");
  guint n = is_static ? MAX (1, wl->n_workers) : (m->height + rows - 1) / rows;

  n = MIN (n, m->height);
  m->ranges = g_new0 (RowRange, n);
  for (guint i = 0; i < n; i++)
    {
      m->ranges[i].row0 = is_static ? (guint64) i * m->height / n : i * rows;
      m->ranges[i].row1 = is_static ? (guint64) (i + 1) * m->height / n
                                    : MIN (m->height, (i + 1) * rows);
    }
  g_clear_pointer ((Mandelbrot **) &wl->priv, mandelbrot_free);
  wl->priv = m;
  wl->n_tasks = n;
  return TRUE;
}

static gboolean
mandelbrot_attach (CsWorkload *wl, GError **error)
{
  if (wl->priv == NULL)
    wl->priv = mandelbrot_from_params (wl->params);
  return TRUE;
}

static gboolean
mandelbrot_task_input (CsWorkload *wl, guint64 task, CsPayload *input, GError **error)
{
  Mandelbrot *m = wl->priv;

  input->data = (const guint8 *) &m->ranges[task];
  input->size = sizeof (RowRange);
  return TRUE;
}

static guint64
render_row (const Mandelbrot *m, CsTaskContext *ctx, guint row)
{
  double ci = VIEW_Y1 - (VIEW_Y1 - VIEW_Y0) * row / (m->height - 1);
  guint64 sum = 0;

  for (guint col = 0; col < m->width; col++)
    {
      double cr = VIEW_X0 + (VIEW_X1 - VIEW_X0) * col / (m->width - 1);
      double zr = 0, zi = 0;
      guint it = 0;

      while (it < m->max_iter && zr * zr + zi * zi <= 4.0)
        {
          double t = zr * zr - zi * zi + cr;

          zi = 2 * zr * zi + ci;
          zr = t;
          it++;
        }
      sum = sum * 31 + it;
      /* a pixel is at most max-iter iterations: a few microseconds at the defaults */
      cs_task_checkpoint (ctx);
    }
  return _cs_wl_mix (sum ^ ((guint64) row << 40));
}

static gboolean
mandelbrot_run_task (CsWorkload *wl, CsTaskContext *ctx, guint64 task, const CsPayload *input,
                     CsTaskOutput *output, GError **error)
{
  const Mandelbrot *m = wl->priv;
  RowRange range;

  if (input == NULL || input->size != sizeof range)
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_TASK,
                   "mandelbrot: task %" G_GUINT64_FORMAT " arrived without its row range", task);
      return FALSE;
    }
  memcpy (&range, input->data, sizeof range);
  output->checksum = 0;
  /* per-row checksums are added, so any split of the rows gives the same total */
  for (guint row = range.row0; row < range.row1 && row < m->height; row++)
    output->checksum += render_row (m, ctx, row);
  return TRUE;
}

static void
mandelbrot_detach (CsWorkload *wl)
{
  if (wl->in_worker_process)
    g_clear_pointer ((Mandelbrot **) &wl->priv, mandelbrot_free);
}

static void
mandelbrot_finish (CsWorkload *wl)
{
  g_clear_pointer ((Mandelbrot **) &wl->priv, mandelbrot_free);
}

const CsPreset cs_preset_mandelbrot = {
  .name = "mandelbrot",
  .title = N_("Mandelbrot: uneven row tasks"),
  .summary = N_("Render a fractal whose rows cost very different amounts"),
  .description = N_("Renders part of the Mandelbrot set, one task per few rows. Rows that "
                    "cross the set need hundreds of iterations per pixel, rows outside it only "
                    "a few, so tasks are very uneven. With the dynamic schedule idle workers "
                    "pull the next small chunk and all finish together; with the static "
                    "schedule each worker gets one contiguous block and the one with the dark "
                    "rows finishes last. Compare the two schedules, and try larger row chunks, "
                    "to see why load balancing and chunk size matter."),
  .expected = N_("Dynamic: close to linear in thread and process modes up to the number of "
                 "cores. Static: clearly below it, because the slowest block sets the time. "
                 "gil: flat in both."),
  .icon_name = "applications-science-symbolic",
  .category = CS_CATEGORY_CPU,
  .work_unit = N_("tasks"),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .prepare = mandelbrot_prepare,
  .attach = mandelbrot_attach,
  .task_input = mandelbrot_task_input,
  .run_task = mandelbrot_run_task,
  .detach = mandelbrot_detach,
  .finish = mandelbrot_finish,
};
