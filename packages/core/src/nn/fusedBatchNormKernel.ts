import * as tf from '@tensorflow/tfjs';

/**
 * Name of the optional fused batch-norm training kernel. A backend may register it (with a
 * gradient) to replace tfjs's chain of moments, broadcasts and reductions by one pass:
 * inputs `{x, gamma, beta}` (x NHWC, gamma/beta `[C]`), attr `{epsilon}`, outputs
 * `[y, mean, variance]` with the batch mean and biased variance over N, H, W.
 */
export const FUSED_BATCH_NORM_TRAIN_KERNEL = 'ReparamBatchNormTrain';

/** Runs the fused kernel when the active backend has one; undefined otherwise. */
export function fusedBatchNormTrain(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
): { y: tf.Tensor4D; mean: tf.Tensor1D; variance: tf.Tensor1D } | undefined {
  if (!tf.getKernel(FUSED_BATCH_NORM_TRAIN_KERNEL, tf.getBackend())) return undefined;
  const [y, mean, variance] = tf.engine().runKernel(
    FUSED_BATCH_NORM_TRAIN_KERNEL,
    { x, gamma, beta } as unknown as tf.NamedTensorMap,
    { epsilon } as unknown as tf.NamedAttrMap,
  ) as tf.Tensor[];
  return { y: y as tf.Tensor4D, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}

/**
 * Name of the optional per-channel affine kernel: inputs `{x, scale, shift}` (x with channels last,
 * scale/shift `[C]`), output `x·scale + shift`. A backend may register it (with a gradient) to make
 * a batch norm in inference mode one pass instead of a multiply and an add.
 */
export const CHANNEL_AFFINE_KERNEL = 'ReparamChannelAffine';

/** `x·scale + shift` per channel: the backend's one-pass kernel when it has one, tfjs's mul and add otherwise. */
export function channelAffine(x: tf.Tensor4D, scale: tf.Tensor1D, shift: tf.Tensor1D): tf.Tensor4D {
  if (!tf.getKernel(CHANNEL_AFFINE_KERNEL, tf.getBackend())) return tf.add(tf.mul(x, scale), shift) as tf.Tensor4D;
  return tf.engine().runKernel(CHANNEL_AFFINE_KERNEL, { x, scale, shift } as unknown as tf.NamedTensorMap, {}) as tf.Tensor4D;
}
