import { ReparamError } from '@reparam/core';

/** Reads an optional option that must be one of `allowed`, refusing anything else by name. */
export function choiceOption<T extends string>(options: { readonly [k: string]: unknown }, key: string, evaluator: string, allowed: readonly T[]): T | undefined {
  const v = options[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new ReparamError(`evaluator '${evaluator}': option ${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`);
  }
  return v as T;
}

/** Reads an optional positive integer option of an evaluator, refusing anything else by name. */
export function positiveIntOption(options: { readonly [k: string]: unknown }, key: string, evaluator: string): number | undefined {
  const v = options[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
    throw new ReparamError(`evaluator '${evaluator}': option ${key} must be a positive integer, got ${JSON.stringify(v)}`);
  }
  return v;
}
