#!/usr/bin/env node
// Builds build/Release/tstorch.node with cmake-js against the libtorch scripts/find-libtorch.mjs finds.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findLibtorch, nodeIncludeDir } from './find-libtorch.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let torch;
try {
  torch = findLibtorch();
} catch (e) {
  console.error(`tstorch: ${e.message}`);
  process.exit(1);
}
console.error(`tstorch: building against libtorch ${torch.version} from ${torch.reason} (${torch.cmakePrefix})`);
const cmakeJs = join(root, 'node_modules', 'cmake-js', 'bin', 'cmake-js');
const args = [
  cmakeJs, 'compile', '--directory', root,
  '--parallel', process.env.TSTORCH_BUILD_JOBS ?? '2',
  `--CDCMAKE_PREFIX_PATH=${torch.cmakePrefix}`,
  `--CDNODE_INCLUDE_DIR=${nodeIncludeDir()}`,
  // a second build folder lets two checkouts or experiments build side by side
  ...(process.env.TSTORCH_BUILD_DIR ? ['--out', process.env.TSTORCH_BUILD_DIR] : []),
];
const result = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
