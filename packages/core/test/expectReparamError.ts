import { isReparamError } from '@reparam/core';
import { expect } from 'vitest';

/** Runs `fn`, expecting a ReparamError — one line, as every user error is — whose message matches `pattern`. */
export function expectReparamError(fn: () => unknown, pattern: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(isReparamError(thrown), `expected a ReparamError, got ${String(thrown)}`).toBe(true);
  expect((thrown as Error).message).toMatch(pattern);
  expect((thrown as Error).message).not.toMatch(/\n/);
}
