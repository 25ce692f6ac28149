import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { hasNativeJpeg, nativeJpegInput } from '../src/stream/nativeJpeg.js';
import { imageFile } from './imageFiles.js';

const NORM = Float32Array.from([0.5, 0.5, 0.5, 0.25, 0.25, 0.25]);

/** sharp's decode of `bytes` (RGB bytes), the reference the addon is checked against. */
async function decoded(bytes: Buffer): Promise<{ data: Buffer; width: number }> {
  const { data, info } = await sharp(bytes).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width };
}

describe('the libjpeg-turbo addon', () => {
  // setup.sh installs libjpeg62-turbo-dev, so the addon builds at install; a failed build fails here.
  it('is built', () => {
    expect(hasNativeJpeg).toBe(true);
  });

  it('crops without resampling exactly where the box says, mirrored on request, normalised', async () => {
    const bytes = await imageFile(40, 30, [200, 100, 50], 'jpeg');
    const { data, width } = await decoded(bytes);
    const out = new Float32Array(2 + 8 * 8 * 3);
    // An 8×8 box at (5, 7) to 8×8: scale 1, so each output pixel is one source pixel (weights 1).
    expect(nativeJpegInput(bytes, { left: 5, top: 7, width: 8, height: 8 }, 8, false, NORM, out, 2)).toBeUndefined();
    const mirrored = new Float32Array(8 * 8 * 3);
    expect(nativeJpegInput(bytes, { left: 5, top: 7, width: 8, height: 8 }, 8, true, NORM, mirrored, 0)).toBeUndefined();
    let worst = 0;
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        for (let c = 0; c < 3; c++) {
          // (v / 255 − 0.5) / 0.25, v from sharp's decode (both libjpeg-turbo; their IDCTs may differ by a level).
          const want = (data[((7 + y) * width + 5 + x) * 3 + c] / 255 - 0.5) / 0.25;
          worst = Math.max(worst, Math.abs(out[2 + (y * 8 + x) * 3 + c] - want));
          expect(mirrored[(y * 8 + 7 - x) * 3 + c]).toBe(out[2 + (y * 8 + x) * 3 + c]);
        }
      }
    }
    expect(worst).toBeLessThan((2 / 255) * 4);
    expect(out[0]).toBe(0); // nothing written before the offset
  });

  it('shrinks like an area average: a 2× smaller output is close to the mean of each 2×2 block', async () => {
    const bytes = await imageFile(64, 48, [120, 140, 160], 'jpeg', 120);
    const { data, width } = await decoded(bytes);
    const out = new Float32Array(16 * 16 * 3);
    expect(nativeJpegInput(bytes, { left: 8, top: 8, width: 32, height: 32 }, 16, false, NORM, out, 0)).toBeUndefined();
    let worst = 0;
    for (let y = 0; y < 16; y++) {
      for (let x = 0; x < 16; x++) {
        const c = 1;
        let sum = 0;
        for (const [dx, dy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) sum += data[((8 + 2 * y + dy) * width + 8 + 2 * x + dx) * 3 + c];
        worst = Math.max(worst, Math.abs(out[(y * 16 + x) * 3 + c] - (sum / 4 / 255 - 0.5) / 0.25));
      }
    }
    // A triangle filter of radius 2 also weighs the neighbouring blocks: on a smooth gradient, within a few levels.
    expect(worst).toBeLessThan((6 / 255) * 4);
  });

  it('leaves CMYK to sharp and names a corrupt file', async () => {
    const out = new Float32Array(8 * 8 * 3);
    const cmyk = await imageFile(16, 16, [10, 20, 30], 'jpeg-cmyk');
    expect(nativeJpegInput(cmyk, { left: 0, top: 0, width: 16, height: 16 }, 8, false, NORM, out, 0)).toEqual({ kind: 'unsupported', reason: 'CMYK' });
    const good = await imageFile(64, 64, [10, 20, 30], 'jpeg');
    const truncated = good.subarray(0, Math.floor(good.length * 0.6));
    const refused = nativeJpegInput(truncated, { left: 0, top: 0, width: 64, height: 64 }, 8, false, NORM, out, 0);
    expect(refused?.kind).toBe('corrupt');
    expect(refused?.reason).toMatch(/\S/);
    expect(refused?.reason).not.toMatch(/\n/);
  });
});
