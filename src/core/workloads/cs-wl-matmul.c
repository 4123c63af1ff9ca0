/* cs-wl-matmul.c: blocked dense matrix multiplication, one band of result rows per task
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-presets-private.h"
#include "cs-wl-util.h"

typedef struct
{
  guint   n, block;
  double *a, *b;    /* n × n, row-major; built identically in every process */
} Matmul;

static const CsParamSpec params[] = {
  { "size", CS_PARAM_INT, "512", 16, 8192, N_("rows"), N_("Matrix size"),
    N_("Rows (and columns) of the square matrices.") },
  { "block", CS_PARAM_INT, "32", 4, 1024, N_("rows"), N_("Block size"),
    N_("Edge of the cache blocks; each task computes this many rows of the result.") },
};

/* Small integer entries keep every sum exact, so the checksum does not depend on anything but
 * the arithmetic being right. */
static Matmul *
matmul_new (const CsParams *p)
{
  Matmul *m = g_new0 (Matmul, 1);
  gsize nn;

  m->n = cs_params_get_int (p, "size");
  m->block = MIN ((guint) cs_params_get_int (p, "block"), m->n);
  nn = (gsize) m->n * m->n;
  m->a = g_new (double, nn);
  m->b = g_new (double, nn);
  for (guint i = 0; i < m->n; i++)
    for (guint j = 0; j < m->n; j++)
      {
        m->a[(gsize) i * m->n + j] = (double) ((i * 7 + j * 3) % 17) - 8;
        m->b[(gsize) i * m->n + j] = (double) ((i * 5 + j * 11) % 13) - 6;
      }
  return m;
}

static void
matmul_free (Matmul *m)
{
  g_free (m->a);
  g_free (m->b);
  g_free (m);
}

static gboolean
matmul_prepare (CsWorkload *wl, GError **error)
{
  guint n = cs_params_get_int (wl->params, "size");
  guint block = MIN ((guint) cs_params_get_int (wl->params, "block"), n);
  guint64 bytes = 3 * (guint64) n * n * sizeof (double);
  guint64 avail = _cs_wl_available_memory ();

  if (avail != 0 && bytes * (wl->n_workers + 1) > avail / 2)
    {
      g_autofree char *need = g_format_size_full (bytes, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_RESOURCES,
                   _("size: %u×%u matrices need %s per process, too much for the available "
                     "memory (use a smaller size)"), n, n, need);
      return FALSE;
    }
  wl->n_tasks = (n + block - 1) / block;
  return TRUE;
}

static gboolean
matmul_attach (CsWorkload *wl, GError **error)
{
  if (wl->priv == NULL)
    wl->priv = matmul_new (wl->params);
  return TRUE;
}

static gpointer
matmul_worker_new (CsWorkload *wl, guint worker_index, GError **error)
{
  const Matmul *m = wl->priv;

  return g_new (double, (gsize) m->block * m->n);
}

static void
matmul_worker_free (CsWorkload *wl, gpointer scratch)
{
  g_free (scratch);
}

/* C[rows] = A[rows] · B, blocked over k and j so that a block of B stays in cache while it is
 * reused by every row of the band. */
static void
multiply_band (const Matmul *m, CsTaskContext *ctx, guint row0, guint rows, double *c)
{
  guint n = m->n, bs = m->block;

  memset (c, 0, sizeof (double) * rows * n);
  for (guint kk = 0; kk < n; kk += bs)
    for (guint jj = 0; jj < n; jj += bs)
      for (guint i = 0; i < rows; i++)
        {
          const double *arow = m->a + (gsize) (row0 + i) * n;
          double *crow = c + (gsize) i * n;

          for (guint k = kk; k < MIN (kk + bs, n); k++)
            {
              double aik = arow[k];
              const double *brow = m->b + (gsize) k * n;

              for (guint j = jj; j < MIN (jj + bs, n); j++)
                crow[j] += aik * brow[j];
            }
          cs_task_checkpoint (ctx);
        }
}

static gboolean
matmul_run_task (CsWorkload *wl, CsTaskContext *ctx, guint64 task, const CsPayload *input,
                 CsTaskOutput *output, GError **error)
{
  const Matmul *m = wl->priv;
  double *c = ctx->scratch;
  guint row0 = task * m->block;
  guint rows = MIN (m->block, m->n - row0);

  multiply_band (m, ctx, row0, rows, c);
  output->checksum = 0;
  for (guint i = 0; i < rows; i++)
    {
      guint64 row_sum = 0;

      for (guint j = 0; j < m->n; j++)
        row_sum = row_sum * 31 + (guint64) (gint64) c[(gsize) i * m->n + j];
      output->checksum += _cs_wl_mix (row_sum ^ ((guint64) (row0 + i) << 40));
    }
  return TRUE;
}

static void
matmul_detach (CsWorkload *wl)
{
  g_clear_pointer ((Matmul **) &wl->priv, matmul_free);
}

const CsPreset cs_preset_matmul = {
  .name = "matmul",
  .title = N_("Matrix multiply: cache-friendly compute"),
  .summary = N_("Blocked dense matrix multiplication"),
  .description = N_("Multiplies two dense square matrices of doubles, blocked so that each "
                    "piece of the second matrix is reused from cache many times. Every task "
                    "computes one band of rows of the result. The work is regular and each "
                    "core mostly uses its own caches, so this is close to the best case for "
                    "parallel speed-up, until the matrices no longer fit in the shared cache "
                    "and the cores start to compete for memory bandwidth."),
  .expected = N_("Near-linear speed-up in thread and process modes up to the number of "
                 "physical cores, little extra from hyper-threads; gil mode flat."),
  .icon_name = "view-app-grid-symbolic",
  .category = CS_CATEGORY_CPU,
  .work_unit = N_("row bands"),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .prepare = matmul_prepare,
  .attach = matmul_attach,
  .worker_new = matmul_worker_new,
  .worker_free = matmul_worker_free,
  .run_task = matmul_run_task,
  .detach = matmul_detach,
};
