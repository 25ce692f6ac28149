import { ReparamError } from '@reparam/core';

/** Checks the `n` of `ask(n)`: a non-negative integer. */
export function askCount(id: string, n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new ReparamError(`${id}: ask(n) needs a non-negative integer n (got ${String(n)})`);
  return n;
}
