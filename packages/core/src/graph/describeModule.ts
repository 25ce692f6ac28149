import { ReparamError } from '../errors.js';
import type { GraphBuilder } from './GraphBuilder.js';

/** Something that may describe itself as graph nodes (branches and stages of plugin ops). */
export interface Describable {
  describe?(g: GraphBuilder, input: string): string;
}

/**
 * Calls `module.describe(g, input)`; a module without one is a {@link ReparamError} naming `what`,
 * since the only thing that needs it is exporting the multi-branch form.
 */
export function describeModule(module: Describable, g: GraphBuilder, input: string, what: string): string {
  if (!module.describe) {
    throw new ReparamError(`${what} cannot describe itself as graph nodes (it has no describe()), so the multi-branch form cannot be exported; the fused form can`);
  }
  return module.describe(g, input);
}
