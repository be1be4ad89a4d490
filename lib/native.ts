// Loads the native addon (a prebuild or build/Release) and explains load failures: a missing or different
// libtorch must be a clear message, never a crash or a silent CPU fallback.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { NativeAddon } from './native-functions.js';

export type { Handle } from './native-types.js';
// The addon's type is generated from cpp/natives.table (scripts/gen-natives.mjs), as is its C++ registration.
export type { NativeAddon };

const require = createRequire(import.meta.url);
/** The package root (holds package.json, build/ and prebuilds/), from lib/ or dist/. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

function load(): NativeAddon {
  const nodeGypBuild = require('node-gyp-build') as (dir: string) => NativeAddon;
  try {
    // TSTORCH_ADDON names a specific .node file (a side build); otherwise prebuilds/ or build/Release.
    if (process.env.TSTORCH_ADDON) return require(process.env.TSTORCH_ADDON) as NativeAddon;
    return nodeGypBuild(packageRoot);
  } catch (e) {
    const message = (e as Error).message;
    const libtorchMissing = /lib(torch|c10)[\w.]*\.so/.test(message);
    throw new Error(
      libtorchMissing
        ? `tstorch: the native addon could not load libtorch (${message}). The addon is linked against the libtorch it was ` +
            'built with; install that libtorch, point LD_LIBRARY_PATH at it, or rebuild with `npm run build:native` ' +
            '(which finds libtorch from LIBTORCH, a Python torch or the system install).'
        : `tstorch: the native addon could not be loaded: ${message}. Build it with \`npm run build:native\`.`,
    );
  }
}

/**
 * The addon was compiled against one libtorch and the dynamic loader may find another (LD_LIBRARY_PATH, a moved
 * install): compare the compiled-in version and CUDA support with what the loaded libtorch reports.
 */
export function checkLibtorchMatch(info: { torchVersion: string; compiledWithCuda: boolean; config: string }): void {
  const loaded = /TORCH_VERSION=([^,\s]+)/.exec(info.config)?.[1];
  const majorMinor = (v: string) => v.split('.').slice(0, 2).join('.');
  if (loaded && majorMinor(loaded) !== majorMinor(info.torchVersion)) {
    throw new Error(
      `tstorch: the native addon was built for libtorch ${info.torchVersion} but libtorch ${loaded} was loaded. ` +
        'Rebuild with `npm run build:native` against the libtorch you use, or make the original libtorch findable.',
    );
  }
  if (info.compiledWithCuda && /USE_CUDA=OFF/.test(info.config)) {
    throw new Error(
      'tstorch: the native addon was built with CUDA but the libtorch loaded has no CUDA support; ' +
        'install the CUDA libtorch it was built for or rebuild with `npm run build:native`.',
    );
  }
}

export const native: NativeAddon = load();
/** Where the loaded addon came from, for `tstorch doctor`. */
export const addonPath: string = process.env.TSTORCH_ADDON ?? (require('node-gyp-build') as { resolve(dir: string): string }).resolve(packageRoot);
checkLibtorchMatch(native.buildInfo());
