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
