import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../src/index.js';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('wasm backend with the added Conv2DBackpropFilter', () => {
  const cases: [number[], number[], number, 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]]][] = [
    [[2, 7, 8, 3], [3, 3, 3, 4], 1, 'same'],
    [[1, 9, 9, 2], [3, 3, 2, 5], 2, [[0, 0], [1, 1], [1, 1], [0, 0]]],
    [[3, 8, 6, 4], [1, 1, 4, 2], 2, 'valid'],
    [[2, 6, 7, 2], [1, 3, 2, 3], 1, [[0, 0], [0, 0], [1, 1], [0, 0]]],
  ];
  for (const [xs, ws, stride, pad] of cases) {
    it(`matches cpu: x ${xs}, w ${ws}, stride ${stride}, pad ${JSON.stringify(pad)}`, async () => {
      const x = tf.randomNormal(xs) as tf.Tensor4D;
      const w = tf.randomNormal(ws) as tf.Tensor4D;
      const grads = async (backend: string) => {
        await tf.setBackend(backend);
        return tf.tidy(() =>
          tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.sin(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad))))([x, w]).map((g) => g.dataSync().slice()),
        );
      };
      const cpu = await grads('cpu');
      const wasm = await grads('wasm');
      cpu.forEach((want, i) => want.forEach((v, j) => expect(Math.abs(wasm[i][j] - v)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(v)))));
    });
  }
  it('frees its intermediates', async () => {
    await tf.setBackend('wasm');
    const x = tf.randomNormal([2, 6, 6, 3]) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, 4]) as tf.Tensor4D;
    const step = () => tf.tidy(() => tf.grad((b: tf.Tensor) => tf.sum(tf.conv2d(x, b as tf.Tensor4D, 2, 'same')))(w).dataSync());
    step();
    const before = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    step();
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(bytes);
  });
});
