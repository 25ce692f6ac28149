import type * as tf from '@tensorflow/tfjs';

/** One active branch's share of a slot's sum. */
export interface BranchContribution {
  /** The op the branch was built for. */
  readonly opId: string;
  /** The branch's output as it enters the sum: after its per-channel scale under `scaled`. */
  readonly output: tf.Tensor4D;
}

/** A slot's forward pass taken apart (see RepSlot.branchOutputs). */
export interface SlotBranchOutputs {
  /** Every active branch, in the slot's op order; their outputs add up to `sum`. */
  readonly branches: readonly BranchContribution[];
  /** The sum of the branch outputs. */
  readonly sum: tf.Tensor4D;
  /** What the slot's forward returns: `sum` itself, or BN(`sum`) under `post-bn`. */
  readonly output: tf.Tensor4D;
}
