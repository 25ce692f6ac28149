import * as tf from '@tensorflow/tfjs';
import type { BatchNormStats } from '../nn/BatchNorm.js';
import type { FusedConv } from './FusedConv.js';

/**
 * conv → BN folds to one conv: kernel·γ/σ per output channel, bias β + (b − μ)·γ/σ, with
 * σ = sqrt(var + eps). `convBias` defaults to zero (the branches' convs have no bias).
 */
export function fuseConvBn(kernel: tf.Tensor4D, bn: BatchNormStats, convBias?: tf.Tensor1D): FusedConv {
  return tf.tidy(() => {
    const scale = tf.div(bn.gamma, tf.sqrt(tf.add(bn.variance, bn.eps))) as tf.Tensor1D;
    const centred = convBias ? tf.sub(convBias, bn.mean) : tf.neg(bn.mean);
    return {
      kernel: tf.mul(kernel, scale) as tf.Tensor4D,
      bias: tf.add(bn.beta, tf.mul(centred, scale)) as tf.Tensor1D,
    };
  });
}
