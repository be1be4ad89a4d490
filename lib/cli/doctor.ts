// `tstorch doctor`: what this installation runs on, and which libtorch a build would use and why.
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { findLibtorch } from '../../scripts/find-libtorch.mjs';
import { cuda } from '../device.js';
import { addonPath, native, packageRoot } from '../native.js';
import { buildInfo, getNumThreads } from '../runtime.js';
import { defaultAttnImplementation } from '../transformers/attention.js';

export interface DoctorReport {
  tstorch: string;
  node: string;
  addon: string;
  libtorch: { version: string; cxx11Abi: boolean; compiledWithCuda: boolean; cudaAvailable: boolean; cudnn: string | null };
  devices: string[];
  threads: number;
  parallel: string;
  /** BERT's default attention here, and the kernel scaled_dot_product_attention picks on the CPU (null: no SDPA). */
  attention: { default: 'eager' | 'sdpa'; sdpaCpuKernel: string | null };
  /** The BLAS libtorch was built for (`BLAS_INFO`) and the BLAS libraries this process has loaded. */
  blas: { buildInfo: string; loaded: string[] };
  buildWouldUse: string;
}

export function doctorReport(): DoctorReport {
  const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string };
  const info = buildInfo();
  let buildWouldUse: string;
  try {
    const found = findLibtorch();
    buildWouldUse = `libtorch ${found.version} at ${found.cmakePrefix}, from ${found.reason}`;
  } catch (e) {
    buildWouldUse = (e as Error).message;
  }
  const devices = ['cpu'];
  for (let i = 0; i < cuda.deviceCount(); i++) devices.push(`cuda:${i} (${cuda.getDeviceName(i)})`);
  return {
    tstorch: pkg.version,
    node: process.version,
    addon: addonPath,
    libtorch: {
      version: info.torchVersion,
      cxx11Abi: info.cxx11Abi,
      compiledWithCuda: info.compiledWithCuda,
      cudaAvailable: info.hasCuda,
      cudnn: info.hasCudnn ? String(info.cudnnVersion) : null,
    },
    devices,
    threads: getNumThreads(),
    parallel: info.parallelInfo.split('\n').filter((l) => /OpenMP|MKL|ATen/.test(l)).map((l) => l.trim()).join('; '),
    attention: { default: defaultAttnImplementation(), sdpaCpuKernel: (native.sdpaBackend() as string | undefined) ?? null },
    blas: { buildInfo: /BLAS_INFO=([^,\s]+)/.exec(info.config)?.[1] ?? 'unknown', loaded: loadedBlas() },
    buildWouldUse,
  };
}

/** The BLAS/LAPACK shared libraries mapped into this process (Debian's libblas.so.3 is an alternative: resolved). */
function loadedBlas(): string[] {
  let maps: string;
  try {
    maps = readFileSync('/proc/self/maps', 'utf8');
  } catch {
    return [];
  }
  const paths = new Set<string>();
  for (const line of maps.split('\n')) {
    const path = line.slice(line.indexOf('/'));
    if (line.includes('/') && /\/lib(open)?blas[^/]*\.so|\/libmkl_[^/]*\.so|\/libblis[^/]*\.so|\/liblapack[^/]*\.so/.test(path)) {
      try {
        paths.add(realpathSync(path));
      } catch {
        paths.add(path);
      }
    }
  }
  return [...paths];
}

export function printDoctor(json: boolean): void {
  const r = doctorReport();
  if (json) {
    console.log(JSON.stringify(r, null, 2));
    return;
  }
  const lines: [string, string][] = [
    ['tstorch', r.tstorch],
    ['node', r.node],
    ['addon', r.addon],
    ['libtorch (loaded)', `${r.libtorch.version}, C++11 ABI ${r.libtorch.cxx11Abi ? 'yes' : 'no'}`],
    ['CUDA', r.libtorch.compiledWithCuda ? `compiled in, ${r.libtorch.cudaAvailable ? 'available' : 'NOT available (no GPU or driver)'}` : 'not compiled in (CPU libtorch)'],
    ['cuDNN', r.libtorch.cudnn ?? 'none'],
    ['devices', r.devices.join(', ')],
    ['threads', String(r.threads)],
    ['parallel', r.parallel],
    ['attention', `${r.attention.default} by default (attnImplementation)${r.attention.sdpaCpuKernel ? `; SDPA's CPU kernel: ${r.attention.sdpaCpuKernel}` : '; no SDPA in this libtorch (1.x)'}`],
    ['BLAS', `${r.blas.loaded.length > 0 ? r.blas.loaded.join(', ') : 'none loaded'} (libtorch built with BLAS_INFO=${r.blas.buildInfo})`],
    ['a build would use', r.buildWouldUse],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  for (const [k, v] of lines) console.log(`${k.padEnd(width)}  ${v}`);
}
