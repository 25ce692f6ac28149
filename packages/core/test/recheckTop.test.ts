import { describe, expect, it } from 'vitest';
import { type Evaluator, type Genome, type Recheck, recheckTop, type SearchRecord, type SearchSpace } from '../src/index.js';

const space = { slots: [{ name: 's', options: ['a', 'b', 'c'] }] } as unknown as SearchSpace;
const g = (...ops: string[]): Genome => ({ s: ops });
const record = (index: number, genome: Genome, fitness: number): SearchRecord => ({ index, generation: 1, genome, fitness, seconds: 1 });

/** Scores genomes from a table (a second training's scores), counting what it was asked. */
function fakeEvaluator(table: Record<string, number>, asked: string[]): Evaluator {
  return {
    evaluate: async (genomes) => genomes.map((x) => (asked.push(x.s.join('+')), table[x.s.join('+')])),
    dispose: () => {},
  };
}

describe('recheckTop', () => {
  const records = [record(0, g('a'), 0.8), record(1, g('b'), 0.75), record(2, g('a'), 0.7), record(3, g('c'), 0.74), record(4, g(), 0.5)];

  it('scores the k best distinct genomes again and picks the best mean of two scores', async () => {
    // First scores: a 0.80, b 0.75, c 0.74. Rechecks: a 0.60 (a lucky first run), b 0.77, c 0.76.
    // Means: a 0.70, b 0.76, c 0.75 → b.
    const asked: string[] = [];
    const made: Recheck[][] = [];
    const pick = await recheckTop(records, space, { count: 3, evaluator: () => fakeEvaluator({ a: 0.6, b: 0.77, c: 0.76 }, asked), onRecheck: (r) => made.push([...r]) });
    expect(pick).toEqual({ genome: g('b'), fitness: (0.75 + 0.77) / 2, scores: [0.75, 0.77], rechecks: [{ genome: g('a'), fitness: 0.6 }, { genome: g('b'), fitness: 0.77 }, { genome: g('c'), fitness: 0.76 }] });
    // Genome a, evaluated twice in the search, is rechecked once.
    expect(asked).toEqual(['a', 'b', 'c']);
    expect(made.map((m) => m.length)).toEqual([1, 2, 3]);
  });

  it('reuses rechecks made before (a resumed search) and makes only the missing ones', async () => {
    const asked: string[] = [];
    const pick = await recheckTop(records, space, { count: 3, done: [{ genome: g('a'), fitness: 0.6 }, { genome: g('b'), fitness: 0.77 }], evaluator: () => fakeEvaluator({ c: 0.9 }, asked) });
    expect(asked).toEqual(['c']);
    expect(pick?.genome).toEqual(g('c'));
  });

  it('with k = 0 picks the best single score, asking nothing; with no records, nothing', async () => {
    const pick = await recheckTop(records, space, { count: 0, evaluator: () => { throw new Error('not needed'); } });
    expect(pick).toEqual({ genome: g('a'), fitness: 0.8, scores: [0.8], rechecks: [] });
    expect(await recheckTop([], space, { count: 3, evaluator: () => fakeEvaluator({}, []) })).toBeUndefined();
  });
});
