import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs `fill(tmp)` on a fresh folder inside `target`, then moves each entry it wrote over the
 * entry of the same name in `target` (other entries stay, e.g. an earlier multi-branch export). If
 * `fill` throws, `target` is as it was: a failed check never leaves half-written or emptied files.
 */
export async function writeThenMove<T>(target: string, fill: (tmp: string) => Promise<T>): Promise<T> {
  const created = !existsSync(target);
  mkdirSync(target, { recursive: true });
  const tmp = join(target, `.partial-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  let result: T;
  try {
    result = await fill(tmp);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    if (created) rmSync(target, { recursive: true, force: true });
    throw err;
  }
  for (const entry of readdirSync(tmp)) {
    const dest = join(target, entry);
    const old = join(target, `.old-${process.pid}-${entry}`);
    if (existsSync(dest)) renameSync(dest, old);
    renameSync(join(tmp, entry), dest);
    rmSync(old, { recursive: true, force: true });
  }
  rmSync(tmp, { recursive: true, force: true });
  return result;
}
