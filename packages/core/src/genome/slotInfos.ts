import type { SlotInfo } from '../interfaces/Backbone.js';
import type { SearchSpace } from '../interfaces/Genome.js';
import type { OpResolver } from './OpResolver.js';

/** Adds to each slot (name and shape, as a backbone plans it) the optional ops that apply to it (registration order). */
export function slotInfos(slots: readonly Pick<SlotInfo, 'name' | 'spec'>[], ops: OpResolver): SlotInfo[] {
  const optional = ops.optionalOps();
  return slots.map((s) => ({
    name: s.name,
    spec: s.spec,
    options: optional.filter((op) => op.appliesTo(s.spec).ok).map((op) => op.id),
  }));
}

/** The search space of a backbone: every slot with its applicable optional ops. */
export function searchSpaceOf(slots: readonly SlotInfo[]): SearchSpace {
  return { slots: slots.map((s) => ({ name: s.name, options: s.options })) };
}
