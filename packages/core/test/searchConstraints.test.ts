import { describe, expect, it } from 'vitest';
import { allConstraints, genomeTrainingCost, maxOpsPerSlot, ReparamError, trainingFlopsBudget } from '../src/index.js';

const costs = {
  base: 100,
  perOp: { s1: { a: 10, b: 20 }, s2: { a: 5, b: 50 } },
};

describe('maxOpsPerSlot', () => {
  it('allows up to n optional ops in every slot', () => {
    const c = maxOpsPerSlot(1);
    expect(c.description).toBe('at most 1 optional op per slot');
    expect(c.check({ s1: ['a'], s2: [] })).toBeUndefined();
    expect(c.check({})).toBeUndefined();
    expect(c.check({ s1: ['a'], s2: ['a', 'b'] })).toBe("slot 's2' has 2 optional ops (a, b); at most 1 allowed");
    expect(maxOpsPerSlot(0).check({ s1: ['a'] })).toMatch(/at most 0/);
    expect(maxOpsPerSlot(3).description).toBe('at most 3 optional ops per slot');
  });
  it('refuses a negative or fractional n', () => {
    expect(() => maxOpsPerSlot(-1)).toThrow(ReparamError);
    expect(() => maxOpsPerSlot(1.5)).toThrow(/non-negative integer/);
  });
});

describe('trainingFlopsBudget', () => {
  it('costs a genome as base plus its ops', () => {
    expect(genomeTrainingCost(costs, {})).toBe(100);
    expect(genomeTrainingCost(costs, { s1: ['a', 'b'], s2: ['b'] })).toBe(180);
  });
  it('allows genomes within the budget, inclusive', () => {
    const c = trainingFlopsBudget(costs, 135);
    expect(c.description).toBe('training cost at most 135');
    expect(c.check({ s1: ['a', 'b'], s2: ['a'] })).toBeUndefined();
    expect(c.check({ s1: ['b'], s2: ['a'] })).toBeUndefined();
    expect(c.check({ s2: ['b'] })).toBe('training cost 150 exceeds the budget of 135');
  });
  it('refuses an op it has no cost for, and bad numbers', () => {
    expect(() => trainingFlopsBudget(costs, 1000).check({ s3: ['a'] })).toThrow("training cost of op 'a' in slot 's3' is unknown");
    expect(() => trainingFlopsBudget(costs, -1)).toThrow(ReparamError);
    expect(() => trainingFlopsBudget(costs, Number.NaN)).toThrow(ReparamError);
    expect(() => trainingFlopsBudget({ base: 1, perOp: { s: { a: -2 } } }, 10)).toThrow(/op 'a' in slot 's'/);
  });
});

describe('allConstraints', () => {
  it('allows a genome only when every constraint does, giving the first reason', () => {
    const c = allConstraints([maxOpsPerSlot(1), trainingFlopsBudget(costs, 120)]);
    expect(c.description).toBe('at most 1 optional op per slot; training cost at most 120');
    expect(c.check({ s1: ['a'], s2: ['a'] })).toBeUndefined();
    expect(c.check({ s1: ['a', 'b'] })).toMatch(/slot 's1' has 2/);
    expect(c.check({ s1: ['b'], s2: ['a'] })).toMatch(/exceeds the budget/);
  });
  it('allows everything when empty', () => {
    const c = allConstraints([]);
    expect(c.description).toBe('no constraint');
    expect(c.check({ s1: ['a', 'b'] })).toBeUndefined();
  });
});
