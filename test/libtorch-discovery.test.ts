import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkLibtorchMatch } from '../lib/native.js';
import { findLibtorch } from '../scripts/find-libtorch.mjs';

function fakeLibtorch(version: string): string {
  const root = mkdtempSync(join(tmpdir(), 'libtorch-'));
  mkdirSync(join(root, 'share', 'cmake', 'Torch'), { recursive: true });
  mkdirSync(join(root, 'lib'));
  writeFileSync(join(root, 'share', 'cmake', 'Torch', 'TorchConfig.cmake'), '# fake\n');
  writeFileSync(join(root, 'share', 'cmake', 'Torch', 'TorchConfigVersion.cmake'), `set(PACKAGE_VERSION "${version}")\n`);
  return root;
}

describe('finding libtorch', () => {
  it('takes LIBTORCH first', () => {
    const root = fakeLibtorch('2.5.1');
    const found = findLibtorch({ LIBTORCH: root });
    expect(found).toMatchObject({ source: 'LIBTORCH', version: '2.5.1', libDir: join(root, 'lib'), reason: 'the LIBTORCH environment variable' });
  });

  it('explains a LIBTORCH that is not a libtorch folder', () => {
    expect(() => findLibtorch({ LIBTORCH: '/nonexistent/libtorch' })).toThrow(/LIBTORCH=\/nonexistent\/libtorch is not a libtorch folder: .*TorchConfig\.cmake is missing/);
  });

  it('names all three ways when nothing is found', () => {
    expect(() => findLibtorch({}, { pythons: ['/nonexistent/python3'], systemDirs: ['/nonexistent/cmake'] })).toThrow(
      /libtorch was not found[\s\S]*LIBTORCH=[\s\S]*pip install torch[\s\S]*apt-get install libtorch-dev/,
    );
  });

  it('finds a system install', () => {
    const root = fakeLibtorch('1.13.1');
    const found = findLibtorch({}, { pythons: [], systemDirs: [join(root, 'share', 'cmake')] });
    expect(found).toMatchObject({ source: 'system', version: '1.13.1' });
  });
});

describe('libtorch match at load time', () => {
  it('refuses a libtorch of another version or without the CUDA the addon was built for', () => {
    expect(() => checkLibtorchMatch({ torchVersion: '2.5.1', compiledWithCuda: false, config: 'TORCH_VERSION=2.4.0, USE_CUDA=OFF' })).toThrow(
      /built for libtorch 2\.5\.1 but libtorch 2\.4\.0 was loaded/,
    );
    expect(() => checkLibtorchMatch({ torchVersion: '2.5.1', compiledWithCuda: true, config: 'TORCH_VERSION=2.5.1, USE_CUDA=OFF' })).toThrow(
      /built with CUDA but the libtorch loaded has no CUDA support/,
    );
    expect(() => checkLibtorchMatch({ torchVersion: '2.5.1', compiledWithCuda: true, config: 'TORCH_VERSION=2.5.1, USE_CUDA=ON' })).not.toThrow();
  });
});
