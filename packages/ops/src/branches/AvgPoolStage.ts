import * as tf from '@tensorflow/tfjs';
import { avgPoolKernel, avgPoolZeroPadded, centrePadding, type GraphBuilder, type LinearStage, type Parameter } from '@reparam/core';

/**
 * k×k average pooling (zero padding counted in the mean when `padded`) as a BN-free stage: its
 * kernel is the constant 1/k² channel-diagonal kernel.
 */
export class AvgPoolStage implements LinearStage {
  private readonly kernel: tf.Tensor4D;

  constructor(
    readonly k: number,
    channels: number,
    readonly stride: number,
    groups: number,
    readonly padded: boolean,
    readonly name: string,
  ) {
    this.kernel = tf.keep(avgPoolKernel(k, channels, groups));
  }

  linearKernel(): tf.Tensor4D {
    return this.kernel;
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    return avgPoolZeroPadded(x, this.k, this.stride, this.padded);
  }

  describe(g: GraphBuilder, input: string): string {
    const padding = this.padded ? centrePadding(this.k, this.k) : ([0, 0, 0, 0] as const);
    return g.add({ op: 'avgPool', input, k: this.k, stride: this.stride, padding }, `${this.name}/avgpool`);
  }

  parameters(): Parameter[] {
    return [];
  }

  dispose(): void {
    this.kernel.dispose();
  }
}
