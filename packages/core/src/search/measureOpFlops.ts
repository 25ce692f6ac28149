import * as tf from '@tensorflow/tfjs';
import { activateGenome } from '../genome/activateGenome.js';
import type { Backbone } from '../interfaces/Backbone.js';
import { kernelMacs, measureForwardFlops } from '../nn/networkStats.js';
import type { TrainingCosts } from './trainingFlopsBudget.js';

/**
 * Measures the forward FLOPs per image ({@link TrainingCosts}) on a network built with every optional op (a supernet), by profiling
 * each slot with the main op alone and with one op added. Branch costs add up, so a genome's
 * training-form forward cost is `base` plus its ops' costs.
 */
export async function measureOpFlops(net: Backbone, inputShape: readonly [number, number, number]): Promise<TrainingCosts> {
  const slots = net.repSlots();
  const infos = net.slots();
  activateGenome(net, {});
  try {
    const base = await measureForwardFlops(net, inputShape); // also records each slot's input size
    const perOp: Record<string, Record<string, number>> = {};
    for (const info of infos) {
      const slot = slots.get(info.name);
      const hw = slot?.lastInputSize;
      if (!slot || !hw) continue;
      const x = tf.zeros([1, hw[0], hw[1], info.spec.cin]) as tf.Tensor4D;
      try {
        const flopsWith = async (ops: string[]) => {
          slot.setActiveOptionalOps(ops);
          const prof = await tf.profile(() => slot.forward(x, false));
          tf.dispose(prof.result as tf.Tensor);
          return prof.kernels.reduce((n, k) => n + kernelMacs(k.name, k.inputShapes as number[][], k.outputShapes as number[][]), 0) * 2;
        };
        const alone = await flopsWith([]);
        perOp[info.name] = {};
        for (const op of info.options) perOp[info.name][op] = (await flopsWith([op])) - alone;
        slot.setActiveOptionalOps([]);
      } finally {
        x.dispose();
      }
    }
    return { base, perOp };
  } finally {
    activateGenome(net, undefined);
  }
}
