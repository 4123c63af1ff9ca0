#!/usr/bin/env bash
# fresh-chroot.sh: run the README's test command the way a new user would, on a fresh Debian 12.
#
#   sudo build-aux/fresh-chroot.sh [DIR]     (DIR defaults to /var/tmp/corescope-fresh)
#
# A minimal Debian bookworm (debootstrap --variant=minbase: apt, bash, coreutils and little else)
# goes into DIR once; every run then puts a clean clone of this repository's HEAD in it and runs
# `CI=true build-aux/setup.sh test` there as root, so everything the tests need must come from
# setup.sh's package list: nothing installed by hand on this machine can help. The chroot shares
# only the kernel, /proc, /sys and /dev with this machine. The log is DIR/root/fresh-test.log and
# the last line printed is setup.sh's "N passed, N failed". Remove DIR to start from nothing.
#
# The mirror is the first Debian URI in this machine's apt sources (override with MIRROR=URL).
#
# needs: debootstrap chroot mount umount mountpoint git tee
set -euo pipefail

cd "$(dirname "$0")/.."
DIR=${1:-/var/tmp/corescope-fresh}
SUITE=bookworm

die() { echo "fresh-chroot: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap and chroot), e.g. sudo $0"

apt_mirror() {
  grep -hE '^(URIs:|deb) ' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null |
    grep -v security | sed -E 's/^URIs: //; s/^deb (\[[^]]*\] )?//; s/ .*//' | grep /debian | head -n 1
}

bootstrap() {
  [ -x "$DIR/usr/bin/apt-get" ] && return 0
  local mirror=${MIRROR:-$(apt_mirror)}
  [ -n "$mirror" ] || die "no Debian mirror in /etc/apt; set MIRROR=URL"
  echo "fresh-chroot: debootstrap $SUITE into $DIR"
  debootstrap --variant=minbase "$SUITE" "$DIR" "$mirror" >"$DIR.debootstrap.log" 2>&1 ||
    die "debootstrap failed, see $DIR.debootstrap.log"
}

# DIR on itself first, so that the chroot's / is a mount point (ip netns and unshare change its
# propagation, which fails on a plain directory); then /dev with its submounts (/dev/shm,
# /dev/pts): the tests use POSIX shared memory and a pty.
mount_system() {
  mountpoint -q "$DIR" || mount --bind "$DIR" "$DIR"
  mount --make-private "$DIR"
  for fs in proc sys dev; do
    mountpoint -q "$DIR/$fs" || mount --rbind "/$fs" "$DIR/$fs"
    mount --make-rslave "$DIR/$fs"
  done
}

unmount_system() {
  mountpoint -q "$DIR" && umount -R -l "$DIR"
  return 0
}

fresh_clone() {
  rm -rf "$DIR/root/corescope"
  git clone -q --no-hardlinks "$PWD" "$DIR/root/corescope"
  echo "fresh-chroot: testing $(git rev-parse --short HEAD) in $DIR/root/corescope"
}

mkdir -p "$(dirname "$DIR")"
bootstrap
cp /etc/resolv.conf "$DIR/etc/resolv.conf"
# What an installed Debian has and debootstrap leaves out: without them, resolving this host's
# own name (Open MPI does) waits for DNS to time out.
[ -f "$DIR/etc/hosts" ] || printf '127.0.0.1\tlocalhost\n127.0.1.1\t%s\n::1\tlocalhost ip6-localhost ip6-loopback\n' \
  "$(hostname)" >"$DIR/etc/hosts"
[ -f "$DIR/etc/hostname" ] || hostname >"$DIR/etc/hostname"
trap unmount_system EXIT
mount_system
fresh_clone
chroot "$DIR" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 CI=true \
  bash -c 'cd /root/corescope && build-aux/setup.sh test' 2>&1 | tee "$DIR/root/fresh-test.log"
exit "${PIPESTATUS[0]}"
