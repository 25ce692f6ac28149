import { existsSync, readFileSync } from 'node:fs';
import { type Recheck, ReparamError, type SearchProgress, writeFileAtomic } from '@reparam/core';
import { SEARCH_STATE_SCHEMA } from '../searchState.js';

/** What search-state.json holds. */
export interface SearchStateFile {
  readonly seconds: number;
  readonly progress: SearchProgress;
  /** Second scores of the best genomes, once the budget is spent (see recheckTop). */
  readonly rechecks?: readonly Recheck[];
}

/** Writes the search state atomically (temp file + rename): a kill leaves the previous one intact. */
export function writeSearchState(path: string, state: SearchStateFile): void {
  writeFileAtomic(path, `${JSON.stringify({ format: 'reparam-search-state', version: 1, ...state })}\n`);
}

/** Reads search-state.json, or throws a {@link ReparamError} saying what is wrong with it. */
export function readSearchState(path: string): SearchStateFile {
  if (!existsSync(path)) throw new ReparamError(`cannot resume: ${path} does not exist`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ReparamError(`cannot resume: ${path} is corrupt (${(err as Error).message})`);
  }
  const parsed = SEARCH_STATE_SCHEMA.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReparamError(`cannot resume: ${path} is not a valid search state (${issue.path.join('.') || 'top level'}: ${issue.message})`);
  }
  return { seconds: parsed.data.seconds, progress: parsed.data.progress as SearchProgress, ...(parsed.data.rechecks ? { rechecks: parsed.data.rechecks } : {}) };
}
