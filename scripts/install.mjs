#!/usr/bin/env node
// npm install hook of the published package: use the prebuild when it fits, else build from source with
// node-gyp (node-gyp-build does both). In a git checkout it does nothing: developers run `npm run build`.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(join(root, '.git'))) process.exit(0);
const result = spawnSync('node-gyp-build', [], { stdio: 'inherit', cwd: root, shell: true });
process.exit(result.status ?? 1);
