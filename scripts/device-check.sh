#!/usr/bin/env bash
# On a GPU machine with Python torch 2.x and no network (see README "GPU check"): brings Node from .device/
# (made by scripts/device-pack.sh), builds the addon against that Python torch's libtorch, runs the CUDA test
# subset and the GPU benchmark, and prints a short table last. Also runs on a CPU machine as a dry run
# (DEVICE=cpu), with the system libtorch.
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$(mktemp -d)}
mkdir -p "$OUT"
DEVICE=${DEVICE:-cuda}
PY=${TSTORCH_PYTHON:-python3}
status=0
log() { echo "== $*"; }

# 1. Node (>= 20.10 for GC-time finalizers)
if ! command -v node >/dev/null || ! node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>20||(a==20&&b>=10)?0:1)'; then
  log "unpacking Node from .device/node.tar.xz"
  mkdir -p /tmp/tstorch-node && tar -C /tmp/tstorch-node -xJf .device/node.tar.xz
  export PATH=/tmp/tstorch-node/node/bin:$PATH
  NODE_INCLUDE_DIR=/tmp/tstorch-node/node/include/node
fi
NODE_INCLUDE_DIR=${NODE_INCLUDE_DIR:-$(node -p "require('path').join(process.execPath,'..','..','include','node')")}
[ -f "$NODE_INCLUDE_DIR/js_native_api.h" ] || NODE_INCLUDE_DIR=/usr/include/node
log "node $(node --version), headers $NODE_INCLUDE_DIR"

# 2. Dependencies and compiled TypeScript: carried in .device/, or the checkout's own when present
[ -d node_modules ] || ln -s .device/modules/node_modules node_modules
[ -d dist ] || ln -s .device/dist dist

# 3. Build against the libtorch scripts/find-libtorch.mjs finds (a Python torch here), with plain cmake
TORCH_PREFIX=$(node scripts/find-libtorch.mjs cmakePrefix) || exit 1
log "libtorch $(node scripts/find-libtorch.mjs version) from $(node scripts/find-libtorch.mjs reason)"
BUILD=${BUILD_DIR:-build-device}
start=$(date +%s)
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$TORCH_PREFIX" -DNODE_INCLUDE_DIR="$NODE_INCLUDE_DIR" >"$OUT/cmake.log" 2>&1 \
  && cmake --build "$BUILD" -j "$(nproc)" >>"$OUT/cmake.log" 2>&1 || { tail -40 "$OUT/cmake.log"; echo "BUILD FAILED"; exit 1; }
export TSTORCH_ADDON=$PWD/$BUILD/Release/tstorch.node
[ -f "$TSTORCH_ADDON" ] || export TSTORCH_ADDON=$PWD/$BUILD/tstorch.node
log "built in $(( $(date +%s) - start )) s: $TSTORCH_ADDON"
node dist/cli/index.js doctor | tee "$OUT/doctor.txt"

# 4. The CUDA test subset (node's test runner over dist/, no dev dependencies needed): every test/device/*.test.mjs
#    (cuda, nn, media: F.interpolate, ViT interpolatePosEncoding, Wav2Vec2 SpecAugment)
log "device tests on $DEVICE"
DEVICE=$DEVICE node --test --test-reporter=spec test/device/ 2>&1 | tee "$OUT/tests.txt" | tail -40
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

# 5. GPU benchmark: tstorch vs PyTorch eager vs transformers on the same card
log "benchmark on $DEVICE"
DEVICE=$DEVICE node bench/gpu-bert.mjs >"$OUT/bench-tstorch.json" 2>"$OUT/bench-tstorch.err" || { cat "$OUT/bench-tstorch.err"; status=1; }
DEVICE=$DEVICE "$PY" bench/gpu_bert.py >"$OUT/bench-python.json" 2>"$OUT/bench-python.err" || { tail -5 "$OUT/bench-python.err"; status=1; }
node bench/gpu-table.mjs "$OUT/bench-tstorch.json" "$OUT/bench-python.json" | tee "$OUT/table.md"
exit $status
