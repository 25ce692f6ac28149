import type { Dataset, DatasetOptions } from '@reparam/core';
import { splitPlan } from '../splitPlan.js';
import type { FolderIndex } from './folderIndex.js';
import type { ImageRecipe } from './ImageRecipe.js';
import { ImageWorkerPool, type PoolOptions } from './ImageWorkerPool.js';
import { type BadImagePolicy, StreamingImageSplit } from './StreamingImageSplit.js';

/** What a streaming loader found: listed images, and how to make them into inputs. */
export interface StreamingSource {
  readonly id: string;
  /** The training images (or all images when there is no `test`). */
  readonly train: FolderIndex;
  /** The test images, if the source has its own; otherwise they are split off `train` by seed. */
  readonly test?: FolderIndex;
  readonly recipe: ImageRecipe;
  /** Where the images came from, for error messages. */
  readonly location: string;
}

/**
 * A {@link Dataset} over image files too many or too varied to hold in memory (ImageNet): the files
 * are listed once, split by seed as every dataset is (see `splitPlan`), and read, decoded and
 * transformed by one pool of worker threads as batches are consumed (see {@link StreamingImageSplit}).
 * Inputs are `recipe.size`² RGB, normalised with the recipe's mean and std.
 */
export class StreamingImageDataset implements Dataset {
  readonly id: string;
  readonly inputShape: readonly [number, number, number];
  readonly classes: number;
  readonly classNames: readonly string[];
  readonly recipe: ImageRecipe;
  readonly train: StreamingImageSplit;
  readonly validation: StreamingImageSplit;
  readonly test: StreamingImageSplit;
  /** Decoding worker threads (`options.workers`, else the pool's default). */
  readonly workers: number;
  private readonly pool: ImageWorkerPool;
  private readonly policy: BadImagePolicy;

  constructor(source: StreamingSource, options: DatasetOptions, pool: PoolOptions = {}) {
    const plan = splitPlan(source.train.files.length, source.test?.files.length, options, source.location);
    this.id = source.id;
    this.recipe = source.recipe;
    this.inputShape = [source.recipe.size, source.recipe.size, 3];
    this.classNames = source.train.classNames;
    this.classes = this.classNames.length;
    this.pool = new ImageWorkerPool(source.recipe, { workers: options.workers ?? pool.workers, prefetch: pool.prefetch });
    this.workers = this.pool.workers;
    this.policy = { skip: options.skipBadImages ?? false, skipped: new Set() };
    this.train = new StreamingImageSplit(source.train, plan.train, this.pool, this.policy);
    this.validation = new StreamingImageSplit(source.train, plan.validation, this.pool, this.policy);
    this.test = new StreamingImageSplit(source.test ?? source.train, plan.test, this.pool, this.policy);
  }

  /** The files skipped as unreadable so far (with `skipBadImages`), in the order met. */
  skippedImages(): readonly string[] {
    return [...this.policy.skipped];
  }

  /** Ends the worker threads (they never keep the process alive; this frees them sooner). */
  dispose(): Promise<void> {
    return this.pool.close();
  }
}
