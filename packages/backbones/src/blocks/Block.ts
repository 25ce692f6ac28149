import type * as tf from '@tensorflow/tfjs';
import type { GraphBuilder, Module, RepSlot, SlotInfo } from '@reparam/core';

/** Builds the RepSlot for a slot of the plan (genome, ops, aggregation and seed are bound in). */
export type SlotBuilder = (slot: Pick<SlotInfo, 'name' | 'spec'>) => RepSlot;

/** A residual or plain block of the network. */
export interface Block extends Module {
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
  /** Adds the block in eval mode to `g` reading `input`, its RepSlots as `slot` nodes; returns the output id. */
  describe(g: GraphBuilder, input: string): string;
  /** The block's slots by name. */
  slots(): [string, RepSlot][];
}
