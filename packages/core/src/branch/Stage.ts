import type * as tf from '@tensorflow/tfjs';
import type { FusedConv } from '../fusion/FusedConv.js';
import type { Module } from '../nn/Module.js';

/**
 * One linear step of a branch (conv→BN, pool→BN, BN) that folds to a conv with bias of its own
 * kernel size. `ConvBn` from core is one.
 */
export interface Stage extends Module {
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
  fold(): FusedConv;
}
