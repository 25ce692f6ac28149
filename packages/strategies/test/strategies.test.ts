import { createContainer, type Genome, maxOpsPerSlot, Registry, type SearchStrategyFactory } from '@reparam/core';
import { describe, expect, it } from 'vitest';
import { directionalEs, randomSearch, register, regularizedEvolution } from '../src/index.js';
import { expectReparamError } from '../../core/test/expectReparamError.js';
import { drive, keyOf, matchFraction, recorded, SPACE, TARGET, TINY } from './synthetic.js';

const fitness = matchFraction(TARGET, SPACE);

/** Every genome returned by asks of `chunk` (telling all) until `budget` told. */
function proposals(factory: SearchStrategyFactory, seed: number, budget: number, chunk = 5): Genome[] {
  const s = factory.create(SPACE, { seed, population: 8 });
  const seen: Genome[] = [];
  drive(s, budget, chunk, (g) => {
    seen.push(g);
    return fitness(g);
  });
  return seen;
}

describe('register', () => {
  it('registers the three strategies', () => {
    const c = createContainer();
    register(c);
    expect(new Registry(c).list('strategy').map((s) => s.id)).toEqual(['directional-es', 'regularized-evolution', 'random']);
  });
});

describe.each([directionalEs, regularizedEvolution, randomSearch])('$id', (factory) => {
  const id = factory.id;

  it('returns genomes with every slot, ops in space order', () => {
    const [g] = factory.create(SPACE, { seed: 1 }).ask(1);
    expect(Object.keys(g)).toEqual(SPACE.slots.map((s) => s.name));
    for (const slot of SPACE.slots) {
      const ops = g[slot.name];
      expect(ops).toEqual(slot.options.filter((o) => ops.includes(o)));
    }
  });

  it('is deterministic by seed', () => {
    expect(proposals(factory, 7, 60)).toEqual(proposals(factory, 7, 60));
    expect(proposals(factory, 7, 60)).not.toEqual(proposals(factory, 8, 60));
  });

  it('resumes exactly from a JSON state and the search history taken mid-run', () => {
    const { strategy: a, history } = recorded(factory.create(SPACE, { seed: 11, population: 8 }));
    drive(a, 13, 4, fitness);
    // Mid-generation: some asked genomes are told, some still pending.
    const asked = a.ask(3);
    a.tell(asked[0], fitness(asked[0]));
    const b = factory.create(SPACE, { seed: 999, population: 8 });
    b.restore(JSON.parse(JSON.stringify(a.state())), history());
    expect(b.state()).toEqual(a.state());
    const continueRun = (s: typeof a): Genome[][] => {
      for (const g of asked.slice(1)) s.tell(g, fitness(g));
      const log: Genome[][] = [];
      for (let i = 0; i < 12; i++) {
        const gs = s.ask(3);
        log.push(gs);
        for (const g of gs) s.tell(g, fitness(g));
      }
      return log;
    };
    const fromA = continueRun(a);
    const fromB = continueRun(b);
    expect(fromB).toEqual(fromA);
    expect(fromA.flat().length).toBeGreaterThan(20);
    expect(JSON.parse(JSON.stringify(b.state()))).toEqual(JSON.parse(JSON.stringify(a.state())));
  });

  it('never proposes a genome twice, while pending or after it was told', () => {
    const s = factory.create(SPACE, { seed: 3, population: 8 });
    const seen = new Set<string>();
    const untold: Genome[] = [];
    for (let round = 0; round < 60; round++) {
      const gs = s.ask(4);
      for (const g of gs) {
        expect(seen.has(keyOf(g))).toBe(false);
        seen.add(keyOf(g));
      }
      // Tell fewer than were asked, so pending genomes pile up between asks.
      untold.push(...gs);
      for (const g of untold.splice(0, 3)) s.tell(g, fitness(g));
    }
    expect(seen.size).toBeGreaterThan(100);
  });

  it('proposes every genome of a small space exactly once, then nothing', () => {
    const s = factory.create(TINY, { seed: 5, population: 4 });
    const seen = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const gs = s.ask(4);
      for (const g of gs) {
        seen.add(keyOf(g));
        s.tell(g, g.x.length - g.y.length);
      }
    }
    expect(seen.size).toBe(16);
    expect(s.ask(4)).toEqual([]);
  });

  it('never proposes a genome the constraint rejects', () => {
    const constraint = maxOpsPerSlot(1);
    const s = factory.create(SPACE, { seed: 4, population: 8, constraint });
    const told = drive(s, 80, 8, (g) => {
      expect(constraint.check(g)).toBeUndefined();
      return fitness(g);
    });
    expect(told.length).toBe(80);
    // The constrained part of a small space: 3 choices per slot (none, a, b) = 9 genomes.
    const t = factory.create(TINY, { seed: 4, population: 4, constraint });
    const all = drive(t, 100, 4, (g) => {
      expect(constraint.check(g)).toBeUndefined();
      return 0;
    });
    expect(all.length).toBe(9);
  });

  it('refuses a malformed state or history with a ReparamError', () => {
    const { strategy: s, history } = recorded(factory.create(SPACE, { seed: 1, population: 8 }));
    drive(s, 10, 5, fitness);
    const good = JSON.parse(JSON.stringify(s.state())) as Record<string, unknown>;
    const h = history();
    const bad = new RegExp(`^malformed ${id} state: `);
    expectReparamError(() => s.restore(null, h), bad);
    expectReparamError(() => s.restore({}, h), bad);
    expectReparamError(() => s.restore({ ...good, version: 2 }, h), bad);
    expectReparamError(() => s.restore({ ...good, strategy: 'other' }, h), bad);
    expectReparamError(() => s.restore({ ...good, rng: [1, 2, 3] }, h), bad);
    // The history: a genome outside the space, one told twice, one both told and pending.
    expectReparamError(() => s.restore(good, { ...h, told: [...h.told, { genome: { nowhere: ['a'] }, fitness: 0.5 }] }), bad);
    expectReparamError(() => s.restore(good, { ...h, told: [...h.told, h.told[0]] }), bad);
    expectReparamError(() => s.restore(good, { ...h, pending: [h.told[0].genome] }), bad);
    // A state of another space (one op fewer) is refused too.
    const other = factory.create(TINY, { seed: 1 });
    expectReparamError(() => other.restore(good, { told: [], pending: [] }), bad);
    // After all those failures the strategy still holds its state.
    expect(JSON.parse(JSON.stringify(s.state()))).toEqual(good);
  });

  it('refuses to be told a genome it did not ask for, twice, or with a non-finite fitness', () => {
    const s = factory.create(SPACE, { seed: 2, population: 8 });
    const [g] = s.ask(1);
    const other: Genome = { ...g, 'stage0.conv': g['stage0.conv'].length ? [] : ['a'] };
    expectReparamError(() => s.tell(other, 0.5), new RegExp(`^${id}: cannot tell genome .*not returned by ask`));
    expectReparamError(() => s.tell({ nope: [] }, 0.5), /slot 'nope'/);
    expectReparamError(() => s.tell(g, Number.NaN), /finite/);
    s.tell(g, 0.5);
    expectReparamError(() => s.tell(g, 0.5), /already told/);
  });

  it('refuses unknown options and a bad ask count', () => {
    expectReparamError(() => factory.create(SPACE, { seed: 1, learningrate: 0.1 }), new RegExp(`^invalid ${id} options: .*learningrate`));
    expectReparamError(() => factory.create(SPACE, { seed: 1.5 }), new RegExp(`^invalid ${id} options: at 'seed'`));
    expectReparamError(() => factory.create(SPACE, { seed: 1 }).ask(-1), /non-negative integer/);
  });
});
