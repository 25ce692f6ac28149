import { type Evaluator, type Genome, runSearch, type SearchProgress } from '@reparam/core';
import { describe, expect, it } from 'vitest';
import { STRATEGIES } from '../src/index.js';
import { matchFraction, SPACE, TARGET } from './synthetic.js';

/** Scores genomes by closeness to TARGET; remembers how many genomes each `evaluate` call got. */
function evaluator(concurrent: boolean): Evaluator & { calls: number[] } {
  const fitness = matchFraction(TARGET, SPACE);
  const calls: number[] = [];
  return {
    concurrent,
    calls,
    evaluate: async (genomes: readonly Genome[]) => {
      calls.push(genomes.length);
      return genomes.map(fitness);
    },
    dispose() {},
  };
}

// A distributed search hands each generation to a work queue at once and tells the strategy the
// results in ask order afterwards; it must reach the very genomes a one-at-a-time search reaches.
describe.each(STRATEGIES.map((f) => [f.id, f] as const))('%s with a concurrent evaluator', (_id, factory) => {
  it('evaluates whole generations and reaches the same records and saved states as one-at-a-time evaluation', async () => {
    const run = async (e: Evaluator) => {
      const saves: SearchProgress[] = [];
      const progress = await runSearch({ strategy: factory.create(SPACE, { seed: 7, population: 5 }), evaluator: e, budget: 23, generationSize: 5, save: (p) => saves.push(p) });
      return { progress, last: saves.at(-1) };
    };
    const one = evaluator(false);
    const all = evaluator(true);
    const a = await run(one);
    const b = await run(all);
    const strip = (p: SearchProgress) => p.records.map((r) => [r.index, r.generation, r.genome, r.fitness]);
    expect(strip(b.progress)).toEqual(strip(a.progress));
    expect(b.progress.strategy).toEqual(a.progress.strategy);
    expect(b.last).toEqual(b.progress);
    expect(one.calls.every((n) => n === 1)).toBe(true);
    // 23 = 4 generations of 5 and a last one of 3.
    expect(all.calls).toEqual([5, 5, 5, 5, 3]);
  });
});
