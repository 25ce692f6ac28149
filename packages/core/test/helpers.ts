import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect } from 'vitest';
import { useBackend } from '../src/index.js';

/** Every test file runs on tfjs's reference cpu backend. */
export function onCpuBackend(): void {
  beforeAll(async () => {
    await useBackend('cpu');
  });
}

/** Asserts a tensor equals nested numbers to within `eps`. */
export function expectTensor(t: tf.Tensor, expected: number[] | number[][] | number[][][] | number[][][][], eps = 1e-6): void {
  const want = tf.tensor(expected as number[]);
  expect(t.shape).toEqual(want.shape);
  const got = t.dataSync();
  const exp = want.dataSync();
  want.dispose();
  for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(exp[i], -Math.log10(eps));
}
