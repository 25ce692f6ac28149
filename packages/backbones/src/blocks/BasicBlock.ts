import * as tf from '@tensorflow/tfjs';
import { ConvBn, type GraphBuilder, type Parameter, type RepSlot, type Rng } from '@reparam/core';
import { slotNode } from './slotNode.js';
import type { BlockPlan } from '../slotPlan.js';
import type { Block, SlotBuilder } from './Block.js';

/** slot → ReLU → slot, plus the shortcut (identity or 1×1 conv + BN), → ReLU. */
export class BasicBlock implements Block {
  private readonly conv1: RepSlot;
  private readonly conv2: RepSlot;
  private readonly shortcut: ConvBn | undefined;
  private readonly name: string;

  constructor(plan: BlockPlan, buildSlot: SlotBuilder, rng: Rng) {
    this.name = plan.name;
    this.conv1 = buildSlot(plan.slots[0]);
    this.conv2 = buildSlot(plan.slots[1]);
    this.shortcut = plan.projection
      ? new ConvBn({ kh: 1, kw: 1, cin: plan.cin, cout: plan.cout, stride: plan.stride }, `${plan.name}.shortcut`, rng)
      : undefined;
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      // The ReLU and the residual add go to the slots as epilogues: one kernel each at inference.
      const h = this.conv1.forward(x, training, { relu: true });
      const sc = this.shortcut ? this.shortcut.forwardWithEpilogue(x, training, undefined) : x;
      return this.conv2.forward(h, training, { residual: sc, relu: true });
    });
  }

  describe(g: GraphBuilder, input: string): string {
    const h = g.add({ op: 'relu', input: slotNode(g, this.conv1, input) }, `${this.conv1.name}/relu`);
    const out = slotNode(g, this.conv2, h);
    const sc = this.shortcut ? this.shortcut.describe(g, input) : input;
    const sum = g.add({ op: 'add', inputs: [out, sc] }, `${this.name}/add`);
    return g.add({ op: 'relu', input: sum }, `${this.name}/relu`);
  }

  slots(): [string, RepSlot][] {
    return [
      [this.conv1.name, this.conv1],
      [this.conv2.name, this.conv2],
    ];
  }

  parameters(): Parameter[] {
    return [...this.conv1.parameters(), ...this.conv2.parameters(), ...(this.shortcut?.parameters() ?? [])];
  }

  dispose(): void {
    this.conv1.dispose();
    this.conv2.dispose();
    this.shortcut?.dispose();
  }
}
