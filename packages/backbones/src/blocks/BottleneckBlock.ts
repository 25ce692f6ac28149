import * as tf from '@tensorflow/tfjs';
import { ConvBn, type Parameter, type RepSlot, type Rng } from '@reparam/core';
import type { BlockPlan } from '../slotPlan.js';
import type { Block, SlotBuilder } from './Block.js';

/** 1×1 conv + BN → ReLU → slot (stride) → ReLU → 1×1 conv + BN, plus the shortcut, → ReLU. */
export class BottleneckBlock implements Block {
  private readonly reduce: ConvBn;
  private readonly conv2: RepSlot;
  private readonly expand: ConvBn;
  private readonly shortcut: ConvBn | undefined;

  constructor(plan: BlockPlan, buildSlot: SlotBuilder, rng: Rng) {
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
      let out = tf.relu(this.reduce.forward(x, training));
      out = tf.relu(this.conv2.forward(out, training));
      out = this.expand.forward(out, training);
      const sc = this.shortcut ? this.shortcut.forward(x, training) : x;
      return tf.relu(tf.add(out, sc)) as tf.Tensor4D;
    });
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
