import * as tf from '@tensorflow/tfjs';
import {
  APPLIES,
  type Branch,
  composeSequentialConvs,
  ConvBn,
  type FusedConv,
  padKernel,
  type Parameter,
  type RepOp,
  type SlotSpec,
  tidyFused,
} from '@reparam/core';

/** How many middle channels per input channel the expansion uses. */
const EXPANSION = 2;

/**
 * 1×1 conv cin→2·cin → BN → 1×1 conv 2·cin→cout → BN: a linearly over-parameterised 1×1 branch
 * (ExpandNets-style). Both stages are 1×1, so no pad-aware BN is needed between them; the pair
 * folds into one 1×1 kernel, centred in the slot's k×k.
 */
class Expand1x1Branch implements Branch {
  readonly opId = 'conv_1x1_expand';
  private readonly first: ConvBn;
  private readonly second: ConvBn;

  constructor(
    private readonly spec: SlotSpec,
    rng: ConstructorParameters<typeof ConvBn>[2],
    name: string,
  ) {
    const { cin, cout, stride, groups } = spec;
    const mid = EXPANSION * cin;
    this.first = new ConvBn({ kh: 1, kw: 1, cin, cout: mid, groups }, `${name}/expand`, rng);
    this.second = new ConvBn({ kh: 1, kw: 1, cin: mid, cout, stride, groups }, `${name}/project`, rng);
  }

  forward(x: tf.Tensor4D, training: boolean): tf.Tensor4D {
    return tf.tidy(() => this.second.forward(this.first.forward(x, training), training));
  }

  fold(): FusedConv {
    return tidyFused(() => {
      const f = composeSequentialConvs(this.first.fold(), this.second.fold(), this.spec.groups);
      return { kernel: padKernel(f.kernel, this.spec.k, this.spec.k), bias: f.bias };
    });
  }

  parameters(): Parameter[] {
    return [...this.first.parameters(), ...this.second.parameters()];
  }

  dispose(): void {
    this.first.dispose();
    this.second.dispose();
  }
}

/** `conv_1x1_expand`: the example plugin's op. */
export const convExpand1x1: RepOp = {
  id: 'conv_1x1_expand',
  description: `1×1 conv cin→${EXPANSION}·cin → BN → 1×1 conv stride s → BN (linear expansion; example plugin)`,
  appliesTo: () => APPLIES,
  build: (spec, { rng, name }) => new Expand1x1Branch(spec, rng, name),
};
