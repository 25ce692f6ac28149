import * as tf from '@tensorflow/tfjs';
import {
  sumAggregation,
  countFusedParameters,
  countParameters,
  createContainer,
  measureForwardFlops,
  measureFusedForwardFlops,
  presetGenome,
  Registry,
  ReparamError,
  slotInfos,
  useBackend,
  validateGenome,
} from '@reparam/core';
import { register as registerOps } from '@reparam/ops';
import { beforeAll, describe, expect, it } from 'vitest';
import { register } from '../src/index.js';

let registry: Registry;
beforeAll(async () => {
  await useBackend('cpu');
  const c = createContainer();
  registerOps(c);
  register(c);
  registry = new Registry(c);
});

const mnistShape = { inputShape: [28, 28, 1] as const, classes: 10 };

function build(id: string, preset: string, shape = mnistShape, extra: object = {}) {
  const f = registry.get('backbone', id);
  const slots = slotInfos(f.slotDescriptors(shape), registry);
  const genome = presetGenome(registry.get('preset', preset), slots);
  // `sum`: the layout and parameter counts are those of BN branches summed (the benchmark's net).
  return { net: f.create({ ...shape, genome, seed: 1, ops: registry, aggregation: sumAggregation, ...extra }), slots, genome };
}

describe('bench-net', () => {
  it('has the bench-net layout of docs/benchmarks.md: 19 slots, 272,186 parameters plain and 1,234,888 full', () => {
    const plain = build('bench-net', 'plain');
    expect(plain.slots.map((s) => s.name).slice(0, 4)).toEqual(['stem', 'layer1.0.conv1', 'layer1.0.conv2', 'layer1.1.conv1']);
    expect(plain.slots).toHaveLength(19);
    expect(plain.slots[0].spec).toEqual({ cin: 1, cout: 16, k: 3, stride: 1, groups: 1 });
    expect(plain.slots.find((s) => s.name === 'layer2.0.conv1')!.spec).toEqual({ cin: 16, cout: 32, k: 3, stride: 2, groups: 1 });
    expect(countParameters(plain.net.parameters())).toBe(272_186);
    const full = build('bench-net', 'full');
    expect(countParameters(full.net.parameters())).toBe(1_234_888);
    // Fused, both are the plain net with a bias instead of a BN per slot.
    expect(countFusedParameters(full.net)).toBe(countFusedParameters(plain.net));
    plain.net.dispose();
    full.net.dispose();
  });

  it('identity is dropped from stride-2 and channel-changing slots by the repvgg preset', () => {
    const { genome, net } = build('bench-net', 'repvgg');
    expect(genome['layer1.0.conv1']).toEqual(['conv_1x1', 'identity']);
    expect(genome['layer2.0.conv1']).toEqual(['conv_1x1']);
    expect(genome.stem).toEqual(['conv_1x1']);
    net.dispose();
  });

  it('forwards NHWC images to logits and counts fused FLOPs as the plain net', async () => {
    const plain = build('bench-net', 'plain');
    const full = build('bench-net', 'full');
    const y = full.net.forward(tf.zeros([2, 28, 28, 1]) as tf.Tensor4D, false);
    expect(y.shape).toEqual([2, 10]);
    y.dispose();
    const plainFlops = await measureForwardFlops(plain.net, [28, 28, 1]);
    const fullFlops = await measureForwardFlops(full.net, [28, 28, 1]);
    expect(fullFlops).toBeGreaterThan(3 * plainFlops);
    expect(await measureFusedForwardFlops(full.net, [28, 28, 1])).toBe(plainFlops);
    plain.net.dispose();
    full.net.dispose();
  });
});

describe('the backbone family', () => {
  it('registers ResNet-18/34/50, ResNet-20/32/56, their plain (shortcut-free) versions, bench-net and a RepVGG-style net', () => {
    expect(registry.list('backbone').map((b) => b.id).sort()).toEqual(
      ['bench-net', 'plain20', 'plain32', 'plain56', 'repvgg', 'resnet18', 'resnet20', 'resnet32', 'resnet50', 'resnet34', 'resnet56', 'resnet8'].sort(),
    );
  });
  it('plain20/32/56 are ResNet-20/32/56 without shortcuts: the same slots in order, no add in the graph', () => {
    for (const depth of [20, 32, 56]) {
      const plain = registry.get('backbone', `plain${depth}`).slotDescriptors(mnistShape);
      const resnet = registry.get('backbone', `resnet${depth}`).slotDescriptors(mnistShape);
      // depth = stem + 2 convs per basic block + classifier: 6n + 2 layers, 6n + 1 slots.
      expect(plain).toHaveLength(depth - 1);
      expect(plain.map((s) => s.spec)).toEqual(resnet.map((s) => s.spec));
    }
    const slots = registry.get('backbone', 'plain20').slotDescriptors(mnistShape);
    // Stage 2 opens with the stride-2 widening layer, as ResNet-20's layer2.0.conv1 does.
    expect(slots.map((s) => s.name).slice(6, 9)).toEqual(['stage1.5', 'stage2.0', 'stage2.1']);
    expect(slots[7].spec).toEqual({ cin: 16, cout: 32, k: 3, stride: 2, groups: 1 });
    const { net } = build('plain20', 'plain');
    const resnet = build('resnet20', 'plain').net;
    const ops = net.toGraph().nodes.map((n) => n.op);
    expect(ops).not.toContain('add');
    expect(ops.filter((o) => o === 'relu')).toHaveLength(19);
    // ResNet-20 has the same slots plus two 1×1 projection shortcuts (16→32: 512 + 64 BN; 32→64: 2,048 + 128 BN).
    expect(countParameters(resnet.parameters()) - countParameters(net.parameters())).toBe(512 + 64 + 2048 + 128);
    net.dispose();
    resnet.dispose();
  });
  it('ResNet-18 on 3×224×224 has 11.69M parameters (torchvision’s count) and ResNet-50 25.56M', () => {
    const shape = { inputShape: [224, 224, 3] as const, classes: 1000 };
    for (const [id, params] of [
      ['resnet18', 11_689_512],
      ['resnet50', 25_557_032],
    ] as const) {
      const f = registry.get('backbone', id);
      const slots = slotInfos(f.slotDescriptors(shape), registry);
      const net = f.create({ ...shape, genome: presetGenome(registry.get('preset', 'plain'), slots), seed: 0, ops: registry, aggregation: sumAggregation });
      expect(countParameters(net.parameters())).toBe(params);
      net.dispose();
    }
  });
  it('slot counts: resnet56 has 55 slots, resnet50 17, repvgg 11; the ImageNet stem slot is 7×7 stride 2', () => {
    const count = (id: string, shape = mnistShape) => registry.get('backbone', id).slotDescriptors(shape);
    expect(count('resnet56')).toHaveLength(55);
    expect(count('resnet50', { inputShape: [64, 64, 3], classes: 10 })).toHaveLength(17);
    expect(count('repvgg')).toHaveLength(11);
    expect(count('resnet18', { inputShape: [64, 64, 3], classes: 10 })[0].spec).toEqual({ cin: 3, cout: 64, k: 7, stride: 2, groups: 1 });
  });
  it('the width multiplier scales channels', () => {
    const slots = registry.get('backbone', 'resnet20').slotDescriptors({ ...mnistShape, width: 0.5 });
    expect(slots[0].spec.cout).toBe(8);
    expect(slots.at(-1)!.spec.cout).toBe(32);
  });
  it('every backbone trains a step on a small input without leaking tensors', () => {
    for (const id of ['repvgg', 'resnet50']) {
      const shape = { inputShape: [16, 16, 3] as const, classes: 4, width: 0.25 };
      const { net } = build(id, 'dbb', shape);
      const x = tf.randomNormal([2, 16, 16, 3]) as tf.Tensor4D;
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const { grads } = tf.variableGrads(() => tf.mean(tf.square(net.forward(x, true))) as tf.Scalar);
        expect(Object.keys(grads).length).toBeGreaterThan(0);
      });
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
      net.dispose();
    }
  });
});

describe('genome validation', () => {
  const slots = () => slotInfos(registry.get('backbone', 'bench-net').slotDescriptors(mnistShape), registry);
  const check = (g: unknown) => () => validateGenome(g, slots(), registry);
  it('fills slots the genome does not name with no optional op', () => {
    const g = validateGenome({ stem: ['conv_1x1'] }, slots(), registry);
    expect(g.stem).toEqual(['conv_1x1']);
    expect(g['layer3.2.conv2']).toEqual([]);
  });
  it('names an unknown slot, an unknown op, an inapplicable op, duplicates and the main op', () => {
    // bench-net's 19 slots: the first 8 and how many more, as every list of names in a message.
    expect(check({ 'layer9.0.conv1': [] })).toThrow(/^genome names unknown slot 'layer9\.0\.conv1'; slots: stem, layer1\.0\.conv1, .* and 11 more$/);
    expect(check({ stem: ['conv_9x9'] })).toThrow("unknown op 'conv_9x9'");
    expect(check({ 'layer2.0.conv1': ['identity'] })).toThrow(
      "genome: op 'identity' does not apply to slot 'layer2.0.conv1' (cin 16 → cout 32, k 3, stride 2, groups 1): needs cin = cout (got 16 → 32)",
    );
    expect(check({ stem: ['conv_1x1', 'conv_1x1'] })).toThrow(/twice/);
    expect(check({ stem: ['conv_kxk'] })).toThrow(/always on/);
    expect(check(['conv_1x1'])).toThrow(ReparamError);
    expect(check({ stem: 'conv_1x1' })).toThrow(/^malformed genome at 'stem'/);
  });
});
