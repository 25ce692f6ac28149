import * as tf from '@tensorflow/tfjs';
import type { FusedConv } from '../../fusion/FusedConv.js';
import { scaleFusedConv } from '../../fusion/scaleFusedConv.js';
import type { GraphBuilder } from '../../graph/GraphBuilder.js';
import { graphTensor } from '../../graph/graphTensor.js';
import type { Module } from '../../nn/Module.js';
import { makeVariable } from '../../nn/makeVariable.js';
import type { Parameter } from '../../nn/Parameter.js';

/**
 * A learnable per-output-channel scale for each branch of a slot (the `scaled` and `online`
 * aggregations). Every branch starts at `initial`.
 */
export class BranchScales implements Module {
  private readonly scales: tf.Variable<tf.Rank.R1>[];

  constructor(
    private readonly slotName: string,
    private readonly opIds: readonly string[],
    channels: number,
    initial: number,
  ) {
    this.scales = opIds.map(() => makeVariable(() => tf.fill([channels], initial) as tf.Tensor1D));
  }

  /** Branch `i`'s output, or its kernel (`[…, cout]`), times its scale. */
  apply<T extends tf.Tensor>(i: number, t: T): T {
    return tf.mul(t, this.scales[i]) as T;
  }

  /** Branch `i`'s scale variable (`[cout]`). */
  scale(i: number): tf.Variable<tf.Rank.R1> {
    return this.scales[i];
  }

  /** Branch `i`'s folded conv times its scale. */
  fold(i: number, f: FusedConv): FusedConv {
    return scaleFusedConv(f, this.scales[i]);
  }

  /** Adds branch `i`'s scale node reading `input`. */
  describe(g: GraphBuilder, i: number, input: string): string {
    return g.add({ op: 'scale', input, scale: graphTensor(this.scales[i]) }, `${this.slotName}/${this.opIds[i]}/scale`);
  }

  parameters(): Parameter[] {
    // Named after the op of the branch, which is unique within the slot.
    return this.scales.map((s, i) => ({ name: `${this.slotName}/${this.opIds[i]}/scale`, variable: s, role: 'scale' as const }));
  }

  dispose(): void {
    for (const s of this.scales) s.dispose();
  }
}
