import { GenomeCodec } from '@reparam/core';
import { describe, expect, it } from 'vitest';
import { regularizedEvolution } from '../src/index.js';
import { drive, matchFraction, SPACE, TARGET } from './synthetic.js';

const fitness = matchFraction(TARGET, SPACE);

interface ReState {
  population: [string, number][];
}

const hamming = (a: string, b: string): number => [...a].filter((c, i) => c !== b[i]).length;

describe('regularized-evolution', () => {
  it('keeps the last `population` told genomes, oldest first', () => {
    const s = regularizedEvolution.create(SPACE, { seed: 1, population: 6 });
    const told = drive(s, 20, 3, fitness);
    const state = s.state() as ReState;
    expect(state.population.map(([, f]) => f)).toEqual(told.slice(-6));
  });

  it('after the random start, proposes children one op away from a living genome', () => {
    const s = regularizedEvolution.create(SPACE, { seed: 2, population: 6, sampleSize: 3 });
    drive(s, 6, 6, fitness);
    for (let i = 0; i < 30; i++) {
      const living = (s.state() as ReState).population.map(([k]) => k);
      const [child] = s.ask(1);
      const key = new GenomeCodec(SPACE).key(child);
      expect(Math.min(...living.map((k) => hamming(k, key)))).toBe(1);
      s.tell(child, fitness(child));
    }
  });

  it('waits for a tell when the random start is all pending', () => {
    const s = regularizedEvolution.create(SPACE, { seed: 3, population: 4 });
    expect(s.ask(10)).toHaveLength(4);
    expect(s.ask(1)).toEqual([]);
  });

  it('improves on its random start', () => {
    const s = regularizedEvolution.create(SPACE, { seed: 4, population: 8 });
    const told = drive(s, 160, 8, fitness);
    expect(Math.max(...told.slice(80))).toBeGreaterThan(Math.max(...told.slice(0, 8)));
  });
});
