import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../addon.js';
import { alloc, f32, output, sizeOf } from './tensorData.js';

/** Core's fused batch-norm kernel contract (see @reparam/core fusedBatchNormKernel). */
export const BN_KERNEL = 'ReparamBatchNormTrain';
const BN_GRAD_KERNEL = 'ReparamBatchNormTrainGrad';

/** Forward: one pass for the statistics, one for y. */
export const batchNormTrainConfig: tf.KernelConfig = {
  kernelName: BN_KERNEL,
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
      backend: MathBackendCPU;
      attrs: { epsilon: number };
    };
    const { x, gamma, beta } = inputs;
    const c = x.shape[x.shape.length - 1];
    const rows = sizeOf(x.shape) / c;
    const y = alloc(backend, rows * c);
    const mean = alloc(backend, c);
    const variance = alloc(backend, c);
    nativeAddon().bnForward(f32(backend, x), f32(backend, gamma), f32(backend, beta), y, mean, variance, rows, c, attrs.epsilon);
    return [output(backend, x.shape, y), output(backend, [c], mean), output(backend, [c], variance)];
  },
};

/** Backward: gradients of x, γ, β from those of y, the batch mean and the batch variance. */
export const batchNormTrainGradConfig: tf.KernelConfig = {
  kernelName: BN_GRAD_KERNEL,
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: Record<'dy' | 'x' | 'gamma' | 'mean' | 'variance' | 'dmean' | 'dvar', tf.TensorInfo>;
      backend: MathBackendCPU;
      attrs: { epsilon: number };
    };
    const { dy, x, gamma, mean, variance, dmean, dvar } = inputs;
    const c = x.shape[x.shape.length - 1];
    const rows = sizeOf(x.shape) / c;
    const dx = alloc(backend, rows * c);
    const dgamma = alloc(backend, c);
    const dbeta = alloc(backend, c);
    const v = (t: tf.TensorInfo) => f32(backend, t);
    nativeAddon().bnBackward(v(dy), v(x), v(gamma), v(mean), v(variance), v(dmean), v(dvar), dx, dgamma, dbeta, rows, c, attrs.epsilon);
    return [output(backend, x.shape, dx), output(backend, [c], dgamma), output(backend, [c], dbeta)];
  },
};

/** The gradient of the fused kernel: one native call for all three inputs. */
export const batchNormTrainGradient: tf.GradConfig = {
  kernelName: BN_KERNEL,
  inputsToSave: ['x', 'gamma'],
  outputsToSave: [false, true, true],
  gradFunc: (dys, saved, attrs) => {
    const [x, gamma, mean, variance] = saved;
    const [dy, dmean, dvar] = dys as (tf.Tensor | null)[];
    const c = gamma.shape[0];
    // One call for all three gradients, made here: each thunk below runs in its own tidy, which
    // would dispose tensors that a thunk created for its siblings.
    const [dx, dgamma, dbeta] = tf.engine().runKernel(
      BN_GRAD_KERNEL,
      {
        dy: dy ?? tf.zerosLike(x),
        x,
        gamma,
        mean,
        variance,
        dmean: dmean ?? tf.zeros([c]),
        dvar: dvar ?? tf.zeros([c]),
      } as unknown as tf.NamedTensorMap,
      attrs as tf.NamedAttrMap,
    ) as tf.Tensor[];
    return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
  },
};

/** Core's per-channel affine kernel contract (see @reparam/core channelAffineKernel): y = x·scale + shift. */
export const CHANNEL_AFFINE_KERNEL = 'ReparamChannelAffine';

/** x·scale + shift over the last axis in one pass (batch norm in inference mode). */
export const channelAffineConfig: tf.KernelConfig = {
  kernelName: CHANNEL_AFFINE_KERNEL,
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend } = args as unknown as { inputs: Record<'x' | 'scale' | 'shift', tf.TensorInfo>; backend: MathBackendCPU };
    const { x, scale, shift } = inputs;
    const c = x.shape[x.shape.length - 1];
    const rows = sizeOf(x.shape) / c;
    const y = alloc(backend, rows * c);
    nativeAddon().channelAffine(f32(backend, x), f32(backend, scale), f32(backend, shift), y, rows, c);
    return output(backend, x.shape, y);
  },
};

/** Its gradient: dx = dy·scale, dscale = Σ dy·x, dshift = Σ dy (sums over every axis but the last). */
export const channelAffineGradient: tf.GradConfig = {
  kernelName: CHANNEL_AFFINE_KERNEL,
  inputsToSave: ['x', 'scale'],
  gradFunc: (dy, saved) => {
    const [x, scale] = saved;
    const g = dy as tf.Tensor;
    const axes = g.shape.slice(0, -1).map((_, i) => i);
    return { x: () => tf.mul(g, scale), scale: () => tf.sum(tf.mul(g, x), axes), shift: () => tf.sum(g, axes) };
  },
};
