import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { type AggregationMode, captureSlotInput, onlineAggregation, postBnAggregation, scaledAggregation, sumAggregation, randomizeParameters, ReparamError, RepSlot, Rng } from '../src/index.js';
import { strideOneOnlyOp, testMainOp } from './fixtures.js';
import { onCpuBackend } from './helpers.js';
import { tinyBackbone } from './tinyBackbone.js';

onCpuBackend();

const spec = { cin: 4, cout: 6, k: 3, stride: 1, groups: 2 };

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

function randomSlot(aggregation: AggregationMode, seed = 7) {
  const rng = new Rng(seed);
  const slot = RepSlot.build(spec, [testMainOp, strideOneOnlyOp], { rng, aggregation, name: 's' });
  randomizeParameters(slot.parameters(), rng);
  const x = tf.tensor4d(rng.normalArray(2 * 6 * 5 * 4), [2, 6, 5, 4]);
  return { slot, x };
}

describe('RepSlot.branchOutputs', () => {
  for (const aggregation of [sumAggregation, scaledAggregation]) {
    it(`${aggregation.id}: the branch outputs add up to the slot output, which is forward's`, () => {
      const { slot, x } = randomSlot(aggregation);
      const before = tf.memory().numTensors;
      const parts = slot.branchOutputs(x, false);
      expect(parts.branches.map((b) => b.opId)).toEqual(['test_kxk', 'test_stride1']);
      const added = tf.addN(parts.branches.map((b) => b.output));
      expect(maxAbsDiff(added, parts.output)).toBeLessThan(1e-5);
      expect(parts.output).toBe(parts.sum);
      const forward = slot.forward(x, false);
      expect(maxAbsDiff(forward, parts.output)).toBe(0);
      tf.dispose([added, forward, parts.sum, parts.output, ...parts.branches.map((b) => b.output)]);
      expect(tf.memory().numTensors).toBe(before);
      slot.dispose();
      x.dispose();
    });
  }

  it('scaled: each branch output is the branch times its scale', () => {
    const { slot, x } = randomSlot(scaledAggregation);
    const scaled = slot.branchOutputs(x, false);
    // The same weights in a sum slot: its branch outputs are the unscaled ones.
    const plain = RepSlot.build(spec, [testMainOp, strideOneOnlyOp], { rng: new Rng(0), aggregation: sumAggregation, name: 's' });
    const weights = new Map(slot.parameters().map((p) => [p.name, p.variable]));
    for (const p of plain.parameters()) p.variable.assign(weights.get(p.name)!);
    const unscaled = plain.branchOutputs(x, false);
    for (const [i, op] of ['test_kxk', 'test_stride1'].entries()) {
      const scale = weights.get(`s/${op}/scale`)!;
      const expected = tf.mul(unscaled.branches[i].output, scale);
      expect(maxAbsDiff(expected, scaled.branches[i].output)).toBeLessThan(1e-6);
      expected.dispose();
    }
    tf.dispose([scaled, unscaled] as unknown as tf.TensorContainer[]);
    slot.dispose();
    plain.dispose();
  });

  it('post-bn: the output is BN (running statistics) of the sum of the branch outputs, as forward gives', () => {
    const { slot, x } = randomSlot(postBnAggregation);
    const parts = slot.branchOutputs(x, false);
    expect(maxAbsDiff(tf.addN(parts.branches.map((b) => b.output)), parts.sum)).toBeLessThan(1e-5);
    const p = (n: string) => slot.parameters().find((q) => q.name === `s/post_bn/${n}`)!.variable;
    const expected = tf.tidy(() =>
      tf.add(tf.mul(tf.div(tf.sub(parts.sum, p('running_mean')), tf.sqrt(tf.add(p('running_var'), 1e-5))), p('gamma')), p('beta')),
    );
    expect(parts.output).not.toBe(parts.sum);
    expect(maxAbsDiff(expected, parts.output)).toBeLessThan(1e-4);
    expect(maxAbsDiff(slot.forward(x, false), parts.output)).toBe(0);
    slot.dispose();
  });

  it('leaves out the branches setActiveOps switched off', () => {
    const { slot, x } = randomSlot(sumAggregation);
    slot.setActiveOps(['test_stride1']);
    const parts = slot.branchOutputs(x, false);
    expect(parts.branches.map((b) => b.opId)).toEqual(['test_stride1']);
    // One branch: the sum is its own tensor, equal to the branch's output.
    expect(parts.sum).not.toBe(parts.branches[0].output);
    expect(maxAbsDiff(parts.sum, parts.branches[0].output)).toBe(0);
    slot.dispose();
  });
});

describe('captureSlotInput', () => {
  it('returns what a slot receives inside the backbone, from any backbone, without leaking', () => {
    const net = tinyBackbone(1);
    randomizeParameters(net.parameters(), new Rng(2));
    const x = tf.tensor4d(new Rng(3).normalArray(2 * 8 * 8), [2, 8, 8, 1]);
    const before = tf.memory().numTensors;
    const first = captureSlotInput(net, 'a', x);
    expect(maxAbsDiff(first, x)).toBe(0);
    first.dispose();
    expect(x.isDisposed).toBe(false); // a copy, not the caller's tensor
    const b = captureSlotInput(net, 'b', x);
    const expected = tf.tidy(() => tf.relu(net.repSlots().get('a')!.forward(x, false)));
    expect(b.shape).toEqual([2, 8, 8, 4]);
    expect(maxAbsDiff(b, expected)).toBe(0);
    tf.dispose([b, expected]);
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });

  it('names the slots the network has when asked for another', () => {
    const net = tinyBackbone(1);
    const x = tf.zeros([1, 8, 8, 1]) as tf.Tensor4D;
    expect(() => captureSlotInput(net, 'nope', x)).toThrow(ReparamError);
    expect(() => captureSlotInput(net, 'nope', x)).toThrow("unknown slot 'nope'; the network has: a, b, c");
    // The observer is gone after the capture: later forward passes cost nothing extra.
    captureSlotInput(net, 'c', x).dispose();
    const before = tf.memory().numTensors;
    net.forward(x, false).dispose();
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });
});
