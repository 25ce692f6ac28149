import * as tf from '@tensorflow/tfjs';
import { sumTensors } from './sumTensors.js';

/**
 * What a block applies right after a slot or conv+BN: `relu(y + residual)`, each part optional.
 * Handing it to the layer lets an inference backend run conv, BN, residual add and ReLU as one
 * kernel (see {@link convEpilogue}); everywhere else it is applied as separate ops, unchanged.
 */
export interface Epilogue {
  /** Added to the output (a residual shortcut), same shape. */
  readonly residual?: tf.Tensor4D;
  /** ReLU after the residual add. */
  readonly relu?: boolean;
}

/** `relu(y + residual)` as separate ops (what {@link Epilogue} means); `y` itself without an epilogue. */
export function applyEpilogue(y: tf.Tensor4D, epilogue: Epilogue | undefined): tf.Tensor4D {
  if (!epilogue) return y;
  return tf.tidy(() => {
    const sum = epilogue.residual ? sumTensors([y, epilogue.residual]) : y;
    return epilogue.relu ? (tf.relu(sum) as tf.Tensor4D) : sum;
  });
}
