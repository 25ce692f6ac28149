import { type Backbone, type Dataset, hasCheckpoint, loadCheckpoint, type Registry, ReparamError } from '@reparam/core';
import { buildNetwork } from '../experiment.js';
import type { TrainRun } from './readRun.js';

/**
 * Rebuilds a train run's network from its config.json and loads the weights of its last
 * checkpoint (the optimizer's state in the checkpoint is left out). The caller disposes it.
 */
export function loadTrainedNetwork(registry: Registry, run: TrainRun, data: Dataset): Backbone {
  if (!hasCheckpoint(run.dir)) throw new ReparamError(`${run.dir} has no checkpoint yet (no epoch has finished)`);
  const net = buildNetwork(registry, run.config, data, run.config.genome);
  try {
    loadCheckpoint(run.dir, net.parameters());
  } catch (err) {
    net.dispose();
    throw err;
  }
  return net;
}
