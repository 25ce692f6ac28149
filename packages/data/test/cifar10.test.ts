import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { Rng, useBackend } from '@reparam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIFAR10_CLASSES, cifar10Dataset, type ImageDataset, parseCifarBatch } from '../src/index.js';
import { cifarBytes, collect, encodedImage, shiftOf, tempDir } from './fixtures.js';
import { rejects } from './rejects.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
beforeAll(async () => {
  await useBackend('cpu');
});

/** A CIFAR-10 directory with `trainBatches` batches of `perBatch` images (ids 0…) and a test batch (ids 10000…). */
function writeCifar(dir: string, batches: readonly number[], perBatch: number, testCount = 20): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const b of batches) writeFileSync(join(dir, `data_batch_${b}.bin`), cifarBytes(perBatch, (b - 1) * perBatch));
  writeFileSync(join(dir, 'test_batch.bin'), cifarBytes(testCount, 10_000));
}

describe('CIFAR-10 binary', () => {
  it('turns channel planes into NHWC bytes with the label of each record', () => {
    const set = parseCifarBatch(cifarBytes(3, 40), 'b.bin');
    expect([set.count, set.height, set.width, set.channels]).toEqual([3, 32, 32, 3]);
    expect([...set.labels]).toEqual([0, 1, 2]);
    expect([...set.pixels.subarray(3072, 6144)]).toEqual([...encodedImage(41, 1, 3072)]);
  });

  it('loads whichever training batches exist: shapes, classes, pairing, RGB statistics', async () => {
    const dir = join(tmp.dir, 'some');
    writeCifar(dir, [1, 3], 60);
    const d = (await cifar10Dataset.load({ seed: 2, path: dir })) as ImageDataset;
    expect(d.inputShape).toEqual([32, 32, 3]);
    expect(d.classes).toBe(10);
    expect(d.classNames).toEqual(CIFAR10_CLASSES);
    expect([d.train.size, d.validation.size, d.test.size]).toEqual([108, 12, 20]);
    const train = collect(d, d.train, 50, { rng: new Rng(1) });
    // Batch 3 holds ids 120…179.
    const ids = new Set([...Array.from({ length: 60 }, (_, i) => i), ...Array.from({ length: 60 }, (_, i) => 120 + i)]);
    for (const id of train.ids) expect(ids.has(id)).toBe(true);
    expect(train.labels).toEqual(train.ids.map((id) => id % 10));
    expect(train.pixelLabels).toEqual(train.labels);
    expect(collect(d, d.test, 50).ids).toEqual(Array.from({ length: 20 }, (_, i) => 10_000 + i));
    // Three channels, three statistics, each from the training images.
    expect(d.normalisation.mean).toHaveLength(3);
    expect(new Set(d.normalisation.mean).size).toBe(3);
    const sums = [0, 0, 0];
    for (const k of d.train.indices) for (let p = 0; p < 3072; p++) sums[p % 3] += d.train.set.pixels[k * 3072 + p] / 255;
    sums.forEach((s, c) => expect(d.normalisation.mean[c]).toBeCloseTo(s / (d.train.size * 1024), 10));
  });

  it('augments with pad 4 and flips', async () => {
    const dir = join(tmp.dir, 'flip');
    writeCifar(dir, [1], 40, 10);
    const d = (await cifar10Dataset.load({ seed: 2, path: dir, validationFraction: 0 })) as ImageDataset;
    expect(d.augmentation).toEqual({ pad: 4, flip: true });
    const [plain] = [...d.train.batches(40, { rng: new Rng(3) })];
    const [aug] = [...d.train.batches(40, { rng: new Rng(3), augment: true })];
    const a = aug.x.dataSync() as Float32Array;
    const p = plain.x.dataSync() as Float32Array;
    let mirrored = 0;
    for (let j = 0; j < 40; j++) {
      const s = shiftOf(a.subarray(j * 3072, (j + 1) * 3072), p.subarray(j * 3072, (j + 1) * 3072), 32, 3, 4, true);
      expect(s).toBeDefined();
      if (s!.mirror) mirrored++;
    }
    expect(mirrored).toBeGreaterThan(5);
    expect(mirrored).toBeLessThan(35);
    tf.dispose([plain.x, plain.y, aug.x, aug.y]);
  });

  it('accepts the parent of the unpacked cifar-10-batches-bin folder', async () => {
    writeCifar(join(tmp.dir, 'parent', 'cifar-10-batches-bin'), [2], 10, 5);
    const d = await cifar10Dataset.load({ seed: 1, path: join(tmp.dir, 'parent') });
    expect(d.train.size + d.validation.size).toBe(10);
  });

  it('names what is wrong', async () => {
    const dir = join(tmp.dir, 'bad');
    await rejects(cifar10Dataset.load({ seed: 1 }), /cifar10 dataset needs the directory/);
    await rejects(cifar10Dataset.load({ seed: 1, path: join(tmp.dir, 'missing') }), /cifar10 dataset directory .*missing does not exist/);
    writeCifar(dir, [], 0);
    await rejects(cifar10Dataset.load({ seed: 1, path: dir }), /bad has no CIFAR-10 training batch \(data_batch_1\.bin … data_batch_5\.bin\)/);
    writeCifar(dir, [1], 10);
    rmSync(join(dir, 'test_batch.bin'));
    await rejects(cifar10Dataset.load({ seed: 1, path: dir }), /bad has no CIFAR-10 test batch test_batch\.bin/);
    writeCifar(dir, [1], 10);
    writeFileSync(join(dir, 'data_batch_1.bin'), cifarBytes(10, 0).subarray(0, 3073 * 10 - 7));
    await rejects(
      cifar10Dataset.load({ seed: 1, path: dir }),
      /data_batch_1\.bin has 30723 bytes, which is not a positive multiple of the 3073-byte CIFAR-10 record/,
    );
    const badLabel = cifarBytes(10, 0);
    badLabel[3073 * 4] = 10;
    writeFileSync(join(dir, 'data_batch_1.bin'), badLabel);
    await rejects(cifar10Dataset.load({ seed: 1, path: dir }), /data_batch_1\.bin: record 4 has label 10, outside CIFAR-10's 0–9/);
  });
});
