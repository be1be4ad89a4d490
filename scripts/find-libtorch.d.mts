export interface LibtorchLocation {
  source: 'LIBTORCH' | 'python' | 'system';
  cmakePrefix: string;
  libDir: string;
  includeDirs: string[];
  version: string;
  reason: string;
}
export function findLibtorch(env?: NodeJS.ProcessEnv, options?: { pythons?: string[]; systemDirs?: string[] }): LibtorchLocation;
export function nodeIncludeDir(): string;
