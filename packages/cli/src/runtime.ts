import * as backbones from '@reparam/backbones';
import * as data from '@reparam/data';
import * as evaluators from '@reparam/evaluators';
import * as ops from '@reparam/ops';
import * as strategies from '@reparam/strategies';
import { nativeLoadError } from '@reparam/backend-native';
import * as tf from '@tensorflow/tfjs';
import { requireChoice } from './UsageError.js';
import {
  createContainer,
  type DependencyContainer,
  loadPlugins,
  Registry,
  registerBuiltInAggregations,
  registerPluginModule,
  ReparamError,
  useBackend,
} from '@reparam/core';

/** Options every command shares. */
export interface GlobalOptions {
  /** Extra plugin modules (package names or paths). */
  readonly plugin?: string[];
  /** tfjs backend to use instead of the best available one. */
  readonly backend?: string;
}

/** What a command works with: the chosen backend and everything the plugins registered. */
export interface Runtime {
  readonly backend: string;
  readonly container: DependencyContainer;
  readonly registry: Registry;
}

/** The plugins that ship with the CLI, registered before the user's. */
const BUILTIN_PLUGINS: readonly [string, unknown][] = [
  ['@reparam/core', { register: registerBuiltInAggregations }],
  ['@reparam/ops', ops],
  ['@reparam/backbones', backbones],
  ['@reparam/data', data],
  ['@reparam/strategies', strategies],
  ['@reparam/evaluators', evaluators],
];

/** The optional packages that each register a tfjs backend when imported, best first. */
const BACKEND_PACKAGES: readonly { readonly name: string; readonly backend: string }[] = [
  { name: '@tensorflow/tfjs-node-gpu', backend: 'tensorflow' },
  { name: '@tensorflow/tfjs-node', backend: 'tensorflow' },
  { name: '@reparam/backend-native', backend: 'native' },
  { name: '@reparam/backend-wasm', backend: 'wasm' },
];

/** How importing one backend package went: a package that is not installed is no error. */
export interface BackendPackageLoad {
  readonly name: string;
  readonly backend: string;
  readonly status: 'loaded' | 'not installed' | 'failed';
  /** First line of the error, when it failed for another reason than not being installed. */
  readonly error?: string;
}

let backendsLoaded: Promise<BackendPackageLoad[]> | undefined;

/** Imports whichever backend packages are installed (once per process: imports are). */
export function loadBackendPackages(): Promise<BackendPackageLoad[]> {
  backendsLoaded ??= (async () => {
    const loads: BackendPackageLoad[] = [];
    for (const { name, backend } of BACKEND_PACKAGES) {
      try {
        await import(name);
        loads.push({ name, backend, status: 'loaded' });
      } catch (err) {
        // Only the package itself missing is "not installed"; a missing libcudart or a broken
        // dependency is a failure worth showing when that backend is asked for.
        const e = err as NodeJS.ErrnoException;
        const missing = (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND') && String(e.message).includes(`'${name}'`);
        loads.push(missing ? { name, backend, status: 'not installed' } : { name, backend, status: 'failed', error: String(e.message).split('\n')[0] });
      }
    }
    return loads;
  })();
  return backendsLoaded;
}

/** Why `backend` is not registered with tfjs, from what loading its packages said. */
export function whyUnavailable(backend: string, loads: readonly BackendPackageLoad[]): string {
  const failed = loads.filter((l) => l.backend === backend && l.status === 'failed');
  if (failed.length > 0) return failed.map((l) => `${l.name} failed to load: ${l.error}`).join('; ');
  if (backend === 'native') {
    // A build for another CPU says itself how to fix it.
    const reason = nativeLoadError();
    if (reason?.startsWith('it was built for another CPU')) return `its oneDNN addon is refused: ${reason}`;
    return `its oneDNN addon did not load (${nativeLoadError() ?? 'not built'}); install libdnnl-dev and g++, then reinstall (pnpm install) so that @reparam/backend-native builds it`;
  }
  if (backend === 'tensorflow') {
    return "install '@tensorflow/tfjs-node' (CPU) or '@tensorflow/tfjs-node-gpu' (CUDA 11.2 and cuDNN 8.1; see docs/gpu.md) on a machine with internet access";
  }
  if (backend === 'wasm') return "install '@reparam/backend-wasm'";
  return 'no installed package provides it';
}

/** Selects the backend and loads the built-in and the user's plugins. */
export async function createRuntime(options: GlobalOptions, cwd = process.cwd()): Promise<Runtime> {
  const loads = await loadBackendPackages();
  if (options.backend && !tf.findBackendFactory(options.backend)) {
    // A backend reparam knows of but cannot load here is a runtime matter (install something); any
    // other name is a value --backend refuses.
    const known = [...new Set([...BACKEND_PACKAGES.map((p) => p.backend), 'cpu'])];
    requireChoice('--backend', options.backend, known);
    throw new ReparamError(`backend '${options.backend}' is not available: ${whyUnavailable(options.backend, loads)}`);
  }
  const backend = await useBackend(options.backend);
  const container = createContainer();
  for (const [name, mod] of BUILTIN_PLUGINS) await registerPluginModule(container, name, mod);
  await loadPlugins(options.plugin ?? [], container, { cwd });
  return { backend, container, registry: new Registry(container) };
}
