import * as tf from '@tensorflow/tfjs';
import { addFusedConvs } from '../../fusion/addFusedConvs.js';
import type { FusedConv } from '../../fusion/FusedConv.js';
import { disposeFusedConv, tidyFused } from '../../fusion/FusedConv.js';
import { fuseConvBn } from '../../fusion/fuseConvBn.js';
import type { GraphBuilder } from '../../graph/GraphBuilder.js';
import { describeModule } from '../../graph/describeModule.js';
import type { BatchNorm } from '../../nn/BatchNorm.js';
import { sumTensors } from '../../nn/sumTensors.js';
import { applyEpilogue, type Epilogue } from '../../nn/Epilogue.js';
import type { Parameter } from '../../nn/Parameter.js';
import type { Branch } from '../../op/Branch.js';
import type { SlotAggregator } from '../AggregationMode.js';
import type { BranchContribution, SlotBranchOutputs } from '../SlotBranchOutputs.js';
import type { BranchScales } from './BranchScales.js';

/** What a {@link BranchSumAggregator} adds to the plain sum. */
export interface BranchSumParts {
  /** Each branch times a learnable per-channel scale before the sum (`scaled`). */
  readonly scales?: BranchScales;
  /** A BN after the sum (`post-bn`). */
  readonly postBn?: BatchNorm;
}

/**
 * The slot of the BN-branch modes (`sum`, `scaled`, `post-bn`): every active branch runs on its
 * own and the outputs are summed, each optionally scaled first and the sum optionally normalised.
 * Folds branch by branch (DBB's transforms), then the scales and the BN.
 */
export class BranchSumAggregator implements SlotAggregator {
  constructor(
    private readonly slotName: string,
    private readonly branches: readonly Branch[],
    private readonly parts: BranchSumParts = {},
  ) {}

  forward(x: tf.Tensor4D, active: readonly number[], training: boolean): tf.Tensor4D {
    return tf.tidy(() => {
      const outs = this.contributions(x, active, training).map((c) => c.output);
      const sum = sumTensors(outs);
      return this.parts.postBn ? this.parts.postBn.forward(sum, training) : sum;
    });
  }

  /** A lone branch with nothing after it takes the epilogue itself (one kernel at inference); otherwise the sum does. */
  forwardWithEpilogue(x: tf.Tensor4D, active: readonly number[], training: boolean, epilogue: Epilogue | undefined): tf.Tensor4D {
    const lone = active.length === 1 && !this.parts.scales && !this.parts.postBn ? this.branches[active[0]] : undefined;
    if (lone?.forwardWithEpilogue) return lone.forwardWithEpilogue(x, training, epilogue);
    return tf.tidy(() => applyEpilogue(this.forward(x, active, training), epilogue));
  }

  branchOutputs(x: tf.Tensor4D, active: readonly number[], training: boolean): SlotBranchOutputs {
    return tf.tidy(() => {
      const branches = this.contributions(x, active, training);
      const outs = branches.map((c) => c.output);
      const sum = outs.length === 1 ? tf.clone(outs[0]) : (tf.addN(outs) as tf.Tensor4D);
      if (!this.parts.postBn) return { branches, sum, output: sum };
      return { branches, sum, output: this.parts.postBn.forward(sum, training), outputLabel: 'slot output (BN of sum)' };
    });
  }

  private contributions(x: tf.Tensor4D, active: readonly number[], training: boolean): BranchContribution[] {
    const { scales } = this.parts;
    return active.map((i) => {
      const b = this.branches[i];
      const y = b.forward(x, training);
      return scales ? { opId: b.opId, label: `${b.opId} × scale`, output: scales.apply(i, y) } : { opId: b.opId, label: b.opId, output: y };
    });
  }

  fold(active: readonly number[]): FusedConv {
    return tidyFused(() => {
      const { scales, postBn } = this.parts;
      const folded = active.map((i) => {
        const f = this.branches[i].fold();
        if (!scales) return f;
        const scaled = scales.fold(i, f);
        disposeFusedConv(f);
        return scaled;
      });
      const sum = addFusedConvs(folded);
      return postBn ? fuseConvBn(sum.kernel, postBn.stats(), sum.bias) : sum;
    });
  }

  describe(g: GraphBuilder, input: string, active: readonly number[]): string {
    const { scales, postBn } = this.parts;
    const outs = active.map((i) => {
      const b = this.branches[i];
      const y = describeModule(b, g, input, `op '${b.opId}' of slot '${this.slotName}'`);
      return scales ? scales.describe(g, i, y) : y;
    });
    const sum = outs.length === 1 ? outs[0] : g.add({ op: 'add', inputs: outs }, `${this.slotName}/sum`);
    return postBn ? postBn.describe(g, sum) : sum;
  }

  parameters(): Parameter[] {
    return [...this.branches.flatMap((b) => b.parameters()), ...(this.parts.scales?.parameters() ?? []), ...(this.parts.postBn?.parameters() ?? [])];
  }

  dispose(): void {
    for (const b of this.branches) b.dispose();
    this.parts.scales?.dispose();
    this.parts.postBn?.dispose();
  }
}
