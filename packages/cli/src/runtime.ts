import * as backbones from '@reparam/backbones';
import * as data from '@reparam/data';
import * as ops from '@reparam/ops';
import { createContainer, type DependencyContainer, loadPlugins, Registry, registerPluginModule, useBackend } from '@reparam/core';

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
  ['@reparam/ops', ops],
  ['@reparam/backbones', backbones],
  ['@reparam/data', data],
];

/** Selects the backend and loads the built-in and the user's plugins. */
export async function createRuntime(options: GlobalOptions, cwd = process.cwd()): Promise<Runtime> {
  const backend = await useBackend(options.backend);
  const container = createContainer();
  for (const [name, mod] of BUILTIN_PLUGINS) await registerPluginModule(container, name, mod);
  await loadPlugins(options.plugin ?? [], container, { cwd });
  return { backend, container, registry: new Registry(container) };
}
