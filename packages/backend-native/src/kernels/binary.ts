import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../addon.js';
import { cpuKernel } from './fallback.js';
import { allFloat32, f32, output, sizeOf } from './tensorData.js';

/** Op codes of native/elementwise.cc. */
const OPS: Record<string, number> = { Add: 0, Sub: 1, Multiply: 2, RealDiv: 3, SquaredDifference: 4, Maximum: 5, Minimum: 6 };
const SAME = 0;
const B_SCALAR = 1;
const A_SCALAR = 2;
const B_INNER = 3;
const A_INNER = 4;

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** `v` repeats along the last axis of `full`: [C] or [1, …, 1, C] against [..., C]. */
function isInnerVector(v: readonly number[], full: readonly number[]): boolean {
  const c = full[full.length - 1];
  return v.length >= 1 && v.length <= full.length && v[v.length - 1] === c && sizeOf(v) === c;
}

/** How the native kernel walks `a` and `b`, or undefined for broadcasts it does not cover. */
function modeOf(a: readonly number[], b: readonly number[]): { mode: number; shape: readonly number[]; inner: number } | undefined {
  if (sameShape(a, b)) return { mode: SAME, shape: a, inner: 1 };
  const sa = sizeOf(a);
  const sb = sizeOf(b);
  if (sb === 1 && b.length <= a.length) return { mode: B_SCALAR, shape: a, inner: 1 };
  if (sa === 1 && a.length <= b.length) return { mode: A_SCALAR, shape: b, inner: 1 };
  if (isInnerVector(b, a)) return { mode: B_INNER, shape: a, inner: sb };
  if (isInnerVector(a, b)) return { mode: A_INNER, shape: b, inner: sa };
  return undefined;
}

function binaryConfig(kernelName: string): tf.KernelConfig {
  const fallback = cpuKernel(kernelName);
  return {
    kernelName,
    backendName: 'native',
    kernelFunc: (args) => {
      const { inputs, backend } = args as unknown as { inputs: { a: tf.TensorInfo; b: tf.TensorInfo }; backend: MathBackendCPU };
      const { a, b } = inputs;
      const m = allFloat32(a, b) ? modeOf(a.shape, b.shape) : undefined;
      if (!m) return fallback(args);
      const out = new Float32Array(sizeOf(m.shape));
      nativeAddon().binary(OPS[kernelName], f32(backend, a), f32(backend, b), out, m.mode, m.inner);
      return output(backend, m.shape, out);
    },
  };
}

/** Add, Sub, Multiply, RealDiv, SquaredDifference, Maximum, Minimum on the addon. */
export function binaryConfigs(): tf.KernelConfig[] {
  return Object.keys(OPS).map(binaryConfig);
}
