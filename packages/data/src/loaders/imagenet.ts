import { join } from 'node:path';
import { type DatasetFactory, type DatasetOptions, ReparamError } from '@reparam/core';
import { isDirectory, requireDirectory } from '../files.js';
import { readFolderIndex } from '../stream/folderIndex.js';
import { imageRecipe } from '../stream/ImageRecipe.js';
import { StreamingImageDataset } from '../stream/StreamingImageDataset.js';

/** Loads the ILSVRC layout in `dir` (see {@link imagenetDataset}). */
export async function loadImagenet(dir: string, options: DatasetOptions): Promise<StreamingImageDataset> {
  await requireDirectory(dir, 'imagenet');
  const trainDir = join(dir, 'train');
  const valDir = join(dir, 'val');
  if (!(await isDirectory(trainDir))) {
    throw new ReparamError(`${dir} has no train folder; expected the ILSVRC layout ${join(dir, 'train', '<wnid>')}/*.JPEG and ${join(dir, 'val', '<wnid>')}/*.JPEG`);
  }
  const train = await readFolderIndex(trainDir);
  const test = (await isDirectory(valDir)) ? await readFolderIndex(valDir, train.classNames) : undefined;
  return new StreamingImageDataset({ id: 'imagenet', train, test, recipe: imageRecipe({ size: options.imageSize }), location: trainDir }, options);
}

/**
 * `imagenet`: the ILSVRC layout in `path` — `train/<wnid>/*.JPEG` and (optionally; else 20 % of
 * train by seed) `val/<wnid>/*.JPEG` as the test split — streamed from disk: images are read,
 * decoded and transformed by worker threads as batches are consumed, with the ImageNet recipe
 * (RandomResizedCrop 0.08–1, ratio 3/4–4/3 and flip for training; resize 256, centre crop 224 for
 * evaluation; ImageNet mean and std). Images of any size and mode are converted.
 */
export const imagenetDataset: DatasetFactory = {
  id: 'imagenet',
  description: 'ILSVRC layout <dir>/train/<wnid>/*.JPEG and <dir>/val/<wnid>/*.JPEG, streamed with the ImageNet recipe at 224²: --dataset imagenet:<dir>',
  async load(options) {
    if (!options.path) throw new ReparamError('the imagenet dataset needs the directory holding train/ and val/: imagenet:<dir>');
    return loadImagenet(options.path, options);
  },
};
