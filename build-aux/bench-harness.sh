#!/bin/sh
# bench-harness.sh: print what Corescope's harness itself costs on this machine: thread, spawn
# and fork-server start-up, each next to its OS floor and the ratio; per-task dispatch in each
# mode; GIL hand-over.
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: build-aux/bench-harness.sh [BUILD_DIR]   (default: build; configured if missing)
# Run it on an otherwise idle machine: the figures are medians, but a busy machine still
# inflates them.
#
# needs: meson grep
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
builddir=${1:-"$srcdir/build"}

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir" "$srcdir" >/dev/null
fi
targets="tests/bench-harness tests/bench-floor src/worker/corescope-worker"
if meson introspect --targets "$builddir" | grep -q '"bench-floor-static"'; then
  targets="$targets tests/bench-floor-static"
fi
# shellcheck disable=SC2086
meson compile -C "$builddir" $targets >/dev/null
CORESCOPE_WORKER="$builddir/src/worker/corescope-worker" exec "$builddir/tests/bench-harness"
