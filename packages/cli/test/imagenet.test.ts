import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageNetLikeFolder } from '@reparam/experiments';
import { startLocalRedis } from '@reparam/queue';
import { startCli, startWorkerProcess } from '../../queue/test/workerProcess.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCleanError, runCli } from './runCli.js';

// A tiny ILSVRC layout (train/<wnid>/*.JPEG, val/<wnid>/*.JPEG) with one truncated JPEG in val/,
// which the test split reads whole at the end of every train run.
const tmp = mkdtempSync(join(tmpdir(), 'reparam-cli-imagenet-'));
const root = join(tmp, 'ilsvrc');
let bad = '';
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  await imageNetLikeFolder(root, { images: 24, classes: 3, seed: 1 });
  const val = await imageNetLikeFolder(join(tmp, 'val-source'), { images: 6, classes: 3, seed: 2 });
  renameSync(val, join(root, 'val'));
  const cls = readdirSync(join(root, 'val'))[1];
  const good = readdirSync(join(root, 'val', cls))[0];
  bad = join(root, 'val', cls, 'bad.JPEG');
  const bytes = readFileSync(join(root, 'val', cls, good));
  writeFileSync(bad, bytes.subarray(0, Math.floor(bytes.length / 3)));
});

const train = (out: string, ...extra: string[]) =>
  runCli(['train', '--backbone', 'resnet8', '--dataset', `imagenet:${root}`, '--epochs', '1', '--batch', '4', '--image-size', '32', '--out', out, '--quiet', ...extra]);

describe('reparam train on a streamed imagenet: folder', () => {
  it('stops at a truncated JPEG, naming it in one line, and keeps what it wrote', async () => {
    const out = join(tmp, 'stop');
    const r = await train(out);
    expect(isCleanError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(/val\/n\d+\/bad\.JPEG is truncated .*--skip-bad-images/);
    expect(existsSync(join(out, 'config.json'))).toBe(true);
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    // --data-workers is a setting of the machine, not of the run: a resume accepts it (and meets the same image).
    const resumed = await runCli(['train', '--out', out, '--resume', '--data-workers', '1', '--quiet']);
    expect(resumed.stderr).not.toMatch(/cannot be given with --resume/);
    expect(resumed.stderr).toMatch(/bad\.JPEG is truncated/);
  });

  it('--data-workers 0 is a usage error (exit 2) and writes nothing', async () => {
    const out = join(tmp, 'workers0');
    const r = await train(out, '--data-workers', '0');
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/--data-workers <n>' argument '0' is invalid\. expected a positive integer/);
    expect(existsSync(out)).toBe(false);
  });

  it('with --skip-bad-images skips it, counts it in results.json, and fuse checks the run on the same data', async () => {
    const out = join(tmp, 'skip');
    const r = await train(out, '--skip-bad-images', '--data-workers', '1');
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { skippedImages: string[]; testSize: number; dataWorkers: number };
    expect(results.skippedImages).toEqual([bad]);
    expect(results.testSize).toBe(7);
    expect(results.dataWorkers).toBe(1);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { skipBadImages: boolean; imageSize: number };
    expect(config).toMatchObject({ skipBadImages: true, imageSize: 32 });
    expect(config).not.toHaveProperty('dataWorkers');
    const fused = await runCli(['fuse', out, '--json']);
    expect(fused.code, fused.stderr).toBe(0);
  });

  it('searches it through a reparam worker exactly as locally: the worker streams the same folder with the same settings', async () => {
    const redis = await startLocalRedis();
    const worker = startWorkerProcess(redis.url);
    try {
      const search = (out: string, ...extra: string[]) => [
        'search', '--backbone', 'resnet8', '--dataset', `imagenet:${root}`, '--image-size', '16', '--skip-bad-images',
        '--evaluator', 'standalone', '--budget', '2', '--population', '2', '--recheck', '1', '--eval-epochs', '1', '--retrain-epochs', '1',
        '--batch', '4', '--seed', '1', '--out', out, '--quiet', ...extra,
      ];
      // One decoding thread here, the default on the worker: the scores must not depend on it.
      const local = startCli(search(join(tmp, 'search-local'), '--data-workers', '1'));
      expect(await local.exited).toBe(0);
      await worker.waitFor(({ stdout }) => stdout.includes('"type":"ready"'));
      const queued = startCli(search(join(tmp, 'search-queued'), '--queue', redis.url));
      expect(await queued.exited, queued.stderr()).toBe(0);
      const records = (out: string) => JSON.parse(readFileSync(join(tmp, out, 'search-state.json'), 'utf8')) as { progress: { records: { genome: unknown; fitness: number }[] }; rechecks: unknown[] };
      const a = records('search-local');
      const b = records('search-queued');
      expect(b.progress.records.map((r) => [r.genome, r.fitness])).toEqual(a.progress.records.map((r) => [r.genome, r.fitness]));
      expect(b.rechecks).toEqual(a.rechecks);
      // The worker evaluated them (2 genomes and 1 recheck).
      expect(worker.events().filter((e) => e.type === 'job-done')).toHaveLength(3);
      // The search's results.json lists the image its retrainings skipped, as a train run's does.
      for (const out of ['search-local', 'search-queued']) {
        const results = JSON.parse(readFileSync(join(tmp, out, 'results.json'), 'utf8')) as { skippedImages: string[] };
        expect(results.skippedImages).toEqual([bad]);
      }
    } finally {
      worker.proc.kill('SIGKILL');
      await redis.dispose();
    }
  }, 180_000);
});
