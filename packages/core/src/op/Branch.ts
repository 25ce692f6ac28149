import type * as tf from '@tensorflow/tfjs';
import type { FusedConv } from '../fusion/FusedConv.js';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import type { Module } from '../nn/Module.js';
import type { Epilogue } from '../nn/Epilogue.js';

/** One training-time branch of a slot, as built by a {@link RepOp}. */
export interface Branch extends Module {
  /** Id of the op that built it. */
  readonly opId: string;
  /**
   * NHWC forward pass: `[n, h, w, cin]` → `[n, floor((h−1)/s)+1, floor((w−1)/s)+1, cout]`.
   * In training mode BNs use batch statistics and update their running ones.
   */
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D;
  /**
   * The branch in eval mode as one k×k convolution with bias, in the slot's grouped kernel form
   * `[k, k, cin/groups, cout]` (k, groups of the slot), such that
   * `applyFusedConv(x, fold(), stride, groups)` equals `forward(x, false)`. The caller disposes it.
   */
  fold(): FusedConv;
  /** Optional: `forward` followed by the epilogue, when the branch can run both faster together. */
  forwardWithEpilogue?(x: tf.Tensor4D, training: boolean, epilogue: Epilogue | undefined): tf.Tensor4D;
  /**
   * Adds the branch's eval-mode computation to `g` as graph nodes reading `input` and returns the
   * id of its output. Optional: without it the multi-branch form cannot be exported (the fused form
   * still can). {@link StageBranch} and {@link SequentialBranch} implement it from their stages.
   */
  describe?(g: GraphBuilder, input: string): string;
}
