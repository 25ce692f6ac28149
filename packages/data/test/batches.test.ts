import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { ReparamError, Rng, useBackend } from '@reparam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ImageDataset, idxDataset } from '../src/index.js';
import { collect, isShiftOf, tempDir, writeIdxDataset } from './fixtures.js';

const tmp = tempDir();
let d: ImageDataset;
afterAll(tmp.cleanup);
beforeAll(async () => {
  await useBackend('cpu');
  const dir = join(tmp.dir, 'idx');
  writeIdxDataset(dir, { train: 250, test: 40, side: 10, classes: 6 });
  d = (await idxDataset.load({ seed: 9, path: dir })) as ImageDataset;
});

describe('batches', () => {
  it('in order: every image once, the last batch partial', () => {
    const b = collect(d, d.train, 32);
    expect(d.train.size).toBe(225);
    expect(b.sizes).toEqual([32, 32, 32, 32, 32, 32, 32, 1]);
    expect(b.ids).toEqual([...d.train.indices]);
    expect(b.labels).toEqual(b.ids.map((id) => id % 6));
  });

  it('shuffled by an rng: full batches only, labels still paired with their images', () => {
    const b = collect(d, d.train, 32, { rng: new Rng(1) });
    expect(b.sizes).toEqual([32, 32, 32, 32, 32, 32, 32]);
    expect(new Set(b.ids).size).toBe(224);
    const train = new Set(d.train.indices);
    for (const id of b.ids) expect(train.has(id)).toBe(true);
    expect(b.ids).not.toEqual([...b.ids].sort((x, y) => x - y));
    expect(b.pixelLabels).toEqual(b.labels);
    expect(b.labels).toEqual(b.ids.map((id) => id % 6));
  });

  it('shuffle the same way for the same rng seed and differently for another', () => {
    const a = collect(d, d.train, 50, { rng: new Rng(2) }).ids;
    expect(collect(d, d.train, 50, { rng: new Rng(2) }).ids).toEqual(a);
    expect(collect(d, d.train, 50, { rng: new Rng(3) }).ids).not.toEqual(a);
  });

  it('keep the one partial batch of a split smaller than a batch, even when shuffled', () => {
    expect(d.validation.size).toBe(25);
    expect(collect(d, d.validation, 64, { rng: new Rng(1) }).sizes).toEqual([25]);
  });

  it('reject a bad batch size and augmentation without an rng, as ReparamErrors', () => {
    expect(() => d.train.batches(0)).toThrow(ReparamError);
    expect(() => d.train.batches(2.5)).toThrow(/batch size must be a positive integer \(got 2\.5\)/);
    expect(() => d.train.batches(8, { augment: true })).toThrow(/augmented batches need an rng/);
  });

  it('augment: same shapes and labels, a shift within ±pad of each image, deterministic per rng', () => {
    const { pad, flip } = d.augmentation;
    expect({ pad, flip }).toEqual({ pad: 1, flip: false });
    const plain = [...d.train.batches(40, { rng: new Rng(5) })];
    const aug = [...d.train.batches(40, { rng: new Rng(5), augment: true })];
    const again = [...d.train.batches(40, { rng: new Rng(5), augment: true })];
    expect(aug).toHaveLength(plain.length);
    let moved = 0;
    aug.forEach((batch, i) => {
      expect(batch.x.shape).toEqual(plain[i].x.shape);
      expect([...batch.y.dataSync()]).toEqual([...plain[i].y.dataSync()]);
      expect([...batch.x.dataSync()]).toEqual([...again[i].x.dataSync()]);
      const a = batch.x.dataSync() as Float32Array;
      const p = plain[i].x.dataSync() as Float32Array;
      for (let j = 0; j < batch.x.shape[0]; j++) {
        const ai = a.subarray(j * 100, (j + 1) * 100);
        const pi = p.subarray(j * 100, (j + 1) * 100);
        expect(isShiftOf(ai, pi, 10, 1, pad, flip)).toBe(true);
        if (ai.some((v, k) => v !== pi[k])) moved++;
      }
    });
    // 8 of 9 offsets move the image.
    expect(moved).toBeGreaterThan(150);
    const other = [...d.train.batches(40, { rng: new Rng(6), augment: true })];
    expect([...other[0].x.dataSync()]).not.toEqual([...aug[0].x.dataSync()]);
    tf.dispose([...plain, ...aug, ...again, ...other].flatMap((b) => [b.x, b.y]));
  });

  it('leave no tensor behind once each batch is disposed, and loading makes none', async () => {
    const before = tf.memory().numTensors;
    const fresh = (await idxDataset.load({ seed: 1, path: join(tmp.dir, 'idx') })) as ImageDataset;
    expect(tf.memory().numTensors).toBe(before);
    for (const options of [{}, { rng: new Rng(1) }, { rng: new Rng(1), augment: true }]) {
      for (const split of [fresh.train, fresh.validation, fresh.test]) {
        for (const batch of split.batches(16, options)) {
          expect(tf.memory().numTensors).toBe(before + 2);
          tf.dispose([batch.x, batch.y]);
        }
        expect(tf.memory().numTensors).toBe(before);
      }
    }
  });
});
