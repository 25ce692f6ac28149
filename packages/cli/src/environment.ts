import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { oneDnnVersion } from '@reparam/backend-native';
import * as tf from '@tensorflow/tfjs';
import { type BackendPackageLoad, loadBackendPackages, whyUnavailable } from './runtime.js';

/** The tfjs backends reparam knows, best first (the order the default choice follows). */
const BACKENDS = ['tensorflow', 'native', 'wasm', 'cpu'] as const;
/** CPU flags that decide how fast the native backend runs (and whether a build runs at all). */
const CPU_FEATURES = ['sse4_2', 'avx', 'avx2', 'fma', 'avx512f', 'avx512bw', 'avx512vl', 'avx512_vnni', 'amx_tile'];

/** What `reparam env` reports. */
export interface Environment {
  readonly reparam: string;
  readonly node: string;
  readonly tfjs: string;
  readonly platform: string;
  readonly cpu: { readonly model: string; readonly threads: number; readonly features: string[]; readonly ompNumThreads: string | null };
  readonly oneDnn: string | null;
  readonly backends: { readonly name: string; readonly available: boolean; readonly reason?: string }[];
  /** The backend a command uses when `--backend` is not given. */
  readonly defaultBackend: string | null;
  readonly packages: readonly BackendPackageLoad[];
}

/** This package's version, from its package.json. */
export function reparamVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

function cpuFeatures(): string[] {
  if (!existsSync('/proc/cpuinfo')) return [];
  const flags = new Set(/^flags\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1].split(/\s+/) ?? []);
  return CPU_FEATURES.filter((f) => flags.has(f));
}

/** Versions, the CPU, and every backend with whether it is available and, if not, why. */
export async function describeEnvironment(): Promise<Environment> {
  const packages = await loadBackendPackages();
  const backends = BACKENDS.map((name) => {
    const available = tf.findBackendFactory(name) !== null;
    return available ? { name, available } : { name, available, reason: whyUnavailable(name, packages) };
  });
  return {
    reparam: reparamVersion(),
    node: process.version,
    tfjs: tf.version.tfjs,
    platform: `${process.platform}-${process.arch}`,
    cpu: { model: cpus()[0]?.model ?? 'unknown', threads: cpus().length, features: cpuFeatures(), ompNumThreads: process.env.OMP_NUM_THREADS ?? null },
    oneDnn: oneDnnVersion() ?? null,
    backends,
    defaultBackend: backends.find((b) => b.available)?.name ?? null,
    packages,
  };
}
