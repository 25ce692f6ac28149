import * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';
import type { GraphBuilder } from '../graph/GraphBuilder.js';
import { graphTensor } from '../graph/graphTensor.js';
import type { Module } from './Module.js';
import { disposeParameters } from './Module.js';
import type { Parameter } from './Parameter.js';
import { makeVariable } from './makeVariable.js';

/** A fully connected layer `[n, in] → [n, out]` with bias; PyTorch's default uniform init. */
export class Dense implements Module {
  readonly kernel: tf.Variable<tf.Rank.R2>;
  readonly bias: tf.Variable<tf.Rank.R1>;

  constructor(
    readonly inputs: number,
    readonly outputs: number,
    readonly name: string,
    rng: Rng,
  ) {
    const bound = 1 / Math.sqrt(inputs);
    const w = rng.uniformArray(inputs * outputs, -bound, bound);
    const b = rng.uniformArray(outputs, -bound, bound);
    this.kernel = makeVariable(() => tf.tensor2d(w, [inputs, outputs]));
    this.bias = makeVariable(() => tf.tensor1d(b));
  }

  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.add(tf.matMul(x, this.kernel), this.bias) as tf.Tensor2D);
  }

  /** Adds this layer to `g` reading `input` (a `[n, inputs]` value). */
  describe(g: GraphBuilder, input: string): string {
    return g.add({ op: 'dense', input, kernel: graphTensor(this.kernel), bias: graphTensor(this.bias) }, this.name);
  }

  parameters(): Parameter[] {
    return [
      { name: `${this.name}/kernel`, variable: this.kernel, role: 'weight' },
      { name: `${this.name}/bias`, variable: this.bias, role: 'bias' },
    ];
  }

  dispose(): void {
    disposeParameters(this.parameters());
  }
}
