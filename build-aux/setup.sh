#!/usr/bin/env bash
# setup.sh: install what Corescope needs on Debian/Ubuntu, build it, then run the app or the tests.
#
#   build-aux/setup.sh run    install, build, start the GUI (or a headless sweep without a display)
#   build-aux/setup.sh test   install, build, run every test under Xvfb; ends with "N passed, N failed"
#
# Idempotent: packages already installed are not fetched again and meson rebuilds only what changed.
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}

PACKAGES=(
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libhwloc-dev libjson-glib-dev
  libcairo2-dev libpango1.0-dev
  desktop-file-utils appstream-util
  xvfb xauth hwloc python3
  clang libclang-rt-14-dev clang-tidy valgrind
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=()
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

build() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    local werror=false
    [ "${CI:-}" = "true" ] && werror=true
    meson setup "$BUILD_DIR" -Dwerror="$werror"
  fi
  meson compile -C "$BUILD_DIR"
}

run_app() {
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    exec "$BUILD_DIR/src/app/corescope"
  fi
  echo "No display: running the default sweep headless (cpu preset, thread vs gil vs process)."
  exec "$BUILD_DIR/src/cli/corescope-cli" run --preset cpu --modes thread,gil,process \
    --workers "1-$(nproc)" --reps 3 --warmup 1
}

run_tests() {
  local log="$BUILD_DIR/meson-logs/ci-summary.txt" status=0
  xvfb-run -a -s "-screen 0 1280x1024x24" \
    meson test -C "$BUILD_DIR" --print-errorlogs --num-processes 1 2>&1 | tee "$log" || status=$?
  local ok expected_fail fail unexpected_pass timeout skipped
  ok=$(sed -n 's/^Ok: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  expected_fail=$(sed -n 's/^Expected Fail: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  fail=$(sed -n 's/^Fail: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  unexpected_pass=$(sed -n 's/^Unexpected Pass: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  timeout=$(sed -n 's/^Timeout: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  skipped=$(sed -n 's/^Skipped: *\([0-9]*\).*/\1/p' "$log" | tail -n 1)
  local passed=$(( ${ok:-0} + ${expected_fail:-0} ))
  local failed=$(( ${fail:-0} + ${unexpected_pass:-0} + ${timeout:-0} ))
  [ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
  # Reliability (issue #8): each sanitizer step and the fuzz run count as one check each.
  local check
  for check in "sanitizers.sh asan" "sanitizers.sh tsan" "sanitizers.sh valgrind" \
               "sanitizers.sh tidy" "fuzz.sh"; do
    if BUILD_DIR="$BUILD_DIR" build-aux/$check; then passed=$((passed + 1))
    else failed=$((failed + 1)); fi
  done
  echo "$passed passed, $failed failed, ${skipped:-0} skipped"
  [ "$failed" -eq 0 ]
}

case "${1:-}" in
  run) install_packages; build; run_app ;;
  test) install_packages; build; run_tests ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac
