import { type Genome, GenomeCodec, ReparamError, type SearchSpace } from '@reparam/core';
import type { Landscape } from './Landscape.js';
import type { TabulatedLandscapeFile } from './landscapeFile.js';

/** How a tabulated landscape scores an evaluation: the score of the evaluation's seed, or the mean of all. */
export const TABLE_LOOKUPS = ['seed', 'mean'] as const;

/** See {@link TABLE_LOOKUPS}. */
export type TableLookup = (typeof TABLE_LOOKUPS)[number];

/**
 * A landscape read from a table of real trainings: evaluation is a look-up. With `lookup: 'seed'`
 * an evaluation seeded s gets `scores[s mod scores.length]` (its noise is the trainings' own); with
 * `'mean'` the mean of the genome's scores. The true fitness is that mean; the optimum is the entry
 * with the highest mean (the first among equals). A genome not in the table is a ReparamError naming it.
 * The landscape's space is the table's own `space` when it declares one (a sub-space), else `backboneSpace`.
 */
export function tabulatedLandscape(backboneSpace: SearchSpace, table: TabulatedLandscapeFile, lookup: TableLookup, source: string): Landscape {
  // A table over a sub-space declares it; its genomes are then searched in that space.
  const space: SearchSpace = table.space ?? backboneSpace;
  const codec = new GenomeCodec(space);
  const rows = new Map<string, { genome: Genome; scores: readonly number[]; mean: number }>();
  for (const [n, entry] of table.entries.entries()) {
    let key: string;
    try {
      key = codec.key(entry.genome);
    } catch (err) {
      throw new ReparamError(`landscape ${source}: entry ${n}: ${(err as Error).message}`);
    }
    if (rows.has(key)) throw new ReparamError(`landscape ${source}: entry ${n} repeats the genome of an earlier entry`);
    rows.set(key, { genome: codec.genome(key), scores: entry.scores, mean: entry.scores.reduce((a, b) => a + b, 0) / entry.scores.length });
  }
  const row = (genome: Genome) => {
    const found = rows.get(codec.key(genome));
    if (!found) throw new ReparamError(`landscape ${source} has no entry for genome ${JSON.stringify(codec.fromBits(codec.toBits(genome)))}`);
    return found;
  };
  const all = [...rows.values()];
  const best = all.reduce((a, b) => (b.mean > a.mean ? b : a));
  return {
    space,
    label: `tabulated ${source} (${all.length} genomes, ${lookup === 'seed' ? "the evaluation seed's score" : 'mean score'})`,
    trueFitness: (genome) => row(genome).mean,
    score(genome, seed) {
      const r = row(genome);
      return lookup === 'mean' ? r.mean : r.scores[((seed % r.scores.length) + r.scores.length) % r.scores.length];
    },
    optimum: { genome: best.genome, fitness: best.mean },
    randomGenome: (rng) => all[rng.int(all.length)].genome,
  };
}
