import type { GlobalOptions } from './runtime.js';

/** The user's global options plus the plugins the run was made with (it may use their ops and backbones). */
export function runtimeOptions(g: GlobalOptions, runPlugins: readonly string[] | undefined): GlobalOptions {
  return { ...g, plugin: [...new Set([...(runPlugins ?? []), ...(g.plugin ?? [])])] };
}
