import {
  blockDiagonal,
  type GraphNode,
  graphInput,
  type NetworkGraph,
  inferShapes,
  isZeroPadding,
  type Padding,
  ReparamError,
  tensorOf,
} from '@reparam/core';
import * as tf from '@tensorflow/tfjs';

type Symbolic = tf.SymbolicTensor;

/** tfjs layer names: letters, digits and underscores, unique. */
function namer(): (id: string) => string {
  const used = new Set<string>();
  return (id) => {
    const base = id.replace(/[^A-Za-z0-9_]/g, '_');
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    return name;
  };
}

/**
 * The graph as a tfjs Layers model (functional API) that plain `@tensorflow/tfjs` loads and runs
 * with no package of this project: explicit padding as `zeroPadding2d` before `'valid'` convs and
 * pools, BN as `batchNormalization`, per-channel affine steps (scales, pad-aware BN's pad value) as
 * 1×1 `depthwiseConv2d`, grouped convs as block-diagonal dense kernels (tfjs-layers has no groups).
 *
 * Graphs with `slot` nodes are refused (reparameterize or expand first), and so is a padded max-pool
 * whose input is not a ReLU output (zero padding stands for −∞ padding only on non-negative maps).
 */
export function toLayersModel(graph: NetworkGraph, name = 'reparam'): tf.LayersModel {
  inferShapes(graph);
  const nameOf = namer();
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const values = new Map<string, Symbolic>();
  const pending: [tf.layers.Layer, tf.Tensor[]][] = [];
  const withWeights = <L extends tf.layers.Layer>(layer: L, weights: tf.Tensor[]): L => {
    pending.push([layer, weights]);
    return layer;
  };
  const apply = (layer: tf.layers.Layer, x: Symbolic | Symbolic[]) => layer.apply(x) as Symbolic;
  const zeroPad = (x: Symbolic, p: Padding, id: string) =>
    isZeroPadding(p)
      ? x
      : apply(tf.layers.zeroPadding2d({ padding: [[p[0], p[1]], [p[2], p[3]]], name: nameOf(`${id}_pad`) }), x);
  // x·scale + shift per channel as a 1×1 depthwise convolution.
  const affine = (x: Symbolic, scale: Float32Array, shift: Float32Array | undefined, id: string) => {
    const c = scale.length;
    const layer = tf.layers.depthwiseConv2d({ kernelSize: 1, depthMultiplier: 1, useBias: shift !== undefined, name: nameOf(id) });
    const w: tf.Tensor[] = [tf.tensor4d(scale, [1, 1, c, 1])];
    if (shift) w.push(tf.tensor1d(shift));
    return apply(withWeights(layer, w), x);
  };
  try {
    const input = graphInput(graph);
    const x0 = tf.input({ shape: [...input.shape], name: nameOf(input.id) });
    values.set(input.id, x0);
    for (const node of graph.nodes.slice(1)) {
      const at = (id: string) => values.get(id)!;
      values.set(node.id, layerFor(node));

      function layerFor(n: GraphNode): Symbolic {
        switch (n.op) {
          case 'input':
            throw new ReparamError('a graph has one input node, first');
          case 'conv': {
            const [kh, kw, , cout] = n.kernel.shape;
            const padded = zeroPad(at(n.input), n.padding, n.id);
            const layer = tf.layers.conv2d({
              filters: cout,
              kernelSize: [kh, kw],
              strides: n.stride,
              padding: 'valid',
              useBias: n.bias !== undefined,
              name: nameOf(n.id),
            });
            const kernel = tf.tidy(() => blockDiagonal(tensorOf(n.kernel) as tf.Tensor4D, n.groups));
            return apply(withWeights(layer, n.bias ? [kernel, tensorOf(n.bias)] : [kernel]), padded);
          }
          case 'batchNorm': {
            const layer = tf.layers.batchNormalization({ axis: -1, epsilon: n.eps, name: nameOf(n.id) });
            return apply(withWeights(layer, [n.gamma, n.beta, n.mean, n.variance].map(tensorOf)), at(n.input));
          }
          case 'scale':
            return affine(at(n.input), n.scale.values, undefined, n.id);
          case 'pad': {
            if (!n.value) return zeroPad(at(n.input), n.padding, n.id);
            // pad(x, v) = pad(x − v, 0) + v, per channel.
            const v = n.value.values;
            const ones = new Float32Array(v.length).fill(1);
            const shifted = affine(at(n.input), ones, v.map((a) => -a), `${n.id}_sub`);
            return affine(zeroPad(shifted, n.padding, n.id), ones, v, `${n.id}_add`);
          }
          case 'avgPool':
            return apply(
              tf.layers.averagePooling2d({ poolSize: n.k, strides: n.stride, padding: 'valid', name: nameOf(n.id) }),
              zeroPad(at(n.input), n.padding, n.id),
            );
          case 'maxPool': {
            if (!isZeroPadding(n.padding) && byId.get(n.input)?.op !== 'relu') {
              throw new ReparamError(`cannot export max-pool '${n.id}' to tfjs Layers: its padding is zeros there, which is only right after a ReLU`);
            }
            return apply(
              tf.layers.maxPooling2d({ poolSize: n.k, strides: n.stride, padding: 'valid', name: nameOf(n.id) }),
              zeroPad(at(n.input), n.padding, n.id),
            );
          }
          case 'relu':
            return apply(tf.layers.reLU({ name: nameOf(n.id) }), at(n.input));
          case 'add':
            return apply(tf.layers.add({ name: nameOf(n.id) }), n.inputs.map(at));
          case 'globalAvgPool':
            return apply(tf.layers.globalAveragePooling2d({ name: nameOf(n.id) }), at(n.input));
          case 'dense': {
            const layer = tf.layers.dense({ units: n.kernel.shape[1], useBias: true, name: nameOf(n.id) });
            return apply(withWeights(layer, [tensorOf(n.kernel), tensorOf(n.bias)]), at(n.input));
          }
          case 'slot':
            throw new ReparamError(`cannot export slot '${n.name}' as it is: reparameterize the network (fused form) or expand its branches (multi-branch form) first`);
        }
      }
    }
    const model = tf.model({ inputs: x0, outputs: values.get(graph.output)!, name });
    for (const [layer, weights] of pending) layer.setWeights(weights);
    return model;
  } finally {
    for (const [, weights] of pending) tf.dispose(weights);
  }
}
