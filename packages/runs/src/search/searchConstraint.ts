import {
  allConstraints,
  type Backbone,
  type GenomeConstraint,
  maxOpsPerSlot,
  measureOpFlops,
  type SearchSpace,
  trainingFlopsBudget,
} from '@reparam/core';
import type { SearchConstraintConfig } from '../searchConfig.js';

/**
 * The constraint a search's flags ask for, or `undefined` for none. A FLOPs budget is priced on a
 * network holding every op (`buildEveryOp`), built only when needed and disposed here.
 */
export async function searchConstraint(
  config: SearchConstraintConfig,
  space: SearchSpace,
  inputShape: readonly [number, number, number],
  buildEveryOp: () => Backbone,
): Promise<GenomeConstraint | undefined> {
  const list: GenomeConstraint[] = [];
  if (config.maxOpsPerSlot !== undefined) list.push(maxOpsPerSlot(config.maxOpsPerSlot));
  if (config.flopsBudget !== undefined && space.slots.length > 0) {
    const net = buildEveryOp();
    try {
      const costs = await measureOpFlops(net, inputShape);
      list.push(trainingFlopsBudget(costs, config.flopsBudget * 1e6));
    } finally {
      net.dispose();
    }
  }
  if (list.length === 0) return undefined;
  return list.length === 1 ? list[0] : allConstraints(list);
}
