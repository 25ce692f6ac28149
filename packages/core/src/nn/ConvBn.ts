import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';
import type { FusedConv } from '../fusion/FusedConv.js';
import { fuseConvBn } from '../fusion/fuseConvBn.js';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import { graphTensor } from '../graph/graphTensor.js';
import { BatchNorm } from './BatchNorm.js';
import { Conv2d, type Conv2dOptions } from './Conv2d.js';
import type { Module } from './Module.js';
import type { Parameter } from './Parameter.js';
import type { Padding } from './Padding.js';
import { padWithValue } from './padWithValue.js';
import { applyEpilogue, type Epilogue } from './Epilogue.js';
import { convEpilogue, convEpilogueAvailable } from './convEpilogue.js';

/** {@link Conv2d} options plus the optional pad-aware BN padding of the output. */
export interface ConvBnOptions extends Conv2dOptions {
  /**
   * Pads the BN output with the BN's value of a zero input (β − μγ/σ), not with 0: the "padBN" that
   * lets a following convolution fold exactly into one kernel. Default: no padding.
   */
  readonly padAfter?: Padding;
}

/** conv → BN (→ pad-aware padding): the building block of every conv branch. */
export class ConvBn implements Module {
  readonly conv: Conv2d;
  readonly bn: BatchNorm;

  constructor(
    readonly options: ConvBnOptions,
    readonly name: string,
    rng: Rng,
  ) {
    this.conv = new Conv2d(options, `${name}/conv`, rng);
    this.bn = new BatchNorm(options.cout, `${name}/bn`);
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.forwardWithEpilogue(x, training, undefined);
  }

  /**
   * `relu(forward(x) + residual)` as the epilogue says. In eval mode, conv, BN and the epilogue run
   * as one backend kernel when the backend has it (see {@link convEpilogue}); otherwise, and while
   * training, as separate ops.
   */
  forwardWithEpilogue(x: tf.Tensor4D, training: boolean, epilogue: Epilogue | undefined): tf.Tensor4D {
    return tf.tidy(() => {
      const { padAfter } = this.options;
      if (!training && this.conv.groups === 1 && convEpilogueAvailable()) {
        const affine = this.bn.evalAffine();
        // Padding sits between the BN and the epilogue, so with padding the kernel does conv + BN only.
        const y = convEpilogue(x, this.conv.kernel, this.conv.stride, this.conv.padding, affine, padAfter ? undefined : epilogue);
        if (y) return padAfter ? applyEpilogue(padWithValue(y, padAfter, affine.shift), epilogue) : y;
      }
      const { y, zeroValue } = this.bn.forwardWithZeroValue(this.conv.forward(x), training);
      return applyEpilogue(padAfter ? padWithValue(y, padAfter, zeroValue) : y, epilogue);
    });
  }

  /** The eval-mode conv+BN as one conv with bias (its own kernel size; padding is not part of it). */
  fold(): FusedConv {
    return fuseConvBn(this.conv.kernel, this.bn.stats());
  }

  /** Adds conv → BN (→ padding with BN(0)) in eval mode to `g` reading `input`. */
  describe(g: GraphBuilder, input: string): string {
    const y = this.bn.describe(g, this.conv.describe(g, input));
    if (!this.options.padAfter) return y;
    const zero = this.bn.zeroValue();
    try {
      return g.add({ op: 'pad', input: y, padding: this.options.padAfter, value: graphTensor(zero) }, `${this.name}/pad_bn`);
    } finally {
      zero.dispose();
    }
  }

  parameters(): Parameter[] {
    return [...this.conv.parameters(), ...this.bn.parameters()];
  }

  dispose(): void {
    this.conv.dispose();
    this.bn.dispose();
  }
}
