import type * as tf from '@tensorflow/tfjs';

// Type aliases rather than interfaces: tf.tidy accepts them as tensor containers.

/** One active branch's share of a slot's sum. */
export type BranchContribution = {
  /** The op the branch was built for. */
  readonly opId: string;
  /** How plots name the row: the op id, plus what the aggregation did to it (`conv_1x1 × scale`). */
  readonly label: string;
  /** The branch's output as it enters the sum (after its per-channel scale, where the mode has one). */
  readonly output: tf.Tensor4D;
};

/** A slot's forward pass taken apart, branch by branch (see RepSlot.branchOutputs). */
export type SlotBranchOutputs = {
  /** Every active branch, in the slot's op order; their outputs add up to `sum`. */
  readonly branches: readonly BranchContribution[];
  /** The sum of the branch outputs. */
  readonly sum: tf.Tensor4D;
  /** What the slot's forward returns: `sum` itself, or what the aggregation applies after the sum. */
  readonly output: tf.Tensor4D;
  /** How plots name `output` when it is not `sum` itself (`slot output (BN of sum)`); absent otherwise. */
  readonly outputLabel?: string;
};
