// The npm tarball installs offline into a fresh folder and works with no compiler on PATH when the prebuild
// fits: a tensor op and a tiny fine-tune with the installed `tstorch` command. Needs `npm run build:ts` and
// `npm run build:prebuild` first (.ci/run does both); outside CI it is skipped, saying so, when there is no prebuild.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { missingPrerequisite } from './helpers/prerequisite.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const prebuilt = existsSync(join(root, 'prebuilds', `${process.platform}-${process.arch}`)) && existsSync(join(root, 'dist', 'index.js'));
const skip = missingPrerequisite('the prebuild or dist/', prebuilt, 'run `npm run build:prebuild` and `npm run build:ts` first');

/** npm's own entry script: npm runs tests with npm_execpath set; else the `npm` on PATH (Debian's is in /usr/share/nodejs/npm). */
function npmCliScript(): string {
  const candidates = [process.env.npm_execpath];
  try {
    candidates.push(realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim()));
  } catch {
    // no npm on PATH: only npm_execpath can say
  }
  candidates.push(join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'));
  const found = candidates.find((c) => c !== undefined && /npm-cli\.js$/.test(c) && existsSync(c));
  if (!found) throw new Error(`npm's npm-cli.js not found (tried ${candidates.filter(Boolean).join(', ')})`);
  return found;
}

describe.skipIf(skip)(`npm package${skip ? ' (skipped: no prebuild)' : ''}`, () => {
  it('installs offline without a compiler and runs a tensor op and a tiny fine-tune', () => {
    const work = mkdtempSync(join(tmpdir(), 'tstorch-pack-'));
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop()!;
    // a PATH with node, npm and sh only: no cc, c++, g++, make or cmake
    const bin = join(work, 'bin');
    mkdirSync(bin);
    const npmCli = npmCliScript();
    symlinkSync(process.execPath, join(bin, 'node'));
    symlinkSync('/bin/sh', join(bin, 'sh'));
    writeFileSync(join(bin, 'npm'), `#!/bin/sh\nexec "${process.execPath}" "${npmCli}" "$@"\n`, { mode: 0o755 });
    const env = { ...process.env, PATH: bin, npm_config_offline: 'true', HOME: process.env.HOME ?? work, TSTORCH_ADDON: '' };
    delete (env as Record<string, string | undefined>).TSTORCH_ADDON;
    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    execFileSync(join(bin, 'npm'), ['install', '--no-audit', '--no-fund', join(work, tarball)], { cwd: app, env, stdio: 'pipe' });
    expect(readdirSync(join(app, 'node_modules', 'tstorch', 'prebuilds'))).toContain(`${process.platform}-${process.arch}`);
    expect(existsSync(join(app, 'node_modules', 'tstorch', 'build'))).toBe(false); // nothing was compiled

    const sum = execFileSync(process.execPath, ['--input-type=module', '-e', "const torch = await import('tstorch'); console.log(torch.ones(2, 2).add(1).sum().item())"], { cwd: app, env, encoding: 'utf8' });
    expect(sum.trim()).toBe('8');

    const out = execFileSync(
      join(app, 'node_modules', '.bin', 'tstorch'),
      ['finetune', '--epochs', '1', '--train-samples', '64', '--eval-samples', '32', '--output-dir', join(work, 'model'), '--no-progress'],
      { cwd: app, env: { ...env, TSTORCH_CACHE: join(work, 'cache') }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const summary = JSON.parse(out.trim().split('\n').pop()!);
    expect(summary.train_samples).toBe(64);
    expect(existsSync(join(work, 'model', 'model.safetensors'))).toBe(true);
  });
});
