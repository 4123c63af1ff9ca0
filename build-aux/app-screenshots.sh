#!/bin/sh
# app-screenshots.sh: pictures of every view of the running app, after a real sweep, under Xvfb
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: build-aux/app-screenshots.sh [BUILD_DIR] [OUT_DIR]   (defaults: build, data/screenshots)
# Needs Xvfb and ImageMagick (import, convert). The app runs a cpu sweep of thread, gil and
# process at 1-4 workers (CORESCOPE_AUTORUN), then shows each view in turn and prints
# "tour: <view>" when it is on screen (CORESCOPE_AUTORUN_TOUR); each is captured with import.
#
# needs: Xvfb xwininfo import convert awk sed stat
set -eu

build=${1:-build}
out=${2:-data/screenshots}
display=${SCREENSHOT_DISPLAY:-:98}
mkdir -p "$out"

Xvfb "$display" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
data_home=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null; rm -rf "$data_home"' EXIT
sleep 1

export DISPLAY="$display" NO_AT_BRIDGE=1 GSETTINGS_BACKEND=memory
export GSETTINGS_SCHEMA_DIR="$build/data" XDG_DATA_HOME="$data_home"
export CORESCOPE_WORKER="$build/src/worker/corescope-worker"
export CORESCOPE_AUTORUN=${SCREENSHOT_PRESET:-cpu}
export CORESCOPE_AUTORUN_MODES=thread,gil,process
export CORESCOPE_AUTORUN_WORKERS=${SCREENSHOT_WORKERS:-1-4}
export CORESCOPE_AUTORUN_TOUR=1500 CORESCOPE_AUTORUN_REPS=${SCREENSHOT_REPS:-5}
# A second result in the history, measured with compact placement, to compare with.
mkdir -p "$data_home/corescope/history"
"$build/src/cli/corescope-cli" run -q -p "$CORESCOPE_AUTORUN" -m thread,gil,process \
  -w "$CORESCOPE_AUTORUN_WORKERS" -r "$CORESCOPE_AUTORUN_REPS" --placement compact \
  -o "$data_home/corescope/history/$CORESCOPE_AUTORUN-compact.json" >/dev/null

"$build/src/app/corescope" | while read -r word view; do
  [ "$word" = "tour:" ] || continue
  name=$(echo "$view" | sed 's|^results/||')
  # The window sits at the top-left corner of the screen (no window manager): crop to it.
  geometry=$(xwininfo -root -tree | awk '/"Corescope"/ { print $(NF-1); exit }')
  import -window root -crop "$geometry" +repage "png:$out/$name.tmp.png"
  convert "$out/$name.tmp.png" -strip -define png:compression-level=9 \
    "$out/$name.png"
  rm -f "$out/$name.tmp.png"
  echo "$out/$name.png ($(stat -c %s "$out/$name.png") bytes)"
done
