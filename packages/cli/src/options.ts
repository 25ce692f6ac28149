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

/** `--skip-bad-images`: streamed datasets skip (and count in results.json) unreadable images instead of stopping. */
export function skipBadImagesOption(): Option {
  return new Option('--skip-bad-images', 'streamed image datasets (imagenet, large folder): skip images that cannot be read or decoded, counted in results.json, instead of stopping at the first');
}

/** `--image-size <px>`: the side of a streamed image dataset's network input. */
export function imageSizeOption(): Option {
  return new Option('--image-size <px>', 'streamed image datasets: side of the square network input (training crops and evaluation centre crops; default 224, resized from 256)').argParser(parsePositiveInt);
}

/**
 * `--data-workers <n>`: threads that decode a streamed image dataset. A setting of the machine, so
 * configs do not record it (the batches are the same with any number) and a resume may change it.
 */
export function dataWorkersOption(): Option {
  return new Option('--data-workers <n>', 'streamed image datasets: threads that read, decode and augment images (default: one per core, at most 4); the batches do not depend on it').argParser(parsePositiveInt);
}

/** The config fields of {@link skipBadImagesOption} and {@link imageSizeOption}, left out when not given. */
export function dataOptionsFromFlags(flags: { readonly skipBadImages?: boolean; readonly imageSize?: number }): { skipBadImages?: boolean; imageSize?: number } {
  return {
    ...(flags.skipBadImages ? { skipBadImages: true } : {}),
    ...(flags.imageSize === undefined ? {} : { imageSize: flags.imageSize }),
  };
}

/**
 * Collects a repeatable `--evaluator-option key=value` into an options object: the value is read as
 * JSON when it parses (`16`, `true`, `"x"`, `[1,2]`), else kept as the string.
 */
export function collectEvaluatorOption(value: string, previous: Record<string, unknown> | undefined): Record<string, unknown> {
  const m = /^([A-Za-z]\w*)=(.*)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected key=value (e.g. sampling=sandwich), got '${value}'`);
  let parsed: unknown = m[2];
  try {
    parsed = JSON.parse(m[2]);
  } catch {
    // a plain string
  }
  return { ...previous, [m[1]]: parsed };
}
