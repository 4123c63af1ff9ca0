# red-team.d/procs.sh: attacks on the processes and files Corescope's children leave behind
# (issue #20, items 8–12 and 14). Sourced by build-aux/red-team.sh: one function per attack,
# using its helpers (pass, fail, skip, is_root, cs, W, CLI).
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later

# Every process below pid, one a line.
procs_descendants () {
  local child
  for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
    echo "$child"
    procs_descendants "$child"
  done
}

# procs_wait_gone SECONDS PID…: TRUE once none of the pids is alive (zombies count as gone).
procs_wait_gone () {
  local limit=$1 end p alive
  shift
  end=$((SECONDS + limit))
  while :; do
    alive=
    for p in "$@"; do
      if [ -e /proc/"$p" ] && ! grep -q '^State:.*Z' /proc/"$p"/status 2>/dev/null; then
        alive="$alive $p"
      fi
    done
    [ -z "$alive" ] && return 0
    [ $SECONDS -ge $end ] && { PROCS_ALIVE=$alive; return 1; }
    sleep 0.2
  done
}

# The /dev/shm entries (multiprocessing's sem.mp-*, Open MPI's segments, Corescope's folders)
# that the given processes have mapped or are named after. A named semaphore is mapped under
# the temporary name it was made with, since unlinked, and then linked to sem.mp-*: its inode
# finds it.
procs_shm_of () {
  local p inode
  for p in "$@"; do
    for inode in $(awk '$6 ~ "^/dev/shm/" { print $5 }' /proc/"$p"/maps 2>/dev/null); do
      find /dev/shm -maxdepth 1 -inum "$inode" 2>/dev/null
    done
    ls -d /dev/shm/cs-"$p"-* "${TMPDIR:-/tmp}"/cs-"$p"-* 2>/dev/null
  done | sort -u
}

# procs_kill9 DESCRIPTION WANT-DESCENDANTS CLI-ARGS…: starts a sweep (procs_kill9_in sees what
# and want, bash scoping), waits until it has at least
# WANT-DESCENDANTS processes below it, SIGKILLs the CLI, and checks that every one of them and
# every /dev/shm or TMPDIR entry they had is gone within 10 s.
procs_kill9 () {
  local what=$1 want=$2 tmp
  shift 2
  # a short TMPDIR: multiprocessing's forkserver puts a socket in it (108 bytes at most)
  tmp=$(mktemp -d /tmp/rt-XXXXXX)
  procs_kill9_in "$tmp" "$@"
  rm -rf "$tmp"
}

procs_kill9_in () {
  local tmp=$1 pid kids n shm left
  shift
  TMPDIR=$tmp timeout -k 5 120 "$CLI" "$@" >"$W/out" 2>"$W/err" </dev/null &
  pid=$!
  sleep 0.5
  pid=$(cat /proc/"$pid"/task/*/children 2>/dev/null | tr " " "\n" | head -1) # the CLI, under timeout
  for _ in $(seq 150); do
    kids=$(procs_descendants "$pid")
    n=$(echo "$kids" | grep -c .)
    [ "$n" -ge "$want" ] && break
    sleep 0.2
  done
  if [ "$n" -lt "$want" ]; then
    kill -9 "$pid" 2>/dev/null
    skip "$what: only $n processes started in 30 s ($(head -c 200 "$W/err"))"
    return
  fi
  sleep 1
  kids=$(procs_descendants "$pid")
  shm=$(TMPDIR=$tmp procs_shm_of $kids)
  kill -9 "$pid"
  # shellcheck disable=SC2086
  if ! procs_wait_gone 10 $kids; then
    fail "$what: still running 10 s after kill -9 of the CLI:$(for p in $PROCS_ALIVE; do
            printf ' %s(%s)' "$p" "$(cat /proc/"$p"/comm 2>/dev/null)"; done)"
    # shellcheck disable=SC2086
    kill -9 $PROCS_ALIVE 2>/dev/null
    return
  fi
  sleep 0.5
  left=$(for f in $shm; do [ -e "$f" ] && echo "$f"; done; ls -A "$tmp")
  if [ -n "$left" ]; then
    fail "$what: left behind: $(echo $left | head -c 300)"
    return
  fi
  pass "$what: $n processes and $(echo "$shm" | grep -c .) /dev/shm or TMPDIR entries gone"
}

# ---- 8. every child dies with Corescope ------------------------------------------------------

attack_procs_kill9_python_process () {
  printf 'def spin(n):\n    x = 0\n    while True:\n        x += 1\n' >"$W/hostile.py"
  procs_kill9 "python-process spin" 4 run --python-callable "$W/hostile.py:spin" \
    --modes python-process --workers 2 --reps 1 --warmup 0 -q
}

attack_procs_kill9_python_thread () {
  procs_kill9 "python-thread cpu" 2 run --preset cpu --param numbers=2000000 \
    --modes python-thread --workers 2 --reps 3 --warmup 0 -q
}

attack_procs_kill9_process () {
  procs_kill9 "process cpu" 2 run --preset cpu --param numbers=50000000 \
    --modes process --workers 2 --reps 3 --warmup 0 -q
}

# ---- 9. the command preset's descendants -----------------------------------------------------

# procs_command MARKER COMMAND: runs COMMAND (through a shell) as the command preset, twice.
procs_command () {
  cs 60 run --preset command --param "command=$2" --param shell=true --modes process \
    --workers 1 --reps 2 --warmup 0 -q --json "$W/r.json"
  if [ "$RC" = 124 ] || [ "$RC" = 137 ]; then
    fail "'$2' hung (killed at 60 s)"
    pkill -9 -f "sleep $1"
    return 1
  fi
  if pgrep -f "sleep $1" >/dev/null; then
    fail "'$2' left: $(pgrep -af "sleep $1" | head -3 | tr '\n' ' ')"
    pkill -9 -f "sleep $1"
    return 1
  fi
  if ! grep -q 'left 1 process running' "$W/r.json"; then
    fail "'$2': the result does not say what was left running: $(head -c 300 "$W/err")"
    return 1
  fi
  return 0
}

attack_procs_command_setsid () {
  local marker=1001.$$
  procs_command "$marker" "setsid sleep $marker &" || return
  pass "exit $RC, nothing left: $(grep -o 'failed: [^"]*' "$W/err" | head -1)"
}

attack_procs_command_keeps_stdout () {
  local marker=1006.$$
  # the grandchild keeps the command's stdout open
  procs_command "$marker" "sh -c 'sleep $marker &'; echo done" || return
  pass "exit $RC, nothing left: $(grep -o 'failed: [^"]*' "$W/err" | head -1)"
}

# ---- 10. Open MPI's files of a job that fails or is killed -----------------------------------

procs_have_mpi () {
  command -v mpirun >/dev/null && [ -x "$(dirname "$CLI")/../mpi/corescope-mpi-worker" ]
}

attack_procs_kill9_mpi () {
  procs_have_mpi || { skip "no mpirun or corescope-mpi-worker"; return; }
  procs_kill9 "mpi cpu" 4 run --preset cpu --param numbers=50000000 --modes mpi \
    --workers 2 --reps 3 --warmup 0 -q
}

attack_procs_mpi_failed_job () {
  local left
  procs_have_mpi || { skip "no mpirun or corescope-mpi-worker"; return; }
  touch "$W/stamp"
  mkdir -p "$W/tmp"
  TMPDIR=$W/tmp timeout -k 5 120 prlimit --as=200000000 -- "$CLI" run --preset cpu \
    --param numbers=200 --modes mpi --workers 4 --reps 1 --warmup 0 -q >"$W/out" 2>"$W/err"
  RC=$?
  [ "$RC" = 124 ] && { fail "hung (killed at 120 s)"; return; }
  left=$(find /dev/shm -maxdepth 1 -name "cs-[0-9]*" -newer "$W/stamp" 2>/dev/null;
         ls -A "$W/tmp")
  [ -n "$left" ] && { fail "left behind: $(echo $left | head -c 300)"; return; }
  pass "exit $RC, nothing left in /dev/shm or TMPDIR: $(grep -m1 -o 'failed: .\{0,120\}' "$W/err")"
}

# ---- 11. the process limit, named -------------------------------------------------------------

attack_procs_nproc () {
  local mode bad=
  is_root || { skip "needs root (setpriv to nobody)"; return; }
  command -v setpriv >/dev/null || { skip "no setpriv"; return; }
  for mode in python-process python-thread thread process; do
    timeout -k 5 90 setpriv --reuid=nobody --regid=nogroup --clear-groups \
      env PATH=/usr/bin:/bin TMPDIR=/tmp prlimit --nproc=8 "$CLI" run --preset cpu \
      --param numbers=200 --modes "$mode" --workers 1,4,8 --reps 1 --warmup 0 -q \
      >"$W/out" 2>"$W/err" </dev/null
    RC=$?
    if [ "$RC" = 124 ]; then
      bad="$bad $mode: hung;"
    elif ! grep -q 'could not start a worker: Resource temporarily unavailable (EAGAIN: the process limit' "$W/err"; then
      bad="$bad $mode: $(grep -m1 -o 'failed: .\{0,120\}' "$W/err");"
    fi
  done
  [ -n "$bad" ] && { fail "$bad"; return; }
  pass "every mode names EAGAIN and the process limit, none hangs"
}

# ---- 12. a rank that dies at start-up ---------------------------------------------------------

attack_procs_mpi_small_tmpdir () {
  local i start took longest=0 slow=
  procs_have_mpi || { skip "no mpirun or corescope-mpi-worker"; return; }
  is_root || { skip "needs root (a 1 MB tmpfs)"; return; }
  mkdir -p "$W/small"
  mount -t tmpfs -o size=1m tmpfs "$W/small" || { skip "cannot mount a tmpfs"; return; }
  for i in 1 2 3 4 5; do
    start=$SECONDS
    TMPDIR=$W/small timeout -k 5 50 "$CLI" run --preset cpu --param numbers=200 --modes mpi \
      --workers 2 --reps 1 --warmup 0 -q >"$W/out" 2>"$W/err" </dev/null
    RC=$?
    took=$((SECONDS - start))
    [ "$took" -gt "$longest" ] && longest=$took
    [ "$RC" = 124 ] && slow="$slow try $i hung (killed at 50 s);"
  done
  umount "$W/small"
  # A job that cannot start fails by the mpi backend's start-up deadline (30 s on this machine),
  # and within seconds when mpirun said PMIx ran out of space (issue #20, item 12).
  [ -n "$slow" ] && { fail "$slow"; return; }
  pass "5 tries, the longest $longest s: $(grep -m1 -o 'failed: .\{0,160\}' "$W/err")"
}

# ---- 14. bounded output -------------------------------------------------------------------------

attack_procs_command_stdout_400mb () {
  local rss
  command -v /usr/bin/time >/dev/null || { skip "no /usr/bin/time"; return; }
  timeout -k 5 120 /usr/bin/time -f '%M' -o "$W/rss" "$CLI" run --preset command \
    --param 'command=head -c 400000000 /dev/zero' --modes process --workers 1 --reps 1 \
    --warmup 0 -q >"$W/out" 2>"$W/err" </dev/null
  RC=$?
  rss=$(tail -1 "$W/rss")
  [ "$RC" = 0 ] || { fail "exit $RC: $(head -c 300 "$W/err")"; return; }
  [ "${rss:-999999}" -lt 102400 ] || { fail "max RSS $rss KiB for 400 MB of output"; return; }
  pass "400 MB on stdout, max RSS $rss KiB"
}

attack_procs_command_stderr_100mb () {
  local size
  cs 120 run --preset command --param "command=head -c 100000000 /dev/zero | tr '\\0' x >&2; exit 1" \
    --param shell=true --modes process --workers 1 --reps 1 --warmup 0 -q --json "$W/r.json"
  [ "$RC" = 124 ] && { fail "hung"; return; }
  size=$(stat -c %s "$W/r.json" 2>/dev/null || echo 0)
  [ "$size" -gt 0 ] && [ "$size" -lt 200000 ] || { fail "result of $size bytes"; return; }
  grep -q 'bytes cut)' "$W/r.json" || { fail "the reason does not say it was cut"; return; }
  [ "$(wc -c <"$W/err")" -lt 5000 ] || { fail "$(wc -c <"$W/err") bytes on stderr"; return; }
  pass "exit $RC, result $size bytes: $(grep -o '([0-9]* bytes cut)' "$W/r.json" | head -1)"
}

# With the forkserver start method multiprocessing's semaphores are named (sem.mp-* in /dev/shm)
# until its resource tracker unlinks them.
attack_procs_kill9_python_forkserver () {
  printf 'def spin(n):\n    x = 0\n    while True:\n        x += 1\n' >"$W/hostile.py"
  procs_kill9 "python-process forkserver spin" 6 run --python-callable "$W/hostile.py:spin" \
    --modes python-process --option python-process:start-method=forkserver --workers 2 \
    --reps 1 --warmup 0 -q
}
