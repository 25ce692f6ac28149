import * as tf from '@tensorflow/tfjs';
import type { Padding } from './Padding.js';
import { isZeroPadding, toTfPadding } from './Padding.js';

/**
 * Pads an NHWC map with a per-channel value instead of zero (tf.pad only takes a scalar):
 * pad(x − v, 0) + v. Differentiable in both `x` and `value`; the gradient is computed directly
 * (∂x = dy's interior, ∂v = Σ dy − Σ interior, per channel) so that, unlike the chain of tfjs's
 * sub, pad and add, it saves none of the three intermediate maps for the backward pass.
 */
export function padWithValue(x: tf.Tensor4D, padding: Padding, value: tf.Tensor1D): tf.Tensor4D {
  if (isZeroPadding(padding)) return x;
  const [top, , left] = padding;
  const pad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, v] = args as [tf.Tensor4D, tf.Tensor1D];
    return {
      value: tf.tidy(() => tf.add(tf.pad(tf.sub(input, v), toTfPadding(padding)), v) as tf.Tensor4D),
      gradFunc: (dy: tf.Tensor) =>
        tf.tidy(() => {
          const dx = tf.slice(dy, [0, top, left, 0], input.shape);
          return [dx, tf.sub(tf.sum(dy, [0, 1, 2]), tf.sum(dx, [0, 1, 2]))];
        }),
    };
  });
  return pad(x, value) as tf.Tensor4D;
}
