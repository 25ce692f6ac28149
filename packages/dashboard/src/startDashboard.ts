import { realpathSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { ReparamError } from '@reparam/core';
import { createDashboardServer } from './createDashboardServer.js';
import { DASHBOARD_DEFAULTS } from './dashboardDefaults.js';

/** Where `reparam dashboard` serves which runs. */
export interface DashboardOptions {
  /** The directory of runs (default `runs`). */
  readonly dir?: string;
  /** Address to listen on (default 127.0.0.1: this machine only). */
  readonly host?: string;
  /** Port (default 8765; 0: any free port). */
  readonly port?: number;
  /** How often a live page looks for changed run files, in milliseconds. */
  readonly pollMs?: number;
}

/** A running dashboard. */
export interface Dashboard {
  /** The address to open, e.g. `http://127.0.0.1:8765/`. */
  readonly url: string;
  /** The directory whose runs it shows (real path). */
  readonly dir: string;
  /** Stops listening and ends the live channels. */
  close(): Promise<void>;
}

/** The one-line error of a failed listen. */
function listenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  if (err.code === 'EADDRINUSE') return new ReparamError(`port ${port} on ${host} is in use: stop what listens there or pick another port with --port`);
  if (err.code === 'EACCES') return new ReparamError(`not allowed to listen on port ${port} on ${host}: pick a port above 1023 with --port`);
  if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') return new ReparamError(`cannot listen on ${host}: no such address on this machine (--host)`);
  return err;
}

/**
 * Starts the dashboard over the runs in `dir`: a missing directory, a port in use or an address
 * that is not this machine's is a one-line {@link ReparamError}.
 */
export async function startDashboard(o: DashboardOptions = {}): Promise<Dashboard> {
  const dir = resolve(o.dir ?? DASHBOARD_DEFAULTS.dir);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new ReparamError(`${dir} is not a directory of runs (it does not exist; pass the folder your runs' --out are in)`);
  const root = realpathSync(dir);
  const host = o.host ?? DASHBOARD_DEFAULTS.host;
  const port = o.port ?? DASHBOARD_DEFAULTS.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ReparamError(`port ${port} is not a port number (0 to 65535; 0: any free port)`);
  const app = createDashboardServer({ root, ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {}) });
  try {
    await app.listen({ host, port });
  } catch (err) {
    await app.close();
    throw listenError(err as NodeJS.ErrnoException, host, port);
  }
  const address = app.server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return { url: `http://${shown}:${address.port}/`, dir: root, close: () => app.close() };
}
