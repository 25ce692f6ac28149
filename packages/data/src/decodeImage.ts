import { extname } from 'node:path';
import { ReparamError } from '@reparam/core';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** A decoded image as 8-bit RGB, row after row (alpha, if any, is dropped). */
export interface RgbImage {
  readonly width: number;
  readonly height: number;
  readonly rgb: Uint8Array;
}

/** File name endings that {@link decodeImage} reads, lower case. */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg'];

/** True when `file`'s extension is one of {@link IMAGE_EXTENSIONS} (any case). */
export function isImageFile(file: string): boolean {
  return IMAGE_EXTENSIONS.includes(extname(file).toLowerCase());
}

/**
 * Decodes PNG (any bit depth, palette, interlacing, via `pngjs`) or baseline/progressive JPEG (via
 * `jpeg-js`), chosen by `file`'s extension, into 8-bit RGB. Both libraries are pure JavaScript, so
 * nothing native has to build. Throws a {@link ReparamError} naming `file` when it cannot decode.
 */
export function decodeImage(bytes: Uint8Array, file: string): RgbImage {
  const ext = extname(file).toLowerCase();
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width: number;
  let height: number;
  let data: Uint8Array;
  let stride: number;
  try {
    if (ext === '.png') {
      // pngjs always hands back 8-bit RGBA, whatever the file's colour type.
      ({ width, height, data } = PNG.sync.read(buffer));
      stride = 4;
    } else if (ext === '.jpg' || ext === '.jpeg') {
      // Strict decoding: a damaged JPEG is reported rather than silently half-grey.
      ({ width, height, data } = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: false, tolerantDecoding: false }));
      stride = 3;
    } else {
      throw new ReparamError(`${file} is neither PNG nor JPEG (by its extension)`);
    }
  } catch (err) {
    if (err instanceof ReparamError) throw err;
    const kind = ext === '.png' ? 'PNG' : 'JPEG';
    throw new ReparamError(`${file} cannot be decoded as ${kind}: ${(err as Error).message}`, { cause: err });
  }
  if (!(width > 0 && height > 0) || data.length < width * height * stride) {
    throw new ReparamError(`${file} decodes to an empty or incomplete image`);
  }
  if (stride === 3) return { width, height, rgb: data.subarray(0, width * height * 3) };
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    rgb[3 * p] = data[4 * p];
    rgb[3 * p + 1] = data[4 * p + 1];
    rgb[3 * p + 2] = data[4 * p + 2];
  }
  return { width, height, rgb };
}
