import type { BatchNormStats } from '../nn/BatchNorm.js';
import type { GraphNode, NetworkGraph } from './NetworkGraph.js';
import { nodeInputs } from './NetworkGraph.js';
import { graphTensor } from './graphTensor.js';

/** A {@link GraphNode} before the builder gives it an id. */
export type NewGraphNode = GraphNode extends infer N ? (N extends GraphNode ? Omit<N, 'id'> : never) : never;

/**
 * Builds a {@link NetworkGraph} node by node, in forward order. Modules describe themselves through
 * it (`describe(g, input) → output id`); ids come from the modules' parameter names, made unique.
 */
export class GraphBuilder {
  private readonly nodes: GraphNode[] = [];
  private readonly ids = new Set<string>();

  /** Starts a graph with its input node (id `input`), or continues from existing nodes. */
  constructor(start: { readonly inputShape: readonly [number, number, number] } | { readonly nodes: readonly GraphNode[] }) {
    if ('inputShape' in start) this.push({ op: 'input', id: 'input', shape: [...start.inputShape] as [number, number, number] });
    else for (const n of start.nodes) this.push(n);
  }

  /** Id of the input node. */
  get input(): string {
    return this.nodes[0].id;
  }

  /** Adds a node named after `name` (suffixed `#2`, `#3`, … if taken) and returns its id. */
  add(node: NewGraphNode, name: string): string {
    let id = name;
    for (let i = 2; this.ids.has(id); i++) id = `${name}#${i}`;
    this.push({ ...node, id } as GraphNode);
    return id;
  }

  /** Adds a node with its id kept as it is (the id must be new). */
  push(node: GraphNode): string {
    if (this.ids.has(node.id)) throw new Error(`graph node id '${node.id}' is used twice`);
    for (const i of nodeInputs(node)) if (!this.ids.has(i)) throw new Error(`graph node '${node.id}' reads '${i}', which comes later or does not exist`);
    this.ids.add(node.id);
    this.nodes.push(node);
    return node.id;
  }

  /** An eval-mode batch norm node reading `input`, with a copy of the statistics. */
  batchNorm(input: string, stats: BatchNormStats, name: string): string {
    return this.add(
      {
        op: 'batchNorm',
        input,
        gamma: graphTensor(stats.gamma),
        beta: graphTensor(stats.beta),
        mean: graphTensor(stats.mean),
        variance: graphTensor(stats.variance),
        eps: stats.eps,
      },
      name,
    );
  }

  /** The finished graph with `output` as its output. */
  build(output: string): NetworkGraph {
    if (!this.ids.has(output)) throw new Error(`graph output '${output}' is not a node`);
    return { nodes: [...this.nodes], output };
  }
}
