import type { GraphNode, NetworkGraph } from './NetworkGraph.js';
import { inferShapes } from './inferShapes.js';

/** The weights of a node that count as parameters (PyTorch's count: BN running statistics excluded). */
function parameterSizes(node: GraphNode): number {
  switch (node.op) {
    case 'conv':
      return node.kernel.values.length + (node.bias?.values.length ?? 0);
    case 'dense':
      return node.kernel.values.length + node.bias.values.length;
    case 'batchNorm':
      return node.gamma.values.length + node.beta.values.length;
    case 'scale':
      return node.scale.values.length;
    default:
      // Pad values are derived from BN statistics; slots are not expanded.
      return 0;
  }
}

/** Number of learned values in a graph (conv and dense weights and biases, BN γ and β, scales). */
export function countGraphParameters(graph: NetworkGraph): number {
  return graph.nodes.reduce((n, node) => n + parameterSizes(node), 0);
}

/**
 * FLOPs of one image through the graph: 2 × multiply-accumulates of convolutions and dense layers,
 * the convention of {@link measureForwardFlops}. Graphs with unexpanded slots are refused.
 */
export function graphFlops(graph: NetworkGraph): number {
  const shapes = inferShapes(graph);
  let macs = 0;
  for (const node of graph.nodes) {
    if (node.op === 'slot') throw new Error(`graphFlops: slot '${node.name}' is not expanded (reparameterize or multiBranchGraph first)`);
    const out = shapes.get(node.id)!;
    if (node.op === 'conv') {
      const [kh, kw, cinG] = node.kernel.shape;
      macs += out[0] * out[1] * out[2] * kh * kw * cinG;
    } else if (node.op === 'dense') {
      macs += node.kernel.values.length;
    }
  }
  return 2 * macs;
}
