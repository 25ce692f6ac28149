import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ConvBn, leanVariableGrads, padWithValue, Rng, sumTensors } from '../src/index.js';
import { onCpuBackend } from './helpers.js';

onCpuBackend();

const randn = (rng: Rng, shape: number[]) => tf.tensor(rng.normalArray(shape.reduce((a, b) => a * b, 1)), shape);

/** The chain padWithValue replaced: tfjs's own ops and gradients. */
const padWithValueByChain = (x: tf.Tensor4D, p: [number, number, number, number], v: tf.Tensor1D) =>
  tf.add(tf.pad(tf.sub(x, v), [[0, 0], [p[0], p[1]], [p[2], p[3]], [0, 0]]), v) as tf.Tensor4D;

/** An identity op whose gradient records the live bytes at the moment the backward pass reaches it. */
function memoryProbe() {
  let seen = 0;
  const identity = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.clone(args[0] as tf.Tensor),
    gradFunc: (dy: tf.Tensor) => {
      seen = tf.memory().numBytes;
      return tf.clone(dy);
    },
  }));
  return { identity: (x: tf.Tensor) => identity(x), seen: () => seen };
}

describe('padWithValue gradient', () => {
  it('equals the gradient of pad(x − v) + v through tfjs ops, for x and for v', () => {
    const rng = new Rng(3);
    const x = randn(rng, [2, 3, 4, 3]) as tf.Tensor4D;
    const v = randn(rng, [3]) as tf.Tensor1D;
    const p: [number, number, number, number] = [1, 2, 0, 1];
    const dy = randn(rng, [2, 6, 5, 3]);
    const [gx, gv] = tf.grads((a: tf.Tensor, b: tf.Tensor) => padWithValue(a as tf.Tensor4D, p, b as tf.Tensor1D))([x, v], dy);
    const [wx, wv] = tf.grads((a: tf.Tensor, b: tf.Tensor) => padWithValueByChain(a as tf.Tensor4D, p, b as tf.Tensor1D))([x, v], dy);
    expect(Array.from(gx.dataSync())).toEqual(Array.from(wx.dataSync()));
    // ∂v: Σ dy − Σ interior (ours) against Σ dy + (−Σ interior) (tfjs's); the same sums, so equal to rounding.
    const got = gv.dataSync();
    const want = wv.dataSync();
    for (let i = 0; i < 3; i++) expect(got[i]).toBeCloseTo(want[i], 5);
    tf.dispose([x, v, dy, gx, gv, wx, wv]);
  });
});

describe('sumTensors', () => {
  it('sums like addN and passes dy to every input', () => {
    const rng = new Rng(4);
    const xs = [randn(rng, [2, 3]), randn(rng, [2, 3]), randn(rng, [2, 3])];
    const s = sumTensors(xs);
    const want = tf.addN(xs);
    expect(Array.from(s.dataSync())).toEqual(Array.from(want.dataSync()));
    const dy = randn(rng, [2, 3]);
    const gs = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => sumTensors([a, b, c]))(xs, dy);
    for (const g of gs) expect(Array.from(g.dataSync())).toEqual(Array.from(dy.dataSync()));
    tf.dispose([...xs, s, want, dy, ...gs]);
  });

  it('keeps none of its inputs for the backward pass (tf.addN keeps them all)', () => {
    const a = tf.variable(tf.ones([1000]));
    const probe = memoryProbe();
    const liveAtProbe = (sum: (xs: tf.Tensor[]) => tf.Tensor) => {
      const { value, grads } = tf.variableGrads(() => tf.sum(sum([2, 3, 4].map((c) => tf.mul(probe.identity(a), c)))) as tf.Scalar, [a]);
      tf.dispose([value, ...Object.values(grads).filter((g): g is tf.Tensor => g !== null)]);
      return probe.seen();
    };
    // The three terms (4 kB each) are intermediates: only a saving gradient keeps them alive.
    expect(liveAtProbe((xs) => tf.addN(xs)) - liveAtProbe(sumTensors)).toBe(3 * 4000);
    a.dispose();
  });
});

describe('leanVariableGrads', () => {
  /** A small multi-branch net: a shared input feeding three conv+BN branches (one padded with BN(0)), summed, ReLU, a loss. */
  function net(seed: number) {
    const rng = new Rng(seed);
    const spec = { kh: 3, kw: 3, cin: 2, cout: 3, padding: [1, 1, 1, 1] as const };
    const branches = [
      new ConvBn(spec, 'a', rng),
      new ConvBn({ ...spec, kh: 1, kw: 1, padding: [0, 0, 0, 0] }, 'b', rng),
      new ConvBn({ ...spec, kh: 1, kw: 1, padding: [0, 0, 0, 0], padAfter: [1, 1, 1, 1] }, 'c', rng),
    ];
    const x = randn(rng, [4, 5, 5, 2]) as tf.Tensor4D;
    const loss = () =>
      tf.tidy(() => {
        const outs = branches.map((b, i) => (i === 2 ? tf.slice(b.forward(x, true), [0, 1, 1, 0], [4, 5, 5, 3]) : b.forward(x, true)));
        const y = tf.relu(sumTensors(outs));
        return tf.mean(tf.square(y)) as tf.Scalar;
      });
    const vars = branches.flatMap((b) => b.parameters().map((p) => p.variable));
    return { loss, vars, dispose: () => (tf.dispose(x), branches.forEach((b) => b.dispose())) };
  }

  it('gives tfjs variableGrads’ gradients exactly and leaks no tensor', () => {
    const a = net(1);
    const want = tf.variableGrads(a.loss, a.vars);
    const tensorsBefore = tf.memory().numTensors;
    const got = leanVariableGrads(a.loss, a.vars);
    expect(got.value.dataSync()[0]).toBe(want.value.dataSync()[0]);
    expect(Object.keys(got.grads).sort()).toEqual(Object.keys(want.grads).filter((k) => want.grads[k] !== null).sort());
    for (const [name, g] of Object.entries(got.grads)) expect(Array.from(g.dataSync()), name).toEqual(Array.from(want.grads[name].dataSync()));
    tf.dispose([got.value, ...Object.values(got.grads)]);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    tf.dispose([want.value, ...Object.values(want.grads).filter((g): g is tf.Tensor => g !== null)]);
    a.dispose();
  });

  it('frees what the backward pass has used: at the first layer, far less is alive than with tf.variableGrads', () => {
    // 12 layers of w·x then ReLU over 64k floats; a probe at the bottom reads the live bytes when
    // the backward pass reaches it.
    const w = tf.variable(tf.scalar(1.01));
    const x = tf.randomNormal([65536]);
    const probe = memoryProbe();
    const loss = () =>
      tf.tidy(() => {
        let h = probe.identity(tf.mul(x, w));
        for (let i = 0; i < 12; i++) h = tf.relu(tf.mul(h, w));
        return tf.sum(h) as tf.Scalar;
      });
    const base = tf.memory().numBytes;
    const reference = tf.variableGrads(loss, [w]);
    const tfjsBytes = probe.seen() - base;
    const lean = leanVariableGrads(loss, [w]);
    const leanBytes = probe.seen() - base;
    expect(Array.from(lean.grads[w.name].dataSync())).toEqual(Array.from(reference.grads[w.name]?.dataSync() ?? []));
    tf.dispose([reference.value, ...Object.values(reference.grads).filter((g): g is tf.Tensor => g !== null)]);
    // tfjs: every layer's saved inputs and every gradient (≥ 24 maps of 256 kB); lean: a few maps.
    expect(tfjsBytes).toBeGreaterThan(20 * 262144);
    expect(leanBytes).toBeLessThan(6 * 262144);
    tf.dispose([lean.value, ...Object.values(lean.grads), w, x]);
  });

  it('throws when no variable is trainable', () => {
    const v = tf.variable(tf.scalar(1), false);
    expect(() => leanVariableGrads(() => tf.mul(v, 2) as tf.Scalar, [v])).toThrow(/trainable/);
    v.dispose();
  });
});
