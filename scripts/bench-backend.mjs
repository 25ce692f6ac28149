#!/usr/bin/env node
// pnpm bench:backend — bench-net training throughput of each available tfjs backend beside the
// PyTorch peer on the same CPU, run alternately, medians of --repeats runs. Prints a markdown table
// and writes runs/bench-backend.json. `--backends native,cpu` picks backends (cpu takes minutes
// per step: leave it out unless you mean it). `--variants` lists bench-net variants as
// `preset[:aggregation]` (default aggregation sum): the default `plain,full,full:online` puts the
// every-op network trained online (one merged kernel per slot) beside plain and beside the every-op
// multi-branch network; PyTorch builds the multi-branch network, so online has no peer column but
// its ratio to plain in the same run.
// The peer is scripts/peers/bench_net_torch.py (bench-net in PyTorch, same layers and parameter
// count), run with /usr/bin/python3 `--variant … --threads 2 --json`; `--peer <script>` runs another
// script that takes those flags and prints the same JSON line. Without /usr/bin/python3 and torch
// (or when the peer fails) it says so in one line and the PyTorch columns stay empty.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const backends = arg('backends', 'native').split(',');
const repeats = Number(arg('repeats', '3'));
const variants = arg('variants', 'plain,full,full:online')
  .split(',')
  .map((v) => {
    const [preset, aggregation = 'sum'] = v.split(':');
    return { name: aggregation === 'sum' ? preset : `${preset}:${aggregation}`, preset, aggregation };
  });
const peerArg = arg('peer', undefined);
const torchScript = peerArg ? resolve(peerArg) : join(root, 'scripts', 'peers', 'bench_net_torch.py');
const python = '/usr/bin/python3';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function runReparam(backend, v) {
  // The multi-branch every-op network takes seconds a step: fewer timed steps for it.
  const steps = v.preset === 'full' && v.aggregation !== 'online' ? '3' : '5';
  const args = ['--backend', backend, 'bench', 'train', '--variant', v.preset, '--aggregation', v.aggregation, '--json', '--steps', steps];
  const out = execFileSync(process.execPath, [join(root, 'packages/cli/dist/bin.js'), ...args], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1));
}

// Runs the peer script as __main__ and reports the process's peak RSS afterwards (on stderr), so
// that both columns of memory are measured the same way: the process's maximum resident set.
const torchWithPeakRss = [
  'import json, resource, runpy, sys',
  'script = sys.argv[1]; sys.argv = sys.argv[1:]',
  'try: runpy.run_path(script, run_name="__main__")',
  'finally: print(json.dumps({"rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}), file=sys.stderr)',
].join('\n');

// Why the peer cannot run here (undefined when it can): no python, no torch, no script.
function peerUnavailable() {
  if (!existsSync(torchScript)) return `peer script ${torchScript} not found`;
  const r = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (r.error) return `${python} cannot be run (${r.error.code ?? r.error.message})`;
  if (r.status !== 0) return `${python} has no torch (${r.stderr.trim().split('\n').at(-1)})`;
  return undefined;
}
const peerProblem = peerUnavailable();
if (peerProblem) console.log(`PyTorch peer not run: ${peerProblem}; the PyTorch columns stay empty.`);

function runTorch(variant) {
  const r = spawnSync(python, ['-c', torchWithPeakRss, torchScript, '--variant', variant, '--threads', '2', '--json'], { encoding: 'utf8' });
  try {
    if (r.status !== 0) throw new Error(`exit ${r.status ?? r.signal}: ${r.stderr.trim().split('\n').filter((l) => !l.startsWith('{')).at(-1) ?? ''}`);
    const rss = JSON.parse(r.stderr.trim().split('\n').at(-1)).rss_mb;
    return { ...JSON.parse(r.stdout.trim().split('\n').at(-1)), rss_mb: rss };
  } catch (err) {
    console.log(`PyTorch peer ${torchScript} failed on --variant ${variant} (${err.message}); its columns stay empty for that run.`);
    return undefined;
  }
}

// Alternate variants within each repeat, so that drifts of a noisy machine fall on every variant.
const samples = new Map(variants.flatMap((v) => backends.map((b) => [`${v.name}/${b}`, []])));
const torch = new Map(variants.map((v) => [v.name, []]));
for (let i = 0; i < repeats; i++) {
  for (const v of variants) {
    for (const b of backends) samples.get(`${v.name}/${b}`).push(runReparam(b, v));
    if (v.aggregation !== 'sum') continue; // PyTorch builds the multi-branch network only
    if (peerProblem) continue;
    const t = runTorch(v.preset);
    if (t) torch.get(v.name).push(t);
  }
}
const rows = [];
for (const v of variants) {
  const peers = torch.get(v.name);
  const peer = peers.length ? median(peers.map((t) => t.train_img_per_s)) : undefined;
  const peerInfer = peers.length ? median(peers.map((t) => t.infer_ms)) : undefined;
  const peerRss = peers.length ? Math.max(...peers.map((t) => t.rss_mb)) : undefined;
  for (const b of backends) {
    const runs = samples.get(`${v.name}/${b}`);
    const ips = median(runs.map((s) => s.train_img_per_s));
    const inferMs = median(runs.map((s) => s.infer_ms));
    rows.push({
      variant: v.name,
      backend: b,
      train_img_per_s: ips,
      infer_ms: inferMs,
      infer_ratio: peerInfer ? peerInfer / inferMs : undefined,
      rss_mb: Math.max(...runs.map((s) => s.rss_mb)),
      torch_img_per_s: peer,
      torch_infer_ms: peerInfer,
      torch_rss_mb: peerRss,
      ratio: peer ? ips / peer : undefined,
    });
  }
}
// Each row against plain on the same backend, in the same run: what a multi-branch network costs.
for (const r of rows) {
  const plain = rows.find((p) => p.variant === 'plain' && p.backend === r.backend);
  r.vs_plain_train = plain ? r.train_img_per_s / plain.train_img_per_s : undefined;
  r.vs_plain_rss = plain ? r.rss_mb / plain.rss_mb : undefined;
}
// The widest vector instructions matter more than the model name (VMs often hide it): AVX-512 or AVX2.
const cpuinfo = (() => {
  try {
    return readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
})();
const isa = / avx512f /.test(cpuinfo) ? 'AVX-512' : / avx2 /.test(cpuinfo) ? 'AVX2' : 'no AVX2';
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} (${isa})`;
mkdirSync(join(root, 'runs'), { recursive: true });
const peer = { script: torchScript, ...(peerProblem ? { unavailable: peerProblem } : {}) };
writeFileSync(join(root, 'runs/bench-backend.json'), `${JSON.stringify({ machine, repeats, peer, rows }, null, 2)}\n`);
const peerName = torchScript.startsWith(`${root}/`) ? torchScript.slice(root.length + 1) : torchScript;
console.log(`machine: ${machine}; medians of ${repeats} alternating runs; ${peerProblem ? 'no PyTorch peer' : `PyTorch peer ${peerName} with 2 threads`}`);
console.log('| variant | backend | train img/s | PyTorch img/s | ratio | ÷ plain (train) | infer ms (64) | PyTorch infer ms | infer ratio (PyTorch ms ÷ ours) | peak RSS MB | PyTorch peak RSS MB | ÷ plain (RSS) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  const f = (v, d = 1) => (v === undefined ? 'n/a' : v.toFixed(d));
  // PyTorch columns: n/a where PyTorch has no such network (online), empty where the peer did not run.
  const hasPeer = variants.find((v) => v.name === r.variant)?.aggregation === 'sum';
  const p = (v, d = 1) => (!hasPeer ? 'n/a' : v === undefined ? '' : v.toFixed(d));
  console.log(
    `| ${r.variant} | ${r.backend} | ${f(r.train_img_per_s)} | ${p(r.torch_img_per_s)} | ${p(r.ratio, 2)} | ${f(r.vs_plain_train, 2)} | ` +
      `${f(r.infer_ms)} | ${p(r.torch_infer_ms)} | ${p(r.infer_ratio, 2)} | ${f(r.rss_mb, 0)} | ${p(r.torch_rss_mb, 0)} | ${f(r.vs_plain_rss, 2)} |`,
  );
}
