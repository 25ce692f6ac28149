import { ReparamError } from '../errors.js';
import type { GenomeConstraint } from '../interfaces/GenomeConstraint.js';

/**
 * Allows at most `n` optional ops in any one slot (the main k×k op is not counted), which bounds
 * the branch count, and so the training memory, of every slot.
 */
export function maxOpsPerSlot(n: number): GenomeConstraint {
  if (!Number.isInteger(n) || n < 0) {
    throw new ReparamError(`maxOpsPerSlot needs a non-negative integer (got ${n})`);
  }
  return {
    description: `at most ${n} optional op${n === 1 ? '' : 's'} per slot`,
    check(genome) {
      for (const [slot, ops] of Object.entries(genome)) {
        if (ops.length > n) return `slot '${slot}' has ${ops.length} optional ops (${ops.join(', ')}); at most ${n} allowed`;
      }
      return undefined;
    },
  };
}
