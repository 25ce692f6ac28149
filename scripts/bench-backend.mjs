#!/usr/bin/env node
// pnpm bench:backend — bench-net training throughput of each available tfjs backend beside the
// PyTorch peer on the same CPU, run alternately, medians of --repeats runs. Prints a markdown table
// and writes runs/bench-backend.json. `--backends native,cpu` picks backends (cpu takes minutes
// per step: leave it out unless you mean it).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const backends = arg('backends', 'native').split(',');
const repeats = Number(arg('repeats', '3'));
const variants = arg('variants', 'plain,full').split(',');
const torchScript = join(root, '..', 'shared', 'bench', 'torch_reference.py');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function runReparam(backend, variant) {
  const out = execFileSync(process.execPath, [join(root, 'packages/cli/dist/bin.js'), '--backend', backend, 'bench', 'train', '--variant', variant, '--json', '--steps', variant === 'full' ? '3' : '5'], {
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}

function runTorch(variant) {
  const r = spawnSync('/usr/bin/python3', [torchScript, '--variant', variant, '--threads', '2', '--json'], { encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

const rows = [];
for (const variant of variants) {
  const samples = Object.fromEntries(backends.map((b) => [b, []]));
  const torch = [];
  for (let i = 0; i < repeats; i++) {
    // Alternate so that drifts of a noisy machine fall on both sides.
    for (const b of backends) samples[b].push(runReparam(b, variant));
    const t = runTorch(variant);
    if (t) torch.push(t);
  }
  const peer = torch.length ? median(torch.map((t) => t.train_img_per_s)) : undefined;
  const peerInfer = torch.length ? median(torch.map((t) => t.infer_ms)) : undefined;
  for (const b of backends) {
    const ips = median(samples[b].map((s) => s.train_img_per_s));
    rows.push({
      variant,
      backend: b,
      train_img_per_s: ips,
      infer_ms: median(samples[b].map((s) => s.infer_ms)),
      rss_mb: Math.max(...samples[b].map((s) => s.rss_mb)),
      torch_img_per_s: peer,
      torch_infer_ms: peerInfer,
      ratio: peer ? ips / peer : undefined,
    });
  }
}
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`;
mkdirSync(join(root, 'runs'), { recursive: true });
writeFileSync(join(root, 'runs/bench-backend.json'), `${JSON.stringify({ machine, repeats, rows }, null, 2)}\n`);
console.log(`machine: ${machine}; medians of ${repeats} alternating runs; PyTorch with 2 threads`);
console.log('| variant | backend | train img/s | PyTorch img/s | ratio | infer ms (64) | PyTorch infer ms | peak RSS MB |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  const f = (v, d = 1) => (v === undefined ? 'n/a' : v.toFixed(d));
  console.log(`| ${r.variant} | ${r.backend} | ${f(r.train_img_per_s)} | ${f(r.torch_img_per_s)} | ${f(r.ratio, 2)} | ${f(r.infer_ms)} | ${f(r.torch_infer_ms)} | ${f(r.rss_mb, 0)} |`);
}
