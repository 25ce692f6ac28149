import * as tf from '@tensorflow/tfjs';
import { fuseConvBn } from '../fusion/fuseConvBn.js';
import type { BatchNormNode, ConvNode, GraphNode, NetworkGraph } from './NetworkGraph.js';
import { nodeInputs } from './NetworkGraph.js';
import { graphTensor, tensorOf } from './graphTensor.js';

/** conv (+ bias) → BN as one conv with bias (kernel·γ/σ, β + (b − μ)γ/σ); the result takes the BN's id. */
function fold(conv: ConvNode, bn: BatchNormNode): ConvNode {
  // tf.tidy only returns tensors, so scope the tensors by hand.
  const scope: tf.Tensor[] = [];
  const t = <T extends tf.Tensor>(x: T): T => {
    scope.push(x);
    return x;
  };
  try {
    const stats = {
      gamma: t(tensorOf(bn.gamma) as tf.Tensor1D),
      beta: t(tensorOf(bn.beta) as tf.Tensor1D),
      mean: t(tensorOf(bn.mean) as tf.Tensor1D),
      variance: t(tensorOf(bn.variance) as tf.Tensor1D),
      eps: bn.eps,
    };
    const f = fuseConvBn(t(tensorOf(conv.kernel) as tf.Tensor4D), stats, conv.bias ? t(tensorOf(conv.bias) as tf.Tensor1D) : undefined);
    t(f.kernel);
    t(f.bias);
    return { ...conv, id: bn.id, kernel: graphTensor(f.kernel), bias: graphTensor(f.bias) };
  } finally {
    tf.dispose(scope);
  }
}

/**
 * Folds every batch norm that directly follows a convolution read by nothing else into that
 * convolution (the DBB conv+BN transform, e.g. a ResNet shortcut's 1×1 conv → BN). Other BNs stay.
 */
export function foldBatchNorms(graph: NetworkGraph): NetworkGraph {
  const readers = new Map<string, number>();
  for (const n of graph.nodes) for (const i of nodeInputs(n)) readers.set(i, (readers.get(i) ?? 0) + 1);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const folded = new Map<string, ConvNode>();
  const absorbed = new Set<string>();
  for (const n of graph.nodes) {
    if (n.op !== 'batchNorm') continue;
    const conv = byId.get(n.input);
    if (conv?.op !== 'conv' || readers.get(conv.id) !== 1 || conv.id === graph.output) continue;
    folded.set(n.id, fold(conv, n));
    absorbed.add(conv.id);
  }
  const nodes: GraphNode[] = [];
  for (const n of graph.nodes) {
    if (absorbed.has(n.id)) continue;
    nodes.push(folded.get(n.id) ?? n);
  }
  return { nodes, output: graph.output };
}
