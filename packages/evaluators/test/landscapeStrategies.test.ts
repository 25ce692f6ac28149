import { GenomeCodec, runSearch, type SearchSpace } from '@reparam/core';
import { directionalEs, randomSearch, regularizedEvolution } from '@reparam/strategies';
import { describe, expect, it } from 'vitest';
import { generatedLandscape, LandscapeEvaluator, parseLandscapeSpec } from '../src/index.js';

/** 4 slots × 3 ops: 4,096 genomes. */
const SPACE: SearchSpace = { slots: Array.from({ length: 4 }, (_, i) => ({ name: `s${i}`, options: ['a', 'b', 'c'] })) };

describe('the built-in strategies on a noiseless additive landscape', () => {
  const landscape = generatedLandscape(SPACE, parseLandscapeSpec('additive:seed=1'));
  const codec = new GenomeCodec(SPACE);
  // Measured on seeds 0–4 (generations of 8): directional-es finds the optimum within 52–92
  // evaluations, regularized evolution within 52–544, random (never repeating a genome) within 632–3,328 of 4,096.
  it.each([
    { id: directionalEs.id, strategy: directionalEs, budget: 120 },
    { id: regularizedEvolution.id, strategy: regularizedEvolution, budget: 600 },
    { id: randomSearch.id, strategy: randomSearch, budget: 3500 },
  ])('$id evaluates the optimum within $budget evaluations on seeds 0–4', async ({ strategy, budget }) => {
    for (let seed = 0; seed < 5; seed++) {
      const progress = await runSearch({ strategy: strategy.create(SPACE, { seed, population: 8 }), evaluator: new LandscapeEvaluator(landscape, seed), budget, generationSize: 8, save: () => {} });
      expect(progress.records.some((r) => codec.key(r.genome) === codec.key(landscape.optimum.genome)), `seed ${seed}`).toBe(true);
    }
  });
});
