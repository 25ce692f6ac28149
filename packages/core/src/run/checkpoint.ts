import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { ReparamError } from '../errors.js';
import type { Parameter } from '../nn/Parameter.js';
import { writeFileAtomic } from './writeFileAtomic.js';

const manifestSchema = z.object({
  format: z.literal('reparam-checkpoint'),
  version: z.literal(1),
  weightsFile: z.string(),
  bytes: z.number().int().nonnegative(),
  tensors: z.array(z.object({ name: z.string(), shape: z.array(z.number().int().nonnegative()), offset: z.number().int().nonnegative() })),
  meta: z.unknown(),
});

/** The manifest file name inside a run directory. */
export const CHECKPOINT_FILE = 'checkpoint.json';

/**
 * Saves `parameters` (float32) and `meta` (JSON) into `dir`: the weights go to a new numbered file
 * first, then the manifest that names it replaces the old one atomically; older weight files are
 * removed afterwards. A crash leaves the previous checkpoint usable.
 */
export function saveCheckpoint(dir: string, parameters: readonly Parameter[], meta: unknown): void {
  const tensors: { name: string; shape: number[]; offset: number }[] = [];
  const names = new Set<string>();
  let offset = 0;
  for (const p of parameters) {
    // Loading matches by name, so a duplicate would silently restore the wrong tensor.
    if (names.has(p.name)) throw new Error(`cannot checkpoint: two parameters are named '${p.name}'`);
    names.add(p.name);
    tensors.push({ name: p.name, shape: [...p.variable.shape], offset });
    offset += p.variable.size * 4;
  }
  const buffer = new Uint8Array(offset);
  parameters.forEach((p, i) => {
    const values = p.variable.dataSync() as Float32Array;
    buffer.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), tensors[i].offset);
  });
  const weightsFile = `checkpoint-${Date.now()}-${process.pid}.bin`;
  writeFileAtomic(join(dir, weightsFile), buffer);
  const manifest = { format: 'reparam-checkpoint', version: 1, weightsFile, bytes: offset, tensors, meta };
  writeFileAtomic(join(dir, CHECKPOINT_FILE), JSON.stringify(manifest));
  for (const f of readdirSync(dir)) {
    if (/^checkpoint-.*\.bin$/.test(f) && f !== weightsFile) rmSync(join(dir, f), { force: true });
  }
}

/** True when `dir` holds a checkpoint manifest. */
export function hasCheckpoint(dir: string): boolean {
  return existsSync(join(dir, CHECKPOINT_FILE));
}

/**
 * Loads a checkpoint written by {@link saveCheckpoint} into `parameters` (matched by name) and
 * returns its `meta`. Every problem — missing, not JSON, not a checkpoint, truncated weights, a
 * missing tensor or a shape mismatch — is a {@link ReparamError} naming the file; on error no
 * parameter has been changed.
 */
export function loadCheckpoint(dir: string, parameters: readonly Parameter[]): unknown {
  const path = join(dir, CHECKPOINT_FILE);
  if (!existsSync(path)) throw new ReparamError(`no checkpoint to resume from in ${dir}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new ReparamError(`checkpoint ${path} is unreadable: not valid JSON`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw new ReparamError(`checkpoint ${path} is not a reparam checkpoint (${parsed.error.issues[0].message})`);
  const manifest = parsed.data;
  const weightsPath = join(dir, basename(manifest.weightsFile));
  if (!existsSync(weightsPath)) throw new ReparamError(`checkpoint weights ${weightsPath} are missing`);
  const bytes = readFileSync(weightsPath);
  if (bytes.length !== manifest.bytes) {
    throw new ReparamError(`checkpoint weights ${weightsPath} are truncated or corrupt (${bytes.length} of ${manifest.bytes} bytes)`);
  }
  const byName = new Map(manifest.tensors.map((t) => [t.name, t]));
  const plan = parameters.map((p) => {
    const t = byName.get(p.name);
    if (!t) throw new ReparamError(`checkpoint ${path} lacks tensor '${p.name}' (was it written for another network or genome?)`);
    if (t.shape.join('x') !== p.variable.shape.join('x')) {
      throw new ReparamError(`checkpoint tensor '${p.name}' has shape [${t.shape}] but the network expects [${p.variable.shape}]`);
    }
    if (t.offset + p.variable.size * 4 > bytes.length) throw new ReparamError(`checkpoint tensor '${p.name}' lies outside ${weightsPath}`);
    return { p, t };
  });
  // Copy so the Float32Array is aligned whatever the Buffer's offset.
  const aligned = new Uint8Array(bytes).buffer;
  for (const { p, t } of plan) {
    const values = new Float32Array(aligned, t.offset, p.variable.size);
    tf.tidy(() => p.variable.assign(tf.tensor(values, p.variable.shape, 'float32')));
  }
  return manifest.meta;
}
