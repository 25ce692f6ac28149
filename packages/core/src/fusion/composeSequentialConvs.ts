import * as tf from '@tensorflow/tfjs';
import type { FusedConv } from './FusedConv.js';

/**
 * Two convolutions in a row fold to one: `second(first(x))`, with `first` at stride 1 and the map
 * between them padded with `first`'s own bias (pad-aware BN), equals one conv of size
 * (h1 + h2 − 1)×(w1 + w2 − 1) whose kernel is the full correlation of the two kernels, contracted
 * over the middle channels, and whose bias is b2 + Σ K2·b1. Both convolutions have `groups` groups
 * (the middle channels are split like the outputs of `first`). DBB's transform III generalised
 * beyond 1×1 first stages.
 */
export function composeSequentialConvs(first: FusedConv, second: FusedConv, groups = 1): FusedConv {
  return tf.tidy(() => {
    const [h1, w1, cinG, cmid] = first.kernel.shape;
    const [h2, w2, cmidG, cout] = second.kernel.shape;
    if (cmid !== cmidG * groups) {
      throw new Error(`cannot compose: first has ${cmid} outputs, second reads ${cmidG}×${groups} groups`);
    }
    const coutG = cout / groups;
    const k1s = tf.split(first.kernel, groups, 3);
    const b1s = tf.split(first.bias, groups, 0);
    const k2s = tf.split(second.kernel, groups, 3);
    const kernels: tf.Tensor4D[] = [];
    const biases: tf.Tensor1D[] = [];
    for (let g = 0; g < groups; g++) {
      const k1 = tf.reshape(k1s[g], [h1 * w1 * cinG, cmidG]);
      const k2 = k2s[g] as tf.Tensor4D;
      const parts: tf.Tensor4D[] = [];
      for (let y = 0; y < h2; y++) {
        for (let x = 0; x < w2; x++) {
          const tap = tf.reshape(tf.slice(k2 as tf.Tensor4D, [y, x, 0, 0], [1, 1, cmidG, coutG]), [cmidG, coutG]);
          const contrib = tf.reshape(tf.matMul(k1, tap), [h1, w1, cinG, coutG]) as tf.Tensor4D;
          parts.push(
            tf.pad(contrib, [
              [y, h2 - 1 - y],
              [x, w2 - 1 - x],
              [0, 0],
              [0, 0],
            ]),
          );
        }
      }
      kernels.push(tf.addN(parts) as tf.Tensor4D);
      const k2Summed = tf.sum(k2, [0, 1]) as tf.Tensor2D; // [cmidG, coutG]
      biases.push(tf.reshape(tf.matMul(tf.reshape(b1s[g], [1, cmidG]), k2Summed), [coutG]));
    }
    const kernel = (groups === 1 ? kernels[0] : tf.concat(kernels, 3)) as tf.Tensor4D;
    const bias = tf.add(second.bias, groups === 1 ? biases[0] : tf.concat(biases, 0)) as tf.Tensor1D;
    return { kernel, bias };
  });
}
