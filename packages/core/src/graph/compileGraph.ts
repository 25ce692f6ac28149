import * as tf from '@tensorflow/tfjs';
import { ReparamError } from '../errors.js';
import type { Padding } from '../nn/Padding.js';
import { isZeroPadding, toTfPadding } from '../nn/Padding.js';
import { groupedConv2d } from '../nn/groupedConv2d.js';
import { padWithValue } from '../nn/padWithValue.js';
import type { RepSlot } from '../slot/RepSlot.js';
import type { GraphNode, NetworkGraph } from './NetworkGraph.js';
import { nodeInputs } from './NetworkGraph.js';
import { inferShapes } from './inferShapes.js';
import { tensorOf } from './graphTensor.js';

/** A graph ready to run on the active tfjs backend; holds its weights as tensors until disposed. */
export interface CompiledGraph {
  /** NHWC images → the graph's output (logits); the caller disposes the result. */
  run(x: tf.Tensor4D): tf.Tensor;
  /** Frees the weight tensors. */
  dispose(): void;
}

/** Options of {@link compileGraph}. */
export interface CompileGraphOptions {
  /** Runs `slot` nodes with these modules in eval mode (a graph from `toGraph()` as the trained net). */
  readonly slots?: ReadonlyMap<string, RepSlot>;
}

type Step = (inputs: tf.Tensor[]) => tf.Tensor;

const pad = (x: tf.Tensor4D, p: Padding, value = 0) => (isZeroPadding(p) ? x : (tf.pad(x, toTfPadding(p), value) as tf.Tensor4D));

/**
 * Turns a {@link NetworkGraph} into a tfjs function, the reference runner of the IR: convolutions
 * with explicit padding and groups, BN as a per-channel affine with the running statistics,
 * pad-aware padding, pools with PyTorch geometry. Intermediate values are freed as soon as their
 * last reader has run.
 */
export function compileGraph(graph: NetworkGraph, options: CompileGraphOptions = {}): CompiledGraph {
  inferShapes(graph);
  const owned: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  const steps = new Map<string, Step>();
  try {
    for (const node of graph.nodes) steps.set(node.id, step(node, keep, options));
  } catch (err) {
    tf.dispose(owned);
    throw err;
  }
  const readers = new Map<string, number>();
  for (const n of graph.nodes) for (const i of nodeInputs(n)) readers.set(i, (readers.get(i) ?? 0) + 1);
  return {
    run(x: tf.Tensor4D): tf.Tensor {
      const values = new Map<string, tf.Tensor>();
      const left = new Map(readers);
      try {
        for (const node of graph.nodes) {
          const ins = nodeInputs(node).map((i) => values.get(i)!);
          const y = node.op === 'input' ? x : tf.tidy(() => steps.get(node.id)!(ins));
          values.set(node.id, y);
          for (const i of nodeInputs(node)) {
            const n = left.get(i)! - 1;
            left.set(i, n);
            if (n === 0 && i !== graph.output && values.get(i) !== x) values.get(i)!.dispose();
          }
        }
        return values.get(graph.output)!;
      } catch (err) {
        for (const [id, t] of values) if (t !== x && left.get(id) !== 0) t.dispose();
        throw err;
      }
    },
    dispose: () => tf.dispose(owned),
  };
}

function step(node: GraphNode, keep: <T extends tf.Tensor>(t: T) => T, options: CompileGraphOptions): Step {
  switch (node.op) {
    case 'input':
      return ([x]) => x;
    case 'conv': {
      const kernel = keep(tensorOf(node.kernel) as tf.Tensor4D);
      const bias = node.bias ? keep(tensorOf(node.bias)) : undefined;
      return ([x]) => {
        const y = groupedConv2d(x as tf.Tensor4D, kernel, node.stride, node.padding, node.groups);
        return bias ? tf.add(y, bias) : y;
      };
    }
    case 'batchNorm': {
      // Eval-mode BN is x·scale + shift; precomputed once, as core's BatchNorm computes it.
      const [scale, shift] = tf.tidy(() => {
        const s = tf.mul(tensorOf(node.gamma), tf.rsqrt(tf.add(tensorOf(node.variance), node.eps)));
        return [s, tf.sub(tensorOf(node.beta), tf.mul(tensorOf(node.mean), s))];
      });
      keep(scale);
      keep(shift);
      return ([x]) => tf.add(tf.mul(x, scale), shift);
    }
    case 'scale': {
      const s = keep(tensorOf(node.scale));
      return ([x]) => tf.mul(x, s);
    }
    case 'pad': {
      const value = node.value ? keep(tensorOf(node.value) as tf.Tensor1D) : undefined;
      return ([x]) => (value ? padWithValue(x as tf.Tensor4D, node.padding, value) : pad(x as tf.Tensor4D, node.padding));
    }
    case 'avgPool':
      return ([x]) => tf.avgPool(pad(x as tf.Tensor4D, node.padding), node.k, node.stride, 'valid');
    case 'maxPool':
      return ([x]) => tf.maxPool(pad(x as tf.Tensor4D, node.padding, -3.4e38), node.k, node.stride, 'valid');
    case 'relu':
      return ([x]) => tf.relu(x);
    case 'add':
      return (xs) => (xs.length === 2 ? tf.add(xs[0], xs[1]) : tf.addN(xs));
    case 'globalAvgPool':
      return ([x]) => tf.mean(x, [1, 2]);
    case 'dense': {
      const kernel = keep(tensorOf(node.kernel) as tf.Tensor2D);
      const bias = keep(tensorOf(node.bias));
      return ([x]) => tf.add(tf.matMul(x as tf.Tensor2D, kernel), bias);
    }
    case 'slot': {
      const slot = options.slots?.get(node.name);
      if (!slot) throw new ReparamError(`graph slot '${node.name}' cannot run: reparameterize or expand the graph, or pass the slot modules`);
      return ([x]) => slot.forward(x as tf.Tensor4D, false);
    }
  }
}
