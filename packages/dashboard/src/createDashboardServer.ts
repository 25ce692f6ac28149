import { createReadStream, lstatSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { fastify, type FastifyInstance } from 'fastify';
import type { Run } from '@reparam/runs';
import { comparisonSpec } from './comparisonChart.js';
import { DASHBOARD_DEFAULTS } from './dashboardDefaults.js';
import { findRuns } from './findRuns.js';
import { inspectInside } from './inspectInside.js';
import { liveSearchRun } from './liveSearchRun.js';
import { pathInside } from './pathInside.js';
import { runFingerprint } from './runFingerprint.js';
import { runPage } from './runPage.js';
import { runSummary } from './runSummary.js';
import { ASSETS_DIR, vendorScripts } from './vendorScripts.js';

/** How a dashboard server reads its directory. */
export interface DashboardServerOptions {
  /** The directory of runs, as a real path (no symlink on the way). */
  readonly root: string;
  /** How often the live channel looks for changes, in milliseconds. */
  readonly pollMs?: number;
}

const ASSETS: Record<string, string> = { '/': 'index.html', '/app.js': 'app.js', '/style.css': 'style.css' };

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
};

/** Shown inline by the page (pictures); everything else is a download. */
const INLINE = new Set(['.png']);

/**
 * The dashboard's web app over the runs under `root`, read-only: the page and its scripts, a JSON
 * API over the runs (`/api/runs`, `/api/run?id=`, `/api/compare?id=&id=`), a live channel of
 * server-sent events (`/api/events[?id=]`: `change` whenever a run's files change) and the runs'
 * files (`/files/<path>`). Only paths inside `root` are served: a `..`, an absolute path or a symlink
 * out of it is a 404, as is anything that is not there. Nor is a run's file outside `root` ever read:
 * such a run, like one that cannot be read, is shown as failed with its reason; no request ends the
 * server.
 */
export function createDashboardServer(o: DashboardServerOptions): FastifyInstance {
  const { root } = o;
  const pollMs = o.pollMs ?? DASHBOARD_DEFAULTS.pollMs;
  const vendor = vendorScripts();
  const app = fastify({ logger: false, forceCloseConnections: true });
  const streams = new Set<{ timer: NodeJS.Timeout; res: ServerResponse }>();

  /** The real folder of a run id, or undefined (→ 404) when it is no run inside root. */
  const runDir = (id: unknown): string | undefined => {
    if (typeof id !== 'string' || id === '') return undefined;
    const dir = pathInside(root, id);
    if (!dir) return undefined;
    try {
      return statSync(dir).isDirectory() && lstatSync(join(dir, 'config.json')).isFile() ? dir : undefined;
    } catch {
      return undefined;
    }
  };
  /** The run as the pages show it: a search with the evaluations its log has already. */
  const inspect = (dir: string) => {
    const inspected = inspectInside(root, dir);
    return inspected.run?.kind === 'search' ? { ...inspected, run: liveSearchRun(inspected.run).run } : inspected;
  };
  const notFound = { error: 'not found' };

  app.setErrorHandler((err, _req, reply) => {
    const { statusCode, message } = err as { statusCode?: number; message?: string };
    reply.code(statusCode && statusCode < 500 ? statusCode : 500).send({ error: message ?? String(err) });
  });
  app.setNotFoundHandler((_req, reply) => {
    reply.code(404).send(notFound);
  });

  for (const [url, file] of Object.entries(ASSETS)) {
    app.get(url, (_req, reply) => {
      reply.type(TYPES[extname(file)]!).header('cache-control', 'no-cache').send(readFileSync(join(ASSETS_DIR, file)));
    });
  }
  app.get('/favicon.ico', (_req, reply) => {
    reply.code(204).send();
  });
  app.get<{ Params: { name: string } }>('/vendor/:name', (req, reply) => {
    const path = vendor.get(req.params.name);
    if (!path) return reply.code(404).send(notFound);
    return reply.type(TYPES['.js']!).header('cache-control', 'max-age=3600').send(createReadStream(path));
  });

  app.get('/api/runs', () => ({ dir: root, runs: findRuns(root).map((id) => runSummary(root, id, inspect(join(root, id)))) }));

  app.get<{ Querystring: { id?: string } }>('/api/run', (req, reply) => {
    const dir = runDir(req.query.id);
    if (!dir) return reply.code(404).send(notFound);
    return runPage(root, req.query.id!, inspectInside(root, dir));
  });

  app.get<{ Querystring: { id?: string | string[] } }>('/api/compare', (req, reply) => {
    const ids = [req.query.id ?? []].flat();
    const runs: { id: string; run: Run }[] = [];
    const notes: string[] = [];
    for (const id of ids) {
      const dir = runDir(id);
      if (!dir) return reply.code(404).send(notFound);
      const { run, reason } = inspect(dir);
      if (run) runs.push({ id, run });
      else notes.push(`${id}: ${reason}`);
    }
    try {
      return { name: 'comparison', spec: comparisonSpec(runs), notes };
    } catch (err) {
      return { name: 'comparison', note: (err as Error).message, notes };
    }
  });

  app.get<{ Querystring: { id?: string } }>('/api/events', (req, reply) => {
    const dir = req.query.id === undefined ? undefined : runDir(req.query.id);
    if (req.query.id !== undefined && !dir) return reply.code(404).send(notFound);
    const fingerprint = dir ? () => runFingerprint(root, dir) : () => findRuns(root).map((id) => `${id}=${runFingerprint(root, join(root, id))}`).join('\n');
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    // `ready` first: the page draws again, so nothing written between its last fetch and now is missed.
    res.write('retry: 1000\n\nevent: ready\ndata: {}\n\n');
    let last = fingerprint();
    const stream = {
      res,
      timer: setInterval(() => {
        try {
          const now = fingerprint();
          if (now !== last) res.write('event: change\ndata: {}\n\n');
          last = now;
        } catch {
          // a file system hiccup: look again next time
        }
      }, dir ? pollMs : 2 * pollMs),
    };
    streams.add(stream);
    req.raw.on('close', () => {
      clearInterval(stream.timer);
      streams.delete(stream);
    });
  });

  app.get<{ Params: { '*': string } }>('/files/*', (req, reply) => {
    const path = pathInside(root, req.params['*']);
    let isFile = false;
    try {
      isFile = path !== undefined && statSync(path).isFile();
    } catch {
      isFile = false;
    }
    if (!path || !isFile) return reply.code(404).send(notFound);
    const ext = extname(path).toLowerCase();
    reply.type(TYPES[ext] ?? 'application/octet-stream');
    if (!INLINE.has(ext)) reply.header('content-disposition', `attachment; filename="${encodeURIComponent(path.split('/').pop()!)}"`);
    return reply.send(createReadStream(path));
  });

  app.addHook('onClose', async () => {
    for (const s of streams) {
      clearInterval(s.timer);
      s.res.end();
    }
    streams.clear();
  });
  return app;
}
