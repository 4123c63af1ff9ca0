#!/usr/bin/env bash
# sanitizers.sh: the core tests under AddressSanitizer + UndefinedBehaviorSanitizer, the threaded
# engine tests under ThreadSanitizer, a few core tests under valgrind (no definite leaks), and
# clang-tidy (.clang-tidy) on src/. Each step prints "sanitizers: STEP ok|FAILED (N s)".
#
#   build-aux/sanitizers.sh              every step; exit status 1 if any failed
#   build-aux/sanitizers.sh asan tsan    only these steps (asan, tsan, valgrind, tidy)
#
# Build dirs: build-asan, build-tsan (own, configured on first use); valgrind runs the tests of
# the ordinary build in $BUILD_DIR (default build). Logs: <build dir>/meson-logs/testlog.txt and
# build-asan/clang-tidy.log. Takes about 10 minutes on 2 cores from scratch, less when rebuilt.
#
# needs: meson ninja cc pkg-config setarch valgrind run-clang-tidy
set -uo pipefail

cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
STEPS=("$@")
[ ${#STEPS[@]} -eq 0 ] && STEPS=(asan tsan valgrind tidy)

# Tests that exercise threads, the GIL and the process pool: what TSan is for.
TSAN_TESTS=(test-gil test-engine test-sweep test-process-pool test-reliability)
# Quick, single-process core tests: valgrind slows them ~30×, and it does not follow the
# worker processes (their memory is checked by ASan above).
VALGRIND_TESTS=(test-types test-params test-result test-stats test-fit test-topology
                test-analysis test-result-dir)

# Timing claims ("4 threads are faster than 1") measure the machine, not memory safety, and do not
# hold at sanitizer speed; every other test runs. GTest ignores skips for paths it does not have.
TIMING_CLAIMS=(/engine/cpu/thread-scales /engine/cpu/process-scales /engine/cpu/gil-does-not-scale
               /engine/io-wait/overlaps /workloads/shape/mandelbrot-dynamic
               /workloads/shape/memory-stream /workloads/shape/lock-contention
               /workloads/shape/ipc-payload /workloads/shape/tiny-tasks
               /workloads/shape/waits-overlap /gil/switch-interval
               /python/cpu-claims /python/io-claims /python/gil-emulation-agrees
               /mpi-worker/cpu-scales /mpi-backend/cpu-scales)
# Likewise memory claims to the KiB ("a 32 MiB block grows PSS by 32 MiB"): ASan's shadow
# memory and quarantine add to every allocation.
MEMORY_CLAIMS=(/memory/proc-read /memory/reset-peak /memory/thread-growth /memory/process-sum
               /python/memory /mpi-backend/memory-and-counters)
SKIP_ARGS=""
for path in "${TIMING_CLAIMS[@]}" "${MEMORY_CLAIMS[@]}"; do SKIP_ARGS+=" -s $path"; done

configure() {
  local dir=$1; shift
  [ -f "$dir/build.ninja" ] && return 0
  meson setup "$dir" -Dgui_tests=false -Dwerror=false "$@" >/dev/null
}

step_asan() {
  configure build-asan -Db_sanitize=address,undefined -Db_lundef=false || return 1
  meson compile -C build-asan >/dev/null || return 1
  # halt_on_error: a UBSan report fails the test instead of scrolling by. The data checks
  # (desktop file, schema, POTFILES) are scripts that have nothing to sanitize.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  LSAN_OPTIONS=suppressions=$PWD/build-aux/lsan.supp:print_suppressions=0 \
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    meson test -C build-asan --no-rebuild --suite core --no-suite data --print-errorlogs \
      --timeout-multiplier 4 --num-processes 2 --test-args="$SKIP_ARGS" >/dev/null
}

step_tsan() {
  configure build-tsan -Db_sanitize=thread || return 1
  local targets=()
  for t in "${TSAN_TESTS[@]}"; do targets+=("tests/$t"); done
  ninja -C build-tsan "${targets[@]}" src/worker/corescope-worker \
    src/worker/corescope-topology-probe src/worker/corescope-reaper \
    src/cli/corescope-cli >/dev/null || return 1
  # GLib's GMutex/GCond are raw futexes TSan cannot see; the shim maps ours onto pthreads (see
  # tests/tsan/glib-mutex-shim.c). It is preloaded into the test program only (env after setarch).
  local shim=$PWD/build-tsan/glib-mutex-shim.so
  # shellcheck disable=SC2046
  cc -shared -fPIC -O1 -g -fsanitize=thread tests/tsan/glib-mutex-shim.c \
    $(pkg-config --cflags --libs glib-2.0) -o "$shim" || return 1
  # setarch -R: TSan's shadow memory layout does not fit the high-entropy address space
  # randomisation of recent kernels ("unexpected memory mapping").
  # G_SLICE=always-malloc: GSlice's magazines (GError in GLib 2.74) hide behind the same
  # futexes; plain malloc is what TSan understands.
  G_SLICE=always-malloc \
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/build-aux/tsan.supp \
    meson test -C build-tsan --no-rebuild --print-errorlogs --timeout-multiplier 4 \
      --num-processes 1 --wrap="setarch $(uname -m) -R env LD_PRELOAD=$shim" \
      --test-args="$SKIP_ARGS" "${TSAN_TESTS[@]}" >/dev/null
}

step_valgrind() {
  [ -f "$BUILD_DIR/build.ninja" ] || configure "$BUILD_DIR" || return 1
  meson compile -C "$BUILD_DIR" >/dev/null || return 1
  G_SLICE=always-malloc \
    meson test -C "$BUILD_DIR" --no-rebuild --print-errorlogs --timeout-multiplier 10 \
      --num-processes 2 --wrap="valgrind --quiet --leak-check=full \
--errors-for-leak-kinds=definite --error-exitcode=1 --num-callers=30 \
--suppressions=$PWD/build-aux/valgrind.supp" \
      "${VALGRIND_TESTS[@]}" >/dev/null
}

step_tidy() {
  # The ASan build's compile_commands.json covers every file with its real flags (generated
  # headers included); gcc-only warning options are not clang-tidy's business.
  [ -f build-asan/compile_commands.json ] || { step_asan || return 1; }
  run-clang-tidy -p build-asan -quiet -extra-arg=-Wno-unknown-warning-option \
    "$PWD/src/" >build-asan/clang-tidy.log 2>&1
  local status=$?
  grep -E "(warning|error): " build-asan/clang-tidy.log | grep -v "warnings generated" |
    sed 's/\x1b\[[0-9;]*m//g' | sort -u | head -n 30 >&2
  return $status
}

failed=0
for step in "${STEPS[@]}"; do
  start=$(date +%s)
  if "step_$step"; then result=ok; else result=FAILED; failed=1; fi
  echo "sanitizers: $step $result ($(( $(date +%s) - start )) s)"
done
exit $failed
