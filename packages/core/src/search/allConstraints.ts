import type { GenomeConstraint } from '../interfaces/GenomeConstraint.js';

/** A constraint that allows a genome only when every one of `constraints` does (none: all pass). */
export function allConstraints(constraints: readonly GenomeConstraint[]): GenomeConstraint {
  const list = [...constraints];
  return {
    description: list.length ? list.map((c) => c.description).join('; ') : 'no constraint',
    check(genome) {
      for (const c of list) {
        const reason = c.check(genome);
        if (reason !== undefined) return reason;
      }
      return undefined;
    },
  };
}
