#!/usr/bin/env bash
# bench-mpi.sh: the mpi backend's own costs: mpirun start-up and per-task dispatch
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   build-aux/bench-mpi.sh [REPS]     (default 5; BUILD_DIR=build)
#
# Start-up: from launching mpirun to corescope-mpi-worker's reply to `open` (what Corescope
# reports as startup_s), at 1 and 2 ranks on this host and at 2 ranks on 2 hosts of
# build-aux/netns-cluster.sh (the namespaces are made once, before any timing). Dispatch:
# tiny-tasks with one spin iteration per task (nothing but dispatch), 20000 tasks in chunks of
# 1, at 1 and 2 workers: wall time per task, and per task of rank 1 (which gets every chunk
# through a round trip to rank 0, while rank 0's own thread takes its chunks with an atomic
# add). Medians of REPS.
#
# Then the same two costs through Corescope's mpi mode next to process mode's, as `corescope run`
# measures them (the backend's own mpirun command line): start-up is the runs' startup_s with
# per-run pools (mpi: mpirun launch to the open reply; process: worker creation to ready), and
# dispatch the wall time per task of tiny-tasks with persistent pools. Medians of REPS.
#
# Open MPI refuses root without its two allow variables: they are set for this script's mpirun
# only. Local jobs stay on loopback and shared memory; the 2-host job inside the namespaces.
#
# needs: mpirun ip date sort sed seq bc realpath awk mktemp
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
REPS=${1:-5}
WORKER=$(realpath "$BUILD_DIR/src/mpi/corescope-mpi-worker")
CLI=$(realpath "$BUILD_DIR/src/cli/corescope-cli")
TMP=$(mktemp -d)
CLUSTER=build-aux/netns-cluster.sh
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

LOCAL=(--oversubscribe --mca pml ob1 --mca btl self,vader --mca oob_tcp_if_include lo
       --mca odls_base_sigkill_timeout 0 --bind-to core:overload-allowed)
OPEN_CPU='{"op":"open","workload":{"preset":"cpu","params":{"tasks":2,"numbers":10},"n_tasks":2}}'
OPEN_TINY='{"op":"open","chunk_size":1,"workload":{"preset":"tiny-tasks","params":{"tasks":20000,
"task-time":1e-6},"env":{"CS_TINY_TASKS_ITERATIONS":"1"},"n_tasks":20000}}'
OPEN_TINY=${OPEN_TINY//$'\n'/}

now_us() { echo $(( $(date +%s%N) / 1000 )); }
median() { sort -n | sed -n "$(( (REPS + 1) / 2 ))p"; }
field() { sed -n "s/.*\"$1\":\([0-9.e+-]*\).*/\1/p"; }
rank1_tasks() { sed -n 's/.*"rank_tasks":\[[0-9]*,\{0,1\}\([0-9]*\).*/\1/p'; }

# One job: prints "startup_us" then the wall_s of each `run WORKERS` given after the open line.
job() {
  local prefix=$1 open=$2; shift 2
  local t0 line w
  t0=$(now_us)
  coproc MPI { eval "$prefix" mpirun '"${ARGS[@]}"' "$WORKER"; }
  echo "$open" >&"${MPI[1]}"
  read -r line <&"${MPI[0]}"
  case "$line" in *'"ok":true'*) ;; *) echo "open failed: $line" >&2; exit 1 ;; esac
  echo $(( $(now_us) - t0 ))
  for w in "$@"; do
    echo "{\"op\":\"run\",\"workers\":$w}" >&"${MPI[1]}"
    read -r line <&"${MPI[0]}"
    echo "$(echo "$line" | field wall_s) $(echo "$line" | rank1_tasks)"
  done
  echo '{"op":"quit"}' >&"${MPI[1]}"
  read -r line <&"${MPI[0]}"
  wait "$MPI_PID"
}

startup() {
  local what=$1 prefix=$2 r
  for r in $(seq "$REPS"); do job "$prefix" "$OPEN_CPU" | head -n 1; done | median |
    { read -r us; printf '%-34s start-up %7.1f ms\n' "$what" "$(echo "$us / 1000" | bc -l)"; }
}

dispatch() {
  local what=$1 prefix=$2 w r
  for w in 1 2; do
    for r in $(seq "$REPS"); do job "$prefix" "$OPEN_TINY" 2 "$w" | tail -n 1; done | median |
      { read -r s n1; printf '%-34s dispatch, %d worker(s): %6.2f us a task' "$what" "$w" \
                             "$(echo "$s * 1000000 / 20000" | bc -l)"
        [ "$w" -eq 1 ] || printf ', rank 1 ran %d: %.1f us each' "$n1" \
                                 "$(echo "$s * 1000000 / $n1" | bc -l)"
        echo; }
  done
}

for n in 1 2; do
  ARGS=("${LOCAL[@]}" -n "$n")
  startup "this host, $n rank(s):" ""
done
ARGS=("${LOCAL[@]}" -n 2)
dispatch "this host, 2 ranks:" ""

# Median of column COL of a runs CSV, per mode and worker count: "mode workers median".
csv_medians() {
  awk -F, -v col="$2" 'NR > 1 && $5 == "ok" { v[$2 " " $3] = v[$2 " " $3] " " $col }
    END { for (k in v) { n = split(v[k], a, " "); for (i = 1; i <= n; i++)
            for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
          print k, a[int((n + 1) / 2)] } }' "$1" | sort
}

backend() {
  local pool=$1 preset=$2; shift 2
  "$CLI" run --preset "$preset" "$@" --modes process,mpi --workers 1,2 --reps "$REPS" \
    --warmup 1 --placement compact --pool "$pool" -q --csv "$TMP/$pool.csv" > /dev/null
}

backend per-run cpu --param tasks=2 --param numbers=10
csv_medians "$TMP/per-run.csv" 10 | while read -r mode w s; do
  printf '%-34s start-up %7.1f ms\n' "backend $mode, $w worker(s):" "$(echo "$s * 1000" | bc -l)"
done
backend persistent tiny-tasks --param tasks=20000 --param task-time=1us --chunk-size 1
csv_medians "$TMP/persistent.csv" 7 | while read -r mode w s; do
  printf '%-34s dispatch: %6.2f us a task\n' "backend $mode, $w worker(s):" \
    "$(echo "$s * 1000000 / 20000" | bc -l)"
done
rm -rf "$TMP"

if reason=$($CLUSTER check); then
  trap '$CLUSTER down' EXIT
  $CLUSTER up 2
  mapfile -t ARGS < <($CLUSTER mpirun-args)
  ARGS+=(--leave-session-attached --bind-to none --map-by node -n 2)
  startup "2 namespace hosts, 2 ranks:" "ip netns exec cs-head"
  dispatch "2 namespace hosts, 2 ranks:" "ip netns exec cs-head"
else
  echo "2 namespace hosts: skipped ($reason)"
fi
