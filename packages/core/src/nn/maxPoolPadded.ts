import * as tf from '@tensorflow/tfjs';
import { centrePadding, toTfPadding } from './Padding.js';

/**
 * k×k max pooling with symmetric padding k//2 (PyTorch geometry; padding never wins the max), for
 * the ImageNet stem. tfjs `'same'` would pad bottom/right only on even sizes with stride 2.
 */
export function maxPoolPadded(x: tf.Tensor4D, k: number, stride: number): tf.Tensor4D {
  return tf.tidy(() => {
    const xp = tf.pad(x, toTfPadding(centrePadding(k, k)), -3.4e38) as tf.Tensor4D;
    return tf.maxPool(xp, k, stride, 'valid');
  });
}
