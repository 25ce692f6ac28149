import * as tf from '@tensorflow/tfjs';

/**
 * A variable initialised from `init` without leaking the initial tensor (tf.variable keeps the
 * initial tensor alive otherwise). Variable names are left to tfjs: its names are global.
 */
export function makeVariable<R extends tf.Rank>(init: () => tf.Tensor<R>, trainable = true): tf.Variable<R> {
  return tf.tidy(() => tf.variable(init(), trainable)) as tf.Variable<R>;
}
