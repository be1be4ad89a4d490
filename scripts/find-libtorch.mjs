// Finds libtorch the way tch-rs does: $LIBTORCH, else a Python `torch`, else the system install.
// Used by the native build and by `tstorch doctor`.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SYSTEM_CMAKE_DIRS = [
  '/usr/lib/x86_64-linux-gnu/cmake',
  '/usr/lib/aarch64-linux-gnu/cmake',
  '/usr/local/lib/cmake',
  '/usr/lib/cmake',
  '/usr/local/share/cmake',
  '/usr/share/cmake',
];

function hasTorchConfig(cmakePrefix) {
  return existsSync(join(cmakePrefix, 'Torch', 'TorchConfig.cmake'));
}

function readVersion(cmakePrefix) {
  try {
    const text = readFileSync(join(cmakePrefix, 'Torch', 'TorchConfigVersion.cmake'), 'utf8');
    return /PACKAGE_VERSION "([^"]+)"/.exec(text)?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function libDirOf(root, cmakePrefix) {
  for (const dir of [join(root, 'lib'), join(cmakePrefix, '..')]) {
    if (existsSync(dir) && readdirSync(dir).some((f) => /^libtorch(_cpu)?\.so/.test(f))) return dir;
  }
  return join(cmakePrefix, '..');
}

function fromPython(python) {
  try {
    const out = execFileSync(
      python,
      ['-c', 'import os, torch, torch.utils; print(torch.utils.cmake_prefix_path); print(os.path.dirname(torch.__file__))'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 },
    ).trim().split('\n');
    const [cmakePrefix, torchDir] = out;
    if (!cmakePrefix || !hasTorchConfig(cmakePrefix)) return null;
    return { cmakePrefix, libDir: libDirOf(torchDir, cmakePrefix), python };
  } catch {
    return null;
  }
}

/** Header folders: libtorch's include/ and the C++ frontend's include/ below it. */
function includeDirsOf(cmakePrefix) {
  const roots = [join(cmakePrefix, '..', '..', 'include'), join(cmakePrefix, '..', '..', '..', 'include'), '/usr/local/include', '/usr/include'];
  const root = roots.find((r) => existsSync(join(r, 'torch', 'csrc', 'api', 'include', 'torch', 'torch.h')));
  return root ? [root, join(root, 'torch', 'csrc', 'api', 'include')] : [];
}

function located(source, cmakePrefix, libDir, reason) {
  return { source, cmakePrefix, libDir, includeDirs: includeDirsOf(cmakePrefix), version: readVersion(cmakePrefix), reason };
}

/**
 * @returns {{ source: 'LIBTORCH' | 'python' | 'system', cmakePrefix: string, libDir: string, includeDirs: string[], version: string, reason: string }}
 */
export function findLibtorch(env = process.env, { pythons: pythonList, systemDirs = SYSTEM_CMAKE_DIRS } = {}) {
  if (env.LIBTORCH) {
    const cmakePrefix = join(env.LIBTORCH, 'share', 'cmake');
    if (!hasTorchConfig(cmakePrefix)) {
      throw new Error(`LIBTORCH=${env.LIBTORCH} is not a libtorch folder: ${join(cmakePrefix, 'Torch', 'TorchConfig.cmake')} is missing`);
    }
    return located('LIBTORCH', cmakePrefix, join(env.LIBTORCH, 'lib'), 'the LIBTORCH environment variable');
  }
  const pythons = pythonList ?? [...new Set([env.TSTORCH_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean))];
  for (const python of pythons) {
    const found = fromPython(python);
    if (found) {
      return located('python', found.cmakePrefix, found.libDir, `the torch package of ${python}`);
    }
  }
  for (const cmakePrefix of systemDirs) {
    if (hasTorchConfig(cmakePrefix)) {
      return located('system', cmakePrefix, libDirOf(join(cmakePrefix, '..', '..'), cmakePrefix), `the system install in ${cmakePrefix}`);
    }
  }
  throw new Error(
    'libtorch was not found. Provide it in one of three ways:\n' +
      '  1. LIBTORCH=/path/to/libtorch (an unzipped libtorch download, holding share/cmake/Torch)\n' +
      `  2. a Python torch: pip install torch (looked in: ${pythons.join(', ')}; set TSTORCH_PYTHON to choose one)\n` +
      '  3. the system package: apt-get install libtorch-dev (Debian/Ubuntu)',
  );
}

export function nodeIncludeDir() {
  const candidates = [join(process.execPath, '..', '..', 'include', 'node'), '/usr/include/node', '/usr/local/include/node'];
  const dir = candidates.find((d) => existsSync(join(d, 'js_native_api.h')));
  if (!dir) throw new Error(`Node's C headers (include/node/js_native_api.h) were not found in ${candidates.join(', ')}; install the Node.js development headers`);
  return dir;
}

// `node scripts/find-libtorch.mjs <field>` prints one field, for binding.gyp's command expansions.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const field = process.argv[2];
  try {
    const found = findLibtorch();
    const value = field ? found[field] : found;
    console.log(Array.isArray(value) ? value.join(' ') : typeof value === 'object' ? JSON.stringify(value, null, 2) : value);
  } catch (e) {
    console.error(`tstorch: ${e.message}`);
    process.exit(1);
  }
}
