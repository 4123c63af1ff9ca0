# red-team.d/files.sh: attacks on outputs, the journal, signals, loaded files and messages
# (issue #20, items 1–7, 13, 15, 16). Sourced by build-aux/red-team.sh: one function per attack.
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later

# ---- 1. outputs must be regular files ------------------------------------------------------

# A copy of /dev/full in the attack's folder: a CLI that replaces it must not break the machine's.
# Without root (no mknod), the real one: /dev cannot be written then.
dev_full () {
  if is_root && mknod -m 666 "$W/full" c 1 7; then
    echo "$W/full"
  else
    echo /dev/full
  fi
}

attack_output_dev_full () {
  local full
  full=$(dev_full)
  cs "${QUICK[@]}" --json "$full"
  expect 2 "not a regular file" "--json $full" || return
  [ -c "$full" ] || { fail "$full is no longer a character device"; return; }
  pass "refused: $ERR"
}

attack_output_csv_dev_full () {
  local full
  full=$(dev_full)
  cs "${QUICK[@]}" --csv "$full"
  expect 2 "not a regular file" "--csv $full" || return
  [ ! -e "$full-summary.csv" ] || { fail "made $full-summary.csv"; return; }
  pass "refused: $ERR"
}

attack_output_fifo () {
  mkfifo "$W/fifo"
  cs 20 "${QUICK[@]}" --json "$W/fifo"
  expect 2 "not a regular file" "--json FIFO" || return
  [ -p "$W/fifo" ] || { fail "the FIFO was replaced"; return; }
  pass "refused: $ERR"
}

attack_output_proc_fd () {
  # stdout a pipe, as in `corescope run --json /proc/self/fd/1 | less`
  timeout -k 5 60 "$CLI" "${QUICK[@]}" --json /proc/self/fd/1 2>"$W/err" </dev/null | cat >/dev/null
  RC=${PIPESTATUS[0]}
  ERR=$(cat "$W/err")
  expect 2 "not a regular file" "--json /proc/self/fd/1 (a pipe)" || return
  # stdout a regular file: /proc/self/fd cannot take the temp file, and that is found out first
  cs "${QUICK[@]}" --json /proc/self/fd/1
  expect 2 "Cannot write in the folder" "--json /proc/self/fd/1 (a file)" && pass "refused: $ERR"
}

attack_output_stdout () {
  pushd "$W" >/dev/null || return
  cs "${QUICK[@]}" --json -
  popd >/dev/null || return
  expect 0 "" "--json -" || return
  [ ! -e "$W/-" ] || { fail "wrote a file named -"; return; }
  python3 -c 'import json,sys; json.load(sys.stdin)' <"$W/out" 2>/dev/null \
    || { fail "stdout is not the JSON result"; return; }
  pass "the result went to stdout ($(wc -c <"$W/out") bytes of JSON)"
}

# ---- 2. every output is checked before measuring; a late failure keeps the journal --------

attack_output_readonly_dir () {
  is_root || { skip "needs root (setpriv to nobody)"; return; }
  mkdir "$W/ro"
  chmod 0555 "$W/ro"
  local t0=$SECONDS
  RC=0
  timeout -k 5 60 setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "$CLI" "${SLOW[@]}" --csv "$W/keep.csv" --json "$W/ro/keep.json" >"$W/out" 2>"$W/err" || RC=$?
  ERR=$(cat "$W/err")
  expect 2 "ro" "--json in a read-only folder" || return
  [ ! -e "$W/keep.csv" ] || { fail "measured and wrote the CSV before refusing"; return; }
  pass "refused in $((SECONDS - t0)) s before measuring: $ERR"
}

attack_output_late_failure () {
  is_root || { skip "needs root (setpriv to nobody, a folder made read-only mid-sweep)"; return; }
  mkdir "$W/late"
  chown nobody "$W/late"
  timeout -k 5 60 setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "$CLI" "${SLOW[@]}" --csv "$W/keep.csv" --json "$W/late/keep.json" >"$W/out" 2>"$W/err" &
  local pid=$!
  sleep 0.7
  chmod 0555 "$W/late"
  wait $pid
  RC=$?
  ERR=$(cat "$W/err")
  expect 1 "journal" "a --json that fails at the end" || return
  [ -s "$W/keep.csv" ] || { fail "the CSV was not written"; return; }
  local journal
  journal=$(find "$XDG_DATA_HOME/corescope" -name 'in-progress-*.json' 2>/dev/null | head -1)
  [ -n "$journal" ] || { fail "the journal was deleted"; return; }
  grep -qF "$journal" "$W/err" || { fail "the message does not say where the data is"; return; }
  pass "CSV written, journal kept and named: $(grep -m1 journal "$W/err")"
}

# ---- 3. SIGXFSZ ------------------------------------------------------------------------------

attack_output_fsize_limit () {
  mkdir "$W/small"
  echo '{"old": true}' >"$W/small/old2.json"
  cp "$W/small/old2.json" "$W/old.copy"
  RC=0
  timeout -k 5 60 prlimit --fsize=2000 "$CLI" "${QUICK[@]}" --json "$W/small/old2.json" \
    >"$W/out" 2>"$W/err" || RC=$?
  ERR=$(cat "$W/err")
  expect 1 "too large" "--json under prlimit --fsize=2000" || return
  cmp -s "$W/small/old2.json" "$W/old.copy" || { fail "the old file was changed"; return; }
  no_temp "$W/small" || return
  pass "reported, old file intact, no temp file: $(tail -1 "$W/err")"
}

# ---- 4. an output that is an input or another output -----------------------------------------

make_result () {
  [ -s "$ROOT/result.json" ] || timeout 60 "$CLI" "${QUICK[@]}" --workers 1,2 --reps 2 \
    --json "$ROOT/result.json" >/dev/null 2>&1
  cp "$ROOT/result.json" "$1"
}

attack_output_is_input () {
  make_result "$W/r.json"
  cp "$W/r.json" "$W/r.copy"
  cs analyze "$W/r.json" --csv "$W/r.json"
  expect 2 "same file|is also" "analyze r.json --csv r.json" || return
  cmp -s "$W/r.json" "$W/r.copy" || { fail "r.json was replaced"; return; }
  ln "$W/r.json" "$W/hard.json"
  cs analyze "$W/r.json" --csv "$W/hard.json"
  expect 2 "same file|is also" "analyze r.json --csv HARDLINK" || return
  ln -s r.json "$W/soft.json"
  cs chart "$W/r.json" --png "$W/soft.json"
  expect 2 "same file|is also" "chart r.json --png SYMLINK" || return
  cmp -s "$W/r.json" "$W/r.copy" || { fail "r.json was replaced"; return; }
  pass "refused (direct, hard link, symlink): $ERR"
}

attack_output_twice () {
  cs "${QUICK[@]}" --json "$W/f" --csv "$W/f"
  expect 2 "same file|is also" "run --json f --csv f" || return
  [ ! -e "$W/f" ] || { fail "f was written"; return; }
  mkdir "$W/new"
  cs "${QUICK[@]}" --json "$W/new/../f.json" --csv "$W/f.json"
  expect 2 "same file|is also" "two paths to one new file" || return
  cs "${QUICK[@]}" --csv "$W/a.csv" --png "$W/a-summary.csv"
  expect 2 "same file|is also" "--png on the CSV's summary" || return
  pass "refused before the sweep: $ERR"
}

# ---- 5. mode, owner, hard links of a replaced file ---------------------------------------------

attack_output_keeps_mode_owner () {
  is_root || { skip "needs root (a file owned by another user)"; return; }
  echo old >"$W/theirs.json"
  chown nobody "$W/theirs.json"
  chmod 0600 "$W/theirs.json"
  cs "${QUICK[@]}" --json "$W/theirs.json"
  expect 0 "" "--json over nobody's 0600 file" || return
  local got
  got=$(stat -c '%U %a' "$W/theirs.json")
  [ "$got" = "nobody 600" ] || { fail "now $got (want nobody 600)"; return; }
  pass "still $got"
}

attack_output_hard_link () {
  echo old >"$W/h.json"
  ln "$W/h.json" "$W/other-name.json"
  cs "${QUICK[@]}" --json "$W/h.json"
  expect 0 "" "--json over a file with two names" || return
  [ "$(cat "$W/other-name.json")" = old ] || { fail "the other name changed (not documented)"; return; }
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$W/h.json" \
    || { fail "h.json is not the result"; return; }
  pass "replaced by rename as the README says: the other name keeps the old content"
}

# ---- 6. fleet: HOST.log must not follow a symlink ------------------------------------------------

attack_fleet_log_symlink () {
  local host
  host=$(hostname)
  mkdir "$W/fleet"
  echo precious >"$W/victim"
  ln -s "$W/victim" "$W/fleet/$host.log"
  cs fleet-node "$W/fleet" --preset cpu --param tasks=1 --param numbers=50 --modes thread \
    --workers 1 --reps 1 --warmup 0
  [ "$(cat "$W/victim")" = precious ] || { fail "the symlink's target was overwritten"; return; }
  pass "target intact (exit $RC: $(echo "$OUT" | head -1))"
}

# ---- 7. SIGHUP, SIGTERM; recovering a journal from the CLI ---------------------------------------

signal_sweep () {
  local sig=$1 want=$2
  timeout -k 5 60 "$CLI" "${SLOW[@]}" --json "$W/$sig.json" >"$W/out" 2>"$W/err" &
  local pid=$!
  sleep 0.8
  kill -s "$sig" $pid
  wait $pid
  RC=$?
  ERR=$(cat "$W/err")
  expect "$want" "" "SIG$sig mid-sweep" || return
  python3 - "$W/$sig.json" <<'PY' || { fail "no partial result saved in $sig.json"; return; }
import json, sys
r = json.load(open(sys.argv[1]))
assert r["complete"] is False and len(r["runs"]) >= 1
PY
  no_temp "$W" || return
  pass "exit $RC, partial result saved, journal removed"
}

attack_signal_hup () { signal_sweep HUP 129; }
attack_signal_term () { signal_sweep TERM 143; }

attack_recover_journal () {
  "$CLI" "${SLOW[@]}" >/dev/null 2>&1 &
  local pid=$!
  sleep 0.8
  kill -KILL $pid
  wait $pid 2>/dev/null
  cs recover
  expect 0 "" "recover (list)" || return
  grep -q "in-progress-$pid.json" "$W/out" || { fail "the journal is not listed: $OUT"; return; }
  cs recover --json "$W/back.json" "$XDG_DATA_HOME/corescope/in-progress-$pid.json"
  expect 0 "" "recover --json" || return
  cs analyze "$W/back.json"
  expect 0 "" "analyze of the recovered result" || return
  [ ! -e "$XDG_DATA_HOME/corescope/in-progress-$pid.json" ] \
    || { fail "the journal is still there after recovery"; return; }
  pass "listed, recovered into a result that analyze reads, journal removed"
}

# ---- 13. huge and non-regular result files ------------------------------------------------------

attack_analyze_100k_runs () {
  python3 "$HERE/make-big-result.py" "$ROOT/result.json" 100000 "$W/big.json" 2>"$W/err" \
    || { make_result "$W/seed.json"; python3 "$HERE/make-big-result.py" "$W/seed.json" 100000 \
           "$W/big.json"; }
  local t0 t1
  t0=$(date +%s.%N)
  cs 60 analyze "$W/big.json"
  t1=$(date +%s.%N)
  expect 0 "" "analyze of 100 000 runs" || return
  pass "$(python3 -c "print(f'{$t1 - $t0:.1f}')") s for 100 000 runs"
}

attack_analyze_dev_zero () {
  cs 20 analyze /dev/zero
  expect 1 "not a regular file" "analyze /dev/zero" && pass "refused: $ERR"
}

attack_analyze_fifo () {
  mkfifo "$W/fifo"
  cs 20 analyze "$W/fifo"
  expect 1 "not a regular file" "analyze FIFO" && pass "refused: $ERR"
}

attack_analyze_too_large () {
  truncate -s 2G "$W/huge.json"
  cs 20 analyze "$W/huge.json"
  expect 1 "larger than|too large" "analyze of a 2 GiB file" && pass "refused: $ERR"
}

# ---- 15. control characters from a loaded file ---------------------------------------------------

hostile_result () {
  make_result "$W/seed.json"
  python3 - "$W/seed.json" "$1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
evil = "\x1b[2J\x1b]0;pwned\x07\rX"
r["label"] = "label" + evil
r["machine"]["hostname"] = "host" + evil
r["machine"]["cpu_model"] = "cpu" + evil
json.dump(r, open(sys.argv[2], "w"))
PY
}

raw_controls () { LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f]' "$@" | awk -F: '{s+=$NF} END {print s+0}'; }

attack_escape_terminal () {
  hostile_result "$W/evil.json"
  cp "$W/evil.json" "$W/evil2.json"
  cs analyze "$W/evil.json"
  expect 0 "" "analyze" || return
  cat "$W/out" "$W/err" >"$W/all"
  cs compare "$W/evil.json" "$W/evil2.json"
  expect 0 "" "compare" || return
  cat "$W/out" "$W/err" >>"$W/all"
  local raw
  raw=$(raw_controls "$W/all")
  [ "$raw" = 0 ] || { fail "$raw lines with raw control characters"; return; }
  grep -qF '\x1b' "$W/all" || { fail "the escape is not shown as \\x1b"; return; }
  pass "analyze and compare show \\x1b, no raw control character"
}

attack_escape_svg () {
  hostile_result "$W/evil.json"
  cs chart "$W/evil.json" --svg "$W/evil.svg"
  expect 0 "" "chart --svg" || return
  python3 -c 'import sys, xml.dom.minidom as m; m.parse(sys.argv[1])' "$W/evil.svg" 2>"$W/xml" \
    || { fail "invalid XML: $(head -c 200 "$W/xml")"; return; }
  pass "valid XML"
}

# ---- 16. messages ----------------------------------------------------------------------------------

python_callable () {
  cat >"$W/mywork.py" <<EOF2
import os
def work(i):
    $1
EOF2
  cs 90 run --python-callable "$W/mywork.py:work" --python-tasks 2 --modes python-thread \
    --workers 1 --reps 1 --warmup 0 -q
}

attack_message_os_exit () {
  python3 -c 'import sys' 2>/dev/null || { skip "no python3"; return; }
  python_callable 'os._exit(0)'
  expect 1 "exited \(status 0\) while running .*mywork.py:work" "os._exit(0)" \
    && pass "$(grep -m1 'status 0' "$W/err")"
}

attack_message_sigkill () {
  python3 -c 'import sys' 2>/dev/null || { skip "no python3"; return; }
  python_callable 'os.kill(os.getpid(), 9)'
  expect 1 "killed by signal 9 \(SIGKILL: out of memory\?\)" "SIGKILL" \
    && pass "$(grep -m1 'signal 9' "$W/err")"
}

attack_message_xml_too_large () {
  python3 - "$W/big.xml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('<?xml version="1.0"?>\n<topology version="2.0">\n')
    f.write("<!--" + "x" * (80 << 20) + "-->\n")
    f.write("</topology>\n")
PY
  cs 30 topology --input "$W/big.xml"
  expect 1 "too large" "an 80 MiB hwloc XML" && pass "$ERR"
}

attack_message_no_home () {
  local home=$W/nonexistent
  HOME=$home XDG_DATA_HOME='' cs "${QUICK[@]}"
  [ ! -e "$home" ] || { fail "created $(find "$home" | tail -1)"; return; }
  [ "$RC" = 0 ] || { fail "exit $RC: $ERR"; return; }
  pass "nothing created (exit 0: $(echo "$ERR" | head -1))"
}

attack_message_python_args_depth () {
  printf 'def work(x):\n    return 0\n' >"$W/mywork.py"
  local args
  args=$(python3 -c 'print("[" * 50000 + "]" * 50000)')
  local t0=$SECONDS
  cs 60 run --python-callable "$W/mywork.py:work" --python-args "$args" --modes python-thread \
    --workers 1 --reps 1 --warmup 0 -q
  expect 2 "deep|nest" "--python-args nested 50 000 deep" \
    && pass "refused in $((SECONDS - t0)) s: $(echo "$ERR" | head -c 200)"
}
