import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ReparamError } from '@reparam/core';
import { z } from 'zod';
import { isImageFile } from '../decodeImage.js';
import { classFolders } from '../readImageFolder.js';

/** The images of a class-per-folder tree, listed but not read: a path and a label each. */
export interface FolderIndex {
  /** Absolute paths, class after class, each class's files in code-point order. */
  readonly files: readonly string[];
  /** One class index per file. */
  readonly labels: Int32Array;
  readonly classNames: readonly string[];
}

const CACHE_SCHEMA = z.object({
  version: z.literal(1),
  dir: z.string(),
  classes: z.array(z.object({ name: z.string(), mtimeMs: z.number(), files: z.array(z.string()) })),
});
type CachedListing = z.infer<typeof CACHE_SCHEMA>;

const visible = (name: string): boolean => !name.startsWith('.');
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Where listings are cached: `$XDG_CACHE_HOME/reparam/image-folders` (default `~/.cache/…`). */
export function folderIndexCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'reparam', 'image-folders');
}

async function listClass(dir: string, name: string): Promise<string[]> {
  const entries = await readdir(join(dir, name), { withFileTypes: true });
  return entries.filter((e) => e.isFile() && visible(e.name) && isImageFile(e.name)).map((e) => e.name).sort(byCodePoint);
}

async function readCache(file: string, dir: string): Promise<CachedListing | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = CACHE_SCHEMA.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.dir === dir ? parsed.data : undefined;
  } catch {
    return undefined; // a damaged cache is re-listed, not an error
  }
}

/**
 * Lists `dir/<class>/*.png|jpg|jpeg` (any case) without reading an image. Labels index `classNames`
 * (default: `dir`'s class folders in code-point order). The listing is cached per directory under
 * {@link folderIndexCacheDir} and reused while no class folder's modification time has changed, so
 * a large tree (ImageNet: 1.28 M files) is listed once; a cache that cannot be written is skipped.
 */
export async function readFolderIndex(dir: string, classNames?: readonly string[], cacheDir: string = folderIndexCacheDir()): Promise<FolderIndex> {
  const root = resolve(dir);
  const own = await classFolders(root);
  if (own.length === 0) throw new ReparamError(`${dir} has no class folders; expected images in ${join(dir, '<class>')}/*.png|jpg|jpeg`);
  const names = classNames ?? own;
  const cacheFile = join(cacheDir, `${createHash('sha256').update(root).digest('hex').slice(0, 32)}.json`);
  const cached = await readCache(cacheFile, root);
  const mtimes = await Promise.all(own.map(async (name) => (await stat(join(root, name))).mtimeMs));
  const classes: CachedListing['classes'] = [];
  let changed = !cached || cached.classes.length !== own.length;
  for (let c = 0; c < own.length; c++) {
    const hit = cached?.classes[c];
    if (hit && hit.name === own[c] && hit.mtimeMs === mtimes[c]) classes.push(hit);
    else {
      classes.push({ name: own[c], mtimeMs: mtimes[c], files: await listClass(root, own[c]) });
      changed = true;
    }
  }
  if (changed) {
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    await mkdir(cacheDir, { recursive: true })
      .then(() => writeFile(tmp, JSON.stringify({ version: 1, dir: root, classes } satisfies CachedListing)))
      .then(() => rename(tmp, cacheFile))
      .catch(() => undefined);
  }
  const files: string[] = [];
  const labels: number[] = [];
  for (const { name, files: images } of classes) {
    const label = names.indexOf(name);
    if (label < 0) throw new ReparamError(`${join(dir, name)} is a class that the training images do not have`);
    if (images.length === 0) throw new ReparamError(`class folder ${join(dir, name)} has no PNG or JPEG images`);
    for (const image of images) {
      files.push(join(root, name, image));
      labels.push(label);
    }
  }
  return { files, labels: Int32Array.from(labels), classNames: names };
}
