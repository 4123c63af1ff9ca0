#!/usr/bin/env bash
# red-team.sh: replays the attacks of issue #20 (hostile outputs, signals, journals, huge and
# hostile result files, messages) against the built CLI, each bounded by a timeout, and checks
# the outcome: the named error, the exit status, the old file intact, no temp file left.
#
#   build-aux/red-team.sh [BUILD-DIR] [ATTACK…]   every attack, or the ones named
#
# Prints one line per attack, "PASS|FAIL|SKIP attack: detail", and exits non-zero on any FAIL.
# Attacks that need root (another user's files, read-only folders for an unprivileged user)
# skip with the reason when not run as root. The CLI is $CORESCOPE_CLI, or BUILD-DIR's (default
# build). Attacks live in build-aux/red-team.d/*.sh, one function per attack named attack_NAME:
# add a file there to add attacks.
#
# needs: timeout mktemp mkfifo mknod prlimit setpriv python3 stat cmp cp ln chmod chown grep sed awk find cat head tail wc id date hostname truncate kill sleep mount umount setsid pgrep env
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
BUILD=${1:-$HERE/../build}
[ $# -gt 0 ] && shift
CLI=${CORESCOPE_CLI:-$BUILD/src/cli/corescope-cli}
if [ ! -x "$CLI" ]; then
  echo "red-team.sh: no CLI at $CLI (build first, or set CORESCOPE_CLI)" >&2
  exit 2
fi
CLI=$(cd "$(dirname "$CLI")" && pwd)/$(basename "$CLI")

# Everything an attack makes goes under one folder that everybody may enter (the unprivileged
# attacks run as nobody), removed at the end.
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/red-team.XXXXXX")
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

# cs [timeout-seconds] ARGS…: runs the CLI with a timeout; sets OUT, ERR (file contents) and RC.
cs () {
  local limit=60
  case "$1" in [0-9]*) limit=$1; shift ;; esac
  timeout -k 5 "$limit" "$CLI" "$@" >"$W/out" 2>"$W/err" </dev/null
  RC=$?
  OUT=$(cat "$W/out"); ERR=$(cat "$W/err")
}

# A short sweep (a few milliseconds a run).
QUICK=(run --preset cpu --param tasks=1 --param numbers=50 --modes thread --workers 1 --reps 1
       --warmup 0 -q)
# A sweep of about 1.5 s: io-wait runs that sleep, so it is not slowed by a busy machine.
SLOW=(run --preset io-wait --param tasks=1 --param latency=250ms --modes thread --workers 1
      --reps 6 --warmup 0 -q)

# expect_status WANT DETAIL: PASS when RC is WANT and the error says what grep -E PATTERN finds.
expect () {
  local want=$1 pattern=$2 what=$3
  if [ "$RC" != "$want" ]; then
    fail "$what: exit $RC (want $want): $(echo "$ERR" | head -c 300)"
    return 1
  fi
  if [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$W/err"; then
    fail "$what: stderr does not match /$pattern/: $(echo "$ERR" | head -c 300)"
    return 1
  fi
  return 0
}

# no_temp DIR…: FALSE (and FAIL) when a temp or journal file is left in one of the folders.
no_temp () {
  local left
  left=$(find "$@" "$XDG_DATA_HOME" -maxdepth 2 \( -name '*.??????' -o -name 'in-progress-*' \
          -o -name '.goutputstream-*' \) 2>/dev/null | head -3)
  if [ -n "$left" ]; then
    fail "left behind: $left"
    return 1
  fi
  return 0
}

for f in "$HERE"/red-team.d/*.sh; do
  # shellcheck source=/dev/null
  . "$f"
done

ATTACKS=("$@")
if [ ${#ATTACKS[@]} -eq 0 ]; then
  mapfile -t ATTACKS < <(declare -F | sed -n 's/^declare -f attack_//p')
fi
for ATTACK in "${ATTACKS[@]}"; do
  W=$ROOT/$ATTACK
  mkdir -p "$W"
  chmod 0777 "$W"
  rm -rf "${XDG_DATA_HOME:?}"/corescope
  if ! declare -F "attack_$ATTACK" >/dev/null; then
    fail "no such attack"
    continue
  fi
  "attack_$ATTACK"
done
exit $FAILED
