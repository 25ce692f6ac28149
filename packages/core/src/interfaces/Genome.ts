import type { SlotInfo } from './Backbone.js';

/**
 * A network's choice of branches: for each slot (by name), the ids of its active optional ops. The
 * main k×k op is always on and is not listed. `{}` for every slot is the plain network.
 */
export type Genome = { readonly [slot: string]: readonly string[] };

/** What a search may choose from: every slot (in a fixed order) and the optional ops that apply to it. */
export interface SearchSpace {
  readonly slots: readonly Pick<SlotInfo, 'name' | 'options'>[];
}

/** Number of distinct genomes: Π over slots of 2^(applicable optional ops). */
export function searchSpaceSize(space: SearchSpace): bigint {
  return space.slots.reduce((acc, s) => acc * (1n << BigInt(s.options.length)), 1n);
}
