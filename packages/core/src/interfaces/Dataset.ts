import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../rng.js';

/** One batch: NHWC float images and integer labels. */
export interface Batch {
  readonly x: tf.Tensor4D;
  readonly y: tf.Tensor1D;
}

/** A split of a dataset that yields batches without holding it all as one tensor. */
export interface DataSplit {
  readonly size: number;
  /** Batches in order, or shuffled by `rng`; the caller disposes each batch. */
  batches(batchSize: number, options?: { readonly rng?: Rng; readonly augment?: boolean }): Iterable<Batch>;
}

/** A loaded dataset, split deterministically by seed. The search never sees `test`. */
export interface Dataset {
  readonly id: string;
  /** `[height, width, channels]`. */
  readonly inputShape: readonly [number, number, number];
  readonly classes: number;
  readonly train: DataSplit;
  readonly validation: DataSplit;
  readonly test: DataSplit;
  /** Files skipped so far as unreadable (streaming datasets with `skipBadImages`), for a run's results. */
  skippedImages?(): readonly string[];
  /** Threads that decode and transform its images (streaming datasets), for a run's results. */
  readonly workers?: number;
}

/** Where and how to load a dataset. */
export interface DatasetOptions {
  readonly seed: number;
  /** Fraction of the training set held out for validation. */
  readonly validationFraction?: number;
  /** Loader-specific location (directory or file). */
  readonly path?: string;
  /** Use at most this many training images (quick runs). */
  readonly limit?: number;
  /** Streaming image datasets: skip (and count) images that cannot be read or decoded instead of stopping. */
  readonly skipBadImages?: boolean;
  /** Streaming image datasets: side of the square network input (default 224, the ImageNet recipe). */
  readonly imageSize?: number;
  /** Streaming image datasets: decoding worker threads (the batches do not depend on it). */
  readonly workers?: number;
}

/** A registered dataset plugin. */
export interface DatasetFactory {
  readonly id: string;
  readonly description: string;
  load(options: DatasetOptions): Promise<Dataset>;
}
