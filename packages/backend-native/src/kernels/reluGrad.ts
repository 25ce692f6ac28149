import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../addon.js';
import { alloc, allFloat32, f32, output, sizeOf } from './tensorData.js';

const RELU_GRAD_KERNEL = 'ReparamReluGrad';

/** dy where x > 0, else 0, in one pass. */
export const reluGradConfig: tf.KernelConfig = {
  kernelName: RELU_GRAD_KERNEL,
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend } = args as unknown as { inputs: { dy: tf.TensorInfo; x: tf.TensorInfo }; backend: MathBackendCPU };
    const out = alloc(backend, sizeOf(inputs.x.shape));
    nativeAddon().reluGrad(f32(backend, inputs.dy), f32(backend, inputs.x), out);
    return output(backend, inputs.x.shape, out);
  },
};

/**
 * Relu's gradient, replacing tfjs's `mul(dy, step(x))` (two passes, two allocations) with the
 * one-pass kernel on the native backend; every other backend keeps tfjs's formula.
 */
export function reluGradient(original: tf.GradConfig | undefined): tf.GradConfig {
  return {
    kernelName: 'Relu',
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const d = dy as tf.Tensor;
      if (tf.getBackend() === 'native' && allFloat32(d, x) && d.size === x.size) {
        return { x: () => tf.engine().runKernel(RELU_GRAD_KERNEL, { dy: d, x } as unknown as tf.NamedTensorMap, {}) as tf.Tensor };
      }
      if (original) return original.gradFunc(dy, saved, attrs);
      return { x: () => tf.mul(d, tf.step(tf.cast(x, 'float32'))) };
    },
  };
}
