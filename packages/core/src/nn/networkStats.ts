import * as tf from '@tensorflow/tfjs';
import type { Backbone, SlotInfo } from '../interfaces/Backbone.js';
import { isTrainable, type Parameter } from './Parameter.js';
import { CONV_EPILOGUE_KERNEL } from './convEpilogue.js';
import { countGraphParameters } from '../graph/graphStats.js';
import { reparameterize } from '../graph/reparameterize.js';

/** Number of trainable values (PyTorch's parameter count: BN running statistics excluded). */
export function countParameters(parameters: readonly Parameter[]): number {
  return parameters.filter(isTrainable).reduce((n, p) => n + p.variable.size, 0);
}

/**
 * Parameter count of the fused (deploy) form — the one number `train`'s results and `fuse`'s
 * deploy.json both report: the parameters of {@link reparameterize}'s graph, where every slot is one
 * k×k conv with bias and every other BN (a shortcut's) is folded into its conv. A backbone that
 * cannot describe itself as a graph (so cannot be fused either) gets the count with the slots fused
 * and the rest as it is.
 */
export function countFusedParameters(net: Backbone): number {
  if (net.toGraph) return countGraphParameters(reparameterize(net));
  const slots = net.slots();
  const prefixes = slots.map((s) => `${s.name}/`);
  const outside = net.parameters().filter((p) => !prefixes.some((pre) => p.name.startsWith(pre)));
  const fusedSlots = slots.reduce((n, { spec }) => n + spec.k * spec.k * (spec.cin / spec.groups) * spec.cout + spec.cout, 0);
  return countParameters(outside) + fusedSlots;
}

/** Multiply-accumulate count of one kernel call as the tfjs profiler reports it (convolutions and matmuls). */
export function kernelMacs(name: string, inputShapes: number[][], outputShapes: number[][]): number {
  const out = outputShapes[0] ?? [];
  const size = out.reduce((a, b) => a * b, 1);
  switch (name) {
    case 'Conv2D':
    case 'FusedConv2D':
    case CONV_EPILOGUE_KERNEL: {
      const [kh, kw, cin] = inputShapes[1];
      return size * kh * kw * cin;
    }
    case 'DepthwiseConv2dNative':
    case 'FusedDepthwiseConv2D': {
      const [kh, kw] = inputShapes[1];
      return size * kh * kw;
    }
    case 'BatchMatMul':
    case '_FusedMatMul':
    case 'MatMul': {
      const a = inputShapes[0];
      return size * a[a.length - 1];
    }
    default:
      return 0;
  }
}

/**
 * FLOPs (2 × multiply-accumulates of convolutions and matmuls) of one forward pass of a single image,
 * counted by profiling the pass in eval mode; grouped and multi-branch convolutions count as run.
 */
export async function measureForwardFlops(net: Backbone, inputShape: readonly [number, number, number]): Promise<number> {
  const x = tf.zeros([1, ...inputShape]) as tf.Tensor4D;
  try {
    const info = await tf.profile(() => net.forward(x, false));
    tf.dispose(info.result as tf.Tensor);
    return 2 * info.kernels.reduce((n, k) => n + kernelMacs(k.name, k.inputShapes as number[][], k.outputShapes as number[][]), 0);
  } finally {
    x.dispose();
  }
}

/** FLOPs of the fused form: one k×k conv per slot plus what lies outside the slots. */
export async function measureFusedForwardFlops(
  net: Backbone,
  inputShape: readonly [number, number, number],
  trainingFlops?: number,
): Promise<number> {
  const total = trainingFlops ?? (await measureForwardFlops(net, inputShape));
  // Slot FLOPs in training form are measured per slot by profiling each slot on its own input size.
  let slotTraining = 0;
  let slotFused = 0;
  const sizes = slotInputSizes(net, inputShape);
  for (const [name, slot] of net.repSlots()) {
    const info: SlotInfo | undefined = net.slots().find((s) => s.name === name);
    const hw = sizes.get(name);
    if (!info || !hw) continue;
    const x = tf.zeros([1, hw[0], hw[1], info.spec.cin]) as tf.Tensor4D;
    const prof = await tf.profile(() => slot.forward(x, false));
    tf.dispose([x, prof.result as tf.Tensor]);
    slotTraining += 2 * prof.kernels.reduce((n, k) => n + kernelMacs(k.name, k.inputShapes as number[][], k.outputShapes as number[][]), 0);
    const { k, cin, cout, groups, stride } = info.spec;
    const ho = Math.floor((hw[0] - 1) / stride) + 1;
    const wo = Math.floor((hw[1] - 1) / stride) + 1;
    slotFused += 2 * ho * wo * k * k * (cin / groups) * cout;
  }
  return total - slotTraining + slotFused;
}

/** Input height and width each slot sees, read off the slots after one forward pass. */
function slotInputSizes(net: Backbone, inputShape: readonly [number, number, number]): Map<string, readonly [number, number]> {
  tf.tidy(() => {
    net.forward(tf.zeros([1, ...inputShape]) as tf.Tensor4D, false);
  });
  const sizes = new Map<string, readonly [number, number]>();
  for (const [name, slot] of net.repSlots()) if (slot.lastInputSize) sizes.set(name, slot.lastInputSize);
  return sizes;
}
