import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import type { Batch, DataSplit, Rng } from '@reparam/core';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { expect } from 'vitest';
import type { ImageDataset } from '../src/index.js';

/** A fresh temporary directory and a function that removes it. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'reparam-data-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Pixel values of item `id` with label `label`: byte 0 holds `label · 10` and bytes 1–2 hold `id`
 * (little-endian), so that a batch shows which image and label travelled together; the rest is a
 * deterministic pattern so that the statistics are not trivial.
 */
export function encodedImage(id: number, label: number, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let p = 0; p < bytes; p++) out[p] = (id * 7 + p * 13 + ((p * p) % 31)) & 0xff;
  out[0] = label * 10;
  out[1] = id & 0xff;
  out[2] = id >> 8;
  return out;
}

/** The IDX bytes of an unsigned-byte array of `shape`. */
export function idxBytes(shape: readonly number[], data: Uint8Array, magicOverride?: number): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * shape.length));
  header.setUint32(0, magicOverride ?? (0x0800 | shape.length));
  shape.forEach((s, i) => header.setUint32(4 + 4 * i, s));
  const out = new Uint8Array(header.byteLength + data.length);
  out.set(new Uint8Array(header.buffer), 0);
  out.set(data, header.byteLength);
  return out;
}

/** Labels `i mod classes`, so that every class occurs. */
export const cyclicLabels = (n: number, classes: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i % classes);

/**
 * Writes the four standard IDX files to `dir` (gzipped when `gzip`), with `side`×`side` images whose
 * ids are `idBase + i` (see {@link encodedImage}).
 */
export function writeIdxDataset(dir: string, options: { train: number; test: number; side?: number; classes?: number; gzip?: boolean }): void {
  const side = options.side ?? 28;
  const classes = options.classes ?? 10;
  const write = (name: string, bytes: Uint8Array): void => {
    writeFileSync(join(dir, options.gzip ? `${name}.gz` : name), options.gzip ? gzipSync(bytes) : bytes);
  };
  const part = (prefix: string, n: number, idBase: number): void => {
    const labels = cyclicLabels(n, classes);
    const images = new Uint8Array(n * side * side);
    for (let i = 0; i < n; i++) images.set(encodedImage(idBase + i, labels[i], side * side), i * side * side);
    write(`${prefix}-images-idx3-ubyte`, idxBytes([n, side, side], images));
    write(`${prefix}-labels-idx1-ubyte`, idxBytes([n], labels));
  };
  mkdirSync(dir, { recursive: true });
  part('train', options.train, 0);
  part('t10k', options.test, 10_000);
}

/** CIFAR-10 binary records for `n` images with ids from `idBase` (encoded in the red plane). */
export function cifarBytes(n: number, idBase: number): Uint8Array {
  const out = new Uint8Array(n * 3073);
  for (let i = 0; i < n; i++) {
    const label = (idBase + i) % 10;
    out[i * 3073] = label;
    const hwc = encodedImage(idBase + i, label, 3072);
    // encodedImage is laid out HWC; the file wants channel planes.
    for (let p = 0; p < 1024; p++) for (let c = 0; c < 3; c++) out[i * 3073 + 1 + c * 1024 + p] = hwc[p * 3 + c];
  }
  return out;
}

/** An RGB(A) image file of `w`×`h` whose first pixels encode `id` and `label` (PNG lossless only). */
export function pngFile(w: number, h: number, id: number, label: number, grey = false): Buffer {
  const png = new PNG({ width: w, height: h });
  const rgb = encodedImage(id, label, w * h * 3);
  for (let p = 0; p < w * h; p++) {
    for (let c = 0; c < 3; c++) png.data[4 * p + c] = grey ? rgb[3 * p] : rgb[3 * p + c];
    png.data[4 * p + 3] = 255;
  }
  return PNG.sync.write(png);
}

/**
 * A JPEG of `w`×`h` in one flat colour (a grey `value` or an `[r, g, b]` triple): JPEG is lossy,
 * so only flat colours survive nearly exactly.
 */
export function jpegFile(w: number, h: number, value: number | readonly [number, number, number]): Buffer {
  const [r, g, b] = typeof value === 'number' ? [value, value, value] : value;
  const data = Buffer.alloc(w * h * 4);
  for (let p = 0; p < w * h; p++) data.set([r, g, b, 255], 4 * p);
  return jpeg.encode({ width: w, height: h, data }, 100).data;
}

/** Undoes the dataset's normalisation of batch `x` values back to bytes. */
export function toBytes(dataset: ImageDataset, x: Float32Array | Int32Array | Uint8Array): Uint8Array {
  const { mean, std } = dataset.normalisation;
  const c = mean.length;
  return Uint8Array.from(x, (v, i) => Math.round((v * std[i % c] + mean[i % c]) * 255));
}

/** Every batch's bytes and labels, disposing each batch as it comes. */
export function collect(
  dataset: ImageDataset,
  split: DataSplit,
  batchSize: number,
  options?: { rng?: Rng; augment?: boolean },
): { sizes: number[]; ids: number[]; labels: number[]; pixelLabels: number[]; images: Uint8Array[] } {
  const [h, w, c] = dataset.inputShape;
  const out = { sizes: [] as number[], ids: [] as number[], labels: [] as number[], pixelLabels: [] as number[], images: [] as Uint8Array[] };
  for (const batch of split.batches(batchSize, options) as Iterable<Batch>) {
    const n = batch.x.shape[0];
    expect(batch.x.shape).toEqual([n, h, w, c]);
    expect(batch.x.dtype).toBe('float32');
    expect(batch.y.shape).toEqual([n]);
    expect(batch.y.dtype).toBe('int32');
    const bytes = toBytes(dataset, batch.x.dataSync() as Float32Array);
    const labels = batch.y.dataSync();
    tf.dispose([batch.x, batch.y]);
    out.sizes.push(n);
    for (let j = 0; j < n; j++) {
      const image = bytes.subarray(j * h * w * c, (j + 1) * h * w * c);
      out.images.push(image);
      out.pixelLabels.push(image[0] / 10);
      out.ids.push(image[1] + 256 * image[2]);
      out.labels.push(labels[j]);
    }
  }
  return out;
}

/**
 * How `aug` derives from `orig` (both normalised `side`×`side`×`channels`): the (dy, dx) shift within
 * ±pad, with zeros shifted in, and whether it is mirrored (only tried when `flip`); undefined if none.
 */
export function shiftOf(
  aug: Float32Array,
  orig: Float32Array,
  side: number,
  channels: number,
  pad: number,
  flip: boolean,
): { dy: number; dx: number; mirror: boolean } | undefined {
  for (const mirror of flip ? [false, true] : [false]) {
    for (let dy = -pad; dy <= pad; dy++) {
      for (let dx = -pad; dx <= pad; dx++) {
        let same = true;
        for (let y = 0; y < side && same; y++) {
          for (let x = 0; x < side && same; x++) {
            const sy = y + dy;
            const sx = (mirror ? side - 1 - x : x) + dx;
            const inside = sy >= 0 && sy < side && sx >= 0 && sx < side;
            for (let c = 0; c < channels && same; c++) {
              same = aug[(y * side + x) * channels + c] === (inside ? orig[(sy * side + sx) * channels + c] : 0);
            }
          }
        }
        if (same) return { dy, dx, mirror };
      }
    }
  }
  return undefined;
}

/** True when {@link shiftOf} finds a shift (and mirror) that turns `orig` into `aug`. */
export function isShiftOf(aug: Float32Array, orig: Float32Array, side: number, channels: number, pad: number, flip: boolean): boolean {
  return shiftOf(aug, orig, side, channels, pad, flip) !== undefined;
}
