#!/usr/bin/env bash
# Compiles tstorch's CUDA code paths (TSTORCH_WITH_CUDA) against a CUDA libtorch 2.6's headers, with no GPU, no
# CUDA install and no package script run: Debian trixie's libtorch-cuda-dev (contrib) and the CUDA headers it
# needs (non-free) are fetched with `apt-get download`, unpacked with `dpkg -x` into a cache, and each cpp file
# that has CUDA code is compiled with -fsyntax-only (`--all`: every cpp file), and cpp/distributed's with NCCL (libnccl-dev). Runs in the trixie chroot
# (scripts/trixie-chroot.sh; g++ 14), which it enters itself; needs the chroot's node_modules (node-addon-api),
# which `scripts/trixie-chroot.sh npm ci` makes. Downloads the packages once; not part of CI.
# Usage: scripts/cuda-compile-check.sh [--fetch-only | --all]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${TSTORCH_IN_CHROOT:-}" != trixie ]; then exec bash scripts/trixie-chroot.sh bash scripts/cuda-compile-check.sh "$@"; fi

CACHE=/var/cache/tstorch-cuda-headers
# libtorch-cuda-dev's headers, and the CUDA toolkit headers that ATen/cuda and c10/cuda include
# (cuda_runtime_api.h, cublas_v2.h, cusparse.h, ... in nvidia-cuda-dev; cuda_fp16.h's <nv/target> in libcu++-dev;
# nccl.h, which switches on torch.distributed's 'nccl' backend, in libnccl-dev)
PACKAGES=(libtorch-cuda-dev nvidia-cuda-dev libcu++-dev libnccl-dev)
start=$SECONDS

mkdir -p "$CACHE/root"
for pkg in "${PACKAGES[@]}"; do
  [ -e "$CACHE/.got-$pkg" ] && continue
  # the chroot's sources have main and contrib; the CUDA toolkit headers are in non-free
  if ! [ -e /etc/apt/sources.list.d/cuda-check.sources ]; then
    sed 's/^Components:.*/Components: non-free/' /etc/apt/sources.list.d/debian.sources >/etc/apt/sources.list.d/cuda-check.sources
    apt-get update -qq
  fi
  rm -rf "$CACHE/debs" && mkdir -p "$CACHE/debs"
  (cd "$CACHE/debs" && apt-get download "$pkg")
  dpkg -x "$CACHE"/debs/*.deb "$CACHE/root"
  # only the headers and libtorch's version file are needed (the toolkit package also holds static libraries)
  find "$CACHE/root" -mindepth 1 -maxdepth 1 ! -name usr -exec rm -rf {} +
  find "$CACHE/root/usr" -mindepth 1 -maxdepth 1 ! -name include ! -name lib -exec rm -rf {} +
  find "$CACHE/root/usr/lib" -type f ! -name TorchConfigVersion.cmake -delete
  rm -rf "$CACHE/debs"
  touch "$CACHE/.got-$pkg"
done
version=$(sed -n 's/.*PACKAGE_VERSION "\([^"]*\)".*/\1/p' "$CACHE"/root/usr/lib/*/cmake/Torch/TorchConfigVersion.cmake 2>/dev/null | head -n1)
echo "cuda-compile-check: CUDA libtorch ${version:-?} headers in $CACHE ($((SECONDS - start)) s to fetch)"

[ "${1:-}" != --fetch-only ] || exit 0
addon_api=$(node -p "require('node-addon-api').include_dir" 2>/dev/null) ||
  { echo "cuda-compile-check: node-addon-api is missing in the chroot: run scripts/trixie-chroot.sh npm ci" >&2; exit 1; }
inc=$CACHE/root/usr/include
# the unpacked CUDA libtorch's headers come before the chroot's CPU libtorch in /usr/include
flags=(-std=c++17 -fsyntax-only -DTSTORCH_WITH_CUDA -DNAPI_EXPERIMENTAL -DNAPI_CPP_EXCEPTIONS -DBUILDING_NODE_EXTENSION
  -I"$inc" -I"$inc/torch/csrc/api/include" -I/usr/include/node -I"$addon_api" -idirafter cpp/distributed/compat)
# cpp/distributed's CUDA path (NCCL) is switched on in its header, c10d.h: its files are always checked
if [ "${1:-}" = --all ]; then files=(cpp/*.cc cpp/models/*.cc); else mapfile -t files < <(grep -l TSTORCH_WITH_CUDA cpp/*.cc cpp/models/*.cc); fi
files+=(cpp/distributed/*.cc)

failed=()
for f in "${files[@]}"; do
  t=$SECONDS
  if g++ "${flags[@]}" "$f"; then echo "ok    $f ($((SECONDS - t)) s)"; else failed+=("$f"); echo "FAIL  $f"; fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "cuda-compile-check: ${#failed[@]} of ${#files[@]} files do not compile against CUDA libtorch ${version:-?}: ${failed[*]}"
  exit 1
fi
echo "cuda-compile-check: passed, ${#files[@]} files against CUDA libtorch ${version:-?}, $(date -u +%Y-%m-%d), in $((SECONDS - start)) s"
