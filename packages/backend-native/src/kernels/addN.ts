import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../addon.js';
import { cpuKernel } from './fallback.js';
import { alloc, allFloat32, f32, output, sizeOf } from './tensorData.js';

/** `AddN` (sums of branch outputs and of accumulated gradients) in one pass. */
export const addNConfig: tf.KernelConfig = {
  kernelName: 'AddN',
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend } = args as unknown as { inputs: tf.TensorInfo[]; backend: MathBackendCPU };
    const list = Object.values(inputs) as tf.TensorInfo[];
    if (!allFloat32(...list)) return cpuKernel('AddN')(args);
    const out = alloc(backend, sizeOf(list[0].shape));
    nativeAddon().addN(out, ...list.map((t) => f32(backend, t)));
    return output(backend, list[0].shape, out);
  },
};
