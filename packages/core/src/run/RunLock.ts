import { closeSync, existsSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ReparamError } from '../errors.js';

/** The lock file a process keeps in a run directory while it writes there. */
export const LOCK_FILE = '.lock';

/** What a lock file holds. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  /** ISO time the owner took the lock. */
  readonly since: string;
}

/** A stale lock (its process is gone) that {@link RunLock.acquire} took over. */
export interface TakenOverLock {
  readonly previous: LockOwner;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' && typeof o.since === 'string' ? (o as LockOwner) : undefined;
  } catch {
    return undefined; // half-written or not ours: treated as stale
  }
}

/**
 * Who is writing `dir` now: the owner of its lock file while that process runs (an owner on another
 * host cannot be checked and counts as running), otherwise undefined — no lock, a half-written one,
 * or one a killed process left behind. Reads only; never takes or removes the lock.
 */
export function liveLockOwner(dir: string): LockOwner | undefined {
  const path = join(dir, LOCK_FILE);
  if (!existsSync(path)) return undefined;
  const held = readOwner(path);
  return held && (held.host !== hostname() || isAlive(held.pid)) ? held : undefined;
}

/**
 * Exclusive use of a run directory by one process: a lock file created atomically (`O_EXCL`) with
 * the owner's pid, host and start time. A second writer is refused at once with who holds it; a lock
 * left by a dead process on this host (a `kill -9`) is taken over. Released by {@link RunLock.release},
 * and at the latest when the process exits.
 */
export class RunLock {
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(
    readonly path: string,
    readonly owner: LockOwner,
    /** Set when a stale lock was taken over (the caller may warn about it). */
    readonly takenOver: TakenOverLock | undefined,
  ) {
    process.once('exit', this.onExit);
  }

  /** Takes the lock of `dir` (which must exist); a {@link ReparamError} when a live process holds it. */
  static acquire(dir: string): RunLock {
    const path = join(dir, LOCK_FILE);
    const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
    let takenOver: TakenOverLock | undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        try {
          writeSync(fd, `${JSON.stringify(owner)}\n`);
        } finally {
          closeSync(fd);
        }
        return new RunLock(path, owner, takenOver);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const held = readOwner(path);
      if (held && (held.host !== owner.host || isAlive(held.pid))) {
        const where = held.host === owner.host ? '' : ` on ${held.host}`;
        throw new ReparamError(`run ${dir} is in use by pid ${held.pid}${where} since ${held.since}`);
      }
      // A dead owner on this host: remove its lock and try once more (another process racing for it
      // makes the second O_EXCL fail, and that process then holds it).
      if (held) takenOver = { previous: held };
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
    const held = readOwner(path);
    throw new ReparamError(`run ${dir} is in use${held ? ` by pid ${held.pid} since ${held.since}` : ''}`);
  }

  /** Gives the directory back (removes the lock file if it is still this process's). */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.removeListener('exit', this.onExit);
    const held = existsSync(this.path) ? readOwner(this.path) : undefined;
    if (held && held.pid === this.owner.pid && held.since === this.owner.since) unlinkSync(this.path);
  }
}
