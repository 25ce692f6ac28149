import * as tf from '@tensorflow/tfjs';
import type { FusedConv } from '../fusion/FusedConv.js';
import { tidyFused } from '../fusion/FusedConv.js';
import { padKernel } from '../fusion/padKernel.js';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import { describeModule } from '../graph/describeModule.js';
import type { Parameter } from '../nn/Parameter.js';
import type { Branch } from '../op/Branch.js';
import type { SlotSpec } from '../slot/SlotSpec.js';
import type { Stage } from './Stage.js';
import { applyEpilogue, type Epilogue } from '../nn/Epilogue.js';

/** A branch of one stage (k×k, 1×1, 1×k, k×1, identity, avg): folds by centring its kernel in k×k. */
export class StageBranch implements Branch {
  constructor(
    readonly opId: string,
    readonly spec: SlotSpec,
    readonly stage: Stage,
  ) {}

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.stage.forward(x, training);
  }

  forwardWithEpilogue(x: tf.Tensor4D, training: boolean, epilogue: Epilogue | undefined): tf.Tensor4D {
    if (this.stage.forwardWithEpilogue) return this.stage.forwardWithEpilogue(x, training, epilogue);
    return tf.tidy(() => applyEpilogue(this.forward(x, training), epilogue));
  }

  fold(): FusedConv {
    return tidyFused(() => {
      const f = this.stage.fold();
      return { kernel: padKernel(f.kernel, this.spec.k, this.spec.k), bias: f.bias };
    });
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
