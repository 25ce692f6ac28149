import type * as tf from '@tensorflow/tfjs';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import type { Module } from '../nn/Module.js';

/**
 * One linear step of a BN-free branch (a convolution, an average pool, the identity): a kernel of
 * its own size plus the same map computed directly. {@link Conv2d} is one.
 */
export interface LinearStage extends Module {
  /**
   * The stage's kernel, grouped form `[kh, kw, cin/groups, cout]`, differentiable in its weights. It
   * may be the stage's own variable or a constant it keeps: use it, never dispose it.
   */
  linearKernel(): tf.Tensor4D;
  /** The stage applied directly (with its own input padding and stride). */
  forward(x: tf.Tensor4D): tf.Tensor4D;
  /** Adds the stage to `g` reading `input`; returns its output id (optional, see {@link Branch.describe}). */
  describe?(g: GraphBuilder, input: string): string;
}
