import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { nativeAddon } from '../addon.js';
import { cpuKernel } from './fallback.js';
import { alloc, allFloat32, f32, output, sizeOf } from './tensorData.js';

/**
 * `BatchMatMul` of float32 tensors whose outer (batch) shapes are equal, or one of them all ones:
 * the dense head and online re-parameterization's kernel compositions. Other broadcasts go to cpu.
 */
export const batchMatMulConfig: tf.KernelConfig = {
  kernelName: 'BatchMatMul',
  backendName: 'native',
  kernelFunc: (args) => {
    const { inputs, backend, attrs } = args as unknown as {
      inputs: { a: tf.TensorInfo; b: tf.TensorInfo };
      backend: MathBackendCPU;
      attrs: { transposeA: boolean; transposeB: boolean };
    };
    const { a, b } = inputs;
    const { transposeA, transposeB } = attrs;
    if (!allFloat32(a, b) || a.shape.length < 2 || b.shape.length < 2) return cpuKernel('BatchMatMul')(args);
    const outerA = a.shape.slice(0, -2);
    const outerB = b.shape.slice(0, -2);
    const batchA = sizeOf(outerA);
    const batchB = sizeOf(outerB);
    const sameOuter = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
    if (!sameOuter && batchA !== 1 && batchB !== 1) return cpuKernel('BatchMatMul')(args);
    const [ar, ac] = a.shape.slice(-2);
    const [br, bc] = b.shape.slice(-2);
    const m = transposeA ? ac : ar;
    const k = transposeA ? ar : ac;
    const n = transposeB ? br : bc;
    if ((transposeB ? bc : br) !== k) return cpuKernel('BatchMatMul')(args); // let tfjs say what is wrong
    // Right-aligned broadcast of the outer shapes (one of them is all ones unless they are equal).
    const rank = Math.max(outerA.length, outerB.length);
    const dim = (outer: readonly number[], i: number) => outer[i - (rank - outer.length)] ?? 1;
    const outShape = [...Array.from({ length: rank }, (_, i) => Math.max(dim(outerA, i), dim(outerB, i))), m, n];
    const out = alloc(backend, sizeOf(outShape));
    nativeAddon().batchMatMul(f32(backend, a), f32(backend, b), out, batchA, batchB, m, n, k, transposeA, transposeB);
    return output(backend, outShape, out);
  },
};
