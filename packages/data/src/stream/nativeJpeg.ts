import { createRequire } from 'node:module';
import type { CropBox } from './cropBox.js';

/** The libjpeg-turbo addon's one function (native/jpegTransform.cc). */
interface JpegAddon {
  transform(bytes: Uint8Array, box: Float64Array, size: number, mirror: boolean, norm: Float32Array, out: Float32Array, offset: number): string | undefined;
}

/**
 * The addon `@reparam/data` builds at install when libjpeg's headers are there, or undefined (then
 * sharp decodes every image). Loaded once per thread: a worker thread loads its own instance.
 */
function loadAddon(): JpegAddon | undefined {
  try {
    return createRequire(import.meta.url)('../../build/Release/reparam_jpeg.node') as JpegAddon;
  } catch {
    return undefined;
  }
}

const addon = process.env.REPARAM_JPEG_ADDON === '0' ? undefined : loadAddon();

/** Whether JPEGs are decoded by the libjpeg-turbo addon (set REPARAM_JPEG_ADDON=0 to use sharp for every image). */
export const hasNativeJpeg = addon !== undefined;

/** Why the addon did not make an input: an image it leaves to sharp (CMYK), or a corrupt one. */
export type NativeJpegRefusal = { readonly kind: 'unsupported' | 'corrupt'; readonly reason: string };

/**
 * Decodes the JPEG `bytes`' `box` (source pixels; fractional edges allowed), resizes it to `size`²
 * with a triangle filter (bilinear, antialiased when shrinking), mirrors it if asked, normalises
 * with `norm` = [mean0, mean1, mean2, std0, std1, std2] (of values in [0, 1]) and writes the floats
 * (HWC) into `out` at `offset`. Undefined when done; otherwise why not. Only call when {@link hasNativeJpeg}.
 */
export function nativeJpegInput(bytes: Uint8Array, box: CropBox, size: number, mirror: boolean, norm: Float32Array, out: Float32Array, offset: number): NativeJpegRefusal | undefined {
  const why = addon!.transform(bytes, Float64Array.of(box.left, box.top, box.width, box.height), size, mirror, norm, out, offset);
  if (why === undefined) return undefined;
  const colon = why.indexOf(':');
  return { kind: why.startsWith('unsupported') ? 'unsupported' : 'corrupt', reason: why.slice(colon + 1).trim() };
}
