import { isReparamError, type SearchStrategy } from '@reparam/core';
import { describe, expect, it } from 'vitest';
import { DIRECTIONAL_ES_DEFAULTS, directionalEs, randomSearch } from '../src/index.js';
import { drive, matchFraction, SPACE, TARGET } from './synthetic.js';

const fitness = matchFraction(TARGET, SPACE);

function probabilities(s: SearchStrategy): Record<string, Record<string, number>> {
  return (s.state() as { probabilities: Record<string, Record<string, number>> }).probabilities;
}

describe('directional-es', () => {
  it('starts every probability at the initial one, as Record<slot, Record<op, number>>', () => {
    const p = probabilities(directionalEs.create(SPACE, { seed: 1 }));
    expect(Object.keys(p)).toEqual(SPACE.slots.map((s) => s.name));
    for (const slot of SPACE.slots) expect(p[slot.name]).toEqual(Object.fromEntries(slot.options.map((o) => [o, 0.5])));
    const q = probabilities(directionalEs.create(SPACE, { seed: 1, initialProbability: 0.3 }));
    expect(q['stage0.conv'].a).toBe(0.3);
  });

  it('hands out one generation at a time and samples the next only when it is fully told', () => {
    const s = directionalEs.create(SPACE, { seed: 1, population: 6 });
    const first = s.ask(4);
    expect(first).toHaveLength(4);
    const rest = s.ask(10);
    expect(rest).toHaveLength(2); // the rest of the generation, not a new one
    for (const g of [...first, ...rest.slice(1)]) s.tell(g, fitness(g));
    expect(s.ask(3)).toEqual([]); // one offspring is still untold
    expect((s.state() as { generation: number }).generation).toBe(0);
    s.tell(rest[0], fitness(rest[0]));
    expect((s.state() as { generation: number }).generation).toBe(1);
    expect(s.ask(10)).toHaveLength(6);
  });

  it('gives the same generations however ask() is split up', () => {
    const run = (chunk: number): string => {
      const s = directionalEs.create(SPACE, { seed: 9 });
      drive(s, 48, chunk, fitness);
      return JSON.stringify(s.state());
    };
    expect(run(3)).toBe(run(8));
  });

  it('refuses a genome it sampled but has not handed out yet', () => {
    const a = directionalEs.create(SPACE, { seed: 5 });
    a.ask(1);
    const state = a.state() as { offspring: { genome: string }[] };
    // Rebuild offspring 2's genome from its key, as the runner never could.
    const key = state.offspring[2].genome;
    const genome = Object.fromEntries(SPACE.slots.map((s, i) => [s.name, s.options.filter((_, j) => key[i * 4 + j] === '1')]));
    expect(() => a.tell(genome, 0.5)).toThrow(/not returned by ask/);
  });

  it('refuses bad options', () => {
    const bad = (options: Record<string, unknown>): boolean => {
      try {
        directionalEs.create(SPACE, { seed: 1, ...options });
        return false;
      } catch (err) {
        return isReparamError(err) && err.message.startsWith('invalid directional-es options');
      }
    };
    expect(bad({ population: 1 })).toBe(true);
    expect(bad({ floor: 0.6, ceiling: 0.4 })).toBe(true);
    expect(bad({ momentum: 1 })).toBe(true);
    expect(bad({ learningRate: 0 })).toBe(true);
    expect(bad({ initialProbability: 0.99 })).toBe(true);
    expect(bad({ elite: -1 })).toBe(true);
    expect(bad({ population: 4, learningRate: 0.1, momentum: 0, floor: 0, ceiling: 1, elite: 0 })).toBe(false);
  });

  it('keeps probabilities within [floor, ceiling]', () => {
    const s = directionalEs.create(SPACE, { seed: 2, floor: 0.1, ceiling: 0.8, learningRate: 0.5 });
    drive(s, 120, 8, fitness);
    const values = Object.values(probabilities(s)).flatMap((ops) => Object.values(ops));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0.1);
    expect(Math.max(...values)).toBeLessThanOrEqual(0.8);
  });

  it('finds a hidden target in 15 generations of 8 and moves p toward it', () => {
    const s = directionalEs.create(SPACE, { seed: 1, population: 8 });
    const told = drive(s, 120, 8, fitness);
    expect(Math.max(...told)).toBeGreaterThanOrEqual(23 / 24);
    const p = probabilities(s);
    let distance = 0;
    for (const slot of SPACE.slots) {
      for (const op of slot.options) distance += Math.abs(p[slot.name][op] - (TARGET[slot.name].includes(op) ? 1 : 0));
    }
    expect(distance / 24).toBeLessThan(0.2); // from 0.5 at the start
  });

  it('beats random search at an equal budget, on average over seeds', () => {
    const meanBest = (factory: typeof directionalEs): number => {
      let sum = 0;
      for (let seed = 1; seed <= 8; seed++) sum += Math.max(...drive(factory.create(SPACE, { seed, population: 8 }), 120, 8, fitness));
      return sum / 8;
    };
    const des = meanBest(directionalEs);
    const random = meanBest(randomSearch);
    expect(des).toBeGreaterThan(random + 2 / 24);
    expect(des).toBeGreaterThan(0.95);
  });

  it('documents its defaults', () => {
    expect(DIRECTIONAL_ES_DEFAULTS).toEqual({ population: 8, learningRate: 0.2, momentum: 0.5, floor: 0.05, ceiling: 0.95, initialProbability: 0.5, elite: 2 });
  });
});
