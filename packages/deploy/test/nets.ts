import {
  type Backbone,
  createContainer,
  type NetworkGraph,
  presetGenome,
  randomizeParameters,
  Registry,
  registerBuiltInAggregations,
  Rng,
  slotInfos,
  useBackend,
} from '@reparam/core';
import { type NetworkLayout, planNetwork, planSlots, register as registerBackbones, ResNet } from '@reparam/backbones';
import { register as registerOps } from '@reparam/ops';
import * as tf from '@tensorflow/tfjs';

/** The registry with core's aggregation modes, the catalogue ops and the backbones. */
export function makeRegistry(): Registry {
  const c = createContainer();
  registerBuiltInAggregations(c);
  registerOps(c);
  registerBackbones(c);
  return new Registry(c);
}

/** Tests run on the native backend when it loaded, else on cpu (import '@reparam/backend-native' first). */
export async function bestBackend(): Promise<string> {
  try {
    await import('@reparam/backend-native');
  } catch {
    // Not built here: the cpu backend does the job, slowly.
  }
  return useBackend(tf.findBackendFactory('native') ? 'native' : 'cpu');
}

/** Tiny layouts that between them use every node kind: identity and projection shortcuts, bottlenecks, plain layers, the max-pool stem. */
export const TINY_LAYOUTS: Record<string, NetworkLayout> = {
  basic: { stem: 'small', block: 'basic', stemWidth: 4, stages: [{ blocks: 1, width: 4, stride: 1 }, { blocks: 1, width: 6, stride: 2 }] },
  bottleneck: { stem: 'imagenet', block: 'bottleneck', stemWidth: 8, stages: [{ blocks: 1, width: 2, stride: 1 }, { blocks: 1, width: 3, stride: 2 }] },
  plain: { stem: 'small', block: 'plain', stemWidth: 4, stages: [{ blocks: 2, width: 4, stride: 1 }, { blocks: 1, width: 6, stride: 2 }] },
};

/** A tiny ResNet with every applicable op of the catalogue in every slot, on random weights and BN statistics. */
export function tinyNet(
  registry: Registry,
  layout: NetworkLayout,
  options: { aggregation?: string; preset?: string; inputShape?: [number, number, number]; seed?: number } = {},
): Backbone {
  const inputShape = options.inputShape ?? [11, 10, 2];
  const slots = slotInfos(planSlots(planNetwork(layout, inputShape[2])), registry);
  const genome = presetGenome(registry.get('preset', options.preset ?? 'full'), slots);
  const net = new ResNet(layout, { inputShape, classes: 3, genome, seed: options.seed ?? 1, ops: registry, aggregation: registry.aggregation(options.aggregation ?? 'sum') });
  randomizeParameters(net.parameters(), new Rng(options.seed ?? 1));
  return net;
}

/** Random NHWC images. */
export function randomImages(n: number, shape: readonly [number, number, number], seed = 7): tf.Tensor4D {
  return tf.tensor4d(new Rng(seed).normalArray(n * shape[0] * shape[1] * shape[2]), [n, ...shape]);
}

/** The node kinds of a graph, counted. */
export function opCounts(graph: NetworkGraph): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const n of graph.nodes) counts[n.op] = (counts[n.op] ?? 0) + 1;
  return counts;
}
