#!/usr/bin/env bash
# chart-screenshots.sh: measure the three sweeps shown in the README and redraw their charts.
#
#   build-aux/chart-screenshots.sh [BUILD_DIR]     (default: build)
#
# Run it on an otherwise idle machine: every other process competing for the cores shows up as
# noise in the curves. Results are kept in BUILD_DIR/chart-screenshots/ (not committed) so the
# charts can be redrawn without measuring again.
#
# needs: ls
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${1:-build}
CLI="$BUILD_DIR/src/cli/corescope-cli"
OUT=data/screenshots
RESULTS="$BUILD_DIR/chart-screenshots"
export CORESCOPE_WORKER=${CORESCOPE_WORKER:-$BUILD_DIR/src/worker/corescope-worker}

[ -x "$CLI" ] || { echo "chart-screenshots.sh: $CLI not found; build first" >&2; exit 2; }
mkdir -p "$RESULTS"

"$CLI" run --preset cpu --workers 1-4 --reps 5 --json "$RESULTS/cpu.json" -q
"$CLI" chart "$RESULTS/cpu.json" --fit amdahl --size 1200x750 --png "$OUT/chart-cpu.png"

"$CLI" run --preset io-wait --workers pow2:16 --reps 5 --json "$RESULTS/io-wait.json" -q
"$CLI" chart "$RESULTS/io-wait.json" --size 1200x750 --png "$OUT/chart-io-wait.png"

"$CLI" run --preset memory-stream --workers 1-4 --reps 5 --param passes=20 \
  --json "$RESULTS/memory-stream.json" -q
"$CLI" chart "$RESULTS/memory-stream.json" --kind throughput --size 1200x750 \
  --png "$OUT/chart-memory-stream.png"

ls -l "$OUT"/chart-*.png
