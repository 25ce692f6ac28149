import * as tf from '@tensorflow/tfjs';
import type { FusedConv } from './FusedConv.js';

/** Parallel branches fold to the sum of their kernels and the sum of their biases (same shapes). */
export function addFusedConvs(branches: readonly FusedConv[]): FusedConv {
  if (branches.length === 0) throw new Error('addFusedConvs needs at least one branch');
  return tf.tidy(() => ({
    kernel: tf.addN(branches.map((b) => b.kernel)) as tf.Tensor4D,
    bias: tf.addN(branches.map((b) => b.bias)) as tf.Tensor1D,
  }));
}
