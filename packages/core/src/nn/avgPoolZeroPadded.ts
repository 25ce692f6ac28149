import * as tf from '@tensorflow/tfjs';
import { centrePadding, isZeroPadding, toTfPadding } from './Padding.js';

/**
 * k×k average pooling with zero padding k//2 that counts in the mean (PyTorch's
 * `count_include_pad=True`), so it equals a convolution with 1/k² weights. tfjs `avgPool('same')`
 * leaves padding out of the mean, hence the explicit pad and a `'valid'` pool.
 */
export function avgPoolZeroPadded(x: tf.Tensor4D, k: number, stride: number, padded = true): tf.Tensor4D {
  return tf.tidy(() => {
    const p = padded ? centrePadding(k, k) : ([0, 0, 0, 0] as const);
    const xp = isZeroPadding(p) ? x : (tf.pad(x, toTfPadding(p)) as tf.Tensor4D);
    return tf.avgPool(xp, k, stride, 'valid');
  });
}
