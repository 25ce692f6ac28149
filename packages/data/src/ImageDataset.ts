import type { Dataset, DatasetOptions } from '@reparam/core';
import type { Augmentation } from './Augmentation.js';
import { type ChannelStats, channelStats, normalisationTable } from './ChannelStats.js';
import { ImageSplit } from './ImageSplit.js';
import type { ImageSet } from './ImageSet.js';
import { checkLabels, checkSameShape } from './ImageSet.js';
import { splitPlan } from './splitPlan.js';

/** What a loader found, before splitting. */
export interface ImageSource {
  readonly id: string;
  /** The training images (or all images when there is no `test`). */
  readonly train: ImageSet;
  /** The test images, if the source has its own; otherwise they are split off `train` by seed. */
  readonly test?: ImageSet;
  readonly classes: number;
  /** A name per class, when the source has them. */
  readonly classNames?: readonly string[];
  readonly augmentation: Augmentation;
  /** Where the images came from, for error messages. */
  readonly location: string;
  /** Where the test images came from, if separately. */
  readonly testLocation?: string;
}

/**
 * A {@link Dataset} over compact byte images: splits by seed (see {@link splitPlan}), normalises every
 * split with the training split's per-channel statistics and builds batches on demand.
 */
export class ImageDataset implements Dataset {
  readonly id: string;
  readonly inputShape: readonly [number, number, number];
  readonly classes: number;
  readonly classNames: readonly string[] | undefined;
  readonly train: ImageSplit;
  readonly validation: ImageSplit;
  readonly test: ImageSplit;
  /** Per-channel statistics of the training split, applied to every split. */
  readonly normalisation: ChannelStats;
  /** The augmentation that training batches get with `augment: true`. */
  readonly augmentation: Augmentation;

  constructor(source: ImageSource, options: DatasetOptions) {
    const { train, test } = source;
    checkLabels(train, source.classes, source.location);
    if (test) {
      checkSameShape(train, source.location, test, source.testLocation ?? source.location);
      checkLabels(test, source.classes, source.testLocation ?? source.location);
    }
    const plan = splitPlan(train.count, test?.count, options, source.location);
    this.id = source.id;
    this.inputShape = [train.height, train.width, train.channels];
    this.classes = source.classes;
    this.classNames = source.classNames;
    this.augmentation = source.augmentation;
    this.normalisation = channelStats(train, plan.train);
    const table = normalisationTable(this.normalisation);
    this.train = new ImageSplit(train, plan.train, table, source.augmentation);
    this.validation = new ImageSplit(train, plan.validation, table, source.augmentation);
    this.test = new ImageSplit(test ?? train, plan.test, table, source.augmentation);
  }
}
