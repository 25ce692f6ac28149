import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** True when `path` is `root` or below it (both absolute and normalized). */
export function isWithin(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The real path of `rel` under `root` (itself a real path), or undefined when `rel` leaves `root` —
 * by `..`, an absolute path, or a symlink (of the file or of a folder on the way) that points
 * outside — or does not exist. Everything the dashboard reads from disk on a request's behalf goes
 * through this.
 */
export function pathInside(root: string, rel: string): string | undefined {
  if (rel.includes('\0') || isAbsolute(rel)) return undefined;
  const target = resolve(root, rel);
  if (!isWithin(root, target)) return undefined;
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    return undefined;
  }
  return isWithin(root, real) ? real : undefined;
}

/** {@link pathInside} for an absolute `path`: its real path when it exists inside `root`, else undefined. */
export function realPathInside(root: string, path: string): string | undefined {
  return pathInside(root, relative(root, path));
}

/**
 * True when something exists at `path` (absolute) but really lies outside `root`: by `..` or through
 * a symlink, its own or a folder's on the way. A missing path (a dangling link too) is not: a reader
 * finds nothing there either.
 */
export function leadsOutside(root: string, path: string): boolean {
  if (realPathInside(root, path) !== undefined) return false;
  try {
    realpathSync(path);
    return true;
  } catch {
    return false;
  }
}
