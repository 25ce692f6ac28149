/**
 * @packageDocumentation
 * reparam's dataset plugins: `register(container)` adds `mnist` (embedded), `fashion-mnist`,
 * `idx`, `cifar10`, `folder` and `imagenet`. Every loader keeps its images as compact bytes, splits them into
 * train / validation / test deterministically by seed, normalises with the training split's
 * per-channel statistics and builds each batch tensor on demand. Image trees too large or too varied
 * for memory (`imagenet`, large `folder`s) are streamed: listed once, then read, decoded and
 * transformed (the ImageNet recipe) by a pool of worker threads as batches are consumed.
 */
import { type DatasetFactory, type DependencyContainer, registerDataset } from '@reparam/core';
import { cifar10Dataset } from './loaders/cifar10.js';
import { fashionMnistDataset } from './loaders/fashionMnist.js';
import { folderDataset } from './loaders/folder.js';
import { idxDataset } from './loaders/idx.js';
import { imagenetDataset } from './loaders/imagenet.js';
import { mnistDataset } from './loaders/mnist.js';

export { mnistDataset, readEmbeddedMnist } from './loaders/mnist.js';
export { fashionMnistDataset, loadFashionMnist, FASHION_MNIST_CLASSES, FASHION_MNIST_DEFAULT_PATH } from './loaders/fashionMnist.js';
export { idxDataset, loadIdxDataset } from './loaders/idx.js';
export { cifar10Dataset, loadCifar10, CIFAR10_CLASSES, CIFAR10_FILES } from './loaders/cifar10.js';
export { folderDataset, loadImageFolder, IN_MEMORY_FOLDER_BYTES } from './loaders/folder.js';
export { imagenetDataset, loadImagenet } from './loaders/imagenet.js';
export type { ImageRecipe } from './stream/ImageRecipe.js';
export { IMAGENET_RECIPE, imageRecipe } from './stream/ImageRecipe.js';
export type { CropBox } from './stream/cropBox.js';
export { randomResizedCropBox, centreCropPlan, seededUniform } from './stream/cropBox.js';
export type { FolderIndex } from './stream/folderIndex.js';
export { readFolderIndex, folderIndexCacheDir } from './stream/folderIndex.js';
export type { PoolOptions, BatchPlan, MadeBatch } from './stream/ImageWorkerPool.js';
export { ImageWorkerPool, STREAM_DEFAULTS } from './stream/ImageWorkerPool.js';
export type { BadImagePolicy } from './stream/StreamingImageSplit.js';
export { StreamingImageSplit } from './stream/StreamingImageSplit.js';
export type { StreamingSource } from './stream/StreamingImageDataset.js';
export { StreamingImageDataset } from './stream/StreamingImageDataset.js';
export { makeInput, inputScratch, BadImage } from './stream/transformImage.js';
export type { InputScratch } from './stream/transformImage.js';
export { imageHeaderSize } from './stream/imageHeaderSize.js';
export type { ImageHeader } from './stream/imageHeaderSize.js';
export { hasEndMarker } from './stream/endMarker.js';

export type { ImageSet } from './ImageSet.js';
export { imageBytes, checkLabels, checkSameShape, concatImageSets, greyscale } from './ImageSet.js';
export type { IdxArray } from './readIdx.js';
export { readIdx, parseIdx } from './readIdx.js';
export { readIdxImages, readIdxDirectory, IDX_FILES } from './readIdxImages.js';
export { readCifarBatch, parseCifarBatch, CIFAR_RECORD_BYTES, CIFAR_SIDE } from './readCifarBatch.js';
export type { RgbImage } from './decodeImage.js';
export { decodeImage, isImageFile, IMAGE_EXTENSIONS } from './decodeImage.js';
export type { ImageFolder } from './readImageFolder.js';
export { readImageFolder, classFolders } from './readImageFolder.js';
export { findMaybeGzipped, readMaybeGzipped, requireDirectory, isDirectory, isFile } from './files.js';
export type { ChannelStats } from './ChannelStats.js';
export { channelStats, normalisationTable } from './ChannelStats.js';
export type { Augmentation } from './Augmentation.js';
export { digitAugmentation, naturalAugmentation } from './Augmentation.js';
export type { SplitPlan } from './splitPlan.js';
export { splitPlan, checkOptions, DEFAULT_VALIDATION_FRACTION, DEFAULT_TEST_FRACTION } from './splitPlan.js';
export { shuffledIndices, shuffleInPlace } from './shuffledIndices.js';
export type { ImageSource } from './ImageDataset.js';
export { ImageDataset } from './ImageDataset.js';
export { ImageSplit } from './ImageSplit.js';

/** The dataset plugins of this package, in the order `reparam datasets` lists them. */
export const DATASETS: readonly DatasetFactory[] = [mnistDataset, fashionMnistDataset, idxDataset, cifar10Dataset, folderDataset, imagenetDataset];

/** Plugin entry point: registers every dataset above. */
export function register(container: DependencyContainer): void {
  for (const dataset of DATASETS) registerDataset(container, dataset);
}
