import type { Parameter } from './Parameter.js';

/** Something that owns tensor variables. */
export interface Module {
  /** Every variable, trainable or not, with its name and role. */
  parameters(): Parameter[];
  /** Frees every variable; the module cannot be used afterwards. */
  dispose(): void;
}

/** Disposes the variables of `parameters` (helper for modules built of parts). */
export function disposeParameters(parameters: readonly Parameter[]): void {
  for (const p of parameters) p.variable.dispose();
}
