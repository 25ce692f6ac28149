// Every native kernel against tfjs's reference cpu backend on random shapes: relative error ≤ 1e-4.
import * as tf from '@tensorflow/tfjs';
import { applyEpilogue, BatchNorm, convEpilogue, convEpilogueAvailable, type Padding, padWithValue, Rng, weightedKernelSum } from '@reparam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNativeAvailable } from '../src/index.js';

const rng = new Rng(7);
const rand = (shape: number[], scale = 1) => tf.tensor(rng.normalArray(shape.reduce((a, b) => a * b, 1), 0, scale), shape);

/** Runs `f` on cpu and on native with the same inputs; returns both results as arrays. */
async function onBoth(f: () => tf.Tensor | tf.Tensor[]): Promise<{ cpu: Float32Array[]; native: Float32Array[] }> {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    return tf.tidy(() => {
      const out = f();
      return (Array.isArray(out) ? out : [out]).map((t) => t.dataSync().slice() as Float32Array);
    });
  };
  const cpu = await run('cpu');
  const native = await run('native');
  return { cpu, native };
}

function expectClose(r: { cpu: Float32Array[]; native: Float32Array[] }, rel = 1e-4): void {
  expect(r.native.length).toBe(r.cpu.length);
  r.cpu.forEach((want, i) => {
    const got = r.native[i];
    expect(got.length).toBe(want.length);
    let worst = 0;
    for (let j = 0; j < want.length; j++) worst = Math.max(worst, Math.abs(got[j] - want[j]) / Math.max(1, Math.abs(want[j])));
    expect(worst).toBeLessThanOrEqual(rel);
  });
}

describe.skipIf(!isNativeAvailable())('native kernels vs cpu', () => {
  beforeAll(() => {
    tf.env().set('PROD', true);
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  const convCases: { x: number[]; w: number[]; stride: number | [number, number]; pad: 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]] }[] = [
    { x: [1, 7, 9, 3], w: [3, 3, 3, 5], stride: 1, pad: 'same' },
    { x: [2, 8, 8, 4], w: [3, 3, 4, 6], stride: 2, pad: 'same' },
    { x: [3, 9, 7, 2], w: [1, 1, 2, 4], stride: 2, pad: 'valid' },
    { x: [2, 6, 7, 4], w: [1, 3, 4, 4], stride: 1, pad: [[0, 0], [0, 0], [1, 1], [0, 0]] },
    { x: [2, 10, 9, 3], w: [5, 5, 3, 2], stride: [2, 1], pad: [[0, 0], [2, 1], [0, 2], [0, 0]] },
    { x: [1, 5, 5, 8], w: [3, 1, 8, 8], stride: 1, pad: 1 },
  ];
  for (const c of convCases) {
    it(`conv2d forward and both gradients: x ${c.x}, w ${c.w}, stride ${c.stride}, pad ${JSON.stringify(c.pad)}`, async () => {
      const x = rand(c.x) as tf.Tensor4D;
      const w = rand(c.w, 0.5) as tf.Tensor4D;
      const r = await onBoth(() => {
        const y = tf.conv2d(x, w, c.stride, c.pad);
        const dy = tf.onesLike(y);
        const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad), tf.cos(dy))))([x, w]);
        return [y, dx, dw];
      });
      expectClose(r);
    });
  }

  it('fused conv2d (what tfjs-layers Conv2D runs): bias, ReLU, linear, and a PReLU that falls back to cpu', async () => {
    const x = rand([2, 7, 6, 3]) as tf.Tensor4D;
    const w = rand([3, 3, 3, 4], 0.5) as tf.Tensor4D;
    const b = rand([4]) as tf.Tensor1D;
    const r = await onBoth(() => [
      tf.fused.conv2d({ x, filter: w, strides: 2, pad: 'valid', bias: b, activation: 'relu' }),
      tf.fused.conv2d({ x, filter: w, strides: 1, pad: [[0, 0], [1, 1], [1, 1], [0, 0]], bias: b }),
      tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'same', activation: 'relu' }),
      tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'valid', bias: b, activation: 'prelu', preluActivationWeights: tf.scalar(0.2) }),
    ]);
    expectClose(r);
  });

  const epilogueCases: { x: number[]; w: number[]; stride: number; pad: Padding; affine: boolean; residual: boolean; relu: boolean }[] = [
    { x: [2, 8, 8, 4], w: [3, 3, 4, 6], stride: 1, pad: [1, 1, 1, 1], affine: true, residual: false, relu: true },
    { x: [2, 8, 8, 6], w: [3, 3, 6, 6], stride: 1, pad: [1, 1, 1, 1], affine: true, residual: true, relu: true },
    { x: [2, 9, 8, 4], w: [3, 3, 4, 5], stride: 2, pad: [1, 1, 1, 1], affine: true, residual: false, relu: false },
    { x: [3, 8, 8, 4], w: [1, 1, 4, 8], stride: 2, pad: [0, 0, 0, 0], affine: true, residual: true, relu: false },
    { x: [1, 7, 9, 3], w: [1, 3, 3, 4], stride: 1, pad: [0, 0, 1, 1], affine: false, residual: true, relu: true },
    { x: [2, 10, 9, 3], w: [5, 5, 3, 2], stride: 1, pad: [2, 1, 0, 2], affine: false, residual: false, relu: true },
  ];
  for (const c of epilogueCases) {
    const parts = [c.affine && 'BN affine', c.residual && 'residual', c.relu && 'ReLU'].filter(Boolean).join(' + ') || 'nothing';
    it(`conv with its epilogue as one kernel (${parts}): x ${c.x}, w ${c.w}, stride ${c.stride}, pad ${c.pad} equals the separate ops on cpu`, async () => {
      const x = rand(c.x) as tf.Tensor4D;
      const w = rand(c.w, 0.5) as tf.Tensor4D;
      const cout = c.w[3];
      const affine = c.affine ? { scale: rand([cout]) as tf.Tensor1D, shift: rand([cout]) as tf.Tensor1D } : undefined;
      const probe = tf.conv2d(x, w, c.stride, [[0, 0], [c.pad[0], c.pad[1]], [c.pad[2], c.pad[3]], [0, 0]]);
      const epilogue = { residual: c.residual ? (rand(probe.shape) as tf.Tensor4D) : undefined, relu: c.relu };
      const separate = () => {
        const y = tf.conv2d(x, w, c.stride, [[0, 0], [c.pad[0], c.pad[1]], [c.pad[2], c.pad[3]], [0, 0]]);
        return applyEpilogue(affine ? (tf.add(tf.mul(y, affine.scale), affine.shift) as tf.Tensor4D) : y, epilogue);
      };
      await tf.setBackend('native');
      expect(convEpilogueAvailable()).toBe(true);
      const before = tf.memory().numTensors;
      tf.dispose(convEpilogue(x, w, c.stride, c.pad, affine, epilogue));
      expect(tf.memory().numTensors).toBe(before);
      // cpu has no such kernel: convEpilogue says so and the separate ops are the reference.
      const r = await onBoth(() => convEpilogue(x, w, c.stride, c.pad, affine, epilogue) ?? separate());
      expectClose(r);
      tf.dispose([x, w, probe, affine?.scale, affine?.shift, epilogue.residual].filter((t) => t !== undefined));
    });
  }

  it('conv with its epilogue takes the separate ops while a gradient is recorded (the kernel has none)', async () => {
    await tf.setBackend('native');
    const x = rand([1, 5, 5, 2]) as tf.Tensor4D;
    const w = rand([3, 3, 2, 2], 0.5) as tf.Tensor4D;
    const dx = tf.grad((a: tf.Tensor) => {
      expect(convEpilogueAvailable()).toBe(false);
      expect(convEpilogue(a as tf.Tensor4D, w, 1, [1, 1, 1, 1], undefined, { relu: true })).toBeUndefined();
      return tf.sum(tf.relu(tf.conv2d(a as tf.Tensor4D, w, 1, 'same')));
    })(x);
    expect(dx.shape).toEqual([1, 5, 5, 2]);
    tf.dispose([x, w, dx]);
  });

  const binaryShapes: [number[], number[]][] = [
    [[2, 5, 7, 3], [2, 5, 7, 3]],
    [[2, 5, 7, 3], []],
    [[], [4, 3]],
    [[2, 5, 7, 3], [3]],
    [[3], [2, 5, 7, 3]],
    [[2, 5, 7, 3], [2, 1, 1, 3]],
    [[2, 1, 7, 1], [2, 5, 1, 3]],
    [[1, 2, 3, 2, 2], [2]],
  ];
  for (const [a, b] of binaryShapes) {
    it(`add/sub/mul/div/squaredDifference/maximum/minimum with shapes ${JSON.stringify(a)} and ${JSON.stringify(b)}`, async () => {
      const x = rand(a);
      const y = tf.add(tf.abs(rand(b)), 0.5);
      const r = await onBoth(() => [tf.add(x, y), tf.sub(x, y), tf.mul(x, y), tf.div(x, y), tf.squaredDifference(x, y), tf.maximum(x, y), tf.minimum(x, y)]);
      expectClose(r);
    });
  }

  it('unary ops and relu with its gradient', async () => {
    const x = rand([2, 6, 5, 4]);
    const pos = tf.add(tf.abs(x), 0.1);
    const r = await onBoth(() => [
      tf.relu(x),
      tf.step(x, 0.3),
      tf.neg(x),
      tf.square(x),
      tf.exp(x),
      tf.sqrt(pos),
      tf.rsqrt(pos),
      tf.abs(x),
      tf.log(pos),
      tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.relu(a), tf.sin(a))))(x),
    ]);
    expectClose(r);
  });

  for (const [axis, keepDims] of [
    [[0, 1, 2], false],
    [[1, 2], false],
    [[3], true],
    [[0], false],
    [[1, 3], false],
    [[2, 3], true],
  ] as [number[], boolean][]) {
    it(`sum/mean/max over axes ${axis}${keepDims ? ' (keepDims)' : ''}`, async () => {
      const x = rand([3, 5, 4, 6]);
      const r = await onBoth(() => [tf.sum(x, axis, keepDims), tf.mean(x, axis, keepDims), tf.max(x, axis, keepDims)]);
      expectClose(r);
    });
  }

  it('addN, pad, slice, tile, split and concat (grouped convolutions, pad-aware BN, online kernels)', async () => {
    const x = rand([2, 5, 6, 4]);
    const r = await onBoth(() => {
      const parts = tf.split(x, 2, 3);
      return [
        tf.addN([x, tf.mul(x, 2), tf.sin(x)]),
        tf.pad(x, [[0, 0], [1, 2], [2, 1], [0, 0]], 0.5),
        tf.slice(x, [1, 1, 0, 1], [1, 3, 4, 2]),
        ...parts,
        tf.concat(parts.reverse(), 3),
        tf.tile(x, [1, 2, 1, 3]),
        tf.tile(tf.reshape(x, [2, 30, 4]), [3, 1, 1]),
        tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.tile(a, [3, 1, 1, 2]), 0.5)))(x),
        tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.pad(a, [[0, 0], [1, 1], [1, 1], [0, 0]]), 3)))(x),
      ];
    });
    expectClose(r);
  });

  // tfjs differentiates BatchMatMul only without broadcasting, so broadcast cases check the forward pass.
  const matMulCases: { a: number[]; b: number[]; ta: boolean; tb: boolean; grads: boolean }[] = [
    { a: [5, 7], b: [7, 3], ta: false, tb: false, grads: true }, // the dense head
    { a: [7, 5], b: [3, 7], ta: true, tb: true, grads: true },
    { a: [9, 4, 6], b: [9, 6, 5], ta: false, tb: false, grads: true }, // a 1×1 kernel times every tap of the next one
    { a: [2, 3, 4, 6], b: [2, 3, 5, 6], ta: false, tb: true, grads: true },
    { a: [1, 4, 6], b: [9, 6, 5], ta: false, tb: false, grads: false },
    { a: [4, 6], b: [9, 6, 5], ta: false, tb: false, grads: false }, // ranks differ: a broadcasts
    { a: [3, 6, 4], b: [1, 6, 5], ta: true, tb: false, grads: false }, // b broadcasts
  ];
  for (const c of matMulCases) {
    it(`batched matMul${c.grads ? ' and both gradients' : ''}: a ${c.a}${c.ta ? 'ᵀ' : ''} · b ${c.b}${c.tb ? 'ᵀ' : ''}`, async () => {
      const a = rand(c.a);
      const b = rand(c.b);
      const r = await onBoth(() => {
        const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, c.ta, c.tb);
        const y = f(a, b);
        if (!c.grads) return [y];
        const [da, db] = tf.grads((x: tf.Tensor, z: tf.Tensor) => tf.sum(tf.mul(f(x, z), tf.cos(y))))([a, b]);
        return [y, da, db];
      });
      expectClose(r);
    });
  }

  it('the weighted kernel sum of online slots (one fused kernel, kernels centred) and its gradients equal tfjs ops on cpu', async () => {
    // 5×5, 1×1, 1×3, 3×1 and 3×3 kernels, centred in 5×5.
    const ks = [rand([5, 5, 4, 6]), rand([1, 1, 4, 6]), rand([1, 3, 4, 6]), rand([3, 1, 4, 6]), rand([3, 3, 4, 6])] as tf.Tensor4D[];
    const ss = ks.map(() => rand([6])) as tf.Tensor1D[];
    const r = await onBoth(() => {
      const y = weightedKernelSum(ks, ss, 5);
      const f = (...xs: tf.Tensor[]) => tf.sum(tf.mul(weightedKernelSum(xs.slice(0, 5) as tf.Tensor4D[], xs.slice(5) as tf.Tensor1D[], 5), tf.cos(y)));
      return [y, weightedKernelSum(ks.slice(1, 2), ss.slice(1, 2), 3), ...tf.grads(f)([...ks, ...ss])];
    });
    expect(r.native).toHaveLength(2 + 10);
    expectClose(r);
  });

  it('average pooling (valid windows) and its gradient', async () => {
    const x = rand([2, 9, 8, 3]);
    const r = await onBoth(() => [
      tf.avgPool(x as tf.Tensor4D, 3, 2, 'valid'),
      tf.avgPool(x as tf.Tensor4D, 3, 1, 'valid'),
      tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.avgPool(a as tf.Tensor4D, 3, 2, 'valid'), 2)))(x),
    ]);
    expectClose(r);
  });

  it('fused batch norm: output, running statistics and gradients, also through the pad value', async () => {
    const x = tf.add(rand([4, 6, 5, 3], 2), 3) as tf.Tensor4D;
    const r = await onBoth(() => {
      const bn = new BatchNorm(3, 'bn');
      bn.gamma.assign(tf.tensor1d([0.5, 1.5, -1]));
      bn.beta.assign(tf.tensor1d([0.1, -0.2, 0.3]));
      const { value, grads } = tf.variableGrads(() => {
        const { y, zeroValue } = bn.forwardWithZeroValue(x, true);
        return tf.sum(tf.mul(padWithValue(y, [1, 1, 1, 1], zeroValue), tf.cos(tf.reshape(tf.range(0, 4 * 8 * 7 * 3), [4, 8, 7, 3])))) as tf.Scalar;
      }, [bn.gamma, bn.beta]);
      const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.square(bn.forward(a as tf.Tensor4D, true))))(x);
      const out = [value, grads[bn.gamma.name], grads[bn.beta.name], dx, bn.runningMean.clone(), bn.runningVar.clone()];
      bn.dispose();
      return out;
    });
    expectClose(r, 2e-4);
  });

  it('batch norm in inference mode (one-pass per-channel affine) and its gradients, also through the pad value', async () => {
    const x = tf.add(rand([3, 5, 6, 4], 2), 1) as tf.Tensor4D;
    const r = await onBoth(() => {
      const bn = new BatchNorm(4, 'bn');
      bn.gamma.assign(tf.tensor1d([0.5, 1.5, -1, 2]));
      bn.beta.assign(tf.tensor1d([0.1, -0.2, 0.3, 0]));
      bn.runningMean.assign(tf.tensor1d([1, -0.5, 0.25, 2]));
      bn.runningVar.assign(tf.tensor1d([0.5, 2, 1, 4]));
      const { value, grads } = tf.variableGrads(() => {
        const { y, zeroValue } = bn.forwardWithZeroValue(x, false);
        return tf.sum(tf.mul(padWithValue(y, [1, 1, 1, 1], zeroValue), tf.sin(tf.reshape(tf.range(0, 3 * 7 * 8 * 4), [3, 7, 8, 4])))) as tf.Scalar;
      }, [bn.gamma, bn.beta]);
      const dx = tf.grad((a: tf.Tensor) => tf.sum(tf.square(bn.forward(a as tf.Tensor4D, false))))(x);
      const out = [bn.forward(x, false), value, grads[bn.gamma.name], grads[bn.beta.name], dx];
      bn.dispose();
      return out;
    });
    expectClose(r);
  });
});
