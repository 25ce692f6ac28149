import * as tf from '@tensorflow/tfjs';
import { ReparamError } from '../errors.js';
import type { FusedConv } from '../fusion/FusedConv.js';
import { disposeFusedConv } from '../fusion/FusedConv.js';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import { graphTensor } from '../graph/graphTensor.js';
import { centrePadding } from '../nn/Padding.js';
import type { Module } from '../nn/Module.js';
import { applyEpilogue, type Epilogue } from '../nn/Epilogue.js';
import type { Parameter } from '../nn/Parameter.js';
import type { RepOp } from '../op/RepOp.js';
import type { Rng } from '../rng.js';
import type { AggregationMode, SlotAggregator } from './AggregationMode.js';
import { DEFAULT_AGGREGATION } from './aggregation/defaultAggregation.js';
import type { SlotBranchOutputs } from './SlotBranchOutputs.js';
import type { SlotSpec } from './SlotSpec.js';
import { describeSlot, validateSlotSpec } from './SlotSpec.js';

/** How to build a {@link RepSlot}. */
export interface RepSlotOptions {
  /** Seeded generator for initial weights. */
  readonly rng: Rng;
  /** Parameter path prefix (`layer1.0/slot1`); default `slot`. */
  readonly name?: string;
  /** How the branches are trained and combined; default {@link DEFAULT_AGGREGATION} (`scaled`). */
  readonly aggregation?: AggregationMode;
}

/**
 * A convolution slot in training form: one branch per op, trained and combined as its
 * {@link AggregationMode} says; {@link RepSlot.fuse} folds it into one k×k convolution with bias.
 * The slot itself only knows which branches are active; the mode's {@link SlotAggregator} does the rest.
 */
export class RepSlot implements Module {
  readonly aggregation: AggregationMode;
  readonly name: string;
  /** The slot's always-present branch: the op built with role `main` (undefined when none was). */
  readonly mainOpId: string | undefined;
  /** `[height, width]` of the last input seen by {@link RepSlot.forward} (for FLOP counts). */
  lastInputSize: readonly [number, number] | undefined;
  /** Indices of the branches forward/fuse use; all unless a supernet narrowed it (see setActiveOps). */
  private active: readonly number[];
  /** Callbacks of {@link RepSlot.observeInputs}; empty outside inspection tools. */
  private readonly inputObservers = new Set<(x: tf.Tensor4D) => void>();

  private constructor(
    readonly spec: SlotSpec,
    private readonly aggregator: SlotAggregator,
    private readonly opIdsBuilt: readonly string[],
    name: string,
    aggregation: AggregationMode,
    mainOpId: string | undefined,
  ) {
    this.name = name;
    this.mainOpId = mainOpId;
    this.aggregation = aggregation;
    this.active = opIdsBuilt.map((_, i) => i);
  }

  /**
   * Builds a slot with one branch per op. Throws a {@link ReparamError} if the list is empty, names
   * an op twice, holds an op that does not apply to `spec` (with the op's reason), or holds one the
   * aggregation mode cannot train.
   */
  static build(spec: SlotSpec, ops: readonly RepOp[], options: RepSlotOptions): RepSlot {
    validateSlotSpec(spec);
    const name = options.name ?? 'slot';
    if (ops.length === 0) throw new ReparamError(`slot '${name}' needs at least one op`);
    const seen = new Set<string>();
    for (const op of ops) {
      if (seen.has(op.id)) throw new ReparamError(`slot '${name}' lists op '${op.id}' twice`);
      seen.add(op.id);
      const a = op.appliesTo(spec);
      if (!a.ok) {
        throw new ReparamError(`op '${op.id}' does not apply to slot '${name}' (${describeSlot(spec)}): ${a.reason}`);
      }
    }
    const aggregation = options.aggregation ?? DEFAULT_AGGREGATION;
    const aggregator = aggregation.build(spec, ops, { rng: options.rng, name });
    return new RepSlot(spec, aggregator, ops.map((o) => o.id), name, aggregation, ops.find((o) => o.role === 'main')?.id);
  }

  /** Ids of the ops of the branches, in order. */
  get opIds(): string[] {
    return [...this.opIdsBuilt];
  }

  /**
   * Narrows the slot to the branches of `opIds` (a supernet sampling a sub-network); the other
   * branches keep their weights but take no part in forward or fuse. `undefined` restores every
   * built branch. Throws a {@link ReparamError} for an empty list or an op this slot was not built with.
   */
  setActiveOps(opIds: readonly string[] | undefined): void {
    if (opIds === undefined) {
      this.active = this.opIdsBuilt.map((_, i) => i);
      return;
    }
    if (opIds.length === 0) throw new ReparamError(`slot '${this.name}' needs at least one active op`);
    for (const id of opIds) {
      if (!this.opIdsBuilt.includes(id)) throw new ReparamError(`slot '${this.name}' was not built with op '${id}' (it has ${this.opIdsBuilt.join(', ')})`);
    }
    this.active = this.opIdsBuilt.flatMap((id, i) => (opIds.includes(id) ? [i] : []));
  }

  /**
   * Narrows the slot to its main branch plus `optionalOps` (a genome's ops for this slot); `undefined`
   * restores every built branch. See {@link RepSlot.setActiveOps}.
   */
  setActiveOptionalOps(optionalOps: readonly string[] | undefined): void {
    this.setActiveOps(optionalOps === undefined ? undefined : [...(this.mainOpId ? [this.mainOpId] : []), ...optionalOps]);
  }

  /** Ids of the ops forward and fuse currently use (all built ones unless narrowed). */
  get activeOpIds(): string[] {
    return this.active.map((i) => this.opIdsBuilt[i]);
  }

  /**
   * The slot's forward pass (multi-branch, or merged into one kernel under `online`); in training
   * mode BNs use batch statistics. With an epilogue, `relu(output + residual)` as it says: blocks
   * pass theirs so that inference can run conv, BN, add and ReLU as one kernel where possible.
   */
  forward(x: tf.Tensor4D, training: boolean, epilogue?: Epilogue): tf.Tensor4D {
    this.seeInput(x);
    if (!epilogue) return this.aggregator.forward(x, this.active, training);
    if (this.aggregator.forwardWithEpilogue) return this.aggregator.forwardWithEpilogue(x, this.active, training, epilogue);
    return tf.tidy(() => applyEpilogue(this.aggregator.forward(x, this.active, training), epilogue));
  }

  /**
   * The same pass as {@link RepSlot.forward}, computed branch by branch with its parts kept apart:
   * what each active branch adds to the sum, the sum, and the slot's output (for plots of what each
   * branch contributes, and for checks of merged against branch-by-branch). The caller disposes the
   * tensors (`output` is `sum` itself unless the aggregation applies something after the sum).
   */
  branchOutputs(x: tf.Tensor4D, training: boolean): SlotBranchOutputs {
    this.seeInput(x);
    return this.aggregator.branchOutputs(x, this.active, training);
  }

  /**
   * Calls `fn` with every input the slot's forward pass receives, until the returned function is
   * called: a backbone-independent way to reach a slot's input (see captureSlotInput). The tensor
   * belongs to the running forward pass; keep a clone to hold on to it.
   */
  observeInputs(fn: (x: tf.Tensor4D) => void): () => void {
    // A wrapper, so the same function observed twice is two observers.
    const observer = (x: tf.Tensor4D) => fn(x);
    this.inputObservers.add(observer);
    return () => {
      this.inputObservers.delete(observer);
    };
  }

  private seeInput(x: tf.Tensor4D): void {
    this.lastInputSize = [x.shape[1], x.shape[2]];
    for (const fn of this.inputObservers) fn(x);
  }

  /** The slot in eval mode as one k×k convolution with bias (grouped kernel form). Caller disposes it. */
  fuse(): FusedConv {
    return this.aggregator.fold(this.active);
  }

  /**
   * Adds the slot in its training form, eval mode, to `g` reading `input`: every active branch
   * (with its BNs and padding), the aggregation, and returns the output id. A branch of a plugin op
   * without `describe` is a {@link ReparamError}.
   */
  describe(g: GraphBuilder, input: string): string {
    return this.aggregator.describe(g, input, this.active);
  }

  /** Adds the slot's fused convolution (one k×k conv with bias, centre padding) to `g` reading `input`. */
  describeFused(g: GraphBuilder, input: string, name = this.name): string {
    const fused = this.fuse();
    try {
      const { k, stride, groups } = this.spec;
      return g.add(
        { op: 'conv', input, kernel: graphTensor(fused.kernel), bias: graphTensor(fused.bias), stride, padding: centrePadding(k, k), groups },
        name,
      );
    } finally {
      disposeFusedConv(fused);
    }
  }

  parameters(): Parameter[] {
    return this.aggregator.parameters();
  }

  dispose(): void {
    this.aggregator.dispose();
  }
}
