import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ReparamError } from '@reparam/core';
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
import { z } from 'zod';

/** The file `reparam` reads from the working directory when `--config` is not given. */
export const CONFIG_FILE = 'reparam.config.json';

/** Top level of reparam.config.json: global settings, then one section per command. */
const topLevel = z
  .object({
    $schema: z.string().optional(),
    plugins: z.array(z.string(), { error: 'must be a list of module names or paths' }).optional(),
    backend: z.string({ error: 'must be a backend name (tensorflow, native, wasm, cpu)' }).optional(),
  })
  .catchall(z.record(z.string(), z.unknown(), { error: 'must be an object of option → value' }));

/** A parsed config file. */
export interface ReparamConfig {
  readonly path: string;
  readonly plugins?: string[];
  readonly backend?: string;
  /** Command sections (`train`, `search`, `bench` → `{ search: … }`, …), validated against the CLI later. */
  readonly sections: Record<string, Record<string, unknown>>;
}

/** The config to use: `explicit` (which must exist), else reparam.config.json in `cwd` if there is one. */
export function findConfigFile(explicit: string | undefined, cwd: string): string | undefined {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new ReparamError(`config file ${path} does not exist`);
    return path;
  }
  const path = resolve(cwd, CONFIG_FILE);
  return existsSync(path) ? path : undefined;
}

/** Reads a config file (JSON with comments); a syntax or shape error names the file, the place and the field. */
export function readConfigFile(path: string): ReparamConfig {
  const text = readFileSync(path, 'utf8');
  const errors: ParseError[] = [];
  const json = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const e = errors[0];
    const before = text.slice(0, e.offset).split('\n');
    throw new ReparamError(`${path}:${before.length}:${before.at(-1)!.length + 1}: ${printParseErrorCode(e.error)}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new ReparamError(`${path}: must hold one JSON object`);
  const parsed = topLevel.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReparamError(`${path}: ${issue.path.join('.') || 'top level'} ${issue.message}`);
  }
  const { $schema: _, plugins, backend, ...sections } = parsed.data;
  return { path, plugins, backend, sections: sections as Record<string, Record<string, unknown>> };
}
