import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRunLog } from '@reparam/runs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isCleanError, repoRoot, runCli } from './runCli.js';
import { writeTinyIdx } from './tinyIdx.js';

const tmp = mkdtempSync(join(tmpdir(), 'reparam-cli-train-'));
let data: string;
beforeAll(() => {
  data = writeTinyIdx(join(tmp, 'idx'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const tiny = (out: string, ...extra: string[]) => [
  'train',
  '--backbone',
  'bench-net',
  '--width',
  '0.25',
  '--dataset',
  `idx:${data}`,
  '--epochs',
  '2',
  '--batch',
  '16',
  '--lr',
  '0.05',
  '--out',
  out,
  ...extra,
];
const readJson = (p: string) => JSON.parse(readFileSync(p, 'utf8'));

describe('reparam train', () => {
  let first: Record<string, unknown>;
  it('trains and writes the run directory docs/training.md lays out', async () => {
    const out = join(tmp, 'run-a');
    const r = await runCli([...tiny(out, '--preset', 'acnet'), '--json']);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.code).toBe(0);
    first = JSON.parse(r.stdout);
    expect(first).toMatchObject({ epochs: 2, backbone: 'bench-net', preset: 'acnet', aggregation: 'scaled' });
    for (const k of ['testAccuracy', 'valAccuracy', 'seconds', 'backend', 'parameters', 'fusedParameters', 'flops', 'fusedFlops']) {
      expect(first[k]).toBeDefined();
    }
    expect(first.fusedFlops).toBeLessThan(first.flops as number);
    expect(readJson(join(out, 'results.json'))).toEqual(first);
    const config = readJson(join(out, 'config.json'));
    expect(config).toMatchObject({ command: 'train', seed: 0, backend: first.backend, epochs: 2 });
    expect(config.genome['layer1.0.conv1']).toEqual(['conv_1xk', 'conv_kx1']);
    // Every event matches its declared schema (readRunLog checks each line).
    const log = readRunLog(join(out, 'log.jsonl')) as Record<string, unknown>[];
    expect(log.filter((e) => e.type === 'epoch').map((e) => e.epoch)).toEqual([1, 2]);
    expect(existsSync(join(out, 'checkpoint.json'))).toBe(true);
  });

  it('same seed, same backend: the same accuracy and losses to the last digit', async () => {
    const r = await runCli([...tiny(join(tmp, 'run-b'), '--preset', 'acnet'), '--json']);
    const again = JSON.parse(r.stdout);
    const strip = (x: Record<string, unknown>) => ({
      test: x.testAccuracy,
      history: (x.history as Record<string, number>[]).map((h) => [h.trainLoss, h.valLoss, h.valAccuracy]),
    });
    expect(strip(again)).toEqual(strip(first));
  });

  it('resumes a run killed with SIGKILL after its first checkpoint to the same result', async () => {
    const out = join(tmp, 'run-killed');
    const bin = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
    const child = spawn(process.execPath, [bin, ...tiny(out, '--preset', 'acnet')], { cwd: repoRoot, stdio: 'ignore' });
    const exited = new Promise((res) => child.on('exit', res));
    while (!existsSync(join(out, 'checkpoint.json')) && child.exitCode === null) await new Promise((res) => setTimeout(res, 20));
    child.kill('SIGKILL');
    await exited;
    // The kill landed mid-run: one epoch of two checkpointed, no results yet.
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    expect(readJson(join(out, 'checkpoint.json')).meta).toMatchObject({ epoch: 1 });
    const resumed = await runCli(['train', '--out', out, '--resume', '--json']);
    expect(resumed.code).toBe(0);
    const res = JSON.parse(resumed.stdout);
    expect(res.testAccuracy).toBe(first.testAccuracy);
    expect(res.history.map((h: { valLoss: number }) => h.valLoss)).toEqual((first.history as { valLoss: number }[]).map((h) => h.valLoss));
    const log = readFileSync(join(out, 'log.jsonl'), 'utf8');
    expect(log).toMatch(/"type":"resume"/);
  });
});

describe('reparam train: bad input gives one clear line, exit 1, and keeps what was written', () => {
  const genome = (name: string, value: string) => {
    const p = join(tmp, name);
    writeFileSync(p, value);
    return p;
  };
  const cases: [string, () => string[], RegExp][] = [
    ['unknown slot', () => tiny(join(tmp, 'e1'), '--genome', genome('g1.json', '{"layer9.0.conv1": []}')), /genome names unknown slot 'layer9\.0\.conv1'/],
    ['unknown op', () => tiny(join(tmp, 'e2'), '--genome', genome('g2.json', '{"stem": ["conv_7x7"]}')), /unknown op 'conv_7x7'/],
    [
      'op not applicable to its slot',
      () => tiny(join(tmp, 'e3'), '--genome', genome('g3.json', '{"layer2.0.conv1": ["identity"]}')),
      /op 'identity' does not apply to slot 'layer2\.0\.conv1' .*: needs cin = cout/,
    ],
    ['malformed genome JSON', () => tiny(join(tmp, 'e4'), '--genome', genome('g4.json', '{"stem": [')), /genome file .* is not valid JSON/],
    ['both preset and genome', () => tiny(join(tmp, 'e5'), '--preset', 'dbb', '--genome', genome('g5.json', '{}')), /either --preset or --genome/],
    ['unknown preset', () => tiny(join(tmp, 'e6'), '--preset', 'resnext'), /unknown preset 'resnext'; known: plain, repvgg/],
    ['unknown backbone', () => [...tiny(join(tmp, 'e7')), '--backbone', 'vgg16'], /unknown backbone 'vgg16'; known: bench-net/],
    ['unknown dataset', () => [...tiny(join(tmp, 'e8')), '--dataset', 'places365'], /unknown dataset 'places365'; known: /],
    ['imagenet without its directory', () => [...tiny(join(tmp, 'e8b')), '--dataset', 'imagenet'], /the imagenet dataset needs the directory holding train\/ and val\/: imagenet:<dir>/],
    ['resume without a checkpoint', () => ['train', '--out', join(tmp, 'e10'), '--resume'], /cannot resume: no checkpoint/],
    ['a setting given with --resume', () => ['train', '--out', join(tmp, 'run-a'), '--resume', '--epochs', '9'], /^reparam: --epochs cannot be given with --resume: a train run continues with the settings in its config\.json$/m],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const r = await runCli(args());
      expect(r.stderr).toMatch(message);
      expect(isCleanError(r)).toBe(true);
    });
  }

  it('a genome file with another backbone\'s slots (an older best-genome.json, no backbone in it) is refused naming them; with that --backbone it trains', async () => {
    const resnet8 = ['stem', 'layer1.0.conv1', 'layer1.0.conv2', 'layer2.0.conv1', 'layer2.0.conv2', 'layer3.0.conv1', 'layer3.0.conv2'];
    const file = genome('resnet8-genome.json', JSON.stringify(Object.fromEntries(resnet8.map((slot) => [slot, slot === 'stem' ? ['conv_1x1'] : []]))));
    const out = join(tmp, 'other-backbone');
    const r = await runCli(tiny(out, '--genome', file));
    expect(isCleanError(r), r.stderr).toBe(true);
    expect(r.stderr.trim()).toMatch(
      /^reparam: genome file '.*resnet8-genome\.json' names exactly the slots of resnet8, not of bench-net: bench-net's slots layer1\.1\.conv1, layer1\.1\.conv2, layer1\.2\.conv1, layer1\.2\.conv2, layer2\.1\.conv1, layer2\.1\.conv2 and 6 more are not in it; give --backbone resnet8, or name every slot of bench-net \(\[\] for none\)$/,
    );
    expect(existsSync(out)).toBe(false);
    const several = await runCli(tiny(out, '--genome', genome('g12.json', '{"stem": [], "layer9.0.conv1": [], "layer9.0.conv2": []}')));
    expect(isCleanError(several), several.stderr).toBe(true);
    expect(several.stderr).toMatch(/^reparam: genome names unknown slots 'layer9\.0\.conv1' and 'layer9\.0\.conv2'; slots: stem, /);
    const trained = await runCli([...tiny(out, '--genome', file, '--epochs', '1'), '--backbone', 'resnet8', '--json']);
    expect(trained.code, trained.stderr).toBe(0);
    expect(readJson(join(out, 'config.json'))).toMatchObject({ backbone: 'resnet8', genome: { stem: ['conv_1x1'], 'layer3.0.conv2': [] } });
  });

  it('bad aggregation: a usage error (exit 2) naming the choices, nothing written', async () => {
    const r = await runCli([...tiny(join(tmp, 'e9')), '--aggregation', 'mean']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe("reparam: --aggregation must be one of sum, scaled, post-bn, online; got 'mean'");
    expect(existsSync(join(tmp, 'e9'))).toBe(false);
  });

  it('a truncated IDX file', async () => {
    const dir = writeTinyIdx(join(tmp, 'idx-truncated'));
    const file = join(dir, 'train-images-idx3-ubyte');
    writeFileSync(file, readFileSync(file).subarray(0, 500));
    const r = await runCli([...tiny(join(tmp, 'e11')), '--dataset', `idx:${dir}`]);
    expect(isCleanError(r)).toBe(true);
    expect(r.stderr).toMatch(/train-images-idx3-ubyte/);
  });

  it('a command that fails on its input leaves no empty run directory behind', async () => {
    for (const [args, message] of [
      [['train', '--preset', 'nope', '--epochs', '1', '--out', join(tmp, 'no-run-1')], /unknown preset 'nope'/],
      [['search', '--dataset', 'nope', '--out', join(tmp, 'no-run-2')], /unknown dataset 'nope'/],
    ] as const) {
      const r = await runCli([...args]);
      expect(isCleanError(r)).toBe(true);
      expect(r.stderr).toMatch(message);
      expect(existsSync(args.at(-1)!)).toBe(false);
    }
  });

  it('refuses to overwrite an existing run, leaving it intact', async () => {
    const out = join(tmp, 'run-a');
    const before = readdirSync(out).map((f) => [f, statSync(join(out, f)).mtimeMs]);
    const r = await runCli(tiny(out));
    expect(isCleanError(r)).toBe(true);
    expect(r.stderr).toMatch(/already holds a run; resume it, or write the new run to another directory/);
    expect(readdirSync(out).map((f) => [f, statSync(join(out, f)).mtimeMs])).toEqual(before);
  });

  it('an unreadable checkpoint on --resume, leaving the run intact', async () => {
    const out = join(tmp, 'run-b');
    writeFileSync(join(out, 'checkpoint.json'), 'not json');
    const results = readFileSync(join(out, 'results.json'), 'utf8');
    const r = await runCli(['train', '--out', out, '--resume']);
    expect(isCleanError(r)).toBe(true);
    expect(r.stderr).toMatch(/checkpoint .* is unreadable: not valid JSON/);
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe(results);
  });
});
