import { type Genome, Rng, type SearchSpace } from '@reparam/core';

/** A reproducible stream per (seed, epoch, step), so a resumed supernet samples what it would have. */
export function stepRng(seed: number, epoch: number, step: number): Rng {
  return new Rng((Math.imul(seed ^ 0x27d4eb2f, 0x165667b1) + Math.imul(epoch, 0x9e3779b1) + Math.imul(step, 0x85ebca77)) >>> 0);
}

/** A uniformly random sub-network: each optional op of each slot on with probability `p`. */
export function sampleSubnet(space: SearchSpace, rng: Rng, p = 0.5): Genome {
  const genome: Record<string, string[]> = {};
  for (const slot of space.slots) genome[slot.name] = slot.options.filter(() => rng.uniform() < p);
  return genome;
}
