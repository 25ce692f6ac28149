import * as tf from '@tensorflow/tfjs';
import { composeSequentialKernels } from '../fusion/composeSequentialKernels.js';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import { describeModule } from '../graph/describeModule.js';
import type { Padding } from '../nn/Padding.js';
import { isZeroPadding, toTfPadding } from '../nn/Padding.js';
import type { Parameter } from '../nn/Parameter.js';
import type { LinearBranch } from '../op/LinearBranch.js';
import type { SlotSpec } from '../slot/SlotSpec.js';
import type { LinearStage } from './LinearStage.js';

/**
 * Two BN-free stages in a row (1×1→k×k, 1×1→avg, 1×k→k×1, …) with the map between them padded by
 * `between` with zeros: without a BN in between there is no bias, so zero padding is what makes the
 * pair one convolution (the BN form needs pad-aware BN for the same reason).
 */
export class LinearSequentialBranch implements LinearBranch {
  constructor(
    readonly opId: string,
    readonly spec: SlotSpec,
    readonly first: LinearStage,
    readonly second: LinearStage,
    readonly between: Padding,
  ) {}

  linearKernel(): tf.Tensor4D {
    return composeSequentialKernels(this.first.linearKernel(), this.second.linearKernel(), this.spec.groups);
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    return tf.tidy(() => {
      const mid = this.first.forward(x);
      return this.second.forward(isZeroPadding(this.between) ? mid : (tf.pad(mid, toTfPadding(this.between)) as tf.Tensor4D));
    });
  }

  describe(g: GraphBuilder, input: string): string {
    let mid = describeModule(this.first, g, input, `the first stage of op '${this.opId}'`);
    if (!isZeroPadding(this.between)) mid = g.add({ op: 'pad', input: mid, padding: this.between }, `${this.opId}/pad`);
    return describeModule(this.second, g, mid, `the second stage of op '${this.opId}'`);
  }

  parameters(): Parameter[] {
    return [...this.first.parameters(), ...this.second.parameters()];
  }

  dispose(): void {
    this.first.dispose();
    this.second.dispose();
  }
}
