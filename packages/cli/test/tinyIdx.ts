import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function idx(magic: number, dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data)]);
}

/**
 * Writes a tiny learnable IDX dataset (8×8 grey images, 4 classes: the class lights one quadrant)
 * with `train` training and `test` test images into `dir`.
 */
export function writeTinyIdx(dir: string, train = 96, test = 32, size = 8): string {
  mkdirSync(dir, { recursive: true });
  let state = 12345;
  const rand = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const make = (n: number) => {
    const labels = new Uint8Array(n);
    const images = new Uint8Array(n * size * size);
    for (let i = 0; i < n; i++) {
      labels[i] = i % 4;
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++) {
          const q = (y < size / 2 ? 0 : 2) + (x < size / 2 ? 0 : 1);
          images[i * size * size + y * size + x] = Math.min(255, Math.floor(rand() * 60 + (q === labels[i] ? 180 : 0)));
        }
    }
    return { labels, images };
  };
  const a = make(train);
  const b = make(test);
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), idx(0x803, [train, size, size], a.images));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idx(0x801, [train], a.labels));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), idx(0x803, [test, size, size], b.images));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idx(0x801, [test], b.labels));
  return dir;
}
