import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BatchNorm,
  cosineSchedule,
  crossEntropy,
  evaluate,
  loadCheckpoint,
  makeVariable,
  recalibrateBatchNorms,
  ReparamError,
  RunDirectory,
  saveCheckpoint,
  Sgd,
  TRAIN_DEFAULTS,
  Trainer,
  type EpochRecord,
  type Parameter,
} from '../src/index.js';
import { onCpuBackend } from './helpers.js';
import { syntheticDataset } from './syntheticDataset.js';
import { tinyBackbone } from './tinyBackbone.js';

onCpuBackend();
const tmp = mkdtempSync(join(tmpdir(), 'reparam-train-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const config = { ...TRAIN_DEFAULTS, epochs: 2, batchSize: 16, lr: 0.05, seed: 3, augment: false };

describe('Sgd', () => {
  it('matches hand-computed momentum + weight-decay updates, and skips decay on BN parameters', () => {
    const w = makeVariable(() => tf.scalar(1));
    const gamma = makeVariable(() => tf.scalar(1));
    const params: Parameter[] = [
      { name: 'w', variable: w, role: 'weight' },
      { name: 'g', variable: gamma, role: 'bn-gamma' },
    ];
    const sgd = new Sgd(params, { momentum: 0.9, nesterov: false, weightDecay: 0.1 });
    const grads = () => ({ [w.name]: tf.scalar(0.5), [gamma.name]: tf.scalar(0.5) });
    sgd.step(grads(), 0.1);
    expect(w.dataSync()[0]).toBeCloseTo(0.94, 6); // g = 0.5 + 0.1·1; v = 0.6; w = 1 − 0.06
    expect(gamma.dataSync()[0]).toBeCloseTo(0.95, 6); // no decay: 1 − 0.1·0.5
    sgd.step(grads(), 0.1);
    expect(w.dataSync()[0]).toBeCloseTo(0.8266, 5); // g = 0.594; v = 0.9·0.6 + 0.594 = 1.134
    const n = new Sgd([{ name: 'w', variable: makeVariable(() => tf.scalar(1)), role: 'bias' }], { momentum: 0.9, nesterov: true, weightDecay: 0.1 });
    const v = n.stateParameters()[0];
    expect(v.name).toBe('optimizer/w');
    n.step({ [n.variables[0].name]: tf.scalar(1) }, 0.1);
    expect(n.variables[0].dataSync()[0]).toBeCloseTo(1 - 0.1 * (1 + 0.9 * 1), 6); // Nesterov: g + m·v
  });
});

describe('schedule and loss', () => {
  it('cosine with linear warm-up', () => {
    expect(cosineSchedule(0.1, 0, 100, 10)).toBeCloseTo(0.01, 9);
    expect(cosineSchedule(0.1, 9, 100, 10)).toBeCloseTo(0.1, 9);
    expect(cosineSchedule(0.1, 10, 100, 10)).toBeCloseTo(0.1, 9);
    expect(cosineSchedule(0.1, 55, 100, 10)).toBeCloseTo(0.05, 9);
    expect(cosineSchedule(0.1, 100, 100, 0)).toBeCloseTo(0, 9);
  });
  it('cross-entropy: two equal logits cost ln 2; label smoothing raises a confident loss', () => {
    const labels = tf.tensor1d([0], 'int32');
    expect(crossEntropy(tf.tensor2d([[0, 0]]), labels).dataSync()[0]).toBeCloseTo(Math.LN2, 6);
    const sure = tf.tensor2d([[10, -10]]);
    expect(crossEntropy(sure, labels, 0.1).dataSync()[0]).toBeGreaterThan(crossEntropy(sure, labels).dataSync()[0] + 0.5);
  });
});

describe('BN recalibration', () => {
  it('replaces running statistics with the average over the recalibration batches', async () => {
    const bn = new BatchNorm(1, 'bn');
    bn.forward(tf.fill([1, 2, 2, 1], 100) as tf.Tensor4D, true);
    const other = new BatchNorm(1, 'other');
    await recalibrateBatchNorms(bn, () => {
      bn.forward(tf.tensor4d([1, 1, 3, 3], [1, 2, 2, 1]), true);
      bn.forward(tf.tensor4d([5, 5, 7, 7], [1, 2, 2, 1]), true);
      // A BN of another network keeps its momentum update: 0.9·0 + 0.1·4.
      other.forward(tf.fill([1, 2, 2, 1], 4) as tf.Tensor4D, true);
    });
    expect(other.runningMean.dataSync()[0]).toBeCloseTo(0.4, 5);
    other.dispose();
    expect(bn.runningMean.dataSync()[0]).toBeCloseTo(4, 5); // (2 + 6) / 2
    expect(bn.runningVar.dataSync()[0]).toBeCloseTo(4 / 3, 5); // unbiased variance 4/3 both times
    bn.forward(tf.fill([1, 2, 2, 1], 0) as tf.Tensor4D, true);
    expect(bn.runningMean.dataSync()[0]).toBeCloseTo(3.6, 5); // back to momentum 0.1 afterwards
    bn.dispose();
  });
});

describe('Trainer', () => {
  it('learns the synthetic task', async () => {
    const net = tinyBackbone(1);
    const trainer = new Trainer(net, syntheticDataset(), { ...config, epochs: 6, lr: 0.1 });
    const out = await trainer.run();
    expect(out.history).toHaveLength(6);
    expect(out.history.at(-1)!.valAccuracy).toBeGreaterThan(0.6);
    trainer.dispose();
    net.dispose();
  });

  it('same seed, same backend → the same numbers to the last digit', async () => {
    const once = async () => {
      const net = tinyBackbone(7);
      const trainer = new Trainer(net, syntheticDataset(), config);
      const out = await trainer.run();
      const test = evaluate(net, syntheticDataset().test);
      trainer.dispose();
      net.dispose();
      return { history: out.history.map(({ seconds, imgPerSec, dataSeconds, ...r }) => r), test };
    };
    expect(await once()).toEqual(await once());
  });

  it('keeps tf.memory().numTensors constant across epochs', async () => {
    const net = tinyBackbone(2);
    const trainer = new Trainer(net, syntheticDataset(), { ...config, epochs: 3 });
    const counts: number[] = [];
    await trainer.run({ onEpochEnd: () => void counts.push(tf.memory().numTensors) });
    expect(new Set(counts).size).toBe(1);
    trainer.dispose();
    net.dispose();
  });

  it('stops a diverging run with a result instead of a crash', async () => {
    const net = tinyBackbone(3);
    const trainer = new Trainer(net, syntheticDataset(), { ...config, lr: 1e12, weightDecay: 0 });
    const events: string[] = [];
    const out = await trainer.run({ onEvent: (e) => events.push(e.type) });
    expect(out.diverged).toBeDefined();
    expect(Number.isFinite(out.diverged!.loss)).toBe(false);
    expect(events).toContain('diverged');
    trainer.dispose();
    net.dispose();
  });

  it('resumes from a checkpoint to exactly the weights of an uninterrupted run', async () => {
    const weights = (t: Trainer) => t.stateParameters().map((p) => Array.from(p.variable.dataSync()));
    const straight = new Trainer(tinyBackbone(5), syntheticDataset(), config);
    await straight.run();
    // Same run, checkpointed after epoch 1; then a trainer with other weights resumes from it.
    const dir = RunDirectory.open(join(tmp, 'resume')).path;
    const cut = new Trainer(tinyBackbone(5), syntheticDataset(), config);
    await cut.run({
      onEpochEnd: (epoch, history) => {
        if (epoch === 1) saveCheckpoint(dir, cut.stateParameters(), { epoch, history });
      },
    });
    const resumed = new Trainer(tinyBackbone(42), syntheticDataset(), config);
    const meta = loadCheckpoint(dir, resumed.stateParameters()) as { epoch: number; history: EpochRecord[] };
    expect(meta.epoch).toBe(1);
    const out = await resumed.run({}, meta.epoch, meta.history);
    expect(out.history.map((r) => r.epoch)).toEqual([1, 2]);
    expect(weights(resumed)).toEqual(weights(straight));
    for (const t of [straight, cut, resumed]) {
      t.dispose();
      t.net.dispose();
    }
  });
});

describe('checkpoints and run directories', () => {
  const params = (): Parameter[] => [
    { name: 'a', variable: makeVariable(() => tf.tensor1d([1, 2, 3])), role: 'weight' },
    { name: 'b', variable: makeVariable(() => tf.tensor2d([[4, 5]])), role: 'bias' },
  ];
  const fresh = (name: string) => {
    const dir = join(tmp, name);
    const p = params();
    saveCheckpoint(RunDirectory.open(dir).path, p, { epoch: 4 });
    return { dir, p };
  };

  it('round-trips tensors and meta, keeping one weights file', () => {
    const { dir, p } = fresh('roundtrip');
    saveCheckpoint(dir, p, { epoch: 5 });
    expect(readdirSync(dir).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    const q = params();
    q[0].variable.assign(tf.zeros([3]));
    expect(loadCheckpoint(dir, q)).toEqual({ epoch: 5 });
    expect(Array.from(q[0].variable.dataSync())).toEqual([1, 2, 3]);
  });

  it('reports corrupt checkpoints clearly and changes nothing', () => {
    const expectError = (dir: string, pattern: RegExp) => {
      const q = params();
      q[0].variable.assign(tf.tensor1d([7, 7, 7]));
      expect(() => loadCheckpoint(dir, q)).toThrow(ReparamError);
      expect(() => loadCheckpoint(dir, q)).toThrow(pattern);
      expect(Array.from(q[0].variable.dataSync())).toEqual([7, 7, 7]);
    };
    const a = fresh('bad-json');
    writeFileSync(join(a.dir, 'checkpoint.json'), '{"format": "reparam-chec');
    expectError(a.dir, /unreadable: not valid JSON/);
    const b = fresh('truncated');
    const bin = readdirSync(b.dir).find((f) => f.endsWith('.bin'))!;
    writeFileSync(join(b.dir, bin), readFileSync(join(b.dir, bin)).subarray(0, 10));
    expectError(b.dir, /truncated or corrupt \(10 of 20 bytes\)/);
    const c = fresh('other-net');
    expect(() => loadCheckpoint(c.dir, [{ name: 'zzz', variable: makeVariable(() => tf.zeros([1])), role: 'weight' }])).toThrow(
      /lacks tensor 'zzz'/,
    );
    expect(() => loadCheckpoint(c.dir, [{ name: 'a', variable: makeVariable(() => tf.zeros([4])), role: 'weight' }])).toThrow(
      /has shape \[3\] but the network expects \[4\]/,
    );
    const d = fresh('not-ours');
    writeFileSync(join(d.dir, 'checkpoint.json'), '{"hello": 1}');
    expectError(d.dir, /is not a reparam checkpoint/);
    expect(() => loadCheckpoint(join(tmp, 'nowhere'), params())).toThrow(/no checkpoint to resume from/);
  });

  it('refuses to reuse a directory that holds a run unless resuming', () => {
    const dir = join(tmp, 'run');
    const run = RunDirectory.open(dir);
    run.writeJson('config.json', { a: 1 });
    run.close();
    expect(() => RunDirectory.open(dir)).toThrow(/already holds a run; resume it/);
    expect(() => RunDirectory.open(dir, { resume: true })).toThrow(/no checkpoint/);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual({ a: 1 });
  });
});
