import { type DatasetFactory, type DatasetOptions, ReparamError } from '@reparam/core';
import type { ImageDataset } from '../ImageDataset.js';
import { isDirectory } from '../files.js';
import { loadIdxDataset } from './idx.js';

/** Where Debian's `dataset-fashion-mnist` package puts the gzipped IDX files. */
export const FASHION_MNIST_DEFAULT_PATH = '/usr/share/datasets/fashion-mnist';

/** Zalando's article classes, in label order. */
export const FASHION_MNIST_CLASSES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
] as const;

/**
 * Loads Fashion-MNIST from `options.path` or else `defaultDir`; a missing `defaultDir` means the
 * Debian package is not installed, which the error says how to fix.
 */
export async function loadFashionMnist(options: DatasetOptions, defaultDir = FASHION_MNIST_DEFAULT_PATH): Promise<ImageDataset> {
  const dir = options.path || defaultDir;
  if (!options.path && !(await isDirectory(dir))) {
    throw new ReparamError(
      `fashion-mnist is not installed in ${dir}: run 'apt-get install -y dataset-fashion-mnist' or pass its directory as --dataset fashion-mnist:<dir>`,
    );
  }
  return loadIdxDataset('fashion-mnist', dir, options, FASHION_MNIST_CLASSES);
}

/**
 * `fashion-mnist`: 60,000 training and 10,000 test 28×28 greyscale images of 10 clothing classes,
 * IDX files read from `path` or, by default, from {@link FASHION_MNIST_DEFAULT_PATH}
 * (`apt-get install -y dataset-fashion-mnist`). Digit-style augmentation: pad 2 and crop, no flip.
 */
export const fashionMnistDataset: DatasetFactory = {
  id: 'fashion-mnist',
  description: `Fashion-MNIST, 60k/10k 28×28 greyscale clothing images in 10 classes (IDX files; default ${FASHION_MNIST_DEFAULT_PATH})`,
  load: (options) => loadFashionMnist(options),
};
