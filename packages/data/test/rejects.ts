import { isReparamError } from '@reparam/core';
import { expect } from 'vitest';

/** Expects `promise` to reject with a one-line ReparamError whose message matches every pattern. */
export async function rejects(promise: Promise<unknown>, ...patterns: RegExp[]): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isReparamError(err), `expected a ReparamError, got ${String(err)}`).toBe(true);
  const message = (err as Error).message;
  for (const p of patterns) expect(message).toMatch(p);
  expect(message).not.toMatch(/\n/);
  return message;
}
