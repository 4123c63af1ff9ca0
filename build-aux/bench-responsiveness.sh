#!/bin/sh
# bench-responsiveness.sh: how late the GUI's main loop runs while a process-mode sweep runs
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: build-aux/bench-responsiveness.sh [BUILD_DIR] [PRESET]   (defaults: build, cpu)
# Starts the real app under Xvfb with the stall monitor on (CORESCOPE_DIAGNOSTICS=stalls: a
# 10 ms heartbeat records how late each beat runs) and CORESCOPE_AUTORUN, which selects the
# preset, runs process mode at 2 × PUs workers, 30 repetitions, while the Results page
# redraws its chart as points arrive, and quits when the sweep is over. Prints the monitor's
# report: p99 and max lateness. Goal: p99 < 16.7 ms (one frame at 60 Hz), max < 50 ms.
# CORESCOPE_AUTORUN_WORKERS="1-4" sweeps several worker counts instead.
#
# needs: xvfb-run bc cut grep
set -eu

build=${1:-build}
preset=${2:-cpu}
data_home=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$data_home" "$log"' EXIT

export NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data"
export XDG_DATA_HOME="$data_home" CORESCOPE_WORKER="$build/src/worker/corescope-worker"
export CORESCOPE_DIAGNOSTICS=stalls CORESCOPE_AUTORUN="$preset"
# 30 repetitions: about 400 beats, so that the 99th percentile is not just the second-worst beat.
export CORESCOPE_AUTORUN_REPS=${CORESCOPE_AUTORUN_REPS:-30}
# Process mode only (the app's own default is the preset's default modes, as for corescope run).
export CORESCOPE_AUTORUN_MODES=${CORESCOPE_AUTORUN_MODES:-process}
# Xvfb has no GPU: GTK's GL renderer would rasterise every frame in llvmpipe's software threads,
# which compete with the workers for the same 2 cores (a cost a desktop's GPU does not have).
# The cairo renderer is what such a machine uses anyway; GSK_RENDERER=gl measures the other.
export GSK_RENDERER=${GSK_RENDERER:-cairo}

echo "preset $preset, modes $CORESCOPE_AUTORUN_MODES, workers ${CORESCOPE_AUTORUN_WORKERS:-$((2 * $(nproc)))}," \
     "$(nproc) PUs, GSK_RENDERER=$GSK_RENDERER, load average $(cut -d' ' -f1 /proc/loadavg)"
start=$(date +%s.%N)
xvfb-run -a -s "-screen 0 1400x900x24" "$build/src/app/corescope" 2>"$log" || true
end=$(date +%s.%N)
grep -v -e '^$' -e 'DEBUG' "$log" | grep -v 'main-loop stalls' >&2 || true
report=$(grep 'main-loop stalls' "$log" || true)
if [ -z "$report" ]; then
  echo "no stall report: did the app start?" >&2
  exit 1
fi
echo "$report (app ran $(echo "$end - $start" | bc | cut -c1-5) s)"
