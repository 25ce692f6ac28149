import { appendFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ReparamError } from '../errors.js';
import type { Parameter } from '../nn/Parameter.js';
import { hasCheckpoint, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/**
 * A run's folder (`runs/<name>/`): `config.json`, `log.jsonl`, the checkpoint, `results.json` and
 * other outputs. Opening one that already holds a run without `resume` is refused, so nothing a
 * user has is overwritten.
 */
export class RunDirectory {
  private constructor(readonly path: string) {}

  /**
   * Opens (and creates) a run directory; `resume` requires an existing checkpoint, or the file
   * `resumeFrom` names for runs that keep their state elsewhere (a search's search-state.json).
   */
  static open(path: string, options: { readonly resume?: boolean; readonly resumeFrom?: string } = {}): RunDirectory {
    const dir = resolve(path);
    if (options.resume) {
      const resumable = options.resumeFrom ? existsSync(join(dir, options.resumeFrom)) : hasCheckpoint(dir);
      if (!resumable) throw new ReparamError(`cannot resume: no ${options.resumeFrom ?? 'checkpoint'} in ${dir}`);
      return new RunDirectory(dir);
    }
    if (existsSync(dir)) {
      if (existsSync(join(dir, 'config.json')) || existsSync(join(dir, 'results.json'))) {
        throw new ReparamError(`${dir} already holds a run; pass --resume to continue it or choose another --out`);
      }
      if (readdirSync(dir).length > 0) throw new ReparamError(`${dir} is not empty; choose another --out`);
    }
    mkdirSync(dir, { recursive: true });
    return new RunDirectory(dir);
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
