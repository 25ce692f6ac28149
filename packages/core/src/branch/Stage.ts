import type * as tf from '@tensorflow/tfjs';
import type { FusedConv } from '../fusion/FusedConv.js';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import type { Module } from '../nn/Module.js';

/**
 * One linear step of a branch (conv→BN, pool→BN, BN) that folds to a conv with bias of its own
 * kernel size. `ConvBn` from core is one.
 */
export interface Stage extends Module {
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
  fold(): FusedConv;
  /** Adds the stage in eval mode to `g` reading `input`; returns its output id (optional, see {@link Branch.describe}). */
  describe?(g: GraphBuilder, input: string): string;
}
