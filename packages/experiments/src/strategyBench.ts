import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { type Registry, ReparamError, searchSpaceOf, slotInfos, type SearchSpace } from '@reparam/core';
import { loadLandscape } from '@reparam/evaluators';
import { concatChartsSpec, lineChartSpec, renderPng } from '@reparam/viz';
import { type Command, InvalidArgumentError } from 'commander';
import { createRuntime, DEFAULT_POPULATION, DEFAULT_RECHECK, type GlobalOptions, parseNonNegativeInt, parseNonNegativeNumber, parsePositiveInt, withExamples } from '@reparam/cli';
import { writeGeneratedDoc } from './generatedDoc.js';
import { writeGeneratedJson } from './generatedJson.js';
import { searchLandscape, top1PercentThreshold } from './landscapeSearch.js';
import { bestSharedOpsGenome } from './sharedOpsOptimum.js';
import { quantile } from './quantile.js';

/**
 * The landscapes `bench strategies` runs unless told otherwise: additive and rugged, each with
 * independent per-slot effects and with effects mostly shared across slots (as a real space's ops act
 * alike across the network), each without noise and with one training's seed-to-seed spread on
 * plain56 (4.5 points).
 */
export const DEFAULT_BENCH_LANDSCAPES = [
  'additive:seed=1',
  'additive:seed=1,noise=4.5',
  'rugged:seed=1,k=2',
  'rugged:seed=1,k=2,noise=4.5',
  'additive:seed=1,shared=0.8',
  'additive:seed=1,shared=0.8,noise=4.5',
  'rugged:seed=1,k=2,shared=0.8',
  'rugged:seed=1,k=2,shared=0.8,noise=4.5',
] as const;

/** Evaluation budgets read off each search (multiples of the default population, 8; 16 is the search's default budget). */
export const DEFAULT_BENCH_BUDGETS = [16, 24, 96, 496, 2000] as const;

/**
 * The input the backbone's search space is worked out for (CIFAR-10's: 32×32×3, 10 classes), so the
 * benchmark reads no dataset. The ops that apply to a slot depend only on its channels and stride.
 */
const BENCH_INPUT = { inputShape: [32, 32, 3] as const, classes: 10 };

interface StrategyBenchFlags {
  backbone: string;
  width: number;
  strategies?: string;
  landscape: string[];
  defaultLandscapes: boolean;
  seeds: number;
  budgets: number[];
  population: number;
  recheck: number;
  doc?: string;
  json?: boolean;
}

/** One row of the benchmark: a strategy on a landscape at a budget, over the seeds. Regrets in accuracy points. */
export interface StrategyBenchRow {
  readonly strategy: string;
  readonly landscape: string;
  /** Evaluation noise σ in accuracy points; null for a table (its noise is its trainings'). */
  readonly noise: number | null;
  readonly seeds: number;
  readonly budget: number;
  /** Median over seeds of the evaluations until the best-scored genome is in the top 1%; null when fewer than half the seeds got there within the budget. */
  readonly medianEvalsToTop1Pct: number | null;
  /** Seeds whose best-scored genome reached the top 1% within the budget. */
  readonly seedsReachingTop1Pct: number;
  /** Median regret of the search's pick (best genomes rechecked, as `reparam search` picks), and its interquartile range. */
  readonly medianFinalRegret: number;
  readonly finalRegretIqr: readonly [number, number];
  /** Median regret of the genome with the best single score (no recheck). */
  readonly medianRegretBestScore: number;
}

const points = (x: number) => Math.round(x * 100 * 1000) / 1000;

/**
 * `reparam bench strategies`: every strategy (the built-in ones and any a `--plugin` registers) on
 * landscapes whose optimum is known, over many seeds: regret against evaluations (median and IQR),
 * evaluations until the top 1%, a table and a regret-vs-evaluations PNG in a section of a page.
 * Pure look-ups (the `landscape` evaluator): no data, no training.
 */
export function addStrategyBench(bench: Command, globals: () => GlobalOptions): void {
  withExamples(bench.command('strategies'), [
    'reparam bench strategies --doc docs/search.md',
    'reparam --plugin ./my-strategy.js bench strategies --strategies hill-climb,random',
    'reparam bench strategies --landscape rugged:seed=2,k=4,noise=2 --no-default-landscapes --seeds 10 --budgets 50,200',
  ])
    .description('score search strategies on synthetic landscapes with a known optimum: regret vs evaluations over seeds, evaluations to the top 1%')
    .option('--backbone <id>', 'backbone whose search space (slots × applicable ops) the landscapes are drawn over', 'plain56')
    .option('--width <x>', 'width multiplier of the backbone', parseNonNegativeNumber, 1)
    .option('--strategies <ids>', 'comma-separated strategies (default: every registered one, plugins included)')
    .option('--landscape <spec|file>', `a landscape to add: a spec (additive:seed=1,noise=4.5, rugged:seed=1,k=2,noise=4.5) or a landscape .json file (repeatable; defaults: ${DEFAULT_BENCH_LANDSCAPES.join(' ')})`, collect, [])
    .option('--no-default-landscapes', 'run only the --landscape ones')
    .option('--seeds <n>', 'searches per strategy and landscape (seeds 0 … n − 1)', parsePositiveInt, 30)
    .option('--budgets <list>', 'comma-separated evaluation budgets, read off one search per seed run to the largest', parseBudgets, [...DEFAULT_BENCH_BUDGETS])
    .option('--population <n>', 'genomes per generation (as reparam search)', parsePositiveInt, DEFAULT_POPULATION)
    .option('--recheck <k>', 'best genomes rechecked with the next seed before the pick (as reparam search)', parseNonNegativeInt, DEFAULT_RECHECK)
    .option('--doc <file>', 'markdown page to write a section of (with a .json of the same name and the PNG in img/)')
    .option('--json', 'print the result as JSON on stdout (what this benchmark prints in any case)')
    .action(async (flags: StrategyBenchFlags) => {
      const started = performance.now();
      const { registry, backend } = await createRuntime(globals());
      const strategyIds = flags.strategies?.split(',').map((s) => s.trim()).filter(Boolean) ?? registry.list('strategy').map((s) => s.id);
      const strategies = strategyIds.map((id) => registry.get('strategy', id));
      const space = benchSpace(registry, flags.backbone, flags.width);
      const values = [...(flags.defaultLandscapes ? DEFAULT_BENCH_LANDSCAPES : []), ...flags.landscape];
      if (values.length === 0) throw new ReparamError('no landscape: give --landscape, or leave out --no-default-landscapes');
      const landscapes = values.map((v) => ({ value: v, landscape: loadLandscape(v, space) }));
      const rows: StrategyBenchRow[] = [];
      const curves: { strategy: string; landscape: string; evaluations: number; median: number; q1: number; q3: number }[] = [];
      for (const { value, landscape } of landscapes) {
        const threshold = top1PercentThreshold(landscape);
        for (const strategy of strategies) {
          const t0 = performance.now();
          const outcomes = [];
          for (let seed = 0; seed < flags.seeds; seed++) {
            outcomes.push(await searchLandscape(landscape, strategy, { seed, population: flags.population, budgets: flags.budgets, recheck: flags.recheck, threshold }));
          }
          process.stderr.write(`${strategy.id} on ${value}: ${flags.seeds} searches in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
          for (const [i, budget] of flags.budgets.entries()) {
            const picks = outcomes.map((o) => o.pickRegret[i]);
            const reached = outcomes.map((o) => (o.evalsToTop1Pct !== undefined && o.evalsToTop1Pct <= budget ? o.evalsToTop1Pct : Number.POSITIVE_INFINITY));
            const medianReached = quantile(reached, 0.5);
            rows.push({
              strategy: strategy.id,
              landscape: value,
              noise: landscape.noise === undefined ? null : points(landscape.noise),
              seeds: flags.seeds,
              budget,
              medianEvalsToTop1Pct: Number.isFinite(medianReached) ? medianReached : null,
              seedsReachingTop1Pct: reached.filter(Number.isFinite).length,
              medianFinalRegret: points(quantile(picks, 0.5)),
              finalRegretIqr: [points(quantile(picks, 0.25)), points(quantile(picks, 0.75))],
              medianRegretBestScore: points(quantile(outcomes.map((o) => o.regret[budget - 1]), 0.5)),
            });
          }
          for (const n of curveEvaluations(Math.max(...flags.budgets))) {
            const at = outcomes.map((o) => o.regret[n - 1]);
            curves.push({ strategy: strategy.id, landscape: value, evaluations: n, median: points(quantile(at, 0.5)), q1: points(quantile(at, 0.25)), q3: points(quantile(at, 0.75)) });
          }
        }
      }
      const seconds = (performance.now() - started) / 1000;
      const command = `reparam ${process.argv.slice(2).join(' ')}`;
      const optima = landscapes.map(({ value, landscape }) => {
        const shared = bestSharedOpsGenome(landscape);
        return {
          landscape: value,
          label: landscape.label,
          optimum: points(landscape.optimum.fitness),
          top1PctThreshold: points(top1PercentThreshold(landscape)),
          bestSharedOps: shared ? { ops: shared.ops, fitness: points(shared.fitness), regret: points(landscape.optimum.fitness - shared.fitness) } : null,
        };
      });
      const result = { command, backend, backbone: flags.backbone, width: flags.width, population: flags.population, recheck: flags.recheck, regretUnit: 'accuracy points', seconds, landscapes: optima, rows };
      console.log(JSON.stringify(result, null, 2));
      if (flags.doc) await writeDoc(flags, result, curves, space);
    });
}

/** The search space of `backbone` for the benchmark's input ({@link BENCH_INPUT}). */
function benchSpace(registry: Registry, backbone: string, width: number): SearchSpace {
  return searchSpaceOf(slotInfos(registry.get('backbone', backbone).slotDescriptors({ ...BENCH_INPUT, width }), registry));
}


/** Evaluation counts the curves are drawn at: every one up to 30, then about 60 per tenfold. */
function curveEvaluations(max: number): number[] {
  const out = new Set<number>();
  for (let n = 1; n <= Math.min(30, max); n++) out.add(n);
  for (let x = Math.log10(30); x < Math.log10(max); x += 1 / 60) out.add(Math.round(10 ** x));
  out.add(max);
  return [...out].filter((n) => n <= max).sort((a, b) => a - b);
}

async function writeDoc(
  flags: StrategyBenchFlags,
  result: { command: string; seconds: number; landscapes: { landscape: string; label: string; optimum: number; top1PctThreshold: number; bestSharedOps: { regret: number } | null }[]; rows: StrategyBenchRow[] },
  curves: { strategy: string; landscape: string; evaluations: number; median: number; q1: number; q3: number }[],
  space: SearchSpace,
): Promise<void> {
  const doc = resolve(flags.doc!);
  const id = `strategies-${flags.backbone}`;
  const imgDir = join(dirname(doc), 'img');
  mkdirSync(imgDir, { recursive: true });
  const file = `search-strategies-regret-${flags.backbone}.png`;
  const charts = result.landscapes.map(({ landscape }) =>
    lineChartSpec({
      title: landscape,
      xTitle: 'evaluations',
      yTitle: 'regret (accuracy points; median, IQR)',
      points: curves.filter((c) => c.landscape === landscape).map((c) => ({ x: c.evaluations, y: c.median, series: c.strategy })),
      bands: curves.filter((c) => c.landscape === landscape).map((c) => ({ x: c.evaluations, lo: c.q1, hi: c.q3, series: c.strategy })),
      width: 300,
      height: 220,
    }),
  );
  writeFileSync(join(imgDir, file), await renderPng(concatChartsSpec({ title: `regret of the best-scored genome vs evaluations (${flags.backbone}, ${flags.seeds} seeds)`, charts })));
  const bits = space.slots.reduce((a, s) => a + s.options.length, 0);
  const table = [
    '| landscape | strategy | budget | median regret of the pick (IQR) | regret of the best score | median evaluations to the top 1% (seeds there) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...result.rows.map(
      (r) =>
        `| ${r.landscape} | ${r.strategy} | ${r.budget} | ${r.medianFinalRegret.toFixed(2)} (${r.finalRegretIqr[0].toFixed(2)}–${r.finalRegretIqr[1].toFixed(2)}) | ${r.medianRegretBestScore.toFixed(2)} | ${r.medianEvalsToTop1Pct ?? '—'} (${r.seedsReachingTop1Pct}/${r.seeds}) |`,
    ),
  ].join('\n');
  const landscapes = result.landscapes
    .map((l) => `\`${l.landscape}\` (optimum ${l.optimum.toFixed(1)}%, top 1% from ${l.top1PctThreshold.toFixed(2)}%${l.bestSharedOps ? `, best shared-ops genome's regret ${l.bestSharedOps.regret.toFixed(2)}` : ''})`)
    .join(', ');
  const generated =
    `## Strategies on landscapes with a known optimum (${flags.backbone})\n\n` +
    `Made by \`${result.command}\` in ${result.seconds.toFixed(0)} s: ${flags.backbone}'s search space (${space.slots.length} slots, ${bits} slot-ops), ` +
    `landscapes ${landscapes}; ${flags.seeds} seeds per strategy and landscape, generations of ${flags.population}, the best ${flags.recheck} genomes rechecked with the next seed before the pick, as \`reparam search\` does. ` +
    'Regret is the optimum minus the true (noise-free) fitness, in accuracy points, of the genome the search returns: *the pick* after the recheck, or *the best score* without it. ' +
    'The best shared-ops genome is the best of those with one set of ops in every slot (every subset of the ops tried): what a search reaches by learning only what each op does across the network. ' +
    'The top 1% is the 99th percentile of the true fitness of 10,000 uniformly random genomes; evaluations to it count until the best-scored genome is there ("—": fewer than half the seeds within the budget).\n\n' +
    `${table}\n\n![regret vs evaluations](${relative(dirname(doc), join(imgDir, file))})`;
  writeGeneratedDoc(doc, generated, { id, title: 'Search strategies compared' });
  writeGeneratedJson(doc.replace(/\.md$/, '.json'), id, { command: result.command, landscapes: result.landscapes, rows: result.rows });
}

/** Repeatable option values. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--budgets 24,96,…`: positive integers, at least one. */
function parseBudgets(value: string): number[] {
  const budgets = value.split(',').map((s) => s.trim());
  if (budgets.length === 0 || budgets.some((b) => !/^\d+$/.test(b) || Number(b) === 0)) throw new InvalidArgumentError(`--budgets must be positive numbers of evaluations, comma-separated, got '${value}'`);
  return budgets.map(Number).sort((a, b) => a - b);
}
