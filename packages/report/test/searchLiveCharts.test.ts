import type { SearchSpace } from '@reparam/core';
import type { SearchRun } from '@reparam/runs';
import { describe, expect, it } from 'vitest';
import { opShareBySlotSpec } from '../src/opShareBySlotChart.js';
import { searchEvaluationsSpec } from '../src/searchEvaluationsChart.js';

const space = { slots: [{ name: 's1', options: ['a', 'id'] }, { name: 's2', options: ['a'] }] } as unknown as SearchSpace;

function runWith(records: { generation: number; fitness: number; genome: Record<string, string[]> }[]): SearchRun {
  return {
    kind: 'search',
    dir: '/runs/x',
    config: { strategy: 'directional-es', evaluator: 'supernet', backbone: 'resnet8', dataset: 'mnist', budget: 8, population: 2 },
    baselines: [],
    state: { seconds: 1, progress: { strategy: {}, pending: [], generation: 2, records: records.map((r, index) => ({ ...r, index, seconds: 1 })) } },
  } as unknown as SearchRun;
}

const records = [
  { generation: 1, fitness: 0.3, genome: { s1: ['a'], s2: [] } },
  { generation: 1, fitness: 0.5, genome: { s1: ['a', 'id'], s2: ['a'] } },
  { generation: 2, fitness: 0.4, genome: { s1: [], s2: ['a'] } },
  { generation: 2, fitness: 0.6, genome: { s1: ['id'], s2: ['a'] } },
];

type Layered = { layer: { data?: { values: { x: number; y: number; series: string }[] } }[]; data?: { values: { x: number; y: number; series: string }[] } };

describe('fitness per evaluation', () => {
  it('draws every evaluation in order, with the best so far', () => {
    const spec = searchEvaluationsSpec(runWith(records)) as unknown as Layered;
    const values = [spec.data?.values ?? [], ...spec.layer.map((l) => l.data?.values ?? [])].flat();
    const series = (name: string) => values.filter((v) => v.series === name).map((v) => [v.x, v.y]);
    expect(series('evaluation')).toEqual([[1, 0.3], [2, 0.5], [3, 0.4], [4, 0.6]]);
    expect(series('best so far')).toEqual([[1, 0.3], [2, 0.5], [3, 0.5], [4, 0.6]]);
  });

  it('refuses a search with no evaluation yet', () => {
    expect(() => searchEvaluationsSpec(runWith([]))).toThrow(/evaluated no genome yet/);
  });
});

describe('op probabilities per generation', () => {
  it('is the share of the generation’s genomes in which the slot trains with the op, one generation at a time on a slider', () => {
    const spec = opShareBySlotSpec(runWith(records), space) as unknown as {
      data: { values: { row: string; column: string; value: number; generation: number }[] };
      params: { name: string; value: number; bind: { input: string; min: number; max: number } }[];
      transform: { filter: string }[];
    };
    const at = (g: number, row: string, column: string) => spec.data.values.find((v) => v.generation === g && v.row === row && v.column === column)?.value;
    expect(at(1, 's1', 'a')).toBe(1);
    expect(at(1, 's1', 'id')).toBe(0.5);
    expect(at(1, 's2', 'a')).toBe(0.5);
    expect(at(2, 's1', 'a')).toBe(0);
    expect(at(2, 's2', 'a')).toBe(1);
    expect(at(1, 's2', 'id')).toBeUndefined(); // does not apply: a blank cell
    expect(spec.params[0]).toMatchObject({ name: 'generation', value: 2, bind: { input: 'range', min: 1, max: 2 } });
    expect(spec.transform).toEqual([{ filter: 'datum.generation == generation' }]);
  });
});
