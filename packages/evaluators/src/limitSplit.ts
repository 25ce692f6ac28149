import * as tf from '@tensorflow/tfjs';
import type { Batch, DataSplit } from '@reparam/core';

/**
 * The first `limit` examples of a split in the order its batches come: a fixed, cheaper validation
 * set, or — when the batches are shuffled by an `rng` — a fresh sample of `limit` training examples
 * per epoch (a fraction of an epoch per epoch).
 */
export function limitSplit(split: DataSplit, limit: number | undefined): DataSplit {
  if (limit === undefined || limit >= split.size) return split;
  return {
    size: limit,
    *batches(batchSize, options): Iterable<Batch> {
      let seen = 0;
      for (const batch of split.batches(batchSize, options)) {
        if (seen >= limit) {
          tf.dispose([batch.x, batch.y]);
          continue;
        }
        const n = batch.y.shape[0];
        seen += n;
        if (seen <= limit) {
          yield batch;
          continue;
        }
        const keep = n - (seen - limit);
        const cut = { x: batch.x.slice(0, keep), y: batch.y.slice(0, keep) };
        tf.dispose([batch.x, batch.y]);
        yield cut;
      }
    },
  };
}
