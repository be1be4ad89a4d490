#!/usr/bin/env bash
# A fresh checkout to a working install, then the main job (`npm run setup`). Steps, in this order, all by default
# but `prebuild`:
#   deps          libtorch and OpenBLAS from apt when no libtorch is found; the npm dependencies (npm ci)
#   prebuild      the package test's prebuild (node-gyp; it cleans build/, so it comes before `build`)
#   build         the cmake-js addon and dist/ (npm run build)
#   node-versions Node 22 and 24 for the Node-API compatibility test (from the npm registry)
#   finetune      `tstorch finetune` on the embedded demo
# Usage: scripts/setup.sh [step...]   (.ci/run: deps, prebuild, build, node-versions)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- deps build node-versions finetune
for s in "$@"; do
  case "$s" in deps | prebuild | build | node-versions | finetune) ;; *) echo "setup: unknown step '$s' (steps: deps prebuild build node-versions finetune)" >&2; exit 2 ;; esac
done
step() { echo "== $*"; }

node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 10) ? 0 : 1)' ||
  { echo "setup: tstorch needs Node 20.10 or newer, this is $(node --version)" >&2; exit 1; }

for s in "$@"; do
  case "$s" in
    deps)
      # libtorch-dev alone brings the reference BLAS; OpenBLAS makes CPU training about 20x faster (both Debian's);
      # libgloo-dev has the Gloo headers that torch.distributed's CPU backend compiles against
      if ! node scripts/find-libtorch.mjs version >/dev/null 2>&1 || ! ls /usr/lib/*-linux-gnu/openblas-pthread/libblas.so.3 >/dev/null 2>&1 ||
        ! [ -e /usr/include/gloo/algorithm.h ]; then
        step "installing libtorch-dev, OpenBLAS and Gloo's headers (apt)"
        sudo=$([ "$(id -u)" = 0 ] || echo sudo)
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends libtorch-dev libopenblas0-pthread libgloo-dev >/dev/null
      fi
      step "libtorch: $(node scripts/find-libtorch.mjs reason) ($(node scripts/find-libtorch.mjs version))"
      step "npm ci"
      npm ci --no-audit --no-fund ;;
    prebuild)
      step "prebuild (node-gyp, binding.gyp)"
      npm run build:prebuild ;;
    build)
      step "build (cmake-js addon and TypeScript)"
      npm run build ;;
    node-versions)
      step "Node 22 and 24 for the Node-API compatibility test"
      bash scripts/fetch-node.sh 22 24 ;;
    finetune)
      step "tstorch finetune (the embedded demo)"
      npx tstorch finetune --overwrite-output-dir ;;
  esac
done
