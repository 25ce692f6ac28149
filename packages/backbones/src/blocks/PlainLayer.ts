import * as tf from '@tensorflow/tfjs';
import type { GraphBuilder, Parameter, RepSlot } from '@reparam/core';
import { slotNode } from './slotNode.js';
import type { BlockPlan } from '../slotPlan.js';
import type { Block, SlotBuilder } from './Block.js';

/** slot → ReLU with no shortcut (RepVGG-style). */
export class PlainLayer implements Block {
  private readonly slot: RepSlot;

  constructor(plan: BlockPlan, buildSlot: SlotBuilder) {
    this.slot = buildSlot(plan.slots[0]);
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.slot.forward(x, training, { relu: true });
  }

  describe(g: GraphBuilder, input: string): string {
    return g.add({ op: 'relu', input: slotNode(g, this.slot, input) }, `${this.slot.name}/relu`);
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
