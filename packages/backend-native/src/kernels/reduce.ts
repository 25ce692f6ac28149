import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../addon.js';
import { cpuKernel } from './fallback.js';
import { alloc, f32, output, sizeOf } from './tensorData.js';

/**
 * Sum, Mean and Max over a contiguous run of axes — leading (per-channel statistics of NHWC maps,
 * bias gradients), trailing (per-row softmax terms) or middle (global average pooling) — without
 * tfjs's transpose; other axis sets fall back.
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
        attrs: { axis?: number | number[]; reductionIndices?: number | number[]; keepDims: boolean };
      };
      const { x } = inputs;
      const rank = x.shape.length;
      if (x.dtype !== 'float32' || rank === 0) return fallback(args);
      // Sum and Mean name the axes `axis`, Max names them `reductionIndices`.
      const axes = [...new Set(tf.util.parseAxisParam((attrs.axis ?? attrs.reductionIndices)!, x.shape))].sort((a, b) => a - b);
      const k = axes.length;
      if (k === 0) return fallback(args);
      const leading = axes.every((a, i) => a === i);
      const trailing = axes.every((a, i) => a === rank - k + i);
      const contiguous = axes.every((a, i) => a === axes[0] + i);
      if (!contiguous) return fallback(args);
      const reduced = sizeOf(axes.map((a) => x.shape[a]));
      const kept = sizeOf(x.shape) / reduced;
      const outShape = attrs.keepDims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
      const out = alloc(backend, kept);
      const scale = kernelName === 'Mean' ? 1 / reduced : 1;
      const isMax = kernelName === 'Max';
      if (leading) nativeAddon().reduceOuter(f32(backend, x), out, reduced, kept, scale, isMax);
      else if (trailing) nativeAddon().reduceInner(f32(backend, x), out, kept, reduced, scale, isMax);
      else {
        // e.g. global average pooling: [n, h, w, c] over h, w.
        const outer = sizeOf(x.shape.slice(0, axes[0]));
        nativeAddon().reduceMiddle(f32(backend, x), out, outer, reduced, kept / outer, scale, isMax);
      }
      return output(backend, outShape, out);
    },
  };
}

/** Sum, Mean, Max on the addon. */
export function reduceConfigs(): tf.KernelConfig[] {
  return [reduceConfig('Sum'), reduceConfig('Mean'), reduceConfig('Max')];
}
