import { DEFAULT_AGGREGATION } from '@reparam/core';
import { InvalidArgumentError, Option } from 'commander';

/** Commander parser for a repeatable positive-integer option (`--k 3 --k 5`). */
export function collectPositiveInts(value: string, previous: number[] | undefined): number[] {
  return [...(previous ?? []), parsePositiveInt(value)];
}

/** Commander parser for a repeatable string option (`--op a --op b`). */
export function collectStrings(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Commander parser for a positive integer. */
export function parsePositiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new InvalidArgumentError(`expected a positive integer, got '${value}'`);
  return Number(value);
}

/** Commander parser for a non-negative integer (seeds). */
export function parseNonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`expected a non-negative integer, got '${value}'`);
  return Number(value);
}

/** Commander parser for a non-negative number (`--lr 0.1`, `--wd 0`). */
export function parseNonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a non-negative number, got '${value}'`);
  return n;
}

/** Commander parser for a fraction in [0, 1). */
export function parseFraction(value: string): number {
  const n = parseNonNegativeNumber(value);
  if (n >= 1) throw new InvalidArgumentError(`expected a fraction below 1, got '${value}'`);
  return n;
}


/**
 * `--aggregation`. Its values are the registered aggregation modes, which plugins may add, so the
 * command checks the value against the registry when it runs (one-line error listing the known ones).
 */
export function aggregationOption(defaultMode: string = DEFAULT_AGGREGATION.id): Option {
  return new Option('--aggregation <mode>', 'slot aggregation: sum, scaled, post-bn, online, or a plugin\'s (see `reparam aggregations`)').default(defaultMode);
}
