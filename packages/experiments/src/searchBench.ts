import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { runSearch, type SearchRecord, TRAIN_DEFAULTS } from '@reparam/core';
import { lineChartSpec, renderPng } from '@reparam/viz';
import type { Command } from 'commander';
import { parsePositiveInt, withExamples } from '@reparam/cli';
import { addEvaluatorOptions, addExperimentOptions, type EvaluatorFlags, evaluatorOptionsOf } from './benchOptions.js';
import { TrainProgress } from '@reparam/cli';
import { createRuntime, type GlobalOptions } from '@reparam/cli';
import { CachingEvaluator } from '@reparam/runs';
import { readSearchState, writeSearchState } from '@reparam/runs';
import { loadSearchSetting } from '@reparam/runs';

interface SearchBenchFlags extends EvaluatorFlags {
  backbone: string;
  dataset: string;
  width: number;
  limit?: number;
  aggregation: string;
  strategies: string;
  budget: number;
  population: number;
  seeds: number;
  evalEpochs: number;
  batch: number;
  lr: number;
  out: string;
  doc?: string;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: number[]) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));

/** Best fitness after each evaluation. */
function bestSoFar(records: readonly SearchRecord[]): number[] {
  let best = Number.NEGATIVE_INFINITY;
  return records.map((r) => (best = Math.max(best, r.fitness)));
}

/**
 * `reparam bench search`: the strategies at equal evaluation budget on the same supernet per seed
 * (trained once per seed and shared, so only the strategies differ), best-fitness-vs-evaluations
 * curves (PNG) and a table in a markdown page. Every strategy's progress is saved after each
 * evaluation and the supernets are checkpointed, so an interrupted benchmark continues.
 */
export function addSearchBench(bench: Command, globals: () => GlobalOptions): void {
  const command = withExamples(bench.command('search'), [
      'pnpm bench:search',
      'reparam bench search --seeds 3 --out runs/bench-search',
    ])
    .description('compare search strategies at equal evaluation budget over seeds, on one evaluator per seed; curves and a table');
  addEvaluatorOptions(addExperimentOptions(command, { backbone: 'resnet8', width: 0.5, limit: 10000 }))
    .option('--strategies <ids>', 'comma-separated strategies', 'directional-es,regularized-evolution,random')
    .option('--budget <n>', 'evaluations per strategy and seed', parsePositiveInt, 60)
    .option('--population <n>', 'genomes per generation', parsePositiveInt, 10)
    .option('--seeds <n>', 'seeds (one evaluator each)', parsePositiveInt, 3)
    .option('--eval-epochs <n>', "epochs of the evaluator's training (the supernet's, or each candidate's)", parsePositiveInt, 3)
    .option('--out <dir>', 'where the runs go', 'runs/bench-search')
    .option('--doc <file>', 'markdown page to write (with the PNG beside it in img/)')
    .option('--json', 'print the result as JSON on stdout (what this benchmark prints in any case)')
    .action(async (flags: SearchBenchFlags) => {
      const { registry, backend } = await createRuntime(globals());
      const strategyIds = flags.strategies.split(',').map((s) => s.trim()).filter(Boolean);
      for (const id of strategyIds) registry.get('strategy', id);
      const evaluatorFactory = registry.get('evaluator', flags.evaluator);
      const curves = new Map<string, number[][]>(strategyIds.map((id) => [id, []]));
      const seconds = new Map<string, number[]>(strategyIds.map((id) => [id, []]));
      for (let seed = 0; seed < flags.seeds; seed++) {
        const seedDir = join(flags.out, `seed-${seed}`);
        mkdirSync(seedDir, { recursive: true });
        const { data, space, build } = await loadSearchSetting(registry, {
          ...flags,
          aggregation: flags.aggregation,
          seed,
          validationFraction: 0.1,
        });
        const progress = new TrainProgress(`${flags.evaluator} seed ${seed}`);
        const evaluator = new CachingEvaluator(
          evaluatorFactory.create({
            ...evaluatorOptionsOf(flags),
            space,
            seed,
            dataset: data,
            buildNetwork: build,
            train: { ...TRAIN_DEFAULTS, epochs: flags.evalEpochs, batchSize: flags.batch, lr: flags.lr, seed },
            stateDir: join(seedDir, flags.evaluator),
            onTrainEvent: (e) => progress.handle(e),
          }),
          space,
        );
        try {
          await evaluator.prepare();
          progress.stop();
          for (const id of strategyIds) {
            const stateFile = join(seedDir, `${id}.json`);
            const saved = existsSync(stateFile) ? readSearchState(stateFile) : undefined;
            const strategy = registry.get('strategy', id).create(space, { seed, population: flags.population });
            const started = performance.now();
            const elapsed = saved?.seconds ?? 0;
            const done = await runSearch({
              strategy,
              evaluator,
              budget: flags.budget,
              generationSize: flags.population,
              resumeFrom: saved?.progress,
              save: (p) => writeSearchState(stateFile, { seconds: elapsed + (performance.now() - started) / 1000, progress: p }),
              onGeneration: (g) =>
                process.stderr.write(`seed ${seed} ${id} generation ${g.generation}: ${g.evaluations}/${flags.budget}, best ${(100 * g.best.fitness).toFixed(2)}%\n`),
            });
            curves.get(id)!.push(bestSoFar(done.records));
            seconds.get(id)!.push(readSearchState(stateFile).seconds);
          }
        } finally {
          evaluator.dispose();
        }
      }
      const rows = strategyIds.map((id) => {
        const runs = curves.get(id)!;
        const finals = runs.map((c) => c.at(-1) ?? NaN);
        const half = runs.map((c) => c[Math.floor(c.length / 2) - 1] ?? NaN);
        // Area under the best-so-far curve: how early a strategy finds good genomes.
        const area = runs.map((c) => mean(c));
        return { strategy: id, bestMean: mean(finals), bestStd: std(finals), halfBudgetMean: mean(half), meanBestSoFar: mean(area), seconds: mean(seconds.get(id)!) };
      });
      const summary = { backend, flags, rows };
      writeFileSync(join(flags.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
      console.log(JSON.stringify(summary, null, 2));
      if (flags.doc) await writeDoc(flags, backend, curves, rows);
    });
}

async function writeDoc(
  flags: SearchBenchFlags,
  backend: string,
  curves: Map<string, number[][]>,
  rows: { strategy: string; bestMean: number; bestStd: number; halfBudgetMean: number; meanBestSoFar: number; seconds: number }[],
): Promise<void> {
  const doc = resolve(flags.doc!);
  const imgDir = join(dirname(doc), 'img');
  mkdirSync(imgDir, { recursive: true });
  const points = [...curves].flatMap(([id, runs]) => {
    const n = Math.min(...runs.map((c) => c.length));
    return Array.from({ length: n }, (_, i) => ({ x: i + 1, y: mean(runs.map((c) => c[i])), series: id }));
  });
  const file = 'search-best-fitness.png';
  const png = await renderPng(
    lineChartSpec({ title: `best validation accuracy so far (mean of ${flags.seeds} seeds)`, xTitle: 'evaluations', yTitle: 'best fitness (val accuracy)', points }),
  );
  writeFileSync(join(imgDir, file), png);
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  const table = [
    `| strategy | best fitness after ${flags.budget} (mean ± std over seeds) | after ${Math.floor(flags.budget / 2)} | mean best-so-far (area) | seconds per search |`,
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.strategy} | ${pct(r.bestMean)} ± ${(100 * r.bestStd).toFixed(2)} | ${pct(r.halfBudgetMean)} | ${pct(r.meanBestSoFar)} | ${r.seconds.toFixed(0)} |`),
  ].join('\n');
  // Seeds differ by their supernet more than strategies differ, so the paired view is the fair one.
  const finals = new Map([...curves].map(([id, runs]) => [id, runs.map((c) => c.at(-1) ?? NaN)]));
  const seeds = Array.from({ length: flags.seeds }, (_, i) => i);
  const perSeed = [
    `| strategy | ${seeds.map((s) => `seed ${s}`).join(' | ')} |`,
    `| --- | ${seeds.map(() => '---').join(' | ')} |`,
    ...[...finals].map(([id, f]) => `| ${id} | ${f.map(pct).join(' | ')} |`),
  ].join('\n');
  const ids = [...finals.keys()];
  const paired = ids.slice(1).map((other) => {
    const a = finals.get(ids[0])!;
    const b = finals.get(other)!;
    const wins = a.filter((x, i) => x > b[i]).length;
    const ties = a.filter((x, i) => x === b[i]).length;
    const diff = mean(a.map((x, i) => x - b[i]));
    return `against ${other}: ${wins} win(s), ${ties} tie(s), ${a.length - wins - ties} loss(es), mean difference ${diff >= 0 ? '+' : ''}${(100 * diff).toFixed(2)} points`;
  });
  const verdict = ids.length > 1 ? `Paired by seed, ${ids[0]} ${paired.join('; ')}.` : '';
  const args = process.argv.slice(2).join(' ');
  writeFileSync(
    doc,
    `# Search strategies compared\n\nMade by \`reparam ${args}\` on the \`${backend}\` backend: ${flags.backbone} (width ${flags.width}) on ${flags.dataset} ` +
      `(${flags.limit} images, 10% held out for the fitness), ${flags.evaluator} evaluator (${flags.evalEpochs} epochs` +
      `${Object.entries(evaluatorOptionsOf(flags)).map(([k, v]) => `, ${k} ${v}`).join('')}), ` +
      `${flags.budget} evaluations per strategy, population ${flags.population}, ${flags.seeds} seeds. Every strategy of a seed scores genomes with the same evaluator (a genome two strategies propose is scored once).\n\n` +
      `${table}\n\nBest fitness per seed (validation accuracy of the best genome found):\n\n${perSeed}\n\n${verdict}\n\n` +
      `![best fitness vs evaluations](${relative(dirname(doc), join(imgDir, file))})\n`,
  );
}
