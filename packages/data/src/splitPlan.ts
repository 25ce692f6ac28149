import { type DatasetOptions, ReparamError, Rng } from '@reparam/core';
import { shuffledIndices } from './shuffledIndices.js';

/** Default share of the training set held out for validation. */
export const DEFAULT_VALIDATION_FRACTION = 0.1;

/** Share of all images held out for testing when a source has no test set of its own. */
export const DEFAULT_TEST_FRACTION = 0.2;

/** Which source images go to which split; each list is sorted, i.e. in source order. */
export interface SplitPlan {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  /** Positions in the test source, or, for a source without one, in the training source. */
  readonly test: Int32Array;
}

/** Checks the options every loader shares, with one clear sentence per mistake. */
export function checkOptions(options: DatasetOptions): void {
  if (!Number.isInteger(options.seed)) throw new ReparamError(`seed must be an integer (got ${options.seed})`);
  const f = options.validationFraction;
  if (f !== undefined && !(f >= 0 && f < 1)) {
    throw new ReparamError(`validation fraction must be at least 0 and below 1 (got ${f})`);
  }
  const limit = options.limit;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
    throw new ReparamError(`limit must be a positive integer (got ${limit})`);
  }
}

const sorted = (a: Int32Array): Int32Array => a.slice().sort();

/**
 * Splits deterministically by `options.seed`:
 *
 * 1. Without a test source (`testCount` undefined), a share {@link DEFAULT_TEST_FRACTION} of the
 *    training source becomes the test split, drawn from the seed's first sub-stream; the rest is the
 *    training pool. With a test source, it is the test split whole and the training source is the pool.
 * 2. The pool is shuffled by the seed's second sub-stream; `limit` keeps its first `limit` images
 *    (so `limit` bounds training plus validation images, and a smaller limit takes a subset of a
 *    larger one's images).
 * 3. The first `validationFraction` of those (at least one image when the fraction is above 0)
 *    become the validation split, the rest the training split.
 *
 * The test split never depends on `limit` or `validationFraction`, and never meets the other two.
 */
export function splitPlan(trainCount: number, testCount: number | undefined, options: DatasetOptions, source: string): SplitPlan {
  checkOptions(options);
  const root = new Rng(options.seed);
  const testRng = root.fork();
  const poolRng = root.fork();
  let pool: Int32Array;
  let test: Int32Array;
  if (testCount === undefined) {
    const order = shuffledIndices(trainCount, testRng);
    const nTest = Math.round(trainCount * DEFAULT_TEST_FRACTION);
    test = sorted(order.subarray(0, nTest));
    pool = sorted(order.subarray(nTest));
  } else {
    test = Int32Array.from({ length: testCount }, (_, i) => i);
    pool = Int32Array.from({ length: trainCount }, (_, i) => i);
  }
  const order = shuffledIndices(pool.length, poolRng).map((i) => pool[i]);
  const used = options.limit === undefined ? order : order.subarray(0, Math.min(options.limit, order.length));
  const fraction = options.validationFraction ?? DEFAULT_VALIDATION_FRACTION;
  let nVal = 0;
  if (fraction > 0) {
    if (used.length < 2) {
      throw new ReparamError(`${source} has ${used.length} training image(s), too few to hold out a validation split`);
    }
    nVal = Math.min(used.length - 1, Math.max(1, Math.round(used.length * fraction)));
  }
  if (used.length === 0) throw new ReparamError(`${source} has no training images`);
  if (test.length === 0) throw new ReparamError(`${source} has no test images`);
  return { train: sorted(used.subarray(nVal)), validation: sorted(used.subarray(0, nVal)), test };
}
