#!/usr/bin/env node
// Builds the linux-x64 Node-API prebuild with prebuildify (node-gyp, binding.gyp) against the libtorch
// scripts/find-libtorch.mjs finds, and records that libtorch beside it (prebuilds/<platform>/libtorch.json).
// Run through npm (`npm run build:prebuild`), which puts its bundled node-gyp on PATH.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findLibtorch } from './find-libtorch.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const torch = findLibtorch();
console.error(`tstorch: prebuilding against libtorch ${torch.version} from ${torch.reason}`);
const bin = join(root, 'node_modules', 'prebuildify', 'bin.js');
const result = spawnSync(process.execPath, [bin, '--napi', '--strip'], { stdio: 'inherit', cwd: root });
if (result.status !== 0) process.exit(result.status ?? 1);
const record = { version: torch.version, source: torch.source, libDir: torch.libDir, builtAt: new Date().toISOString() };
writeFileSync(join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'libtorch.json'), `${JSON.stringify(record, null, 2)}\n`);
