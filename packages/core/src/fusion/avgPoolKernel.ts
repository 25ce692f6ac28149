import type * as tf from '@tensorflow/tfjs';
import { channelDiagonalKernel } from './identityKernel.js';

/**
 * k×k average pooling (zero padding counted in the mean) as a convolution: 1/k² on each channel's
 * own input channel; grouped form `[k, k, channels / groups, channels]`.
 */
export function avgPoolKernel(k: number, channels: number, groups = 1): tf.Tensor4D {
  const w = 1 / (k * k);
  return channelDiagonalKernel(k, channels, groups, () => w);
}
