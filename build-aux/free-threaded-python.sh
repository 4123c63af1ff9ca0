#!/usr/bin/env bash
# free-threaded-python.sh: find a free-threaded CPython (no GIL) for the python-thread-ft mode,
# or build one once per machine from Debian's own source package.
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   build-aux/free-threaded-python.sh          print the interpreter's path; build it if none
#   build-aux/free-threaded-python.sh --find   print the interpreter's path; build nothing
#   build-aux/free-threaded-python.sh --prefixes   print where it builds (for check-fresh.py)
#
# Where it looks, in order: python3.14t and python3.13t on PATH, Corescope's caches
# (${XDG_CACHE_HOME:-~/.cache}/corescope/python3.13t, then /var/cache/corescope/python3.13t),
# free-threaded builds that uv and pyenv manage. The cache is where the backend looks too
# (cs-backend-python.c), so what this builds is found without any PATH change.
#
# Why a build: Debian 12 ships no free-threaded Python. The source of Debian 13's python3.13 is
# fetched with `apt-get source` through a private apt configuration (its own sources list, state
# and cache in a temporary directory; the system's sources lists are not touched) and built with
# `./configure --disable-gil` (about 3 minutes on 2 cores). It is built in a temporary directory
# next to the cache and renamed into place, so a failed build leaves nothing, and under a lock,
# so two setups at once build it once.
#
# needs: apt-get dpkg-source flock make mktemp nproc
set -euo pipefail

SUITE=trixie             # the Debian release whose python3.13 builds free-threaded
SOURCE_PACKAGE=python3.13
NAME=python3.13t
MIRROR=${CORESCOPE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# The cache that this user may write: the machine's when root, else the user's.
cache_root() {
  if [ "$(id -u)" -eq 0 ]; then echo /var/cache/corescope
  else echo "${XDG_CACHE_HOME:-$HOME/.cache}/corescope"; fi
}

# A path that runs and says its GIL is off.
is_free_threaded() {
  [ -x "$1" ] && "$1" -c 'import sys; sys.exit(sys._is_gil_enabled())' 2>/dev/null
}

find_free_threaded() {
  local candidate
  for candidate in "$(command -v python3.14t || true)" "$(command -v python3.13t || true)" \
      "${XDG_CACHE_HOME:-$HOME/.cache}/corescope/$NAME/bin/$NAME" \
      /var/cache/corescope/$NAME/bin/$NAME \
      "${UV_PYTHON_INSTALL_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/uv/python}"/cpython-3.1[3-9]*+freethreaded*/bin/python3.1[3-9]t \
      "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[3-9]*t/bin/python3.1[3-9]t; do
    if [ -n "$candidate" ] && is_free_threaded "$candidate"; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# Fetches the source package into $1 with an apt of its own.
fetch_source() {
  local work=$1 apt=$1/apt
  mkdir -p "$apt/parts" "$apt/state/lists/partial" "$apt/cache/archives/partial"
  echo "deb-src [signed-by=$KEYRING] $MIRROR $SUITE main" > "$apt/sources.list"
  local opts=(-o Dir::Etc::sourcelist="$apt/sources.list" -o Dir::Etc::sourceparts="$apt/parts"
              -o Dir::State="$apt/state" -o Dir::State::status=/var/lib/dpkg/status
              -o Dir::Cache="$apt/cache" -o Debug::NoLocking=true -o APT::Sandbox::User="$(id -un)")
  apt-get "${opts[@]}" -qq update
  (cd "$work" && apt-get "${opts[@]}" -qq source --download-only "$SOURCE_PACKAGE")
  # Upstream's tree as released: Debian's patches adapt it to Debian's layout, not needed here.
  (cd "$work" && dpkg-source --skip-patches -x ./*.dsc src >/dev/null)
}

# configure, make, make install into $1/dest with the final prefix $2.
compile_source() {
  local work=$1 prefix=$2 jobs
  jobs=$(nproc)
  (cd "$work/src" &&
     ./configure --disable-gil --prefix="$prefix" --disable-test-modules --without-ensurepip &&
     make -j"$jobs" &&
     make install DESTDIR="$work/dest")
}

WORK=""   # the build's temporary directory, removed on exit whatever happens

build_free_threaded() {
  local root prefix log
  root=$(cache_root)
  prefix=$root/$NAME
  mkdir -p "$root"
  exec 9>"$root/$NAME.lock"
  flock 9
  # Another setup may have built it while this one waited for the lock.
  if is_free_threaded "$prefix/bin/$NAME"; then echo "$prefix/bin/$NAME"; return 0; fi
  trap 'rm -rf "$WORK"' EXIT
  WORK=$(mktemp -d "$root/.$NAME.build.XXXXXX")
  log=$root/$NAME-build.log
  echo "free-threaded-python: building $NAME from Debian $SUITE's $SOURCE_PACKAGE into" \
       "$prefix (once per machine, a few minutes; log: $log)" >&2
  if ! { fetch_source "$WORK" && compile_source "$WORK" "$prefix"; } >"$log" 2>&1; then
    echo "free-threaded-python: the build failed; see the end of $log" >&2
    return 1
  fi
  rm -rf "$prefix"
  mv "$WORK/dest$prefix" "$prefix"
  if ! is_free_threaded "$prefix/bin/$NAME"; then
    echo "free-threaded-python: $prefix/bin/$NAME does not run without the GIL" >&2
    return 1
  fi
  echo "$prefix/bin/$NAME"
}

case "${1:-}" in
  --find) find_free_threaded ;;
  --prefixes) printf '%s\n' /var/cache/corescope/$NAME "${XDG_CACHE_HOME:-$HOME/.cache}/corescope/$NAME" ;;
  "") find_free_threaded || build_free_threaded ;;
  *) echo "usage: $0 [--find]" >&2; exit 2 ;;
esac
