import type { SlotInfo } from '../interfaces/Backbone.js';
import type { SearchSpace } from '../interfaces/Genome.js';
import type { SlotSpec } from '../slot/SlotSpec.js';
import type { OpResolver } from './OpResolver.js';

/** A slot's name and shape, before any weights exist. */
export interface SlotDescriptor {
  readonly name: string;
  readonly spec: SlotSpec;
}

/** Adds to each slot the optional ops that apply to it (registration order). */
export function slotInfos(slots: readonly SlotDescriptor[], ops: OpResolver): SlotInfo[] {
  const optional = ops.optionalOps();
  return slots.map((s) => ({
    name: s.name,
    spec: s.spec,
    applicableOps: optional.filter((op) => op.appliesTo(s.spec).ok).map((op) => op.id),
  }));
}

/** The search space of a backbone: every slot with its applicable optional ops. */
export function searchSpaceOf(slots: readonly SlotInfo[]): SearchSpace {
  return { slots: slots.map((s) => ({ name: s.name, options: s.applicableOps })) };
}
