import {
  BUILT_IN_AGGREGATIONS,
  compareOutputs,
  compileGraph,
  countFusedParameters,
  countGraphParameters,
  countParameters,
  graphFlops,
  inferShapes,
  measureForwardFlops,
  measureFusedForwardFlops,
  multiBranchGraph,
  presetGenome,
  randomizeParameters,
  type Registry,
  reparameterize,
  Rng,
  slotInfos,
} from '@reparam/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bestBackend, makeRegistry, opCounts, randomImages, TINY_LAYOUTS, tinyNet } from './nets.js';

let registry: Registry;
beforeAll(async () => {
  await bestBackend();
  registry = makeRegistry();
});

const evalOutputs = (net: { forward(x: tf.Tensor4D, t: boolean): tf.Tensor2D }, x: tf.Tensor4D) =>
  tf.tidy(() => net.forward(x, false).dataSync() as Float32Array);

describe('reparameterize', () => {
  for (const [kind, layout] of Object.entries(TINY_LAYOUTS)) {
    for (const aggregation of BUILT_IN_AGGREGATIONS.map((m) => m.id)) {
      it(`${kind} blocks, every catalogue op in every slot, ${aggregation}: one conv + bias per slot, same outputs`, () => {
        const before = tf.memory().numTensors;
        const net = tinyNet(registry, layout, { aggregation });
        const x = randomImages(3, [11, 10, 2]);
        const reference = evalOutputs(net, x);
        const deploy = reparameterize(net);
        const counts = opCounts(deploy);
        expect(counts.slot ?? 0).toBe(0);
        expect(counts.batchNorm ?? 0).toBe(0);
        expect(counts.scale ?? 0).toBe(0);
        expect(counts.pad ?? 0).toBe(0);
        expect(counts.avgPool ?? 0).toBe(0);
        const projections = net.parameters().filter((p) => /shortcut\/conv\/kernel$/.test(p.name)).length;
        const bottleneck1x1 = net.parameters().filter((p) => /\.conv[13]\/conv\/kernel$/.test(p.name)).length;
        expect(counts.conv).toBe(net.slots().length + projections + bottleneck1x1);
        for (const n of deploy.nodes) if (n.op === 'conv') expect(n.bias).toBeDefined();
        const compiled = compileGraph(deploy);
        const fused = tf.tidy(() => compiled.run(x).dataSync() as Float32Array);
        const agreement = compareOutputs(reference, fused);
        expect(agreement.ok, `max|Δ| ${agreement.maxAbsError} > ${agreement.tolerance}`).toBe(true);
        expect(agreement.maxAbsReference).toBeGreaterThan(0);
        // The expanded training form runs to the same outputs too (it is what multi-branch exports translate).
        const multi = compileGraph(multiBranchGraph(net));
        const viaGraph = tf.tidy(() => multi.run(x).dataSync() as Float32Array);
        expect(compareOutputs(reference, viaGraph).maxAbsError).toBeLessThan(1e-4 * Math.max(1, agreement.maxAbsReference));
        compiled.dispose();
        multi.dispose();
        x.dispose();
        net.dispose();
        expect(tf.memory().numTensors).toBe(before);
      });
    }
  }

  it('counts what the fused network costs: parameters and FLOPs equal the existing fused counters', async () => {
    const net = tinyNet(registry, TINY_LAYOUTS.basic);
    const deploy = reparameterize(net);
    // One number for the fused form: the deploy graph folds every slot into a k×k conv with bias and
    // the shortcut's BN (γ and β, 2c values) into a bias of c values; countFusedParameters is its count.
    const shortcutChannels = net.parameters().filter((p) => /shortcut\/bn\/gamma$/.test(p.name)).reduce((n, p) => n + p.variable.size, 0);
    expect(shortcutChannels).toBeGreaterThan(0);
    expect(countFusedParameters(net)).toBe(countGraphParameters(deploy));
    const slotsOnly = countParameters(net.parameters().filter((p) => !net.slots().some((s) => p.name.startsWith(`${s.name}/`)))) +
      net.slots().reduce((n, { spec }) => n + spec.k * spec.k * (spec.cin / spec.groups) * spec.cout + spec.cout, 0);
    expect(countGraphParameters(deploy)).toBe(slotsOnly - shortcutChannels);
    expect(countGraphParameters(multiBranchGraph(net))).toBe(countParameters(net.parameters()));
    const shape = [11, 10, 2] as const;
    expect(graphFlops(deploy)).toBe(await measureFusedForwardFlops(net, shape));
    expect(graphFlops(multiBranchGraph(net))).toBe(await measureForwardFlops(net, shape));
    net.dispose();
  });

  it('gives the full bench-net the plain bench-net graph shape, with the same outputs on random weights', () => {
    const factory = registry.get('backbone', 'bench-net');
    const shape = { inputShape: [28, 28, 1] as const, classes: 10 };
    const slots = slotInfos(factory.slotDescriptors(shape), registry);
    const build = (preset: string) => factory.create({ ...shape, genome: presetGenome(registry.get('preset', preset), slots), seed: 0, ops: registry });
    const full = build('full');
    const plain = build('plain');
    randomizeParameters(full.parameters(), new Rng(3));
    const a = reparameterize(full);
    const b = reparameterize(plain);
    const structure = (g: typeof a) => g.nodes.map((n) => [n.id, n.op, n.op === 'conv' ? n.kernel.shape.join('x') : '']);
    expect(structure(a)).toEqual(structure(b));
    expect([...inferShapes(a).values()]).toEqual([...inferShapes(b).values()]);
    expect(countGraphParameters(a)).toBe(countGraphParameters(b));
    const x = randomImages(2, [28, 28, 1]);
    const compiled = compileGraph(a);
    const reference = evalOutputs(full, x);
    const fused = tf.tidy(() => compiled.run(x).dataSync() as Float32Array);
    const agreement = compareOutputs(reference, fused);
    expect(agreement.ok, `max|Δ| ${agreement.maxAbsError} > ${agreement.tolerance}`).toBe(true);
    compiled.dispose();
    x.dispose();
    full.dispose();
    plain.dispose();
  });
});
