import type * as tf from '@tensorflow/tfjs';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import type { Module } from '../nn/Module.js';

/**
 * An op's branch without BatchNorm: a linear map of its input, whose k×k kernel is computed from
 * its weights at every step (the `online` aggregation, OREPA's block linearization). Built by
 * {@link RepOp.buildLinear}; {@link LinearStageBranch} and {@link LinearSequentialBranch} build one
 * from stages.
 */
export interface LinearBranch extends Module {
  /** Id of the op that built it. */
  readonly opId: string;
  /**
   * The branch as one kernel in the slot's grouped form `[kh, kw, cin/groups, cout]`, odd kh, kw ≤ k,
   * standing for itself centred in k×k (a 1×1 branch may give its 1×1 kernel: centring it is left to
   * {@link weightedKernelSum}, which does it in the same pass as the sum). Differentiable in the
   * branch's weights, such that a conv with it (its own centre padding, the slot's stride and
   * groups) equals {@link LinearBranch.forward}. Call it inside `tf.tidy`; it may be one of the
   * branch's own tensors, so never dispose it.
   */
  linearKernel(): tf.Tensor4D;
  /** The branch computed stage by stage, without merging: the reference its kernel must match. */
  forward(x: tf.Tensor4D): tf.Tensor4D;
  /** Adds the branch, stage by stage, to `g` reading `input` (optional, as for {@link Branch.describe}). */
  describe?(g: GraphBuilder, input: string): string;
}
