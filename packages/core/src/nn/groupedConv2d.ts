import * as tf from '@tensorflow/tfjs';
import type { Padding } from './Padding.js';
import { isZeroPadding, toTfPadding } from './Padding.js';

/**
 * NHWC convolution with explicit padding and groups.
 *
 * `kernel` is in grouped form `[kh, kw, cin / groups, cout]`: output channel `o` belongs to group
 * `floor(o / (cout / groups))` and reads that group's input channels. tfjs has no grouped conv2d, so
 * groups > 1 split the input and kernel, convolve each group and concatenate.
 */
export function groupedConv2d(
  x: tf.Tensor4D,
  kernel: tf.Tensor4D,
  stride: number,
  padding: Padding,
  groups = 1,
): tf.Tensor4D {
  const pad = isZeroPadding(padding) ? 'valid' : toTfPadding(padding);
  if (groups === 1) return tf.conv2d(x, kernel, stride, pad);
  return tf.tidy(() => {
    const xs = tf.split(x, groups, 3);
    const ks = tf.split(kernel, groups, 3);
    const ys = xs.map((xg, g) => tf.conv2d(xg as tf.Tensor4D, ks[g] as tf.Tensor4D, stride, pad));
    return tf.concat(ys, 3);
  });
}
