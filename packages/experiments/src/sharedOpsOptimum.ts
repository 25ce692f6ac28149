import { type Genome, GenomeCodec } from '@reparam/core';
import type { Landscape } from '@reparam/evaluators';

/** The most distinct ops a landscape may have for {@link bestSharedOpsGenome} to enumerate their subsets (2¹⁶ genomes). */
export const MAX_SHARED_OPS = 16;

/**
 * The best genome, by true fitness, among those that use one set of ops in every slot (each op of the
 * set wherever the slot allows it), found by trying every subset of the landscape's ops.
 *
 * It is the reference for what a search can reach by learning only what the ops do across the whole
 * network — the direction that coupled draws and shared directions estimate — without any
 * slot-specific choice: a strategy whose pick is better than this one has learned something per slot.
 * Undefined when the landscape has more than {@link MAX_SHARED_OPS} distinct ops (a plugin's large
 * catalogue), whose subsets are too many to try.
 */
export function bestSharedOpsGenome(landscape: Landscape): { readonly genome: Genome; readonly fitness: number; readonly ops: readonly string[] } | undefined {
  const codec = new GenomeCodec(landscape.space);
  const ops = [...new Set(codec.layout.flatMap((s) => s.options))];
  if (ops.length > MAX_SHARED_OPS) return undefined;
  let best: { genome: Genome; fitness: number; ops: string[] } | undefined;
  for (let mask = 0; mask < 2 ** ops.length; mask++) {
    const chosen = new Set(ops.filter((_, i) => mask & (1 << i)));
    const bits = new Uint8Array(codec.bits);
    for (const slot of codec.layout) for (const [j, op] of slot.options.entries()) if (chosen.has(op)) bits[slot.offset + j] = 1;
    const genome = codec.fromBits(bits);
    const fitness = landscape.trueFitness(genome);
    if (!best || fitness > best.fitness) best = { genome, fitness, ops: [...chosen] };
  }
  return best;
}
