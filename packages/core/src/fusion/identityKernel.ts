import * as tf from '@tensorflow/tfjs';

/**
 * The k×k kernel of the identity map on `channels` channels, in grouped form
 * `[k, k, channels / groups, channels]`: 1 at the centre where the in-group input channel is the
 * output channel's own, 0 elsewhere.
 */
export function identityKernel(k: number, channels: number, groups = 1): tf.Tensor4D {
  return channelDiagonalKernel(k, channels, groups, (ky, kx) => (ky === (k - 1) / 2 && kx === (k - 1) / 2 ? 1 : 0));
}

/**
 * A kernel that maps each channel only to itself (depthwise-diagonal), with spatial weight
 * `weightAt(ky, kx)`; grouped form `[k, k, channels / groups, channels]`.
 */
export function channelDiagonalKernel(
  k: number,
  channels: number,
  groups: number,
  weightAt: (ky: number, kx: number) => number,
): tf.Tensor4D {
  const perGroup = channels / groups;
  const buf = tf.buffer([k, k, perGroup, channels], 'float32');
  for (let ky = 0; ky < k; ky++) {
    for (let kx = 0; kx < k; kx++) {
      const v = weightAt(ky, kx);
      if (v === 0) continue;
      for (let o = 0; o < channels; o++) buf.set(v, ky, kx, o % perGroup, o);
    }
  }
  return buf.toTensor() as tf.Tensor4D;
}
