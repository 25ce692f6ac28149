import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRunLog } from '../src/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-runlog-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const time = '2026-11-30T00:00:00.000Z';

describe('readRunLog', () => {
  it("checks reparam's events, keeps a plugin's, and skips a last line cut short by a kill", () => {
    const path = join(tmp, 'ok.jsonl');
    const lines = [
      { time, type: 'search-start', evaluations: 0, constraint: null },
      { time, type: 'evaluation', index: 0, generation: 1, genome: { a: ['x'] }, fitness: 0.5, seconds: 1.5 },
      { time, type: 'timed-evaluate', genomes: 3, ms: 12 },
    ].map((e) => JSON.stringify(e));
    writeFileSync(path, `${lines.join('\n')}\n{"time":"2026-11-30T00:0`);
    const events = readRunLog(path);
    expect(events.map((e) => e.type)).toEqual(['search-start', 'evaluation', 'timed-evaluate']);
    expect(events[2]).toEqual({ time, type: 'timed-evaluate', genomes: 3, ms: 12 });
  });

  it('refuses an event of a known type whose field does not match, naming the line and the field', () => {
    const path = join(tmp, 'bad.jsonl');
    writeFileSync(path, `${JSON.stringify({ time, type: 'resume', epoch: 1 })}\n${JSON.stringify({ time, type: 'evaluation', index: 0, generation: 1, genome: {}, fitness: 'high', seconds: 1 })}\n`);
    expect(() => readRunLog(path)).toThrow(/bad\.jsonl: line 2 \(evaluation\): field 'fitness' /);
  });

  it('refuses a broken line in the middle, and is empty for a run that logged nothing', () => {
    const path = join(tmp, 'middle.jsonl');
    writeFileSync(path, `{"broken\n${JSON.stringify({ time, type: 'resume', epoch: 1 })}\n`);
    expect(() => readRunLog(path)).toThrow('middle.jsonl: line 1 is not valid JSON');
    expect(readRunLog(join(tmp, 'none.jsonl'))).toEqual([]);
  });
});
