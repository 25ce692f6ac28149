import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { ReparamError } from '@reparam/core';

const gunzipAsync = promisify(gunzip);

/** Throws a {@link ReparamError} unless `dir` is an existing directory; `what` names its role. */
export async function requireDirectory(dir: string, what: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new ReparamError(`${what} directory ${dir} does not exist`);
  if (!info.isDirectory()) throw new ReparamError(`${what} path ${dir} is not a directory`);
}

/** True when `dir` exists and is a directory. */
export async function isDirectory(dir: string): Promise<boolean> {
  const info = await stat(dir).catch(() => undefined);
  return info?.isDirectory() ?? false;
}

/** True when `file` exists and is a regular file. */
export async function isFile(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ?? false;
}

/**
 * `dir/name` or, failing that, `dir/name.gz`; a {@link ReparamError} naming both when neither exists.
 * Datasets are shipped either way (Debian gzips them, hand-made copies often are not).
 */
export async function findMaybeGzipped(dir: string, name: string): Promise<string> {
  const plain = join(dir, name);
  if (await isFile(plain)) return plain;
  if (await isFile(`${plain}.gz`)) return `${plain}.gz`;
  throw new ReparamError(`${dir} has neither ${name} nor ${name}.gz`);
}

/**
 * The bytes of `file`, gunzipped when they start with the gzip magic (the content decides, not the
 * name, so a mislabelled file still loads).
 */
export async function readMaybeGzipped(file: string): Promise<Uint8Array> {
  const raw = await readFile(file).catch((err: unknown) => {
    throw new ReparamError(`cannot read ${file}: ${(err as Error).message}`, { cause: err });
  });
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return new Uint8Array(await gunzipAsync(raw));
    } catch (err) {
      throw new ReparamError(`${file} is not a valid gzip file (${(err as Error).message})`, { cause: err });
    }
  }
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}
