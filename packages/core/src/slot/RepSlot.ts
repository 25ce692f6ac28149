import * as tf from '@tensorflow/tfjs';
import { ReparamError } from '../errors.js';
import { addFusedConvs } from '../fusion/addFusedConvs.js';
import type { FusedConv } from '../fusion/FusedConv.js';
import { disposeFusedConv, tidyFused } from '../fusion/FusedConv.js';
import { fuseConvBn } from '../fusion/fuseConvBn.js';
import { scaleFusedConv } from '../fusion/scaleFusedConv.js';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import { describeModule } from '../graph/describeModule.js';
import { graphTensor } from '../graph/graphTensor.js';
import { centrePadding } from '../nn/Padding.js';
import { BatchNorm } from '../nn/BatchNorm.js';
import type { Module } from '../nn/Module.js';
import { makeVariable } from '../nn/makeVariable.js';
import type { Parameter } from '../nn/Parameter.js';
import type { Branch } from '../op/Branch.js';
import type { RepOp } from '../op/RepOp.js';
import type { Rng } from '../rng.js';
import type { Aggregation } from './Aggregation.js';
import type { SlotBranchOutputs } from './SlotBranchOutputs.js';
import type { SlotSpec } from './SlotSpec.js';
import { describeSlot, validateSlotSpec } from './SlotSpec.js';

/** How to build a {@link RepSlot}. */
export interface RepSlotOptions {
  /** Seeded generator for initial weights. */
  readonly rng: Rng;
  /** Parameter path prefix (`layer1.0/slot1`); default `slot`. */
  readonly name?: string;
  /** Default `sum`. */
  readonly aggregation?: Aggregation;
}

/**
 * A convolution slot in training form: several parallel branches (one per active op) combined by an
 * {@link Aggregation}; {@link RepSlot.fuse} folds it into one k×k convolution with bias.
 */
export class RepSlot implements Module {
  readonly aggregation: Aggregation;
  readonly name: string;
  /** Per-branch per-channel scales (`scaled` aggregation only). */
  private readonly scales: tf.Variable<tf.Rank.R1>[];
  /** `[height, width]` of the last input seen by {@link RepSlot.forward} (for FLOP counts). */
  lastInputSize: readonly [number, number] | undefined;
  /** BN after the sum (`post-bn` aggregation only). */
  private readonly postBn: BatchNorm | undefined;
  /** Which branches forward/fuse use; all unless a supernet narrowed it (see setActiveOps). */
  private active: readonly boolean[];
  /** Callbacks of {@link RepSlot.observeInputs}; empty outside inspection tools. */
  private readonly inputObservers = new Set<(x: tf.Tensor4D) => void>();

  private constructor(
    readonly spec: SlotSpec,
    readonly branches: readonly Branch[],
    private readonly opIdsBuilt: readonly string[],
    options: RepSlotOptions,
  ) {
    this.name = options.name ?? 'slot';
    this.aggregation = options.aggregation ?? 'sum';
    const n = branches.length;
    this.scales =
      this.aggregation === 'scaled'
        ? branches.map(() => makeVariable(() => tf.fill([spec.cout], 1 / Math.sqrt(n)) as tf.Tensor1D))
        : [];
    this.postBn = this.aggregation === 'post-bn' ? new BatchNorm(spec.cout, `${this.name}/post_bn`) : undefined;
    this.active = branches.map(() => true);
  }

  /**
   * Builds a slot with one branch per op. Throws a {@link ReparamError} if the list is empty, names
   * an op twice, or holds an op that does not apply to `spec` (with the op's reason).
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
    const branches: Branch[] = [];
    try {
      for (const op of ops) branches.push(op.build(spec, { rng: options.rng, name: `${name}/${op.id}` }));
    } catch (err) {
      for (const b of branches) b.dispose();
      throw err;
    }
    return new RepSlot(spec, branches, ops.map((o) => o.id), { ...options, name });
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
      this.active = this.branches.map(() => true);
      return;
    }
    if (opIds.length === 0) throw new ReparamError(`slot '${this.name}' needs at least one active op`);
    for (const id of opIds) {
      if (!this.opIdsBuilt.includes(id)) throw new ReparamError(`slot '${this.name}' was not built with op '${id}' (it has ${this.opIdsBuilt.join(', ')})`);
    }
    this.active = this.opIdsBuilt.map((id) => opIds.includes(id));
  }

  /** Ids of the ops forward and fuse currently use (all built ones unless narrowed). */
  get activeOpIds(): string[] {
    return this.opIdsBuilt.filter((_, i) => this.active[i]);
  }

  /** Multi-branch forward pass; in training mode every BN uses batch statistics. */
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    this.seeInput(x);
    return tf.tidy(() => {
      const outs = this.contributions(x, training).map((c) => c.output);
      const sum = outs.length === 1 ? outs[0] : (tf.addN(outs) as tf.Tensor4D);
      return this.postBn ? this.postBn.forward(sum, training) : sum;
    });
  }

  /**
   * The same pass as {@link RepSlot.forward}, with its parts kept apart: what each active branch
   * adds to the sum, the sum, and the slot's output (for plots of what each branch contributes).
   * The caller disposes the tensors (`output` is `sum` itself unless the aggregation is `post-bn`).
   */
  branchOutputs(x: tf.Tensor4D, training: boolean): SlotBranchOutputs {
    this.seeInput(x);
    return tf.tidy(() => {
      const branches = this.contributions(x, training);
      const outs = branches.map((c) => c.output);
      const sum = outs.length === 1 ? tf.clone(outs[0]) : (tf.addN(outs) as tf.Tensor4D);
      const output = this.postBn ? this.postBn.forward(sum, training) : sum;
      return { branches, sum, output };
    });
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

  /** Each active branch's output as it enters the sum (times its scale under `scaled`). */
  private contributions(x: tf.Tensor4D, training: boolean): { opId: string; output: tf.Tensor4D }[] {
    return this.branches.flatMap((b, i) => {
      if (!this.active[i]) return [];
      const y = b.forward(x, training);
      return [{ opId: this.opIdsBuilt[i], output: this.aggregation === 'scaled' ? (tf.mul(y, this.scales[i]) as tf.Tensor4D) : y }];
    });
  }

  /** The slot in eval mode as one k×k convolution with bias (grouped kernel form). Caller disposes it. */
  fuse(): FusedConv {
    return tidyFused(() => {
      const folded = this.branches.flatMap((b, i) => {
        if (!this.active[i]) return [];
        const f = b.fold();
        if (this.aggregation !== 'scaled') return [f];
        const scaled = scaleFusedConv(f, this.scales[i]);
        disposeFusedConv(f);
        return [scaled];
      });
      const sum = addFusedConvs(folded);
      return this.postBn ? fuseConvBn(sum.kernel, this.postBn.stats(), sum.bias) : sum;
    });
  }

  /**
   * Adds the slot in its training form, eval mode, to `g` reading `input`: every branch (with its
   * BNs and pad-aware padding), the aggregation, and returns the output id. A branch of a plugin op
   * without {@link Branch.describe} is a {@link ReparamError}.
   */
  describe(g: GraphBuilder, input: string): string {
    // Only the active branches, as forward and fuse use them.
    const outs = this.branches.flatMap((b, i) => {
      if (!this.active[i]) return [];
      const y = describeModule(b, g, input, `op '${this.opIdsBuilt[i]}' of slot '${this.name}'`);
      if (this.aggregation !== 'scaled') return [y];
      return [g.add({ op: 'scale', input: y, scale: graphTensor(this.scales[i]) }, `${this.name}/${this.opIdsBuilt[i]}/scale`)];
    });
    const sum = outs.length === 1 ? outs[0] : g.add({ op: 'add', inputs: outs }, `${this.name}/sum`);
    return this.postBn ? this.postBn.describe(g, sum) : sum;
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
    const params = this.branches.flatMap((b) => b.parameters());
    // Named after the op the slot built the branch for, which is unique within the slot.
    this.scales.forEach((s, i) => params.push({ name: `${this.name}/${this.opIdsBuilt[i]}/scale`, variable: s, role: 'scale' }));
    if (this.postBn) params.push(...this.postBn.parameters());
    return params;
  }

  dispose(): void {
    for (const b of this.branches) b.dispose();
    for (const s of this.scales) s.dispose();
    this.postBn?.dispose();
  }
}
