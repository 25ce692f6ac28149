import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../addon.js';
import { cpuKernel } from './fallback.js';
import { f32, output, sizeOf } from './tensorData.js';

/**
 * Sum, Mean and Max over leading axes (per-channel statistics of NHWC maps, bias gradients) or
 * trailing axes (per-row softmax terms) without tfjs's transpose; other axis sets fall back.
 */
function reduceConfig(kernelName: 'Sum' | 'Mean' | 'Max'): tf.KernelConfig {
  const fallback = cpuKernel(kernelName);
  return {
    kernelName,
    backendName: 'native',
    kernelFunc: (args) => {
      const { inputs, backend, attrs } = args as unknown as {
        inputs: { x: tf.TensorInfo };
        backend: MathBackendCPU;
        attrs: { axis: number | number[]; keepDims: boolean };
      };
      const { x } = inputs;
      const rank = x.shape.length;
      if (x.dtype !== 'float32' || rank === 0) return fallback(args);
      const axes = [...new Set(tf.util.parseAxisParam(attrs.axis, x.shape))].sort((a, b) => a - b);
      const k = axes.length;
      if (k === 0) return fallback(args);
      const leading = axes.every((a, i) => a === i);
      const trailing = axes.every((a, i) => a === rank - k + i);
      if (!leading && !trailing) return fallback(args);
      const reduced = sizeOf(axes.map((a) => x.shape[a]));
      const kept = sizeOf(x.shape) / reduced;
      const outShape = attrs.keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
      const out = new Float32Array(kept);
      const scale = kernelName === 'Mean' ? 1 / reduced : 1;
      const isMax = kernelName === 'Max';
      if (leading) nativeAddon().reduceOuter(f32(backend, x), out, reduced, kept, scale, isMax);
      else nativeAddon().reduceInner(f32(backend, x), out, kept, reduced, scale, isMax);
      return output(backend, outShape, out);
    },
  };
}

/** Sum, Mean, Max on the addon. */
export function reduceConfigs(): tf.KernelConfig[] {
  return [reduceConfig('Sum'), reduceConfig('Mean'), reduceConfig('Max')];
}
