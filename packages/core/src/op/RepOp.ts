import type { Rng } from '../rng.js';
import type { SlotSpec } from '../slot/SlotSpec.js';
import type { Applicability } from './Applicability.js';
import type { Branch } from './Branch.js';
import type { LinearBranch } from './LinearBranch.js';

/** What an op gets when it builds a branch. */
export interface BuildContext {
  /** Seeded generator for initial weights. */
  readonly rng: Rng;
  /** Parameter path prefix of the branch (`layer1.0/slot1/conv_1x1`). */
  readonly name: string;
}

/**
 * A re-parameterization operation: a kind of training-time branch that folds into the slot's k×k
 * convolution. Ops are plugins: a package registers them with {@link registerOp} and nothing in core
 * names one.
 *
 * Folding lives on the built branch ({@link Branch.fold}), since it needs the branch's trained weights.
 */
export interface RepOp {
  /** Stable id used in genomes and on the command line (`conv_1x1`). */
  readonly id: string;
  /** One line for `reparam ops`. */
  readonly description: string;
  /**
   * `main`: the slot's always-present k×k branch (exactly one registered op has this role);
   * `optional` (default): a branch the search may switch on or off.
   */
  readonly role?: 'main' | 'optional';
  /** Whether the op can live in a slot of this shape, with a reason when it cannot. */
  appliesTo(spec: SlotSpec): Applicability;
  /** Builds a fresh branch for a slot; only called when {@link RepOp.appliesTo} is ok. */
  build(spec: SlotSpec, ctx: BuildContext): Branch;
  /**
   * Builds the branch without BatchNorm, as a linear map whose kernel the slot merges with the
   * other branches' at every training step (the `online` aggregation). Only called when
   * {@link RepOp.appliesTo} is ok. An op whose branch is not linear in its input leaves it out and
   * says why in {@link RepOp.notLinear}.
   */
  buildLinear?(spec: SlotSpec, ctx: BuildContext): LinearBranch;
  /** Why the op has no linear form (shown to users who ask for `online`); only without `buildLinear`. */
  readonly notLinear?: string;
}
