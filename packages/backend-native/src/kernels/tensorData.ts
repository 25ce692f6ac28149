import type * as tf from '@tensorflow/tfjs';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BufferPool } from '../BufferPool.js';

/** The float32 values behind a tensor of the cpu-family backend, without copying. */
export function f32(backend: MathBackendCPU, t: tf.TensorInfo): Float32Array {
  return backend.data.get(t.dataId).values as Float32Array;
}

/** A new float32 tensor of the backend owning `values`. */
export function output(backend: MathBackendCPU, shape: readonly number[], values: Float32Array): tf.TensorInfo {
  return backend.makeTensorInfo([...shape], 'float32', values);
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** True when every tensor is float32 (the addon handles nothing else). */
export function allFloat32(...ts: tf.TensorInfo[]): boolean {
  return ts.every((t) => t.dtype === 'float32');
}

/**
 * A float32 array for a kernel to fill completely: uninitialised memory, since every native kernel
 * writes each element and zero-filling large outputs costs as much as a cheap elementwise op —
 * from the backend's pool of disposed outputs when it has one of that size.
 */
export function alloc(backend: MathBackendCPU, n: number): Float32Array {
  // Native kernels are registered for the native backend only, which always has a pool.
  return (backend as MathBackendCPU & { readonly pool: BufferPool }).pool.take(n);
}
