import { join } from 'node:path';
import { type DatasetFactory, type DatasetOptions, ReparamError } from '@reparam/core';
import { naturalAugmentation } from '../Augmentation.js';
import { ImageDataset } from '../ImageDataset.js';
import { checkSameShape, greyscale } from '../ImageSet.js';
import { isDirectory, requireDirectory } from '../files.js';
import { readImageFolder } from '../readImageFolder.js';
import { type FolderIndex, readFolderIndex } from '../stream/folderIndex.js';
import { imageRecipe } from '../stream/ImageRecipe.js';
import { StreamingImageDataset } from '../stream/StreamingImageDataset.js';

/**
 * Decoded bytes up to which a folder of same-size images is held in memory (the fast path of small
 * datasets); a larger folder, or one whose images differ in size, is streamed.
 */
export const IN_MEMORY_FOLDER_BYTES = 1 << 30;

/** Decoded RGB bytes of `index` if every image had the size of its first one (read from its header). */
async function decodedBytes(index: FolderIndex): Promise<number> {
  const { default: sharp } = await import('sharp');
  const meta = await sharp(index.files[0]).metadata().catch(() => undefined);
  return index.files.length * (meta?.width ?? 0) * (meta?.height ?? 0) * 3;
}

/** Loads a class-per-folder image tree from `dir` (see {@link folderDataset}). */
export async function loadImageFolder(dir: string, options: DatasetOptions): Promise<ImageDataset | StreamingImageDataset> {
  await requireDirectory(dir, 'image folder');
  const trainDir = join(dir, 'train');
  const testDir = join(dir, 'test');
  const [hasTrain, hasTest] = await Promise.all([isDirectory(trainDir), isDirectory(testDir)]);
  if (hasTrain !== hasTest) {
    throw new ReparamError(
      `${dir} has a ${hasTrain ? 'train' : 'test'} folder but no ${hasTrain ? 'test' : 'train'} folder; give both, or put the class folders directly in ${dir}`,
    );
  }
  const trainIndex = await readFolderIndex(hasTrain ? trainDir : dir);
  const testIndex = hasTest ? await readFolderIndex(testDir, trainIndex.classNames) : undefined;
  const location = hasTrain ? trainDir : dir;
  const stream = () =>
    new StreamingImageDataset({ id: 'folder', train: trainIndex, test: testIndex, recipe: imageRecipe({ size: options.imageSize }), location }, options);
  if (options.imageSize !== undefined) return stream();
  const bytes = (await decodedBytes(trainIndex)) + (testIndex ? await decodedBytes(testIndex) : 0);
  if (bytes > IN_MEMORY_FOLDER_BYTES) return stream();
  const train = await readImageFolder(location, undefined, 'undefined');
  const test = hasTest ? await readImageFolder(testDir, train?.classNames, 'undefined') : undefined;
  if (!train || (hasTest && !test)) return stream();
  if (test && (train.set.width !== test.set.width || train.set.height !== test.set.height)) return stream();
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
      location,
      testLocation: hasTest ? testDir : undefined,
    },
    options,
  );
}

/**
 * `folder`: PNG/JPEG images in `path/<class>/` (required `path`), one folder per class, labels in
 * code-point order of the folder names. With `path/train/<class>/` and `path/test/<class>/` those
 * are the training and test sets; otherwise 20 % of the images become the test split by seed.
 *
 * Images of one size that fit in {@link IN_MEMORY_FOLDER_BYTES} decoded are held in memory at their
 * size (all-grey ones with one channel) with pad-and-crop (1/8 of the side) and flip augmentation.
 * Otherwise — images of different sizes, more of them, or an `imageSize` asked for — the folder is
 * streamed like `imagenet` (see {@link StreamingImageDataset}) with the ImageNet recipe.
 */
export const folderDataset: DatasetFactory = {
  id: 'folder',
  description: 'PNG/JPEG images in <dir>/<class>/ (optionally <dir>/train and <dir>/test); small same-size folders in memory, others streamed at 224²: --dataset folder:<dir>',
  async load(options) {
    if (!options.path) throw new ReparamError('the folder dataset needs a directory: folder:<dir>');
    return loadImageFolder(options.path, options);
  },
};
