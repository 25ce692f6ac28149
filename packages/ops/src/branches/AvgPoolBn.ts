import * as tf from '@tensorflow/tfjs';
import {
  avgPoolKernel,
  avgPoolZeroPadded,
  BatchNorm,
  centrePadding,
  type FusedConv,
  fuseConvBn,
  type GraphBuilder,
  type Parameter,
  tidyFused,
} from '@reparam/core';
import type { Stage } from '@reparam/core';

/**
 * k×k average pooling (zero padding counted in the mean when `padded`) → BN; folds to the 1/k²
 * channel-diagonal kernel through the BN.
 */
export class AvgPoolBn implements Stage {
  readonly bn: BatchNorm;

  constructor(
    readonly k: number,
    readonly channels: number,
    readonly stride: number,
    readonly groups: number,
    readonly padded: boolean,
    readonly name: string,
  ) {
    this.bn = new BatchNorm(channels, `${name}/bn`);
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => this.bn.forward(avgPoolZeroPadded(x, this.k, this.stride, this.padded), training));
  }

  fold(): FusedConv {
    return tidyFused(() => fuseConvBn(avgPoolKernel(this.k, this.channels, this.groups), this.bn.stats()));
  }

  describe(g: GraphBuilder, input: string): string {
    const padding = this.padded ? centrePadding(this.k, this.k) : ([0, 0, 0, 0] as const);
    const pooled = g.add({ op: 'avgPool', input, k: this.k, stride: this.stride, padding }, `${this.name}/avgpool`);
    return this.bn.describe(g, pooled);
  }

  parameters(): Parameter[] {
    return this.bn.parameters();
  }

  dispose(): void {
    this.bn.dispose();
  }
}
