/* cs-mpi-worker-main.c: corescope-mpi-worker: rank 0 speaks the driver protocol, all ranks work
 *
 * Copyright 2026 The Corescope authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "corescope-mpi-worker"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cs-mpi-worker.h"

/* Started as `mpirun … corescope-mpi-worker`, normally by Corescope's mpi backend (see
 * src/core/backends/DRIVERS.md). mpirun forwards its stdin to rank 0 and rank 0's stdout to its
 * own, so rank 0 reads one JSON request a line and answers with one line; it turns each request
 * into a command that it broadcasts, and every rank then takes part in it. */

#define MAX_LINE (1024 * 1024)

typedef struct
{
  int cmd;      /* CsMpiCommand */
  int workers;  /* CS_MPI_CMD_RUN */
  int length;   /* CS_MPI_CMD_OPEN: bytes of the request line that follows */
} Header;

static void
write_reply (const CsMpiJob *job, JsonNode *reply)
{
  g_autofree char *text = json_to_string (reply, FALSE);
  g_autofree char *line = g_strconcat (text, "\n", NULL);
  gsize left = strlen (line);
  const char *p = line;

  while (left > 0)
    {
      ssize_t n = write (job->out_fd, p, left);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        exit (1); /* Corescope is gone: nobody to answer */
      p += n;
      left -= (gsize) n;
    }
  json_node_unref (reply);
}

/* The other ranks wait for a command without spinning (cs-mpi-comm.c); rank 0 is the root. */
static void
bcast_header (Header *h)
{
  MPI_Request request;

  MPI_Ibcast (h, 3, MPI_INT, 0, MPI_COMM_WORLD, &request);
  cs_mpi_wait_napping (&request);
}

static JsonNode *
open_reply (const CsMpiWorkload *w, JsonNode *info)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "ok");
  json_builder_add_boolean_value (b, TRUE);
  json_builder_set_member_name (b, "n_tasks");
  json_builder_add_int_value (b, (gint64) w->wl->n_tasks);
  json_builder_set_member_name (b, "info");
  json_builder_add_value (b, info);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Every rank: (re)build the workload of the request; rank 0 gets the reply. */
static JsonNode *
do_open (CsMpiJob *job, CsMpiWorkload *w, char **line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *info;

  cs_mpi_bcast_string (line, 0, MPI_COMM_WORLD);
  cs_mpi_workload_close (w);
  /* rank 0 checked that it parses to an object before sending it */
  json_parser_load_from_data (parser, *line, -1, NULL);
  if (!cs_mpi_workload_open (w, json_node_get_object (json_parser_get_root (parser)), job,
                             &error))
    return job->rank == 0 ? cs_mpi_error_reply (error->message) : NULL;
  info = cs_mpi_job_info (job);
  return job->rank == 0 ? open_reply (w, info) : NULL;
}

/* Ranks other than 0: follow rank 0's commands until told to quit. */
static void
follow (CsMpiJob *job, CsMpiWorkload *w)
{
  for (;;)
    {
      Header h = { 0 };
      g_autofree char *line = NULL;

      bcast_header (&h);
      switch (h.cmd)
        {
        case CS_MPI_CMD_OPEN:
          do_open (job, w, &line);
          break;
        case CS_MPI_CMD_RUN:
          cs_mpi_run_pass (job, w, h.workers);
          break;
        default:
          return;
        }
    }
}

static JsonNode *
handle_run (CsMpiJob *job, CsMpiWorkload *w, JsonObject *request)
{
  JsonNode *node = json_object_get_member (request, "workers");
  Header h = { CS_MPI_CMD_RUN, 0, 0 };
  g_autofree char *message = NULL;

  if (w->wl == NULL)
    return cs_mpi_error_reply ("run: no workload is open (send `open` first)");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64 || json_node_get_int (node) < 1
      || json_node_get_int (node) > job->size)
    {
      message = g_strdup_printf ("workers: must be an integer from 1 to %d, the ranks of this "
                                 "job (start mpirun with more ranks for more workers)",
                                 job->size);
      return cs_mpi_error_reply (message);
    }
  h.workers = (int) json_node_get_int (node);
  bcast_header (&h);
  return cs_mpi_run_pass (job, w, h.workers);
}

static JsonObject *
parse_request (JsonParser *parser, const char *line, char **error_message)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, line, -1, &error))
    {
      *error_message = g_strdup_printf ("request is not JSON: %s", error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      *error_message = g_strdup ("request is not a JSON object");
      return NULL;
    }
  return json_node_get_object (root);
}

/* Rank 0: one request; FALSE after quit. */
static gboolean
handle_line (CsMpiJob *job, CsMpiWorkload *w, char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *error = NULL;
  JsonObject *request = parse_request (parser, line, &error);
  const char *op = request != NULL
                   ? json_object_get_string_member_with_default (request, "op", "") : "";
  Header h = { 0 };

  if (request == NULL)
    write_reply (job, cs_mpi_error_reply (error));
  else if (g_str_equal (op, "open"))
    {
      h.cmd = CS_MPI_CMD_OPEN;
      bcast_header (&h);
      write_reply (job, do_open (job, w, &line));
    }
  else if (g_str_equal (op, "run"))
    write_reply (job, handle_run (job, w, request));
  else if (g_str_equal (op, "quit"))
    {
      write_reply (job, json_from_string ("{\"ok\": true}", NULL));
      return FALSE;
    }
  else
    {
      error = g_strdup_printf ("op: unknown request \"%s\" (open, run or quit)", op);
      write_reply (job, cs_mpi_error_reply (error));
    }
  return TRUE;
}

/* Rank 0: requests until quit or EOF (which means quit), then tell the others. */
static void
lead (CsMpiJob *job, CsMpiWorkload *w)
{
  char *line = NULL;
  size_t alloc = 0;
  ssize_t n;
  Header h = { CS_MPI_CMD_QUIT, 0, 0 };

  while ((n = getline (&line, &alloc, stdin)) > 0)
    {
      if (line[n - 1] == '\n')
        line[--n] = '\0';
      if (n > MAX_LINE)
        write_reply (job, cs_mpi_error_reply ("request longer than 1 MiB"));
      else if (n > 0 && !handle_line (job, w, line))
        break;
    }
  free (line);
  bcast_header (&h);
}

/* A rank must not outlive the daemon that started it: if mpirun or orted is killed (Corescope
 * SIGKILLs mpirun's process group on timeout), the kernel kills us too, so no rank is left
 * spinning in MPI. A parent already gone before the call is caught by the getppid() check. */
static void
die_with_parent (void)
{
  pid_t parent = getppid ();

  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  if (getppid () != parent || parent == 1)
    _exit (1);
}

static int
usage (const char *argv0, int status)
{
  fprintf (status == 0 ? stdout : stderr,
           "usage: mpirun [OPTIONS] %s\n"
           "       %s --supported   print the presets this worker can run, one a line\n"
           "Rank 0 reads Corescope's driver protocol on stdin (src/core/backends/DRIVERS.md).\n",
           argv0, argv0);
  return status;
}

int
main (int argc, char **argv)
{
  CsMpiJob job = { 0 };
  CsMpiWorkload workload = { 0 };
  int provided = 0;

  if (argc == 2 && g_str_equal (argv[1], "--supported"))
    {
      cs_mpi_print_supported ();
      return 0;
    }
  if (argc > 1)
    return usage (argv[0], g_str_equal (argv[1], "--help") ? 0 : 2);
  die_with_parent ();
  /* Every thread the rank starts from now on (MPI's own, worker 0's) counts: each rank counts
   * itself on its own host, and a persistent job outlives the run that started it. */
  job.perf = cs_perf_counters_open ();
  cs_perf_counters_enable (job.perf);
  /* SERIALIZED lets worker 0 serve the other ranks between its tasks (cs-mpi-pass.c); with
   * only FUNNELED the main thread alone does. */
  MPI_Init_thread (&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
  if (provided < MPI_THREAD_FUNNELED)
    {
      fprintf (stderr, "corescope-mpi-worker: the MPI library offers no MPI_THREAD_FUNNELED\n");
      MPI_Abort (MPI_COMM_WORLD, 1);
    }
  /* stdout is the protocol's: anything a kernel or library prints goes to stderr instead */
  job.out_fd = dup (STDOUT_FILENO);
  dup2 (STDERR_FILENO, STDOUT_FILENO);
  job.serialized = provided >= MPI_THREAD_SERIALIZED;
  workload.shared_win = MPI_WIN_NULL;
  cs_mpi_job_describe_self (&job);
  if (job.rank == 0)
    lead (&job, &workload);
  else
    follow (&job, &workload);
  cs_mpi_workload_close (&workload);
  cs_mpi_job_clear (&job);
  MPI_Finalize ();
  cs_perf_counters_free (job.perf);
  return 0;
}
