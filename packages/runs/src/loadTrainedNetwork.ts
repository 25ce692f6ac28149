import { type Backbone, type Batch, type Dataset, hasCheckpoint, loadCheckpoint, type Registry, ReparamError } from '@reparam/core';
import type * as tf from '@tensorflow/tfjs';
import { buildNetwork, loadDataset } from './experiment.js';
import type { TrainRunConfig } from './trainConfig.js';

/** A run's network rebuilt from config.json with the checkpoint's weights, and its dataset. */
export interface TrainedNetwork {
  readonly net: Backbone;
  readonly dataset: Dataset;
}

/**
 * Rebuilds the trained network of a train run exactly as `reparam train` built it (backbone, width,
 * genome, aggregation from config.json) and loads its checkpoint's weights and BN statistics (the
 * optimizer's state is left out). The dataset is loaded as the run loaded it unless given. A run
 * without a checkpoint, or a checkpoint that does not fit, is a ReparamError; the caller disposes
 * the network.
 */
export async function loadTrainedNetwork(
  registry: Registry,
  run: { readonly trainDir: string; readonly config: TrainRunConfig },
  dataset?: Dataset,
): Promise<TrainedNetwork> {
  const c = run.config;
  if (!hasCheckpoint(run.trainDir)) throw new ReparamError(`${run.trainDir} has no checkpoint yet (no epoch has finished)`);
  const data = dataset ?? (await loadDataset(registry, c.dataset, c));
  const net = buildNetwork(registry, c, data, c.genome);
  try {
    loadCheckpoint(run.trainDir, net.parameters());
  } catch (err) {
    net.dispose();
    throw err;
  }
  return { net, dataset: data };
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
