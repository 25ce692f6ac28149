import * as tf from '@tensorflow/tfjs';
import { padKernel } from './padKernel.js';

/**
 * Name of the optional fused kernel behind {@link weightedKernelSum}. A backend may register it
 * (with a gradient): inputs an array of n kernels `[kh_i, kw_i, cin, cout]` (odd sizes up to the
 * output's) then their n scales `[cout]`, attrs `{n, kh, kw}`, output `[kh, kw, cin, cout]`: the sum
 * of the kernels, each centred and scaled per output channel.
 */
export const WEIGHTED_KERNEL_SUM_KERNEL = 'ReparamWeightedKernelSum';

/**
 * Σᵢ centre(kernels[i]) · scales[i]: each kernel `[kh_i, kw_i, cin, cout]` (odd sizes up to k)
 * centred in k×k and scaled by its per-output-channel `[cout]` scale — the merged kernel of an
 * online slot (and, through its BN, its fold). Differentiable in every kernel and scale. One kernel
 * call where the backend registers {@link WEIGHTED_KERNEL_SUM_KERNEL} (otherwise a slot of n
 * branches costs up to 3n tfjs ops forward and more backward), tf ops elsewhere.
 */
export function weightedKernelSum(kernels: readonly tf.Tensor4D[], scales: readonly tf.Tensor1D[], k: number): tf.Tensor4D {
  if (kernels.length === 0 || kernels.length !== scales.length) {
    throw new Error(`weightedKernelSum needs as many scales as kernels, at least one (got ${kernels.length} and ${scales.length})`);
  }
  if (tf.getKernel(WEIGHTED_KERNEL_SUM_KERNEL, tf.getBackend())) {
    for (const kernel of kernels) centreOffset(kernel, k); // the same checks as padKernel's
    // An array of inputs, as tfjs's AddN takes them, so that a gradient can save them all.
    const inputs = [...kernels, ...scales] as unknown as tf.NamedTensorMap;
    return tf.engine().runKernel(WEIGHTED_KERNEL_SUM_KERNEL, inputs, { n: kernels.length, kh: k, kw: k } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
  }
  return tf.tidy(() => {
    const scaled = kernels.map((kernel, i) => tf.mul(padKernel(kernel, k, k), scales[i]) as tf.Tensor4D);
    return scaled.length === 1 ? scaled[0] : (tf.addN(scaled) as tf.Tensor4D);
  });
}

function centreOffset(kernel: tf.Tensor4D, k: number): void {
  const [h, w] = kernel.shape;
  if (h > k || w > k || (k - h) % 2 !== 0 || (k - w) % 2 !== 0) throw new Error(`cannot centre a ${h}×${w} kernel in ${k}×${k}`);
}
