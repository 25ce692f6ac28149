import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { ReparamError, type Genome, recheckTop, type Registry, reparameterize, Rng, runSearch, type SearchProgress, type SearchSpace, TRAIN_DEFAULTS } from '@reparam/core';
import { toLayersModel } from '@reparam/deploy';
import { barChartSpec, heatmapSpec, renderPng } from '@reparam/viz';
import * as tf from '@tensorflow/tfjs';
import { type Command, InvalidArgumentError } from 'commander';
import { loadTrainedNetwork } from '@reparam/runs';
import { openTrainedRun } from '@reparam/runs';
import type { GenomeSource } from '@reparam/runs';
import { DEFAULT_BUDGET, DEFAULT_POPULATION, DEFAULT_RECHECK, parseNonNegativeInt, parsePositiveInt, withExamples } from '@reparam/cli';
import { addEvaluatorOptions, addExperimentOptions, evaluatorOptionsOf } from './benchOptions.js';
import { TrainProgress } from '@reparam/cli';
import { createRuntime, type GlobalOptions } from '@reparam/cli';
import { CachingEvaluator, readSearchState, writeSearchState } from '@reparam/runs';
import { loadSearchSetting } from '@reparam/runs';
import type { TrainResults } from '@reparam/runs';
import { trainOrReuse } from '@reparam/runs';
import { RunEventRenderer } from '@reparam/cli';
import { writeGeneratedDoc } from './generatedDoc.js';
import { writeGeneratedJson } from './generatedJson.js';
import { type PairedDifference, pairedDifference, pairedDifferenceTable } from './pairedDifference.js';
import { optionalOpCount } from './optionalOpCount.js';

interface PaperFlags {
  backbone: string;
  evaluator: string;
  evalImages?: number;
  valImages?: number;
  sampling?: string;
  dataset: string;
  width: number;
  limit?: number;
  valFraction: number;
  aggregation: string;
  seeds: number;
  budget: number;
  population: number;
  recheck: number;
  evalEpochs?: number;
  epochs: number;
  batch: number;
  lr: number;
  calibrationImages?: number;
  out: string;
  doc?: string;
  shard?: Shard;
}

/** Which seeds one process runs when the seeds are spread over processes or machines. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** Parses `--shard i/n` (1 ≤ i ≤ n): this process runs the seeds s with s mod n = i − 1. */
export function parseShard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!(index >= 1 && count >= index)) throw new InvalidArgumentError(`expected i/n with 1 ≤ i ≤ n (e.g. 1/2), got '${value}'`);
  return { index, count };
}

/** The hand-designed genomes every search is compared with. */
const PRESET_CONFIGS = ['plain', 'repvgg', 'acnet', 'dbb', 'full'] as const;
/** The searches of the comparison: directional-es (the paper's), and two controls at the same budget on the same evaluator. */
const SEARCH_CONFIGS = [
  ['searched', 'directional-es'],
  ['searched-re', 'regularized-evolution'],
  ['searched-random', 'random'],
] as const;
/** Every configuration of the comparison, in table order. */
export const PAPER_CONFIGS = [...PRESET_CONFIGS, ...SEARCH_CONFIGS.map(([config]) => config), 'matched-random'] as const;
type Config = (typeof PAPER_CONFIGS)[number];

/** One retrained network of the comparison (a row of results.json). */
export interface PaperRow {
  readonly backbone: string;
  readonly config: Config;
  readonly seed: number;
  readonly testAccuracy: number;
  readonly trainImgPerS: number;
  readonly fusedLatencyMs: number;
  readonly paramsFused: number;
  readonly paramsTrain: number;
  /** Optional ops the genome switches on, over all slots. */
  readonly optionalOps: number;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs: readonly number[]) => (xs.length < 2 ? 0 : Math.sqrt(xs.reduce((a, x) => a + (x - mean(xs)) ** 2, 0) / (xs.length - 1)));
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Random ops with the same number of optional ops per slot as `like`: the control for the search. */
export function matchedRandomGenome(space: SearchSpace, like: Genome, rng: Rng): Genome {
  return Object.fromEntries(
    space.slots.map((slot) => {
      const pool = [...slot.options];
      const picked: string[] = [];
      for (let n = (like[slot.name] ?? []).length; n > 0 && pool.length > 0; n--) picked.push(pool.splice(rng.int(pool.length), 1)[0]);
      return [slot.name, slot.options.filter((o) => picked.includes(o))];
    }),
  );
}

/** Median ms of one forward pass of 64 images through the fused (deployed) form of a trained run. */
async function fusedLatencyMs(registry: Registry, runDir: string): Promise<number> {
  const { net, dataset } = await loadTrainedNetwork(registry, openTrainedRun(runDir));
  const model = toLayersModel(reparameterize(net));
  net.dispose();
  const x = tf.randomNormal([64, ...dataset.inputShape]) as tf.Tensor4D;
  try {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
      if (i >= 2) times.push(performance.now() - t0);
    }
    return median(times);
  } finally {
    x.dispose();
    model.dispose();
  }
}

/**
 * `reparam bench paper`: the paper's comparison at this machine's scale. For each seed: one evaluator,
 * searched by directional-es, by regularized evolution and by random search at the same budget; then
 * the presets, the searched genomes and a matched-random genome (the search's op count per slot, random ops) are
 * retrained from scratch under one recipe and compared on test accuracy, with paired differences.
 * Every search state and training run is kept, so rerunning continues where it stopped.
 */
export function addPaperBench(bench: Command, globals: () => GlobalOptions): void {
  const command = withExamples(bench.command('paper'), [
      'pnpm bench:paper',
      'reparam bench paper --aggregation online --out runs/bench-paper --shard 1/2',
    ])
    .description('searched genomes against plain, RepVGG, ACNet, DBB, every-op, random search and matched-random, retrained over seeds');
  addEvaluatorOptions(addExperimentOptions(command, { backbone: 'resnet20', width: 0.5, limit: 10000, valFraction: 0.1 }))
    .option('--seeds <n>', 'seeds (a search and every retraining per seed)', parsePositiveInt, 5)
    .option('--budget <n>', 'evaluations per search', parsePositiveInt, DEFAULT_BUDGET)
    .option('--population <n>', 'genomes per generation', parsePositiveInt, DEFAULT_POPULATION)
    .option('--recheck <k>', 'best genomes of each search scored once more with the next seed; the pick is the best mean of two scores', parseNonNegativeInt, DEFAULT_RECHECK)
    .option('--eval-epochs <n>', "epochs of the evaluator's training (each candidate's, or the supernet's; default: --epochs, as a search evaluates by default)", parsePositiveInt)
    .option('--epochs <n>', 'retraining epochs (every configuration)', parsePositiveInt, 5)
    .option('--out <dir>', 'where the searches and runs go', 'runs/bench-paper')
    .option('--doc <file>', 'markdown page to write (with a .json of the same name and the PNGs in img/)')
    .option('--json', 'print the result as JSON on stdout (what this benchmark prints in any case)')
    .option(
      '--shard <i/n>',
      'run only the seeds s with s mod n = i-1, to spread the seeds over processes or machines sharing --out; a later run without it reuses their runs and writes the summary',
      parseShard,
    )
    .action(async (flags: PaperFlags) => {
      if (flags.shard && flags.doc) throw new ReparamError('--doc needs every seed: write the page with a run without --shard once the shards are done');
      const { registry, backend } = await createRuntime(globals());
      registry.aggregation(flags.aggregation);
      const rows: PaperRow[] = [];
      const searched: Genome[] = [];
      let space: SearchSpace | undefined;
      for (let seed = 0; seed < flags.seeds; seed++) {
        if (flags.shard && seed % flags.shard.count !== flags.shard.index - 1) continue;
        const seedDir = join(flags.out, `seed-${seed}`);
        mkdirSync(seedDir, { recursive: true });
        const setting = await loadSearchSetting(registry, { ...flags, seed, validationFraction: flags.valFraction });
        space = setting.space;
        const train = (epochs: number) => ({ ...TRAIN_DEFAULTS, epochs, batchSize: flags.batch, lr: flags.lr, seed });
        const progress = new TrainProgress(`seed ${seed} ${flags.evaluator}`);
        // One evaluator for the searches, one with the next seed for the rechecks of their best
        // genomes (shared by the three searches, as `reparam search` would score a genome).
        const makeEvaluator = (recheck: boolean) =>
          registry.get('evaluator', flags.evaluator).create({
            ...evaluatorOptionsOf(flags),
            space: setting.space,
            seed: seed + (recheck ? 1 : 0),
            dataset: setting.data,
            buildNetwork: setting.build,
            train: { ...train(flags.evalEpochs ?? flags.epochs), seed: seed + (recheck ? 1 : 0) },
            stateDir: join(seedDir, recheck ? `${flags.evaluator}-recheck` : flags.evaluator),
            onTrainEvent: (e) => progress.handle(e),
          });
        const evaluator = makeEvaluator(false);
        const rechecker = new CachingEvaluator(makeEvaluator(true), setting.space);
        const found = new Map<string, Genome>();
        try {
          for (const [config, strategyId] of SEARCH_CONFIGS) {
            const stateFile = join(seedDir, `${strategyId}.json`);
            const saved = existsSync(stateFile) ? readSearchState(stateFile) : undefined;
            if (!saved || saved.progress.records.length < flags.budget) await evaluator.prepare?.();
            progress.stop();
            const started = performance.now();
            let rechecks = saved?.rechecks ?? [];
            const write = (p: SearchProgress) =>
              writeSearchState(stateFile, { seconds: (saved?.seconds ?? 0) + (performance.now() - started) / 1000, progress: p, ...(rechecks.length ? { rechecks } : {}) });
            const done = await runSearch({
              strategy: registry.get('strategy', strategyId).create(setting.space, { seed, population: flags.population }),
              evaluator,
              budget: flags.budget,
              generationSize: flags.population,
              resumeFrom: saved?.progress,
              save: write,
              onGeneration: (g) => process.stderr.write(`seed ${seed} ${strategyId} generation ${g.generation}: ${g.evaluations}/${flags.budget}, best ${(100 * g.best.fitness).toFixed(2)}%\n`),
            });
            const pick = await recheckTop(done.records, setting.space, {
              count: flags.recheck,
              evaluator: () => ({ prepare: () => rechecker.prepare(), evaluate: (g) => rechecker.evaluate(g), dispose: () => {} }),
              done: rechecks,
              onRecheck: (made) => {
                rechecks = made;
                write(done);
                process.stderr.write(`seed ${seed} ${strategyId} recheck ${made.length}/${flags.recheck}: ${(100 * made.at(-1)!.fitness).toFixed(2)}%\n`);
              },
            });
            found.set(config, pick!.genome);
          }
        } finally {
          evaluator.dispose();
          rechecker.dispose();
        }
        searched.push(found.get('searched')!);
        found.set('matched-random', matchedRandomGenome(setting.space, found.get('searched')!, new Rng(seed + 104729)));

        const base = {
          command: 'train' as const,
          backbone: flags.backbone,
          dataset: flags.dataset,
          aggregation: flags.aggregation,
          width: flags.width,
          ...train(flags.epochs),
          ...(flags.limit === undefined ? {} : { limit: flags.limit }),
          validationFraction: flags.valFraction,
          backend,
          plugins: globals().plugin ?? [],
        };
        for (const config of PAPER_CONFIGS) {
          const source: GenomeSource = (PRESET_CONFIGS as readonly string[]).includes(config) ? { preset: config } : { genome: found.get(config)! };
          const dir = join(seedDir, config);
          const r: TrainResults = await trainOrReuse(registry, backend, { ...base, ...(source.preset ? { preset: source.preset } : {}) }, dir, source, `seed ${seed} ${config}`, new RunEventRenderer().handle);
          const { genome } = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { genome: Genome };
          rows.push({
            backbone: flags.backbone,
            config,
            seed,
            testAccuracy: r.testAccuracy ?? Number.NaN,
            trainImgPerS: mean(r.history.map((h) => h.imgPerSec)),
            fusedLatencyMs: await fusedLatencyMs(registry, dir),
            paramsFused: r.fusedParameters,
            paramsTrain: r.parameters,
            optionalOps: optionalOpCount(genome),
          });
        }
      }
      if (flags.shard) {
        // A shard holds only some seeds: its rows are in the runs; the summary is the unsharded rerun's job.
        console.log(JSON.stringify({ backend, shard: `${flags.shard.index}/${flags.shard.count}`, rows }, null, 2));
        return;
      }
      const summary = summarise(rows);
      const result = { command: `reparam ${process.argv.slice(2).join(' ')}`, backend, settings: flags, summary, rows };
      writeFileSync(join(flags.out, 'summary.json'), `${JSON.stringify(result, null, 2)}\n`);
      console.log(JSON.stringify({ backend, summary }, null, 2));
      if (flags.doc) await writeDoc(flags, result, searched, space!);
    });
}

interface Summary {
  readonly configs: { config: Config; testMean: number; testStd: number; trainImgPerS: number; fusedLatencyMs: number; paramsFused: number; paramsTrain: number; optionalOps: number }[];
  readonly bestPreset: Config;
  readonly comparisons: ({ a: Config; b: Config } & PairedDifference)[];
}

function summarise(rows: readonly PaperRow[]): Summary {
  const of = (config: Config) => rows.filter((r) => r.config === config).sort((p, q) => p.seed - q.seed);
  const configs = PAPER_CONFIGS.map((config) => {
    const rs = of(config);
    return {
      config,
      testMean: mean(rs.map((r) => r.testAccuracy)),
      testStd: std(rs.map((r) => r.testAccuracy)),
      trainImgPerS: mean(rs.map((r) => r.trainImgPerS)),
      fusedLatencyMs: mean(rs.map((r) => r.fusedLatencyMs)),
      paramsFused: mean(rs.map((r) => r.paramsFused)),
      paramsTrain: mean(rs.map((r) => r.paramsTrain)),
      optionalOps: mean(rs.map((r) => r.optionalOps)),
    };
  });
  const bestPreset = [...configs].filter((c) => c.config !== 'plain' && (PRESET_CONFIGS as readonly string[]).includes(c.config)).sort((p, q) => q.testMean - p.testMean)[0].config;
  const test = (c: Config) => of(c).map((r) => r.testAccuracy);
  const pairs: [Config, Config][] = [
    ...PAPER_CONFIGS.filter((c) => c !== 'plain').map((c): [Config, Config] => [c, 'plain']),
    ['searched', bestPreset],
    ['searched', 'matched-random'],
    ['searched', 'searched-random'],
    ['searched', 'searched-re'],
  ];
  return { configs, bestPreset, comparisons: pairs.map(([a, b]) => ({ a, b, ...pairedDifference(test(a), test(b)) })) };
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
async function writeDoc(
  flags: PaperFlags,
  result: { command: string; backend: string; summary: Summary; rows: PaperRow[] },
  searched: readonly Genome[],
  space: SearchSpace,
): Promise<void> {
  const doc = resolve(flags.doc!);
  const imgDir = join(dirname(doc), 'img');
  mkdirSync(imgDir, { recursive: true });
  // One section of the page (and one experiment of its JSON) per backbone and dataset.
  const id = `${flags.backbone}-${flags.dataset.replace(/[^\w.-]+/g, '_')}`;
  const json = `${doc.replace(/\.md$/, '')}.json`;
  writeGeneratedJson(json, id, { command: result.command, backend: result.backend, rows: result.rows });
  const { configs, comparisons, bestPreset } = result.summary;
  const bars = `results-accuracy-${id}.png`;
  writeFileSync(
    join(imgDir, bars),
    await renderPng(
      barChartSpec({
        title: 'test accuracy after retraining',
        subtitle: `mean ± std over ${flags.seeds} seeds`,
        yTitle: 'test accuracy',
        zoom: true,
        bars: configs.map((c) => ({ label: c.config, value: c.testMean, low: c.testMean - c.testStd, high: c.testMean + c.testStd })),
      }),
    ),
  );
  const heat = `results-searched-ops-${id}.png`;
  writeFileSync(
    join(imgDir, heat),
    await renderPng(
      heatmapSpec({
        title: 'ops chosen by directional-es',
        subtitle: `share of the ${searched.length} seeds whose searched genome has the op in the slot`,
        rowTitle: 'slot',
        columnTitle: 'op',
        valueTitle: 'share of seeds',
        domain: [0, 1],
        cells: space.slots.flatMap((slot) => slot.options.map((op) => ({ row: slot.name, column: op, value: mean(searched.map((g) => ((g[slot.name] ?? []).includes(op) ? 1 : 0))) }))),
      }),
    ),
  );
  const table = [
    '| configuration | test accuracy (mean ± std) | optional ops | training img/s | fused latency, 64 images (ms) | parameters trained / deployed |',
    '| --- | --- | --- | --- | --- | --- |',
    ...configs.map(
      (c) =>
        `| ${c.config} | ${pct(c.testMean)} ± ${(100 * c.testStd).toFixed(2)} | ${c.optionalOps.toFixed(0)} | ${c.trainImgPerS.toFixed(0)} | ${c.fusedLatencyMs.toFixed(1)} | ` +
        `${Math.round(c.paramsTrain).toLocaleString('en-US')} / ${Math.round(c.paramsFused).toLocaleString('en-US')} |`,
    ),
  ].join('\n');
  const paired = pairedDifferenceTable(comparisons);
  const seeds = [...new Set(result.rows.map((r) => r.seed))].sort((a, b) => a - b);
  const perSeed = [
    `| configuration | ${seeds.map((s) => `seed ${s}`).join(' | ')} |`,
    `| --- | ${seeds.map(() => '---').join(' | ')} |`,
    ...PAPER_CONFIGS.map((c) => `| ${c} | ${seeds.map((s) => pct(result.rows.find((r) => r.config === c && r.seed === s)?.testAccuracy ?? Number.NaN)).join(' | ')} |`),
  ].join('\n');
  const rel = (f: string) => relative(dirname(doc), f);
  const evaluatorNote = Object.entries(evaluatorOptionsOf(flags)).map(([k, v]) => `, ${k} ${v}`).join('');
  writeGeneratedDoc(
    doc,
    `## ${flags.backbone} on ${flags.dataset}\n\n` +
      `Made by \`${result.command}\` on the \`${result.backend}\` backend. ${flags.backbone} (width ${flags.width}) on ${flags.dataset} ` +
      `(${flags.limit ?? 'all'} training images, ${100 * flags.valFraction}% held out as the search's validation split; the test split is never seen ` +
      `before retraining), \`${flags.aggregation}\` aggregation. Per seed: the \`${flags.evaluator}\` evaluator (${flags.evalEpochs ?? flags.epochs} epochs${evaluatorNote}), ` +
      `searched by directional-es, by regularized evolution and by random search (${flags.budget} evaluations each, population ${flags.population}; ` +
      `the ${flags.recheck} best genomes of each scored once more with the next seed, the pick the best mean of two scores); ` +
      `then every configuration retrained from scratch for ` +
      `${flags.epochs} epochs, batch ${flags.batch}, lr ${flags.lr}, with that seed. \`matched-random\` has the directional-es genome's number of ` +
      `optional ops in every slot, picked at random. The best preset other than plain is **${bestPreset}**. Rows: [${rel(json)}](${rel(json)}) (experiment \`${id}\`).\n\n` +
      `${table}\n\nTest accuracy per seed (a seed fixes the data split, the order and every initialisation of its row's runs):\n\n${perSeed}\n\nPaired by seed (a − b; "no difference" when the 95% interval holds 0):\n\n${paired}\n\n` +
      `![test accuracy](${rel(join(imgDir, bars))})\n\n![searched ops](${rel(join(imgDir, heat))})\n`,
    { id, title: 'Searched Rep ops against hand-designed ones' },
  );
}
