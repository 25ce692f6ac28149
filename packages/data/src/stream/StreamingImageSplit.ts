import * as tf from '@tensorflow/tfjs';
import { type Batch, type DataSplit, ReparamError, type Rng } from '@reparam/core';
import { epochOrder } from '../epochOrder.js';
import type { FolderIndex } from './folderIndex.js';
import type { BatchPlan, ImageWorkerPool, MadeBatch } from './ImageWorkerPool.js';

/** How a streamed split treats an image that cannot be read or decoded. */
export interface BadImagePolicy {
  /** Skip it (and record it in `skipped`) rather than stop with its one-line error. */
  readonly skip: boolean;
  /** Every file skipped so far, over all splits of the dataset. */
  readonly skipped: Set<string>;
}

/**
 * Some images of a {@link FolderIndex}, read, decoded and transformed by an {@link ImageWorkerPool}
 * as batches are consumed. Order and batch rules are those of `ImageSplit`: in order without `rng`
 * (every image once, last batch possibly partial); shuffled by `rng` with the last partial batch
 * dropped. `augment` (needs `rng`) gives the training transform (RandomResizedCrop + flip), whose
 * crops are drawn from `rng` — one seed per image, in epoch order — so the batches are the same for
 * any number of workers; otherwise the evaluation transform (resize, centre crop).
 *
 * A bad image stops the iteration with a {@link ReparamError} naming it, or, with `policy.skip`, is
 * left out of its batch and recorded.
 *
 * A batch's image memory is filled again for a later batch once its `x` is disposed (see
 * `ImageWorkerPool.lend`): read values out of a batch (e.g. `dataSync()`) before disposing it, not after.
 */
export class StreamingImageSplit implements DataSplit {
  readonly size: number;

  constructor(
    readonly index: FolderIndex,
    readonly indices: Int32Array,
    private readonly pool: ImageWorkerPool,
    private readonly policy: BadImagePolicy,
  ) {
    this.size = indices.length;
  }

  /** Labels of this split's images, in evaluation order. */
  labels(): Int32Array {
    return Int32Array.from(this.indices, (k) => this.index.labels[k]);
  }

  batches(batchSize: number, options: { readonly rng?: Rng; readonly augment?: boolean } = {}): Iterable<Batch> {
    const { order, end, augmentRng } = epochOrder(this.indices, batchSize, options);
    if (end === 0) return [];
    return this.generate(this.plans(order, end, batchSize, augmentRng));
  }

  private *plans(order: Int32Array, end: number, batchSize: number, rng: Rng | undefined): Generator<BatchPlan & { readonly labels: Int32Array }> {
    for (let start = 0; start < end; start += batchSize) {
      const items = order.subarray(start, Math.min(start + batchSize, end));
      const files = Array.from(items, (k) => this.index.files[k]);
      const seeds = rng ? Array.from(items, () => rng.nextUint32()) : null;
      yield { files, seeds, labels: Int32Array.from(items, (k) => this.index.labels[k]) };
    }
  }

  private *generate(plans: Iterator<BatchPlan & { readonly labels: Int32Array }>): Generator<Batch> {
    const size = this.pool.recipe.size;
    for (const made of this.pool.stream(plans)) {
      const { labels } = made.plan as BatchPlan & { readonly labels: Int32Array };
      const kept = this.keep(made);
      if (kept.length === 0) continue;
      const values = size * size * 3;
      let x = made.pixels;
      let y = labels;
      if (kept.length < labels.length) {
        x = new Float32Array(kept.length * values);
        y = new Int32Array(kept.length);
        kept.forEach((j, i) => {
          x.set(made.pixels.subarray(j * values, (j + 1) * values), i * values);
          y[i] = labels[j];
        });
        this.pool.giveBack(made.pixels.buffer as ArrayBuffer);
      }
      const batch = { x: tf.tensor4d(x, [kept.length, size, size, 3]), y: tf.tensor1d(y, 'int32') };
      // Once the caller disposes the batch, its memory is filled again rather than new memory mapped.
      this.pool.lend(batch.x, x.buffer as ArrayBuffer);
      yield batch;
    }
  }

  /** Positions of the good images of `made`; throws for a bad one unless bad images are skipped. */
  private keep(made: MadeBatch): number[] {
    const n = made.plan.files.length;
    if (made.bad.length === 0) return Array.from({ length: n }, (_, j) => j);
    if (!this.policy.skip) throw new ReparamError(`${made.error} (--skip-bad-images skips and counts such images)`);
    for (const j of made.bad) this.policy.skipped.add(made.plan.files[j]);
    const bad = new Set(made.bad);
    return Array.from({ length: n }, (_, j) => j).filter((j) => !bad.has(j));
  }
}
