import { readFileSync } from 'node:fs';
import { ReparamError, z } from '@reparam/core';
import { GENERATED_LANDSCAPE_SCHEMA } from './landscapeParams.js';

/** One genome of a tabulated landscape and its scores, one per training seed (seed i: `scores[i]`). */
const TABLE_ENTRY_SCHEMA = z.strictObject({
  genome: z.record(z.string(), z.array(z.string())),
  scores: z.array(z.number().min(0).max(1)).min(1),
});

/**
 * A landscape measured by real trainings: every genome's validation accuracy (a fraction) for each
 * seed, with how the trainings were made (`recipe`: the training settings; `command`, `backend`).
 */
export const TABULATED_LANDSCAPE_SCHEMA = z.strictObject({
  kind: z.literal('tabulated'),
  backbone: z.string().optional(),
  recipe: z.record(z.string(), z.unknown()).optional(),
  command: z.string().optional(),
  backend: z.string().optional(),
  /**
   * The space the entries' genomes live in when it is not the backbone's: a sub-space a table covers
   * whole (`reparam bench landscape` writes `{"slots": [{"name": "every-slot", "options": […]}]}`, one
   * op subset standing for the same ops in every slot that allows them). Strategies search it.
   */
  space: z.strictObject({ slots: z.array(z.strictObject({ name: z.string(), options: z.array(z.string()) })).min(1) }).optional(),
  entries: z.array(TABLE_ENTRY_SCHEMA).min(1),
});

/** A tabulated landscape as its file holds it. */
export type TabulatedLandscapeFile = z.infer<typeof TABULATED_LANDSCAPE_SCHEMA>;

/**
 * What a landscape file (`--landscape file.json`) holds: `version: 1` and either a generated
 * landscape's parameters (`{"version": 1, "kind": "rugged", "seed": 1, "k": 2, "noise": 4.5}`) or a
 * table (`{"version": 1, "kind": "tabulated", "entries": [{"genome": {…}, "scores": [0.71, 0.69]}], …}`).
 */
export const LANDSCAPE_FILE_SCHEMA = z.discriminatedUnion('kind', [
  GENERATED_LANDSCAPE_SCHEMA.extend({ version: z.literal(1) }),
  TABULATED_LANDSCAPE_SCHEMA.extend({ version: z.literal(1) }),
]);

/** What a landscape file holds. */
export type LandscapeFile = z.infer<typeof LANDSCAPE_FILE_SCHEMA>;

/** Reads a landscape file; anything missing, malformed or unknown in it is a one-line ReparamError naming the file and the field. */
export function readLandscapeFile(path: string): LandscapeFile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new ReparamError(`landscape file ${path} cannot be read as JSON (${why})`);
  }
  const parsed = LANDSCAPE_FILE_SCHEMA.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? `field '${issue.path.join('.')}'` : 'its content';
  const what = (issue?.message ?? 'is invalid').replace(/^Invalid input: /, '').replace(/\s+/g, ' ');
  throw new ReparamError(`landscape file ${path}: ${field}: ${what} (see docs/searching.md, "The landscape evaluator")`);
}
