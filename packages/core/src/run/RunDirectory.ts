import { appendFileSync, existsSync, mkdirSync, readdirSync, rmdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ReparamError } from '../errors.js';
import type { Parameter } from '../nn/Parameter.js';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { LOCK_FILE, RunLock } from './RunLock.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * A run's folder (`runs/<name>/`): `config.json`, `log.jsonl`, the checkpoint, `results.json` and
 * other outputs. Opening one that already holds a run without `resume` is refused, so nothing a
 * user has is overwritten; while open, the directory is locked against a second writer
 * ({@link RunLock}) until {@link RunDirectory.close} or the end of the process.
 */
export class RunDirectory {
  private constructor(
    readonly path: string,
    private readonly lock: RunLock,
    /** True when open() created the folder (so close() may remove it again if nothing was written). */
    private readonly created = false,
  ) {}

  /** Set when opening took over the stale lock of a dead process (worth a warning). */
  get takenOverLock() {
    return this.lock.takenOver;
  }

  /**
   * Opens (and creates) a run directory; `resume` requires an existing checkpoint, or the file
   * `resumeFrom` names for runs that keep their state elsewhere (a search's search-state.json).
   */
  static open(path: string, options: { readonly resume?: boolean; readonly resumeFrom?: string } = {}): RunDirectory {
    const dir = resolve(path);
    if (options.resume) {
      const resumable = options.resumeFrom ? existsSync(join(dir, options.resumeFrom)) : hasCheckpoint(dir);
      if (!resumable) throw new ReparamError(`cannot resume: no ${options.resumeFrom ?? 'checkpoint'} in ${dir}`);
      return new RunDirectory(dir, RunLock.acquire(dir));
    }
    if (existsSync(dir)) {
      // A run still being written says so, rather than "already holds a run".
      if (existsSync(join(dir, LOCK_FILE))) RunLock.acquire(dir).release();
      if (existsSync(join(dir, 'config.json')) || existsSync(join(dir, 'results.json'))) {
        throw new ReparamError(`${dir} already holds a run; resume it, or write the new run to another directory`);
      }
      if (readdirSync(dir).filter((f) => f !== LOCK_FILE).length > 0) throw new ReparamError(`${dir} is not empty; write the run to another directory`);
    }
    const created = !existsSync(dir);
    mkdirSync(dir, { recursive: true });
    return new RunDirectory(dir, RunLock.acquire(dir), created);
  }

  /**
   * Releases the directory's lock; the run can be opened again by another process. A folder this
   * run created and never wrote to (a command that failed on its input) is removed, so a failed
   * command leaves no empty run directory behind.
   */
  close(): void {
    this.lock.release();
    if (this.created && existsSync(this.path) && readdirSync(this.path).length === 0) rmdirSync(this.path);
  }

  /** Path of a file in the run. */
  file(name: string): string {
    return join(this.path, name);
  }

  /** Writes `name` as pretty JSON, atomically. */
  writeJson(name: string, value: unknown): void {
    writeFileAtomic(this.file(name), `${JSON.stringify(value, null, 2)}\n`);
  }

  /** Appends one event to `log.jsonl` with a timestamp. */
  log(event: object): void {
    appendFileSync(this.file('log.jsonl'), `${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
  }

  saveCheckpoint(parameters: readonly Parameter[], meta: unknown): void {
    saveCheckpoint(this.path, parameters, meta);
  }

  loadCheckpoint(parameters: readonly Parameter[]): unknown {
    return loadCheckpoint(this.path, parameters);
  }
}
