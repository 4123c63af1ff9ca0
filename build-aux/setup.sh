#!/usr/bin/env bash
# setup.sh: install what Corescope needs on Debian/Ubuntu, build it, then run the app or the tests.
#
#   build-aux/setup.sh run    install, build, start the GUI (or a headless sweep without a display)
#   build-aux/setup.sh test   install, build, run every test under Xvfb; ends with "N passed, N failed"
#   build-aux/setup.sh packages   print the Debian packages it installs, one a line
#
# Both run and test also provide a free-threaded CPython (build-aux/free-threaded-python.sh):
# the first time on a machine without one, that is a build of a few minutes.
#
# Idempotent: packages already installed are not fetched again and meson rebuilds only what changed.
#
# needs: apt-get dpkg-query meson strace xvfb-run dbus-run-session tee sed
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}

# Every program that the app, the tests and the scripts in build-aux/ start comes from one of
# these (build-aux/check-fresh.py checks it on every CI run). With --no-install-recommends, so
# nothing is here by accident.
PACKAGES=(
  # build
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libhwloc-dev libjson-glib-dev
  libcairo2-dev libpango1.0-dev
  # data checks, the GUI tests (Xvfb, a private session bus) and the Python backends
  desktop-file-utils appstream-util xvfb xauth dbus-daemon hwloc python3 procps
  # reliability checks: sanitizers (llvm: llvm-symbolizer for readable reports), fuzzing, the
  # fresh-machine check
  clang libclang-rt-14-dev clang-tidy llvm valgrind strace
  # build-aux scripts: screenshots (import, convert, xwininfo), benchmark arithmetic
  imagemagick x11-utils bc
  # build-aux/red-team.d/procs.sh: the peak memory of a command that floods its output
  time
  # the CPython driver's type hints, checked by the meson test mypy-driver (issue #19)
  mypy
  # the mpi backend (issue #13): Open MPI, and the network-namespace cluster of its tests
  # (build-aux/netns-cluster.sh: ip, sysctl from procps, unshare and setpriv)
  openmpi-bin libopenmpi-dev iproute2 util-linux
  # the fresh-machine reproduction (build-aux/fresh-chroot.sh): a minimal Debian, a clean clone
  debootstrap git
  # the python-thread-ft mode (issue #17): build-aux/free-threaded-python.sh builds CPython
  # --disable-gil from Debian 13's source package (apt-get source needs dpkg-dev, the tarballs
  # xz-utils); ctypes needs libffi, zlib and hashlib's OpenSSL hashes need their headers
  dpkg-dev xz-utils libffi-dev zlib1g-dev libssl-dev
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

# A free-threaded Python for the python-thread-ft mode: one found (PATH, uv, pyenv), else built
# once per machine into a cache where the backend finds it (build-aux/free-threaded-python.sh).
# Without one that mode is unavailable and its tests skip, saying why; CI must have it.
free_threaded_python() {
  local path
  if path=$(build-aux/free-threaded-python.sh); then
    echo "Free-threaded Python (python-thread-ft): $path"
  elif [ "${CI:-}" = "true" ]; then
    return 1
  else
    echo "No free-threaded Python: the python-thread-ft mode stays unavailable." >&2
  fi
}

build() {
  if [ ! -f "$BUILD_DIR/build.ninja" ]; then
    local werror=false
    [ "${CI:-}" = "true" ] && werror=true
    # The fresh PATH here too: find_program records where python3 and mypy are, and a
    # hand-installed one (pyenv's) must not stand in for Debian's.
    PATH=$FRESH_PATH meson setup "$BUILD_DIR" -Dwerror="$werror"
  fi
  meson compile -C "$BUILD_DIR"
}

# A desktop session has a session bus; a bare X server (ssh -X, a fresh VM) may not, and GTK would
# then try dbus-launch, which a fresh machine does not have: give the app a bus of its own.
run_gui() {
  if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || [ -S "${XDG_RUNTIME_DIR:-/nonexistent}/bus" ]; then
    exec "$BUILD_DIR/src/app/corescope"
  fi
  exec dbus-run-session -- "$BUILD_DIR/src/app/corescope"
}

run_app() {
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    run_gui
  fi
  echo "No display: running the default sweep headless (cpu preset, thread vs gil vs process)."
  exec "$BUILD_DIR/src/cli/corescope-cli" run --preset cpu --modes thread,gil,process \
    --workers "1-$(nproc)" --reps 3 --warmup 1
}

# What a fresh Debian machine's PATH holds: no /usr/local, no ~/.pyenv or ~/.local, so a program
# installed by hand cannot stand in for a missing package (check-fresh.py sees the rest).
FRESH_PATH=/usr/sbin:/usr/bin:/sbin:/bin

# Runs "$@" with every program start recorded in $TRACE_DIR (see build-aux/check-fresh.py).
traced() {
  local name=$1; shift
  strace -f -qq --seccomp-bpf -e trace=execve,execveat -e signal=none -s 256 \
    -o "$TRACE_DIR/$name.trace" "$@"
}

meson_summary() {
  local n
  n=$(sed -n "s/^$1: *\([0-9]*\).*/\1/p" "$2" 2>/dev/null | tail -n 1)
  echo "${n:-0}"
}

run_tests() {
  local log="$BUILD_DIR/meson-logs/ci-summary.txt" status=0
  TRACE_DIR="$BUILD_DIR/meson-logs/exec-trace"
  rm -rf "$TRACE_DIR" && mkdir -p "$TRACE_DIR"
  export PATH=$FRESH_PATH
  traced meson-test xvfb-run -a -s "-screen 0 1280x1024x24" \
    meson test -C "$BUILD_DIR" --print-errorlogs --num-processes 1 --no-suite red-team 2>&1 \
    | tee "$log" || status=$?
  # The red team kills process trees on purpose, and strace --seccomp-bpf does not survive every
  # such kill: once it is gone, every later exec of its tracees fails with ENOSYS (2 fresh-clone
  # runs in 4 lost the rest of the suite that way, after procs_mpi_small_tmpdir). So it runs
  # untraced; the programs its scripts start are in their `# needs:` lines, checked statically.
  meson test -C "$BUILD_DIR" --print-errorlogs --num-processes 1 --suite red-team 2>&1 \
    | tee "$log.red-team" || status=$?
  local ok expected_fail fail unexpected_pass timeout skipped
  ok=$(( $(meson_summary Ok "$log") + $(meson_summary Ok "$log.red-team") ))
  expected_fail=$(( $(meson_summary "Expected Fail" "$log") + $(meson_summary "Expected Fail" "$log.red-team") ))
  fail=$(( $(meson_summary Fail "$log") + $(meson_summary Fail "$log.red-team") ))
  unexpected_pass=$(( $(meson_summary "Unexpected Pass" "$log") + $(meson_summary "Unexpected Pass" "$log.red-team") ))
  timeout=$(( $(meson_summary Timeout "$log") + $(meson_summary Timeout "$log.red-team") ))
  skipped=$(( $(meson_summary Skipped "$log") + $(meson_summary Skipped "$log.red-team") ))
  local passed=$(( ${ok:-0} + ${expected_fail:-0} ))
  local failed=$(( ${fail:-0} + ${unexpected_pass:-0} + ${timeout:-0} ))
  [ "$status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
  # Reliability (issue #8): each sanitizer step and the fuzz run count as one check each; the
  # fresh-machine check (issue #11) looks at every program all of the above started. The ASan
  # and fuzz steps run untraced: LeakSanitizer stops the world with ptrace and cannot work under
  # strace; the programs those scripts start are in their `# needs:` lines, checked statically.
  local check wrap
  for check in "sanitizers.sh asan" "sanitizers.sh tsan" "sanitizers.sh valgrind" \
               "sanitizers.sh tidy" "fuzz.sh"; do
    wrap="traced ${check// /-}"
    case "$check" in *asan|fuzz.sh) wrap="" ;; esac
    if BUILD_DIR="$BUILD_DIR" $wrap build-aux/$check; then passed=$((passed + 1))
    else failed=$((failed + 1)); fi
  done
  if build-aux/check-fresh.py --scripts "$TRACE_DIR"/*.trace; then passed=$((passed + 1))
  else failed=$((failed + 1)); fi
  echo "$passed passed, $failed failed, ${skipped:-0} skipped"
  [ "$failed" -eq 0 ]
}

case "${1:-}" in
  packages) printf '%s\n' "${PACKAGES[@]}" ;;
  run) install_packages; free_threaded_python; build; run_app ;;
  test) install_packages; free_threaded_python; build; run_tests ;;
  *) echo "usage: $0 run|test|packages" >&2; exit 2 ;;
esac
