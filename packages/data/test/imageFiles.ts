import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

/** Encodings the streaming tests cover: JPEG RGB/grey/CMYK, PNG RGB/RGBA/grey/palette/16-bit. */
export type ImageMode = 'jpeg' | 'jpeg-grey' | 'jpeg-cmyk' | 'png' | 'png-rgba' | 'png-grey' | 'png-palette' | 'png-16';

/** The extension a file of `mode` gets. */
export const extensionOf = (mode: ImageMode): string => (mode.startsWith('jpeg') ? '.jpg' : '.png');

/** A `width`×`height` image filled with `rgb` plus a gradient of `amplitude`, encoded as `mode`. */
export async function imageFile(width: number, height: number, rgb: readonly [number, number, number], mode: ImageMode, amplitude = 60): Promise<Buffer> {
  const channels = mode === 'png-rgba' ? 4 : 3;
  const px = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * channels;
      const g = amplitude === 0 ? 0 : Math.round((amplitude * (x + y)) / (width + height)) - amplitude / 2;
      for (let c = 0; c < 3; c++) px[o + c] = Math.max(0, Math.min(255, rgb[c] + g));
      if (channels === 4) px[o + 3] = 200;
    }
  }
  let image = sharp(px, { raw: { width, height, channels } });
  if (mode === 'jpeg-grey' || mode === 'png-grey') image = image.toColourspace('b-w');
  if (mode === 'jpeg-cmyk') image = image.toColourspace('cmyk');
  if (mode === 'png-16') image = image.toColourspace('rgb16');
  if (mode.startsWith('jpeg')) return image.jpeg({ quality: 90 }).toBuffer();
  return image.png({ palette: mode === 'png-palette' }).toBuffer();
}

/** Writes `root/<class>/<i><ext>` for each `[class, image bytes, mode]`; returns the paths. */
export function writeImages(root: string, images: readonly (readonly [string, Buffer, ImageMode])[]): string[] {
  return images.map(([cls, bytes, mode], i) => {
    mkdirSync(join(root, cls), { recursive: true });
    const file = join(root, cls, `${String(i).padStart(4, '0')}${extensionOf(mode)}`);
    writeFileSync(file, bytes);
    return file;
  });
}
