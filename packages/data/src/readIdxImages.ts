import { ReparamError } from '@reparam/core';
import type { ImageSet } from './ImageSet.js';
import { findMaybeGzipped } from './files.js';
import { readIdx } from './readIdx.js';

/**
 * Reads an IDX images file (`N × H × W` bytes) and its IDX labels file (`N` bytes) into one
 * single-channel {@link ImageSet}; the two counts must agree.
 */
export async function readIdxImages(imagesFile: string, labelsFile: string): Promise<ImageSet> {
  const [images, labels] = await Promise.all([readIdx(imagesFile, 3), readIdx(labelsFile, 1)]);
  const [count, height, width] = images.shape;
  if (labels.shape[0] !== count) {
    throw new ReparamError(`${labelsFile} has ${labels.shape[0]} labels but ${imagesFile} has ${count} images`);
  }
  if (count === 0 || height === 0 || width === 0) throw new ReparamError(`${imagesFile} holds no images (${images.shape.join('×')})`);
  return { pixels: images.data, labels: Int32Array.from(labels.data), count, height, width, channels: 1 };
}

/** The standard file names of an IDX dataset (MNIST's), each looked for as is and gzipped. */
export const IDX_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** The training and test sets of a directory holding the four {@link IDX_FILES}. */
export async function readIdxDirectory(dir: string): Promise<{ train: ImageSet; test: ImageSet; trainFile: string; testFile: string }> {
  const [trainImages, trainLabels, testImages, testLabels] = await Promise.all([
    findMaybeGzipped(dir, IDX_FILES.trainImages),
    findMaybeGzipped(dir, IDX_FILES.trainLabels),
    findMaybeGzipped(dir, IDX_FILES.testImages),
    findMaybeGzipped(dir, IDX_FILES.testLabels),
  ]);
  const [train, test] = await Promise.all([readIdxImages(trainImages, trainLabels), readIdxImages(testImages, testLabels)]);
  return { train, test, trainFile: trainImages, testFile: testImages };
}
