import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { type Batch, isReparamError, Rng, useBackend } from '@reparam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderDataset, hasEndMarker, IMAGENET_RECIPE, imageHeaderSize, imagenetDataset, randomResizedCropBox, seededUniform, StreamingImageDataset } from '../src/index.js';
import { tempDir } from './fixtures.js';
import { type ImageMode, imageFile, writeImages } from './imageFiles.js';

// The image workers run the compiled dist/stream/imageWorker.js: `pnpm build` first.
const tmp = tempDir();
const cache = tempDir();
afterAll(() => {
  tmp.cleanup();
  cache.cleanup();
});
beforeAll(async () => {
  process.env.XDG_CACHE_HOME = cache.dir; // folder listings are cached here, not in ~/.cache
  await useBackend('cpu');
});

const MODES: readonly ImageMode[] = ['jpeg', 'jpeg-grey', 'jpeg-cmyk', 'png', 'png-rgba', 'png-grey', 'png-palette', 'png-16'];
const SIZES: readonly (readonly [number, number])[] = [[40, 30], [17, 50], [64, 64], [9, 12], [120, 33]];

/** `n` images per class (classes a, b, c) of cycling sizes and modes under `root`. */
async function mixedFolder(root: string, n: number, modes: readonly ImageMode[] = MODES): Promise<string[]> {
  const images: [string, Buffer, ImageMode][] = [];
  for (let i = 0; i < 3 * n; i++) {
    const [w, h] = SIZES[i % SIZES.length];
    const mode = modes[i % modes.length];
    images.push([['a', 'b', 'c'][i % 3], await imageFile(w, h, [40 + 60 * (i % 3), 100, 200 - 50 * (i % 3)], mode), mode]);
  }
  return writeImages(root, images);
}

/** Every batch of `batches` as plain arrays (disposing the tensors). */
function take(batches: Iterable<Batch>): { x: number[]; y: number[]; n: number }[] {
  const out: { x: number[]; y: number[]; n: number }[] = [];
  for (const b of batches) {
    out.push({ x: Array.from(b.x.dataSync()), y: Array.from(b.y.dataSync()), n: b.y.shape[0] });
    tf.dispose([b.x, b.y]);
  }
  return out;
}

describe('streaming image folders', () => {
  it('loads images of any size and mode, converted to the recipe size, and evaluates a flat colour exactly', async () => {
    const root = join(tmp.dir, 'mixed');
    await mixedFolder(root, 8);
    const flat = join(root, 'a', 'flat.png');
    writeFileSync(flat, await imageFile(30, 20, [255, 0, 128], 'png', 0));
    const d = await folderDataset.load({ seed: 3, path: root, imageSize: 16, validationFraction: 0.2 });
    expect(d).toBeInstanceOf(StreamingImageDataset);
    expect(d.inputShape).toEqual([16, 16, 3]);
    const s = d as StreamingImageDataset;
    let seen = 0;
    for (const split of [s.train, s.validation, s.test]) {
      for (const b of [...take(split.batches(4, { rng: new Rng(1), augment: true })), ...take(split.batches(5))]) {
        expect(b.x.length).toBe(b.n * 16 * 16 * 3);
        expect(b.x.every(Number.isFinite)).toBe(true);
        seen += b.n;
      }
    }
    expect(seen).toBeGreaterThan(25);
    // The flat image through the evaluation transform: every pixel is exactly its normalised colour.
    const index = s.test.index.files.indexOf(flat);
    const split = s.test.indices.includes(index) ? s.test : s.train.indices.includes(index) ? s.train : s.validation;
    const at = Array.from(split.indices).indexOf(index);
    const batch = take(split.batches(1))[at];
    const want = [255, 0, 128].map((v, c) => (v / 255 - IMAGENET_RECIPE.mean[c]) / IMAGENET_RECIPE.std[c]);
    for (let p = 0; p < 16 * 16; p++) for (let c = 0; c < 3; c++) expect(batch.x[3 * p + c]).toBeCloseTo(want[c], 4);
    await s.dispose();
  });

  it('reads sizes from JPEG and PNG headers of every mode, and tells a truncated file by its missing end marker', async () => {
    for (const mode of MODES) {
      const bytes = await imageFile(37, 21, [10, 20, 30], mode);
      expect(imageHeaderSize(bytes), mode).toMatchObject({ width: 37, height: 21, format: mode.startsWith('jpeg') ? 'jpeg' : 'png' });
      expect(hasEndMarker(bytes), mode).toBe(true);
      expect(hasEndMarker(bytes.subarray(0, bytes.length - 40)), mode).toBe(false);
    }
    expect(imageHeaderSize(Buffer.from('GIF89a not an image'))).toBeUndefined();
  });

  it('draws RandomResizedCrop boxes as torchvision does: inside the image, area and ratio in range', () => {
    const u = seededUniform(5);
    for (let i = 0; i < 500; i++) {
      const [w, h] = [50 + i, 400 - (i % 300)];
      const box = randomResizedCropBox(w, h, IMAGENET_RECIPE, u);
      expect(box.left >= 0 && box.top >= 0 && box.left + box.width <= w && box.top + box.height <= h).toBe(true);
      const share = (box.width * box.height) / (w * h);
      expect(share).toBeGreaterThan(0.07);
      expect(share).toBeLessThanOrEqual(1);
    }
  });

  it('gives the same batches for a seed with one worker and with two, and other batches for another seed', async () => {
    const root = join(tmp.dir, 'seeded');
    await mixedFolder(root, 6, ['jpeg', 'png']);
    const run = async (workers: number, seed: number) => {
      const d = (await folderDataset.load({ seed: 1, path: root, imageSize: 12, workers })) as StreamingImageDataset;
      const batches = take(d.train.batches(3, { rng: new Rng(seed), augment: true }));
      await d.dispose();
      return batches;
    };
    const one = await run(1, 7);
    const two = await run(2, 7);
    expect(one.length).toBeGreaterThan(2);
    expect(two).toEqual(one);
    expect(await run(2, 8)).not.toEqual(one);
  });

  it('names a truncated JPEG in one line and stops, or with skipBadImages skips and counts it', async () => {
    const root = join(tmp.dir, 'ilsvrc');
    await mixedFolder(join(root, 'train'), 4, ['jpeg']);
    await mixedFolder(join(root, 'val'), 1, ['jpeg']);
    const good = join(root, 'train', 'b', '0001.jpg');
    const bad = join(root, 'train', 'b', 'truncated.jpg');
    const bytes = readFileSync(good);
    writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length / 2)));

    const stop = (await imagenetDataset.load({ seed: 2, path: root, imageSize: 8, validationFraction: 0 })) as StreamingImageDataset;
    let message = '';
    try {
      take(stop.train.batches(4));
    } catch (err) {
      expect(isReparamError(err), String(err)).toBe(true);
      message = (err as Error).message;
    }
    expect(message).toMatch(/train\/b\/truncated\.jpg is truncated .*--skip-bad-images/);
    expect(message).not.toMatch(/\n/);
    await stop.dispose();

    const skip = (await imagenetDataset.load({ seed: 2, path: root, imageSize: 8, validationFraction: 0, skipBadImages: true })) as StreamingImageDataset;
    const batches = take(skip.train.batches(4));
    expect(batches.reduce((n, b) => n + b.n, 0)).toBe(skip.train.size - 1);
    expect(skip.skippedImages()).toEqual([bad]);
    take(skip.train.batches(5, { rng: new Rng(1), augment: true }));
    expect(skip.skippedImages()).toEqual([bad]); // counted once, however often met
    await skip.dispose();
  });

  it('keeps memory bounded over an epoch: far below the decoded size of the folder', async () => {
    const root = join(tmp.dir, 'large');
    const images: [string, Buffer, ImageMode][] = [];
    const noise = await imageFile(480, 360, [90, 140, 60], 'jpeg');
    for (let i = 0; i < 150; i++) images.push([`c${i % 5}`, noise, 'jpeg']);
    writeImages(root, images);
    const decoded = 150 * 480 * 360 * 3; // 78 MB if the folder were held decoded
    const d = (await folderDataset.load({ seed: 1, path: root, imageSize: 32, workers: 2, validationFraction: 0 })) as StreamingImageDataset;
    const tensors = tf.memory().numTensors;
    const [first] = take(d.train.batches(10, { rng: new Rng(1), augment: true }));
    expect(first.n).toBe(10);
    const base = process.memoryUsage().rss;
    let peak = base;
    for (let epoch = 0; epoch < 2; epoch++) {
      for (const b of d.train.batches(10, { rng: new Rng(epoch), augment: true })) {
        tf.dispose([b.x, b.y]);
        peak = Math.max(peak, process.memoryUsage().rss);
      }
    }
    expect(tf.memory().numTensors).toBe(tensors);
    expect(peak - base).toBeLessThan(decoded / 4);
    await d.dispose();
  });
});
