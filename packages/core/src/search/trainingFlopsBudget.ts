import { ReparamError } from '../errors.js';
import type { Genome } from '../interfaces/Genome.js';
import type { GenomeConstraint } from '../interfaces/GenomeConstraint.js';

/**
 * Training cost of a network by parts: `base` for everything a genome does not change (the main
 * convs, shortcuts, head) and, per slot, what each optional op adds. Any unit works (FLOPs per
 * image is usual) as long as the budget uses the same one.
 */
export interface TrainingCosts {
  readonly base: number;
  readonly perOp: { readonly [slot: string]: { readonly [op: string]: number } };
}

/**
 * The training cost of `genome`: `base` plus the cost of each of its optional ops. Throws a
 * {@link ReparamError} for an op `costs` does not price, since guessing would defeat the budget.
 */
export function genomeTrainingCost(costs: TrainingCosts, genome: Genome): number {
  let total = costs.base;
  for (const [slot, ops] of Object.entries(genome)) {
    for (const op of ops) {
      const cost = costs.perOp[slot]?.[op];
      if (cost === undefined) throw new ReparamError(`training cost of op '${op}' in slot '${slot}' is unknown`);
      total += cost;
    }
  }
  return total;
}

/** Allows genomes whose {@link genomeTrainingCost} is at most `budget`. */
export function trainingFlopsBudget(costs: TrainingCosts, budget: number): GenomeConstraint {
  if (!Number.isFinite(budget) || budget < 0) throw new ReparamError(`training FLOPs budget must be a non-negative number (got ${budget})`);
  if (!Number.isFinite(costs.base) || costs.base < 0) throw new ReparamError(`training base cost must be a non-negative number (got ${costs.base})`);
  for (const [slot, ops] of Object.entries(costs.perOp)) {
    for (const [op, cost] of Object.entries(ops)) {
      if (!Number.isFinite(cost) || cost < 0) {
        throw new ReparamError(`training cost of op '${op}' in slot '${slot}' must be a non-negative number (got ${cost})`);
      }
    }
  }
  return {
    description: `training cost at most ${formatCost(budget)}`,
    check(genome) {
      const cost = genomeTrainingCost(costs, genome);
      return cost <= budget ? undefined : `training cost ${formatCost(cost)} exceeds the budget of ${formatCost(budget)}`;
    },
  };
}

function formatCost(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e6 ? String(value) : value.toPrecision(4);
}
