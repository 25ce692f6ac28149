import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { TRAIN_DEFAULTS } from '@reparam/core';
import { lineChartSpec, renderPng } from '@reparam/viz';
import type { Command } from 'commander';
import { parseNonNegativeNumber, parsePositiveInt, withExamples } from '@reparam/cli';
import { createRuntime, type GlobalOptions } from '@reparam/cli';
import { RunEventRenderer } from '@reparam/cli';
import { writeGeneratedDoc } from './generatedDoc.js';
import { type PairedDifference, pairedDifference, pairedDifferenceTable } from './pairedDifference.js';
import type { TrainResults } from '@reparam/runs';
import { trainOrReuse } from '@reparam/runs';

interface AggregationFlags {
  backbone: string;
  dataset: string;
  epochs: number;
  batch: number;
  lr: number;
  width: number;
  limit?: number;
  seeds: number;
  modes?: string;
  out: string;
  doc?: string;
}

interface Variant {
  readonly name: string;
  readonly preset: string;
  readonly aggregation: string;
}

/** The plain network, then the every-op network in each registered aggregation mode. */
function variantsOf(modes: readonly string[]): Variant[] {
  return [{ name: 'plain', preset: 'plain', aggregation: 'sum' }, ...modes.map((aggregation) => ({ name: `full/${aggregation}`, preset: 'full', aggregation }))];
}


const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));

/**
 * `reparam bench aggregation`: the optimization-fix measurement. Trains the plain network and the
 * every-op network in each aggregation mode under identical settings, then writes curves (PNG), a
 * table and the command into a markdown page. Finished runs are reused, so an interrupted
 * benchmark continues where it stopped.
 */
export function addAggregationBench(bench: Command, globals: () => GlobalOptions): void {
  withExamples(bench.command('aggregation'), [
      'pnpm bench:aggregation',
      'reparam bench aggregation --backbone resnet20 --width 0.5 --dataset fashion-mnist --limit 5000 --epochs 3 --seeds 3 --out runs/agg-r20',
    ])
    .description('compare slot aggregation modes (sum, scaled, post-bn, online, …) on a many-branch ResNet against the plain one')
    .option('--backbone <id>', 'backbone', 'resnet20')
    .option('--dataset <id[:path]>', 'dataset', 'fashion-mnist')
    .option('--epochs <n>', 'epochs per run', parsePositiveInt, 5)
    .option('--batch <n>', 'batch size', parsePositiveInt, 64)
    .option('--lr <x>', 'peak learning rate', parseNonNegativeNumber, 0.1)
    .option('--width <x>', 'width multiplier', parseNonNegativeNumber, 1)
    .option('--limit <n>', 'training images per run', parsePositiveInt)
    .option('--seeds <n>', 'seeds per variant', parsePositiveInt, 1)
    .option('--modes <list>', 'aggregation modes of the every-op network, comma-separated (default: every registered one)')
    .option('--out <dir>', 'where the runs go', 'runs/bench-aggregation')
    .option('--doc <file>', 'markdown page to write (with the PNGs beside it in img/)')
    .option('--json', 'print the result as JSON on stdout (what this benchmark prints in any case)')
    .action(async (flags: AggregationFlags) => {
      const { registry, backend } = await createRuntime(globals());
      const modes = flags.modes === undefined ? registry.list('aggregation').map((m) => m.id) : flags.modes.split(',').map((m) => registry.aggregation(m.trim()).id);
      const variants = variantsOf(modes);
      const results = new Map<string, TrainResults[]>();
      for (const v of variants) {
        for (let seed = 0; seed < flags.seeds; seed++) {
          const dir = join(flags.out, v.name.replace('/', '-'), `seed-${seed}`);
          const base = {
            command: 'train' as const,
            backbone: flags.backbone,
            dataset: flags.dataset,
            preset: v.preset,
            aggregation: v.aggregation,
            width: flags.width,
            epochs: flags.epochs,
            batchSize: flags.batch,
            lr: flags.lr,
            ...TRAIN_DEFAULTS,
            seed,
            ...(flags.limit === undefined ? {} : { limit: flags.limit }),
            validationFraction: 0.1,
            backend,
            plugins: globals().plugin ?? [],
          };
          const r = await trainOrReuse(registry, backend, base, dir, { preset: v.preset }, v.name, new RunEventRenderer().handle);
          results.set(v.name, [...(results.get(v.name) ?? []), r]);
        }
      }
      const rows = variants.map((v) => {
        const rs = results.get(v.name)!;
        const test = rs.map((r) => r.testAccuracy ?? NaN);
        return {
          variant: v.name,
          testMean: mean(test),
          testStd: std(test),
          finalTrainLoss: mean(rs.map((r) => r.history.at(-1)?.trainLoss ?? NaN)),
          diverged: rs.filter((r) => 'diverged' in r).length,
          imgPerSec: mean(rs.map((r) => mean(r.history.map((h) => h.imgPerSec)))),
          parameters: rs[0].parameters,
        };
      });
      const test = (name: string) => results.get(name)!.map((r) => r.testAccuracy ?? NaN);
      const comparisons = comparisonsOf(variants).map(([a, b]) => ({ a, b, ...pairedDifference(test(a), test(b)) }));
      const summary = { backend, flags, rows, comparisons };
      writeFileSync(join(flags.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
      console.log(JSON.stringify(summary, null, 2));
      if (flags.doc) await writeDoc(flags, backend, variants, results, rows, comparisons);
    });
}

/** Each every-op variant against plain, and `online` against `scaled` (the default it may replace). */
function comparisonsOf(variants: readonly Variant[]): [string, string][] {
  const full = variants.filter((v) => v.preset === 'full').map((v) => v.name);
  const pairs: [string, string][] = full.map((name) => [name, 'plain']);
  if (full.includes('full/online') && full.includes('full/scaled')) pairs.push(['full/online', 'full/scaled']);
  return pairs;
}

type Comparison = { a: string; b: string } & PairedDifference;

async function writeDoc(
  flags: AggregationFlags,
  backend: string,
  variants: readonly Variant[],
  results: Map<string, TrainResults[]>,
  rows: { variant: string; testMean: number; testStd: number; finalTrainLoss: number; diverged: number; imgPerSec: number; parameters: number }[],
  comparisons: readonly Comparison[],
): Promise<void> {
  const doc = resolve(flags.doc!);
  const imgDir = join(dirname(doc), 'img');
  mkdirSync(imgDir, { recursive: true });
  const curve = (pick: (h: TrainResults['history'][number]) => number) =>
    variants.flatMap((v) => {
      const rs = results.get(v.name)!;
      return rs[0].history.map((h, i) => ({ x: h.epoch, y: mean(rs.map((r) => pick(r.history[i] ?? h))), series: v.name }));
    });
  const charts = [
    { file: 'optimization-fix-train-loss.png', title: 'training loss per epoch', y: 'train loss', points: curve((h) => h.trainLoss) },
    { file: 'optimization-fix-val-accuracy.png', title: 'validation accuracy per epoch', y: 'validation accuracy', points: curve((h) => h.valAccuracy) },
  ];
  for (const c of charts) {
    const png = await renderPng(lineChartSpec({ title: c.title, xTitle: 'epoch', yTitle: c.y, points: c.points, showPoints: true }));
    writeFileSync(join(imgDir, c.file), png);
  }
  const args = process.argv.slice(2).join(' ');
  const table = [
    '| variant | test accuracy (mean ± std) | final train loss | img/s | parameters (training form) |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.variant} | ${(100 * r.testMean).toFixed(2)}% ± ${(100 * r.testStd).toFixed(2)} | ${r.finalTrainLoss.toFixed(4)} | ${r.imgPerSec.toFixed(0)} | ${r.parameters.toLocaleString('en-US')} |`,
    ),
  ].join('\n');
  const seeds = Array.from({ length: flags.seeds }, (_, i) => i);
  const perSeed = [
    `| seed | ${variants.map((v) => v.name).join(' | ')} |`,
    `| --- | ${variants.map(() => '---').join(' | ')} |`,
    ...seeds.map((seed) => `| ${seed} | ${variants.map((v) => `${(100 * (results.get(v.name)![seed].testAccuracy ?? NaN)).toFixed(2)}%`).join(' | ')} |`),
  ].join('\n');
  const paired = pairedDifferenceTable(comparisons);
  const rel = (f: string) => relative(dirname(doc), join(imgDir, f));
  writeGeneratedDoc(
    doc,
    `# The optimization fix: how a slot sums its branches\n\n` +
      `Made by \`reparam ${args}\` on the \`${backend}\` backend (${flags.seeds} seed(s) per variant, ` +
      `${flags.backbone} on ${flags.dataset}${flags.limit ? `, ${flags.limit} training images` : ''}, ${flags.epochs} epochs, batch ${flags.batch}, lr ${flags.lr}).\n\n` +
      `${table}\n\nTest accuracy per seed (the same seed gives every variant the same data split and order):\n\n${perSeed}\n\n` +
      `Paired by seed (a − b; "no difference" when the 95% interval holds 0):\n\n${paired}\n\n` +
      `![training loss](${rel(charts[0].file)})\n\n![validation accuracy](${rel(charts[1].file)})\n`,
  );
}
