#!/bin/sh
# verify-verdict.sh: does the verdict hold still? The same sweep of a user's Python function,
# several times from the CLI and from the window, optionally under a CPU hog
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: build-aux/verify-verdict.sh [BUILD_DIR] [--hog] [--runs N] [--cpu-only|--io-only]
# Sweeps data/examples/mywork.py's cpu_work (pure Python: expected "processes" or
# "inconclusive", never "threads") and io_work (it waits: expected "threads") in
# python-thread,python-process at 1..4 workers, 16 tasks, measuring until sure (the default),
# N times (default 3) with `corescope run` and N times in the window under Xvfb
# (CORESCOPE_AUTORUN=python-callable, whose result `corescope analyze` then reads from the
# window's history). Prints one line per sweep (where, choice, mode × workers, headline) and a
# tally. With --hog a CPU hog (a shell loop, started here and killed by its PID) takes one core
# for the whole time. Exits 1 if any sweep gave the answer it must never give.
#
# needs: python3 xvfb-run date
set -eu

build=build
hog=no
runs=3
kinds="cpu io"
while [ $# -gt 0 ]; do
  case $1 in
    --hog) hog=yes ;;
    --runs) runs=$2; shift ;;
    --cpu-only) kinds=cpu ;;
    --io-only) kinds=io ;;
    -h|--help) sed -n '7,17p' "$0"; exit 0 ;;
    *) build=$1 ;;
  esac
  shift
done

src=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$build" && pwd)
cli="$build/src/cli/corescope-cli"
app="$build/src/app/corescope"
work="$src/data/examples/mywork.py"
export CORESCOPE_WORKER="$build/src/worker/corescope-worker"
dir=$(mktemp -d)
HOG=
cleanup() {
  if [ -n "$HOG" ]; then kill "$HOG" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

# Prints "choice<TAB>mode × workers<TAB>headline" of a result file.
verdict_of() {
  "$cli" analyze --json "$1" | python3 -c '
import json, sys
v = json.load(sys.stdin)
point = "%s × %d" % (v["mode"], v["workers"]) if v.get("mode") else "–"
print("%s\t%s\t%s" % (v["choice"], point, v["headline"]))'
}

cli_sweep() {
  "$cli" run --python-callable "$work:$1" --modes python-thread,python-process --workers 1-4 \
    --python-tasks 16 --quiet --json "$2" > /dev/null
}

# The window's own sweep: a diagnostic autorun in a private data and config directory, so the
# user's history and settings are not touched; its result is the one file in that history.
window_sweep() {
  home="$dir/home-$3"
  mkdir -p "$home"
  XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" \
    GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data" GSK_RENDERER=cairo \
    CORESCOPE_AUTORUN=python-callable \
    CORESCOPE_AUTORUN_PARAMS="file=$work,function=$1,tasks=16" \
    CORESCOPE_AUTORUN_MODES=python-thread,python-process CORESCOPE_AUTORUN_WORKERS=1,2,3,4 \
    xvfb-run -a "$app" > "$home/log" 2>&1
  found=$(ls -t "$home/data/corescope/history/"*.json 2>/dev/null | head -1)
  [ -n "$found" ] || { echo "window: no result saved (log: $(tail -3 "$home/log"))" >&2; return 1; }
  cp "$found" "$2"
}

bad=0
tally=
one() {
  kind=$1 where=$2 i=$3
  json="$dir/$kind-$where-$i.json"
  start=$(date +%s)
  "${where}_sweep" "${kind}_work" "$json" "$kind-$i"
  line=$(verdict_of "$json")
  choice=$(printf '%s' "$line" | cut -f1 | tr ' ' '-')
  printf '%-3s %-6s #%s %4ss  %s\n' "$kind" "$where" "$i" "$(( $(date +%s) - start ))" \
    "$(printf '%s' "$line" | tr '\t' ' ')"
  tally="$tally $kind:$choice"
  # pure Python computation must never be called a job for threads; waiting never for processes
  case "$kind:$choice" in
    cpu:threads|cpu:free-threaded-threads|io:processes) bad=$((bad + 1)) ;;
  esac
}

echo "python-thread,python-process × 1..4 workers, 16 tasks, $(nproc) CPUs, hog: $hog," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$hog" = yes ]; then
  sh -c 'while :; do :; done' &
  HOG=$!
fi
for kind in $kinds; do
  for where in cli window; do
    i=1
    while [ "$i" -le "$runs" ]; do
      one "$kind" "$where" "$i"
      i=$((i + 1))
    done
  done
done
echo "tally:$(printf '%s\n' $tally | sort | uniq -c | tr -s ' \n' ' ')"
[ "$bad" = 0 ] || { echo "$bad sweeps gave the wrong kind"; exit 1; }
