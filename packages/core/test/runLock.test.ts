import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, ReparamError, RunDirectory, RunLock } from '../src/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-lock-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshDir = () => {
  const dir = join(tmp, `d${n++}`);
  mkdirSync(dir);
  return dir;
};
/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!;

describe('RunDirectory.close', () => {
  it('removes a folder it created and nothing was written to; keeps one with files, or one that existed', () => {
    const unused = join(tmp, 'unused', 'run');
    RunDirectory.open(unused).close();
    expect(existsSync(unused)).toBe(false);
    const used = join(tmp, 'used');
    const run = RunDirectory.open(used);
    run.writeJson('config.json', {});
    run.close();
    expect(existsSync(join(used, 'config.json'))).toBe(true);
    const existing = freshDir();
    RunDirectory.open(existing).close();
    expect(existsSync(existing)).toBe(true);
  });
});

describe('RunLock', () => {
  it('holds the pid, host and start time; a second writer is refused with them; release frees the directory', () => {
    const dir = freshDir();
    const lock = RunLock.acquire(dir);
    const held = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
    expect(held).toEqual({ pid: process.pid, host: hostname(), since: lock.owner.since });
    expect(() => RunLock.acquire(dir)).toThrow(ReparamError);
    expect(() => RunLock.acquire(dir)).toThrow(`run ${dir} is in use by pid ${process.pid} since ${lock.owner.since}`);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    RunLock.acquire(dir).release();
  });

  it('takes over the lock of a process that died on this host, and says whose it was', () => {
    const dir = freshDir();
    const pid = deadPid();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' }));
    const lock = RunLock.acquire(dir);
    expect(lock.takenOver).toEqual({ previous: { pid, host: hostname(), since: '2026-01-01T00:00:00.000Z' } });
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('never takes over a lock held on another host (it cannot tell whether that process lives)', () => {
    const dir = freshDir();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: 'elsewhere', since: '2026-01-01T00:00:00.000Z' }));
    expect(() => RunLock.acquire(dir)).toThrow(/is in use by pid \d+ on elsewhere since 2026-01-01T00:00:00.000Z/);
  });

  it('RunDirectory: a run being written is "in use", not "already holds a run"; close() gives it back', () => {
    const dir = join(tmp, 'run');
    const run = RunDirectory.open(dir);
    run.writeJson('config.json', {});
    expect(() => RunDirectory.open(dir)).toThrow(/is in use by pid/);
    run.close();
    expect(() => RunDirectory.open(dir)).toThrow(/already holds a run/);
  });
});
