import type * as tf from '@tensorflow/tfjs';
import type { FusedConv } from '../fusion/FusedConv.js';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import type { Module } from '../nn/Module.js';
import type { Epilogue } from '../nn/Epilogue.js';

/**
 * One linear step of a branch (conv→BN, pool→BN, BN) that folds to a conv with bias of its own
 * kernel size. `ConvBn` from core is one.
 */
export interface Stage extends Module {
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
  fold(): FusedConv;
  /** Optional: `forward` followed by the epilogue, when the stage can run both faster together (ConvBn). */
  forwardWithEpilogue?(x: tf.Tensor4D, training: boolean, epilogue: Epilogue | undefined): tf.Tensor4D;
  /** Adds the stage in eval mode to `g` reading `input`; returns its output id (optional, see {@link Branch.describe}). */
  describe?(g: GraphBuilder, input: string): string;
}
