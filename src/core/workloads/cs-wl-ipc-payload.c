/* cs-wl-ipc-payload.c: a payload of configurable size goes to the worker and comes back
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-presets-private.h"
#include "cs-wl-util.h"

/* Every task reads its whole input and writes an output of the same size, so the work per byte
 * is the same in every mode. What differs is the transport: threads receive a pointer to the
 * parent's buffer and hand back one to their scratch, process workers get both copied through
 * their channel, the cost pickling adds to multiprocessing. */
typedef struct
{
  gsize   size;
  guint8 *inputs;      /* parent side: n_inputs distinct payloads, one after the other */
  guint   n_inputs;
  guint64 received;    /* parent side: a hash of the outputs merged so far */
} Ipc;

#define N_INPUTS 4

static const CsParamSpec params[] = {
  { "tasks", CS_PARAM_INT, "32", 1, 1000000, N_("tasks"), N_("Tasks"),
    N_("How many tasks make up one run.") },
  { "payload-size", CS_PARAM_SIZE, "4MiB", 1, 1073741824.0, "KiB", N_("Payload size"),
    N_("Bytes sent to the worker with each task, and bytes sent back.") },
};

static Ipc *
ipc_new (const CsParams *p)
{
  Ipc *ipc = g_new0 (Ipc, 1);

  ipc->size = cs_params_get_size (p, "payload-size");
  return ipc;
}

static void
ipc_free (Ipc *ipc)
{
  g_free (ipc->inputs);
  g_free (ipc);
}

static gboolean
ipc_prepare (CsWorkload *wl, GError **error)
{
  Ipc *ipc = ipc_new (wl->params);
  guint64 avail = _cs_wl_available_memory ();

  /* inputs here, plus an input and an output buffer in each worker and the channel's copies */
  if (avail != 0 && (guint64) ipc->size * (N_INPUTS + 4 * (wl->n_workers + 1)) > avail / 2)
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_RESOURCES,
                   _("payload-size: payloads this large for %u workers would exhaust the "
                     "available memory (use a smaller payload-size)"), wl->n_workers);
      ipc_free (ipc);
      return FALSE;
    }
  ipc->n_inputs = N_INPUTS;
  ipc->inputs = g_malloc ((gsize) ipc->size * N_INPUTS);
  for (gsize i = 0; i < ipc->size * N_INPUTS; i += 8)
    {
      guint64 v = _cs_wl_mix (i);

      memcpy (ipc->inputs + i, &v, MIN (8, ipc->size * N_INPUTS - i));
    }
  g_clear_pointer ((Ipc **) &wl->priv, ipc_free);
  wl->priv = ipc;
  wl->n_tasks = cs_params_get_int (wl->params, "tasks");
  return TRUE;
}

static gboolean
ipc_attach (CsWorkload *wl, GError **error)
{
  if (wl->priv == NULL)
    wl->priv = ipc_new (wl->params);
  return TRUE;
}

static gpointer
ipc_worker_new (CsWorkload *wl, guint worker_index, GError **error)
{
  const Ipc *ipc = wl->priv;

  return g_malloc (MAX (ipc->size, 1));
}

static void
ipc_worker_free (CsWorkload *wl, gpointer scratch)
{
  g_free (scratch);
}

static gboolean
ipc_task_input (CsWorkload *wl, guint64 task, CsPayload *input, GError **error)
{
  const Ipc *ipc = wl->priv;

  input->data = ipc->inputs + (task % ipc->n_inputs) * ipc->size;
  input->size = ipc->size;
  return TRUE;
}

/* The output is the input with each 64-bit word mixed with the task number: one read and one
 * write per byte, about what unpickling and pickling touch. */
static gboolean
ipc_run_task (CsWorkload *wl, CsTaskContext *ctx, guint64 task, const CsPayload *input,
              CsTaskOutput *output, GError **error)
{
  const Ipc *ipc = wl->priv;
  guint8 *out = ctx->scratch;
  guint64 key = _cs_wl_mix (task + 1), sum = 0;
  gsize words = ipc->size / 8;

  if (input == NULL || input->size != ipc->size)
    {
      g_set_error (error, CS_WORKLOAD_ERROR, CS_WORKLOAD_ERROR_TASK,
                   "ipc-payload: task %" G_GUINT64_FORMAT " arrived with the wrong size", task);
      return FALSE;
    }
  for (gsize w = 0; w < words; w++)
    {
      guint64 v;

      memcpy (&v, input->data + w * 8, 8);
      v ^= key;
      sum += v;
      memcpy (out + w * 8, &v, 8);
      if ((w & 1023) == 1023)
        cs_task_checkpoint (ctx);
    }
  for (gsize i = words * 8; i < ipc->size; i++)
    sum += out[i] = input->data[i] ^ (guint8) key;
  output->checksum = _cs_wl_mix (sum ^ task);
  output->data = out;
  output->size = ipc->size;
  return TRUE;
}

/* The parent looks at what came back, as a caller would use a result. */
static void
ipc_task_output (CsWorkload *wl, guint64 task, const CsPayload *output)
{
  Ipc *ipc = wl->priv;

  if (output->size > 0)
    ipc->received += output->data[0] + output->data[output->size - 1];
}

static void
ipc_detach (CsWorkload *wl)
{
  if (wl->in_worker_process)
    g_clear_pointer ((Ipc **) &wl->priv, ipc_free);
}

static void
ipc_finish (CsWorkload *wl)
{
  g_clear_pointer ((Ipc **) &wl->priv, ipc_free);
}

const CsPreset cs_preset_ipc_payload = {
  .name = "ipc-payload",
  .title = N_("IPC payload: the cost of copying"),
  .summary = N_("Each task sends data to its worker and gets as much back"),
  .description = N_("Each task sends a payload of the chosen size to a worker, which reads "
                    "all of it and returns a transformed payload of the same size. Threads "
                    "share memory, so they only pass pointers; processes have to copy every "
                    "byte through a pipe in both directions, as multiprocessing does after "
                    "pickling. The computation is deliberately light, so the transport "
                    "dominates: this is why inter-process communication is slower and why "
                    "processes pay off only when tasks compute a lot per byte they receive."),
  .expected = N_("Thread mode scales with workers; process mode is several times slower at "
                 "every worker count for large payloads and gains little from more workers."),
  .icon_name = "mail-send-receive-symbolic",
  .category = CS_CATEGORY_COORDINATION,
  .work_unit = N_("tasks"),
  .params = params,
  .n_params = G_N_ELEMENTS (params),
  .prepare = ipc_prepare,
  .attach = ipc_attach,
  .worker_new = ipc_worker_new,
  .worker_free = ipc_worker_free,
  .task_input = ipc_task_input,
  .run_task = ipc_run_task,
  .task_output = ipc_task_output,
  .detach = ipc_detach,
  .finish = ipc_finish,
};
