#!/bin/sh
# check-install.sh: `meson install` into a scratch DESTDIR puts the desktop integration files
# (and the programs, and the Python driver) where desktops, software centres and the CPython
# backends look for them.
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
meson=${1:?usage: check-install.sh MESON BUILD_DIR PREFIX DATADIR BINDIR}
build_dir=$2
prefix=$3
datadir=$4
bindir=$5
app_id=io.github.corescope.Corescope

destdir=$(mktemp -d "${TMPDIR:-/tmp}/corescope-install-XXXXXX") || exit 1
trap 'rm -rf "$destdir"' EXIT

if ! "$meson" install -C "$build_dir" --destdir "$destdir" --no-rebuild --quiet >"$destdir.log" 2>&1; then
  echo "meson install failed:"; cat "$destdir.log"; rm -f "$destdir.log"; exit 1
fi
rm -f "$destdir.log"

status=0
for path in \
    "$bindir/corescope" \
    "$bindir/corescope-cli" \
    "$datadir/applications/$app_id.desktop" \
    "$datadir/metainfo/$app_id.metainfo.xml" \
    "$datadir/glib-2.0/schemas/$app_id.gschema.xml" \
    "$datadir/icons/hicolor/scalable/apps/$app_id.svg" \
    "$datadir/icons/hicolor/symbolic/apps/$app_id-symbolic.svg" \
    "$datadir/corescope/python/corescope_driver.py" \
    "$datadir/corescope/python/corescope_worker.py" \
    "$datadir/corescope/python/corescope_presets.py" \
    "$datadir/corescope/python/corescope_callable.py"; do
  case "$path" in /*) ;; *) path="$prefix/$path" ;; esac
  if [ -s "$destdir$path" ]; then
    echo "ok: $path"
  else
    echo "missing: $path"
    status=1
  fi
done
# The installed driver runs from where it was installed (its modules found next to it).
driver="$datadir/corescope/python/corescope_driver.py"
case "$driver" in /*) ;; *) driver="$prefix/$driver" ;; esac
if command -v python3 >/dev/null 2>&1; then
  reply=$(printf '{"op": "hello", "protocol": 1}\n' | python3 "$destdir$driver" 2>&1)
  case "$reply" in
    '{"ok":true,"info":'*) echo "ok: $driver answers hello" ;;
    *) echo "the installed driver does not answer hello: $reply"; status=1 ;;
  esac
fi
exit $status
