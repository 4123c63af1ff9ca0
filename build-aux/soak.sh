#!/usr/bin/env bash
# soak.sh: a long sweep (about 1000 runs of tiny-tasks in every mode, workers started and
# stopped in every run) through corescope-cli, sampling the CLI's resident memory and open file
# descriptors four times a second. Fails when memory grows by more than SOAK_RSS_SLACK_KB between the
# sample (after the first second) and the last, or when the descriptor count changes, or when processes are left.
# A load test, not a unit test: run it by hand or in a nightly job.
#
#   build-aux/soak.sh                  ~1000 runs (3 modes × 4 worker counts × 84 reps)
#   SOAK_REPS=20 build-aux/soak.sh     shorter
#   BUILD_DIR=build-g build-aux/soak.sh
#
# needs: awk pgrep sort
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
CLI=$BUILD_DIR/src/cli/corescope-cli
REPS=${SOAK_REPS:-84}
START_METHOD=${SOAK_START_METHOD:-spawn}
SLACK_KB=${SOAK_RSS_SLACK_KB:-8192}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

[ -x "$CLI" ] || { echo "soak.sh: build first ($CLI missing)" >&2; exit 2; }

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
fds() { ls "/proc/$1/fd" 2>/dev/null | wc -l; }
children() { pgrep -P "$1" | wc -l; }

"$CLI" run --preset tiny-tasks --param tasks=200 --param task-time=20us \
  --modes thread,gil,process --workers 1-4 --reps "$REPS" --warmup 0 \
  --start-method "$START_METHOD" --pool per-run --quiet --json "$OUT/soak.json" \
  >"$OUT/table.txt" 2>"$OUT/stderr.txt" &
pid=$!
start=$(date +%s)

first_rss="" first_fds="" last_rss="" last_fds="" max_rss=0 samples=0 ticks=0 fd_samples=()
while kill -0 "$pid" 2>/dev/null; do
  sleep 0.25
  ticks=$((ticks + 1))
  r=$(rss_kb "$pid") || true
  f=$(fds "$pid") || true
  [ -n "$r" ] || break
  # The first second is start-up (hwloc, workload set-up): the first sample is taken after it.
  [ "$ticks" -lt 4 ] && [ -n "$first_rss" ] && continue
  if [ -z "$first_rss" ] || [ "$ticks" -eq 4 ]; then first_rss=$r; first_fds=$f; fi
  last_rss=$r; last_fds=$f; samples=$((samples + 1)); fd_samples+=("$f")
  [ "$r" -gt "$max_rss" ] && max_rss=$r
done
status=0
wait "$pid" || status=$?
elapsed=$(( $(date +%s) - start ))
runs=$(grep -c '"mode"' "$OUT/soak.json" || true)

echo "soak: $runs runs in ${elapsed}s ($START_METHOD, per-run pools), exit status $status"
echo "soak: RSS first ${first_rss:-?} KiB, last ${last_rss:-?} KiB, max ${max_rss} KiB" \
     "($samples samples)"
# A sample may fall inside a run, with its workers' channels open: compare the fewest open
# descriptors among the first 8 samples with the fewest among the last 8 (idle moments).
min_of() { printf '%s\n' "$@" | sort -n | head -n 1; }
n=${#fd_samples[@]}
if [ "$n" -gt 0 ]; then
  k=$(( n < 8 ? n : 8 ))
  first_fds=$(min_of "${fd_samples[@]:0:$k}")
  last_fds=$(min_of "${fd_samples[@]:$((n - k))}")
fi
echo "soak: open fds (fewest in the first and last 8 samples) ${first_fds:-?} and ${last_fds:-?}"

fail=0
[ "$status" -eq 0 ] || { echo "soak: the sweep failed: $(tail -n 3 "$OUT/stderr.txt")"; fail=1; }
if [ -n "$first_rss" ] && [ $((last_rss - first_rss)) -gt "$SLACK_KB" ]; then
  echo "soak: memory grew by $((last_rss - first_rss)) KiB (allowed $SLACK_KB)"; fail=1
fi
if [ -n "$first_fds" ] && [ "$last_fds" != "$first_fds" ]; then
  echo "soak: the number of open file descriptors changed"; fail=1
fi
if pgrep -f "corescope-worker --worker --parent=$pid" >/dev/null; then
  echo "soak: worker processes were left behind"; fail=1
fi
exit $fail
