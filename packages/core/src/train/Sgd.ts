import * as tf from '@tensorflow/tfjs';
import { makeVariable } from '../nn/makeVariable.js';
import { isTrainable, type Parameter, takesWeightDecay } from '../nn/Parameter.js';
import { FUSED_SGD_KERNEL, hasFusedSgd } from './fusedSgdKernel.js';

/** SGD settings; PyTorch's semantics (weight decay added to the gradient, dampening 0). */
export interface SgdOptions {
  readonly momentum: number;
  readonly nesterov: boolean;
  /** Applied to convolution and dense weights only, never to BN parameters, biases or scales. */
  readonly weightDecay: number;
}

/** Stochastic gradient descent with momentum / Nesterov and selective weight decay. */
export class Sgd {
  private readonly params: Parameter[];
  private readonly velocity: tf.Variable[];

  constructor(
    parameters: readonly Parameter[],
    readonly options: SgdOptions,
  ) {
    this.params = parameters.filter(isTrainable);
    this.velocity = this.params.map((p) => makeVariable(() => tf.zerosLike(p.variable), false));
  }

  /** The variables the optimizer updates, in the order {@link Sgd.step} expects gradients. */
  get variables(): tf.Variable[] {
    return this.params.map((p) => p.variable);
  }

  /** One update with `grads` keyed by variable name (as tf.variableGrads returns them). */
  step(grads: tf.NamedTensorMap, lr: number): void {
    const { momentum, nesterov, weightDecay } = this.options;
    const fused = hasFusedSgd();
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        const w = p.variable;
        let g = grads[w.name];
        if (!g) return; // a branch not used by this forward pass (e.g. a supernet path)
        if (fused) {
          const attrs = { lr, momentum, weightDecay: takesWeightDecay(p) ? weightDecay : 0, nesterov };
          const [w2, v2] = tf.engine().runKernel(FUSED_SGD_KERNEL, { w, g, v: this.velocity[i] } as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
          this.velocity[i].assign(v2);
          w.assign(w2);
          return;
        }
        if (weightDecay > 0 && takesWeightDecay(p)) g = tf.add(g, tf.mul(w, weightDecay));
        const v = this.velocity[i];
        const vNext = momentum > 0 ? tf.add(tf.mul(v, momentum), g) : g;
        const update = nesterov && momentum > 0 ? tf.add(g, tf.mul(vNext, momentum)) : vNext;
        v.assign(vNext);
        w.assign(tf.sub(w, tf.mul(update, lr)));
      });
    });
  }

  /** The momentum buffers as parameters (for checkpoints), named `optimizer/<param>`. */
  stateParameters(): Parameter[] {
    return this.params.map((p, i) => ({ name: `optimizer/${p.name}`, variable: this.velocity[i], role: p.role }));
  }

  dispose(): void {
    for (const v of this.velocity) v.dispose();
  }
}
