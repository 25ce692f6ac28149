import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { parseNonNegativeInt, parsePositiveInt, withExamples } from '@reparam/cli';
import { addExperimentOptions } from './benchOptions.js';
import type { GlobalOptions } from '@reparam/cli';
import { ReparamError } from '@reparam/core';
import { startLocalRedis } from '@reparam/queue';
import { readRunFile, SEARCH_RESULTS_SCHEMA, type SearchResults } from '@reparam/runs';
import type { Command } from 'commander';
import { writeGeneratedDoc } from './generatedDoc.js';

interface DistributedBenchFlags {
  backbone: string;
  dataset: string;
  width: number;
  limit: number;
  aggregation: string;
  batch: number;
  lr: number;
  budget: number;
  population: number;
  evalEpochs: number;
  seed: number;
  out: string;
  doc?: string;
  json?: boolean;
}

/** One way of running the same search: in its own process, or on N queue workers of T threads each. */
interface Layout {
  readonly name: string;
  /** 0: no queue, the search evaluates in its own process. */
  readonly workers: number;
  readonly threads: number;
}

const LAYOUTS: readonly Layout[] = [
  { name: 'local-2t', workers: 0, threads: 2 },
  { name: 'queue-1x2t', workers: 1, threads: 2 },
  { name: 'queue-2x1t', workers: 2, threads: 1 },
];

/**
 * `reparam bench distributed`: the same standalone search run three ways on this machine — in one
 * process with 2 threads, on 1 queue worker with 2 threads, on 2 queue workers with 1 thread each —
 * against a redis-server it starts itself; evaluations per minute of the search phase. Finished
 * layouts are reused (their results.json), so an interrupted benchmark continues.
 */
export function addDistributedBench(bench: Command, globals: () => GlobalOptions): void {
  const command = withExamples(bench.command('distributed'), ['pnpm bench:distributed', 'reparam bench distributed --budget 16 --out runs/bench-distributed']).description(
    'evaluations per minute of a standalone search: local vs 1 queue worker × 2 threads vs 2 workers × 1 thread (starts its own redis-server)',
  );
  addExperimentOptions(command, { backbone: 'resnet8', width: 0.5, limit: 2000 })
    .option('--budget <n>', 'evaluations per layout', parsePositiveInt, 8)
    .option('--population <n>', 'genomes per generation (jobs in flight at once)', parsePositiveInt, 4)
    .option('--eval-epochs <n>', 'epochs of each candidate', parsePositiveInt, 1)
    .option('--seed <n>', 'seed', parseNonNegativeInt, 1)
    .option('--out <dir>', 'where the runs go', 'runs/bench-distributed')
    .option('--doc <file>', 'markdown page to write (with a .json of the same name)')
    .option('--json', 'print the result as JSON on stdout (what this benchmark prints in any case)')
    .action(async (flags: DistributedBenchFlags) => {
      const bin = process.argv[1];
      const backend = globals().backend;
      const common = [
        ...(backend ? ['--backend', backend] : []),
        'search',
        ...['--backbone', flags.backbone, '--dataset', flags.dataset, '--width', String(flags.width), '--limit', String(flags.limit)],
        ...['--aggregation', flags.aggregation, '--batch', String(flags.batch), '--lr', String(flags.lr)],
        ...['--evaluator', 'standalone', '--budget', String(flags.budget), '--population', String(flags.population)],
        ...['--eval-epochs', String(flags.evalEpochs), '--seed', String(flags.seed), '--retrain-epochs', '1', '--baselines', 'plain', '--quiet', '--json'],
      ];
      const rows: { layout: Layout; results: SearchResults }[] = [];
      for (const layout of LAYOUTS) {
        const out = join(flags.out, layout.name);
        const resultsFile = join(out, 'results.json');
        if (!existsSync(resultsFile)) {
          rmSync(out, { recursive: true, force: true });
          mkdirSync(flags.out, { recursive: true });
          process.stderr.write(`bench distributed: ${layout.name}…\n`);
          await runLayout(bin, layout, [...common, '--out', out], backend);
        }
        rows.push({ layout, results: readRunFile(resultsFile, SEARCH_RESULTS_SCHEMA) });
      }
      const local = rows[0].results;
      const summary = {
        command: `reparam bench distributed --budget ${flags.budget} --population ${flags.population} --limit ${flags.limit} --out ${flags.out}${flags.doc ? ` --doc ${flags.doc}` : ''}`,
        backend: local.backend,
        cpu: `${cpus()[0]?.model ?? 'unknown'} (${cpus().length} threads)`,
        settings: { backbone: flags.backbone, dataset: flags.dataset, width: flags.width, limit: flags.limit, budget: flags.budget, population: flags.population, evalEpochs: flags.evalEpochs, seed: flags.seed },
        rows: rows.map(({ layout, results }) => ({
          layout: layout.name,
          workers: layout.workers,
          threadsPerProcess: layout.threads,
          evaluations: results.evaluations,
          searchSeconds: results.searchSeconds,
          evaluationsPerMinute: (60 * results.evaluations) / results.searchSeconds,
          sameBestGenomeAsLocal: JSON.stringify(results.bestGenome) === JSON.stringify(local.bestGenome),
          bestValAccuracy: results.bestValAccuracy,
        })),
      };
      writeFileSync(join(flags.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
      if (flags.doc) writeDoc(flags.doc, summary);
      console.log(JSON.stringify(summary, null, 2));
    });
}

/** Runs one layout: its redis-server and workers (if any) and the search; waits for the search. */
async function runLayout(bin: string, layout: Layout, searchArgs: string[], backend: string | undefined): Promise<void> {
  const env = (threads: number) => ({ ...process.env, OMP_NUM_THREADS: String(threads) });
  if (layout.workers === 0) {
    await waitExit(spawn(process.execPath, [bin, ...searchArgs], { env: env(layout.threads), stdio: ['ignore', 'ignore', 'inherit'] }), 'search');
    return;
  }
  const redis = await startLocalRedis();
  const workers: ChildProcess[] = [];
  try {
    const url = redis.url;
    for (let i = 0; i < layout.workers; i++) {
      const w = spawn(process.execPath, [bin, ...(backend ? ['--backend', backend] : []), 'worker', '--queue', url], { env: env(layout.threads), stdio: ['ignore', 'ignore', 'pipe'] });
      workers.push(w);
      await new Promise<void>((resolve, reject) => {
        let err = '';
        w.stderr!.on('data', (d) => {
          err += d;
          if (err.includes(' serving ')) resolve();
        });
        w.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${err}`)));
      });
    }
    // The driver only waits on the queue during the search; its retraining afterwards is not timed.
    await waitExit(spawn(process.execPath, [bin, ...searchArgs, '--queue', url], { env: env(1), stdio: ['ignore', 'ignore', 'inherit'] }), 'search');
  } finally {
    for (const w of workers) w.kill('SIGKILL');
    await redis.dispose();
  }
}

function waitExit(p: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) => p.once('exit', (code) => (code === 0 ? resolve() : reject(new ReparamError(`the ${what} of the benchmark exited with code ${code}`)))));
}

function writeDoc(doc: string, summary: { command: string; backend: string; cpu: string; rows: Record<string, unknown>[]; settings: Record<string, unknown> }): void {
  const json = doc.replace(/\.md$/, '') + '.json';
  mkdirSync(dirname(doc), { recursive: true });
  writeFileSync(json, `${JSON.stringify(summary, null, 2)}\n`);
  const s = summary.settings;
  const table = [
    '| layout | worker processes × threads | evaluations | search seconds | evaluations / min | same best genome as local |',
    '| --- | --- | --- | --- | --- | --- |',
    ...summary.rows.map((r) =>
      `| ${r.layout} | ${r.workers === 0 ? `search's own process × ${r.threadsPerProcess}` : `${r.workers} × ${r.threadsPerProcess}`} | ${r.evaluations} | ${(r.searchSeconds as number).toFixed(0)} | ${(r.evaluationsPerMinute as number).toFixed(2)} | ${r.sameBestGenomeAsLocal ? 'yes' : 'no'} |`,
    ),
  ].join('\n');
  writeGeneratedDoc(
    doc,
    `# Distributed search\n\n` +
      `## Measured on this machine\n\n` +
      `A standalone search (${s.backbone} at width ${s.width} on ${s.limit} ${s.dataset} images, ${s.evalEpochs} epoch per candidate, ` +
      `${s.budget} evaluations in generations of ${s.population}, seed ${s.seed}), run three ways on one machine: ` +
      `${summary.cpu}, backend ${summary.backend}. Evaluations per minute count the search phase only (not the final retraining). ` +
      `The numbers are in [${relative(dirname(doc), json)}](${relative(dirname(doc), json)}).\n\n` +
      `\`\`\`sh\n${summary.command}\n\`\`\`\n\n${table}\n`,
  );
}
