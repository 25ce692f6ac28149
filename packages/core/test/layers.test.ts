import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { avgPoolZeroPadded, BatchNorm, groupedConv2d, padWithValue, Rng } from '../src/index.js';
import { expectTensor, onCpuBackend } from './helpers.js';

onCpuBackend();

describe('avgPoolZeroPadded', () => {
  it('counts the zero padding in the mean (a corner of all-ones averages to 4/9)', () => {
    const y = avgPoolZeroPadded(tf.ones([1, 3, 3, 1]) as tf.Tensor4D, 3, 1);
    const b = y.bufferSync();
    expect(b.get(0, 0, 0, 0)).toBeCloseTo(4 / 9, 6);
    expect(b.get(0, 1, 1, 0)).toBeCloseTo(1, 6);
  });
});

describe('padWithValue', () => {
  it('pads each channel with its own value and leaves the inside alone', () => {
    const x = tf.tensor4d([1, 2], [1, 1, 1, 2]);
    const y = padWithValue(x, [1, 0, 0, 1], tf.tensor1d([7, 9]));
    expect(y.shape).toEqual([1, 2, 2, 2]);
    expectTensor(y, [
      [
        [
          [7, 9],
          [7, 9],
        ],
        [
          [1, 2],
          [7, 9],
        ],
      ],
    ]);
  });
});

describe('groupedConv2d', () => {
  it('equals a dense conv with a block-diagonal kernel', () => {
    const rng = new Rng(1);
    const x = tf.tensor4d(rng.normalArray(2 * 5 * 5 * 4), [2, 5, 5, 4]);
    const k = tf.tensor4d(rng.normalArray(3 * 3 * 2 * 6), [3, 3, 2, 6]);
    const grouped = groupedConv2d(x, k, 1, [1, 1, 1, 1], 2);
    // Dense kernel by hand: zero the cross-group blocks.
    const kb = k.bufferSync();
    const dense = tf.buffer([3, 3, 4, 6]);
    for (let a = 0; a < 3; a++)
      for (let b = 0; b < 3; b++)
        for (let i = 0; i < 2; i++)
          for (let o = 0; o < 6; o++) dense.set(kb.get(a, b, i, o), a, b, i + (o < 3 ? 0 : 2), o);
    const ref = tf.conv2d(x, dense.toTensor() as tf.Tensor4D, 1, [
      [0, 0],
      [1, 1],
      [1, 1],
      [0, 0],
    ]);
    expect(tf.max(tf.abs(tf.sub(grouped, ref))).dataSync()[0]).toBeLessThan(1e-5);
  });
});

describe('BatchNorm', () => {
  it('normalises with batch statistics in training and updates running ones (unbiased variance)', () => {
    const bn = new BatchNorm(1, 'bn');
    const x = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
    const y = bn.forward(x, true);
    const v = y.dataSync();
    expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 5);
    expect(bn.runningMean.dataSync()[0]).toBeCloseTo(0.25, 6); // 0.9·0 + 0.1·2.5
    expect(bn.runningVar.dataSync()[0]).toBeCloseTo(0.9 + 0.1 * (5 / 3), 6); // unbiased var of 1..4 = 5/3
    bn.dispose();
  });
  it('uses running statistics in eval mode and reports BN(0)', () => {
    const bn = new BatchNorm(1, 'bn');
    bn.runningMean.assign(tf.tensor1d([1]));
    bn.runningVar.assign(tf.tensor1d([4 - 1e-5]));
    bn.gamma.assign(tf.tensor1d([2]));
    bn.beta.assign(tf.tensor1d([3]));
    const { y, zeroValue } = bn.forwardWithZeroValue(tf.tensor4d([5], [1, 1, 1, 1]), false);
    expect(y.dataSync()[0]).toBeCloseTo(3 + ((5 - 1) * 2) / 2, 5);
    expect(zeroValue.dataSync()[0]).toBeCloseTo(3 - 1, 5);
    expect(bn.parameters().map((p) => p.role)).toEqual(['bn-gamma', 'bn-beta', 'bn-mean', 'bn-var']);
    bn.dispose();
  });
});

describe('Rng', () => {
  it('is reproducible from a seed and resumable from its state', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    expect([a.uniform(), a.normal(), a.int(10)]).toEqual([b.uniform(), b.normal(), b.int(10)]);
    const s = a.state();
    const next = a.nextUint32();
    const c = new Rng(0);
    c.restore(s);
    expect(c.nextUint32()).toBe(next);
    expect(new Rng(1).uniform()).not.toBe(new Rng(2).uniform());
  });
});
