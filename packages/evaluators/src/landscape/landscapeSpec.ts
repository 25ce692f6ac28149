import { ReparamError } from '@reparam/core';
import { GENERATED_LANDSCAPE_KINDS, GENERATED_LANDSCAPE_SCHEMA, type GeneratedLandscapeParams } from './landscapeParams.js';

/**
 * Parses a landscape spec: a kind, then optionally `:` and comma-separated `key=value` numbers, e.g.
 * `additive`, `additive:seed=1,noise=4.5,shared=0.8`, `rugged:seed=1,k=2,strength=1,noise=4.5`. An unknown kind
 * or key, or a value that is not a number in range, is a one-line ReparamError.
 */
export function parseLandscapeSpec(spec: string): GeneratedLandscapeParams {
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? spec : spec.slice(0, colon);
  if (!(GENERATED_LANDSCAPE_KINDS as readonly string[]).includes(kind)) {
    throw new ReparamError(`unknown landscape '${spec}': expected ${GENERATED_LANDSCAPE_KINDS.map((k) => `${k}[:key=value,…]`).join(' or ')} (keys seed, noise, shared, and for rugged k, strength), or a landscape .json file`);
  }
  const values: Record<string, unknown> = { kind };
  for (const part of colon < 0 ? [] : spec.slice(colon + 1).split(',').filter(Boolean)) {
    const m = /^(\w+)=(.+)$/.exec(part);
    if (!m || Number.isNaN(Number(m[2]))) throw new ReparamError(`landscape '${spec}': expected key=number, got '${part}'`);
    if (kind === 'additive' && (m[1] === 'k' || m[1] === 'strength')) throw new ReparamError(`landscape '${spec}': ${m[1]} applies to rugged landscapes only`);
    values[m[1]] = Number(m[2]);
  }
  const parsed = GENERATED_LANDSCAPE_SCHEMA.safeParse(values);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue?.path.join('.') || (issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : '');
  throw new ReparamError(`landscape '${spec}': ${key ? `${key}: ` : ''}${(issue?.message ?? 'invalid').replace(/\s+/g, ' ')}`);
}
