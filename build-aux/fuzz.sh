#!/usr/bin/env bash
# fuzz.sh: build the libFuzzer targets in tests/fuzz/ with clang (ASan + UBSan) and run each for a
# bounded time from its seed corpus. Exits non-zero on any finding (crash, leak, sanitizer report,
# timeout, out-of-memory) or when the targets cannot be built.
#
#   build-aux/fuzz.sh                 each target for FUZZ_SECONDS (default 30)
#   FUZZ_SECONDS=300 build-aux/fuzz.sh
#   build-aux/fuzz.sh fuzz-result     one target
#   FUZZ_RAW_XML=1 build-aux/fuzz.sh  also raw hwloc XML (stops on hwloc 2.9's own crashes, see
#                                     tests/fuzz/fuzz-topology-synthetic.c for why it is opt-in)
#
# Targets: fuzz-result (result JSON → load, analyse, save, reload) and fuzz-topology-synthetic
# (any topology shape → hwloc XML → our XML loader, description and placements).
#
# Build dir: $FUZZ_BUILD_DIR (default build-fuzz). Inputs found to add coverage go to
# $FUZZ_BUILD_DIR/corpus-*/ (never into the source tree); findings to $FUZZ_BUILD_DIR/artifacts/.
# Reproduce one with: $FUZZ_BUILD_DIR/fuzz-result $FUZZ_BUILD_DIR/artifacts/crash-...
#
# needs: clang pkg-config
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD=${FUZZ_BUILD_DIR:-build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-30}
CC=${FUZZ_CC:-clang}
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(fuzz-result fuzz-topology-synthetic)
  [ "${FUZZ_RAW_XML:-0}" = 1 ] && TARGETS+=(fuzz-topology-xml)
fi

# Input size bounds: real result files of a few runs are 5–15 KB, topologies 2–12 KB, synthetic
# descriptions under 100 bytes. Larger inputs only slow every execution down; huge and deeply
# nested files are covered by tests/test-reliability.c.
declare -A MAX_LEN=([fuzz-result]=32768 [fuzz-topology-xml]=16384 [fuzz-topology-synthetic]=256)

if ! command -v "$CC" >/dev/null; then
  echo "fuzz.sh: $CC not found (apt install clang libclang-rt-14-dev)" >&2
  exit 1
fi

# The core library, instrumented for coverage and built with the same sanitizers as the targets.
if [ ! -f "$BUILD/build.ninja" ]; then
  CC="$CC" meson setup "$BUILD" -Dbuildtype=debugoptimized -Db_sanitize=address,undefined \
    -Db_lundef=false -Dgui_tests=false -Dc_args=-fsanitize=fuzzer-no-link >/dev/null
fi
# One static library per layer (src/core/meson.build), top to bottom for the linker.
CORE_DIRS=(chart analysis sweep store backends runtime workloads topology model)
CORE_LIBS=()
for dir in "${CORE_DIRS[@]}"; do
  CORE_LIBS+=("src/core/$dir/libcorescope-$dir.a")
done
ninja -C "$BUILD" "${CORE_LIBS[@]}" >/dev/null

FLAGS=(-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined -D_GNU_SOURCE "${CORE_DIRS[@]/#/-Isrc/core/}" -I"$BUILD"
       $(pkg-config --cflags gio-unix-2.0 json-glib-1.0 hwloc pangocairo))
LIBS=(-Wl,--start-group "${CORE_LIBS[@]/#/$BUILD/}" -Wl,--end-group
      $(pkg-config --libs gio-unix-2.0 json-glib-1.0 hwloc pangocairo cairo) -lm -pthread)

mkdir -p "$BUILD/artifacts"
status=0
for target in "${TARGETS[@]}"; do
  corpus=${target#fuzz-}
  "$CC" "${FLAGS[@]}" "tests/fuzz/$target.c" "${LIBS[@]}" -o "$BUILD/$target"
  mkdir -p "$BUILD/corpus-$corpus"
  echo "fuzz.sh: $target for ${SECONDS_EACH}s (seeds: tests/fuzz/corpus-$corpus)"
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb bounds memory; the first corpus
  # directory receives new inputs, the seed directory is only read.
  if ! ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
       G_DEBUG=fatal-criticals "$BUILD/$target" -max_total_time="$SECONDS_EACH" \
       -max_len="${MAX_LEN[$target]:-16384}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$BUILD/artifacts/$target-" \
       "$BUILD/corpus-$corpus" "tests/fuzz/corpus-$corpus" >"$BUILD/$target.log" 2>&1; then
    echo "fuzz.sh: $target FOUND A PROBLEM: see $BUILD/$target.log and $BUILD/artifacts/" >&2
    grep -E "ERROR|SUMMARY|runtime error|Test unit written" "$BUILD/$target.log" | head -n 20 >&2
    status=1
  else
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$BUILD/$target.log")
    echo "fuzz.sh: $target ok, ${runs:-?} inputs tried"
  fi
done
exit $status
