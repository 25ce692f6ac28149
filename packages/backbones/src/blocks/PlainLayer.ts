import * as tf from '@tensorflow/tfjs';
import type { Parameter, RepSlot } from '@reparam/core';
import type { BlockPlan } from '../slotPlan.js';
import type { Block, SlotBuilder } from './Block.js';

/** slot → ReLU with no shortcut (RepVGG-style). */
export class PlainLayer implements Block {
  private readonly slot: RepSlot;

  constructor(plan: BlockPlan, buildSlot: SlotBuilder) {
    this.slot = buildSlot(plan.slots[0]);
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => tf.relu(this.slot.forward(x, training)));
  }

  slots(): [string, RepSlot][] {
    return [[this.slot.name, this.slot]];
  }

  parameters(): Parameter[] {
    return this.slot.parameters();
  }

  dispose(): void {
    this.slot.dispose();
  }
}
