import { ReparamError } from '../errors.js';
import type { Padding } from '../nn/Padding.js';
import type { GraphNode, NetworkGraph } from './NetworkGraph.js';

/** Shape of one node's value without the batch axis: `[h, w, c]` for maps, `[c]` after pooling. */
export type NodeShape = readonly number[];

const pooled = (n: number, k: number, stride: number, before: number, after: number) => Math.floor((n + before + after - k) / stride) + 1;

function spatial(shape: NodeShape, kh: number, kw: number, stride: number, p: Padding): [number, number] {
  return [pooled(shape[0], kh, stride, p[0], p[1]), pooled(shape[1], kw, stride, p[2], p[3])];
}

/**
 * The shape of every node of `graph` (per image), checking that each node fits what it reads:
 * channels of kernels and per-channel weights, equal shapes into `add`, maps into convs and pools.
 * A mismatch is a {@link ReparamError} naming the node.
 */
export function inferShapes(graph: NetworkGraph): Map<string, NodeShape> {
  const shapes = new Map<string, NodeShape>();
  const fail = (node: GraphNode, what: string): never => {
    throw new ReparamError(`graph node '${node.id}' (${node.op}): ${what}`);
  };
  const read = (node: GraphNode, id: string): NodeShape => {
    const s = shapes.get(id);
    if (!s) return fail(node, `reads '${id}', which is not an earlier node`);
    return s;
  };
  const map = (node: GraphNode, id: string): NodeShape => {
    const s = read(node, id);
    if (s.length !== 3) fail(node, `needs a feature map, got shape [${s}]`);
    return s;
  };
  const perChannel = (node: GraphNode, what: string, size: number | undefined, c: number) => {
    if (size !== undefined && size !== c) fail(node, `${what} has ${size} channels but the input has ${c}`);
  };
  for (const node of graph.nodes) {
    if (shapes.has(node.id)) fail(node, 'id is used twice');
    let out: NodeShape;
    switch (node.op) {
      case 'input':
        out = node.shape;
        break;
      case 'conv': {
        const s = map(node, node.input);
        const [kh, kw, cinG, cout] = node.kernel.shape;
        if (node.kernel.shape.length !== 4) fail(node, 'kernel must be [kh, kw, cin/groups, cout]');
        if (cinG * node.groups !== s[2]) fail(node, `kernel reads ${cinG}×${node.groups} channels but the input has ${s[2]}`);
        if (cout % node.groups !== 0) fail(node, `${cout} outputs do not split into ${node.groups} groups`);
        perChannel(node, 'bias', node.bias?.shape[0], cout);
        out = [...spatial(s, kh, kw, node.stride, node.padding), cout];
        break;
      }
      case 'batchNorm':
      case 'scale': {
        const s = map(node, node.input);
        const weights = node.op === 'scale' ? [node.scale] : [node.gamma, node.beta, node.mean, node.variance];
        for (const w of weights) perChannel(node, 'a per-channel weight', w.shape[0], s[2]);
        out = s;
        break;
      }
      case 'pad': {
        const s = map(node, node.input);
        perChannel(node, 'the pad value', node.value?.shape[0], s[2]);
        const p = node.padding;
        out = [s[0] + p[0] + p[1], s[1] + p[2] + p[3], s[2]];
        break;
      }
      case 'avgPool':
      case 'maxPool': {
        const s = map(node, node.input);
        out = [...spatial(s, node.k, node.k, node.stride, node.padding), s[2]];
        break;
      }
      case 'relu':
        out = read(node, node.input);
        break;
      case 'add': {
        if (node.inputs.length < 2) fail(node, 'needs at least two inputs');
        const all = node.inputs.map((i) => read(node, i));
        if (all.some((s) => s.join() !== all[0].join())) fail(node, `adds different shapes: ${all.map((s) => `[${s}]`).join(', ')}`);
        out = all[0];
        break;
      }
      case 'globalAvgPool':
        out = [map(node, node.input)[2]];
        break;
      case 'dense': {
        const s = read(node, node.input);
        if (s.length !== 1) fail(node, `needs a vector per image, got [${s}]`);
        const [inputs, outputs] = node.kernel.shape;
        if (inputs !== s[0]) fail(node, `kernel reads ${inputs} features but the input has ${s[0]}`);
        perChannel(node, 'bias', node.bias.shape[0], outputs);
        out = [outputs];
        break;
      }
      case 'slot': {
        const s = map(node, node.input);
        if (s[2] !== node.spec.cin) fail(node, `slot '${node.name}' reads ${node.spec.cin} channels but the input has ${s[2]}`);
        const pad = Math.floor(node.spec.k / 2);
        out = [...spatial(s, node.spec.k, node.spec.k, node.spec.stride, [pad, pad, pad, pad]), node.spec.cout];
        break;
      }
    }
    if (out.some((d) => !Number.isInteger(d) || d <= 0)) fail(node, `gives an empty shape [${out}]`);
    shapes.set(node.id, out);
  }
  if (!shapes.has(graph.output)) throw new ReparamError(`graph output '${graph.output}' is not a node`);
  return shapes;
}
