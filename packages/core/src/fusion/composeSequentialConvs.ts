import * as tf from '@tensorflow/tfjs';
import { composeSequentialKernels } from './composeSequentialKernels.js';
import type { FusedConv } from './FusedConv.js';

/**
 * Two convolutions in a row fold to one: `second(first(x))`, with `first` at stride 1 and the map
 * between them padded with `first`'s own bias (pad-aware BN), equals one conv of size
 * (h1 + h2 − 1)×(w1 + w2 − 1) whose kernel is {@link composeSequentialKernels} of the two kernels
 * and whose bias is b2 + Σ K2·b1 (the padded border holds b1 too, so every output sees all of K2).
 * Both convolutions have `groups` groups. DBB's transform III generalised beyond 1×1 first stages.
 */
export function composeSequentialConvs(first: FusedConv, second: FusedConv, groups = 1): FusedConv {
  return tf.tidy(() => {
    const kernel = composeSequentialKernels(first.kernel, second.kernel, groups);
    const [, , cmidG, cout] = second.kernel.shape;
    const coutG = cout / groups;
    const b1s = tf.split(first.bias, groups, 0);
    const k2s = tf.split(second.kernel, groups, 3);
    const biases = k2s.map((k2, g) => {
      const k2Summed = tf.sum(k2, [0, 1]) as tf.Tensor2D; // [cmidG, coutG]
      return tf.reshape(tf.matMul(tf.reshape(b1s[g], [1, cmidG]), k2Summed), [coutG]) as tf.Tensor1D;
    });
    const bias = tf.add(second.bias, groups === 1 ? biases[0] : tf.concat(biases, 0)) as tf.Tensor1D;
    return { kernel, bias };
  });
}
