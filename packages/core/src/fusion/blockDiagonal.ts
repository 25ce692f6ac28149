import * as tf from '@tensorflow/tfjs';

/**
 * Grouped kernel `[kh, kw, cin / groups, cout]` → dense `[kh, kw, cin, cout]` with zeros outside each
 * group's block, for runtimes without grouped convolution.
 */
export function blockDiagonal(kernel: tf.Tensor4D, groups: number): tf.Tensor4D {
  if (groups === 1) return tf.clone(kernel);
  return tf.tidy(() => {
    const cinG = kernel.shape[2];
    const blocks = tf.split(kernel, groups, 3).map((block, g) =>
      tf.pad(block, [
        [0, 0],
        [0, 0],
        [g * cinG, (groups - 1 - g) * cinG],
        [0, 0],
      ]),
    );
    return tf.concat(blocks, 3) as tf.Tensor4D;
  });
}
