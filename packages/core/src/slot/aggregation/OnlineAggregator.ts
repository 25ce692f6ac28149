import * as tf from '@tensorflow/tfjs';
import type { FusedConv } from '../../fusion/FusedConv.js';
import { tidyFused } from '../../fusion/FusedConv.js';
import { fuseConvBn } from '../../fusion/fuseConvBn.js';
import { weightedKernelSum } from '../../fusion/weightedKernelSum.js';
import type { GraphBuilder } from '../../graph/GraphBuilder.js';
import { describeModule } from '../../graph/describeModule.js';
import type { BatchNorm } from '../../nn/BatchNorm.js';
import { centrePadding } from '../../nn/Padding.js';
import type { Parameter } from '../../nn/Parameter.js';
import { groupedConv2d } from '../../nn/groupedConv2d.js';
import { applyEpilogue, type Epilogue } from '../../nn/Epilogue.js';
import { convEpilogue, convEpilogueAvailable } from '../../nn/convEpilogue.js';
import type { LinearBranch } from '../../op/LinearBranch.js';
import type { SlotAggregator } from '../AggregationMode.js';
import type { SlotBranchOutputs } from '../SlotBranchOutputs.js';
import type { SlotSpec } from '../SlotSpec.js';
import type { BranchScales } from './BranchScales.js';

/**
 * The slot of the `online` mode: BN-free linear branches, each times a per-channel scale, summed,
 * then one BN. Since everything before the BN is linear in the input, {@link OnlineAggregator.forward}
 * first merges the active branches into one k×k kernel (differentiably, so gradients reach every
 * branch's weights) and runs a single convolution; a supernet's sampled sub-network is just a
 * different set of kernels in that sum.
 */
export class OnlineAggregator implements SlotAggregator {
  constructor(
    private readonly spec: SlotSpec,
    private readonly slotName: string,
    private readonly branches: readonly LinearBranch[],
    private readonly scales: BranchScales,
    private readonly bn: BatchNorm,
  ) {}

  /** Σ scaleᵢ · kernelᵢ over the active branches: the slot's convolution before its BN. */
  mergedKernel(active: readonly number[]): tf.Tensor4D {
    return tf.tidy(() =>
      weightedKernelSum(
        active.map((i) => this.branches[i].linearKernel()),
        active.map((i) => this.scales.scale(i)),
        this.spec.k,
      ),
    );
  }

  forward(x: tf.Tensor4D, active: readonly number[], training: boolean): tf.Tensor4D {
    const { k, stride, groups } = this.spec;
    return tf.tidy(() => this.bn.forward(groupedConv2d(x, this.mergedKernel(active), stride, centrePadding(k, k), groups), training));
  }

  /** The merged conv, its BN and the epilogue as one backend kernel at inference when possible. */
  forwardWithEpilogue(x: tf.Tensor4D, active: readonly number[], training: boolean, epilogue: Epilogue | undefined): tf.Tensor4D {
    const { k, stride, groups } = this.spec;
    return tf.tidy(() => {
      if (!training && groups === 1 && convEpilogueAvailable()) {
        const fused = convEpilogue(x, this.mergedKernel(active), stride, centrePadding(k, k), this.bn.evalAffine(), epilogue);
        if (fused) return fused;
      }
      return applyEpilogue(this.forward(x, active, training), epilogue);
    });
  }

  branchOutputs(x: tf.Tensor4D, active: readonly number[], training: boolean): SlotBranchOutputs {
    return tf.tidy(() => {
      const branches = active.map((i) => {
        const b = this.branches[i];
        return { opId: b.opId, label: `${b.opId} × scale`, output: this.scales.apply(i, b.forward(x)) };
      });
      const outs = branches.map((c) => c.output);
      const sum = outs.length === 1 ? tf.clone(outs[0]) : (tf.addN(outs) as tf.Tensor4D);
      return { branches, sum, output: this.bn.forward(sum, training), outputLabel: 'slot output (BN of sum)' };
    });
  }

  fold(active: readonly number[]): FusedConv {
    return tidyFused(() => fuseConvBn(this.mergedKernel(active), this.bn.stats()));
  }

  describe(g: GraphBuilder, input: string, active: readonly number[]): string {
    const outs = active.map((i) => {
      const b = this.branches[i];
      return this.scales.describe(g, i, describeModule(b, g, input, `op '${b.opId}' of slot '${this.slotName}'`));
    });
    const sum = outs.length === 1 ? outs[0] : g.add({ op: 'add', inputs: outs }, `${this.slotName}/sum`);
    return this.bn.describe(g, sum);
  }

  parameters(): Parameter[] {
    return [...this.branches.flatMap((b) => b.parameters()), ...this.scales.parameters(), ...this.bn.parameters()];
  }

  dispose(): void {
    for (const b of this.branches) b.dispose();
    this.scales.dispose();
    this.bn.dispose();
  }
}
