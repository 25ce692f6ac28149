import { type Genome, isReparamError, Rng, type SearchStrategy } from '@reparam/core';
import { describe, expect, it } from 'vitest';
import { DIRECTIONAL_ES_DEFAULTS, directionalEs, randomSearch } from '../src/index.js';
import { drive, matchFraction, SPACE, TARGET } from './synthetic.js';

const fitness = matchFraction(TARGET, SPACE);

/** Asks a whole generation of `n`, tells every genome the same fitness, and returns the spread of the share of slots with op 'a'. */
function drawAndTell(s: SearchStrategy, space: { slots: { name: string }[] }, n: number): number {
  const genomes = s.ask(n);
  const shares = genomes.map((g) => space.slots.filter((slot) => g[slot.name].includes('a')).length / space.slots.length);
  for (const g of genomes) s.tell(g, 0);
  const m = shares.reduce((x, y) => x + y, 0) / shares.length;
  return Math.sqrt(shares.reduce((x, y) => x + (y - m) ** 2, 0) / shares.length);
}

function probabilities(s: SearchStrategy): Record<string, Record<string, number>> {
  return (s.state() as { probabilities: Record<string, Record<string, number>> }).probabilities;
}

describe('directional-es', () => {
  it('starts every probability at the initial one, as Record<slot, Record<op, number>>', () => {
    const p = probabilities(directionalEs.create(SPACE, { seed: 1 }));
    expect(Object.keys(p)).toEqual(SPACE.slots.map((s) => s.name));
    for (const slot of SPACE.slots) expect(p[slot.name]).toEqual(Object.fromEntries(slot.options.map((o) => [o, DIRECTIONAL_ES_DEFAULTS.initialProbability])));
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
    expect(bad({ coupledGenerations: 0 })).toBe(true);
    expect(bad({ initialProbability: 0.99 })).toBe(true);
    expect(bad({ elite: -1 })).toBe(true);
    expect(bad({ sharing: 1.5 })).toBe(true);
    expect(bad({ coupling: -0.1 })).toBe(true);
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

  it('with sharing 1, moves an op alike in every slot', () => {
    const everywhereA = (g: Genome) => SPACE.slots.filter((slot) => g[slot.name].includes('a')).length / SPACE.slots.length;
    const shared = directionalEs.create(SPACE, { seed: 3, sharing: 1, coupling: 0, halfLife: 0, initialProbability: 0.5 });
    drive(shared, 16, 8, everywhereA);
    const p = probabilities(shared);
    for (const op of ['a', 'b', 'c', 'd']) {
      const values = SPACE.slots.map((slot) => p[slot.name][op]);
      for (const v of values) expect(v).toBeCloseTo(values[0], 12);
    }
    expect(p['stage0.conv'].a).toBeGreaterThan(0.6);
  });

  it('with sharing, learns an op that helps in every one of many slots in few generations under noise, where the same step size alone is held back', () => {
    // 24 slots × 4 ops; fitness: the share of slots that train op 'a' (1/24 each) plus uniform noise of width 0.1.
    const wide = { slots: Array.from({ length: 24 }, (_, i) => ({ name: `s${i}`, options: ['a', 'b', 'c', 'd'] })) };
    const meanPa = (sharing: number): number => {
      let sum = 0;
      for (let seed = 1; seed <= 10; seed++) {
        const noise = new Rng(seed + 100);
        const s = directionalEs.create(wide, { seed, sharing, learningRate: 1, coupling: 0, halfLife: 0, initialProbability: 0.5 });
        drive(s, 24, 8, (g) => wide.slots.filter((slot) => g[slot.name].includes('a')).length / 24 + 0.1 * (noise.uniform() - 0.5));
        const q = probabilities(s);
        sum += wide.slots.reduce((a, slot) => a + q[slot.name].a, 0) / wide.slots.length;
      }
      return sum / 10;
    };
    // Measured: 0.74 alone, 0.92 with sharing 0.8 (from 0.5, after 3 generations of 8).
    const alone = meanPa(0);
    const together = meanPa(0.8);
    expect(together).toBeGreaterThan(alone + 0.1);
    expect(together).toBeGreaterThan(0.85);
  });

  it('with coupling, offspring take an op in most slots or in few, each slot-op still on with probability p', () => {
    const wide = { slots: Array.from({ length: 24 }, (_, i) => ({ name: `s${i}`, options: ['a', 'b'] })) };
    const shares = (coupling: number): number[] => {
      const s = directionalEs.create(wide, { seed: 4, population: 400, coupling, initialProbability: 0.5 });
      return s.ask(400).map((g) => wide.slots.filter((slot) => g[slot.name].includes('a')).length / 24);
    };
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = (xs: number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
    const independent = shares(0);
    const coupled = shares(0.9);
    // Both keep p = ½ on average ...
    expect(mean(independent)).toBeCloseTo(0.5, 1);
    expect(mean(coupled)).toBeCloseTo(0.5, 1);
    // ... but independent draws give the binomial spread √(½·½/24) ≈ 0.10 of the share of slots with
    // 'a'; coupled ones a wide one (measured: sd 0.10 and 0.40; with ρ = 0.9 most offspring have 'a' in almost all slots or almost none).
    expect(sd(independent)).toBeGreaterThan(0.07);
    expect(sd(independent)).toBeLessThan(0.13);
    expect(sd(coupled)).toBeGreaterThan(0.3);
  });

  it('with coupling and sharing, learns an effect shared by many slots under heavy noise where independent draws learn nothing', () => {
    // 52 slots × 4 ops (as plain56 has identity-eligible slots); fitness: 10 points for identity in every
    // slot, pro rata, plus noise of sd 4 points — each offspring of independent draws has identity in
    // about half the slots (± 7%), so a generation's ranking is almost all noise.
    const wide = { slots: Array.from({ length: 52 }, (_, i) => ({ name: `s${i}`, options: ['identity', 'b', 'c', 'd'] })) };
    const meanIdentity = (options: Record<string, number>): number => {
      let sum = 0;
      for (let seed = 1; seed <= 10; seed++) {
        const noise = new Rng(seed + 100);
        const s = directionalEs.create(wide, { seed, initialProbability: 0.5, ...options });
        drive(s, 24, 8, (g) => 10 * (wide.slots.filter((slot) => g[slot.name].includes('identity')).length / 52) + 4 * noise.normal());
        const q = probabilities(s);
        sum += wide.slots.reduce((a, slot) => a + q[slot.name].identity, 0) / wide.slots.length;
      }
      return sum / 10;
    };
    // Measured (10 seeds, 3 generations of 8): 0.51 drawing slot by slot (the defaults before coupling), 0.95 coupled and shared.
    expect(meanIdentity({ coupling: 0, sharing: 0, learningRate: 0.2, halfLife: 0 })).toBeLessThan(0.6);
    expect(meanIdentity({ coupling: 0.9, sharing: 0.8, learningRate: 1, halfLife: 0 })).toBeGreaterThan(0.85);
    expect(meanIdentity({})).toBeGreaterThan(0.75);
  });

  it('with a half-life, coupling fades: later generations are drawn slot by slot', () => {
    const wide = { slots: Array.from({ length: 24 }, (_, i) => ({ name: `s${i}`, options: ['a', 'b'] })) };
    const s = directionalEs.create(wide, { seed: 6, population: 300, coupling: 0.9, sharing: 0, halfLife: 1, coupledGenerations: 1, initialProbability: 0.5 });
    const first = drawAndTell(s, wide, 300);
    for (let g = 0; g < 5; g++) drawAndTell(s, wide, 300);
    const seventh = drawAndTell(s, wide, 300);
    // Generation 1 is drawn with coupling 0.9; generation 7 with 0.9 / 2⁶ ≈ 0.014, about the binomial sd 0.10.
    expect(first).toBeGreaterThan(0.3);
    expect(seventh).toBeLessThan(0.13);
  });

  it('draws the first coupledGenerations generations fully coupled, then halves the coupling', () => {
    const wide = { slots: Array.from({ length: 24 }, (_, i) => ({ name: `s${i}`, options: ['a', 'b'] })) };
    const s = directionalEs.create(wide, { seed: 6, population: 300, coupling: 0.9, sharing: 0, halfLife: 1, coupledGenerations: 3, initialProbability: 0.5 });
    const spreads = Array.from({ length: 6 }, () => drawAndTell(s, wide, 300));
    // Generations 1–3 at coupling 0.9 (spread of the share of slots with 'a' ≈ 0.4); 6 at 0.9 / 2³ ≈ 0.11.
    for (const spread of spreads.slice(0, 3)) expect(spread).toBeGreaterThan(0.3);
    expect(spreads[5]).toBeLessThan(0.2);
    expect(spreads[5]).toBeLessThan(spreads[2] / 2);
  });

  it('documents its defaults', () => {
    expect(DIRECTIONAL_ES_DEFAULTS).toEqual({ population: 8, learningRate: 1, momentum: 0.5, floor: 0.05, ceiling: 0.95, initialProbability: 0.2, elite: 1, sharing: 0.8, coupling: 1, halfLife: 1, coupledGenerations: 3 });
  });
});
