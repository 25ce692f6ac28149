import { ReparamError } from '@reparam/core';

/** Where a work queue lives: a Redis server and database, as BullMQ's connection options want it. */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** Set for `rediss://` (TLS). */
  readonly tls?: Record<string, never>;
  /** The URL with any password hidden, for messages and logs. */
  readonly display: string;
}

/**
 * Reads `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS); the port defaults to
 * 6379 and the database to 0. A malformed URL is a one-line user error naming what is wrong.
 */
export function parseRedisUrl(url: string): RedisTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ReparamError(`--queue must be a Redis URL such as redis://localhost:6379, got '${url}'`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new ReparamError(`--queue must be a redis:// or rediss:// URL, got '${url}'`);
  }
  if (!u.hostname) throw new ReparamError(`--queue '${url}' names no host`);
  const port = u.port === '' ? 6379 : Number(u.port);
  const dbPath = u.pathname.replace(/^\//, '');
  if (dbPath !== '' && !/^\d+$/.test(dbPath)) throw new ReparamError(`--queue '${url}': the database after the host must be a number, got '${dbPath}'`);
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port,
    db: dbPath === '' ? 0 : Number(dbPath),
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    display: shown.toString().replace(/\/$/, ''),
  };
}

/** BullMQ connection options for `target`, the same for the search, the workers and `queue status`. */
export function connectionOptions(target: RedisTarget) {
  const { display: _display, ...connection } = target;
  return {
    ...connection,
    // BullMQ requires this for workers; for the search side it makes a Redis restart a pause, not an error.
    maxRetriesPerRequest: null,
    // Reconnect every second at most while Redis is away.
    retryStrategy: (times: number) => Math.min(times * 200, 1000),
  };
}

/**
 * Waits until `queue` has connected to `target`; a ReparamError after `seconds` otherwise (the
 * connection keeps retrying forever, so without a limit an unreachable Redis would hang).
 */
export async function reachQueue(queue: { waitUntilReady(): Promise<unknown> }, target: RedisTarget, seconds: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), seconds * 1000)));
  const ready = await Promise.race([queue.waitUntilReady().then(() => true), timeout]).finally(() => clearTimeout(timer));
  if (!ready) throw new ReparamError(`cannot reach the work queue at ${target.display} within ${seconds} s (is redis-server running there?)`);
}
