import { ReparamError } from '@reparam/core';
import { readMaybeGzipped } from './files.js';

/** An IDX array of unsigned bytes: its dimensions and its values in row-major order. */
export interface IdxArray {
  readonly shape: readonly number[];
  readonly data: Uint8Array;
}

const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'short',
  0x0c: 'int',
  0x0d: 'float',
  0x0e: 'double',
};

const hex = (v: number): string => `0x${(v >>> 0).toString(16).padStart(8, '0')}`;

/**
 * Parses IDX bytes (the MNIST file format: a big-endian magic number `0x0000TTDD` with data type TT
 * and DD dimensions, DD big-endian sizes, then the values). Only unsigned bytes (TT = 0x08) are
 * supported, which is what image and label files use. With `dims`, the magic number must announce
 * that many dimensions, so that swapping an images file and a labels file is caught.
 *
 * @param source the file name, for error messages.
 */
export function parseIdx(bytes: Uint8Array, source: string, dims?: number): IdxArray {
  if (bytes.length < 4) throw new ReparamError(`${source} is too short to be an IDX file (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  const type = bytes[2];
  const ndims = bytes[3];
  const expected = dims === undefined ? undefined : (0x0800 | dims) >>> 0;
  if (bytes[0] !== 0 || bytes[1] !== 0 || ndims === 0) {
    const want = expected === undefined ? '' : ` (expected ${hex(expected)})`;
    throw new ReparamError(`${source} has a wrong IDX magic number ${hex(magic)}${want}`);
  }
  if (type !== 0x08) {
    throw new ReparamError(
      `${source} holds IDX ${TYPE_NAMES[type] ?? `type 0x${type.toString(16)}`} values; only unsigned bytes (0x08) are supported`,
    );
  }
  if (expected !== undefined && magic !== expected) {
    throw new ReparamError(`${source} has a wrong IDX magic number ${hex(magic)} (expected ${hex(expected)}: ${dims}-dimensional unsigned bytes)`);
  }
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) throw new ReparamError(`${source} is truncated inside its IDX header`);
  const shape: number[] = [];
  for (let d = 0; d < ndims; d++) shape.push(view.getUint32(4 + 4 * d));
  const count = shape.reduce((a, b) => a * b, 1);
  const available = bytes.length - headerBytes;
  if (available < count) {
    throw new ReparamError(
      `${source} is truncated: its header says ${shape.join('×')} (${count} bytes of data) but only ${available} bytes follow`,
    );
  }
  if (available > count) {
    // Trailing bytes mean the header and the data disagree, so neither can be trusted.
    throw new ReparamError(`${source} has ${available - count} bytes more than its header (${shape.join('×')}) says`);
  }
  return { shape, data: bytes.subarray(headerBytes, headerBytes + count) };
}

/**
 * Reads an IDX file, gzipped or not (see {@link parseIdx}).
 *
 * @param dims the number of dimensions the file must have (3 for images, 1 for labels), if known.
 */
export async function readIdx(file: string, dims?: number): Promise<IdxArray> {
  return parseIdx(await readMaybeGzipped(file), file, dims);
}
