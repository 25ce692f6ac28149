import type * as tf from '@tensorflow/tfjs';
import type { Module } from '../nn/Module.js';
import type { Aggregation } from '../slot/Aggregation.js';
import type { SlotSpec } from '../slot/SlotSpec.js';
import type { Genome } from './Genome.js';

/** A slot of a backbone, as reported to searches and users. */
export interface SlotInfo {
  readonly name: string;
  readonly spec: SlotSpec;
  /** Optional op ids that apply to this slot. */
  readonly applicableOps: readonly string[];
}

/** A network whose k×k convolutions are RepSlots. */
export interface Backbone extends Module {
  /** Every slot, in forward order. */
  slots(): SlotInfo[];
  /** NHWC images → logits. */
  forward(x: tf.Tensor4D, training: boolean): tf.Tensor2D;
}

/** How to build a backbone. */
export interface BackboneOptions {
  /** `[height, width, channels]` of one input image. */
  readonly inputShape: readonly [number, number, number];
  readonly classes: number;
  readonly genome: Genome;
  readonly seed: number;
  readonly aggregation?: Aggregation;
  /** Width multiplier (default 1). */
  readonly width?: number;
}

/** A registered backbone plugin. */
export interface BackboneFactory {
  readonly id: string;
  readonly description: string;
  create(options: BackboneOptions): Backbone;
}
