import * as tf from '@tensorflow/tfjs';
import type { Batch, Dataset, DataSplit } from '../src/index.js';
import { Rng } from '../src/index.js';

/** An in-memory split of small images whose class sets the brightness of one quadrant (learnable). */
function split(n: number, seed: number, size: number, classes: number): DataSplit {
  const rng = new Rng(seed);
  const labels = Int32Array.from({ length: n }, () => rng.int(classes));
  const images = new Float32Array(n * size * size);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < size * size; p++) {
      const quadrant = (Math.floor(p / size) < size / 2 ? 0 : 2) + (p % size < size / 2 ? 0 : 1);
      images[i * size * size + p] = rng.normal() * 0.3 + (quadrant === labels[i] % 4 ? 1 : 0);
    }
  }
  return {
    size: n,
    *batches(batchSize, options = {}): Generator<Batch> {
      const order = Array.from({ length: n }, (_, i) => i);
      if (options.rng) {
        for (let i = n - 1; i > 0; i--) {
          const j = options.rng.int(i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
      }
      const full = options.rng ? Math.floor(n / batchSize) * batchSize : n;
      for (let s = 0; s < full; s += batchSize) {
        const idx = order.slice(s, Math.min(s + batchSize, full));
        const x = new Float32Array(idx.length * size * size);
        idx.forEach((k, j) => x.set(images.subarray(k * size * size, (k + 1) * size * size), j * size * size));
        yield {
          x: tf.tensor4d(x, [idx.length, size, size, 1]),
          y: tf.tensor1d(Int32Array.from(idx.map((k) => labels[k])), 'int32'),
        };
      }
    },
  };
}

/** A tiny learnable dataset for trainer tests (8×8×1, 4 classes). */
export function syntheticDataset(seed = 0, trainSize = 96): Dataset {
  return {
    id: 'synthetic',
    inputShape: [8, 8, 1],
    classes: 4,
    train: split(trainSize, seed, 8, 4),
    validation: split(32, seed + 1, 8, 4),
    test: split(32, seed + 2, 8, 4),
  };
}
