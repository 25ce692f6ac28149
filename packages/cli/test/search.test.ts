import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareOutputs, Rng } from '@reparam/core';
import { openOnnxClassifier } from '@reparam/deploy';
import { readRunLog } from '@reparam/runs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCleanError, repoRoot, runCli } from './runCli.js';
import { writeTinyIdx } from './tinyIdx.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-cli-search-'));
let data: string;
beforeAll(() => {
  data = writeTinyIdx(join(tmp, 'idx'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A tiny supernet search (the standalone default is tested on its own below). */
const tiny = (out: string, ...extra: string[]) => [
  'search',
  '--evaluator',
  'supernet',
  '--backbone',
  'resnet8',
  '--width',
  '0.25',
  '--dataset',
  `idx:${data}`,
  '--val-fraction',
  '0.25',
  '--budget',
  '9',
  '--population',
  '3',
  '--eval-epochs',
  '1',
  '--retrain-epochs',
  '1',
  '--batch',
  '16',
  '--lr',
  '0.05',
  '--calibration-images',
  '32',
  '--out',
  out,
  ...extra,
];
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
const records = (out: string) =>
  (readJson(join(out, 'search-state.json')).progress.records as Record<string, unknown>[]).map((r) => [r.index, r.generation, r.genome, r.fitness]);

describe('reparam search', () => {
  let first: Record<string, unknown>;
  const runA = join(tmp, 'search-a');
  it('searches, retrains the best genome beside plain, and writes the run directory', async () => {
    const r = await runCli([...tiny(runA), '--json']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    first = JSON.parse(r.stdout);
    for (const k of ['bestGenome', 'bestValAccuracy', 'testAccuracy', 'baselineTestAccuracy', 'evaluations', 'seconds', 'backend']) {
      expect(first[k]).toBeDefined();
    }
    expect(first.evaluations).toBe(9);
    expect(readJson(join(runA, 'results.json'))).toEqual(first);
    // best-genome.json says which network it was found on.
    expect(readJson(join(runA, 'best-genome.json'))).toEqual({ backbone: 'resnet8', width: 0.25, genome: first.bestGenome });
    expect(readJson(join(runA, 'config.json'))).toMatchObject({ command: 'search', strategy: 'directional-es', evaluator: 'supernet', budget: 9 });
    // The retrained best genome is a complete train run (what `reparam fuse` reads).
    expect(readJson(join(runA, 'retrain-best', 'config.json'))).toMatchObject({ command: 'train', genome: first.bestGenome });
    expect(existsSync(join(runA, 'retrain-plain', 'results.json'))).toBe(true);
    // Every event the search wrote matches its declared schema (readRunLog checks each line).
    const log = readRunLog(join(runA, 'log.jsonl')) as Record<string, unknown>[];
    expect(log.filter((e) => e.type === 'evaluation')).toHaveLength(9);
    // The supernet evaluator logs through the run's services (resolved from the run container).
    expect(log.find((e) => e.type === 'supernet-ready')).toMatchObject({ epochs: 1, sampling: 'uniform', seconds: expect.any(Number) });
    expect(log.filter((e) => e.type === 'generation').map((e) => e.generation)).toEqual([1, 2, 3]);
    // Without a terminal (stderr is a pipe here), one line per evaluation, in order.
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('search evaluation '));
    expect(lines.map((l) => Number(/^search evaluation (\d+)\/9 /.exec(l)?.[1]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(lines[0]).toMatch(/\(generation 1\): \d+\.\d\d% in \d+\.\d s, best so far \d+\.\d\d% \| (plain \(no optional op\)|\d+ optional ops? \()/);
    // The search never saw the test split: fitness is validation accuracy. The 3 best distinct genomes
    // were scored again with the next seed (here a second supernet), and the pick is the best mean.
    const state = readJson(join(runA, 'search-state.json'));
    expect(state.rechecks).toHaveLength(3);
    expect(log.filter((e) => e.type === 'recheck')).toHaveLength(3);
    expect(existsSync(join(runA, 'recheck'))).toBe(true);
    const firstScore = (genome: unknown) => Math.max(...records(runA).filter((r) => JSON.stringify(r[2]) === JSON.stringify(genome)).map((r) => r[3] as number));
    const means = (state.rechecks as { genome: unknown; fitness: number }[]).map((c) => (firstScore(c.genome) + c.fitness) / 2);
    expect(first.bestValAccuracy).toBe(Math.max(...means));
    expect(first.bestScores).toHaveLength(2);
    expect(first.bestValAccuracy).toBeCloseTo(((first.bestScores as number[])[0] + (first.bestScores as number[])[1]) / 2, 12);
    // Rechecked are the best three by first score.
    const top3 = [...new Set(records(runA).sort((a, b) => (b[3] as number) - (a[3] as number)).map((r) => JSON.stringify(r[2])))].slice(0, 3);
    expect((state.rechecks as { genome: unknown }[]).map((c) => JSON.stringify(c.genome))).toEqual(top3);
  });

  it('train --genome best-genome.json trains the network it was found on; --backbone of another is refused naming the slots', async () => {
    const genome = join(runA, 'best-genome.json');
    const out = join(tmp, 'train-best');
    const r = await runCli(['train', '--genome', genome, '--dataset', `idx:${data}`, '--epochs', '1', '--batch', '16', '--out', out, '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(readJson(join(out, 'config.json'))).toMatchObject({ backbone: 'resnet8', width: 0.25, genome: first.bestGenome });
    const refusedOut = join(tmp, 'train-other');
    const refused = await runCli(['train', '--genome', genome, '--backbone', 'bench-net', '--dataset', `idx:${data}`, '--epochs', '1', '--out', refusedOut]);
    expect(isCleanError(refused), refused.stderr).toBe(true);
    expect(refused.stderr.trim()).toMatch(
      /^reparam: genome file '.*best-genome\.json' was found on resnet8, not bench-net: bench-net's slots layer1\.1\.conv1, layer1\.1\.conv2, layer1\.2\.conv1, layer1\.2\.conv2, layer2\.1\.conv1, layer2\.1\.conv2 and 6 more are not in it; leave --backbone out to train resnet8$/,
    );
    expect(existsSync(refusedOut)).toBe(false);
  });

  it('--aggregation online: a supernet of merged kernels, then retrain → fuse → ONNX that onnxruntime runs like the multi-branch net', async () => {
    const out = join(tmp, 'search-online');
    const r = await runCli([...tiny(out, '--aggregation', 'online'), '--json']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).evaluations).toBe(9);
    expect(readJson(join(out, 'retrain-best', 'config.json'))).toMatchObject({ command: 'train', aggregation: 'online' });
    // No branch has a BN of its own: one post-sum BN per slot.
    const params = readJson(join(out, 'retrain-best', 'checkpoint.json')).tensors as { name: string }[];
    expect(params.some((p) => /\/(conv_1x1|identity|conv_kxk)\/bn\//.test(p.name))).toBe(false);
    expect(params.some((p) => p.name.endsWith('/post_bn/gamma'))).toBe(true);
    const fuse = await runCli(['fuse', out]);
    expect(fuse.code).toBe(0);
    const deployed = readJson(join(out, 'deploy', 'deploy.json'));
    expect(deployed.check.maxAbsError).toBeLessThanOrEqual(deployed.check.tolerance);
    // The search's results.json and fuse's deploy.json count the fused network the same way (they once differed by 24).
    expect(deployed.parameters.deployed).toBe(JSON.parse(r.stdout).fusedParameters);
    const multi = await runCli(['export', out, '--format', 'onnx', '--form', 'multi-branch']);
    expect(multi.code).toBe(0);
    const x = new Rng(3).normalArray(4 * 64);
    const runOnnx = async (file: string) => {
      const model = await openOnnxClassifier(file);
      try {
        return await model.run(x, [4, 8, 8, 1]);
      } finally {
        await model.release();
      }
    };
    expect(compareOutputs(await runOnnx(join(out, 'deploy', 'multi-branch', 'model.onnx')), await runOnnx(join(out, 'deploy', 'model.onnx'))).ok).toBe(true);
  });

  it('--resume with a larger --budget extends a finished search; a flag that changes its meaning is refused', async () => {
    const out = join(tmp, 'search-extended');
    cpSync(runA, out, { recursive: true });
    const refused = await runCli(['search', '--out', out, '--resume', '--dataset', 'fashion-mnist']);
    expect(isCleanError(refused)).toBe(true);
    expect(refused.stderr).toMatch(/^reparam: --dataset cannot change on --resume: the run was made with "idx:.*"/);
    // A setting the run left to its default says so, not "undefined".
    const unset = await runCli(['search', '--out', out, '--resume', '--val-images', '8']);
    expect(isCleanError(unset)).toBe(true);
    expect(unset.stderr).toMatch(/^reparam: --val-images cannot change on --resume: the run was made with its default \(/);
    const shrunk = await runCli(['search', '--out', out, '--resume', '--budget', '5']);
    expect(isCleanError(shrunk)).toBe(true);
    expect(shrunk.stderr).toMatch(/^reparam: the budget \(5\) is below the 9 evaluations already made$/m);
    expect(readJson(join(out, 'config.json')).budget).toBe(9);
    const r = await runCli(['search', '--out', out, '--resume', '--budget', '12', '--json', '--quiet']);
    expect(r.code).toBe(0);
    // --quiet: no progress at all on stderr (no start line, no evaluation or epoch lines).
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).evaluations).toBe(12);
    // The first 9 evaluations are the finished search's, unchanged; three more follow.
    expect(records(out).slice(0, 9)).toEqual(records(runA));
    expect(records(out)).toHaveLength(12);
    const config = readJson(join(out, 'config.json'));
    expect(config.budget).toBe(12);
    expect(config.resumes).toEqual([{ time: expect.any(String), changes: { budget: 12 } }]);
    // The retraining follows the best of all 12.
    expect(readJson(join(out, 'retrain-best', 'config.json')).genome).toEqual(JSON.parse(r.stdout).bestGenome);
  });

  it('a search killed with SIGKILL resumes without losing or repeating an evaluation, to the same genome', async () => {
    const out = join(tmp, 'search-killed');
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
    const child = spawn(process.execPath, [bin, ...tiny(out)], { cwd: repoRoot, stdio: 'ignore' });
    const exited = new Promise((res) => child.on('exit', res));
    const state = join(out, 'search-state.json');
    const evaluated = () => (existsSync(state) ? readJson(state).progress.records.length : 0);
    while (evaluated() < 4 && child.exitCode === null) await new Promise((res) => setTimeout(res, 10));
    child.kill('SIGKILL');
    await exited;
    const atKill = evaluated();
    expect(atKill).toBeGreaterThanOrEqual(4);
    expect(atKill).toBeLessThan(9);
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    // The killed process's lock is left behind; resuming takes it over, with a warning.
    expect(existsSync(join(out, '.lock'))).toBe(true);
    const resumed = await runCli(['search', '--out', out, '--resume', '--json']);
    expect(resumed.stderr).toMatch(new RegExp(`locked by pid ${child.pid} since .*, which is no longer running; taking it over`));
    expect(resumed.code).toBe(0);
    expect(existsSync(join(out, '.lock'))).toBe(false);
    const res = JSON.parse(resumed.stdout);
    expect(records(out)).toEqual(records(runA));
    expect(res.bestGenome).toEqual(first.bestGenome);
    expect(res.testAccuracy).toBe(first.testAccuracy);
    expect(res.evaluations).toBe(9);
  });

  it('a second process on a run that is being written is refused at once, naming the writer', async () => {
    const out = join(tmp, 'search-busy');
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
    // A longer search than the others, so that it is still running when the second process starts.
    const child = spawn(process.execPath, [bin, ...tiny(out), '--budget', '60', '--eval-epochs', '3'], { cwd: repoRoot, stdio: 'ignore' });
    const exited = new Promise((res) => child.on('exit', res));
    try {
      while (!existsSync(join(out, 'search-state.json')) && child.exitCode === null) await new Promise((res) => setTimeout(res, 20));
      const second = await runCli(['search', '--out', out, '--resume']);
      expect(isCleanError(second)).toBe(true);
      expect(second.stderr).toMatch(new RegExp(`run .*search-busy is in use by pid ${child.pid} since \\d{4}-`));
      expect(child.exitCode).toBe(null);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
  });

  it('refuses an unknown strategy or evaluator with one line, writing nothing', async () => {
    for (const [flag, value, msg] of [
      ['--strategy', 'hill-climb', /unknown strategy 'hill-climb'/],
      ['--evaluator', 'oracle', /unknown evaluator 'oracle'/],
    ] as const) {
      const out = join(tmp, `bad-${value}`);
      const r = await runCli([...tiny(out), flag, value]);
      expect(isCleanError(r), r.stderr).toBe(true);
      expect(r.stderr).toMatch(msg);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('a budget of 0 or a non-number is a usage error (exit 2), writing nothing', async () => {
    for (const value of ['0', 'many']) {
      const out = join(tmp, `bad-budget-${value}`);
      const r = await runCli([...tiny(out), '--budget', value]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`--budget must be a positive number of evaluations, got '${value}'`));
      expect(existsSync(out)).toBe(false);
    }
  });

  it('by default evaluates standalone: each candidate trained as long as the retraining, with another seed than it', async () => {
    const out = join(tmp, 'search-default');
    const args = ['search', '--backbone', 'resnet8', '--width', '0.25', '--dataset', `idx:${data}`, '--val-fraction', '0.25', '--budget', '3', '--population', '3',
      '--retrain-epochs', '1', '--batch', '16', '--lr', '0.05', '--out', out, '--json', '--quiet'];
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(0);
    const config = readJson(join(out, 'config.json'));
    expect(config).toMatchObject({ evaluator: 'standalone', budget: 3, evaluation: { epochs: 1 }, retrain: { epochs: 1 } });
    expect(existsSync(join(out, 'supernet'))).toBe(false);
    const help = await runCli(['search', '--help']);
    expect(help.stdout).toMatch(/--evaluator <id>\s+evaluator:\s+standalone,\s+supernet\s+or\s+landscape,\s+or\s+a\s+plugin’s\s+\(see\s+`reparam\s+evaluators`\)\s+\(default:\s+"standalone"\)/);
    expect(help.stdout).toMatch(/--budget <n>\s+genomes\s+to\s+evaluate\s+\(default:\s+16\)/);
  });

  it('refuses to resume from a corrupt search state, and keeps the file', async () => {
    const out = join(tmp, 'search-corrupt');
    mkdirSync(out);
    writeFileSync(join(out, 'config.json'), readFileSync(join(runA, 'config.json')));
    writeFileSync(join(out, 'search-state.json'), '{"format":"reparam-search-state","version":1,"sec');
    const r = await runCli(['search', '--out', out, '--resume']);
    expect(isCleanError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/search-state.json is corrupt/);
    expect(readFileSync(join(out, 'search-state.json'), 'utf8')).toMatch(/"sec$/);
    const notSearch = await runCli(['search', '--out', join(tmp, 'idx'), '--resume']);
    expect(isCleanError(notSearch), notSearch.stderr).toBe(true);
    expect(notSearch.stderr).toMatch(/not a search run directory/);
  });

  it('never evaluates a genome the constraint rejects', async () => {
    const out = join(tmp, 'search-constrained');
    const r = await runCli([...tiny(out, '--max-ops-per-slot', '1', '--strategy', 'random', '--budget', '4'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    // Four genomes were evaluated, each within the constraint — and not all trivially (no op at all).
    expect(records(out)).toHaveLength(4);
    for (const [, , genome] of records(out)) {
      for (const ops of Object.values(genome as Record<string, string[]>)) expect(ops.length).toBeLessThanOrEqual(1);
    }
    expect(records(out).some(([, , genome]) => Object.values(genome as Record<string, string[]>).some((ops) => ops.length === 1))).toBe(true);
  });
});
