import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeTinyIdx } from '../../cli/test/tinyIdx.js';
import { type LocalRedis, startLocalRedis } from '../src/index.js';
import { type CliProcess, startCli, startWorkerProcess, type WorkerEventLine } from './workerProcess.js';

// Each test runs real processes against a real redis-server: a search driver and `reparam worker`s.
const tmp = mkdtempSync(join(tmpdir(), 'reparam-queue-'));
let redis: LocalRedis;
const workers: CliProcess[] = [];

/** A tiny standalone search: 2 generations of 2 genomes, each trained 1 epoch on 400 MNIST images, then its best 3 rechecked. */
const search = (out: string, ...extra: string[]) => [
  'search',
  ...['--backbone', 'resnet8', '--width', '0.25', '--dataset', 'mnist', '--limit', '400', '--seed', '3'],
  ...['--evaluator', 'standalone', '--budget', '4', '--population', '2', '--eval-epochs', '1', '--batch', '32'],
  ...['--retrain-epochs', '1', '--out', out],
  ...extra,
];
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'));
const records = (out: string) => (readJson(join(out, 'search-state.json')).progress.records as { genome: unknown; fitness: number }[]).map((r) => [r.genome, r.fitness]);
/** How often each job id was completed, over all the given workers' events. */
const completions = (events: WorkerEventLine[]) => {
  const n = new Map<string, number>();
  for (const e of events) if (e.type === 'job-done') n.set(e.id!, (n.get(e.id!) ?? 0) + 1);
  return n;
};
const worker = (cwd?: string) => {
  const w = startWorkerProcess(redis.url, cwd);
  workers.push(w);
  return w;
};
const ready = (w: ReturnType<typeof worker>) => w.waitFor(({ stdout }) => stdout.includes('"type":"ready"'));
const jobStarted = ({ stdout }: { stdout: string }) => stdout.includes('"type":"job-start"');

let local: unknown[];
beforeAll(async () => {
  redis = await startLocalRedis();
  // The reference: the same search evaluated in the search's own process.
  const r = startCli(search(join(tmp, 'local'), '--quiet'));
  expect(await r.exited).toBe(0);
  local = records(join(tmp, 'local'));
}, 120_000);
// A worker left alive by a failed test would take the next test's jobs: each test's workers end with it.
afterEach(() => {
  for (const w of workers.splice(0)) if (w.proc.exitCode === null) w.proc.kill('SIGKILL');
});
afterAll(async () => {
  await redis?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

describe('reparam search --queue with reparam worker', () => {
  it('survives a worker killed mid-job: every genome is evaluated once, the search equals the local one', async () => {
    const a = worker();
    const b = worker();
    await Promise.all([ready(a), ready(b)]);
    const out = join(tmp, 'distributed');
    const driver = startCli(search(out, '--queue', redis.url));
    // Kill whichever worker takes a job first, in the middle of it.
    await Promise.race([a.waitFor(jobStarted), b.waitFor(jobStarted)]);
    const [victim, survivor] = jobStarted({ stdout: a.stdout(), stderr: '' }) ? [a, b] : [b, a];
    victim.proc.kill('SIGKILL');
    expect(await driver.exited).toBe(0);
    expect(records(out)).toEqual(local);
    expect(readJson(join(out, 'best-genome.json'))).toEqual(readJson(join(tmp, 'local', 'best-genome.json')));
    const killedJob = victim.events().find((e) => e.type === 'job-start')!.id!;
    const done = completions([...victim.events(), ...survivor.events()]);
    // 4 evaluations and 3 rechecks (the best genomes scored again with the next seed), each completed once.
    expect([...done.values()]).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(done.get(killedJob)).toBe(1);
    expect(victim.events().some((e) => e.type === 'job-done' && e.id === killedJob)).toBe(false);

    // The queue's status shows the finished jobs and the live worker.
    const status = startCli(['queue', 'status', '--queue', redis.url, '--json']);
    expect(await status.exited).toBe(0);
    const s = JSON.parse(status.stdout());
    expect(s.counts.completed).toBeGreaterThanOrEqual(7);
    expect(s.counts.failed).toBe(0);
    expect(s.workers.length).toBeGreaterThanOrEqual(1);

    // SIGTERM: the idle survivor stops cleanly.
    survivor.proc.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
  }, 180_000);

  it('re-attaches a killed and resumed search driver to its jobs, running none twice', async () => {
    const w = worker();
    await ready(w);
    const out = join(tmp, 'resumed');
    const first = startCli(search(out, '--queue', redis.url));
    await first.waitFor(({ stderr }) => stderr.includes('taken by'));
    first.proc.kill('SIGKILL');
    await first.exited;
    const again = startCli(search(out, '--resume'));
    expect(await again.exited).toBe(0);
    expect(records(out)).toEqual(local);
    expect([...completions(w.events()).values()]).toEqual([1, 1, 1, 1, 1, 1, 1]);
    w.proc.kill('SIGTERM');
    await w.exited;
  }, 180_000);

  it('fails a job that meets a user error once, without retrying, and says why in one line', async () => {
    // The dataset path is relative: it exists where the search runs, not where the worker runs.
    writeTinyIdx(join(tmp, 'idx'));
    const w = worker();
    await ready(w);
    const out = join(tmp, 'user-error');
    const s = startCli(['search', '--backbone', 'resnet8', '--width', '0.25', '--dataset', 'idx:idx', '--evaluator', 'standalone', '--budget', '2', '--population', '2', '--eval-epochs', '1', '--queue', redis.url, '--out', out], tmp);
    expect(await s.exited).toBe(1);
    const lines = s.stderr().trim().split('\n');
    expect(lines.at(-1)).toMatch(/^reparam: evaluating genome .* failed on the workers after 1 attempt: worker .*idx/);
    // Each job was tried once: none is retried.
    await w.waitFor(() => w.events().filter((e) => e.type === 'job-failed').length === 2);
    const starts = w.events().filter((e) => e.type === 'job-start').map((e) => e.id);
    expect(new Set(starts).size).toBe(starts.length);
    expect(w.events().some((e) => e.type === 'job-failed' && e.retried)).toBe(false);
    // Nothing written is lost: the run can be resumed once the data is reachable.
    expect(existsSync(join(out, 'config.json'))).toBe(true);
    expect(existsSync(join(out, 'search-state.json'))).toBe(true);
    w.proc.kill('SIGTERM');
    await w.exited;
  }, 120_000);

  it('retries a job whose evaluation process crashes, then fails the search naming the genome', async () => {
    const plugin = fileURLToPath(new URL('./fixtures/crashingEvaluator.mjs', import.meta.url));
    const w = worker();
    await ready(w);
    const s = startCli(['--plugin', plugin, ...search(join(tmp, 'crash'), '--evaluator', 'crashing', '--budget', '1', '--queue', redis.url)]);
    expect(await s.exited).toBe(1);
    expect(s.stderr().trim().split('\n').at(-1)).toMatch(/^reparam: evaluating genome \d+ optional ops .* failed on the workers after 3 attempts: /);
    await w.waitFor(() => w.events().some((e) => e.type === 'job-failed' && !e.retried));
    expect(w.events().filter((e) => e.type === 'job-start').length).toBe(3);
    w.proc.kill('SIGTERM');
    await w.exited;
  }, 120_000);

  it('keeps a worker through a Redis restart', async () => {
    const w = worker();
    await ready(w);
    await redis.stop();
    await w.waitFor(({ stdout }) => stdout.includes('"type":"redis-lost"'));
    await redis.restart();
    const out = join(tmp, 'after-restart');
    const s = startCli(search(out, '--budget', '2', '--queue', redis.url));
    expect(await s.exited, `search:\n${s.stderr()}\nworker:\n${w.stdout()}`).toBe(0);
    expect(records(out)).toEqual(local.slice(0, 2));
    await w.waitFor(() => w.events().some((e) => e.type === 'redis-back'));
    w.proc.kill('SIGTERM');
    await w.exited;
  }, 120_000);
});

describe('bad queue input', () => {
  const clean = async (args: string[], message: RegExp, out?: string) => {
    const p = startCli(args);
    expect(await p.exited).toBe(1);
    const lines = p.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    if (out) expect(existsSync(out)).toBe(false);
  };
  it('refuses the supernet evaluator on a queue before writing anything', async () => {
    const out = join(tmp, 'supernet');
    await clean(search(out, '--evaluator', 'supernet', '--queue', 'redis://127.0.0.1:1'), /^reparam: the 'supernet' evaluator cannot run on a work queue/, out);
  });
  it('refuses a malformed queue URL', async () => {
    const out = join(tmp, 'bad-url');
    await clean(search(out, '--queue', 'http://localhost:6379'), /^reparam: --queue must be a redis:\/\/ or rediss:\/\/ URL/, out);
    await clean(['queue', 'status', '--queue', 'redis://localhost:63x9'], /^reparam: --queue must be a Redis URL/);
  });
  it('says when the queue cannot be reached', async () => {
    await clean(['queue', 'status', '--queue', 'redis://127.0.0.1:1'], /^reparam: cannot reach the work queue at redis:\/\/127\.0\.0\.1:1/);
  }, 30_000);
});
