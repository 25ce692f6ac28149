import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BufferPool, poolBytesFromEnv } from '../src/BufferPool.js';
import { isNativeAvailable } from '../src/index.js';

describe('BufferPool', () => {
  it('hands a released array to the next request of the same size, and only then', () => {
    const pool = new BufferPool();
    const a = pool.take(1000);
    pool.registered(a);
    pool.released(a);
    expect(pool.bytes).toBe(4000);
    expect(pool.take(999)).not.toBe(a);
    expect(pool.take(1000)).toBe(a);
    expect(pool.bytes).toBe(0);
  });

  it('never reuses memory that a view or a second tensor may still see', () => {
    const pool = new BufferPool();
    const viewed = pool.take(100);
    pool.registered(viewed);
    pool.registered(viewed.subarray(10, 20)); // the cpu backend's simple slice
    pool.released(viewed);
    const twice = pool.take(100);
    pool.registered(twice);
    pool.registered(twice); // the same array as the data of two tensors
    pool.released(twice);
    expect(pool.bytes).toBe(0);
    expect(pool.take(100)).not.toBe(viewed);
  });

  it('leaves arrays it did not make, and arrays beyond its cap, to the garbage collector', () => {
    const pool = new BufferPool(4 * 150);
    pool.released(new Float32Array(10));
    const a = pool.take(100);
    const b = pool.take(100);
    pool.registered(a);
    pool.registered(b);
    pool.released(a);
    pool.released(b); // would exceed 600 bytes
    expect(pool.bytes).toBe(400);
    expect(pool.owns(a)).toBe(true);
    expect(pool.owns(new Float32Array(3))).toBe(false);
  });
});

describe('REPARAM_NATIVE_POOL_MB', () => {
  it('sets the cap in megabytes, 0 turning reuse off, and falls back to 512 with one warning when malformed', () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect(poolBytesFromEnv(undefined, warn)).toBe(512 * 2 ** 20);
    expect(poolBytesFromEnv('64', warn)).toBe(64 * 2 ** 20);
    expect(poolBytesFromEnv('0', warn)).toBe(0);
    expect(warnings).toEqual([]);
    expect(poolBytesFromEnv('lots', warn)).toBe(512 * 2 ** 20);
    expect(poolBytesFromEnv('-5', warn)).toBe(512 * 2 ** 20);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBe("@reparam/backend-native: REPARAM_NATIVE_POOL_MB must be a number of megabytes ≥ 0, got 'lots'; using 512");
  });
});

describe.skipIf(!isNativeAvailable())('the native backend with reused outputs', () => {
  beforeAll(async () => {
    await tf.setBackend('native');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('keeps what dataSync returned intact after the tensor is disposed and its memory reused', () => {
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 4 * 4 * 3 }, (_, i) => i), [2, 4, 4, 3]);
    const read = tf.tidy(() => tf.relu(tf.sub(x, 10)).dataSync());
    const copy = Float32Array.from(read);
    // Outputs of the same size now reuse the disposed one's memory.
    for (let i = 0; i < 5; i++) tf.tidy(() => tf.mul(x, -3).dataSync());
    expect(read).toEqual(copy);
    x.dispose();
  });

  it('keeps a slice that views a disposed tensor’s memory intact (the cpu backend’s slice is a view)', () => {
    const kept = tf.tidy(() => {
      const y = tf.add(tf.ones([6, 5]), tf.range(0, 30).reshape([6, 5]));
      return tf.slice(y, [2, 0], [2, 5]); // contiguous rows: a subarray of y's memory on cpu kernels
    });
    const want = Array.from({ length: 10 }, (_, i) => 11 + i);
    for (let i = 0; i < 5; i++) tf.tidy(() => tf.mul(tf.ones([6, 5]), 7).dataSync());
    expect(Array.from(kept.dataSync())).toEqual(want);
    kept.dispose();
  });

  it('leaks no tensors across repeated steps', () => {
    const x = tf.randomNormal([4, 8, 8, 3]);
    const w = tf.randomNormal([3, 3, 3, 5]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(tf.relu(tf.conv2d(a as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'))))(x).dataSync());
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w]);
  });
});
