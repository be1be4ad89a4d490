#!/usr/bin/env bash
# Runs a command against libtorch 2.6 in a Debian trixie chroot, with this checkout (and ../shared beside it)
# mounted at the same paths as on the host. Usage: scripts/trixie-chroot.sh [command args...]  (default: bash)
#
# The chroot lives outside the checkout, at $TSTORCH_CHROOT (default /var/cache/tstorch/trixie), so clones
# share it. It is made once (debootstrap, then the packages below; about 6 minutes, mostly downloads) and
# reused while its stamp matches the package list. A half-made one is detected: an unfinished debootstrap is
# removed and redone, an unfinished package step is run again (it is idempotent). A lock serializes makers.
# Mounts happen in a private mount namespace (unshare), so they vanish with the command whatever way it
# ends; the trap unmounts them as well, in order, for a clean exit. Needs root, debootstrap, unshare (util-linux)
# and python3 (it marks the overlay folders opaque).
set -euo pipefail

ROOT=${TSTORCH_CHROOT:-/var/cache/tstorch/trixie}
SUITE=trixie
PACKAGES=(libtorch-dev python3-torch nodejs npm libnode-dev g++ cmake make python3 libopenblas0-pthread ca-certificates libgloo-dev)
CHECKOUT=$(cd "$(dirname "$0")/.." && pwd -P)
STAMP="$ROOT/.tstorch-ready"
WANT_STAMP="$SUITE ${PACKAGES[*]}"

die() { echo "trixie-chroot: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot and mounts)"

# The Debian mirror the host's apt uses (deb822 or one-line sources), so the chroot downloads from the same place
host_mirror() {
  local uri
  uri=$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v -- '-security' | head -n1)
  [ -n "$uri" ] || uri=$(grep -hsE '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v -- '-security' | head -n1)
  echo "${uri:-http://deb.debian.org/debian}"
}

mounted_below() { awk -v r="$1" '$2 == r || index($2, r "/") == 1 {print $2}' /proc/mounts; }

# Host settings the chroot needs to reach the registries: resolver, CA bundle (the host's may hold a
# proxy's CA that Debian's bundle lacks), npm configuration (user and global)
copy_host_config() {
  cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
  mkdir -p "$ROOT/etc/ssl/certs"
  [ -e /etc/ssl/certs/ca-certificates.crt ] && cp -L /etc/ssl/certs/ca-certificates.crt "$ROOT/etc/ssl/certs/host-ca-bundle.crt"
  local global
  global=$(npm config get globalconfig 2>/dev/null || true)
  : >"$ROOT/etc/npmrc"
  for rc in "$global" /etc/npmrc; do
    [ -n "$rc" ] && [ -f "$rc" ] && grep -v '^cafile' "$rc" >>"$ROOT/etc/npmrc" || true
  done
  echo "cafile=/etc/ssl/certs/host-ca-bundle.crt" >>"$ROOT/etc/npmrc"
  mkdir -p "$ROOT/root"
  if [ -f "$HOME/.npmrc" ]; then grep -v '^cafile' "$HOME/.npmrc" >"$ROOT/root/.npmrc"; fi
}

make_chroot() {
  local mirror
  mirror=$(host_mirror)
  # debootstrap leaves $ROOT/debootstrap behind until it succeeds: a base system without it is reused, and
  # the package step below is idempotent
  if [ -e "$ROOT" ] && { [ -e "$ROOT/debootstrap" ] || ! [ -x "$ROOT/usr/bin/apt-get" ]; }; then
    [ -z "$(mounted_below "$ROOT")" ] || die "$ROOT is half-made and still has mounts: $(mounted_below "$ROOT" | tr '\n' ' ')"
    echo "trixie-chroot: removing the half-made $ROOT" >&2
    rm -rf --one-file-system "$ROOT"
  fi
  if ! [ -e "$ROOT" ]; then
    echo "trixie-chroot: making $ROOT from $mirror (debootstrap --variant=minbase $SUITE)" >&2
    # a fresh Debian machine has no debootstrap: it is Debian's own package
    command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; } >&2
    debootstrap --variant=minbase "$SUITE" "$ROOT" "$mirror" >&2
  fi
  # contrib too: scripts/cuda-compile-check.sh downloads libtorch-cuda-dev from it
  cat >"$ROOT/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: $SUITE
Components: main contrib
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  rm -f "$ROOT/etc/apt/sources.list"
  # the host's apt allows stale Release files (a snapshot mirror); the chroot does the same
  cp /etc/apt/apt.conf.d/99artifact-registry "$ROOT/etc/apt/apt.conf.d/" 2>/dev/null || true
  copy_host_config
  in_chroot_plain apt-get update -qq
  in_chroot_plain env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >&2
  in_chroot_plain apt-get clean
  echo "$WANT_STAMP" >"$STAMP"
}

# A command in the chroot with /proc and /dev only (for making it)
in_chroot_plain() {
  unshare --mount --propagation private -- bash -c '
    set -e; root=$1; shift
    mount -t proc proc "$root/proc"; mount --rbind /dev "$root/dev"
    chroot "$root" "$@"' _ "$ROOT" "$@"
}

ensure_chroot() {
  mkdir -p "$(dirname "$ROOT")"
  exec 9>"$ROOT.lock"
  flock 9 # two CI runs at once: the second waits for the first to finish making it
  if [ "$(cat "$STAMP" 2>/dev/null)" != "$WANT_STAMP" ]; then
    local start=$SECONDS
    make_chroot
    echo "trixie-chroot: made $ROOT in $((SECONDS - start)) s" >&2
  fi
  copy_host_config
  flock -u 9
}

ensure_chroot
[ $# -gt 0 ] || set -- bash

# The checkout appears in the chroot at its host path as an overlay: reads see the host's files, writes land in
# a chroot-own layer. So the chroot's node_modules (built for its node), build/ and prebuilds/ (linked to
# libtorch 2.6) and dist/ never clobber the host's, survive between runs (incremental builds), and `rm -rf` of
# them works. Only those folders persist in the layer; anything else written there is dropped at the next run,
# so the chroot always sees the host's sources. ../shared (the fixtures) is bound read-only beside it.
OWN_DIRS="node_modules build prebuilds dist .cache"
LAYER=$ROOT/var/lib/tstorch-layer/$(printf '%s' "$CHECKOUT" | sha1sum | cut -c1-12)
mkdir -p "$LAYER/upper" "$LAYER/work"
for entry in "$LAYER/upper"/* "$LAYER/upper"/.[!.]*; do
  [ -e "$entry" ] || [ -L "$entry" ] || continue
  case " $OWN_DIRS " in *" $(basename "$entry") "*) ;; *) rm -rf --one-file-system "$entry" ;; esac
done
# The chroot-own folders start empty, not as copies of the host's (an opaque directory hides the lower one), so no
# host object file, CMake cache or node_modules is ever mixed into a chroot build
for d in $OWN_DIRS; do
  [ -e "$LAYER/upper/$d" ] && continue
  mkdir "$LAYER/upper/$d"
  /usr/bin/python3 -c 'import os, sys; os.setxattr(sys.argv[1], "trusted.overlay.opaque", b"y")' "$LAYER/upper/$d"
done
SHARED=$(cd "$CHECKOUT/.." && pwd -P)/shared
[ -d "$SHARED" ] && SHARED=$(readlink -f "$SHARED") || SHARED=

# Work where the caller is when that is inside the checkout
CWD=$(pwd -P)
case "$CWD/" in "$CHECKOUT"/*) ;; *) CWD=$CHECKOUT ;; esac

# /proc, /dev, a fresh /tmp, the checkout and ../shared, in a private mount namespace: they vanish with it, and
# the trap unmounts them in reverse order on every exit
exec unshare --mount --propagation private -- bash -c '
  set -euo pipefail
  root=$1 checkout=$2 layer=$3 shared=$4 cwd=$5; shift 5
  mounted=()
  cleanup() { for ((i=${#mounted[@]}-1; i>=0; i--)); do umount -l "${mounted[i]}" 2>/dev/null || true; done; }
  trap cleanup EXIT
  mount -t proc proc "$root/proc"; mounted+=("$root/proc")
  mount --rbind /dev "$root/dev"; mounted+=("$root/dev")
  mount -t tmpfs tmpfs "$root/tmp"; mounted+=("$root/tmp")
  mkdir -p "$root$checkout"
  mount -t overlay overlay -o "lowerdir=$checkout,upperdir=$layer/upper,workdir=$layer/work" "$root$checkout"
  mounted+=("$root$checkout")
  if [ -n "$shared" ]; then
    mkdir -p "$root$shared"
    mount --rbind "$shared" "$root$shared" && mount -o remount,bind,ro "$root$shared"; mounted+=("$root$shared")
  fi
  # a clean environment, with the few settings the project reads when the caller set them
  envs=(HOME=/root PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 "TERM=${TERM:-dumb}"
        NODE_EXTRA_CA_CERTS=/etc/ssl/certs/host-ca-bundle.crt TSTORCH_IN_CHROOT=trixie)
  for v in CI TSTORCH_BUILD_JOBS TSTORCH_FIXTURES; do [ -z "${!v:-}" ] || envs+=("$v=${!v}"); done
  chroot "$root" /usr/bin/env -i "${envs[@]}" \
    bash -c "cd \"\$0\" && exec \"\$@\"" "$cwd" "$@"
' _ "$ROOT" "$CHECKOUT" "$LAYER" "$SHARED" "$CWD" "$@"
