import type { ImageRecipe } from './ImageRecipe.js';

/** A rectangle of an image, in pixels. */
export interface CropBox {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/**
 * A uniform [0, 1) stream from a 32-bit seed (mulberry32). Each image of an epoch gets its own seed,
 * drawn in epoch order by the main thread, so its crop does not depend on which worker draws it.
 */
export function seededUniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * torchvision's `RandomResizedCrop.get_params`: up to ten draws of an area share in `recipe.scale`
 * and a log-uniform aspect ratio in `recipe.ratio`, the first that fits the `width`×`height` image
 * placed uniformly; failing all ten, the largest centred crop whose ratio lies within the range.
 */
export function randomResizedCropBox(width: number, height: number, recipe: Pick<ImageRecipe, 'scale' | 'ratio'>, uniform: () => number): CropBox {
  const area = width * height;
  const logLo = Math.log(recipe.ratio[0]);
  const logHi = Math.log(recipe.ratio[1]);
  for (let attempt = 0; attempt < 10; attempt++) {
    const target = area * (recipe.scale[0] + (recipe.scale[1] - recipe.scale[0]) * uniform());
    const aspect = Math.exp(logLo + (logHi - logLo) * uniform());
    const w = Math.round(Math.sqrt(target * aspect));
    const h = Math.round(Math.sqrt(target / aspect));
    if (w > 0 && w <= width && h > 0 && h <= height) {
      const top = Math.floor(uniform() * (height - h + 1));
      const left = Math.floor(uniform() * (width - w + 1));
      return { left, top, width: w, height: h };
    }
  }
  const inRatio = width / height;
  let w = width;
  let h = height;
  if (inRatio < recipe.ratio[0]) h = Math.max(1, Math.min(height, Math.round(w / recipe.ratio[0])));
  else if (inRatio > recipe.ratio[1]) w = Math.max(1, Math.min(width, Math.round(h * recipe.ratio[1])));
  return { left: Math.floor((width - w) / 2), top: Math.floor((height - h) / 2), width: w, height: h };
}

/**
 * The evaluation transform's geometry: the size a `width`×`height` image is resized to so that its
 * shorter side is `resize` (the longer one scaled alike, rounded down as torchvision does), and the
 * centred `size`² box of the resized image.
 */
export function centreCropPlan(width: number, height: number, resize: number, size: number): { readonly width: number; readonly height: number; readonly box: CropBox } {
  const rw = width <= height ? resize : Math.max(resize, Math.floor((resize * width) / height));
  const rh = width <= height ? Math.max(resize, Math.floor((resize * height) / width)) : resize;
  return {
    width: rw,
    height: rh,
    box: { left: Math.round((rw - size) / 2), top: Math.round((rh - size) / 2), width: size, height: size },
  };
}
