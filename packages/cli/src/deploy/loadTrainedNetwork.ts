import { type Backbone, type Batch, type Dataset, loadCheckpoint, type Registry } from '@reparam/core';
import * as tf from '@tensorflow/tfjs';
import { buildNetwork, loadDataset } from '../experiment.js';
import type { TrainedRun } from './openTrainedRun.js';

/** A run's network rebuilt from config.json with the checkpoint's weights, and its dataset. */
export interface TrainedNetwork {
  readonly net: Backbone;
  readonly dataset: Dataset;
}

/**
 * Rebuilds the trained network of a run exactly as `reparam train` built it (backbone, width,
 * genome, aggregation from config.json) and loads the checkpoint's weights and BN statistics. A
 * checkpoint that does not fit is a ReparamError; the network is then disposed.
 */
export async function loadTrainedNetwork(registry: Registry, run: TrainedRun): Promise<TrainedNetwork> {
  const c = run.config;
  const dataset = await loadDataset(registry, c.dataset, { seed: c.seed, limit: c.limit, validationFraction: c.validationFraction });
  const net = buildNetwork(registry, c, dataset, c.genome);
  try {
    loadCheckpoint(run.trainDir, net.parameters());
  } catch (err) {
    net.dispose();
    throw err;
  }
  return { net, dataset };
}

/** Up to `n` real images to check fused outputs on: the validation split, or the test split when there is none. */
export function checkBatch(dataset: Dataset, n = 64): { images: tf.Tensor4D; split: 'validation' | 'test' } {
  const split = dataset.validation.size > 0 ? 'validation' : 'test';
  const source = dataset[split];
  for (const batch of source.batches(n) as Iterable<Batch>) {
    batch.y.dispose();
    return { images: batch.x, split };
  }
  throw new Error('the dataset has no validation or test images to check the fused network on');
}
