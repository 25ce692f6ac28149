import { join } from 'node:path';
import { useBackend } from '@reparam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelStats, type ImageDataset, idxDataset, splitPlan } from '../src/index.js';
import { collect, tempDir, writeIdxDataset } from './fixtures.js';

const tmp = tempDir();
const dir = join(tmp.dir, 'idx');
afterAll(tmp.cleanup);
beforeAll(async () => {
  await useBackend('cpu');
  writeIdxDataset(dir, { train: 300, test: 60, side: 8, classes: 5 });
});

const load = (options: { seed: number; validationFraction?: number; limit?: number }) =>
  idxDataset.load({ ...options, path: dir }) as Promise<ImageDataset>;

/** The ids (see fixtures) of every split, read back through in-order batches. */
async function ids(options: { seed: number; validationFraction?: number; limit?: number }) {
  const d = await load(options);
  return {
    train: collect(d, d.train, 64).ids,
    validation: collect(d, d.validation, 64).ids,
    test: collect(d, d.test, 64).ids,
  };
}

const range = (n: number, from = 0): number[] => Array.from({ length: n }, (_, i) => from + i);

describe('splits', () => {
  it('are identical for the same seed and differ between seeds', async () => {
    const a = await ids({ seed: 7 });
    expect(await ids({ seed: 7 })).toEqual(a);
    const b = await ids({ seed: 8 });
    expect(b.validation).not.toEqual(a.validation);
    expect(b.test).toEqual(a.test);
  });

  it('never overlap: validation comes out of the training set, the test set stays whole', async () => {
    const s = await ids({ seed: 7 });
    expect(s.train).toHaveLength(270);
    expect(s.validation).toHaveLength(30);
    expect(new Set([...s.train, ...s.validation]).size).toBe(300);
    expect([...s.train, ...s.validation].sort((x, y) => x - y)).toEqual(range(300));
    expect(s.test).toEqual(range(60, 10_000));
  });

  it('hold out validationFraction of the training images (0 allowed)', async () => {
    const d = await load({ seed: 1, validationFraction: 0.25 });
    expect([d.train.size, d.validation.size, d.test.size]).toEqual([225, 75, 60]);
    const none = await load({ seed: 1, validationFraction: 0 });
    expect([none.train.size, none.validation.size]).toEqual([300, 0]);
    expect([...none.validation.batches(10)]).toEqual([]);
  });

  it('limit caps training plus validation images, deterministically, nested, and leaves test alone', async () => {
    const small = await ids({ seed: 4, limit: 50 });
    const large = await ids({ seed: 4, limit: 100 });
    expect([small.train.length, small.validation.length]).toEqual([45, 5]);
    expect([large.train.length, large.validation.length]).toEqual([90, 10]);
    expect(await ids({ seed: 4, limit: 50 })).toEqual(small);
    const largeSet = new Set([...large.train, ...large.validation]);
    for (const id of [...small.train, ...small.validation]) expect(largeSet.has(id)).toBe(true);
    expect(small.test).toHaveLength(60);
    const all = await load({ seed: 4, limit: 10_000 });
    expect(all.train.size + all.validation.size).toBe(300);
  });

  it('split a source without a test set 72/8/20 by default (mnist, folders)', () => {
    const a = splitPlan(1000, undefined, { seed: 5 }, 'src');
    expect([a.train.length, a.validation.length, a.test.length]).toEqual([720, 80, 200]);
    const all = [...a.train, ...a.validation, ...a.test].sort((x, y) => x - y);
    expect(all).toEqual(range(1000));
    expect(splitPlan(1000, undefined, { seed: 5 }, 'src')).toEqual(a);
    const b = splitPlan(1000, undefined, { seed: 6 }, 'src');
    expect([...b.test]).not.toEqual([...a.test]);
    // The test split does not move with limit or validationFraction.
    expect([...splitPlan(1000, undefined, { seed: 5, limit: 30, validationFraction: 0.5 }, 'src').test]).toEqual([...a.test]);
  });
});

describe('normalisation', () => {
  it('uses the training split’s per-channel mean and std for every split', async () => {
    const d = await load({ seed: 2 });
    const expected = channelStats(d.train.set, d.train.indices);
    expect(d.normalisation).toEqual(expected);
    // By hand over the training images' bytes.
    let sum = 0;
    let sq = 0;
    let n = 0;
    for (const k of d.train.indices) for (const v of d.train.set.pixels.subarray(k * 64, k * 64 + 64)) {
      sum += v / 255;
      sq += (v / 255) ** 2;
      n++;
    }
    const mean = sum / n;
    expect(d.normalisation.mean[0]).toBeCloseTo(mean, 10);
    expect(d.normalisation.std[0]).toBeCloseTo(Math.sqrt(sq / n - mean * mean), 8);
    // Normalised training values have mean 0 and std 1 …
    let s = 0;
    let s2 = 0;
    let m = 0;
    for (const batch of d.train.batches(100)) {
      for (const v of batch.x.dataSync()) {
        s += v;
        s2 += v * v;
        m++;
      }
      batch.x.dispose();
      batch.y.dispose();
    }
    expect(s / m).toBeCloseTo(0, 5);
    expect(Math.sqrt(s2 / m - (s / m) ** 2)).toBeCloseTo(1, 5);
    // … and every split maps back to its exact bytes through the same statistics.
    for (const split of [d.train, d.validation, d.test]) {
      const { images } = collect(d, split, 100);
      images.forEach((image, i) => {
        const k = split.indices[i];
        expect([...image]).toEqual([...split.set.pixels.subarray(k * 64, k * 64 + 64)]);
      });
    }
  });

});
