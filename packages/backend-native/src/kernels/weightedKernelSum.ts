import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../addon.js';
import { alloc, f32, output, sizeOf } from './tensorData.js';

/** Core's weighted kernel sum contract (see @reparam/core weightedKernelSum). */
export const WEIGHTED_SUM_KERNEL = 'ReparamWeightedKernelSum';
const WEIGHTED_SUM_GRAD_KERNEL = 'ReparamWeightedKernelSumGrad';

/** The inputs come as an array: n kernels, then their n scales (and, for the gradient, dy last). */
type Inputs = Record<number, tf.TensorInfo>;
interface Attrs {
  n: number;
  kh: number;
  kw: number;
}
const range = (from: number, n: number, inputs: Inputs) => Array.from({ length: n }, (_, i) => inputs[from + i]);
const sizesOf = (kernels: tf.TensorInfo[]) => kernels.flatMap((k) => [k.shape[0], k.shape[1]]);

/** Forward: the centred, scaled kernels summed in one pass. */
export const weightedKernelSumConfig: tf.KernelConfig = {
  kernelName: WEIGHTED_SUM_KERNEL,
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as { inputs: Inputs; backend: MathBackendCPU; attrs: Attrs };
    const ks = range(0, attrs.n, inputs);
    const [, , cin, cout] = ks[0].shape;
    const shape = [attrs.kh, attrs.kw, cin, cout];
    const out = alloc(backend, sizeOf(shape));
    const v = (t: tf.TensorInfo) => f32(backend, t);
    nativeAddon().weightedSum(ks.map(v), range(attrs.n, attrs.n, inputs).map(v), sizesOf(ks), out, attrs.kh, attrs.kw, cin, cout);
    return output(backend, shape, out);
  },
};

/** Backward: every kernel's and every scale's gradient in one pass (outputs dk0…, then ds0…). */
export const weightedKernelSumGradConfig: tf.KernelConfig = {
  kernelName: WEIGHTED_SUM_GRAD_KERNEL,
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as { inputs: Inputs; backend: MathBackendCPU; attrs: Attrs };
    const ks = range(0, attrs.n, inputs);
    const [, , cin, cout] = ks[0].shape;
    const dks = ks.map((k) => alloc(backend, sizeOf(k.shape)));
    const dss = ks.map(() => alloc(backend, cout));
    const v = (t: tf.TensorInfo) => f32(backend, t);
    const dy = inputs[2 * attrs.n];
    nativeAddon().weightedSumGrad(v(dy), ks.map(v), range(attrs.n, attrs.n, inputs).map(v), sizesOf(ks), dks, dss, attrs.kh, attrs.kw, cin, cout);
    return [...dks.map((d, i) => output(backend, ks[i].shape, d)), ...dss.map((d) => output(backend, [cout], d))];
  },
};

/** The gradient of the fused kernel: one native call for all its inputs. */
export const weightedKernelSumGradient: tf.GradConfig = {
  kernelName: WEIGHTED_SUM_KERNEL,
  saveAllInputs: true,
  gradFunc: (dy, saved, attrs) => {
    // One call for every gradient, made here: each thunk below runs in its own tidy, which would
    // dispose tensors that a thunk created for its siblings. saved = the inputs, in order.
    const inputs = [...saved, dy as tf.Tensor] as unknown as tf.NamedTensorMap;
    const grads = tf.engine().runKernel(WEIGHTED_SUM_GRAD_KERNEL, inputs, attrs as tf.NamedAttrMap) as tf.Tensor[];
    // Keyed by input position, as the inputs were an array.
    return Object.fromEntries(grads.map((g, i) => [i, () => g]));
  },
};
