import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCleanError, repoRoot, runCli } from '../../cli/test/runCli.js';
import { writeTinyIdx } from '../../cli/test/tinyIdx.js';

// The whole dashboard as a user starts it (`reparam dashboard`, the built CLI) over a directory with
// a finished search, a finished training run, a broken run and a search still being written, driven
// by the Debian chromium that scripts/setup.sh installs.

const bin = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'reparam-dashboard-'));
const runs = join(tmp, 'runs');
const outside = join(tmp, 'outside');
/** Set to a folder (docs/img) to keep the browser's screenshots of the runs table and a search page. */
const screenshots = process.env.DASHBOARD_SCREENSHOTS;

let dashboard: ChildProcess | undefined;
let url: string;
let port: number;

/** Chromium's binary, or undefined when none is installed. */
function findChromium(): string | undefined {
  for (const name of [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome'].filter(Boolean) as string[]) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** A GET with the path sent exactly as given (no `..` folding, as a browser or fetch would do). */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The first event a live channel sends (then the connection is closed). */
function firstEvent(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
        if (/event: \w+\ndata: .*\n\n/.test(body)) {
          req.destroy();
          resolve(body);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Starts `reparam dashboard` and resolves to its URL (the line it prints), or rejects with its stderr. */
function startCli(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'dashboard', ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /at (http:\/\/\S+\/)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.stderr!.on('data', (c) => (err += c));
    child.on('exit', (code) => reject(new Error(`reparam dashboard exited with ${code}: ${err}`)));
  });
}

/** The state and log of a finished search cut back to its first generation, held by this process's lock: a search being written. */
function makeRunningSearch(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  for (const f of ['results.json', 'best-genome.json', 'retrain-best', 'retrain-plain', 'plots']) rmSync(join(to, f), { recursive: true, force: true });
  const state = JSON.parse(readFileSync(join(to, 'search-state.json'), 'utf8'));
  state.progress.records = state.progress.records.filter((r: { generation: number }) => r.generation === 1);
  state.progress.generation = 1;
  state.progress.pending = [];
  delete state.rechecks;
  writeFileSync(join(to, 'search-state.json'), JSON.stringify(state));
  const kept: string[] = [];
  for (const line of readFileSync(join(to, 'log.jsonl'), 'utf8').split('\n').filter(Boolean)) {
    const e = JSON.parse(line);
    if (e.type === 'evaluation' && e.generation > 1) break;
    kept.push(line);
  }
  writeFileSync(join(to, 'log.jsonl'), `${kept.join('\n')}\n`);
  writeFileSync(join(to, '.lock'), `${JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() })}\n`);
}

beforeAll(async () => {
  const data = writeTinyIdx(join(tmp, 'idx'));
  const common = ['--width', '0.25', '--dataset', `idx:${data}`, '--val-fraction', '0.25', '--batch', '16', '--lr', '0.05', '--quiet'];
  const [search, train] = await Promise.all([
    runCli(['search', '--evaluator', 'supernet', '--backbone', 'resnet8', ...common, '--budget', '4', '--population', '2', '--eval-epochs', '1', '--retrain-epochs', '1', '--calibration-images', '32', '--out', join(runs, 'search-done')]),
    runCli(['train', '--backbone', 'resnet8', ...common, '--preset', 'acnet', '--epochs', '2', '--out', join(runs, 'train-done')]),
  ]);
  expect(search.code, search.stderr).toBe(0);
  expect(train.code, train.stderr).toBe(0);
  // Deploy files and per-branch feature maps for the training run's page.
  const fuse = await runCli(['fuse', join(runs, 'train-done')]);
  expect(fuse.code, fuse.stderr).toBe(0);
  const plots = await runCli(['visualize', join(runs, 'train-done')]);
  expect(plots.code, plots.stderr).toBe(0);
  // A broken run: its results.json cut off mid-write.
  cpSync(join(runs, 'train-done'), join(runs, 'broken'), { recursive: true });
  writeFileSync(join(runs, 'broken', 'results.json'), '{"testAccuracy": 0.9, "valAcc');
  makeRunningSearch(join(runs, 'search-done'), join(runs, 'search-live'));
  // Ways out of the directory: a symlinked folder and a symlinked file inside a run.
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  cpSync(join(runs, 'train-done'), join(outside, 'run'), { recursive: true });
  symlinkSync(outside, join(runs, 'escape'));
  symlinkSync(join(outside, 'secret.txt'), join(runs, 'train-done', 'leak.txt'));

  const started = await startCli([runs, '--port', '0']);
  dashboard = started.child;
  url = started.url;
  port = Number(new URL(url).port);
}, 300_000);

afterAll(() => {
  dashboard?.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
});

describe('reparam dashboard (HTTP)', () => {
  it('lists every run with its status; the broken one with its reason', async () => {
    const r = await rawGet('/api/runs');
    expect(r.status).toBe(200);
    const listed = JSON.parse(r.body).runs as { id: string; kind: string; status: string; reason?: string; evaluations?: number }[];
    expect(listed.map((x) => [x.id, x.kind, x.status])).toEqual([
      ['broken', 'unreadable', 'failed'],
      ['search-done', 'search', 'finished'],
      ['search-live', 'search', 'running'],
      ['train-done', 'train', 'finished'],
    ]);
    expect(listed[0].reason).toMatch(/broken\/results\.json is not valid JSON/);
    expect(listed[2].evaluations).toBe(2);
  });

  it('answers 404 to paths out of the directory: .., encoded .., absolute, symlinked folder or file', async () => {
    for (const path of [
      '/files/../outside/secret.txt',
      '/files/%2e%2e/outside/secret.txt',
      '/files/..%2foutside%2fsecret.txt',
      '/files//etc/passwd',
      '/files/escape/secret.txt',
      '/files/train-done/leak.txt',
      '/files/escape/run/config.json',
      '/api/run?id=..%2Foutside%2Frun',
      '/api/run?id=escape%2Frun',
      '/api/events?id=escape%2Frun',
      '/api/events?id=..',
    ]) {
      const r = await rawGet(path);
      expect(r.status, path).toBe(404);
      expect(r.body, path).not.toContain('secret');
    }
    const inside = await rawGet('/files/train-done/config.json');
    expect(inside.status).toBe(200);
    expect(JSON.parse(inside.body).command).toBe('train');
  });

  it('keeps answering after a malformed run file, showing the run as failed with the reason', async () => {
    cpSync(join(runs, 'search-done'), join(runs, 'garbled'), { recursive: true });
    writeFileSync(join(runs, 'garbled', 'search-state.json'), '{"format": "reparam-search-state", "version": 1, "seconds": "soon"}');
    const page = await rawGet('/api/run?id=garbled');
    expect(page.status).toBe(200);
    expect(JSON.parse(page.body).summary).toMatchObject({ status: 'failed', kind: 'unreadable', reason: expect.stringMatching(/search-state\.json.*seconds/) });
    const list = await rawGet('/api/runs');
    expect(list.status).toBe(200);
    expect(JSON.parse(list.body).runs.find((x: { id: string }) => x.id === 'garbled').status).toBe('failed');
    // A log line broken in the middle: the page still comes, with the reason as a note.
    cpSync(join(runs, 'search-done'), join(runs, 'garbled-log'), { recursive: true });
    const lines = readFileSync(join(runs, 'garbled-log', 'log.jsonl'), 'utf8').split('\n');
    lines.splice(2, 0, '{"type": "evaluation", "index": oops');
    writeFileSync(join(runs, 'garbled-log', 'log.jsonl'), lines.join('\n'));
    const logged = await rawGet('/api/run?id=garbled-log');
    expect(logged.status).toBe(200);
    expect(JSON.parse(logged.body).notes.join(' ')).toMatch(/line 3 is not valid JSON/);
    expect((await rawGet('/')).status).toBe(200);
    rmSync(join(runs, 'garbled'), { recursive: true });
    rmSync(join(runs, 'garbled-log'), { recursive: true });
  });

  it('reads no run file outside the directory: a run linking out is failed with the reason, and the server answers', async () => {
    // Outside the directory: a finished training whose results.json holds recognisable values.
    const elsewhere = join(outside, 'elsewhere-run');
    cpSync(join(runs, 'train-done'), elsewhere, { recursive: true });
    const results = JSON.parse(readFileSync(join(elsewhere, 'results.json'), 'utf8'));
    writeFileSync(join(elsewhere, 'results.json'), JSON.stringify({ ...results, testAccuracy: 0.1234567, valAccuracy: 0.1234567, backend: 'SECRET-7f3a9' }));
    const leaks = (body: string) => /7f3a9|0\.1234567/.test(body);
    const preset = '../../../../outside/elsewhere-run';
    const reasons: Record<string, string> = {
      'linked-results': "results.json links outside the dashboard's directory",
      'linked-retrain': "retrain-best links outside the dashboard's directory",
      'dotted-baseline': `retrain-${preset} points outside the dashboard's directory`,
    };
    try {
      // A run's results.json linked out.
      cpSync(join(runs, 'train-done'), join(runs, 'linked-results'), { recursive: true });
      rmSync(join(runs, 'linked-results', 'results.json'));
      symlinkSync(join(elsewhere, 'results.json'), join(runs, 'linked-results', 'results.json'));
      // A search whose retrain-best/ run folder is linked out.
      cpSync(join(runs, 'search-done'), join(runs, 'linked-retrain'), { recursive: true });
      rmSync(join(runs, 'linked-retrain', 'retrain-best'), { recursive: true });
      symlinkSync(elsewhere, join(runs, 'linked-retrain', 'retrain-best'));
      // A baseline whose name leads out by `..` (a search reads retrain-<preset>/), no symlink needed.
      cpSync(join(runs, 'search-done'), join(runs, 'dotted-baseline'), { recursive: true });
      expect(join(runs, 'dotted-baseline', `retrain-${preset}`)).toBe(elsewhere);
      const config = JSON.parse(readFileSync(join(runs, 'dotted-baseline', 'config.json'), 'utf8'));
      writeFileSync(join(runs, 'dotted-baseline', 'config.json'), JSON.stringify({ ...config, baselines: [preset] }));
      // A whole run folder linked out.
      symlinkSync(elsewhere, join(runs, 'linked-run'));

      const list = await rawGet('/api/runs');
      expect(list.status).toBe(200);
      expect(leaks(list.body)).toBe(false);
      const rows = JSON.parse(list.body).runs as { id: string }[];
      expect(rows.map((r) => r.id)).not.toContain('linked-run');
      for (const [id, reason] of Object.entries(reasons)) {
        expect(rows.find((r) => r.id === id), id).toMatchObject({ kind: 'unreadable', status: 'failed', reason });
        const page = await rawGet(`/api/run?id=${id}`);
        expect(page.status, id).toBe(200);
        expect(leaks(page.body), id).toBe(false);
        expect(JSON.parse(page.body).summary, id).toMatchObject({ kind: 'unreadable', status: 'failed', reason });
      }
      const compared = await rawGet('/api/compare?id=linked-results&id=linked-retrain&id=search-done');
      expect(compared.status).toBe(200);
      expect(leaks(compared.body)).toBe(false);
      expect(JSON.parse(compared.body).notes).toEqual([`linked-results: ${reasons['linked-results']}`, `linked-retrain: ${reasons['linked-retrain']}`]);
      expect(await firstEvent('/api/events?id=linked-results')).toMatch(/^event: ready$/m);
      for (const path of ['/api/run?id=linked-run', '/files/linked-results/results.json', '/files/linked-retrain/retrain-best/results.json']) {
        expect((await rawGet(path)).status, path).toBe(404);
      }
      expect((await rawGet('/')).status).toBe(200);
    } finally {
      for (const id of ['linked-results', 'linked-retrain', 'dotted-baseline', 'linked-run']) rmSync(join(runs, id), { recursive: true, force: true });
    }
  });

  it('refuses a port in use in one line', async () => {
    const r = await runCli(['dashboard', runs, '--port', String(port)]);
    expect(isCleanError(r), r.stderr).toBe(true);
    expect(r.stderr).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use`));
  });

  it('prints where it listens as one JSON line with --json', async () => {
    const child = spawn(process.execPath, [bin, 'dashboard', runs, '--port', '0', '--json'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (c) => {
          out += c;
          if (out.includes('\n')) resolve(out.split('\n')[0]);
        });
        child.on('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      const printed = JSON.parse(line) as { url: string; dir: string };
      expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect((await fetch(`${printed.url}api/runs`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('listens on 127.0.0.1 unless told otherwise', () => {
    expect(new URL(url).hostname).toBe('127.0.0.1');
  });

  it('has --help with examples', async () => {
    const r = await runCli(['dashboard', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: reparam dashboard \[options\] \[dir\]/);
    expect(r.stdout).toMatch(/--port <n>[\s\S]*--host <address>[\s\S]*Examples:\n {2}\$ reparam dashboard\n/);
  });
});

const chromiumPath = findChromium();
describe.skipIf(!chromiumPath)(`reparam dashboard in Chromium${chromiumPath ? '' : ' (skipped: no chromium binary; apt-get install chromium)'}`, () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu'] });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the runs table with all four runs and their status', async () => {
    await page.goto(url);
    await page.waitForFunction(() => document.querySelectorAll('#runs-table tbody tr').length === 4, undefined, { timeout: 30_000 });
    const rows = await page.$$eval('#runs-table tbody tr', (trs) => trs.map((tr) => [(tr as HTMLElement).dataset.run, (tr as HTMLElement).dataset.status]));
    expect(Object.fromEntries(rows)).toEqual({ broken: 'failed', 'search-done': 'finished', 'search-live': 'running', 'train-done': 'finished' });
    expect(await page.textContent('#runs-table tr[data-run="broken"]')).toMatch(/results\.json is not valid JSON/);
    // Filter by status, then sort by run.
    await page.selectOption('select[data-filter="status"]', 'finished');
    await page.waitForFunction(() => document.querySelectorAll('#runs-table tbody tr').length === 2);
    await page.selectOption('select[data-filter="status"]', '');
    await page.waitForFunction(() => document.querySelectorAll('#runs-table tbody tr').length === 4);
    await page.fill('input[data-filter="id"]', 'search');
    await page.waitForFunction(() => document.querySelectorAll('#runs-table tbody tr').length === 2);
    await page.fill('input[data-filter="id"]', '');
    await page.click('th[data-sort="id"]');
    await page.waitForFunction(() => document.querySelector('#runs-table tbody tr')?.getAttribute('data-run') === 'broken');
    if (screenshots) {
      await page.setViewportSize({ width: 1900, height: 520 });
      await page.screenshot({ path: join(screenshots, 'dashboard-runs.png') });
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  }, 60_000);

  it('draws the search page: fitness per evaluation, progress, op probabilities per generation with a slider, genome, retraining', async () => {
    await page.goto(`${url}#/run/search-done`);
    await page.waitForSelector('body[data-run="search-done"]', { timeout: 30_000 });
    for (const chart of ['search-evaluations', 'search-progress', 'op-share-by-slot', 'op-probabilities', 'training-curves']) {
      await page.waitForSelector(`[data-chart="${chart}"][data-rendered="true"] svg`, { timeout: 30_000 });
    }
    expect(await page.$$('[data-chart="op-share-by-slot"] input[type="range"]')).toHaveLength(1);
    // Play steps the generation from the first (1) to the last (2): the slider follows the chart's parameter.
    const slider = () => page.$eval('[data-chart="op-share-by-slot"] input[type="range"]', (i) => (i as HTMLInputElement).value);
    expect(await slider()).toBe('2');
    await page.click('[data-chart="op-share-by-slot"] button[data-play="generation"]');
    await page.waitForFunction(() => (document.querySelector('[data-chart="op-share-by-slot"] input[type="range"]') as HTMLInputElement).value === '1', undefined, { timeout: 5_000 });
    await page.waitForFunction(() => (document.querySelector('[data-chart="op-share-by-slot"] input[type="range"]') as HTMLInputElement).value === '2', undefined, { timeout: 5_000 });
    await page.waitForSelector('[data-chart="op-share-by-slot"] button[data-play="generation"]:has-text("play")', { timeout: 5_000 });
    expect(await page.$$('[data-chart="op-probabilities"] button[data-play]')).toHaveLength(0);
    expect(await page.$$eval('#trainings-table tbody tr', (trs) => trs.map((tr) => tr.querySelector('td')?.textContent))).toEqual(['best genome', 'plain']);
    expect((await page.$$('#genome-table tbody tr')).length).toBeGreaterThan(2);
    expect(await page.$$('#evaluations-table tbody tr')).toHaveLength(4);
    if (screenshots) await page.screenshot({ path: join(screenshots, 'dashboard-search.png'), fullPage: true });
  }, 60_000);

  it('shows an evaluation appended to a running search within 5 s, without a reload', async () => {
    await page.goto(`${url}#/run/search-live`);
    await page.waitForSelector('body[data-run="search-live"] [data-chart="search-evaluations"][data-rendered="true"] svg', { timeout: 30_000 });
    expect(await page.$$('#evaluations-table tbody tr')).toHaveLength(2);
    expect(await page.textContent('h1')).toMatch(/running/);
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    const state = JSON.parse(readFileSync(join(runs, 'search-live', 'search-state.json'), 'utf8'));
    const genome = state.progress.records[0].genome;
    const appended = Date.now();
    appendFileSync(
      join(runs, 'search-live', 'log.jsonl'),
      `${JSON.stringify({ time: new Date().toISOString(), type: 'evaluation', index: 2, generation: 2, genome, fitness: 0.987, seconds: 1.5 })}\n`,
    );
    await page.waitForSelector('#evaluations-table tbody tr[data-index="2"]', { timeout: 5_000 });
    expect(Date.now() - appended).toBeLessThan(5_000);
    expect(await page.textContent('#evaluations-table tbody tr[data-index="2"]')).toContain('0.9870');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  }, 60_000);

  it('draws a training run: curves, feature maps, deploy files to download', async () => {
    await page.goto(`${url}#/run/train-done`);
    await page.waitForSelector('body[data-run="train-done"] [data-chart="training-curves"][data-rendered="true"] svg', { timeout: 30_000 });
    const links = await page.$$eval('#artifacts a', (as) => as.map((a) => a.getAttribute('href')));
    expect(links).toContain('/files/train-done/results.json');
    expect(links.filter((l) => l?.startsWith('/files/train-done/deploy/')).length).toBeGreaterThan(0);
    expect(links).not.toContain('/files/train-done/leak.txt');
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.feature-maps img')].some((i) => i.complete && i.naturalWidth > 400), undefined, { timeout: 10_000 });
    const deployed = links.find((l) => l?.startsWith('/files/train-done/deploy/'))!;
    const download = await fetch(new URL(deployed, url));
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment/);
  }, 60_000);

  it('compares selected runs side by side', async () => {
    await page.goto(url);
    await page.waitForFunction(() => document.querySelectorAll('#runs-table tbody tr').length === 4, undefined, { timeout: 30_000 });
    await page.check('input[data-select="search-done"]');
    await page.check('input[data-select="search-live"]');
    await page.click('#compare');
    await page.waitForSelector('body[data-view="compare"] [data-chart="comparison"][data-rendered="true"] svg', { timeout: 30_000 });
    expect(await page.$$('.side-by-side > section')).toHaveLength(2);
    expect(errors).toEqual([]);
  }, 60_000);
});
