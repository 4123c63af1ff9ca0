#!/usr/bin/env bash
# red-team-procs.sh: replays the attacks of issue #20 on Corescope's children (items 8–12, 14:
# processes left running, /dev/shm and TMPDIR entries left behind, hangs, unbounded output),
# each bounded by a timeout, from build-aux/red-team.d/procs.sh.
#
#   build-aux/red-team-procs.sh [BUILD-DIR] [ATTACK…]   every attack, or the ones named
#
# Prints one line per attack, "PASS|FAIL|SKIP attack: detail", and exits non-zero on any FAIL.
# Root-only attacks (setpriv to nobody, a small tmpfs) skip with the reason when not root.
# The same attack file is also sourced by build-aux/red-team.sh, whose helpers these mirror.
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-$HERE/../build}
[ $# -gt 0 ] && shift
CLI=${CORESCOPE_CLI:-$BUILD/src/cli/corescope-cli}
if [ ! -x "$CLI" ]; then
  echo "red-team-procs.sh: no CLI at $CLI (build first, or set CORESCOPE_CLI)" >&2
  exit 2
fi
CLI=$(cd "$(dirname "$CLI")" && pwd)/$(basename "$CLI")

ROOT=$(mktemp -d "${TMPDIR:-/tmp}/red-team-procs.XXXXXX")
chmod 0755 "$ROOT"
trap 'rm -rf "$ROOT"' EXIT
export XDG_DATA_HOME=$ROOT/data
mkdir -p "$XDG_DATA_HOME"
chmod 0777 "$XDG_DATA_HOME"

FAILED=0
pass () { echo "PASS $ATTACK: $*"; }
fail () { echo "FAIL $ATTACK: $*"; FAILED=1; }
skip () { echo "SKIP $ATTACK: $*"; }
is_root () { [ "$(id -u)" = 0 ]; }

# cs [timeout-seconds] ARGS…: runs the CLI with a timeout; sets OUT, ERR and RC.
cs () {
  local limit=60
  case "$1" in [0-9]*) limit=$1; shift ;; esac
  timeout -k 5 "$limit" "$CLI" "$@" >"$W/out" 2>"$W/err" </dev/null
  RC=$?
  OUT=$(cat "$W/out"); ERR=$(cat "$W/err")
}

# shellcheck source=red-team.d/procs.sh
. "$HERE"/red-team.d/procs.sh

ATTACKS=("$@")
if [ ${#ATTACKS[@]} -eq 0 ]; then
  mapfile -t ATTACKS < <(declare -F | sed -n 's/^declare -f attack_//p')
fi
for ATTACK in "${ATTACKS[@]}"; do
  W=$ROOT/$ATTACK
  mkdir -p "$W"
  chmod 0777 "$W"
  if ! declare -F "attack_$ATTACK" >/dev/null; then
    fail "no such attack"
    continue
  fi
  "attack_$ATTACK"
done
exit $FAILED
