/**
 * How a dataset augments training batches: each image is zero-padded by `pad` pixels on every side
 * (zero in normalised space, i.e. the training mean) and cropped back to its size at a random
 * offset, then mirrored left–right with probability ½ when `flip` is set.
 */
export interface Augmentation {
  readonly pad: number;
  readonly flip: boolean;
}

/**
 * Digits and letters change meaning when mirrored, so digit datasets do not flip; their pad is 2 at
 * 28×28 (about 1/14 of the side).
 */
export function digitAugmentation(height: number, width: number): Augmentation {
  return { pad: Math.max(1, Math.round(Math.min(height, width) / 14)), flip: false };
}

/** Natural images: pad 4 at 32×32 (1/8 of the side) and flip, the usual CIFAR recipe. */
export function naturalAugmentation(height: number, width: number): Augmentation {
  return { pad: Math.max(1, Math.round(Math.min(height, width) / 8)), flip: true };
}
