#!/usr/bin/env node
// npm's prepack hook: a tarball must carry dist/ and a prebuild for this platform, or users need a compiler.
// Builds what is missing or older than its sources (`npm run build:ts`, `npm run build:prebuild`), and refuses
// the pack with the reason when a build fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const platform = `${process.platform}-${process.arch}`;

/** The newest modification time of the files under `dir` whose names match `pattern` (0 when none). */
function newest(dir, pattern) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && pattern.test(entry.name)) t = Math.max(t, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return t;
}

function build(script, why) {
  console.error(`tstorch prepack: ${why}: npm run ${script}`);
  const result = spawnSync('npm', ['run', script], { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] });
  if (result.status !== 0) {
    console.error(`tstorch prepack: \`npm run ${script}\` failed, so the package is not packed: a tarball without ${script === 'build:ts' ? 'dist/' : `a ${platform} prebuild`} would not work without a compiler. Fix the build (see README "libtorch") and pack again.`);
    process.exit(1);
  }
}

const sources = Math.max(newest(join(root, 'cpp'), /\.(cc|h)$/), statSync(join(root, 'binding.gyp')).mtimeMs);
const prebuilt = newest(join(root, 'prebuilds', platform), /\.node$/);
if (prebuilt === 0) build('build:prebuild', `no ${platform} prebuild`);
else if (prebuilt < sources) build('build:prebuild', `the ${platform} prebuild is older than cpp/`);

const dist = existsSync(join(root, 'dist', 'index.js')) ? newest(join(root, 'dist'), /\.js$/) : 0;
if (dist === 0) build('build:ts', 'no dist/');
else if (dist < newest(join(root, 'lib'), /\.ts$/)) build('build:ts', 'dist/ is older than lib/');
