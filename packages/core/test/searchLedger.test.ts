import { describe, expect, it } from 'vitest';
import {
  GenomeCodec,
  isReparamError,
  maxOpsPerSlot,
  parseStrategyOptions,
  parseStrategyState,
  ReparamError,
  type SearchSpace,
  SearchLedger,
  STRATEGY_OPTION_SHAPE,
  trainingFlopsBudget,
  z,
} from '../src/index.js';

const space: SearchSpace = {
  slots: [
    { name: 'a', options: ['x', 'y', 'z'] },
    { name: 'b', options: [] },
    { name: 'c', options: ['x', 'w'] },
  ],
};

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    expect(isReparamError(err)).toBe(true);
    return err as Error;
  }
  throw new Error('expected a ReparamError');
}

describe('GenomeCodec', () => {
  const codec = new GenomeCodec(space);
  it('maps genomes to bits in space order and back, with every slot and canonical op order', () => {
    expect(codec.bits).toBe(5);
    expect(codec.key({ a: ['z', 'x'], c: ['w'] })).toBe('10101');
    expect(codec.genome('10101')).toEqual({ a: ['x', 'z'], b: [], c: ['w'] });
    expect(codec.key(codec.genome('01010'))).toBe('01010');
    expect(codec.isKey('01010')).toBe(true);
    expect(codec.isKey('0101')).toBe(false);
    expect(codec.isKey('01012')).toBe(false);
  });
  it('refuses unknown slots and ops and an op listed twice', () => {
    expect(() => codec.key({ q: [] })).toThrow("genome names slot 'q', which is not in the search space");
    expect(() => codec.key({ c: ['y'] })).toThrow("genome slot 'c' lists op 'y', which is not an option of that slot");
    expect(() => codec.key({ a: ['x', 'x'] })).toThrow(/twice/);
  });
  it('fingerprints the space', () => {
    expect(codec.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(new GenomeCodec(space).fingerprint).toBe(codec.fingerprint);
    expect(new GenomeCodec({ slots: [...space.slots, { name: 'd', options: [] }] }).fingerprint).not.toBe(codec.fingerprint);
  });
  it('refuses a space with a repeated slot or op', () => {
    expect(() => new GenomeCodec({ slots: [space.slots[0], space.slots[0]] })).toThrow(ReparamError);
    expect(() => new GenomeCodec({ slots: [{ name: 's', options: ['x', 'x'] }] })).toThrow(ReparamError);
  });
});

describe('SearchLedger', () => {
  const uniform = (ledger: SearchLedger) => (): Uint8Array => Uint8Array.from({ length: ledger.codec.bits }, () => (ledger.rng.uniform() < 0.5 ? 1 : 0));

  it('proposes each genome once, then nothing, whatever the sampler', () => {
    const ledger = new SearchLedger(space, { id: 'test', seed: 1 });
    const keys = new Set<string>();
    // A sampler stuck on one genome still reaches every genome (bit flips, then enumeration).
    for (let i = 0; i < 32; i++) keys.add(ledger.propose(() => new Uint8Array(5))!);
    expect(keys.size).toBe(32);
    expect(ledger.propose(() => new Uint8Array(5))).toBeUndefined();
  });

  it('repairs samples the constraint rejects, dropping ops of the offending slot', () => {
    const ledger = new SearchLedger(space, { id: 'test', seed: 2, constraint: maxOpsPerSlot(1) });
    const full = (): Uint8Array => new Uint8Array(5).fill(1);
    const seen: string[] = [];
    for (let i = 0; i < 12; i++) {
      const key = ledger.propose(full);
      if (key === undefined) break;
      seen.push(key);
      expect(maxOpsPerSlot(1).check(ledger.codec.genome(key))).toBeUndefined();
    }
    expect(seen.length).toBe(12); // (1 + 3) × (1 + 2) allowed genomes
    expect(ledger.propose(full)).toBeUndefined();
  });

  it('repairs against a budget by dropping any op', () => {
    const costs = { base: 0, perOp: { a: { x: 1, y: 1, z: 1 }, c: { x: 1, w: 1 } } };
    const ledger = new SearchLedger(space, { id: 'test', seed: 3, constraint: trainingFlopsBudget(costs, 2) });
    const key = ledger.propose(() => new Uint8Array(5).fill(1))!;
    expect([...key].filter((b) => b === '1').length).toBeLessThanOrEqual(2);
  });

  it('tells pending genomes only, once, with a finite fitness', () => {
    const ledger = new SearchLedger(space, { id: 'test', seed: 4 });
    const key = ledger.propose(uniform(ledger))!;
    const genome = ledger.codec.genome(key);
    expect(ledger.isPending(key)).toBe(true);
    expect(errorOf(() => ledger.tell(genome, Number.POSITIVE_INFINITY)).message).toBe('test: fitness must be a finite number (got Infinity)');
    expect(ledger.tell(genome, 0.25)).toBe(key);
    expect(ledger.fitness(key)).toBe(0.25);
    expect(errorOf(() => ledger.tell(genome, 0.25)).message).toMatch(/^test: cannot tell genome .* it was already told$/);
  });

  it('round-trips its state and history through JSON and refuses a malformed one unchanged', () => {
    const a = new SearchLedger(space, { id: 'test', seed: 5 });
    const keys: string[] = [];
    for (let i = 0; i < 6; i++) keys.push(a.propose(uniform(a))!);
    a.record(keys[0], 0.5);
    // The state holds no genome: told and pending ones are the history, which the search keeps.
    expect(Object.keys(a.state()).sort()).toEqual(['rng', 'space']);
    const history = JSON.parse(JSON.stringify(a.history()));
    expect(history.told).toEqual([{ genome: a.codec.genome(keys[0]), fitness: 0.5 }]);
    expect(history.pending).toEqual(keys.slice(1).map((k) => a.codec.genome(k)));
    const b = new SearchLedger(space, { id: 'test', seed: 6 });
    const saved = JSON.parse(JSON.stringify(a.state()));
    b.restore(saved, history);
    expect(b.state()).toEqual(a.state());
    expect(b.history()).toEqual(a.history());
    expect(b.propose(uniform(b))).toBe(a.propose(uniform(a)));
    const before = JSON.stringify([b.state(), b.history()]);
    expect(errorOf(() => b.restore({ ...saved, space: '00000000' }, history)).message).toMatch(/^malformed test state: it was saved for another search space/);
    expect(errorOf(() => b.restore(saved, { ...history, pending: [history.told[0].genome] })).message).toMatch(/^malformed test state: pending genome/);
    expect(errorOf(() => b.restore(saved, { ...history, told: [...history.told, history.told[0]] })).message).toMatch(/^malformed test state: genome .* is told twice/);
    expect(errorOf(() => b.restore(saved, { ...history, told: [{ genome: { x: ['nope'] }, fitness: 0 }] })).message).toMatch(/^malformed test state: a told genome is not of this search space/);
    expect(JSON.stringify([b.state(), b.history()])).toBe(before);
  });
});

describe('strategy state and option parsing', () => {
  it('names the path of the first problem', () => {
    const schema = z.object({ a: z.object({ b: z.number() }) });
    expect(parseStrategyState('s', schema, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
    expect(errorOf(() => parseStrategyState('s', schema, { a: { b: 'x' } })).message).toMatch(/^malformed s state: at 'a\.b': /);
  });
  it('refuses unknown options with a strict schema', () => {
    const schema = z.strictObject({ ...STRATEGY_OPTION_SHAPE, rate: z.number().optional() });
    expect(parseStrategyOptions('s', schema, { seed: 1, rate: 2, constraint: maxOpsPerSlot(1) }).rate).toBe(2);
    expect(errorOf(() => parseStrategyOptions('s', schema, { seed: 1, rat: 2 })).message).toMatch(/^invalid s options: .*rat/);
    expect(errorOf(() => parseStrategyOptions('s', schema, { seed: 1, constraint: {} as never })).message).toMatch(/^invalid s options: at 'constraint'/);
  });
});
