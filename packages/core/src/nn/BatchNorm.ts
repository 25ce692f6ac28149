import * as tf from '@tensorflow/tfjs';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import type { Module } from './Module.js';
import { disposeParameters } from './Module.js';
import { makeVariable } from './makeVariable.js';
import { channelAffine, fusedBatchNormTrain } from './fusedBatchNormKernel.js';
import type { Parameter } from './Parameter.js';
import type { ChannelAffine } from './convEpilogue.js';

/** Per-channel statistics a batch norm applies in eval mode; the input of {@link fuseConvBn}. */
export interface BatchNormStats {
  readonly gamma: tf.Tensor1D;
  readonly beta: tf.Tensor1D;
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
  readonly eps: number;
}

/** Result of a batch-norm forward pass: the output and the value a zero input would have produced. */
export interface BatchNormOutput {
  readonly y: tf.Tensor4D;
  /** Per-channel BN(0) under the statistics this pass used: β − μγ/σ. */
  readonly zeroValue: tf.Tensor1D;
}

/**
 * Batch normalisation over N, H, W of an NHWC tensor, PyTorch conventions: eps 1e-5, momentum 0.1,
 * biased batch variance to normalise, unbiased variance into the running estimate.
 */
export class BatchNorm implements Module {
  /** Batches seen since {@link BatchNorm.beginRecalibration}; undefined outside a recalibration. */
  private recalibrationBatches: number | undefined;

  readonly gamma: tf.Variable<tf.Rank.R1>;
  readonly beta: tf.Variable<tf.Rank.R1>;
  readonly runningMean: tf.Variable<tf.Rank.R1>;
  readonly runningVar: tf.Variable<tf.Rank.R1>;

  /**
   * @param channels number of channels (last axis).
   * @param name parameter path prefix.
   */
  // tfjs variable names are global, so they stay anonymous; `name` lives in Parameter.
  constructor(
    readonly channels: number,
    readonly name: string,
    readonly eps = 1e-5,
    readonly momentum = 0.1,
  ) {
    this.gamma = makeVariable(() => tf.ones([channels]) as tf.Tensor1D);
    this.beta = makeVariable(() => tf.zeros([channels]) as tf.Tensor1D);
    this.runningMean = makeVariable(() => tf.zeros([channels]) as tf.Tensor1D, false);
    this.runningVar = makeVariable(() => tf.ones([channels]) as tf.Tensor1D, false);
  }

  /** Normalises `x`; in training mode with batch statistics (and updates the running ones). */
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return this.forwardWithZeroValue(x, training).y;
  }

  /** Like {@link BatchNorm.forward}, also returning BN(0) for padding with the BN's own zero (pad-aware BN). */
  forwardWithZeroValue(x: tf.Tensor4D, training: boolean): BatchNormOutput {
    let mean: tf.Tensor1D;
    let variance: tf.Tensor1D;
    if (training) {
      const fused = fusedBatchNormTrain(x, this.gamma, this.beta, this.eps);
      if (fused) {
        this.updateRunningStats(fused.mean, fused.variance, x.size / this.channels);
        const scale = tf.mul(this.gamma, tf.rsqrt(tf.add(fused.variance, this.eps))) as tf.Tensor1D;
        return { y: fused.y, zeroValue: tf.sub(this.beta, tf.mul(fused.mean, scale)) as tf.Tensor1D };
      }
      const m = tf.moments(x, [0, 1, 2]);
      mean = m.mean as tf.Tensor1D;
      variance = m.variance as tf.Tensor1D;
      this.updateRunningStats(mean, variance, x.size / this.channels);
    } else {
      const { scale, shift } = this.evalAffine();
      return { y: channelAffine(x, scale, shift), zeroValue: shift };
    }
    const scale = tf.mul(this.gamma, tf.rsqrt(tf.add(variance, this.eps))) as tf.Tensor1D;
    const zeroValue = tf.sub(this.beta, tf.mul(mean, scale)) as tf.Tensor1D;
    const y = channelAffine(x, scale, zeroValue);
    return { y, zeroValue };
  }

  /** The eval-mode BN as `x·scale + shift` per channel: scale γ/σ, shift β − μγ/σ (= BN(0)). Caller disposes. */
  evalAffine(): ChannelAffine {
    return tf.tidy(() => {
      const scale = tf.mul(this.gamma, tf.rsqrt(tf.add(this.runningVar, this.eps))) as tf.Tensor1D;
      return { scale, shift: tf.sub(this.beta, tf.mul(this.runningMean, scale)) as tf.Tensor1D };
    });
  }

  /** From now until {@link BatchNorm.endRecalibration}, running statistics are the plain average of the batches seen. */
  beginRecalibration(): void {
    this.recalibrationBatches = 0;
  }

  /** Back to the momentum update. */
  endRecalibration(): void {
    this.recalibrationBatches = undefined;
  }

  private updateRunningStats(mean: tf.Tensor1D, variance: tf.Tensor1D, count: number): void {
    let m = this.momentum;
    if (this.recalibrationBatches !== undefined) {
      // Cumulative average over the recalibration batches; the first batch replaces the old stats.
      this.recalibrationBatches++;
      m = 1 / this.recalibrationBatches;
    }
    const unbiased = count > 1 ? count / (count - 1) : 1;
    tf.tidy(() => {
      this.runningMean.assign(tf.add(tf.mul(this.runningMean, 1 - m), tf.mul(mean, m)) as tf.Tensor1D);
      this.runningVar.assign(
        tf.add(tf.mul(this.runningVar, 1 - m), tf.mul(variance, m * unbiased)) as tf.Tensor1D,
      );
    });
  }

  /** The eval-mode statistics (references to the variables, not copies). */
  stats(): BatchNormStats {
    return { gamma: this.gamma, beta: this.beta, mean: this.runningMean, variance: this.runningVar, eps: this.eps };
  }

  /** Adds this BN in eval mode (running statistics) to `g` reading `input`. */
  describe(g: GraphBuilder, input: string): string {
    return g.batchNorm(input, this.stats(), this.name);
  }

  /** BN(0) per channel under the running statistics, β − μγ/σ: the pad value of pad-aware BN. Caller disposes. */
  zeroValue(): tf.Tensor1D {
    const { scale, shift } = this.evalAffine();
    scale.dispose();
    return shift;
  }

  parameters(): Parameter[] {
    return [
      { name: `${this.name}/gamma`, variable: this.gamma, role: 'bn-gamma' },
      { name: `${this.name}/beta`, variable: this.beta, role: 'bn-beta' },
      { name: `${this.name}/running_mean`, variable: this.runningMean, role: 'bn-mean', batchNorm: this },
      { name: `${this.name}/running_var`, variable: this.runningVar, role: 'bn-var', batchNorm: this },
    ];
  }

  dispose(): void {
    disposeParameters(this.parameters());
  }
}

/**
 * Runs `fn` (training-mode forward passes over a few batches) with every {@link BatchNorm} of
 * `module` (found through the `batchNorm` of its running-statistics parameters) in recalibration
 * mode: each of those BNs' running mean and variance become the average of the batch statistics it
 * sees inside `fn`, forgetting what they were; BNs of other networks are untouched. Used after
 * weights change under the statistics (supernet sub-networks, fused weights).
 */
export async function recalibrateBatchNorms<T>(module: Module, fn: () => T | Promise<T>): Promise<T> {
  const bns = new Set(module.parameters().flatMap((p) => (p.batchNorm ? [p.batchNorm] : [])));
  for (const bn of bns) bn.beginRecalibration();
  try {
    return await fn();
  } finally {
    for (const bn of bns) bn.endRecalibration();
  }
}
