import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  type AggregationMode,
  BranchScales,
  BranchSumAggregator,
  BUILT_IN_AGGREGATIONS,
  CONV_EPILOGUE_KERNEL,
  ConvBn,
  convEpilogueAvailable,
  createContainer,
  registerAggregation,
  registerBuiltInAggregations,
  Registry,
  onlineAggregation,
  postBnAggregation,
  scaledAggregation,
  sumAggregation,
  applyFusedConv,
  disposeFusedConv,
  isTrainable,
  randomizeParameters,
  ReparamError,
  RepSlot,
  StageBranch,
  Rng,
  verifyFusion,
} from '../src/index.js';
import { brokenOp, strideOneOnlyOp, testMainOp } from './fixtures.js';
import { onCpuBackend } from './helpers.js';

onCpuBackend();

const spec = { cin: 4, cout: 6, k: 3, stride: 1, groups: 2 };

describe('RepSlot.build', () => {
  it('refuses an op that does not apply, naming the op, the slot and the reason', () => {
    const build = () =>
      RepSlot.build({ ...spec, stride: 2 }, [testMainOp, strideOneOnlyOp], { rng: new Rng(0), name: 'layer1' });
    expect(build).toThrow(ReparamError);
    expect(build).toThrow("op 'test_stride1' does not apply to slot 'layer1' (cin 4 → cout 6, k 3, stride 2, groups 2): needs stride 1 (got 2)");
  });
  it('refuses an empty op list, a duplicated op and an invalid spec', () => {
    expect(() => RepSlot.build(spec, [], { rng: new Rng(0) })).toThrow(/at least one op/);
    expect(() => RepSlot.build(spec, [testMainOp, testMainOp], { rng: new Rng(0) })).toThrow(/twice/);
    expect(() => RepSlot.build({ ...spec, k: 4 }, [testMainOp], { rng: new Rng(0) })).toThrow(/odd/);
    expect(() => RepSlot.build({ ...spec, groups: 3 }, [testMainOp], { rng: new Rng(0) })).toThrow(/groups must divide/);
  });
});

describe('RepSlot aggregation modes', () => {
  for (const aggregation of BUILT_IN_AGGREGATIONS) {
    it(`${aggregation.id}: fuses exactly on random weights`, () => {
      const rng = new Rng(3);
      const slot = RepSlot.build(spec, [testMainOp, strideOneOnlyOp], { rng, aggregation });
      randomizeParameters(slot.parameters(), rng);
      const x = tf.tensor4d(rng.normalArray(2 * 7 * 8 * 4), [2, 7, 8, 4]);
      const fused = slot.fuse();
      const err = tf.max(tf.abs(tf.sub(slot.forward(x, false), applyFusedConv(x, fused, 1, 2)))).dataSync()[0];
      expect(err).toBeLessThan(1e-4);
      disposeFusedConv(fused);
      slot.dispose();
    });
  }

  it('scaled starts each branch at 1/√n; post-bn adds a BN', () => {
    const scaled = RepSlot.build(spec, [testMainOp, strideOneOnlyOp], { rng: new Rng(0), aggregation: scaledAggregation });
    const scales = scaled.parameters().filter((p) => p.role === 'scale');
    expect(scales).toHaveLength(2);
    expect(scales[0].variable.dataSync()[0]).toBeCloseTo(1 / Math.SQRT2, 6);
    const post = RepSlot.build(spec, [testMainOp], { rng: new Rng(0), aggregation: postBnAggregation, name: 's' });
    expect(post.parameters().some((p) => p.name === 's/post_bn/gamma')).toBe(true);
    scaled.dispose();
    post.dispose();
  });

  it('online: BN-free branches, a scale of 1/√n each and one BN after the sum', () => {
    const slot = RepSlot.build(spec, [testMainOp, strideOneOnlyOp], { rng: new Rng(0), aggregation: onlineAggregation, name: 's' });
    const params = slot.parameters();
    expect(params.filter((p) => p.role === 'scale').map((p) => p.variable.dataSync()[0])).toEqual([1 / Math.SQRT2, 1 / Math.SQRT2].map(Math.fround));
    expect(params.filter((p) => p.role.startsWith('bn-')).map((p) => p.name)).toEqual(['s/post_bn/gamma', 's/post_bn/beta', 's/post_bn/running_mean', 's/post_bn/running_var']);
    expect(params.filter((p) => p.role === 'weight').map((p) => p.name)).toEqual(['s/test_kxk/conv/kernel', 's/test_stride1/conv/kernel']);
    slot.dispose();
  });

  it('online: refuses an op without a linear form, saying why, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const build = (op: typeof brokenOp) => () => RepSlot.build(spec, [testMainOp, op], { rng: new Rng(0), aggregation: onlineAggregation });
    expect(build(brokenOp)).toThrow(ReparamError);
    expect(build(brokenOp)).toThrow("op 'test_broken' cannot be trained with the online aggregation: its plugin declares no linear form (RepOp.buildLinear)");
    expect(build({ ...brokenOp, notLinear: 'it ends in a ReLU' })).toThrow(/test_broken' cannot be trained with the online aggregation: it ends in a ReLU$/);
    expect(tf.memory().numTensors).toBe(before);
  });

  for (const training of [false, true]) {
    it(`online: forward (one merged kernel) equals the branches run one by one, ${training ? 'training' : 'eval'} mode`, () => {
      const rng = new Rng(4);
      const slot = RepSlot.build(spec, [testMainOp, strideOneOnlyOp], { rng, aggregation: onlineAggregation });
      randomizeParameters(slot.parameters(), rng);
      const x = tf.tensor4d(rng.normalArray(2 * 7 * 8 * 4), [2, 7, 8, 4]);
      const merged = slot.forward(x, training);
      const parts = slot.branchOutputs(x, training);
      expect(tf.max(tf.abs(tf.sub(merged, parts.output))).dataSync()[0]).toBeLessThan(1e-4);
      slot.dispose();
    });
  }
});

describe('RepSlot training', () => {
  it('gets a gradient for every trainable parameter and leaks no tensors', () => {
    const rng = new Rng(5);
    const slot = RepSlot.build(spec, [testMainOp, strideOneOnlyOp], { rng, aggregation: scaledAggregation });
    const x = tf.tensor4d(rng.normalArray(2 * 5 * 5 * 4), [2, 5, 5, 4]);
    const trainable = slot.parameters().filter(isTrainable);
    const step = () =>
      tf.tidy(() => {
        const { grads } = tf.variableGrads(
          () => tf.mean(tf.square(slot.forward(x, true))) as tf.Scalar,
          trainable.map((p) => p.variable),
        );
        return Object.values(grads).map((g) => tf.sum(tf.abs(g)).dataSync()[0]);
      });
    const first = step();
    const before = tf.memory().numTensors;
    step();
    expect(tf.memory().numTensors).toBe(before);
    expect(first).toHaveLength(trainable.length);
    for (const g of first) expect(g).toBeGreaterThan(0);
    slot.dispose();
    x.dispose();
  });
});

describe('verifyFusion', () => {
  it('passes a correct op over the default grid', () => {
    const report = verifyFusion([testMainOp, strideOneOnlyOp], { combinations: [sumAggregation, postBnAggregation] });
    expect(report.ok).toBe(true);
    // 2 k × 2 strides × 2 groups × 2 channel pairs = 16 shapes, each op alone in sum and online;
    // the stride-1-only op is skipped where it does not apply (8 shapes).
    expect(report.results.filter((r) => r.op === 'test_kxk')).toHaveLength(32);
    expect(report.results.filter((r) => r.op === 'test_kxk' && r.aggregation === 'online')).toHaveLength(16);
    expect(report.results.filter((r) => r.op === 'test_stride1')).toHaveLength(16);
    expect(report.results.filter((r) => r.op === 'all')).toHaveLength(32);
    expect(report.skipped).toEqual([]);
  });
  it('catches a wrong fusion rule', () => {
    const report = verifyFusion(brokenOp);
    expect(report.ok).toBe(false);
    expect(report.results.every((r) => !r.ok && r.maxAbsError > r.tolerance)).toBe(true);
    // It has no linear form: not checked under online, and the report says why.
    expect(report.skipped).toEqual([{ op: 'test_broken', aggregation: 'online', reason: 'its plugin declares no linear form (RepOp.buildLinear)' }]);
  });
  it('leaves no tensors behind', () => {
    const before = tf.memory().numTensors;
    verifyFusion([testMainOp, brokenOp], { combinations: [scaledAggregation] });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('RepSlot.setActiveOps (supernet sub-networks)', () => {
  for (const aggregation of BUILT_IN_AGGREGATIONS) {
    it(`${aggregation.id}: a narrowed slot computes only its active branches and still fuses exactly`, () => {
      const rng = new Rng(11);
      const slot = RepSlot.build(spec, [testMainOp, strideOneOnlyOp], { rng, aggregation });
      randomizeParameters(slot.parameters(), rng);
      const x = tf.tensor4d(rng.normalArray(2 * 7 * 8 * 4), [2, 7, 8, 4]);
      const all = slot.forward(x, false);
      slot.setActiveOps([testMainOp.id]);
      expect(slot.activeOpIds).toEqual([testMainOp.id]);
      const narrowed = slot.forward(x, false);
      // The second branch really is left out, not zero by accident.
      expect(tf.max(tf.abs(tf.sub(all, narrowed))).dataSync()[0]).toBeGreaterThan(1e-3);
      const fused = slot.fuse();
      expect(tf.max(tf.abs(tf.sub(narrowed, applyFusedConv(x, fused, 1, 2)))).dataSync()[0]).toBeLessThan(1e-4);
      slot.setActiveOps(undefined);
      expect(tf.max(tf.abs(tf.sub(all, slot.forward(x, false)))).dataSync()[0]).toBe(0);
      disposeFusedConv(fused);
      slot.dispose();
    });
  }

  it('refuses an empty list and an op the slot was not built with', () => {
    const slot = RepSlot.build(spec, [testMainOp], { rng: new Rng(0), name: 's' });
    expect(() => slot.setActiveOps([])).toThrow(/at least one active op/);
    expect(() => slot.setActiveOps([testMainOp.id, 'conv_1x1'])).toThrow("slot 's' was not built with op 'conv_1x1'");
    slot.dispose();
  });
});

describe('aggregation modes from a plugin', () => {
  // A mode RepSlot has never heard of: every branch times a fixed 1/2, built from core's parts.
  const halved: AggregationMode = {
    id: 'halved',
    description: 'each BN branch times 1/2, then summed',
    build: (spec, ops, ctx) =>
      new BranchSumAggregator(
        ctx.name,
        ops.map((op) => op.build(spec, { rng: ctx.rng, name: `${ctx.name}/${op.id}` })),
        { scales: new BranchScales(ctx.name, ops.map((o) => o.id), spec.cout, 0.5) },
      ),
  };

  it('is registered, found by id and trained by RepSlot like a built-in one, and fuses exactly', () => {
    const container = createContainer();
    registerBuiltInAggregations(container);
    registerAggregation(container, halved);
    const registry = new Registry(container);
    expect(registry.list('aggregation').map((m) => m.id)).toEqual(['sum', 'scaled', 'post-bn', 'online', 'halved']);
    expect(() => registry.aggregation('mean')).toThrow("unknown aggregation 'mean'; known: sum, scaled, post-bn, online, halved");
    const report = verifyFusion([testMainOp, strideOneOnlyOp], { aggregations: [], combinations: [registry.aggregation('halved')] });
    expect(report.ok).toBe(true);
    expect(report.results.every((r) => r.aggregation === 'halved')).toBe(true);
  });
});

describe('epilogues (a block\'s residual add and ReLU handed to the slot)', () => {
  const flat = { cin: 4, cout: 4, k: 3, stride: 1, groups: 1 };
  const close = (a: tf.Tensor, b: tf.Tensor) => expect(tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0])).toBeLessThan(1e-5);

  for (const aggregation of BUILT_IN_AGGREGATIONS) {
    for (const ops of [[testMainOp], [testMainOp, strideOneOnlyOp]]) {
      it(`${aggregation.id}, ${ops.length} branch(es): forward with an epilogue is relu(forward + residual), training and eval, leaking nothing`, () => {
        const rng = new Rng(6);
        const slot = RepSlot.build(flat, ops, { rng, aggregation });
        randomizeParameters(slot.parameters(), rng);
        const x = tf.tensor4d(rng.normalArray(2 * 5 * 6 * 4), [2, 5, 6, 4]);
        const residual = tf.tensor4d(rng.normalArray(2 * 5 * 6 * 4), [2, 5, 6, 4]);
        for (const training of [true, false]) {
          const before = tf.memory().numTensors;
          const got = slot.forward(x, training, { residual, relu: true });
          const want = tf.tidy(() => tf.relu(tf.add(slot.forward(x, training), residual)));
          close(got, want);
          tf.dispose([got, want]);
          expect(tf.memory().numTensors).toBe(before);
        }
        tf.dispose([x, residual]);
        slot.dispose();
      });
    }
  }

  it('a StageBranch over a stage without its own epilogue applies it after forward and leaks nothing', () => {
    const stage = { forward: (x: tf.Tensor4D) => tf.mul(x, 2) as tf.Tensor4D, fold: () => { throw new Error('unused'); }, parameters: () => [], dispose: () => {} };
    const branch = new StageBranch('double', flat, stage);
    const x = tf.tensor4d([-1, 2, -3, 4], [1, 2, 2, 1]);
    const residual = tf.tensor4d([1, 1, 1, 1], [1, 2, 2, 1]);
    const before = tf.memory().numTensors;
    const y = branch.forwardWithEpilogue(x, false, { residual, relu: true });
    expect(Array.from(y.dataSync())).toEqual([0, 5, 0, 9]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, residual]);
  });

  it('runs a backend\'s ReparamConvEpilogue kernel in eval mode only, with the BN as scale and shift, and never while a gradient is recorded', () => {
    const calls: { scale?: number[]; shift?: number[]; residual: boolean; relu: boolean; stride: number }[] = [];
    const fake: tf.KernelConfig = {
      kernelName: CONV_EPILOGUE_KERNEL,
      backendName: 'cpu',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const read = (t: tf.TensorInfo | undefined) => (t ? Array.from((backend as unknown as { readSync(id: unknown): Float32Array }).readSync(t.dataId)) : undefined);
        const { x, filter, scale, shift, residual } = inputs as Record<string, tf.TensorInfo | undefined>;
        const a = attrs as unknown as { strides: number; relu: boolean };
        calls.push({ scale: read(scale), shift: read(shift), residual: residual !== undefined, relu: a.relu, stride: a.strides });
        const shape = [x!.shape[0], x!.shape[1], x!.shape[2], filter!.shape[3]];
        return (backend as unknown as { makeTensorInfo(s: number[], d: string, v: Float32Array): tf.TensorInfo }).makeTensorInfo(shape, 'float32', new Float32Array(shape.reduce((p, q) => p * q)).fill(7));
      },
    };
    tf.registerKernel(fake);
    try {
      const rng = new Rng(8);
      const convBn = new ConvBn({ kh: 3, kw: 3, cin: 4, cout: 4, padding: [1, 1, 1, 1] }, 'c', rng);
      randomizeParameters(convBn.parameters(), rng);
      const x = tf.tensor4d(rng.normalArray(2 * 5 * 6 * 4), [2, 5, 6, 4]);
      const residual = tf.onesLike(x);
      const y = convBn.forwardWithEpilogue(x, false, { residual, relu: true });
      expect(Array.from(y.dataSync()).every((v) => v === 7)).toBe(true);
      const { scale, shift } = convBn.bn.evalAffine();
      expect(calls).toHaveLength(1);
      expect(calls[0]).toMatchObject({ residual: true, relu: true, stride: 1 });
      calls[0].scale!.forEach((v, i) => expect(v).toBeCloseTo(scale.dataSync()[i], 6));
      calls[0].shift!.forEach((v, i) => expect(v).toBeCloseTo(shift.dataSync()[i], 6));
      // Training mode and a recorded gradient take the separate ops.
      tf.dispose(convBn.forwardWithEpilogue(x, true, { relu: true }));
      tf.dispose(tf.grad((a: tf.Tensor) => tf.sum(convBn.forwardWithEpilogue(a as tf.Tensor4D, false, { relu: true })))(x));
      expect(calls).toHaveLength(1);
      // An online slot merges its branches into one kernel and hands that to the same kernel.
      const online = RepSlot.build({ cin: 4, cout: 4, k: 3, stride: 1, groups: 1 }, [testMainOp, strideOneOnlyOp], { rng, aggregation: onlineAggregation });
      tf.dispose(online.forward(x, false, { relu: true }));
      expect(calls).toHaveLength(2);
      expect(calls[1]).toMatchObject({ residual: false, relu: true });
      tf.dispose([x, residual, y, scale, shift]);
      convBn.dispose();
      online.dispose();
    } finally {
      tf.unregisterKernel(CONV_EPILOGUE_KERNEL, 'cpu');
    }
    expect(convEpilogueAvailable()).toBe(false);
  });
});
