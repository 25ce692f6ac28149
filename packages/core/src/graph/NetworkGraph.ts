import type { Padding } from '../nn/Padding.js';
import type { SlotSpec } from '../slot/SlotSpec.js';

/**
 * A weight of a graph node as plain float32 values (row-major) and a shape. Graphs hold copies,
 * not tfjs tensors, so they need no disposing and can be serialised or exported anywhere.
 */
export interface GraphTensor {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** The network input: one NHWC image of `[height, width, channels]` per batch entry. */
export interface InputNode {
  readonly op: 'input';
  readonly id: string;
  readonly shape: readonly [number, number, number];
}

/**
 * A convolution with explicit padding (PyTorch geometry: `[top, bottom, left, right]`, zeros),
 * square stride and groups. `kernel` is in grouped form `[kh, kw, cin / groups, cout]`; `bias` is
 * optional (`[cout]`).
 */
export interface ConvNode {
  readonly op: 'conv';
  readonly id: string;
  readonly input: string;
  readonly kernel: GraphTensor;
  readonly bias?: GraphTensor;
  readonly stride: number;
  readonly padding: Padding;
  readonly groups: number;
}

/** Eval-mode batch norm with running statistics: (x − mean) / sqrt(variance + eps) · gamma + beta. */
export interface BatchNormNode {
  readonly op: 'batchNorm';
  readonly id: string;
  readonly input: string;
  readonly gamma: GraphTensor;
  readonly beta: GraphTensor;
  readonly mean: GraphTensor;
  readonly variance: GraphTensor;
  readonly eps: number;
}

/** x times a per-channel scale (the `scaled` aggregation). */
export interface ScaleNode {
  readonly op: 'scale';
  readonly id: string;
  readonly input: string;
  readonly scale: GraphTensor;
}

/** Explicit padding with a per-channel value (pad-aware BN), or zeros when `value` is absent. */
export interface PadNode {
  readonly op: 'pad';
  readonly id: string;
  readonly input: string;
  readonly padding: Padding;
  readonly value?: GraphTensor;
}

/** k×k average pooling; the zero padding counts in the mean (PyTorch `count_include_pad=True`). */
export interface AvgPoolNode {
  readonly op: 'avgPool';
  readonly id: string;
  readonly input: string;
  readonly k: number;
  readonly stride: number;
  readonly padding: Padding;
}

/** k×k max pooling; padding never wins the max. */
export interface MaxPoolNode {
  readonly op: 'maxPool';
  readonly id: string;
  readonly input: string;
  readonly k: number;
  readonly stride: number;
  readonly padding: Padding;
}

/** max(x, 0). */
export interface ReluNode {
  readonly op: 'relu';
  readonly id: string;
  readonly input: string;
}

/** Elementwise sum of two or more maps of the same shape. */
export interface AddNode {
  readonly op: 'add';
  readonly id: string;
  readonly inputs: readonly string[];
}

/** Mean over height and width: `[n, h, w, c]` → `[n, c]`. */
export interface GlobalAvgPoolNode {
  readonly op: 'globalAvgPool';
  readonly id: string;
  readonly input: string;
}

/** `[n, in]` → `[n, out]`: x · kernel (`[in, out]`) + bias (`[out]`). */
export interface DenseNode {
  readonly op: 'dense';
  readonly id: string;
  readonly input: string;
  readonly kernel: GraphTensor;
  readonly bias: GraphTensor;
}

/**
 * A backbone's RepSlot, by name: {@link reparameterize} replaces it with its fused convolution,
 * {@link multiBranchGraph} with its branches.
 */
export interface SlotNode {
  readonly op: 'slot';
  readonly id: string;
  readonly input: string;
  readonly name: string;
  readonly spec: SlotSpec;
}

/** One node of a {@link NetworkGraph}. */
export type GraphNode =
  | InputNode
  | ConvNode
  | BatchNormNode
  | ScaleNode
  | PadNode
  | AvgPoolNode
  | MaxPoolNode
  | ReluNode
  | AddNode
  | GlobalAvgPoolNode
  | DenseNode
  | SlotNode;

/** The kinds of {@link GraphNode}. */
export type GraphOp = GraphNode['op'];

/**
 * A feed-forward network as data: nodes in topological order (each reads only nodes before it), one
 * `input` node first, one output. Tensors are NHWC; the output is `[n, classes]` logits. This is the
 * small IR that deploy works on: a backbone describes itself as one (with `slot` nodes), fusion
 * rewrites it, runners execute it and exporters translate it (tfjs Layers, ONNX).
 */
export interface NetworkGraph {
  readonly nodes: readonly GraphNode[];
  /** Id of the node whose value is the network's output. */
  readonly output: string;
}

/** The ids a node reads. */
export function nodeInputs(node: GraphNode): readonly string[] {
  switch (node.op) {
    case 'input':
      return [];
    case 'add':
      return node.inputs;
    default:
      return [node.input];
  }
}

/** The graph's input node (the first node). */
export function graphInput(graph: NetworkGraph): InputNode {
  const first = graph.nodes[0];
  if (first?.op !== 'input') throw new Error('a network graph starts with its input node');
  return first;
}
