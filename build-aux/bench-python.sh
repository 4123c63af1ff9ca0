#!/usr/bin/env bash
# bench-python.sh: the CPython backends' own costs and the GIL's effect, with corescope-cli
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   build-aux/bench-python.sh [REPS]     (default 5; BUILD_DIR=build, PYTHON=/usr/bin/python3)
#
# Every figure is a median over REPS runs of corescope-cli (one warm-up round first), with the
# interpreter the python-* modes run given explicitly:
#   - speed-ups at 2 workers of cpu (python-thread: the GIL keeps it near 1; python-process with
#     fork: near 2 on an idle machine), of io-wait at 8 workers (waits release the GIL), and
#     tiny-tasks in both modes (process pools pay start-up and a pipe round trip per task);
#   - pool start-up (startup_s: median over workers of ready - pool creation) per start method,
#     per-run pools of 2 workers;
#   - dispatch per task: 2000 calls of a function that returns its argument (python-callable),
#     a persistent pool of one worker, chunks of 1: wall time per task;
#   - pickling per byte: ipc-payload, one task of 16 MiB (so no transfer overlaps another
#     task's work), a persistent pool of one worker, python-process minus python-thread (which
#     passes a view of the payload), divided by the bytes that cross the pipes (the payload
#     there and the result back).
# Timing figures need an otherwise idle machine; the load average is printed first.
#
# needs: python3 mktemp cut nproc rm
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
REPS=${1:-5}
PYTHON=${PYTHON:-/usr/bin/python3}
CLI="$BUILD_DIR/src/cli/corescope-cli"
export CORESCOPE_WORKER="$BUILD_DIR/src/worker/corescope-worker"
OUT=$(mktemp -d "${TMPDIR:-/tmp}/bench-python-XXXXXX")
trap 'rm -rf "$OUT"' EXIT

# run NAME ARGS...: a quiet sweep saved as $OUT/NAME.json
run() {
  local name=$1; shift
  "$CLI" run -q --python="$PYTHON" --reps "$REPS" --warmup 1 --json "$OUT/$name.json" "$@" \
    >/dev/null
}

# median NAME MODE WORKERS FIELD: the median of a run field at one point
median() {
  "$PYTHON" - "$OUT/$1.json" "$2" "$3" "$4" <<'EOF'
import json, statistics, sys
path, mode, workers, field = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
runs = [r for r in json.load(open(path))["runs"]
        if r["mode"] == mode and r["workers"] == workers and r["status"] == "ok"]
print(statistics.median(r[field] for r in runs) if runs else "nan")
EOF
}

calc() { "$PYTHON" -c "print(format($1, '$2'))"; }

speedup() {
  local name=$1 mode=$2 n=$3
  calc "$(median "$name" "$mode" 1 wall_s) / $(median "$name" "$mode" "$n" wall_s)" .2f
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) CPUs, $("$PYTHON" -V)"

run cpu --preset cpu --modes python-thread,python-process --start-method=fork \
  -P tasks=16 -P numbers=400 --workers 1,2
echo "cpu ×2 speed-up:        python-thread $(speedup cpu python-thread 2)," \
     "python-process (fork) $(speedup cpu python-process 2)"

run io --preset io-wait --modes python-thread -P tasks=32 -P latency=10ms --workers 1,8
echo "io-wait ×8 speed-up:    python-thread $(speedup io python-thread 8)"

run tiny --preset tiny-tasks --modes python-thread,python-process --start-method=fork \
  -P tasks=200 -P task-time=5us --workers 1,2
for mode in python-thread python-process; do
  echo "tiny-tasks $mode: ×1 $(calc "$(median tiny "$mode" 1 wall_s) * 1e3" .1f) ms," \
       "×2 $(calc "$(median tiny "$mode" 2 wall_s) * 1e3" .1f) ms"
done

for method in fork forkserver spawn; do
  run "start-$method" --preset cpu --modes python-process --start-method="$method" \
    -P tasks=2 -P numbers=10 --workers 2
  echo "start-up ($method, 2 workers): $(calc "$(median "start-$method" python-process 2 \
    startup_s) * 1e3" .1f) ms"
done

printf 'def noop(i):\n    return i\n' >"$OUT/noop.py"
run dispatch --python-callable "$OUT/noop.py:noop" --python-tasks 2000 \
  --modes python-thread,python-process --start-method=fork --pool=persistent --workers 1
for mode in python-thread python-process; do
  echo "dispatch per task ($mode): $(calc "$(median dispatch "$mode" 1 wall_s) / 2000 * 1e6" \
    .1f) µs"
done

size=$((16 * 1024 * 1024))
run ipc --preset ipc-payload --modes python-thread,python-process --start-method=fork \
  --pool=persistent -P tasks=1 -P payload-size=$size --workers 1
echo "pickling per byte (ipc-payload, 16 MiB there and back): $(calc "($(median ipc \
  python-process 1 wall_s) - $(median ipc python-thread 1 wall_s)) / (2 * $size) * 1e9" .2f) ns"
