import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../addon.js';
import { cpuKernel } from './fallback.js';
import { alloc, f32, output, sizeOf } from './tensorData.js';

/** `Slice` of float32 tensors up to rank 4 (grouped-conv splits, the gradient of pad). */
export const sliceConfig: tf.KernelConfig = {
  kernelName: 'Slice',
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as { inputs: { x: tf.TensorInfo }; backend: MathBackendCPU; attrs: { begin: number | number[]; size: number | number[] } };
    const { x } = inputs;
    const rank = x.shape.length;
    if (x.dtype !== 'float32' || rank === 0 || rank > 4) return cpuKernel('Slice')(args);
    const begin = Array.isArray(attrs.begin) ? attrs.begin : [attrs.begin];
    const size = Array.isArray(attrs.size) ? attrs.size : [attrs.size];
    if (begin.length !== rank) return cpuKernel('Slice')(args);
    const outShape = x.shape.map((d, i) => (size[i] === undefined || size[i] === -1 ? d - begin[i] : size[i]));
    const out = alloc(backend, sizeOf(outShape));
    nativeAddon().slice4(f32(backend, x), [...x.shape], begin, out, outShape);
    return output(backend, outShape, out);
  },
};

/** `Tile` of float32 tensors up to rank 4 (a 1×1 kernel repeated for every tap of the next one). */
export const tileConfig: tf.KernelConfig = {
  kernelName: 'Tile',
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as { inputs: { x: tf.TensorInfo }; backend: MathBackendCPU; attrs: { reps: number[] } };
    const { x } = inputs;
    const rank = x.shape.length;
    if (x.dtype !== 'float32' || rank === 0 || rank > 4 || attrs.reps.length !== rank) return cpuKernel('Tile')(args);
    const outShape = x.shape.map((d, i) => d * attrs.reps[i]);
    const out = alloc(backend, sizeOf(outShape));
    nativeAddon().tile4(f32(backend, x), [...x.shape], out, outShape);
    return output(backend, outShape, out);
  },
};

/** `PadV2` (constant padding) of float32 tensors up to rank 4 (pad-aware BN, zero-padded pooling). */
export const padV2Config: tf.KernelConfig = {
  kernelName: 'PadV2',
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as { inputs: { x: tf.TensorInfo }; backend: MathBackendCPU; attrs: { paddings: [number, number][]; constantValue: number } };
    const { x } = inputs;
    const rank = x.shape.length;
    if (x.dtype !== 'float32' || rank === 0 || rank > 4) return cpuKernel('PadV2')(args);
    const outShape = x.shape.map((d, i) => d + attrs.paddings[i][0] + attrs.paddings[i][1]);
    const out = alloc(backend, sizeOf(outShape));
    nativeAddon().pad4(f32(backend, x), [...x.shape], attrs.paddings.map((p) => p[0]), out, outShape, attrs.constantValue);
    return output(backend, outShape, out);
  },
};
