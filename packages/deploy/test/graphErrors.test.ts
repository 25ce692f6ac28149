import * as tf from '@tensorflow/tfjs';
import {
  compareOutputs,
  compileGraph,
  sumAggregation,
  type Backbone,
  createContainer,
  GraphBuilder,
  inferShapes,
  multiBranchGraph,
  Registry,
  registerBuiltInAggregations,
  registerOp,
  registerPreset,
  ReparamError,
  RepSlot,
  reparameterize,
  Rng,
} from '@reparam/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { register as registerBackbones } from '@reparam/backbones';
import { CATALOGUE, PRESETS } from '@reparam/ops';
import { toLayersModel, toOnnx } from '../src/index.js';
import { bestBackend, makeRegistry, randomImages, TINY_LAYOUTS, tinyNet } from './nets.js';

let registry: Registry;
beforeAll(async () => {
  await bestBackend();
  registry = makeRegistry();
});

describe('graph errors are clear', () => {
  it('a backbone without toGraph() cannot be fused', () => {
    const net = tinyNet(registry, TINY_LAYOUTS.plain);
    const bare: Backbone = { slots: () => net.slots(), repSlots: () => net.repSlots(), forward: (x, t) => net.forward(x, t), parameters: () => net.parameters(), dispose: () => net.dispose() };
    expect(() => reparameterize(bare)).toThrow(/cannot describe itself as a graph \(it has no toGraph\(\)\)/);
    net.dispose();
  });

  it('a plugin branch without describe() blocks the multi-branch form only', () => {
    // The catalogue, with conv_1xk's branches stripped of describe() as a plugin might leave them.
    const c = createContainer();
    registerBuiltInAggregations(c);
    registerBackbones(c);
    for (const op of CATALOGUE) {
      const bare = (b: object) => Object.defineProperty(b, 'describe', { value: undefined });
      registerOp(c, op.id === 'conv_1xk' ? { ...op, build: (spec, ctx) => bare(op.build(spec, ctx)) as ReturnType<typeof op.build> } : op);
    }
    for (const p of PRESETS) registerPreset(c, p);
    const net = tinyNet(new Registry(c), TINY_LAYOUTS.plain, { preset: 'acnet' });
    expect(() => multiBranchGraph(net)).toThrow(/op 'conv_1xk' of slot 'stem' cannot describe itself as graph nodes .* the fused form can/);
    // The fused form is still made, and computes what the multi-branch network does.
    const x = randomImages(2, [11, 10, 2]);
    const reference = tf.tidy(() => net.forward(x, false).dataSync() as Float32Array);
    const compiled = compileGraph(reparameterize(net));
    const fused = tf.tidy(() => compiled.run(x).dataSync() as Float32Array);
    const agreement = compareOutputs(reference, fused);
    expect(agreement.ok, `max|Δ| ${agreement.maxAbsError} > ${agreement.tolerance}`).toBe(true);
    expect(agreement.maxAbsReference).toBeGreaterThan(0);
    compiled.dispose();
    x.dispose();
    net.dispose();
  });

  it('exporters refuse unexpanded slots, and shape mismatches name the node', () => {
    const g = new GraphBuilder({ inputShape: [5, 5, 2] });
    const s = g.add({ op: 'slot', input: g.input, name: 'stem', spec: { cin: 2, cout: 3, k: 3, stride: 1, groups: 1 } }, 'stem');
    const p = g.add({ op: 'globalAvgPool', input: s }, 'pool');
    const graph = g.build(g.add({ op: 'dense', input: p, kernel: { shape: [3, 2], values: new Float32Array(6) }, bias: { shape: [2], values: new Float32Array(2) } }, 'fc'));
    expect(() => toOnnx(graph)).toThrow(/cannot export slot 'stem' as it is: reparameterize/);
    expect(() => toLayersModel(graph)).toThrow(/cannot export slot 'stem'/);
    const bad = new GraphBuilder({ inputShape: [5, 5, 2] });
    const c = bad.add({ op: 'conv', input: bad.input, kernel: { shape: [3, 3, 4, 2], values: new Float32Array(72) }, stride: 1, padding: [1, 1, 1, 1], groups: 1 }, 'c');
    expect(() => inferShapes(bad.build(c))).toThrow(ReparamError);
    expect(() => inferShapes(bad.build(c))).toThrow(/graph node 'c' \(conv\): kernel reads 4×1 channels but the input has 2/);
  });

  it('RepSlot.describe of a lone slot gives the branches in order', () => {
    const ops = ['conv_kxk', 'conv_1x1', 'identity'].map((id) => registry.op(id));
    const slot = RepSlot.build({ cin: 3, cout: 3, k: 3, stride: 1, groups: 1 }, ops, { rng: new Rng(0), name: 's', aggregation: sumAggregation });
    const g = new GraphBuilder({ inputShape: [4, 4, 3] });
    const out = slot.describe(g, g.input);
    const graph = g.build(out);
    expect(graph.nodes.map((n) => `${n.op}:${n.id}`)).toEqual([
      'input:input',
      'conv:s/conv_kxk/conv',
      'batchNorm:s/conv_kxk/bn',
      'conv:s/conv_1x1/conv',
      'batchNorm:s/conv_1x1/bn',
      'batchNorm:s/identity/bn',
      'add:s/sum',
    ]);
    slot.dispose();
  });
});
