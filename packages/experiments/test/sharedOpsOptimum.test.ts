import type { Genome, SearchSpace } from '@reparam/core';
import { generatedLandscape, GENERATED_LANDSCAPE_DEFAULTS } from '@reparam/evaluators';
import { describe, expect, it } from 'vitest';
import { bestSharedOpsGenome } from '../src/sharedOpsOptimum.js';

// 8 slots of the same 4 ops, and a stem with only two of them.
const SPACE: SearchSpace = { slots: [{ name: 'stem', options: ['a', 'b'] }, ...Array.from({ length: 8 }, (_, i) => ({ name: `s${i}`, options: ['a', 'b', 'c', 'd'] }))] };
const additive = (shared: number) => generatedLandscape(SPACE, { ...GENERATED_LANDSCAPE_DEFAULTS, kind: 'additive', seed: 5, shared });
const opsOf = (g: Genome) => Object.values(g).map((ops) => [...ops].sort().join('+'));

describe('bestSharedOpsGenome', () => {
  it('is the optimum when every op does the same in every slot', () => {
    const l = additive(1);
    const best = bestSharedOpsGenome(l)!;
    expect(best.fitness).toBeCloseTo(l.optimum.fitness, 12);
    // One set of ops, each wherever the slot has it: the stem holds the set's share of a and b.
    const inSlots = new Set(opsOf(best.genome).slice(1));
    expect(inSlots.size).toBe(1);
    expect(opsOf(best.genome)[0]).toBe(best.ops.filter((o) => o === 'a' || o === 'b').sort().join('+'));
  });

  it('gives up, rather than try 2^17 subsets, on a landscape with more than 16 distinct ops', () => {
    const wide: SearchSpace = { slots: [0, 9].map((from) => ({ name: `s${from}`, options: Array.from({ length: from ? 8 : 9 }, (_, i) => `op${from + i}`) })) };
    expect(bestSharedOpsGenome(generatedLandscape(wide, { ...GENERATED_LANDSCAPE_DEFAULTS, kind: 'additive' }))).toBeUndefined();
  });

  it('falls short of the optimum when the slots differ, and beats every other shared set', () => {
    const l = additive(0);
    const best = bestSharedOpsGenome(l)!;
    expect(best.fitness).toBeLessThan(l.optimum.fitness - 0.01);
    // Checked against a brute force of its own: all 16 sets of a, b, c, d.
    for (let mask = 0; mask < 16; mask++) {
      const set = ['a', 'b', 'c', 'd'].filter((_, i) => mask & (1 << i));
      const genome = Object.fromEntries(SPACE.slots.map((s) => [s.name, s.options.filter((o) => set.includes(o))]));
      expect(l.trueFitness(genome)).toBeLessThanOrEqual(best.fitness);
    }
  });
});
