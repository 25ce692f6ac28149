import { readFileSync } from 'node:fs';
import { ReparamError } from '../errors.js';

/**
 * Reads a genome JSON file: either the genome itself (`{"stem": ["conv_1x1"], …}`) or an object with
 * a `genome` (or `bestGenome`) field, as `best-genome.json` and `results.json` hold it. Validate the
 * result with {@link validateGenome}.
 */
export function readGenomeFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ReparamError(`cannot read genome file '${path}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ReparamError(`genome file '${path}' is not valid JSON: ${(err as Error).message}`);
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const v = value as Record<string, unknown>;
    if (v.genome !== undefined) return v.genome;
    if (v.bestGenome !== undefined) return v.bestGenome;
  }
  return value;
}
