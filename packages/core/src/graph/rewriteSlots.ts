import { GraphBuilder } from './GraphBuilder.js';
import type { GraphNode, NetworkGraph, SlotNode } from './NetworkGraph.js';
import { nodeInputs } from './NetworkGraph.js';

/**
 * Copies `graph`, replacing every `slot` node by the nodes `replace` adds to the builder (reading
 * the slot's input); later nodes read the replacement's output instead of the slot.
 */
export function rewriteSlots(graph: NetworkGraph, replace: (g: GraphBuilder, slot: SlotNode, input: string) => string): NetworkGraph {
  const g = new GraphBuilder({ nodes: [] });
  const renamed = new Map<string, string>();
  const at = (id: string) => renamed.get(id) ?? id;
  for (const node of graph.nodes) {
    if (node.op === 'slot') {
      renamed.set(node.id, replace(g, node, at(node.input)));
      continue;
    }
    const copy: GraphNode =
      node.op === 'add' ? { ...node, inputs: node.inputs.map(at) } : node.op === 'input' ? node : { ...node, input: at(nodeInputs(node)[0]) };
    g.push(copy);
  }
  return g.build(at(graph.output));
}
