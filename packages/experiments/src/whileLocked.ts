import { isReparamError, RunLock } from '@reparam/core';

/**
 * Runs `fn` holding `dir`'s lock, waiting (up to a minute) while another process holds it briefly:
 * how benchmark shards sharing one output folder take turns at their scores file.
 */
export function whileLocked<T>(dir: string, fn: () => T): T {
  const wait = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    let lock: RunLock;
    try {
      lock = RunLock.acquire(dir);
    } catch (err) {
      if (!isReparamError(err) || attempt >= 2400) throw err;
      Atomics.wait(wait, 0, 0, 25);
      continue;
    }
    try {
      return fn();
    } finally {
      lock.release();
    }
  }
}
