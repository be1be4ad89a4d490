import { native } from './native.js';

/** A device, as `torch.device`: `cpu`, `cuda` or `cuda:N`. */
export class Device {
  readonly type: 'cpu' | 'cuda';
  readonly index: number | null;

  constructor(spec: string | Device, index?: number) {
    if (spec instanceof Device) {
      this.type = spec.type;
      this.index = spec.index;
      return;
    }
    const m = /^(cpu|cuda)(?::(\d+))?$/.exec(String(spec));
    if (!m) throw new TypeError(`invalid device ${JSON.stringify(spec)}; expected 'cpu', 'cuda' or 'cuda:N'`);
    this.type = m[1] as 'cpu' | 'cuda';
    const idx = m[2] !== undefined ? Number(m[2]) : index ?? null;
    if (this.type === 'cpu' && idx !== null && idx !== 0) throw new TypeError(`invalid device 'cpu:${idx}': the CPU has no index`);
    this.index = this.type === 'cpu' ? null : idx;
  }

  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }

  equals(other: DeviceLike): boolean {
    return toDevice(other).toString() === this.toString();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `device(type='${this.type}'${this.index === null ? '' : `, index=${this.index}`})`;
  }
}

export type DeviceLike = Device | string;

export function device(spec: DeviceLike, index?: number): Device {
  return new Device(spec, index);
}

export function toDevice(spec: DeviceLike): Device {
  return spec instanceof Device ? spec : new Device(spec);
}

/** The string the addon takes; checks the device exists here, with the addon's clear error otherwise. */
export function deviceArg(spec: DeviceLike | undefined | null): string | undefined {
  if (spec === undefined || spec === null) return undefined;
  return toDevice(spec).toString();
}

export const cpu = new Device('cpu');

export const cuda = {
  isAvailable: (): boolean => native.cudaIsAvailable(),
  deviceCount: (): number => native.cudaDeviceCount(),
  emptyCache: (): void => native.cudaEmptyCache(),
  memoryAllocated: (device?: DeviceLike | number): number => native.cudaMemoryAllocated(cudaIndex(device)),
  maxMemoryAllocated: (device?: DeviceLike | number): number => native.cudaMaxMemoryAllocated(cudaIndex(device)),
  memoryReserved: (device?: DeviceLike | number): number => native.cudaMemoryReserved(cudaIndex(device)),
  synchronize: (device?: DeviceLike | number): void => native.cudaSynchronize(cudaIndex(device)),
  getDeviceName: (device?: DeviceLike | number): string => native.cudaGetDeviceName(cudaIndex(device)),
};

function cudaIndex(device: DeviceLike | number | undefined): number | undefined {
  if (device === undefined || typeof device === 'number') return device;
  const d = toDevice(device);
  if (d.type !== 'cuda') throw new TypeError(`expected a CUDA device, got '${d}'`);
  return d.index ?? 0;
}

/** The devices present here: `cpu`, then `cuda:0`…`cuda:N-1`. */
export function availableDevices(): string[] {
  const n = native.cudaIsAvailable() ? (native.cudaDeviceCount() as number) : 0;
  return ['cpu', ...Array.from({ length: n }, (_, i) => `cuda:${i}`)];
}

/** The device `spec` names, when it is present here; otherwise an error naming it and what is available (never a fallback). */
export function requireDevice(spec: DeviceLike, where: string): Device {
  const d = toDevice(spec);
  const available = availableDevices();
  const present = d.type === 'cpu' || (d.index === null ? available.length > 1 : available.includes(d.toString()));
  if (!present) {
    const reason = available.length > 1 ? '' : ' (CUDA is not available: this libtorch has no CUDA support or no GPU/driver was found)';
    throw new Error(`${where}: device '${d}' is not available here${reason}; available: ${available.join(', ')}`);
  }
  return d;
}
