import * as tf from '@tensorflow/tfjs';

/**
 * Name of the optional fused SGD update kernel a backend may register, to update a parameter in
 * one call instead of five elementwise ops: inputs `{w, g, v}` (same shape), attrs
 * `{lr, momentum, weightDecay, nesterov}`, outputs `[w', v']` with PyTorch's SGD semantics
 * (g += wd·w; v' = m·v + g; w' = w − lr·(nesterov ? g + m·v' : v')).
 */
export const FUSED_SGD_KERNEL = 'ReparamSgdUpdate';

/** Whether the active backend has the fused SGD kernel. */
export function hasFusedSgd(): boolean {
  return tf.getKernel(FUSED_SGD_KERNEL, tf.getBackend()) !== undefined;
}
