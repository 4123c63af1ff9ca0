#!/bin/sh
# bench-verdict.sh: how long an adaptive sweep takes to reach a verdict, idle and under load
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: build-aux/bench-verdict.sh [BUILD_DIR] [--hog]   (default: build)
# Runs `corescope run` on the cpu preset (thread, gil, process at 1..2 workers) with adaptive
# repetitions at 5 % precision (the default: rounds until every interval the verdict rests on
# decides, or --max-time, 60 s, has passed) and prints the time it took, why it stopped, the
# precision reached, the repetitions measured and the verdict. With --hog it measures a second
# time while a CPU hog (a shell loop, started here and killed by its PID) takes one core.
#
# needs: python3 date cut nproc
set -eu

build=build
hog=no
for arg in "$@"; do
  case $arg in
    --hog) hog=yes ;;
    -h|--help) sed -n '7,12p' "$0"; exit 0 ;;
    *) build=$arg ;;
  esac
done

cli="$build/src/cli/corescope-cli"
export CORESCOPE_WORKER="$build/src/worker/corescope-worker"
dir=$(mktemp -d)
HOG=
cleanup() {
  if [ -n "$HOG" ]; then kill "$HOG" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

# One sweep to a verdict; prints one line of figures and the verdict's headline.
measure() {
  label=$1
  json="$dir/$label.json"
  start=$(date +%s.%N)
  "$cli" run --preset cpu --modes thread,gil,process --workers 1-2 --precision 5% \
    --quiet --json "$json" > "$dir/$label.out"
  end=$(date +%s.%N)
  "$cli" analyze --json "$json" > "$dir/$label.verdict"
  python3 - "$label" "$start" "$end" "$json" "$dir/$label.verdict" <<'EOF'
import json, sys
label, start, end, path, verdict_path = sys.argv[1:]
result = json.load(open(path))
verdict = json.load(open(verdict_path))
reps = 1 + max(run["rep"] for run in result["runs"])
reached = result.get("precision_reached")
reached = "%.1f %%" % (100 * reached) if reached is not None else "–"
answer = verdict["choice"]
if verdict["mode"] is not None:
    answer += ", %s × %d" % (verdict["mode"], verdict["workers"])
print("%-5s time to verdict %6.1f s; stopped: %s; precision reached ±%s; %d repetitions; "
      "verdict: %s" % (label, float(end) - float(start), result.get("stop_reason"), reached,
                       reps, answer))
print("      %s" % verdict["headline"])
EOF
}

echo "cpu preset, thread,gil,process × 1..2 workers, precision 5 %, $(nproc) CPUs," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
measure idle
if [ "$hog" = yes ]; then
  sh -c 'while :; do :; done' &
  HOG=$!
  measure hog
  kill "$HOG"
  HOG=
fi
