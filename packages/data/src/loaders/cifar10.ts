import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type DatasetFactory, type DatasetOptions, ReparamError } from '@reparam/core';
import { naturalAugmentation } from '../Augmentation.js';
import { ImageDataset } from '../ImageDataset.js';
import { isDirectory, isFile, requireDirectory } from '../files.js';
import { concatImageSets } from '../ImageSet.js';
import { CIFAR_SIDE, readCifarBatch } from '../readCifarBatch.js';

/** The CIFAR-10 classes, in label order (used when `batches.meta.txt` is absent). */
export const CIFAR10_CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'] as const;

/** The training batch files that may be present, and the test batch that must be. */
export const CIFAR10_FILES = {
  train: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  test: 'test_batch.bin',
} as const;

/** The archive unpacks into this folder; a path to its parent is accepted too. */
const ARCHIVE_FOLDER = 'cifar-10-batches-bin';

/** Class names from `batches.meta.txt` (one a line) when it lists ten, else the standard ones. */
async function classNames(dir: string): Promise<readonly string[]> {
  const text = await readFile(join(dir, 'batches.meta.txt'), 'utf8').catch(() => '');
  const names = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return names.length === CIFAR10_CLASSES.length ? names : CIFAR10_CLASSES;
}

/** Loads CIFAR-10 binary batches from `dir` (see {@link cifar10Dataset}). */
export async function loadCifar10(dir: string, options: DatasetOptions): Promise<ImageDataset> {
  await requireDirectory(dir, 'cifar10 dataset');
  if (!(await isFile(join(dir, CIFAR10_FILES.test))) && (await isDirectory(join(dir, ARCHIVE_FOLDER)))) {
    dir = join(dir, ARCHIVE_FOLDER);
  }
  const present: string[] = [];
  for (const name of CIFAR10_FILES.train) if (await isFile(join(dir, name))) present.push(join(dir, name));
  if (present.length === 0) throw new ReparamError(`${dir} has no CIFAR-10 training batch (data_batch_1.bin … data_batch_5.bin)`);
  const testFile = join(dir, CIFAR10_FILES.test);
  if (!(await isFile(testFile))) throw new ReparamError(`${dir} has no CIFAR-10 test batch ${CIFAR10_FILES.test}`);
  const [test, ...batches] = await Promise.all([readCifarBatch(testFile), ...present.map(readCifarBatch)]);
  const names = await classNames(dir);
  return new ImageDataset(
    {
      id: 'cifar10',
      train: concatImageSets(batches),
      test,
      classes: names.length,
      classNames: names,
      augmentation: naturalAugmentation(CIFAR_SIDE, CIFAR_SIDE),
      location: present.length === 1 ? present[0] : `the CIFAR-10 training batches in ${dir}`,
      testLocation: testFile,
    },
    options,
  );
}

/**
 * `cifar10`: the CIFAR-10 binary version in `path` (required): whichever of `data_batch_1.bin` …
 * `data_batch_5.bin` exist (at least one) and `test_batch.bin`; 32×32×3 images, 10 classes;
 * pad-4-and-crop plus horizontal-flip augmentation.
 */
export const cifar10Dataset: DatasetFactory = {
  id: 'cifar10',
  description: 'CIFAR-10 binary batches (data_batch_*.bin, test_batch.bin) in a directory, 32×32 RGB: --dataset cifar10:<dir>',
  async load(options) {
    if (!options.path) throw new ReparamError('the cifar10 dataset needs the directory of its binary batches: cifar10:<dir>');
    return loadCifar10(options.path, options);
  },
};
