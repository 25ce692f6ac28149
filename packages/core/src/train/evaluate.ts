import * as tf from '@tensorflow/tfjs';
import type { Backbone } from '../interfaces/Backbone.js';
import type { DataSplit } from '../interfaces/Dataset.js';
import { countCorrect, crossEntropy } from './crossEntropy.js';

/** Accuracy and mean loss of a network on a split. */
export interface Evaluation {
  readonly accuracy: number;
  readonly loss: number;
  readonly count: number;
}

/** Evaluates `net` in eval mode on every example of `split`, in order. */
export function evaluate(net: Backbone, split: DataSplit, batchSize = 256): Evaluation {
  let correct = 0;
  let lossSum = 0;
  let count = 0;
  for (const batch of split.batches(batchSize)) {
    const n = batch.y.shape[0];
    tf.tidy(() => {
      const logits = net.forward(batch.x, false);
      correct += countCorrect(logits, batch.y);
      lossSum += crossEntropy(logits, batch.y).dataSync()[0] * n;
    });
    count += n;
    tf.dispose([batch.x, batch.y]);
  }
  return { accuracy: count ? correct / count : 0, loss: count ? lossSum / count : 0, count };
}
