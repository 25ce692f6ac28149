import type { SearchSpace } from '@reparam/core';

/** The optional ops of a space in one order for every chart: the slot with the most ops sets it (registration order), others append. */
export function opOrder(space: SearchSpace): string[] {
  const longest = [...space.slots].sort((a, b) => b.options.length - a.options.length)[0]?.options ?? [];
  return [...new Set([...longest, ...space.slots.flatMap((s) => s.options)])];
}
