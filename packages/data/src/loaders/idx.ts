import { type DatasetFactory, type DatasetOptions, ReparamError } from '@reparam/core';
import { digitAugmentation } from '../Augmentation.js';
import { ImageDataset } from '../ImageDataset.js';
import { requireDirectory } from '../files.js';
import { readIdxDirectory } from '../readIdxImages.js';

/**
 * Loads an IDX dataset (MNIST-style) from `dir`, with digit augmentation (no flips). With
 * `classNames` the labels must lie below their count; without, classes are `max label + 1`.
 */
export async function loadIdxDataset(
  id: string,
  dir: string,
  options: DatasetOptions,
  classNames?: readonly string[],
): Promise<ImageDataset> {
  await requireDirectory(dir, `${id} dataset`);
  const { train, test, trainFile, testFile } = await readIdxDirectory(dir);
  let classes = classNames?.length;
  if (classes === undefined) {
    classes = 0;
    for (const label of train.labels) classes = Math.max(classes, label + 1);
  }
  const augmentation = digitAugmentation(train.height, train.width);
  return new ImageDataset(
    { id, train, test, classes, classNames, augmentation, location: trainFile, testLocation: testFile },
    options,
  );
}

/**
 * `idx`: any directory (`path`, required) with the four standard IDX files
 * `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte` and
 * `t10k-labels-idx1-ubyte`, each gzipped (`.gz`) or not. Single-channel images; classes are the
 * largest training label + 1; pad-and-crop augmentation without flips.
 */
export const idxDataset: DatasetFactory = {
  id: 'idx',
  description: 'MNIST-style IDX files (train-/t10k- images and labels, gzipped or not) in a directory: --dataset idx:<dir>',
  async load(options) {
    if (!options.path) throw new ReparamError('the idx dataset needs a directory: idx:<dir>');
    return loadIdxDataset('idx', options.path, options);
  },
};
