import * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../addon.js';
import { cpuKernel } from './fallback.js';
import { alloc, allFloat32, f32, output, sizeOf } from './tensorData.js';

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

/** Element strides of `shape` against a rank-4 output `out` (0 on broadcast axes), or undefined. */
function broadcastStrides(shape: readonly number[], out: readonly number[]): number[] | undefined {
  const padded = [...Array(4 - shape.length).fill(1), ...shape];
  const strides = [0, 0, 0, 0];
  let s = 1;
  for (let i = 3; i >= 0; i--) {
    if (padded[i] === out[i]) strides[i] = padded[i] === 1 ? 0 : s;
    else if (padded[i] !== 1) return undefined;
    s *= padded[i];
  }
  return strides;
}

/** Any broadcast of rank ≤ 4 (e.g. the [n, 1, 1, c] gradient of global average pooling). */
function broadcastBinary(op: number, backend: MathBackendCPU, a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo | undefined {
  if (a.shape.length > 4 || b.shape.length > 4) return undefined;
  const rank = Math.max(a.shape.length, b.shape.length);
  const shape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
  const out4 = [...Array(4 - rank).fill(1), ...shape];
  const as = broadcastStrides(a.shape, out4);
  const bs = broadcastStrides(b.shape, out4);
  if (!as || !bs) return undefined;
  const out = alloc(backend, sizeOf(shape));
  nativeAddon().binaryBroadcast(op, f32(backend, a), as, f32(backend, b), bs, out, out4);
  return output(backend, shape, out);
}

function binaryConfig(kernelName: string): tf.KernelConfig {
  const fallback = cpuKernel(kernelName);
  return {
    kernelName,
    backendName: 'native',
    kernelFunc: (args) => {
      const { inputs, backend } = args as unknown as { inputs: { a: tf.TensorInfo; b: tf.TensorInfo }; backend: MathBackendCPU };
      const { a, b } = inputs;
      if (!allFloat32(a, b)) return fallback(args);
      const m = modeOf(a.shape, b.shape);
      if (!m) return broadcastBinary(OPS[kernelName], backend, a, b) ?? fallback(args);
      const out = alloc(backend, sizeOf(m.shape));
      nativeAddon().binary(OPS[kernelName], f32(backend, a), f32(backend, b), out, m.mode, m.inner);
      return output(backend, m.shape, out);
    },
  };
}

/** Add, Sub, Multiply, RealDiv, SquaredDifference, Maximum, Minimum on the addon. */
export function binaryConfigs(): tf.KernelConfig[] {
  return Object.keys(OPS).map(binaryConfig);
}
