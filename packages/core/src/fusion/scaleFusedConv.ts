import * as tf from '@tensorflow/tfjs';
import type { FusedConv } from './FusedConv.js';

/** A branch multiplied by a per-output-channel scale (the `scaled` aggregation) folds to kernel·s, bias·s. */
export function scaleFusedConv(f: FusedConv, scale: tf.Tensor1D): FusedConv {
  return tf.tidy(() => ({
    kernel: tf.mul(f.kernel, scale) as tf.Tensor4D,
    bias: tf.mul(f.bias, scale) as tf.Tensor1D,
  }));
}
