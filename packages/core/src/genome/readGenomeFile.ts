import { readFileSync } from 'node:fs';
import { ReparamError } from '../errors.js';

/** What a genome file holds: the genome, and the backbone (and width) it was made for when it says. */
export interface GenomeFile {
  /** The genome as written; validate it with {@link validateGenome}. */
  readonly genome: unknown;
  /** The backbone the genome's slots are named after (`best-genome.json`, a search's `results.json`). */
  readonly backbone?: string;
  /** The width multiplier of the network it was found on. */
  readonly width?: number;
}

/**
 * Reads a genome JSON file: either the genome itself (`{"stem": ["conv_1x1"], …}`) or an object with
 * a `genome` (or `bestGenome`) field beside `backbone` and `width`, as a search's `best-genome.json`
 * and `results.json` hold it.
 */
export function readGenomeFile(path: string): GenomeFile {
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
    const genome = v.genome ?? v.bestGenome;
    if (genome !== undefined) {
      if (v.backbone !== undefined && typeof v.backbone !== 'string') throw new ReparamError(`genome file '${path}': backbone must be a backbone id, got ${JSON.stringify(v.backbone)}`);
      if (v.width !== undefined && (typeof v.width !== 'number' || !(v.width > 0))) throw new ReparamError(`genome file '${path}': width must be a positive number, got ${JSON.stringify(v.width)}`);
      return { genome, ...(v.backbone === undefined ? {} : { backbone: v.backbone }), ...(v.width === undefined ? {} : { width: v.width }) };
    }
  }
  return { genome: value };
}
