import { join } from 'node:path';
import { type DatasetFactory, type DatasetOptions, ReparamError } from '@reparam/core';
import { naturalAugmentation } from '../Augmentation.js';
import { ImageDataset } from '../ImageDataset.js';
import { checkSameShape, greyscale } from '../ImageSet.js';
import { isDirectory, requireDirectory } from '../files.js';
import { readImageFolder } from '../readImageFolder.js';

/** Loads a class-per-folder image tree from `dir` (see {@link folderDataset}). */
export async function loadImageFolder(dir: string, options: DatasetOptions): Promise<ImageDataset> {
  await requireDirectory(dir, 'image folder');
  const trainDir = join(dir, 'train');
  const testDir = join(dir, 'test');
  const [hasTrain, hasTest] = await Promise.all([isDirectory(trainDir), isDirectory(testDir)]);
  if (hasTrain !== hasTest) {
    throw new ReparamError(
      `${dir} has a ${hasTrain ? 'train' : 'test'} folder but no ${hasTrain ? 'test' : 'train'} folder; give both, or put the class folders directly in ${dir}`,
    );
  }
  const train = await readImageFolder(hasTrain ? trainDir : dir);
  const test = hasTest ? await readImageFolder(testDir, train.classNames) : undefined;
  if (test) checkSameShape(train.set, trainDir, test.set, testDir);
  // Grey images need one channel, not three copies: decided over train and test together.
  const grey = train.grey && (test?.grey ?? true);
  const trainSet = grey ? greyscale(train.set) : train.set;
  return new ImageDataset(
    {
      id: 'folder',
      train: trainSet,
      test: test && (grey ? greyscale(test.set) : test.set),
      classes: train.classNames.length,
      classNames: train.classNames,
      augmentation: naturalAugmentation(trainSet.height, trainSet.width),
      location: hasTrain ? trainDir : dir,
      testLocation: hasTest ? testDir : undefined,
    },
    options,
  );
}

/**
 * `folder`: PNG/JPEG images in `path/<class>/` (required `path`), one folder per class, labels in
 * code-point order of the folder names. With `path/train/<class>/` and `path/test/<class>/` those
 * are the training and test sets; otherwise 20 % of the images become the test split by seed. All
 * images must have the same size (they are not resized); all-grey images load with one channel.
 * Pad-and-crop (1/8 of the side) and horizontal-flip augmentation.
 */
export const folderDataset: DatasetFactory = {
  id: 'folder',
  description: 'PNG/JPEG images in <dir>/<class>/ (optionally <dir>/train and <dir>/test), all one size: --dataset folder:<dir>',
  async load(options) {
    if (!options.path) throw new ReparamError('the folder dataset needs a directory: folder:<dir>');
    return loadImageFolder(options.path, options);
  },
};
