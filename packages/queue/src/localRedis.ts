import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReparamError } from '@reparam/core';

/**
 * A throwaway redis-server on a free loopback port in a temp folder, persisting nothing: what the
 * queue's tests and `reparam bench distributed` run against (Debian's redis-server; scripts/setup.sh
 * installs it).
 */
export interface LocalRedis {
  readonly port: number;
  readonly url: string;
  /** Stops the server (as a crash would: no save). */
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted). */
  restart(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

/** A TCP port on 127.0.0.1 that nothing listens on (at the time of asking). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Starts redis-server in a temp dir; a ReparamError says so when it is not installed. */
export async function startLocalRedis(): Promise<LocalRedis> {
  if (spawnSync('redis-server', ['--version']).error) throw new ReparamError('redis-server is not installed (bash scripts/setup.sh installs it; Debian: apt install redis-server)');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'reparam-redis-'));
  let proc: ChildProcess | undefined;
  const start = async () => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      if (spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().trim() === 'PONG') return;
      await sleep(100);
    }
    throw new ReparamError(`redis-server did not start on port ${port}`);
  };
  const stop = async () => {
    const p = proc;
    proc = undefined;
    if (!p || p.exitCode !== null) return;
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop,
    restart: start,
    dispose: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
