import type * as tf from '@tensorflow/tfjs';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import { describeModule } from '../graph/describeModule.js';
import type { Parameter } from '../nn/Parameter.js';
import type { LinearBranch } from '../op/LinearBranch.js';
import type { SlotSpec } from '../slot/SlotSpec.js';
import type { LinearStage } from './LinearStage.js';

/** A BN-free branch of one stage (k×k, 1×1, 1×k, k×1, identity, avg): its kernel is the stage's. */
export class LinearStageBranch implements LinearBranch {
  constructor(
    readonly opId: string,
    readonly spec: SlotSpec,
    readonly stage: LinearStage,
  ) {}

  linearKernel(): tf.Tensor4D {
    return this.stage.linearKernel();
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    return this.stage.forward(x);
  }

  describe(g: GraphBuilder, input: string): string {
    return describeModule(this.stage, g, input, `the stage of op '${this.opId}'`);
  }

  parameters(): Parameter[] {
    return this.stage.parameters();
  }

  dispose(): void {
    this.stage.dispose();
  }
}
