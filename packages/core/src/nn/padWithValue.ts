import * as tf from '@tensorflow/tfjs';
import type { Padding } from './Padding.js';
import { isZeroPadding, toTfPadding } from './Padding.js';

/**
 * Pads an NHWC map with a per-channel value instead of zero (tf.pad only takes a scalar):
 * pad(x − v, 0) + v. Differentiable in both `x` and `value`.
 */
export function padWithValue(x: tf.Tensor4D, padding: Padding, value: tf.Tensor1D): tf.Tensor4D {
  if (isZeroPadding(padding)) return x;
  return tf.tidy(() => tf.add(tf.pad(tf.sub(x, value), toTfPadding(padding)), value) as tf.Tensor4D);
}
