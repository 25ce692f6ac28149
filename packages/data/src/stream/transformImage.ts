import type sharpModule from 'sharp';
import { centreCropPlan, randomResizedCropBox, seededUniform } from './cropBox.js';
import { hasEndMarker } from './endMarker.js';
import { imageHeaderSize } from './imageHeaderSize.js';
import type { ImageRecipe } from './ImageRecipe.js';

/** Why one image could not be made into an input; the message names the file, on one line. */
export class BadImage extends Error {}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/**
 * Decodes `bytes` (any format and mode `sharp` reads: grey, palette, RGBA, CMYK, 16-bit…) and
 * returns `recipe.size`² RGB bytes: the training transform (RandomResizedCrop + flip, drawn from
 * `seed`) when `seed` is given, else the evaluation one (resize shorter side, centre crop). Alpha is
 * dropped, colour converted to sRGB. A truncated (see {@link hasEndMarker}) or undecodable file
 * throws {@link BadImage}.
 */
export async function transformImage(sharp: typeof sharpModule, bytes: Buffer, file: string, recipe: ImageRecipe, seed: number | undefined): Promise<Buffer> {
  const { size } = recipe;
  if (!hasEndMarker(bytes)) throw new BadImage(`${file} is truncated (it lacks its end-of-image marker)`);
  try {
    const image = sharp(bytes, { failOn: 'truncated' });
    const { width, height } = imageHeaderSize(bytes) ?? (await image.metadata());
    if (!(width && height)) throw new BadImage(`${file} has no image size in its header`);
    let pipeline: sharpModule.Sharp;
    if (seed !== undefined) {
      const uniform = seededUniform(seed);
      const box = randomResizedCropBox(width, height, recipe, uniform);
      const mirror = recipe.flip && uniform() < 0.5;
      pipeline = image.extract(box).resize(size, size, { fit: 'fill', kernel: 'linear' });
      if (mirror) pipeline = pipeline.flop();
    } else {
      const plan = centreCropPlan(width, height, recipe.resize, size);
      pipeline = image.resize(plan.width, plan.height, { fit: 'fill', kernel: 'linear' }).extract(plan.box);
    }
    const { data, info } = await pipeline.removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.width !== size || info.height !== size || info.channels !== 3 || data.length !== size * size * 3) {
      throw new BadImage(`${file} came out ${info.width}×${info.height}×${info.channels}, not ${size}×${size}×3`);
    }
    return data;
  } catch (err) {
    if (err instanceof BadImage) throw err;
    throw new BadImage(`${file} cannot be decoded: ${oneLine((err as Error).message)}`, { cause: err });
  }
}
