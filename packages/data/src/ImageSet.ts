import { ReparamError } from '@reparam/core';

/**
 * Images stored compactly as one `Uint8Array` in NHWC order (one byte per channel value) with one
 * integer label each. Batches are built from it on demand, so no split is ever one big tensor.
 */
export interface ImageSet {
  /** `count · height · width · channels` bytes, image after image, rows, columns, channels. */
  readonly pixels: Uint8Array;
  /** One class index per image. */
  readonly labels: Int32Array;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** Bytes per image of `set`. */
export function imageBytes(set: Pick<ImageSet, 'height' | 'width' | 'channels'>): number {
  return set.height * set.width * set.channels;
}

/**
 * Checks that every label of `set` lies in `[0, classes)`, naming `source` (a file or folder) and the
 * first offending image otherwise: a bad label would otherwise surface later as a wrong one-hot.
 */
export function checkLabels(set: ImageSet, classes: number, source: string): void {
  for (let i = 0; i < set.count; i++) {
    const label = set.labels[i];
    if (!(label >= 0 && label < classes)) {
      throw new ReparamError(`${source}: label ${label} of item ${i} is outside 0–${classes - 1}`);
    }
  }
}

/** Throws unless `a` and `b` have the same image shape (train and test of one dataset must agree). */
export function checkSameShape(a: ImageSet, aSource: string, b: ImageSet, bSource: string): void {
  if (a.height !== b.height || a.width !== b.width || a.channels !== b.channels) {
    throw new ReparamError(
      `${bSource} holds ${b.height}×${b.width}×${b.channels} images but ${aSource} holds ${a.height}×${a.width}×${a.channels}`,
    );
  }
}

/** The images of `sets` one after another (they must share a shape). */
export function concatImageSets(sets: readonly ImageSet[]): ImageSet {
  const [first] = sets;
  if (sets.length === 1) return first;
  const count = sets.reduce((n, s) => n + s.count, 0);
  const pixels = new Uint8Array(sets.reduce((n, s) => n + s.pixels.length, 0));
  const labels = new Int32Array(count);
  let p = 0;
  let l = 0;
  for (const s of sets) {
    pixels.set(s.pixels, p);
    labels.set(s.labels, l);
    p += s.pixels.length;
    l += s.count;
  }
  return { pixels, labels, count, height: first.height, width: first.width, channels: first.channels };
}

/** The first channel of a three-channel `set`, for images that are grey throughout. */
export function greyscale(set: ImageSet): ImageSet {
  const pixels = new Uint8Array(set.pixels.length / 3);
  for (let p = 0; p < pixels.length; p++) pixels[p] = set.pixels[3 * p];
  return { ...set, pixels, channels: 1 };
}
