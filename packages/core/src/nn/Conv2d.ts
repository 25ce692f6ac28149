import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';
import { identityKernel } from '../fusion/identityKernel.js';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import { graphTensor } from '../graph/graphTensor.js';
import type { LinearStage } from '../branch/LinearStage.js';
import { disposeParameters } from './Module.js';
import type { Parameter } from './Parameter.js';
import type { Padding } from './Padding.js';
import { groupedConv2d } from './groupedConv2d.js';
import { makeVariable } from './makeVariable.js';

/** How a convolution's kernel starts. */
export type ConvInit = 'he-normal' | 'identity';

/** Geometry and start of a {@link Conv2d}. */
export interface Conv2dOptions {
  readonly kh: number;
  readonly kw: number;
  readonly cin: number;
  readonly cout: number;
  readonly stride?: number;
  readonly padding?: Padding;
  readonly groups?: number;
  /** `he-normal` (default): N(0, 2/fan_in). `identity`: the identity map, needs cin = cout and a 1×1 kernel. */
  readonly init?: ConvInit;
}

/**
 * A bias-free NHWC convolution with explicit padding and groups (kernel `[kh, kw, cin/groups, cout]`);
 * also the learnable stage of BN-free (online) branches.
 */
export class Conv2d implements LinearStage {
  readonly kernel: tf.Variable<tf.Rank.R4>;
  readonly stride: number;
  readonly padding: Padding;
  readonly groups: number;

  constructor(
    readonly options: Conv2dOptions,
    readonly name: string,
    rng: Rng,
  ) {
    const { kh, kw, cin, cout } = options;
    this.stride = options.stride ?? 1;
    this.padding = options.padding ?? [0, 0, 0, 0];
    this.groups = options.groups ?? 1;
    const cinG = cin / this.groups;
    if (options.init === 'identity') {
      if (cin !== cout || kh !== 1 || kw !== 1) throw new Error(`identity init needs a 1×1 conv with cin = cout (${name})`);
      this.kernel = makeVariable(() => identityKernel(1, cin, this.groups));
    } else {
      const std = Math.sqrt(2 / (kh * kw * cinG));
      const values = rng.normalArray(kh * kw * cinG * cout, 0, std);
      this.kernel = makeVariable(() => tf.tensor4d(values, [kh, kw, cinG, cout]));
    }
  }

  forward(x: tf.Tensor4D): tf.Tensor4D {
    return groupedConv2d(x, this.kernel, this.stride, this.padding, this.groups);
  }

  /** The kernel variable itself (see {@link LinearStage}). */
  linearKernel(): tf.Tensor4D {
    return this.kernel;
  }

  /** Adds this convolution (no bias) to `g` reading `input`. */
  describe(g: GraphBuilder, input: string): string {
    return g.add({ op: 'conv', input, kernel: graphTensor(this.kernel), stride: this.stride, padding: this.padding, groups: this.groups }, this.name);
  }

  parameters(): Parameter[] {
    return [{ name: `${this.name}/kernel`, variable: this.kernel, role: 'weight' }];
  }

  dispose(): void {
    disposeParameters(this.parameters());
  }
}
