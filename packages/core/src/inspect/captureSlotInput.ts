import * as tf from '@tensorflow/tfjs';
import { ReparamError } from '../errors.js';
import type { Backbone } from '../interfaces/Backbone.js';

/**
 * Runs `net` on `x` and returns the input its slot `slotName` received (the first one, should a
 * backbone call a slot twice), e.g. to take that slot apart with RepSlot.branchOutputs. Works for
 * any backbone: it watches the slot (RepSlot.observeInputs) instead of asking the backbone to stop
 * half-way. Eval mode unless `training`. The caller disposes the result.
 * @throws ReparamError for a slot the backbone does not have (listing the ones it has).
 */
export function captureSlotInput(net: Backbone, slotName: string, x: tf.Tensor4D, training = false): tf.Tensor4D {
  const slot = net.repSlots().get(slotName);
  if (!slot) throw new ReparamError(`unknown slot '${slotName}'; the network has: ${[...net.repSlots().keys()].join(', ')}`);
  let captured: tf.Tensor4D | undefined;
  // A clone, kept: the forward pass's tidy would dispose the tensor itself (and for the first slot
  // it is the caller's `x`).
  const stop = slot.observeInputs((input) => {
    captured ??= tf.keep(tf.clone(input));
  });
  try {
    tf.tidy(() => {
      net.forward(x, training);
    });
  } finally {
    stop();
  }
  if (!captured) throw new ReparamError(`slot '${slotName}' took no part in the forward pass`);
  return captured;
}
