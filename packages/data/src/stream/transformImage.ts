import type sharpModule from 'sharp';
import { type CropBox, centreCropPlan, randomResizedCropBox, seededUniform } from './cropBox.js';
import { hasEndMarker } from './endMarker.js';
import { imageHeaderSize } from './imageHeaderSize.js';
import type { ImageRecipe } from './ImageRecipe.js';
import { hasNativeJpeg, nativeJpegInput } from './nativeJpeg.js';

/** Why one image could not be made into an input; the message names the file, on one line. */
export class BadImage extends Error {}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Scratch memory one worker reuses from image to image. */
export interface InputScratch {
  /** `channel · 256 + byte → normalised float`, for images that come out of sharp as bytes. */
  readonly table: Float32Array;
  /** The recipe's mean and std, as the JPEG addon takes them. */
  readonly norm: Float32Array;
}

/** {@link InputScratch} for `recipe`. */
export function inputScratch(recipe: ImageRecipe): InputScratch {
  const table = new Float32Array(3 * 256);
  for (let ch = 0; ch < 3; ch++) for (let v = 0; v < 256; v++) table[ch * 256 + v] = (v / 255 - recipe.mean[ch]) / recipe.std[ch];
  return { table, norm: Float32Array.from([...recipe.mean, ...recipe.std]) };
}

/** Where in the source each output pixel comes from: the crop (training) or the resize-then-centre-crop (evaluation). */
type Geometry = { readonly kind: 'crop'; readonly box: CropBox; readonly mirror: boolean } | { readonly kind: 'centre'; readonly width: number; readonly height: number; readonly box: CropBox };

function geometry(width: number, height: number, recipe: ImageRecipe, seed: number | undefined): Geometry {
  if (seed === undefined) return { kind: 'centre', ...centreCropPlan(width, height, recipe.resize, recipe.size) };
  const uniform = seededUniform(seed);
  const box = randomResizedCropBox(width, height, recipe, uniform);
  return { kind: 'crop', box, mirror: recipe.flip && uniform() < 0.5 };
}

/**
 * Any format and mode sharp reads (grey, palette, RGBA, CMYK, 16-bit…): cropped and resized
 * (bilinear), mirrored, alpha dropped, converted to sRGB bytes and normalised into `out`.
 */
async function viaSharp(sharp: typeof sharpModule, bytes: Buffer, g: Geometry, file: string, recipe: ImageRecipe, out: Float32Array, offset: number, scratch: InputScratch): Promise<void> {
  const { size } = recipe;
  let data: Buffer;
  try {
    const image = sharp(bytes, { failOn: 'truncated' });
    let pipeline: sharpModule.Sharp;
    if (g.kind === 'crop') {
      pipeline = image.extract(g.box).resize(size, size, { fit: 'fill', kernel: 'linear' });
      if (g.mirror) pipeline = pipeline.flop();
    } else {
      pipeline = image.resize(g.width, g.height, { fit: 'fill', kernel: 'linear' }).extract(g.box);
    }
    const result = await pipeline.removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    const { info } = result;
    data = result.data;
    if (info.width !== size || info.height !== size || info.channels !== 3 || data.length !== size * size * 3) {
      throw new BadImage(`${file} came out ${info.width}×${info.height}×${info.channels}, not ${size}×${size}×3`);
    }
  } catch (err) {
    if (err instanceof BadImage) throw err;
    throw new BadImage(`${file} cannot be decoded: ${oneLine((err as Error).message)}`, { cause: err });
  }
  const { table } = scratch;
  let o = offset;
  for (let p = 0; p < data.length; p += 3) {
    out[o++] = table[data[p]];
    out[o++] = table[256 + data[p + 1]];
    out[o++] = table[512 + data[p + 2]];
  }
}

/**
 * Decodes `bytes` and writes `recipe.size`² normalised RGB floats into `out` at `offset`: the
 * training transform (RandomResizedCrop + flip, drawn from `seed`) when `seed` is given, else the
 * evaluation one (resize shorter side, centre crop). JPEGs are decoded and resized by the libjpeg-turbo
 * addon where it was built (CMYK ones, and every other format, by sharp: libvips).
 * A truncated (see {@link hasEndMarker}) or undecodable file throws
 * {@link BadImage}.
 */
export async function makeInput(
  sharp: typeof sharpModule,
  bytes: Buffer,
  file: string,
  recipe: ImageRecipe,
  seed: number | undefined,
  out: Float32Array,
  offset: number,
  scratch: InputScratch,
): Promise<void> {
  if (!hasEndMarker(bytes)) throw new BadImage(`${file} is truncated (it lacks its end-of-image marker)`);
  let header = imageHeaderSize(bytes);
  if (!header) {
    const meta = await sharp(bytes)
      .metadata()
      .catch((err: Error) => {
        throw new BadImage(`${file} cannot be decoded: ${oneLine(err.message)}`, { cause: err });
      });
    if (!(meta.width && meta.height)) throw new BadImage(`${file} has no image size in its header`);
    header = { format: 'png', width: meta.width, height: meta.height };
  }
  const g = geometry(header.width, header.height, recipe, seed);
  if (header.format === 'jpeg' && hasNativeJpeg) {
    // The same geometry as a box of the source image: the evaluation's resize-then-centre-crop is a crop of the source resized.
    const box = g.kind === 'crop' ? g.box : sourceBox(g, header.width, header.height);
    const refused = nativeJpegInput(bytes, box, recipe.size, g.kind === 'crop' && g.mirror, scratch.norm, out, offset);
    if (refused === undefined) return;
    if (refused.kind === 'corrupt') throw new BadImage(`${file} cannot be decoded: ${oneLine(refused.reason)}`);
  }
  await viaSharp(sharp, bytes, g, file, recipe, out, offset, scratch);
}

/** The box of the source image that an evaluation geometry's centre crop (of the resized image) covers. */
function sourceBox(g: Extract<Geometry, { kind: 'centre' }>, width: number, height: number): CropBox {
  const sx = width / g.width;
  const sy = height / g.height;
  return { left: g.box.left * sx, top: g.box.top * sy, width: g.box.width * sx, height: g.box.height * sy };
}
