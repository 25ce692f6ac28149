import { existsSync, readFileSync } from 'node:fs';
import { ReparamError } from '@reparam/core';
import type { z } from 'zod';

/**
 * Reads a JSON file of a run and checks it against its schema. A missing file, broken JSON or a
 * field that does not match (a file written by another version of reparam, or edited by hand) is a
 * one-line {@link ReparamError} naming the file and the field.
 */
export function readRunFile<S extends z.ZodType>(path: string, schema: S): z.infer<S> {
  if (!existsSync(path)) throw new ReparamError(`${path} does not exist`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ReparamError(`${path} is not valid JSON (${(err as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.length ? `field '${issue.path.join('.')}'` : 'its content';
  const what = (issue?.message ?? 'is invalid').replace(/^Invalid input: /, '').replace(/^expected .*, received undefined$/, 'is missing');
  throw new ReparamError(`${path}: ${field} ${what} (written by another version of reparam, or edited?)`);
}

/** {@link readRunFile}, or undefined when the file does not exist (yet). */
export function readOptionalRunFile<S extends z.ZodType>(path: string, schema: S): z.infer<S> | undefined {
  return existsSync(path) ? readRunFile(path, schema) : undefined;
}
