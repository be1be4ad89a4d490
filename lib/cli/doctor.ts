// `tstorch doctor`: what this installation runs on, and which libtorch a build would use and why.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findLibtorch } from '../../scripts/find-libtorch.mjs';
import { cuda } from '../device.js';
import { addonPath, packageRoot } from '../native.js';
import { buildInfo, getNumThreads } from '../runtime.js';

export interface DoctorReport {
  tstorch: string;
  node: string;
  addon: string;
  libtorch: { version: string; cxx11Abi: boolean; compiledWithCuda: boolean; cudaAvailable: boolean; cudnn: string | null };
  devices: string[];
  threads: number;
  parallel: string;
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
    buildWouldUse,
  };
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
    ['a build would use', r.buildWouldUse],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  for (const [k, v] of lines) console.log(`${k.padEnd(width)}  ${v}`);
}
