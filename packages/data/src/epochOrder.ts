import { ReparamError, type Rng } from '@reparam/core';
import { shuffleInPlace } from './shuffledIndices.js';

/**
 * One epoch's order of a split's image `indices` for `batchSize` batches, as every image split
 * serves them: in evaluation order without an `rng`; shuffled with it, keeping only full batches
 * (unless there are none). `end` is how many of `order` the epoch uses; `augmentRng` is the rng
 * augmented batches draw their crops and flips from (undefined: not augmented). A bad batch size,
 * or augmentation without an rng, is a ReparamError.
 */
export function epochOrder(
  indices: Int32Array,
  batchSize: number,
  options: { readonly rng?: Rng; readonly augment?: boolean },
): { readonly order: Int32Array; readonly end: number; readonly augmentRng: Rng | undefined } {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new ReparamError(`batch size must be a positive integer (got ${batchSize})`);
  }
  const { rng, augment = false } = options;
  if (augment && !rng) throw new ReparamError('augmented batches need an rng to draw crops and flips from');
  if (!rng) return { order: indices, end: indices.length, augmentRng: undefined };
  const order = Int32Array.from(indices);
  shuffleInPlace(order, rng);
  const full = Math.floor(indices.length / batchSize) * batchSize;
  return { order, end: full > 0 ? full : indices.length, augmentRng: augment ? rng : undefined };
}
