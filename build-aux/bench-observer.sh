#!/bin/sh
# bench-observer.sh: does a sweep from the window give the CLI's answer, and what does the
# window itself cost while runs are timed?
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: build-aux/bench-observer.sh [BUILD_DIR] [REPS]   (defaults: build, 10)
# The cpu preset in thread mode at 1 and 2 workers, REPS repetitions, three ways: from the CLI,
# from the window under Xvfb with GTK's default renderer (GL: llvmpipe's software threads on a
# machine without a GPU, what such a user gets), and from the window with GSK_RENDERER=cairo.
# Each line prints the speed-up at 2 workers (median of 1 worker / median of 2, the runs the
# statistics use), the observer's CPU share (Corescope's own process besides the workers, while
# runs were timed: goal < 1 %) and the runs measured again because they were disturbed. The
# claim "a sweep from the window and from the CLI give the same answer" holds when the speed-ups
# agree within the machine's noise.
#
# needs: xvfb-run python3
set -eu

build=${1:-build}
reps=${2:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

export NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data"
export CORESCOPE_WORKER="$build/src/worker/corescope-worker"

summarise () { # LABEL FILE
  python3 - "$1" "$2" <<'PY'
import json, statistics, sys
label, path = sys.argv[1], sys.argv[2]
d = json.load(open(path))
def walls(n):
    return [r["wall_s"] for r in d["runs"] if r["workers"] == n and r["status"] == "ok"
            and not (r.get("noise") or {}).get("remeasured")]
w1, w2 = walls(1), walls(2)
share = (d.get("noise") or {}).get("observer_cpu_share")
again = sum(1 for r in d["runs"] if (r.get("noise") or {}).get("remeasured"))
cv = statistics.stdev(w2) / statistics.mean(w2) if len(w2) > 1 else float("nan")
print(f"{label:<26} speed-up at 2: {statistics.median(w1) / statistics.median(w2):.2f}x "
      f"(CV at 2: {100 * cv:.1f} %)  observer: {100 * share:.2f} % of CPU  "
      f"re-measured: {again} of {len(d['runs'])} runs")
PY
}

window () { # LABEL (GSK_RENDERER as set by the caller)
  home="$work/$1"
  mkdir -p "$home"
  XDG_DATA_HOME="$home" CORESCOPE_AUTORUN=cpu CORESCOPE_AUTORUN_MODES=thread \
    CORESCOPE_AUTORUN_WORKERS=1,2 CORESCOPE_AUTORUN_REPS="$reps" \
    xvfb-run -a -s "-screen 0 1400x900x24" "$build/src/app/corescope" >/dev/null 2>&1 || true
  file=$(find "$home/corescope/history" -name '*.json' | head -n 1)
  if [ -z "$file" ]; then
    echo "$1: the window saved no result" >&2
    exit 1
  fi
  summarise "$1" "$file"
}

echo "cpu preset, thread mode, workers 1,2, $reps repetitions; $(nproc) PUs," \
     "load average $(cut -d' ' -f1 /proc/loadavg)"
"$build/src/cli/corescope-cli" run --preset cpu --modes thread --workers 1,2 --reps "$reps" \
  --json "$work/cli.json" >/dev/null 2>&1
summarise "CLI" "$work/cli.json"
(unset GSK_RENDERER; window "window, default renderer")
GSK_RENDERER=cairo window "window, GSK_RENDERER=cairo"
echo "load average at the end $(cut -d' ' -f1 /proc/loadavg)"
