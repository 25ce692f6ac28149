import type * as tf from '@tensorflow/tfjs';
import type { FusedConv } from '../fusion/FusedConv.js';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import type { Module } from '../nn/Module.js';
import type { Epilogue } from '../nn/Epilogue.js';
import type { BuildContext, RepOp } from '../op/RepOp.js';
import type { SlotBranchOutputs } from './SlotBranchOutputs.js';
import type { SlotSpec } from './SlotSpec.js';

/**
 * How a slot trains its branches and combines them: `sum`, `scaled`, `post-bn`, `online`, or one a
 * plugin registers with {@link registerAggregation}. A {@link RepSlot} asks its mode once, when it is
 * built, for a {@link SlotAggregator}, and leaves everything mode-specific to that object.
 */
export interface AggregationMode {
  /** Stable id used on the command line and in run configs (`scaled`). */
  readonly id: string;
  /** One line for `reparam aggregations`. */
  readonly description: string;
  /**
   * Builds the branches of `ops` (already checked to apply to `spec`) and what combines them.
   * Throws a {@link ReparamError} when an op cannot be trained in this mode, saying why.
   * `ctx.name` is the slot's parameter path prefix.
   */
  build(spec: SlotSpec, ops: readonly RepOp[], ctx: BuildContext): SlotAggregator;
}

/**
 * A slot's branches and the way they are combined, as one module. Every method takes `active`:
 * the indices (into the slot's ops, ascending, never empty) of the branches in use, which a
 * supernet narrows per step.
 */
export interface SlotAggregator extends Module {
  /** The slot's output; in training mode BNs use batch statistics. */
  forward(x: tf.Tensor4D, active: readonly number[], training: boolean): tf.Tensor4D;
  /**
   * Optional: `forward` followed by the epilogue (a block's residual add and ReLU), for aggregators
   * that can hand it to one inference kernel; without it the slot applies the epilogue itself.
   */
  forwardWithEpilogue?(x: tf.Tensor4D, active: readonly number[], training: boolean, epilogue: Epilogue | undefined): tf.Tensor4D;
  /**
   * The same computation taken apart: what each active branch adds, their sum, and the slot output
   * (for plots and checks). Computed branch by branch, whatever `forward` does. The caller disposes.
   */
  branchOutputs(x: tf.Tensor4D, active: readonly number[], training: boolean): SlotBranchOutputs;
  /** The active branches in eval mode as one k×k convolution with bias (grouped form). Caller disposes. */
  fold(active: readonly number[]): FusedConv;
  /** Adds the active branches in eval mode, branch by branch, to `g` reading `input`; returns the output id. */
  describe(g: GraphBuilder, input: string, active: readonly number[]): string;
}
