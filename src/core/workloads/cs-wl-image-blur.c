/* cs-wl-image-blur.c: separable Gaussian blur of a generated image, in tiles of rows
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-presets-private.h"
#include "cs-wl-util.h"

/* A tile is a band of full-width rows, so its input (the band plus `radius` rows above and
 * below) is one contiguous slice of the source image: threads get a pointer into it, process
 * workers get a copy through their channel, and the blurred band comes back the same way. */
typedef struct
{
  guint   width, height, tile_rows, radius;
  float  *weights;  /* 2 * radius + 1 taps, summing to 1 */
  float  *source;   /* parent side: the generated image */
  float  *dest;     /* parent side: the blurred image, assembled by task_output */
} Blur;

typedef struct
{
  float *tmp;       /* horizontally blurred input rows */
  float *out;       /* the tile's output rows */
} BlurScratch;

static const CsParamSpec params[] = {
  { "width", CS_PARAM_INT, "1024", 16, 16384, N_("pixels"), N_("Width"),
    N_("Image width in pixels.") },
  { "height", CS_PARAM_INT, "768", 16, 16384, N_("pixels"), N_("Height"),
    N_("Image height in pixels.") },
  { "sigma", CS_PARAM_DOUBLE, "3", 0.3, 30, N_("pixels"), N_("Blur radius (sigma)"),
    N_("Standard deviation of the Gaussian; the kernel spans 3 sigma each side.") },
  { "tile-rows", CS_PARAM_INT, "32", 1, 16384, N_("rows"), N_("Rows per tile"),
    N_("Height of each tile (one task).") },
};

static Blur *
blur_from_params (const CsParams *p)
{
  Blur *b = g_new0 (Blur, 1);
  double sigma = cs_params_get_double (p, "sigma");
  double sum = 0;

  b->width = cs_params_get_int (p, "width");
  b->height = cs_params_get_int (p, "height");
  b->tile_rows = MIN ((guint) cs_params_get_int (p, "tile-rows"), b->height);
  b->radius = (guint) ceil (3 * sigma);
  b->weights = g_new0 (float, 2 * b->radius + 1);
  for (int k = -(int) b->radius; k <= (int) b->radius; k++)
    sum += b->weights[k + b->radius] = (float) exp (-(k * k) / (2 * sigma * sigma));
  for (guint k = 0; k < 2 * b->radius + 1; k++)
    b->weights[k] = (float) (b->weights[k] / sum);
  return b;
}

static void
blur_free (Blur *b)
{
  g_free (b->weights);
  g_free (b->source);
  g_free (b->dest);
  g_free (b);
}

static void
generate_image (Blur *b)
{
  b->source = g_new (float, (gsize) b->width * b->height);
  b->dest = g_new0 (float, (gsize) b->width * b->height);
  /* sharp edges and fine texture, so the blur changes every pixel */
  for (guint y = 0; y < b->height; y++)
    for (guint x = 0; x < b->width; x++)
      b->source[(gsize) y * b->width + x] =
        (float) ((((x / 16) ^ (y / 16)) & 1) * 0.5 + (_cs_wl_mix (y * 65537 + x) & 255) / 512.0);
}

static gboolean
blur_prepare (CsWorkload *wl, GError **error)
{
  Blur *b = blur_from_params (wl->params);

  generate_image (b);
  g_clear_pointer ((Blur **) &wl->priv, blur_free);
  wl->priv = b;
  wl->n_tasks = (b->height + b->tile_rows - 1) / b->tile_rows;
  return TRUE;
}

static gboolean
blur_attach (CsWorkload *wl, GError **error)
{
  if (wl->priv == NULL)
    wl->priv = blur_from_params (wl->params);
  return TRUE;
}

static gpointer
blur_worker_new (CsWorkload *wl, guint worker_index, GError **error)
{
  const Blur *b = wl->priv;
  BlurScratch *s = g_new0 (BlurScratch, 1);

  s->tmp = g_new (float, (gsize) (b->tile_rows + 2 * b->radius) * b->width);
  s->out = g_new (float, (gsize) b->tile_rows * b->width);
  return s;
}

static void
blur_worker_free (CsWorkload *wl, gpointer scratch)
{
  BlurScratch *s = scratch;

  g_free (s->tmp);
  g_free (s->out);
  g_free (s);
}

/* Rows [*lo, *hi) of the source that tile `task` reads, and [*row0, *row1) that it writes. */
static void
tile_rows (const Blur *b, guint64 task, guint *row0, guint *row1, guint *lo, guint *hi)
{
  *row0 = task * b->tile_rows;
  *row1 = MIN (b->height, *row0 + b->tile_rows);
  *lo = *row0 > b->radius ? *row0 - b->radius : 0;
  *hi = MIN (b->height, *row1 + b->radius);
}

static gboolean
blur_task_input (CsWorkload *wl, guint64 task, CsPayload *input, GError **error)
{
  const Blur *b = wl->priv;
  guint row0, row1, lo, hi;

  tile_rows (b, task, &row0, &row1, &lo, &hi);
  input->data = (const guint8 *) (b->source + (gsize) lo * b->width);
  input->size = (gsize) (hi - lo) * b->width * sizeof (float);
  return TRUE;
}

static void
blur_horizontal (const Blur *b, CsTaskContext *ctx, const float *in, float *out, guint rows)
{
  int r = b->radius, w = b->width;

  for (guint y = 0; y < rows; y++)
    {
      const float *src = in + (gsize) y * w;

      for (int x = 0; x < w; x++)
        {
          float acc = 0;

          for (int k = -r; k <= r; k++)
            acc += b->weights[k + r] * src[CLAMP (x + k, 0, w - 1)];
          out[(gsize) y * w + x] = acc;
          if ((x & 255) == 255)
            cs_task_checkpoint (ctx);
        }
    }
}

static guint64
blur_vertical (const Blur *b, CsTaskContext *ctx, const float *tmp, guint lo, guint row0,
               guint row1, float *out)
{
  int r = b->radius, w = b->width, last = b->height - 1;
  guint64 checksum = 0;

  for (guint y = row0; y < row1; y++)
    {
      guint64 row_sum = 0;

      for (int x = 0; x < w; x++)
        {
          float acc = 0;
          guint32 bits;

          for (int k = -r; k <= r; k++)
            acc += b->weights[k + r] * tmp[(gsize) (CLAMP ((int) y + k, 0, last) - lo) * w + x];
          out[(gsize) (y - row0) * w + x] = acc;
          memcpy (&bits, &acc, sizeof bits);
          row_sum = row_sum * 31 + bits;
          if ((x & 255) == 255)
            cs_task_checkpoint (ctx);
        }
      checksum += _cs_wl_mix (row_sum ^ ((guint64) y << 40));
    }
  return checksum;
}

static gboolean
blur_run_task (CsWorkload *wl, CsTaskContext *ctx, guint64 task, const CsPayload *input,
               CsTaskOutput *output, GError **error)
{
  const Blur *b = wl->priv;
  BlurScratch *s = ctx->scratch;
  guint row0, row1, lo, hi;

  tile_rows (b, task, &row0, &row1, &lo, &hi);
  if (input == NULL || input->size != (gsize) (hi - lo) * b->width * sizeof (float))
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_TASK,
                   "image-blur: tile %" G_GUINT64_FORMAT " arrived with the wrong size", task);
      return FALSE;
    }
  blur_horizontal (b, ctx, (const float *) input->data, s->tmp, hi - lo);
  output->checksum = blur_vertical (b, ctx, s->tmp, lo, row0, row1, s->out);
  output->data = (const guint8 *) s->out;
  output->size = (gsize) (row1 - row0) * b->width * sizeof (float);
  return TRUE;
}

static void
blur_task_output (CsWorkload *wl, guint64 task, const CsPayload *output)
{
  Blur *b = wl->priv;
  guint row0, row1, lo, hi;

  tile_rows (b, task, &row0, &row1, &lo, &hi);
  if (output->size == (gsize) (row1 - row0) * b->width * sizeof (float))
    memcpy (b->dest + (gsize) row0 * b->width, output->data, output->size);
}

static void
blur_detach (CsWorkload *wl)
{
  if (wl->in_worker_process)
    g_clear_pointer ((Blur **) &wl->priv, blur_free);
}

static void
blur_finish (CsWorkload *wl)
{
  g_clear_pointer ((Blur **) &wl->priv, blur_free);
}

const CsPreset cs_preset_image_blur = {
  .name = "image-blur",
  .title = N_("Image blur: tiles that travel"),
  .summary = N_("Gaussian blur of a generated image, one band of rows per task"),
  .description = N_("Blurs a generated greyscale image with a separable Gaussian filter "
                    "(a horizontal pass, then a vertical one), one band of rows per task. "
                    "Threads read the image in place and write their band into the result; "
                    "in process mode every band and its border rows are copied to the worker "
                    "and the blurred band is copied back, as pickled NumPy arrays would be. "
                    "The computation is the same in every mode, so the gap between thread and "
                    "process mode is the cost of moving the data."),
  .expected = N_("Thread mode scales almost linearly up to the number of cores; process mode "
                 "follows below it by the copying cost; gil mode stays flat."),
  .icon_name = "image-x-generic-symbolic",
  .category = CS_CATEGORY_CPU,
  .work_unit = N_("tiles"),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .prepare = blur_prepare,
  .attach = blur_attach,
  .worker_new = blur_worker_new,
  .worker_free = blur_worker_free,
  .task_input = blur_task_input,
  .run_task = blur_run_task,
  .task_output = blur_task_output,
  .detach = blur_detach,
  .finish = blur_finish,
};
