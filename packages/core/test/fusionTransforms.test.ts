// Hand-computed cases, one per fusion transform: tiny kernels whose fused result is checked by hand.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  addFusedConvs,
  applyFusedConv,
  avgPoolKernel,
  blockDiagonal,
  composeSequentialConvs,
  composeSequentialKernels,
  fuseConvBn,
  identityKernel,
  padKernel,
  scaleFusedConv,
} from '../src/index.js';
import { expectTensor, onCpuBackend } from './helpers.js';

onCpuBackend();

const t1 = (v: number[]) => tf.tensor1d(v);
const k4 = (v: number[][][][]) => tf.tensor4d(v);

describe('fuseConvBn', () => {
  it('scales the kernel by γ/σ and moves mean and β into the bias', () => {
    // σ = sqrt(var + eps) with var + eps = 4 exactly, so γ/σ = 3/2.
    const bn = { gamma: t1([3]), beta: t1([1]), mean: t1([0.5]), variance: t1([4 - 1e-3]), eps: 1e-3 };
    const f = fuseConvBn(k4([[[[2]]]]), bn);
    expectTensor(f.kernel, [[[[3]]]]); // 2 · 3/2
    expectTensor(f.bias, [0.25]); // 1 − 0.5 · 3/2
  });

  it('folds an existing conv bias too', () => {
    const bn = { gamma: t1([1, 2]), beta: t1([0, 1]), mean: t1([1, 1]), variance: t1([1 - 1e-5, 4 - 1e-5]), eps: 1e-5 };
    const f = fuseConvBn(k4([[[[1, 1]]]]), bn, t1([3, 5]));
    expectTensor(f.kernel, [[[[1, 1]]]]); // γ/σ = 1 and 2/2
    expectTensor(f.bias, [2, 5]); // 0 + (3 − 1)·1, 1 + (5 − 1)·1
  });
});

describe('padKernel', () => {
  it('centres a 1×1 kernel in 3×3', () => {
    expectTensor(padKernel(k4([[[[7]]]]), 3, 3), [
      [[[0]], [[0]], [[0]]],
      [[[0]], [[7]], [[0]]],
      [[[0]], [[0]], [[0]]],
    ]);
  });
  it('centres a 1×3 kernel on the middle row', () => {
    expectTensor(padKernel(k4([[[[1]], [[2]], [[3]]]]), 3, 3), [
      [[[0]], [[0]], [[0]]],
      [[[1]], [[2]], [[3]]],
      [[[0]], [[0]], [[0]]],
    ]);
  });
  it('refuses a size that cannot be centred', () => {
    expect(() => padKernel(k4([[[[1]], [[2]]]]), 3, 3)).toThrow(/cannot centre/);
  });
});

describe('identityKernel and avgPoolKernel', () => {
  it('puts 1 at the centre on each channel’s own input', () => {
    const k = identityKernel(3, 2);
    expect(k.shape).toEqual([3, 3, 2, 2]);
    const b = k.bufferSync();
    expect(b.get(1, 1, 0, 0)).toBe(1);
    expect(b.get(1, 1, 1, 1)).toBe(1);
    expect(b.get(1, 1, 0, 1)).toBe(0);
    expect(b.get(0, 0, 0, 0)).toBe(0);
    expect(tf.sum(k).dataSync()[0]).toBe(2);
  });
  it('uses the in-group input index with groups', () => {
    // 4 channels, 2 groups: output o reads in-group input o mod 2.
    const b = identityKernel(1, 4, 2).bufferSync();
    expect(b.shape).toEqual([1, 1, 2, 4]);
    expect([b.get(0, 0, 0, 0), b.get(0, 0, 1, 1), b.get(0, 0, 0, 2), b.get(0, 0, 1, 3)]).toEqual([1, 1, 1, 1]);
    expect([b.get(0, 0, 1, 0), b.get(0, 0, 0, 1)]).toEqual([0, 0]);
  });
  it('average pooling is 1/k² on the channel’s own input', () => {
    const k = avgPoolKernel(3, 1);
    expectTensor(k, [
      [[[1 / 9]], [[1 / 9]], [[1 / 9]]],
      [[[1 / 9]], [[1 / 9]], [[1 / 9]]],
      [[[1 / 9]], [[1 / 9]], [[1 / 9]]],
    ]);
  });
});

describe('addFusedConvs and scaleFusedConv', () => {
  it('sums parallel branches', () => {
    const f = addFusedConvs([
      { kernel: k4([[[[1, 2]]]]), bias: t1([1, 0]) },
      { kernel: k4([[[[10, 20]]]]), bias: t1([0, 5]) },
    ]);
    expectTensor(f.kernel, [[[[11, 22]]]]);
    expectTensor(f.bias, [1, 5]);
  });
  it('scales per output channel', () => {
    const f = scaleFusedConv({ kernel: k4([[[[1, 2]]]]), bias: t1([3, 4]) }, t1([2, 0.5]));
    expectTensor(f.kernel, [[[[2, 1]]]]);
    expectTensor(f.bias, [6, 2]);
  });
});

describe('composeSequentialConvs', () => {
  it('1×1 then k×k: kernel a·K2, bias b2 + b1·ΣK2', () => {
    const f = composeSequentialConvs(
      { kernel: k4([[[[2]]]]), bias: t1([1]) },
      {
        kernel: k4([
          [[[1]], [[2]]],
          [[[3]], [[4]]],
        ]),
        bias: t1([0.5]),
      },
    );
    expectTensor(f.kernel, [
      [[[2]], [[4]]],
      [[[6]], [[8]]],
    ]);
    expectTensor(f.bias, [10.5]); // 0.5 + 1·(1+2+3+4)
  });
  it('1×2 then 2×1 is their outer product (full correlation)', () => {
    const f = composeSequentialConvs(
      { kernel: k4([[[[2]], [[3]]]]), bias: t1([0]) }, // [p q] = [2 3]
      { kernel: k4([[[[5]]], [[[7]]]]), bias: t1([0]) }, // [r; s] = [5; 7]
    );
    expectTensor(f.kernel, [
      [[[10]], [[15]]],
      [[[14]], [[21]]],
    ]);
  });
  it('contracts the middle channels (1×1 matrices multiply)', () => {
    // first: cin 2 → cmid 2 with A = [[1, 2], [3, 4]] (rows = inputs); second: cmid 2 → cout 1, B = [5, 6].
    const f = composeSequentialConvs(
      { kernel: k4([[[[1, 2], [3, 4]]]]), bias: t1([1, -1]) },
      { kernel: k4([[[[5], [6]]]]), bias: t1([0]) },
    );
    expectTensor(f.kernel, [[[[17], [39]]]]); // A·B = [1·5+2·6, 3·5+4·6]
    expectTensor(f.bias, [-1]); // 1·5 − 1·6
  });
  it('keeps groups separate', () => {
    // 2 groups of one channel each: per group the 1×1 weights multiply.
    const f = composeSequentialConvs(
      { kernel: k4([[[[2, 3]]]]), bias: t1([1, 1]) },
      { kernel: k4([[[[5, 7]]]]), bias: t1([0, 0]) },
      2,
    );
    expectTensor(f.kernel, [[[[10, 21]]]]);
    expectTensor(f.bias, [5, 7]);
  });
});

describe('composeSequentialKernels', () => {
  it('1×1 then 2×1 with two middle channels: each tap contracted with the 1×1 matrix', () => {
    // K1[i][m] = [[1, 2], [3, 4]]; K2 taps (rows y) over m: y0 = [5, 6], y1 = [7, 8].
    const k = composeSequentialKernels(k4([[[[1, 2], [3, 4]]]]), k4([[[[5], [6]]], [[[7], [8]]]]));
    expectTensor(k, [
      [[[17], [39]]], // y0: i0 = 1·5 + 2·6, i1 = 3·5 + 4·6
      [[[23], [53]]], // y1: i0 = 1·7 + 2·8, i1 = 3·7 + 4·8
    ]);
  });
  it('per group, with biases: each group composes its own kernels and carries its own bias through', () => {
    // groups 2, one channel each. First: 1×1, kernels [2] and [3], biases [1, −1].
    // Second: 2×1, group 0 taps [5; 7], group 1 taps [6; 8], biases [0.5, 0.25].
    const f = composeSequentialConvs(
      { kernel: k4([[[[2, 3]]]]), bias: t1([1, -1]) },
      { kernel: k4([[[[5, 6]]], [[[7, 8]]]]), bias: t1([0.5, 0.25]) },
      2,
    );
    expectTensor(f.kernel, [
      [[[10, 18]]], // tap 0: 2·5, 3·6
      [[[14, 24]]], // tap 1: 2·7, 3·8
    ]);
    // b2 + b1·ΣK2 per group: 0.5 + 1·(5 + 7) = 12.5; 0.25 − 1·(6 + 8) = −13.75.
    expectTensor(f.bias, [12.5, -13.75]);
  });
});

describe('blockDiagonal', () => {
  it('expands a grouped kernel to dense with zero off-diagonal blocks', () => {
    expectTensor(blockDiagonal(k4([[[[2, 3]]]]), 2), [
      [
        [
          [2, 0],
          [0, 3],
        ],
      ],
    ]);
  });
});

describe('applyFusedConv', () => {
  it('pads symmetrically by k//2 (ones ⊛ ones: corners 4, edges 6, centre 9)', () => {
    const x = tf.ones([1, 3, 3, 1]) as tf.Tensor4D;
    const y = applyFusedConv(x, { kernel: tf.ones([3, 3, 1, 1]) as tf.Tensor4D, bias: t1([0]) }, 1);
    expectTensor(tf.reshape(y, [3, 3]), [
      [4, 6, 4],
      [6, 9, 6],
      [4, 6, 4],
    ]);
  });
  it('samples the same centres as a 1×1 conv with stride 2 on even sizes', () => {
    // With stride 2 on a 4×4 input, symmetric padding puts the outputs at rows/cols 0 and 2.
    const x = tf.tensor4d(Array.from({ length: 16 }, (_, i) => i), [1, 4, 4, 1]);
    const centre = padKernel(k4([[[[1]]]]), 3, 3);
    const y = applyFusedConv(x, { kernel: centre, bias: t1([0]) }, 2);
    expectTensor(tf.reshape(y, [2, 2]), [
      [0, 2],
      [8, 10],
    ]);
  });
});
