import * as backbones from '@reparam/backbones';
import * as data from '@reparam/data';
import * as evaluators from '@reparam/evaluators';
import * as ops from '@reparam/ops';
import * as strategies from '@reparam/strategies';
import {
  createContainer,
  type DependencyContainer,
  loadPlugins,
  Registry,
  registerBuiltInAggregations,
  registerPluginModule,
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

/**
 * Optional backend packages, best first. Each registers its tfjs backend when imported; one that
 * is not installed (tfjs-node needs libtensorflow from the internet) is skipped.
 */
const BACKEND_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node', '@reparam/backend-native', '@reparam/backend-wasm'];

let backendsLoaded: Promise<void> | undefined;

/** Imports whichever backend packages are installed (once per process). */
function loadBackendPackages(): Promise<void> {
  backendsLoaded ??= (async () => {
    for (const name of BACKEND_PACKAGES) {
      try {
        await import(name);
      } catch {
        // Not installed, or its native part did not load: that backend is simply unavailable.
      }
    }
  })();
  return backendsLoaded;
}

/** Selects the backend and loads the built-in and the user's plugins. */
export async function createRuntime(options: GlobalOptions, cwd = process.cwd()): Promise<Runtime> {
  await loadBackendPackages();
  const backend = await useBackend(options.backend);
  const container = createContainer();
  for (const [name, mod] of BUILTIN_PLUGINS) await registerPluginModule(container, name, mod);
  await loadPlugins(options.plugin ?? [], container, { cwd });
  return { backend, container, registry: new Registry(container) };
}
