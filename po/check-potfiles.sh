#!/bin/sh
# check-potfiles.sh: po/POTFILES must list every source file with translatable strings, and only
# files that exist; otherwise strings silently miss translation or `corescope-pot` fails.
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
cd "${1:?usage: check-potfiles.sh SOURCE_ROOT}" || exit 1
status=0

while read -r file; do
  case "$file" in ''|'#'*) continue ;; esac
  if [ ! -e "$file" ]; then
    echo "po/POTFILES: $file does not exist"
    status=1
  fi
done < po/POTFILES

marked=$( (grep -rlE '(^|[^[:alnum:]_])(N?_|C_|NC_|g_dngettext|ngettext)[[:space:]]*\(' src \
             --include='*.c'
           grep -rl 'translatable="yes"' ui --include='*.ui') | sort -u)
for file in $marked; do
  if ! grep -qx "$file" po/POTFILES; then
    echo "po/POTFILES: $file has translatable strings but is not listed"
    status=1
  fi
done

[ $status -eq 0 ] && echo "po/POTFILES lists every file with translatable strings"
exit $status
