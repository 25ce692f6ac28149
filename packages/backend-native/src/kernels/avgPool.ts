import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../addon.js';
import { attempt, cpuKernel } from './fallback.js';
import { alloc, f32, output, sizeOf } from './tensorData.js';

type PoolAttrs = { filterSize: number | [number, number]; strides: number | [number, number]; pad: 'valid' | 'same' | number; dimRoundingMode?: 'floor' | 'round' | 'ceil' };

function poolInfo(shape: readonly number[], attrs: PoolAttrs) {
  return tf.backend_util.computePool2DInfo(shape as [number, number, number, number], attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
}

/** reparam pads explicitly and pools 'valid'; those windows are what the addon runs. */
const isValid = (c: ReturnType<typeof poolInfo>) => c.padInfo.top === 0 && c.padInfo.left === 0 && c.padInfo.bottom === 0 && c.padInfo.right === 0;

function args(c: ReturnType<typeof poolInfo>): number[] {
  return [c.batchSize, c.inHeight, c.inWidth, c.inChannels, c.filterHeight, c.filterWidth, c.strideHeight, c.strideWidth, c.outHeight, c.outWidth];
}

/** `AvgPool` with valid windows on oneDNN. */
export const avgPoolConfig: tf.KernelConfig = {
  kernelName: 'AvgPool',
  backendName: 'native',
  kernelFunc: (a) => {
    const { inputs, backend, attrs } = a as unknown as { inputs: { x: tf.TensorInfo }; backend: MathBackendCPU; attrs: PoolAttrs };
    const c = poolInfo(inputs.x.shape, attrs);
    if (!isValid(c) || inputs.x.dtype !== 'float32') return cpuKernel('AvgPool')(a);
    const y = alloc(backend, sizeOf(c.outShape));
    if (!attempt(() => nativeAddon().avgPoolForward(f32(backend, inputs.x), y, ...args(c)))) return cpuKernel('AvgPool')(a);
    return output(backend, c.outShape, y);
  },
};

/** `AvgPoolGrad` with valid windows on oneDNN. */
export const avgPoolGradConfig: tf.KernelConfig = {
  kernelName: 'AvgPoolGrad',
  backendName: 'native',
  kernelFunc: (a) => {
    const { inputs, backend, attrs } = a as unknown as { inputs: { dy: tf.TensorInfo; input: tf.TensorInfo }; backend: MathBackendCPU; attrs: PoolAttrs };
    const c = poolInfo(inputs.input.shape, attrs);
    if (!isValid(c) || inputs.dy.dtype !== 'float32') return cpuKernel('AvgPoolGrad')(a);
    const dx = alloc(backend, sizeOf(inputs.input.shape));
    if (!attempt(() => nativeAddon().avgPoolBackward(f32(backend, inputs.dy), dx, ...args(c)))) return cpuKernel('AvgPoolGrad')(a);
    return output(backend, inputs.input.shape, dx);
  },
};
