import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../addon.js';
import { alloc, f32, output, sizeOf } from './tensorData.js';

/** Core's fused SGD update (`ReparamSgdUpdate`): one pass per parameter for the whole step. */
export const sgdUpdateConfig: tf.KernelConfig = {
  kernelName: 'ReparamSgdUpdate',
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { w: tf.TensorInfo; g: tf.TensorInfo; v: tf.TensorInfo };
      backend: MathBackendCPU;
      attrs: { lr: number; momentum: number; weightDecay: number; nesterov: boolean };
    };
    const { w, g, v } = inputs;
    const n = sizeOf(w.shape);
    const wOut = alloc(backend, n);
    const vOut = alloc(backend, n);
    nativeAddon().sgdUpdate(f32(backend, w), f32(backend, g), f32(backend, v), wOut, vOut, attrs.lr, attrs.momentum, attrs.weightDecay, attrs.nesterov);
    return [output(backend, w.shape, wOut), output(backend, w.shape, vOut)];
  },
};
