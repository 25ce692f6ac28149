import { type DatasetFactory, ReparamError } from '@reparam/core';
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
 * `fashion-mnist`: 60,000 training and 10,000 test 28×28 greyscale images of 10 clothing classes,
 * IDX files read from `path` or, by default, from {@link FASHION_MNIST_DEFAULT_PATH}
 * (`apt-get install -y dataset-fashion-mnist`).
 */
export const fashionMnistDataset: DatasetFactory = {
  id: 'fashion-mnist',
  description: `Fashion-MNIST, 60k/10k 28×28 greyscale clothing images in 10 classes (IDX files; default ${FASHION_MNIST_DEFAULT_PATH})`,
  async load(options) {
    const dir = options.path || FASHION_MNIST_DEFAULT_PATH;
    if (!options.path && !(await isDirectory(dir))) {
      throw new ReparamError(
        `fashion-mnist is not installed in ${dir}: run 'apt-get install -y dataset-fashion-mnist' or pass its directory as --dataset fashion-mnist:<dir>`,
      );
    }
    return loadIdxDataset('fashion-mnist', dir, options, FASHION_MNIST_CLASSES);
  },
};
