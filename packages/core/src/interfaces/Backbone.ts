import type * as tf from '@tensorflow/tfjs';
import type { OpResolver } from '../genome/OpResolver.js';
import type { NetworkGraph } from '../graph/NetworkGraph.js';
import type { Module } from '../nn/Module.js';
import type { AggregationMode } from '../slot/AggregationMode.js';
import type { RepSlot } from '../slot/RepSlot.js';
import type { SlotSpec } from '../slot/SlotSpec.js';
import type { Genome } from './Genome.js';

/**
 * The one description of a slot: its name, its convolution's shape and the optional ops that apply
 * to it. Before ops are known (a backbone planning its slots) it is `Pick<SlotInfo, 'name' | 'spec'>`;
 * a search space holds `Pick<SlotInfo, 'name' | 'options'>`; the graph IR has its own node type.
 */
export interface SlotInfo {
  readonly name: string;
  readonly spec: SlotSpec;
  /** Optional op ids that apply to this slot, in registration order (what a genome may switch on here). */
  readonly options: readonly string[];
}

/** A network whose k×k convolutions are RepSlots. */
export interface Backbone extends Module {
  /** Every slot, in forward order. */
  slots(): SlotInfo[];
  /** The slots' training-form modules, by slot name, in forward order. */
  repSlots(): ReadonlyMap<string, RepSlot>;
  /** NHWC images → logits. */
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor2D;
  /**
   * The network in eval mode as a {@link NetworkGraph} whose RepSlots are `slot` nodes (by slot name)
   * and whose other layers (shortcut conv → BN, pooling, dense head …) are plain nodes with copies
   * of their current weights. Deploy needs it ({@link reparameterize}, {@link multiBranchGraph});
   * a backbone without it can be trained and searched but not fused into a deployable graph.
   */
  toGraph?(): NetworkGraph;
}

/** The shape of a backbone, enough to know its slots before building any weights. */
export interface BackboneShape {
  /** `[height, width, channels]` of one input image. */
  readonly inputShape: readonly [number, number, number];
  readonly classes: number;
  /** Width multiplier (default 1). */
  readonly width?: number;
}

/** How to build a backbone. */
export interface BackboneOptions extends BackboneShape {
  /** Validated genome with every slot present (see validateGenome / presetGenome). */
  readonly genome: Genome;
  readonly seed: number;
  /** Where the slots' ops come from (the Registry). */
  readonly ops: OpResolver;
  /** How every slot trains and combines its branches (default `scaled`: core's `DEFAULT_AGGREGATION`). */
  readonly aggregation?: AggregationMode;
}

/** A registered backbone plugin. */
export interface BackboneFactory {
  readonly id: string;
  readonly description: string;
  /** The slots this backbone has for this shape, in forward order (no weights are built). */
  slotDescriptors(shape: BackboneShape): Pick<SlotInfo, 'name' | 'spec'>[];
  create(options: BackboneOptions): Backbone;
}
