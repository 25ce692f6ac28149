import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../addon.js';
import { cpuKernel } from './fallback.js';
import { alloc, f32, output, sizeOf } from './tensorData.js';

/** Op codes of native/elementwise.cc. */
const OPS: Record<string, number> = { Relu: 0, Step: 1, Neg: 2, Square: 3, Exp: 4, Sqrt: 5, Rsqrt: 6, Abs: 7, Log: 8 };

function unaryConfig(kernelName: string): tf.KernelConfig {
  const fallback = cpuKernel(kernelName);
  return {
    kernelName,
    backendName: 'native',
    kernelFunc: (args) => {
      const { inputs, backend, attrs } = args as unknown as { inputs: { x: tf.TensorInfo }; backend: MathBackendCPU; attrs: { alpha?: number } };
      const { x } = inputs;
      if (x.dtype !== 'float32') return fallback(args);
      const out = alloc(backend, sizeOf(x.shape));
      nativeAddon().unary(OPS[kernelName], f32(backend, x), out, attrs?.alpha ?? 0);
      return output(backend, x.shape, out);
    },
  };
}

/** Relu, Step (relu's gradient), Neg, Square, Exp, Sqrt, Rsqrt, Abs, Log on the addon. */
export function unaryConfigs(): tf.KernelConfig[] {
  return Object.keys(OPS).map(unaryConfig);
}
