import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isCleanError, runCli } from './runCli.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CATALOGUE = [
  'conv_kxk',
  'conv_1x1',
  'identity',
  'conv_1xk',
  'conv_kx1',
  'conv_1x1_kxk',
  'conv_1x1_avg',
  'avg',
  'conv_1x1_1xk',
  'conv_1x1_kx1',
  'conv_1xk_kx1',
];
const examplePlugin = 'examples/op-plugin/dist/index.js';

interface Case {
  op: string;
  aggregation: string;
  k: number;
  stride: number;
  groups: number;
  cin: number;
  cout: number;
  maxAbsError: number;
  tolerance: number;
  ok: boolean;
}

describe('reparam ops', () => {
  it('lists every catalogue op with its plugin', async () => {
    const r = await runCli(['ops', '--json']);
    expect(r.code).toBe(0);
    const ops = JSON.parse(r.stdout) as { id: string; plugin: string; role: string }[];
    expect(ops.map((o) => o.id)).toEqual(CATALOGUE);
    expect(new Set(ops.map((o) => o.plugin))).toEqual(new Set(['@reparam/ops']));
    expect(ops.find((o) => o.role === 'main')?.id).toBe('conv_kxk');
    // Every catalogue op has a linear form, so every one trains with the online aggregation.
    expect(new Set(ops.map((o) => (o as { online?: string }).online))).toEqual(new Set(['yes']));
  });
  it('prints a table', async () => {
    const r = await runCli(['ops']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^id\s+role\s+plugin\s+online\s+description/);
    expect(r.stdout).toContain('conv_1xk_kx1');
  });
});

describe('reparam verify-fusion', () => {
  it('--json: every catalogue op over the whole grid, combinations in every mode, all ok', async () => {
    const r = await runCli(['verify-fusion', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; backend: string; results: Case[]; skipped: unknown[] };
    expect(out.ok).toBe(true);
    expect(['native', 'cpu', 'wasm', 'tensorflow']).toContain(out.backend);
    expect(new Set(out.results.map((c) => c.op))).toEqual(new Set([...CATALOGUE, 'all']));
    for (const c of out.results) {
      expect(c.ok).toBe(true);
      expect(c.maxAbsError).toBeLessThanOrEqual(c.tolerance);
      expect(c.tolerance).toBeGreaterThanOrEqual(1e-4);
    }
    const conv = out.results.filter((c) => c.op === 'conv_1x1_kxk');
    expect(new Set(conv.map((c) => c.k))).toEqual(new Set([3, 5]));
    expect(new Set(conv.map((c) => c.stride))).toEqual(new Set([1, 2]));
    expect(new Set(conv.map((c) => c.groups))).toEqual(new Set([1, 2]));
    expect(conv.some((c) => c.cin !== c.cout) && conv.some((c) => c.cin === c.cout)).toBe(true);
    const modes = new Set(out.results.filter((c) => c.op === 'all').map((c) => c.aggregation));
    expect(modes).toEqual(new Set(['sum', 'scaled', 'post-bn', 'online']));
    // Every op alone in its BN form (sum) and its linear form (online), none left out.
    for (const op of CATALOGUE) expect(new Set(out.results.filter((c) => c.op === op).map((c) => c.aggregation))).toEqual(new Set(['sum', 'online']));
    expect(out.skipped).toEqual([]);
  });

  it('narrows the grid with --op, --k, --stride, --groups, --cin/--cout', async () => {
    const r = await runCli(['verify-fusion', '--op', 'avg', '--k', '5', '--stride', '2', '--groups', '1', '--cin', '6', '--cout', '6', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { results: Case[] };
    expect(out.results.map((c) => `${c.op}/${c.aggregation}/${c.k}/${c.stride}/${c.cin}`)).toEqual([
      'avg/sum/5/2/6',
      'avg/online/5/2/6',
      'all/sum/5/2/6',
      'all/scaled/5/2/6',
      'all/post-bn/5/2/6',
      'all/online/5/2/6',
    ]);
  });

  it('prints a table with a summary line', async () => {
    const r = await runCli(['verify-fusion', '--op', 'conv_1x1', '--k', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^backend: (native|cpu|wasm|tensorflow)\n/);
    expect(r.stdout).toMatch(/all \d+ cases ok; largest max\|Δ\| /);
  });
});

describe('plugins', () => {
  it('an example plugin adds an op that lists and passes verify-fusion', async () => {
    const ops = await runCli(['--plugin', examplePlugin, 'ops', '--json']);
    expect(ops.code).toBe(0);
    const listed = JSON.parse(ops.stdout) as { id: string; plugin: string }[];
    expect(listed.find((o) => o.id === 'conv_1x1_expand')?.plugin).toBe(examplePlugin);
    const v = await runCli(['--plugin', examplePlugin, 'verify-fusion', '--op', 'conv_1x1_expand', '--json']);
    expect(v.code).toBe(0);
    expect(JSON.parse(v.stdout).ok).toBe(true);
  });
});

describe('bad input: one clear line, exit 1, no stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown op', ['verify-fusion', '--op', 'conv_9x9'], /^reparam: unknown op 'conv_9x9'; known: conv_kxk, /],
    [
      'op not applicable to the slot',
      ['verify-fusion', '--op', 'identity', '--stride', '2', '--cin', '4', '--cout', '4'],
      /^reparam: op 'identity' does not apply to any requested slot shape: needs stride 1 \(got 2\)$/m,
    ],
    ['invalid slot', ['verify-fusion', '--k', '4'], /^reparam: slot kernel size k must be an odd positive integer, got 4$/m],
    ['bad groups', ['verify-fusion', '--groups', '3'], /^reparam: slot groups must divide cin/],
    ['missing plugin', ['--plugin', './no/such/plugin.js', 'ops'], /^reparam: cannot load plugin '\.\/no\/such\/plugin\.js': module not found/],
    [
      'plugin without register',
      ['--plugin', 'packages/core/test/plugins/no-register.mjs', 'ops'],
      /^reparam: plugin 'packages\/core\/test\/plugins\/no-register\.mjs' has no register\(container\) export$/m,
    ],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const r = await runCli(args);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
      expect(isCleanError(r), r.stderr).toBe(true);
    });
  }
  it('with --json, an error is also an object on stdout: runtime (exit 1) and usage (exit 2)', async () => {
    const runtime = await runCli(['verify-fusion', '--op', 'conv_9x9', '--json']);
    expect(runtime.code).toBe(1);
    expect(runtime.stderr).toMatch(/^reparam: unknown op 'conv_9x9'/);
    expect(JSON.parse(runtime.stdout)).toEqual({ error: { message: expect.stringMatching(/^unknown op 'conv_9x9'; known: /), code: 'runtime' } });
    const usage = await runCli(['verify-fusion', '--k', 'three', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({ error: { message: expect.stringMatching(/expected a positive integer, got 'three'/), code: 'usage' } });
  });
  it('a backend or an aggregation that does not exist is a usage error (exit 2) that lists the choices', async () => {
    for (const [args, message] of [
      [['--backend', 'bogus', 'ops'], /^reparam: --backend must be one of tensorflow, native, wasm, cpu; got 'bogus'$/],
      [['train', '--aggregation', 'bogus', '--out', join(tmp, 'bogus-aggregation')], /^reparam: --aggregation must be one of sum, scaled, post-bn, online; got 'bogus'$/],
      [['search', '--aggregation', 'bogus', '--out', join(tmp, 'bogus-aggregation')], /^reparam: --aggregation must be one of sum, scaled, post-bn, online; got 'bogus'$/],
    ] as const) {
      const r = await runCli([...args, '--json']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim()).toMatch(message);
      expect(JSON.parse(r.stdout).error.code).toBe('usage');
    }
    expect(existsSync(join(tmp, 'bogus-aggregation'))).toBe(false);
  });
  it('non-numeric option: a usage error, exit 2, no stack trace', async () => {
    const r = await runCli(['verify-fusion', '--k', 'three']);
    expect(r.stderr).toMatch(/expected a positive integer, got 'three'/);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('a plugin whose op id clashes with a catalogue op', async () => {
    const r = await runCli(['--plugin', 'packages/cli/test/fixtures/clashing-plugin.mjs', 'ops']);
    expect(isCleanError(r)).toBe(true);
    expect(r.stderr).toMatch(/^reparam: op id 'conv_1x1' is registered twice \(by @reparam\/ops and by packages\/cli\/test\/fixtures\/clashing-plugin\.mjs\)$/m);
  });
});
