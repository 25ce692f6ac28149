import { ReparamError } from '@reparam/core';

/**
 * How streamed images become network inputs: the ImageNet recipe.
 *
 * - Training (augmented) batches: RandomResizedCrop — a crop of `scale` × the image's area with an
 *   aspect ratio in `ratio` (log-uniform), resized to `size`² — then a horizontal flip with
 *   probability ½ when `flip` is set.
 * - Evaluation batches: the shorter side resized to `resize`, then the centre `size`² crop.
 * - Both: RGB on the [0, 1] scale, minus `mean`, divided by `std`, per channel.
 */
export interface ImageRecipe {
  /** Side of the square network input, in pixels. */
  readonly size: number;
  /** Shorter side after the evaluation resize (before the centre crop). */
  readonly resize: number;
  /** Range of the crop's share of the image's area. */
  readonly scale: readonly [number, number];
  /** Range of the crop's width ÷ height. */
  readonly ratio: readonly [number, number];
  readonly flip: boolean;
  /** Per-channel (R, G, B) mean on the [0, 1] scale. */
  readonly mean: readonly [number, number, number];
  /** Per-channel (R, G, B) standard deviation on the [0, 1] scale. */
  readonly std: readonly [number, number, number];
}

/** The standard ImageNet recipe (torchvision's reference training): 224² inputs, 256 before the centre crop. */
export const IMAGENET_RECIPE: ImageRecipe = {
  size: 224,
  resize: 256,
  scale: [0.08, 1],
  ratio: [3 / 4, 4 / 3],
  flip: true,
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
};

/**
 * {@link IMAGENET_RECIPE} with `overrides`. When only `size` is given, `resize` keeps the recipe's
 * proportion (256 : 224, rounded). Throws a {@link ReparamError} for a setting that cannot work.
 */
export function imageRecipe(overrides: Partial<ImageRecipe> = {}): ImageRecipe {
  const size = overrides.size ?? IMAGENET_RECIPE.size;
  const resize = overrides.resize ?? Math.round((size * IMAGENET_RECIPE.resize) / IMAGENET_RECIPE.size);
  const recipe: ImageRecipe = { ...IMAGENET_RECIPE, ...overrides, size, resize };
  if (!(Number.isInteger(size) && size >= 1)) throw new ReparamError(`image size must be a positive integer (got ${size})`);
  if (!(Number.isInteger(resize) && resize >= size)) {
    throw new ReparamError(`the evaluation resize must be an integer of at least the image size ${size} (got ${resize})`);
  }
  const [s0, s1] = recipe.scale;
  if (!(s0 > 0 && s0 <= s1 && s1 <= 1)) throw new ReparamError(`crop scale must satisfy 0 < min ≤ max ≤ 1 (got ${s0}–${s1})`);
  const [r0, r1] = recipe.ratio;
  if (!(r0 > 0 && r0 <= r1)) throw new ReparamError(`crop ratio must satisfy 0 < min ≤ max (got ${r0}–${r1})`);
  if (!recipe.std.every((s) => s > 0)) throw new ReparamError(`every channel's std must be positive (got ${recipe.std.join(', ')})`);
  return recipe;
}
