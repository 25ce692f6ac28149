import type { Genome } from '@reparam/core';

/** How many optional ops a genome switches on, over all its slots. */
export function optionalOpCount(genome: Genome): number {
  return Object.values(genome).reduce((n, ops) => n + ops.length, 0);
}
