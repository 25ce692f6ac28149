import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DependencyContainer } from 'tsyringe';
import { ReparamError } from '../errors.js';
import { tagProvenance } from './provenance.js';
import { type PluginKind, TOKENS } from './tokens.js';

/** What a plugin module exports. */
export interface PluginModule {
  /** Registers the plugin's ops, strategies, backbones, datasets or evaluators into `container`. */
  register(container: DependencyContainer): void | Promise<void>;
}

/** Where {@link loadPlugins} looks for plugins. */
export interface LoadPluginsOptions {
  /** Directory that relative paths and package names are resolved from (default: `process.cwd()`). */
  readonly cwd?: string;
}

function snapshot(container: DependencyContainer): Set<object> {
  const seen = new Set<object>();
  for (const kind of Object.keys(TOKENS) as PluginKind[]) {
    const token = TOKENS[kind];
    if (!container.isRegistered(token, true)) continue;
    for (const e of container.resolveAll<object>(token)) seen.add(e);
  }
  return seen;
}

/**
 * Calls an already imported plugin module's `register(container)` and records `name` as the plugin
 * of everything it registered. Throws a {@link ReparamError} if the module has no `register`.
 */
export async function registerPluginModule(container: DependencyContainer, name: string, mod: unknown): Promise<void> {
  const register = (mod as Partial<PluginModule> | undefined)?.register;
  if (typeof register !== 'function') {
    throw new ReparamError(`plugin '${name}' has no register(container) export`);
  }
  const before = snapshot(container);
  try {
    await register(container);
  } catch (err) {
    throw new ReparamError(`plugin '${name}' failed to register: ${(err as Error).message}`, { cause: err });
  }
  for (const e of snapshot(container)) if (!before.has(e)) tagProvenance(e, name);
}

function isPathLike(name: string): boolean {
  return name.startsWith('.') || isAbsolute(name) || name.startsWith('file:');
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
}

async function importPlugin(name: string, cwd: string): Promise<unknown> {
  // `my-plugin.js` that exists in cwd is a file, not a package name.
  if (isPathLike(name) || existsSync(resolve(cwd, name))) {
    const url = name.startsWith('file:') ? name : pathToFileURL(resolve(cwd, name)).href;
    return import(url);
  }
  // A package name: first as the user's project sees it (from cwd), then as reparam itself sees it.
  let resolved: string | undefined;
  try {
    resolved = createRequire(resolve(cwd, 'package.json')).resolve(name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  return resolved ? import(pathToFileURL(resolved).href) : import(name);
}

/**
 * Imports each named plugin (a package name, or a path relative to `cwd`) and calls its
 * `register(container)`. A missing module, a module that fails to load, or one without `register`
 * gives a {@link ReparamError} naming the plugin.
 */
export async function loadPlugins(
  names: readonly string[],
  container: DependencyContainer,
  options: LoadPluginsOptions = {},
): Promise<void> {
  const cwd = options.cwd ?? process.cwd();
  for (const name of names) {
    let mod: unknown;
    try {
      mod = await importPlugin(name, cwd);
    } catch (err) {
      if (isNotFound(err)) throw new ReparamError(`cannot load plugin '${name}': module not found (resolved from ${cwd})`);
      throw new ReparamError(`cannot load plugin '${name}': ${(err as Error).message}`, { cause: err });
    }
    await registerPluginModule(container, name, mod);
  }
}
