import * as tf from '@tensorflow/tfjs';
import type { Parameter } from '../nn/Parameter.js';
import type { Rng } from '../rng.js';

/**
 * Overwrites every parameter with random values suited to its role — non-trivial BN running
 * statistics, γ, β and scales — so a fusion check exercises every term of the fold.
 */
export function randomizeParameters(parameters: readonly Parameter[], rng: Rng): void {
  for (const p of parameters) {
    const n = p.variable.size;
    let values: Float32Array;
    switch (p.role) {
      case 'weight':
        values = rng.normalArray(n, 0, 0.3);
        break;
      case 'bias':
      case 'bn-beta':
      case 'bn-mean':
        values = rng.normalArray(n, 0, 0.5);
        break;
      case 'bn-var':
        values = rng.uniformArray(n, 0.5, 2);
        break;
      case 'bn-gamma':
      case 'scale':
        values = rng.uniformArray(n, 0.5, 1.5);
        break;
    }
    tf.tidy(() => p.variable.assign(tf.tensor(values, p.variable.shape, 'float32')));
  }
}
