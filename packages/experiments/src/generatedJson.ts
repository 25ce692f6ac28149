import { existsSync, readFileSync } from 'node:fs';
import { ReparamError, writeFileAtomic, z } from '@reparam/core';

/** A benchmark's JSON page: one entry per setting it was run on (e.g. per backbone), each with its `id`. */
const GENERATED_JSON_SCHEMA = z.object({ experiments: z.array(z.looseObject({ id: z.string() })) });

/**
 * Writes `value` as the experiment `id` of the JSON beside a benchmark's page, keeping the entries of
 * the other settings that file already holds (the same benchmark run on another backbone), in order.
 */
export function writeGeneratedJson(path: string, id: string, value: object): void {
  const experiments = existsSync(path) ? readGeneratedJson(path).experiments : [];
  const entry = { id, ...value };
  const at = experiments.findIndex((e) => e.id === id);
  if (at >= 0) experiments[at] = entry;
  else experiments.push(entry);
  writeFileAtomic(path, `${JSON.stringify({ experiments }, null, 2)}\n`);
}

/** Reads a benchmark's JSON page, refusing anything else in one line. */
export function readGeneratedJson(path: string): z.infer<typeof GENERATED_JSON_SCHEMA> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ReparamError(`${path} is not valid JSON (${(err as Error).message}); move it away to write a new one`);
  }
  const parsed = GENERATED_JSON_SCHEMA.safeParse(json);
  if (!parsed.success) throw new ReparamError(`${path} is not a benchmark's JSON page (an "experiments" list with an "id" each); move it away to write a new one`);
  return parsed.data;
}
