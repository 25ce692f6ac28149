import type { Genome, SearchSpace } from '../interfaces/Genome.js';

/** The genome with every optional op of every slot on: what a supernet is built from. */
export function everyOpGenome(space: SearchSpace): Genome {
  return Object.fromEntries(space.slots.map((s) => [s.name, [...s.options]]));
}
