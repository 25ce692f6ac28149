import * as tf from '@tensorflow/tfjs';
import { type GraphBuilder, identityKernel, type LinearStage, type Parameter } from '@reparam/core';

/** The identity map as a BN-free stage: its kernel is the constant 1×1 identity (per group). */
export class IdentityStage implements LinearStage {
  private readonly kernel: tf.Tensor4D;

  constructor(channels: number, groups: number) {
    // Kept across steps (and out of any caller's tidy): it is a constant of the branch.
    this.kernel = tf.keep(identityKernel(1, channels, groups));
  }

  linearKernel(): tf.Tensor4D {
    return this.kernel;
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.clone(x);
  }

  describe(_g: GraphBuilder, input: string): string {
    return input;
  }

  parameters(): Parameter[] {
    return [];
  }

  dispose(): void {
    this.kernel.dispose();
  }
}
