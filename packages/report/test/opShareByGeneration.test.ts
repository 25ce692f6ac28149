import type { SearchSpace } from '@reparam/core';
import type { SearchRun } from '@reparam/runs';
import { describe, expect, it } from 'vitest';
import { opShareByGenerationSpec } from '../src/opShareByGenerationChart.js';

const space = { slots: [{ name: 's1', options: ['a', 'id'] }, { name: 's2', options: ['a', 'id'] }, { name: 's3', options: ['a'] }] } as unknown as SearchSpace;

function runWith(records: { generation: number; genome: Record<string, string[]> }[]): SearchRun {
  return {
    kind: 'search',
    dir: '/runs/x',
    config: { strategy: 'directional-es' },
    baselines: [],
    state: { seconds: 1, progress: { strategy: {}, pending: [], generation: 2, records: records.map((r, index) => ({ ...r, index, fitness: 0.5, seconds: 1 })) } },
  } as unknown as SearchRun;
}

describe('op share per generation', () => {
  it('is the share of a generation’s genome slots with the op, over the slots it applies to', () => {
    const spec = opShareByGenerationSpec(
      runWith([
        { generation: 1, genome: { s1: ['a'], s2: [], s3: ['a'] } },
        { generation: 1, genome: { s1: ['id'], s2: ['a', 'id'], s3: [] } },
        { generation: 2, genome: { s1: ['a', 'id'], s2: ['id'], s3: ['a'] } },
      ]),
      space,
    );
    const values = (spec as unknown as { data: { values: { row: string; column: string; value: number }[] } }).data.values;
    const at = (row: string, column: string) => values.find((v) => v.row === row && v.column === column)?.value;
    // Generation 1: 'a' in s1, s3 of the first genome and s2 of the second: 3 of 2 genomes × 3 slots.
    expect(at('a', '1')).toBeCloseTo(3 / 6, 12);
    // 'id' applies to s1 and s2 only: in s1 and s2 of the second genome, 2 of 2 × 2.
    expect(at('id', '1')).toBeCloseTo(2 / 4, 12);
    expect(at('a', '2')).toBeCloseTo(2 / 3, 12);
    expect(at('id', '2')).toBe(1);
  });

  it('refuses a search with no evaluation yet', () => {
    expect(() => opShareByGenerationSpec(runWith([]), space)).toThrow(/evaluated no genome yet/);
  });
});
