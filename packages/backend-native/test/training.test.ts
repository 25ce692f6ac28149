// A whole bench-net training step (the every-op form, narrow so the cpu reference stays quick) gives
// the same loss and weights on native as on cpu, and native training leaks no tensors.
import * as tf from '@tensorflow/tfjs';
import { register as registerBackbones } from '@reparam/backbones';
import { type AggregationMode, createContainer, makeVariable, onlineAggregation, presetGenome, Registry, Sgd, slotInfos, sumAggregation, TRAIN_DEFAULTS, Trainer } from '@reparam/core';
import { register as registerOps } from '@reparam/ops';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNativeAvailable } from '../src/index.js';

let registry: Registry;
beforeAll(() => {
  tf.env().set('PROD', true);
  const c = createContainer();
  registerOps(c);
  registerBackbones(c);
  registry = new Registry(c);
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

function benchNet(preset: string, width: number, aggregation: AggregationMode = sumAggregation) {
  const f = registry.get('backbone', 'bench-net');
  const shape = { inputShape: [28, 28, 1] as const, classes: 10, width };
  const genome = presetGenome(registry.get('preset', preset), slotInfos(f.slotDescriptors(shape), registry));
  return f.create({ ...shape, genome, seed: 3, ops: registry, aggregation });
}

const fakeData = { train: { size: 4 }, validation: { size: 0 } } as never;

describe.skipIf(!isNativeAvailable())('native training', () => {
  it.each([sumAggregation, onlineAggregation])('one bench-net step (every op, $id aggregation) matches cpu: loss and every updated weight', async (aggregation) => {
    const step = async (backend: string) => {
      await tf.setBackend(backend);
      const net = benchNet('full', 0.25, aggregation);
      const trainer = new Trainer(net, fakeData, { ...TRAIN_DEFAULTS, epochs: 1, batchSize: 4, lr: 0.05, seed: 0 });
      const x = tf.tensor4d(Float32Array.from({ length: 4 * 28 * 28 }, (_, i) => Math.sin(i * 0.37)), [4, 28, 28, 1]);
      const y = tf.tensor1d([3, 1, 4, 1], 'int32');
      const { loss } = trainer.trainStep(x, y, 0.05);
      const weights = trainer.stateParameters().map((p) => p.variable.dataSync().slice() as Float32Array);
      tf.dispose([x, y]);
      trainer.dispose();
      net.dispose();
      return { loss, weights };
    };
    const cpu = await step('cpu');
    const native = await step('native');
    expect(Math.abs(native.loss - cpu.loss) / Math.max(1, Math.abs(cpu.loss))).toBeLessThan(1e-4);
    let worst = 0;
    cpu.weights.forEach((w, i) => {
      for (let j = 0; j < w.length; j++) worst = Math.max(worst, Math.abs(native.weights[i][j] - w[j]) / Math.max(1, Math.abs(w[j])));
    });
    expect(worst).toBeLessThan(1e-4);
  });

  it.each([
    { preset: 'plain', aggregation: sumAggregation },
    { preset: 'full', aggregation: sumAggregation },
    { preset: 'full', aggregation: onlineAggregation },
  ])('bench-net inference ($preset, $aggregation.id aggregation: conv, BN, residual and ReLU as one kernel where possible) matches cpu, also under a gradient', async ({ preset, aggregation }) => {
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const net = benchNet(preset, 0.25, aggregation);
      // Non-trivial running statistics, so that the BN affine is not the identity.
      const warm = tf.tensor4d(Float32Array.from({ length: 8 * 28 * 28 }, (_, i) => Math.cos(i * 0.11)), [8, 28, 28, 1]);
      tf.dispose(net.forward(warm, true));
      const x = tf.tensor4d(Float32Array.from({ length: 2 * 28 * 28 }, (_, i) => Math.sin(i * 0.37)), [2, 28, 28, 1]);
      const before = tf.memory().numTensors;
      const logits = tf.tidy(() => net.forward(x, false).dataSync().slice() as Float32Array);
      expect(tf.memory().numTensors).toBe(before);
      const dx = tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(net.forward(a as tf.Tensor4D, false)))(x).dataSync().slice() as Float32Array);
      tf.dispose([warm, x]);
      net.dispose();
      return { logits, dx };
    };
    const cpu = await run('cpu');
    const native = await run('native');
    // Relative to the largest value: the every-op net's input gradient reaches ~1e6 through BNs of
    // near-constant branches (avg-pool of a smooth input), where one element's rounding is no measure.
    for (const k of ['logits', 'dx'] as const) {
      const scale = Math.max(1, ...cpu[k].map(Math.abs));
      let worst = 0;
      cpu[k].forEach((v, j) => (worst = Math.max(worst, Math.abs(native[k][j] - v) / scale)));
      expect(worst).toBeLessThan(1e-4);
    }
  });

  it('the fused SGD update equals the reference formula (momentum, Nesterov, selective weight decay)', async () => {
    const run = async (backend: string, nesterov: boolean) => {
      await tf.setBackend(backend);
      const w = makeVariable(() => tf.tensor1d([1, -2, 3]));
      const b = makeVariable(() => tf.tensor1d([0.5]));
      const sgd = new Sgd(
        [
          { name: 'w', variable: w, role: 'weight' },
          { name: 'b', variable: b, role: 'bias' },
        ],
        { momentum: 0.9, nesterov, weightDecay: 0.01 },
      );
      for (let i = 0; i < 3; i++) sgd.step({ [w.name]: tf.tensor1d([0.1, 0.2, -0.3]), [b.name]: tf.tensor1d([1]) }, 0.1);
      const out = [...w.dataSync(), ...b.dataSync()];
      sgd.dispose();
      tf.dispose([w, b]);
      return out;
    };
    for (const nesterov of [false, true]) {
      const cpu = await run('cpu', nesterov);
      const native = await run('native', nesterov);
      native.forEach((v, i) => expect(v).toBeCloseTo(cpu[i], 6));
    }
  });

  it('training steps leave tf.memory().numTensors unchanged', async () => {
    await tf.setBackend('native');
    const net = benchNet('dbb', 0.25);
    const trainer = new Trainer(net, fakeData, { ...TRAIN_DEFAULTS, epochs: 1, batchSize: 4, lr: 0.05, seed: 0 });
    const x = tf.randomNormal([4, 28, 28, 1]) as tf.Tensor4D;
    const y = tf.tensor1d([0, 1, 2, 3], 'int32');
    trainer.trainStep(x, y, 0.05);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) trainer.trainStep(x, y, 0.05);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, y]);
    trainer.dispose();
    net.dispose();
  });
});
