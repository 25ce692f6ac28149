import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ReparamError, useBackend } from '@reparam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ImageDataset, idxDataset, parseIdx, readIdx } from '../src/index.js';
import { collect, idxBytes, tempDir, writeIdxDataset } from './fixtures.js';
import { rejects } from './rejects.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
beforeAll(async () => {
  await useBackend('cpu');
});

describe('readIdx', () => {
  it('reads shape and bytes, gzipped or not (decided by content)', async () => {
    const data = Uint8Array.from({ length: 24 }, (_, i) => i);
    const raw = join(tmp.dir, 'a-idx3');
    const gz = join(tmp.dir, 'b-idx3');
    writeFileSync(raw, idxBytes([2, 3, 4], data));
    writeFileSync(gz, gzipSync(idxBytes([2, 3, 4], data)));
    for (const file of [raw, gz]) {
      const a = await readIdx(file, 3);
      expect(a.shape).toEqual([2, 3, 4]);
      expect([...a.data]).toEqual([...data]);
    }
  });

  it('rejects a wrong magic number, a truncated file, a long file and non-byte data', () => {
    const ok = idxBytes([2, 2, 2], new Uint8Array(8));
    expect(() => parseIdx(idxBytes([2, 2, 2], new Uint8Array(8), 0x12345678), 'x.idx', 3)).toThrow(/x\.idx has a wrong IDX magic number 0x12345678/);
    expect(() => parseIdx(idxBytes([8], new Uint8Array(8)), 'labels.idx', 3)).toThrow(
      /labels\.idx has a wrong IDX magic number 0x00000801 \(expected 0x00000803/,
    );
    expect(() => parseIdx(ok.subarray(0, ok.length - 3), 'short.idx', 3)).toThrow(
      /short\.idx is truncated: its header says 2×2×2 \(8 bytes of data\) but only 5 bytes follow/,
    );
    expect(() => parseIdx(ok.subarray(0, 10), 'header.idx', 3)).toThrow(/header\.idx is truncated inside its IDX header/);
    const long = new Uint8Array(ok.length + 2);
    long.set(ok);
    expect(() => parseIdx(long, 'long.idx', 3)).toThrow(/long\.idx has 2 bytes more than its header/);
    expect(() => parseIdx(idxBytes([1], new Uint8Array(4), 0x00000d01), 'f.idx')).toThrow(/f\.idx holds IDX float values; only unsigned bytes/);
    expect(() => parseIdx(new Uint8Array(2), 'tiny.idx')).toThrow(ReparamError);
  });
});

describe('the idx dataset', () => {
  for (const gzip of [false, true]) {
    it(`loads ${gzip ? 'gzipped' : 'raw'} files: shapes, classes, counts, labels paired with their images`, async () => {
      const dir = join(tmp.dir, gzip ? 'gz' : 'raw');
      writeIdxDataset(dir, { train: 200, test: 50, side: 12, classes: 7, gzip });
      const d = (await idxDataset.load({ seed: 3, path: dir })) as ImageDataset;
      expect(d.id).toBe('idx');
      expect(d.inputShape).toEqual([12, 12, 1]);
      expect(d.classes).toBe(7);
      expect([d.train.size, d.validation.size, d.test.size]).toEqual([180, 20, 50]);
      const test = collect(d, d.test, 16);
      // In order: the test set in file order, ids 10000…, last batch partial (50 = 3·16 + 2).
      expect(test.ids).toEqual(Array.from({ length: 50 }, (_, i) => 10_000 + i));
      expect(test.sizes).toEqual([16, 16, 16, 2]);
      expect(test.labels).toEqual(test.ids.map((id) => (id - 10_000) % 7));
      expect(test.pixelLabels).toEqual(test.labels);
      // The augmentation for digits: pad 1 at 12×12, never flipped.
      expect(d.augmentation).toEqual({ pad: 1, flip: false });
    });
  }

  describe('errors', () => {
    const dir = join(tmp.dir, 'broken');
    const reset = (): void => {
      rmSync(dir, { recursive: true, force: true });
      writeIdxDataset(dir, { train: 20, test: 10, side: 4, classes: 2 });
    };
    const load = () => idxDataset.load({ seed: 1, path: dir });

    it('names a missing directory, and asks for a path when none is given', async () => {
      await rejects(idxDataset.load({ seed: 1, path: join(tmp.dir, 'nope') }), /idx dataset directory .*nope does not exist/);
      await rejects(idxDataset.load({ seed: 1 }), /the idx dataset needs a directory: idx:<dir>/);
      writeFileSync(join(tmp.dir, 'plain-file'), 'x');
      await rejects(idxDataset.load({ seed: 1, path: join(tmp.dir, 'plain-file') }), /plain-file is not a directory/);
    });

    it('names a missing file', async () => {
      reset();
      rmSync(join(dir, 't10k-labels-idx1-ubyte'));
      await rejects(load(), /broken has neither t10k-labels-idx1-ubyte nor t10k-labels-idx1-ubyte\.gz/);
    });

    it('names a truncated images file', async () => {
      reset();
      const file = join(dir, 'train-images-idx3-ubyte');
      writeFileSync(file, idxBytes([20, 4, 4], new Uint8Array(20 * 16)).subarray(0, 16 + 100));
      await rejects(load(), /train-images-idx3-ubyte is truncated: its header says 20×4×4 \(320 bytes of data\) but only 100 bytes follow/);
    });

    it('names a truncated gzip stream', async () => {
      reset();
      const file = join(dir, 'train-images-idx3-ubyte');
      rmSync(file);
      const gz = gzipSync(idxBytes([20, 4, 4], new Uint8Array(20 * 16)));
      writeFileSync(`${file}.gz`, gz.subarray(0, gz.length - 10));
      await rejects(load(), /train-images-idx3-ubyte\.gz is not a valid gzip file/);
    });

    it('names a file with a wrong magic number (images and labels swapped)', async () => {
      reset();
      writeFileSync(join(dir, 'train-images-idx3-ubyte'), idxBytes([20], new Uint8Array(20)));
      await rejects(load(), /train-images-idx3-ubyte has a wrong IDX magic number 0x00000801 \(expected 0x00000803/);
    });

    it('names both files when image and label counts differ', async () => {
      reset();
      writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idxBytes([9], new Uint8Array(9)));
      await rejects(load(), /t10k-labels-idx1-ubyte has 9 labels but .*t10k-images-idx3-ubyte has 10 images/);
    });

    it('names train and test files of different image sizes', async () => {
      reset();
      writeFileSync(join(dir, 't10k-images-idx3-ubyte'), idxBytes([10, 5, 5], new Uint8Array(250)));
      await rejects(load(), /t10k-images-idx3-ubyte holds 5×5×1 images but .*train-images-idx3-ubyte holds 4×4×1/);
    });

    it('names a test label outside the training classes', async () => {
      reset();
      writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idxBytes([10], Uint8Array.from({ length: 10 }, (_, i) => (i === 4 ? 9 : 0))));
      await rejects(load(), /t10k-images-idx3-ubyte: label 9 of item 4 is outside 0–1/);
    });

    it('rejects bad options in one sentence', async () => {
      reset();
      await rejects(idxDataset.load({ seed: 1, path: dir, validationFraction: 1 }), /validation fraction must be at least 0 and below 1 \(got 1\)/);
      await rejects(idxDataset.load({ seed: 1, path: dir, limit: 0 }), /limit must be a positive integer \(got 0\)/);
      await rejects(idxDataset.load({ seed: 1.5, path: dir }), /seed must be an integer/);
      await rejects(idxDataset.load({ seed: 1, path: dir, limit: 1 }), /has 1 training image\(s\), too few to hold out a validation split/);
    });
  });
});

