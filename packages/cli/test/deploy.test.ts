import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareOutputs, LOCK_FILE, Rng } from '@reparam/core';
import { openOnnxClassifier } from '@reparam/deploy';
import { DEPLOY_SUMMARY_FILE, DEPLOY_SUMMARY_SCHEMA, readRunFile, SEARCH_RUN_CONFIG_SCHEMA, TRAIN_CONFIG_SCHEMA } from '@reparam/runs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCleanError, runCli } from './runCli.js';
import { writeTinyIdx } from './tinyIdx.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-cli-deploy-'));
const run = join(tmp, 'run');
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'));

/** A valid search config.json around a train run's settings (the search itself is not needed here). */
function searchConfigLike(trainDir: string): string {
  const t = readJson(join(trainDir, 'config.json'));
  const recipe = TRAIN_CONFIG_SCHEMA.parse(t);
  const config = SEARCH_RUN_CONFIG_SCHEMA.parse({
    ...{ command: 'search', backbone: t.backbone, dataset: t.dataset, width: t.width, validationFraction: t.validationFraction, aggregation: t.aggregation },
    ...{ strategy: 'random', evaluator: 'supernet', budget: 1, population: 1, seed: t.seed, constraint: {}, evaluatorOptions: {} },
    ...{ evaluation: recipe, retrain: recipe, baselines: ['plain'], backend: t.backend, plugins: [] },
  });
  return JSON.stringify(config);
}
const snapshot = (dir: string) =>
  readdirSync(dir, { recursive: true })
    .map(String)
    .sort()
    .map((f) => [f, statSync(join(dir, f)).mtimeMs]);

beforeAll(async () => {
  const data = writeTinyIdx(join(tmp, 'idx'));
  // Every applicable op in every slot, so fuse folds the whole catalogue on trained weights.
  const r = await runCli([
    'train', '--backbone', 'bench-net', '--width', '0.25', '--preset', 'full', '--dataset', `idx:${data}`,
    '--epochs', '1', '--batch', '16', '--lr', '0.05', '--out', run,
  ]);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.code).toBe(0);
}, 240_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Random 8×8×1 images, as the tiny dataset has. */
const images = (n: number) => new Rng(5).normalArray(n * 64);

describe('reparam fuse → export → bench infer on a trained run', () => {
  it('fuse checks the fused net against the multi-branch one on validation images and writes deploy/', async () => {
    const r = await runCli(['fuse', run]);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/fused bench-net: .* parameters, .* MFLOPs per image; max\|Δ\| .* on \d+ validation images/);
    // The file matches its declared schema (readRunFile refuses anything else).
    const summary = readRunFile(join(run, 'deploy', DEPLOY_SUMMARY_FILE), DEPLOY_SUMMARY_SCHEMA);
    expect(summary).toMatchObject({ backbone: 'bench-net', check: { split: 'validation' }, files: { tfjs: 'tfjs/model.json', onnx: 'model.onnx' } });
    expect(summary.onnxOpset).toBeGreaterThanOrEqual(13);
    expect(summary.check.maxAbsError).toBeLessThanOrEqual(summary.check.tolerance);
    for (const k of ['graph', 'tfjs', 'onnx'] as const) expect(summary.check.maxAbsErrorBy[k]).toBeLessThanOrEqual(summary.check.tolerance);
    expect(summary.parameters.deployed).toBeLessThan(summary.parameters.multiBranch);
    expect(summary.flops.deployed).toBeLessThan(summary.flops.multiBranch);
    const results = readJson(join(run, 'results.json'));
    expect(summary.flops.multiBranch).toBe(results.flops);
    expect(summary.flops.deployed).toBe(results.fusedFlops);
    // One counter: what train's results say the fused network has is what fuse deployed (the shortcuts'
    // BNs folded into biases too); bench-net has projection shortcuts, so the two used to differ.
    expect(summary.parameters.deployed).toBe(results.fusedParameters);
    expect(summary.parameters.multiBranch).toBe(results.parameters);
    for (const f of ['tfjs/model.json', 'tfjs/weights.bin', 'model.onnx']) expect(existsSync(join(run, 'deploy', f))).toBe(true);
  });

  it('the saved tfjs model (plain tfjs loader) and the ONNX model (onnxruntime-node) agree with the exported multi-branch ONNX model', async () => {
    const r = await runCli(['export', run, '--format', 'onnx', '--form', 'multi-branch']);
    expect(r.code).toBe(0);
    const multiPath = join(run, 'deploy', 'multi-branch', 'model.onnx');
    expect(existsSync(multiPath)).toBe(true);
    const x = images(5);
    const multi = await openOnnxClassifier(multiPath);
    const reference = await multi.run(x, [5, 8, 8, 1]);
    await multi.release();
    const fused = await openOnnxClassifier(join(run, 'deploy', 'model.onnx'));
    const viaOnnx = await fused.run(x, [5, 8, 8, 1]);
    await fused.release();
    expect(compareOutputs(reference, viaOnnx).ok).toBe(true);

    const json = readJson(join(run, 'deploy', 'tfjs', 'model.json'));
    const bin = readFileSync(join(run, 'deploy', 'tfjs', json.weightsManifest[0].paths[0]));
    await tf.setBackend('cpu');
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) }),
    );
    const viaTfjs = tf.tidy(() => (model.predict(tf.tensor4d(x, [5, 8, 8, 1])) as tf.Tensor).dataSync());
    model.dispose();
    const agreement = compareOutputs(reference, viaTfjs);
    expect(agreement.ok, `max|Δ| ${agreement.maxAbsError} > ${agreement.tolerance}`).toBe(true);
  });

  it('fuse, export, visualize and report print their result as JSON with --json', async () => {
    const outputs = {
      fuse: await runCli(['fuse', run, '--out', join(tmp, 'json-fuse'), '--json']),
      export: await runCli(['export', run, '--format', 'onnx', '--out', join(tmp, 'json-export'), '--json']),
      visualize: await runCli(['visualize', run, '--json']),
      report: await runCli(['report', run, '--json']),
    };
    for (const [command, r] of Object.entries(outputs)) expect(r.code, `${command}: ${r.stderr}`).toBe(0);
    expect(JSON.parse(outputs.fuse.stdout)).toMatchObject({ out: join(tmp, 'json-fuse'), backbone: 'bench-net', files: { onnx: 'model.onnx' } });
    expect(JSON.parse(outputs.export.stdout)).toMatchObject({ format: 'onnx', form: 'fused', files: [join(tmp, 'json-export', 'model.onnx')], check: { ok: true } });
    expect(JSON.parse(outputs.visualize.stdout).plots.map((p: { plot: string }) => p.plot)).toContain('training-curves');
    expect(JSON.parse(outputs.report.stdout)).toMatchObject({ file: join(run, 'report.html') });
  });

  it('export writes tfjs (fused, multi-branch) into --out; a second fuse keeps the multi-branch export', async () => {
    for (const form of ['fused', 'multi-branch']) {
      const out = join(tmp, `export-${form}`);
      const r = await runCli(['export', run, '--format', 'tfjs', '--form', form, '--out', out]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(readdirSync(out).sort()).toEqual(['model.json', 'weights.bin']);
    }
    const multiBranchLayers = readJson(join(tmp, 'export-multi-branch', 'model.json')).modelTopology.config.layers.length;
    const fusedLayers = readJson(join(tmp, 'export-fused', 'model.json')).modelTopology.config.layers.length;
    expect(multiBranchLayers).toBeGreaterThan(5 * fusedLayers);
    expect((await runCli(['export', run, '--format', 'onnx', '--form', 'multi-branch'])).code).toBe(0);
    const again = await runCli(['fuse', run]);
    expect(again.code).toBe(0);
    expect(existsSync(join(run, 'deploy', 'multi-branch', 'model.onnx'))).toBe(true);
    expect(readdirSync(join(run, 'deploy')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('bench infer on the run prints the rows of both runtimes', async () => {
    const r = await runCli(['bench', 'infer', run, '--batch', '2', '--repeats', '1', '--warmup', '1', '--json']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.source).toBe(run);
    expect(out.rows.map((row: { runtime: string }) => row.runtime)).toEqual([`tfjs-${out.backend}`, 'onnxruntime-node']);
    for (const row of out.rows) {
      expect(Object.keys(row).sort()).toEqual(['batch', 'fusedMs', 'multiBranchMs', 'plainMs', 'runtime']);
      expect(row.batch).toBe(2);
      for (const k of ['fusedMs', 'multiBranchMs', 'plainMs']) expect(row[k]).toBeGreaterThan(0);
    }
  });

  it('bench infer --variant full times bench-net on random weights without a run', async () => {
    const r = await runCli(['bench', 'infer', '--variant', 'full', '--batch', '1', '--repeats', '1', '--warmup', '1', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ backbone: 'bench-net', source: 'bench-net full, random weights' });
    expect(out.rows).toHaveLength(2);
  });

  it('a finished search run is fused through its retrain-best/ train run', async () => {
    const search = join(tmp, 'search');
    mkdirSync(search);
    writeFileSync(join(search, 'config.json'), searchConfigLike(run));
    cpSync(run, join(search, 'retrain-best'), { recursive: true, filter: (src) => !src.includes(`${run}/deploy`) });
    const r = await runCli(['fuse', search]);
    expect(r.code).toBe(0);
    expect(readJson(join(search, 'deploy', 'deploy.json')).trainRun).toBe(join(search, 'retrain-best'));
  });
});

describe('deploy commands: bad input gives one clear line, exit 1, and keeps what was written', () => {
  const copyRun = (name: string) => {
    const dir = join(tmp, name);
    cpSync(run, dir, { recursive: true });
    return dir;
  };
  it('not a run directory, or no such directory', async () => {
    const empty = join(tmp, 'empty');
    mkdirSync(empty, { recursive: true });
    for (const [args, message] of [
      [['fuse', empty], /is not a run directory \(no config\.json/],
      [['export', join(tmp, 'nowhere'), '--format', 'onnx'], /is not a run directory \(it does not exist\)/],
      [['bench', 'infer', empty], /is not a run directory/],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.stderr).toMatch(message);
      expect(isCleanError(r)).toBe(true);
    }
  });

  it('an unfinished search or training — no retrain-best/, or one without results.json — is refused as visualize refuses it', async () => {
    const search = join(tmp, 'search-unfinished');
    mkdirSync(search, { recursive: true });
    writeFileSync(join(search, 'config.json'), searchConfigLike(run));
    const r = await runCli(['fuse', search]);
    expect(r.stderr.trim()).toMatch(/^reparam: the search in .*search-unfinished has not finished \(no retrain-best\/results\.json yet\): resume it with reparam search --out .* --resume$/);
    expect(isCleanError(r)).toBe(true);
    expect(existsSync(join(search, 'deploy'))).toBe(false);
    // Killed while retraining: a checkpoint is there, results.json is not.
    cpSync(copyRun('retraining'), join(search, 'retrain-best'), { recursive: true });
    rmSync(join(search, 'retrain-best', 'results.json'));
    for (const command of [['fuse', search], ['export', search, '--format', 'onnx'], ['visualize', search]]) {
      const refused = await runCli(command);
      expect(isCleanError(refused), refused.stderr).toBe(true);
      expect(refused.stderr).toMatch(/the search in .*search-unfinished has not finished \(no retrain-best\/results\.json yet\)/);
    }
    expect(existsSync(join(search, 'deploy'))).toBe(false);
    const training = copyRun('training-unfinished');
    rmSync(join(training, 'results.json'));
    const t = await runCli(['fuse', training]);
    expect(isCleanError(t)).toBe(true);
    expect(t.stderr.trim()).toMatch(/^reparam: the training in .*training-unfinished has not finished \(no results\.json yet\): resume it with reparam train --out .* --resume$/);
  });

  it('a run another process is writing (a finished run resumed for more) is refused by fuse and export, deploy/ untouched', async () => {
    const busy = copyRun('being-written');
    const before = snapshot(join(busy, 'deploy'));
    // This test process stands for the writer: alive, on this host, and not the fuse process.
    writeFileSync(join(busy, LOCK_FILE), JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
    for (const command of [['fuse', busy], ['export', busy, '--format', 'onnx']]) {
      const r = await runCli(command);
      expect(isCleanError(r), r.stderr).toBe(true);
      expect(r.stderr.trim()).toMatch(new RegExp(`^reparam: .*being-written is being written by process ${process.pid} on .*: wait until it finishes, then try again$`));
    }
    expect(snapshot(join(busy, 'deploy'))).toEqual(before);
  });

  it('a missing, corrupt or truncated checkpoint leaves deploy/ as it was', async () => {
    const missing = copyRun('run-missing');
    rmSync(join(missing, 'checkpoint.json'));
    const r1 = await runCli(['fuse', missing]);
    expect(r1.stderr).toMatch(/no checkpoint in .*checkpoint\.json is missing/);
    expect(isCleanError(r1)).toBe(true);

    const corrupt = copyRun('run-corrupt');
    const before = snapshot(join(corrupt, 'deploy'));
    writeFileSync(join(corrupt, 'checkpoint.json'), '{"format": "reparam-checkpoint", "version"');
    const r2 = await runCli(['fuse', corrupt]);
    expect(r2.stderr).toMatch(/checkpoint .* is unreadable: not valid JSON/);
    expect(isCleanError(r2)).toBe(true);
    expect(snapshot(join(corrupt, 'deploy'))).toEqual(before);

    const truncated = copyRun('run-truncated');
    const manifest = readJson(join(truncated, 'checkpoint.json'));
    const weights = join(truncated, manifest.weightsFile);
    writeFileSync(weights, readFileSync(weights).subarray(0, 100));
    const r3 = await runCli(['export', truncated, '--format', 'tfjs']);
    expect(r3.stderr).toMatch(/truncated or corrupt/);
    expect(isCleanError(r3)).toBe(true);
  });

  it('bench infer on a run that was never fused', async () => {
    const unfused = copyRun('run-unfused');
    rmSync(join(unfused, 'deploy'), { recursive: true, force: true });
    const r = await runCli(['bench', 'infer', unfused]);
    expect(r.stderr).toMatch(/no deployed model in .*deploy .*run `reparam fuse .*` first/);
    expect(isCleanError(r)).toBe(true);
  });

  it('an unknown format or form is a usage error (exit 2) listing the choices; an unknown variant a runtime one', async () => {
    for (const [args, message] of [
      [['export', run, '--format', 'pb'], /option '--format <format>' argument 'pb' is invalid\. Allowed choices are tfjs, onnx\./],
      [['export', run, '--format', 'onnx', '--form', 'weird'], /option '--form <form>' argument 'weird' is invalid\. Allowed choices are fused, multi-branch\./],
    ] as const) {
      const r = await runCli([...args, '--json']);
      expect(r.stderr).toMatch(message);
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout).error.code).toBe('usage');
    }
    const r = await runCli(['bench', 'infer', '--variant', 'huge']);
    expect(r.stderr).toMatch(/unknown preset 'huge'/);
    expect(isCleanError(r)).toBe(true);
  });
});
