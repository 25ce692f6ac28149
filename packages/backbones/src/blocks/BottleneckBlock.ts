import * as tf from '@tensorflow/tfjs';
import { ConvBn, type GraphBuilder, type Parameter, type RepSlot, type Rng } from '@reparam/core';
import { slotNode } from './slotNode.js';
import type { BlockPlan } from '../slotPlan.js';
import type { Block, SlotBuilder } from './Block.js';

/** 1×1 conv + BN → ReLU → slot (stride) → ReLU → 1×1 conv + BN, plus the shortcut, → ReLU. */
export class BottleneckBlock implements Block {
  private readonly reduce: ConvBn;
  private readonly conv2: RepSlot;
  private readonly expand: ConvBn;
  private readonly shortcut: ConvBn | undefined;
  private readonly name: string;

  constructor(plan: BlockPlan, buildSlot: SlotBuilder, rng: Rng) {
    this.name = plan.name;
    const mid = plan.slots[0].spec.cin;
    this.reduce = new ConvBn({ kh: 1, kw: 1, cin: plan.cin, cout: mid }, `${plan.name}.conv1`, rng);
    this.conv2 = buildSlot(plan.slots[0]);
    this.expand = new ConvBn({ kh: 1, kw: 1, cin: mid, cout: plan.cout }, `${plan.name}.conv3`, rng);
    this.shortcut = plan.projection
      ? new ConvBn({ kh: 1, kw: 1, cin: plan.cin, cout: plan.cout, stride: plan.stride }, `${plan.name}.shortcut`, rng)
      : undefined;
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      // ReLUs and the residual add go to the layers as epilogues: one kernel each at inference.
      let out = this.reduce.forwardWithEpilogue(x, training, { relu: true });
      out = this.conv2.forward(out, training, { relu: true });
      const sc = this.shortcut ? this.shortcut.forwardWithEpilogue(x, training, undefined) : x;
      return this.expand.forwardWithEpilogue(out, training, { residual: sc, relu: true });
    });
  }

  describe(g: GraphBuilder, input: string): string {
    let h = g.add({ op: 'relu', input: this.reduce.describe(g, input) }, `${this.reduce.name}/relu`);
    h = g.add({ op: 'relu', input: slotNode(g, this.conv2, h) }, `${this.conv2.name}/relu`);
    const out = this.expand.describe(g, h);
    const sc = this.shortcut ? this.shortcut.describe(g, input) : input;
    const sum = g.add({ op: 'add', inputs: [out, sc] }, `${this.name}/add`);
    return g.add({ op: 'relu', input: sum }, `${this.name}/relu`);
  }

  slots(): [string, RepSlot][] {
    return [[this.conv2.name, this.conv2]];
  }

  parameters(): Parameter[] {
    return [
      ...this.reduce.parameters(),
      ...this.conv2.parameters(),
      ...this.expand.parameters(),
      ...(this.shortcut?.parameters() ?? []),
    ];
  }

  dispose(): void {
    this.reduce.dispose();
    this.conv2.dispose();
    this.expand.dispose();
    this.shortcut?.dispose();
  }
}
