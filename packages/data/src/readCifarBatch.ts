import { readFile } from 'node:fs/promises';
import { ReparamError } from '@reparam/core';
import type { ImageSet } from './ImageSet.js';

/** CIFAR-10 images are 32×32 RGB. */
export const CIFAR_SIDE = 32;
/** One record: a label byte, then 1024 red, 1024 green and 1024 blue bytes, rows top to bottom. */
export const CIFAR_RECORD_BYTES = 1 + 3 * CIFAR_SIDE * CIFAR_SIDE;

/**
 * Parses CIFAR-10 binary records (see {@link CIFAR_RECORD_BYTES}) into NHWC bytes: the file stores
 * each image channel after channel, while batches are built channel-last.
 *
 * @param source the file name, for error messages.
 */
export function parseCifarBatch(bytes: Uint8Array, source: string): ImageSet {
  if (bytes.length === 0 || bytes.length % CIFAR_RECORD_BYTES !== 0) {
    throw new ReparamError(
      `${source} has ${bytes.length} bytes, which is not a positive multiple of the ${CIFAR_RECORD_BYTES}-byte CIFAR-10 record`,
    );
  }
  const count = bytes.length / CIFAR_RECORD_BYTES;
  const plane = CIFAR_SIDE * CIFAR_SIDE;
  const pixels = new Uint8Array(count * 3 * plane);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const record = i * CIFAR_RECORD_BYTES;
    labels[i] = bytes[record];
    if (labels[i] >= 10) throw new ReparamError(`${source}: record ${i} has label ${labels[i]}, outside CIFAR-10's 0–9`);
    const out = i * 3 * plane;
    for (let p = 0; p < plane; p++) {
      pixels[out + 3 * p] = bytes[record + 1 + p];
      pixels[out + 3 * p + 1] = bytes[record + 1 + plane + p];
      pixels[out + 3 * p + 2] = bytes[record + 1 + 2 * plane + p];
    }
  }
  return { pixels, labels, count, height: CIFAR_SIDE, width: CIFAR_SIDE, channels: 3 };
}

/** Reads one CIFAR-10 binary batch file (see {@link parseCifarBatch}). */
export async function readCifarBatch(file: string): Promise<ImageSet> {
  const bytes = await readFile(file).catch((err: unknown) => {
    throw new ReparamError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  });
  return parseCifarBatch(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), file);
}
