import { existsSync, readFileSync } from 'node:fs';
import { ReparamError, type z } from '@reparam/core';

/**
 * Reads a benchmark's scores file (kept in its --out between runs, so an interrupted run or another
 * shard continues), or undefined when there is none. A file that is not JSON, does not match
 * `schema` (`what` names the benchmark in the message), or was made with other `settings` is a
 * one-line ReparamError; the file is left as it is.
 */
export function readBenchScores<T extends { readonly settings: Readonly<Record<string, unknown>> }>(
  file: string,
  schema: z.ZodType<T>,
  settings: Readonly<Record<string, unknown>>,
  what: string,
): T | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ReparamError(`${file} is not valid JSON (${(err as Error).message}); move it away to start over`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReparamError(`${file} is not a ${what} benchmark's scores file (${issue?.path.join('.') || 'top level'}: ${issue?.message}); move it away to start over`);
  }
  for (const [key, value] of Object.entries(settings)) {
    if (JSON.stringify(parsed.data.settings[key]) !== JSON.stringify(value)) {
      throw new ReparamError(`${file} holds scores made with ${key} ${JSON.stringify(parsed.data.settings[key])}, not ${JSON.stringify(value)}; use another --out`);
    }
  }
  return parsed.data;
}

/** Adds to `into` every `[key][name]` score `from` holds and it lacks (another shard's trainings). */
export function addMissingScores<V>(into: Record<string, Record<string, V>>, from: Readonly<Record<string, Readonly<Record<string, V>>>>): void {
  for (const [key, byName] of Object.entries(from)) {
    const mine = (into[key] ??= {});
    for (const [name, value] of Object.entries(byName)) mine[name] ??= value;
  }
}
