import * as tf from '@tensorflow/tfjs';
import { type Batch, type DataSplit, type Rng } from '@reparam/core';
import type { Augmentation } from './Augmentation.js';
import type { ImageSet } from './ImageSet.js';
import { imageBytes } from './ImageSet.js';
import { epochOrder } from './epochOrder.js';

/**
 * Some images of an {@link ImageSet}, normalised per channel as batches are built.
 *
 * - In order (no `rng`): every image once, in source order, the last batch possibly partial, so
 *   that evaluation sees each image exactly once.
 * - Shuffled (`rng` given): the order is drawn from `rng` when `batches` is called, and the last
 *   partial batch is dropped so that every training step has the same batch size — unless the split
 *   is smaller than one batch, when the one partial batch is kept rather than yielding nothing.
 * - `augment` (needs `rng`): pad-and-crop and optional flip as in {@link Augmentation}, drawn from
 *   `rng` as each batch is built. Meant for training batches only; evaluation passes no options.
 *
 * Only the current batch exists as tensors; the caller disposes each batch.
 */
export class ImageSplit implements DataSplit {
  readonly size: number;

  /**
   * @param set the images this split takes from (shared with other splits of the same source).
   * @param indices positions in `set` of this split's images, in evaluation order.
   * @param table normalisation lookup (`channel · 256 + byte → float`), the training split's.
   */
  constructor(
    readonly set: ImageSet,
    readonly indices: Int32Array,
    private readonly table: Float32Array,
    readonly augmentation: Augmentation,
  ) {
    this.size = indices.length;
  }

  /** Labels of this split's images, in evaluation order. */
  labels(): Int32Array {
    return Int32Array.from(this.indices, (k) => this.set.labels[k]);
  }

  batches(batchSize: number, options: { readonly rng?: Rng; readonly augment?: boolean } = {}): Iterable<Batch> {
    const { order, end, augmentRng } = epochOrder(this.indices, batchSize, options);
    return this.generate(order, end, batchSize, augmentRng);
  }

  private *generate(order: Int32Array, end: number, batchSize: number, rng: Rng | undefined): Generator<Batch> {
    for (let start = 0; start < end; start += batchSize) {
      const items = order.subarray(start, Math.min(start + batchSize, end));
      yield this.batch(items, rng);
    }
  }

  private batch(items: Int32Array, rng: Rng | undefined): Batch {
    const { height: h, width: w, channels: c, pixels, labels } = this.set;
    const bytes = imageBytes(this.set);
    const x = new Float32Array(items.length * bytes);
    const y = new Int32Array(items.length);
    for (let j = 0; j < items.length; j++) {
      const k = items[j];
      y[j] = labels[k];
      if (rng) this.fillAugmented(x, j * bytes, pixels, k * bytes, rng);
      else for (let p = 0; p < bytes; p++) x[j * bytes + p] = this.table[(p % c) * 256 + pixels[k * bytes + p]];
    }
    return { x: tf.tensor4d(x, [items.length, h, w, c]), y: tf.tensor1d(y, 'int32') };
  }

  /** One image, shifted by a random offset within ±pad (zeros shifted in) and maybe mirrored. */
  private fillAugmented(x: Float32Array, out: number, pixels: Uint8Array, src: number, rng: Rng): void {
    const { height: h, width: w, channels: c } = this.set;
    const { pad, flip } = this.augmentation;
    const dy = rng.int(2 * pad + 1) - pad;
    const dx = rng.int(2 * pad + 1) - pad;
    const mirror = flip && rng.uniform() < 0.5;
    for (let yy = 0; yy < h; yy++) {
      const sy = yy + dy;
      for (let xx = 0; xx < w; xx++) {
        const sx = (mirror ? w - 1 - xx : xx) + dx;
        const o = out + (yy * w + xx) * c;
        if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
          x.fill(0, o, o + c);
        } else {
          const s = src + (sy * w + sx) * c;
          for (let ch = 0; ch < c; ch++) x[o + ch] = this.table[ch * 256 + pixels[s + ch]];
        }
      }
    }
  }
}
