import * as tf from '@tensorflow/tfjs';
import { composeSequentialConvs } from '../fusion/composeSequentialConvs.js';
import type { FusedConv } from '../fusion/FusedConv.js';
import { tidyFused } from '../fusion/FusedConv.js';
import { padKernel } from '../fusion/padKernel.js';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import { describeModule } from '../graph/describeModule.js';
import type { Parameter } from '../nn/Parameter.js';
import type { Branch } from '../op/Branch.js';
import type { SlotSpec } from '../slot/SlotSpec.js';
import type { Stage } from './Stage.js';

/**
 * Two stages in a row (1×1→k×k, 1×1→avg, 1×k→k×1, …). The first must pad its output with its BN's
 * zero value (pad-aware BN) so that the pair folds exactly into one conv.
 */
export class SequentialBranch implements Branch {
  constructor(
    readonly opId: string,
    readonly spec: SlotSpec,
    readonly first: Stage,
    readonly second: Stage,
  ) {}

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => this.second.forward(this.first.forward(x, training), training));
  }

  fold(): FusedConv {
    return tidyFused(() => {
      const f = composeSequentialConvs(this.first.fold(), this.second.fold(), this.spec.groups);
      return { kernel: padKernel(f.kernel, this.spec.k, this.spec.k), bias: f.bias };
    });
  }

  describe(g: GraphBuilder, input: string): string {
    const mid = describeModule(this.first, g, input, `the first stage of op '${this.opId}'`);
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
