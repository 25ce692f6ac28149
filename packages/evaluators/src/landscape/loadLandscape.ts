import { existsSync } from 'node:fs';
import type { SearchSpace } from '@reparam/core';
import { generatedLandscape } from './generatedLandscape.js';
import type { Landscape } from './Landscape.js';
import { readLandscapeFile } from './landscapeFile.js';
import { parseLandscapeSpec } from './landscapeSpec.js';
import { type TableLookup, tabulatedLandscape } from './tabulatedLandscape.js';

/**
 * The landscape `--landscape` names over `space`: a landscape file when the value names an existing
 * file or ends in `.json` (a missing one is then an error, not a spec), otherwise a spec
 * (`rugged:seed=1,k=2,noise=4.5`, see {@link parseLandscapeSpec}). `lookup` applies to tables.
 */
export function loadLandscape(value: string, space: SearchSpace, lookup: TableLookup = 'seed'): Landscape {
  if (!existsSync(value) && !value.endsWith('.json')) return generatedLandscape(space, parseLandscapeSpec(value));
  const file = readLandscapeFile(value);
  return file.kind === 'tabulated' ? tabulatedLandscape(space, file, lookup, value) : generatedLandscape(space, file);
}
