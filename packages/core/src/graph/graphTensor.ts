import * as tf from '@tensorflow/tfjs';
import type { GraphTensor } from './NetworkGraph.js';

/** A copy of a tfjs tensor's values as a {@link GraphTensor} (float32). */
export function graphTensor(t: tf.Tensor): GraphTensor {
  return { shape: [...t.shape], values: Float32Array.from(t.dataSync() as Float32Array) };
}

/** A new tfjs tensor holding a {@link GraphTensor}'s values; the caller disposes it. */
export function tensorOf(t: GraphTensor): tf.Tensor {
  return tf.tensor(t.values, [...t.shape], 'float32');
}
