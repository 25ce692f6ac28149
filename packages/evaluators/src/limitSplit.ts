import * as tf from '@tensorflow/tfjs';
import type { Batch, DataSplit } from '@reparam/core';

/** The first `limit` examples of a split, in order (a cheaper, still fixed, validation set). */
export function limitSplit(split: DataSplit, limit: number | undefined): DataSplit {
  if (limit === undefined || limit >= split.size) return split;
  return {
    size: limit,
    *batches(batchSize: number): Iterable<Batch> {
      let seen = 0;
      for (const batch of split.batches(batchSize)) {
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
