import { type Genome, Rng, type SearchSpace } from '@reparam/core';

/** A reproducible stream per (seed, epoch, step), so a resumed supernet samples what it would have. */
export function stepRng(seed: number, epoch: number, step: number): Rng {
  return new Rng((Math.imul(seed ^ 0x27d4eb2f, 0x165667b1) + Math.imul(epoch, 0x9e3779b1) + Math.imul(step, 0x85ebca77)) >>> 0);
}

/** How a supernet picks the sub-network of each training step. */
export type SubnetSampling = 'uniform' | 'sandwich';

/** The sampling schemes, for option checks and help. */
export const SUBNET_SAMPLINGS: readonly SubnetSampling[] = ['uniform', 'sandwich'];

/**
 * The sub-network of one training step. `uniform`: each optional op on with probability ½.
 * `sandwich`: the largest (every op), the smallest (none) and a uniform one in turn over consecutive
 * steps, so the extremes every candidate lies between are trained as often as a middle one (the
 * sandwich rule of slimmable networks, spread over steps instead of summed within one).
 */
export function subnetOfStep(sampling: SubnetSampling, space: SearchSpace, seed: number, epoch: number, step: number): Genome {
  if (sampling === 'sandwich' && step % 3 !== 2) {
    const largest = step % 3 === 0;
    return Object.fromEntries(space.slots.map((s) => [s.name, largest ? [...s.options] : []]));
  }
  return sampleSubnet(space, stepRng(seed, epoch, step));
}

/** A uniformly random sub-network: each optional op of each slot on with probability `p`. */
export function sampleSubnet(space: SearchSpace, rng: Rng, p = 0.5): Genome {
  const genome: Record<string, string[]> = {};
  for (const slot of space.slots) genome[slot.name] = slot.options.filter(() => rng.uniform() < p);
  return genome;
}
