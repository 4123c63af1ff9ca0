#!/usr/bin/env bash
# netns-cluster.sh: a cluster of "hosts" on one machine, in network namespaces, for the mpi tests
#
# Copyright 2026 The Corescope authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   build-aux/netns-cluster.sh up N          create cs-head and cs-node1..cs-nodeN
#   build-aux/netns-cluster.sh down          remove every cs-* namespace and file this made
#   build-aux/netns-cluster.sh run N CMD...  up N, run CMD inside cs-head, then down (always)
#   build-aux/netns-cluster.sh check         exit 77 with the reason when namespaces cannot be made
#   build-aux/netns-cluster.sh mpirun-args   print the mpirun options that go with the cluster
#
# Layout: a bridge csbr0 inside cs-head (address .1) and one veth link per node (node k has
# .(10+k)); the subnet is CS_NETNS_SUBNET (default 10.231.0, a /24). Those addresses exist only
# inside these namespaces: nothing is routed to or from the machine's own network, the root
# namespace is never touched, and IPv6 is off inside, so every packet stays on the links made
# here. mpirun runs in cs-head; its rsh agent (build-aux/netns-rsh) starts orted inside the node's
# namespace with a UTS namespace of its own, so each node reports its own hostname. Names
# resolve through /etc/netns/NAME/hosts, which `ip netns exec` mounts over /etc/hosts.
#
# `run` writes the hostfile to $CS_NETNS_DIR/hostfile (default /tmp/corescope-netns) and exports
# CS_NETNS_HOSTFILE, CS_NETNS_MPIRUN_ARGS (every mpirun option the cluster needs) and
# CS_NETNS_MCA_ARGS (only the agent and the interfaces: what Corescope's mpi mode and `corescope
# fleet` take as extra arguments, since they add the hostfile, pml and btl themselves) to CMD.
#
# needs: ip sysctl unshare setpriv mpirun
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
SUBNET=${CS_NETNS_SUBNET:-10.231.0}
DIR=${CS_NETNS_DIR:-/tmp/corescope-netns}
HEAD=cs-head
BRIDGE=csbr0

node_name() { echo "cs-node$1"; }

in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# Namespaces need root (CAP_SYS_ADMIN and CAP_NET_ADMIN); a container may forbid them anyway.
check() {
  local probe="cs-probe-$$"
  if [ "$(id -u)" -ne 0 ]; then
    echo "network namespaces need root (running as uid $(id -u))"
    return 77
  fi
  if ! command -v ip >/dev/null; then
    echo "ip (iproute2) is not installed"
    return 77
  fi
  if ! ip netns add "$probe" 2>/dev/null; then
    echo "cannot create a network namespace here (ip netns add failed: no CAP_NET_ADMIN?)"
    return 77
  fi
  ip netns del "$probe"
  if ! unshare --uts true 2>/dev/null; then
    echo "cannot create a UTS namespace here (unshare --uts failed)"
    return 77
  fi
}

hosts_file() {
  local n=$1 k
  echo "127.0.0.1 localhost"
  echo "$SUBNET.1 $HEAD"
  for k in $(seq 1 "$n"); do echo "$SUBNET.$((10 + k)) $(node_name "$k")"; done
}

# lo up and IPv6 off: Open MPI would otherwise also try the links' fe80:: addresses.
ns_basics() {
  local ns=$1
  in_ns "$ns" ip link set lo up
  in_ns "$ns" sysctl -q -w net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}

make_ns() {
  local ns=$1 n=$2
  ip netns add "$ns"
  mkdir -p "/etc/netns/$ns"
  hosts_file "$n" > "/etc/netns/$ns/hosts"
  ns_basics "$ns"
}

make_node() {
  local k=$1 n=$2 ns
  ns=$(node_name "$k")
  make_ns "$ns" "$n"
  # Created inside cs-head with its other end made directly in the node: no link ever exists in
  # the root namespace.
  in_ns "$HEAD" ip link add "veth$k" type veth peer name eth0 netns "$ns"
  in_ns "$HEAD" ip link set "veth$k" master "$BRIDGE" up
  in_ns "$ns" ip addr add "$SUBNET.$((10 + k))/24" dev eth0
  in_ns "$ns" ip link set eth0 up
}

up() {
  local n=${1:?usage: $0 up N} k
  down
  make_ns "$HEAD" "$n"
  in_ns "$HEAD" ip link add "$BRIDGE" type bridge
  in_ns "$HEAD" ip addr add "$SUBNET.1/24" dev "$BRIDGE"
  in_ns "$HEAD" ip link set "$BRIDGE" up
  for k in $(seq 1 "$n"); do make_node "$k" "$n"; done
  mkdir -p "$DIR"
  for k in $(seq 1 "$n"); do echo "$(node_name "$k") slots=64"; done > "$DIR/hostfile"
}

# Removes everything any earlier `up` made, whatever state it was left in. Deleting a namespace
# deletes its links; a node's orted (if any survived) dies with mpirun or its lifeline.
down() {
  local ns names
  names=$(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^cs-(head|node[0-9]+)$' || true)
  for ns in $names; do
    ip netns pids "$ns" 2>/dev/null | xargs -r kill -KILL 2>/dev/null || true
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -rf /etc/netns/cs-head /etc/netns/cs-node[0-9]* "$DIR"
  rmdir /etc/netns 2>/dev/null || true
}

# Open MPI over the cluster only: its TCP traffic on the cluster's subnet, daemons started from
# cs-head by the agent (no tree spawn: every orted is mpirun's child), no high-speed transports.
mca_args() {
  printf '%s\n' --mca plm_rsh_agent "$HERE/netns-rsh" --mca plm_rsh_no_tree_spawn 1 \
    --mca oob_tcp_if_include "$SUBNET.0/24" --mca btl_tcp_if_include "$SUBNET.0/24"
}

mpirun_args() {
  printf '%s\n' --hostfile "$DIR/hostfile"
  mca_args
  printf '%s\n' --mca pml ob1 --mca btl self,vader,tcp --mca odls_base_sigkill_timeout 0
}

# CMD runs in the background so that a SIGTERM to this script (a test's clean-up) is handled at
# once, passed on to CMD, and followed by `down`; stdin is passed on explicitly because bash
# gives background jobs /dev/null.
run() {
  local n=${1:?usage: $0 run N CMD...} child status=0
  shift
  trap down EXIT
  up "$n"
  CS_NETNS_HOSTFILE="$DIR/hostfile" CS_NETNS_MPIRUN_ARGS="$(mpirun_args | tr '\n' ' ')" \
    CS_NETNS_MCA_ARGS="$(mca_args | tr '\n' ' ')" in_ns "$HEAD" "$@" <&0 &
  child=$!
  trap 'kill -TERM $child 2>/dev/null; wait $child; exit 143' TERM
  trap 'kill -INT $child 2>/dev/null; wait $child; exit 130' INT
  wait $child || status=$?
  return $status
}

case "${1:-}" in
  up) shift; check >&2 && up "$@" ;;
  down) down ;;
  run) shift; check >&2 && run "$@" ;;
  check) check ;;
  mpirun-args) mpirun_args ;;
  *) echo "usage: $0 up N | down | run N CMD... | check | mpirun-args" >&2; exit 2 ;;
esac
