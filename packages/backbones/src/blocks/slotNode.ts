import type { GraphBuilder, RepSlot } from '@reparam/core';

/** Adds a `slot` node for `slot` (named after it) reading `input`. */
export function slotNode(g: GraphBuilder, slot: RepSlot, input: string): string {
  return g.add({ op: 'slot', input, name: slot.name, spec: slot.spec }, slot.name);
}
