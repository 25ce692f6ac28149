import * as tf from '@tensorflow/tfjs';
import { BatchNorm, type FusedConv, fuseConvBn, type GraphBuilder, identityKernel, type Parameter, tidyFused } from '@reparam/core';
import type { Stage } from '@reparam/core';

/** BN(x) alone; folds to the 1×1 identity kernel (per group) through the BN. */
export class IdentityBn implements Stage {
  readonly bn: BatchNorm;

  constructor(
    readonly channels: number,
    readonly groups: number,
    name: string,
  ) {
    this.bn = new BatchNorm(channels, `${name}/bn`);
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.bn.forward(x, training);
  }

  fold(): FusedConv {
    return tidyFused(() => fuseConvBn(identityKernel(1, this.channels, this.groups), this.bn.stats()));
  }

  describe(g: GraphBuilder, input: string): string {
    return this.bn.describe(g, input);
  }

  parameters(): Parameter[] {
    return this.bn.parameters();
  }

  dispose(): void {
    this.bn.dispose();
  }
}
