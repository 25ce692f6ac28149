import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { type Genome, GenomeCodec, presetGenome, ReparamError, Rng, type SearchSpace, TRAIN_DEFAULTS, writeFileAtomic, z } from '@reparam/core';
import { renderPng, scatterChartSpec } from '@reparam/viz';
import { type Command, Option } from 'commander';
import { collectEvaluatorOption, parseNonNegativeInt, parsePositiveInt, withExamples } from '@reparam/cli';
import { addEvaluatorOptions, addExperimentOptions, type EvaluatorFlags, evaluatorOptionsOf } from './benchOptions.js';
import { TrainProgress } from '@reparam/cli';
import { createRuntime, type GlobalOptions } from '@reparam/cli';
import { standaloneScore } from '@reparam/evaluators';
import { loadSearchSetting } from '@reparam/runs';
import { writeGeneratedDoc } from './generatedDoc.js';
import { writeGeneratedJson } from './generatedJson.js';
import { parseShard, type Shard } from './paperBench.js';
import { kendallTau, kendallTauInterval, spearmanRho, topKOverlap } from './rankAgreement.js';
import { optionalOpCount } from './optionalOpCount.js';
import { whileLocked } from './whileLocked.js';
import { addMissingScores, readBenchScores } from './benchScoresFile.js';

interface ProxyFlags extends EvaluatorFlags {
  backbone: string;
  dataset: string;
  width: number;
  limit?: number;
  valFraction: number;
  aggregation: string;
  genomes: number;
  evalEpochs?: string;
  evalSeed?: number;
  evaluatorOption: Record<string, unknown>;
  standaloneEpochs: number;
  standaloneSeeds: number;
  batch: number;
  lr: number;
  seed: number;
  out: string;
  doc?: string;
  shard?: Shard;
}

/** The scores kept between runs of the benchmark (so an interrupted one continues). */
const SCORES_SCHEMA = z.preprocess(fromSupernetOnlyScores, z.object({
  /** What the scores depend on; a rerun with other values is refused rather than mixed in. */
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  genomes: z.array(z.object({ name: z.string(), genome: z.record(z.string(), z.array(z.string()).readonly()) })),
  /** Standalone validation accuracy per `seed-<n>`, per genome name. */
  standalone: z.record(z.string(), z.record(z.string(), z.number())),
  /** Each evaluator setting's score (see {@link proxyKey}) per genome name. */
  proxies: z.record(z.string(), z.record(z.string(), z.number())),
  /** Seconds each evaluator setting has spent so far: its preparation (a supernet's training) and its scoring. */
  proxySeconds: z.record(z.string(), z.object({ prepare: z.number(), evaluate: z.number() })),
  /** What each key of `proxies` stands for, so that every setting measured so far is reported. */
  proxySettings: z
    .record(z.string(), z.object({ evaluator: z.string(), epochs: z.number().int().positive(), seed: z.number().int().nonnegative(), options: z.record(z.string(), z.unknown()) }))
    .default({}),
}));
type Scores = z.infer<typeof SCORES_SCHEMA>;

/**
 * Scores files written before the benchmark measured any evaluator kept the supernet's scores under
 * `supernet`, keyed `<epochs>[-sandwich][-cal<n>]` (seed = the data seed): read them as proxies.
 */
function fromSupernetOnlyScores(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || 'proxies' in json || !('supernet' in json)) return json;
  const { supernet, ...rest } = json as { supernet: unknown; settings?: { seed?: unknown } };
  if (typeof supernet !== 'object' || supernet === null) return json;
  const proxies: Record<string, unknown> = {};
  const proxySettings: Record<string, ProxySetting> = {};
  for (const [key, byName] of Object.entries(supernet)) {
    const [epochs, ...parts] = key.split('-');
    const options: Record<string, unknown> = {};
    for (const part of parts) {
      if (part === 'sandwich') options.sampling = part;
      else if (/^cal\d+$/.test(part)) options.calibrationImages = Number(part.slice(3));
    }
    const setting = { evaluator: 'supernet', epochs: Number(epochs), seed: Number(rest.settings?.seed ?? 0), options };
    proxies[proxyKey(setting)] = byName;
    proxySettings[proxyKey(setting)] = setting;
  }
  return { ...rest, proxies, proxySeconds: {}, proxySettings };
}

/** One evaluator setting the benchmark measures: which evaluator, its training epochs, seed and options. */
interface ProxySetting {
  readonly evaluator: string;
  readonly epochs: number;
  readonly seed: number;
  readonly options: Readonly<Record<string, unknown>>;
}

/** Where a setting's scores are kept: `evaluator-<epochs>ep-seed<n>`, then its options as `key=value`. */
export function proxyKey(s: ProxySetting): string {
  const options = Object.entries(s.options)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return [s.evaluator, `${s.epochs}ep`, `seed${s.seed}`, ...options].join('-');
}

/** One row of the result: how well one evaluator setting ranks the genomes. */
export interface ProxyRow {
  readonly evaluator: string;
  readonly evalEpochs: number;
  readonly evalSeed: number;
  readonly options: Readonly<Record<string, unknown>>;
  /** Kendall τ against the mean of the standalone seeds. */
  readonly kendallTau: number;
  /** Bootstrap 95% interval of that τ, resampling the genomes. */
  readonly kendallTauInterval: readonly [number, number];
  readonly spearmanRho: number;
  readonly top5Overlap: number;
  readonly genomes: number;
  /** Kendall τ between the scores and the genomes' numbers of optional ops (a weight-sharing bias when standalone accuracy shows none). */
  readonly scoreVsOpsKendallTau: number;
  /** What scoring every genome cost: the evaluator's preparation plus its evaluations. */
  readonly seconds: number;
}

/** The flags every saved score depends on (evaluator settings and the seed count may grow on a rerun). */
function scoreSettings(flags: ProxyFlags): Record<string, string | number | null> {
  const { backbone, dataset, width, limit, valFraction, aggregation, standaloneEpochs, batch, lr, seed } = flags;
  return { backbone, dataset, width, limit: limit ?? null, valFraction, aggregation, standaloneEpochs, batch, lr, seed };
}

function readScores(file: string, settings: Record<string, string | number | null>): Scores | undefined {
  return readBenchScores(file, SCORES_SCHEMA, settings, 'proxy');
}

/** Adds to `into` the scores `from` holds and it lacks (another shard's trainings). */
function mergeScores(into: Scores, from: Scores): void {
  addMissingScores(into.standalone, from.standalone);
  addMissingScores(into.proxies, from.proxies);
  for (const [key, cost] of Object.entries(from.proxySeconds)) into.proxySeconds[key] ??= cost;
  for (const [key, setting] of Object.entries(from.proxySettings)) into.proxySettings[key] ??= setting;
}

/**
 * The presets, then random genomes, all distinct: uniformly random ones (each optional op on with
 * probability ½) alternating with ones stratified by identity count (identity on in a share of the
 * slots that allow it, spread evenly from none to all; the other ops uniform), so that the set spans
 * what decides trainability in deep plain nets, not only the middle a uniform sample concentrates on.
 */
export function sampleGenomes(space: SearchSpace, presets: { id: string; genome: Genome }[], count: number, seed: number): { name: string; genome: Genome }[] {
  const codec = new GenomeCodec(space);
  const out: { name: string; genome: Genome }[] = [];
  const seen = new Set<string>();
  const add = (name: string, genome: Genome) => {
    const key = codec.key(genome);
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ name, genome });
  };
  for (const p of presets) add(p.id, p.genome);
  const rng = new Rng(seed + 7919);
  const randoms = Math.max(0, count - out.length);
  const stratified = Math.floor(randoms / 2);
  for (let i = 0; out.length < count && i < 100 * count; i++) {
    const n = out.length - presets.length;
    if (n % 2 === 1 && (n - 1) / 2 < stratified) {
      // Shares 0, 1/(m−1), …, 1 over the m stratified genomes.
      const share = stratified === 1 ? 0.5 : (n - 1) / 2 / (stratified - 1);
      add(`identity-${Math.round(100 * share)}%-${(n + 1) / 2}`, identityStratifiedGenome(space, rng, share));
    } else add(`random-${n + 1}`, uniformGenome(space, rng));
  }
  return out.slice(0, Math.max(count, presets.length));
}

function uniformGenome(space: SearchSpace, rng: Rng): Genome {
  return Object.fromEntries(space.slots.map((s) => [s.name, s.options.filter(() => rng.uniform() < 0.5)]));
}

/** Identity in round(share × eligible) slots picked at random among those that allow it; every other op on with probability ½. */
function identityStratifiedGenome(space: SearchSpace, rng: Rng, share: number): Genome {
  const eligible = space.slots.filter((s) => s.options.includes('identity')).map((s) => s.name);
  const withIdentity = new Set<string>();
  const pool = [...eligible];
  for (let k = Math.round(share * eligible.length); k > 0; k--) withIdentity.add(pool.splice(rng.int(pool.length), 1)[0]);
  return Object.fromEntries(
    space.slots.map((s) => [s.name, s.options.filter((op) => (op === 'identity' ? withIdentity.has(s.name) : rng.uniform() < 0.5))]),
  );
}

/** `--evaluator-option key=value` (repeatable): a number or JSON value when it parses as one, else a string. */

/**
 * `reparam bench proxy`: how well an evaluator ranks genomes. Scores the same genomes (the presets,
 * uniformly random ones and ones stratified by identity count) with the evaluator, at one or more
 * training budgets, and with standalone training (several seeds, on the same split), and reports
 * Kendall τ (with a bootstrap interval), Spearman ρ and top-5 overlap against the mean standalone
 * ranking, beside the agreement of standalone training with itself across seeds (the ceiling any
 * proxy can reach). Every score is saved as it is made, so a rerun continues.
 */
export function addProxyBench(bench: Command, globals: () => GlobalOptions): void {
  const command = withExamples(bench.command('proxy'), [
      'pnpm bench:proxy',
      'reparam bench proxy --evaluator supernet --aggregation online --eval-epochs 2,10 --out runs/proxy',
      'reparam bench proxy --backbone plain56 --aggregation online --limit 10000 --standalone-epochs 4 --standalone-seeds 4 --out runs/proxy-plain56 --shard 1/2',
    ])
    .description('how well an evaluator ranks genomes: Kendall τ against standalone training, and standalone seed-to-seed τ');
  addEvaluatorOptions(addExperimentOptions(command, { backbone: 'resnet20', width: 0.5, limit: 5000, valFraction: 0.1 }))
    .option('--genomes <n>', 'genomes to rank: the presets plus random ones up to n', parsePositiveInt, 24)
    .option('--eval-epochs <list>', "evaluator budgets to compare, comma-separated epochs (each candidate's, or the supernet's; default: --standalone-epochs, as a search evaluates by default)")
    .addOption(new Option('--supernet-epochs <list>', 'the former name of --eval-epochs').hideHelp())
    .option('--eval-seed <n>', "the evaluator's seed (default: --seed + 100, which no standalone training shares)", parseNonNegativeInt)
    .option('--evaluator-option <key=value>', 'any other option of the evaluator (repeatable)', collectEvaluatorOption, {})
    .option('--standalone-epochs <n>', 'epochs of each standalone training', parsePositiveInt, 3)
    .option('--standalone-seeds <n>', 'standalone trainings per genome (≥ 2 gives the seed-to-seed ceiling, ≥ 4 the split-half one)', parsePositiveInt, 2)
    .option('--seed <n>', 'seed of the data split and the random genomes; standalone seeds are seed, seed + 1, …', parseNonNegativeInt, 0)
    .option('--out <dir>', 'where the evaluators’ state and the scores go', 'runs/bench-proxy')
    .option('--doc <file>', 'markdown page to write a section of (with a .json of the same name and the PNG in img/)')
    .option('--json', 'print the result as JSON on stdout (what this benchmark prints in any case)')
    .option(
      '--shard <i/n>',
      'train only every n-th standalone run, from the i-th, to spread them over processes sharing --out; a later run without it scores and summarises',
      parseShard,
    )
    .action(async (flags: ProxyFlags & { supernetEpochs?: string }) => {
      const list = flags.supernetEpochs ?? flags.evalEpochs;
      const budgets = list === undefined ? [flags.standaloneEpochs] : list.split(',').map((s) => parsePositiveInt(s.trim()));
      const { registry, backend } = await createRuntime(globals());
      const evaluatorFactory = registry.get('evaluator', flags.evaluator);
      const setting = await loadSearchSetting(registry, { ...flags, validationFraction: flags.valFraction });
      const presets = registry.list('preset').map((p) => ({ id: p.id, genome: presetGenome(p, setting.slots) }));
      mkdirSync(flags.out, { recursive: true });
      const scoresFile = join(flags.out, 'scores.json');
      const settings = scoreSettings(flags);
      const scores: Scores = readScores(scoresFile, settings) ?? {
        settings,
        genomes: sampleGenomes(setting.space, presets, flags.genomes, flags.seed),
        standalone: {},
        proxies: {},
        proxySeconds: {},
        proxySettings: {},
      };
      // Shards write the same file: each save, under a lock, first takes in what the others saved.
      const save = () =>
        whileLocked(flags.out, () => {
          const current = readScores(scoresFile, settings);
          if (current) mergeScores(scores, current);
          writeFileAtomic(scoresFile, `${JSON.stringify(scores, null, 2)}\n`);
        });
      save();
      const train = (epochs: number, seed: number) => ({ ...TRAIN_DEFAULTS, epochs, batchSize: flags.batch, lr: flags.lr, seed });
      const common = { space: setting.space, dataset: setting.data, buildNetwork: setting.build };

      // Standalone: every genome trained alone, per seed (as `reparam train --seed` would), on the same
      // split; saved genome by genome.
      let index = 0;
      for (let s = 0; s < flags.standaloneSeeds; s++) {
        const seed = flags.seed + s;
        const done = (scores.standalone[`seed-${seed}`] ??= {});
        for (const { name, genome } of scores.genomes) {
          const mine = !flags.shard || index++ % flags.shard.count === flags.shard.index - 1;
          if (done[name] !== undefined || !mine) continue;
          const started = performance.now();
          done[name] = await standaloneScore({ dataset: setting.data, buildNetwork: setting.build, train: train(flags.standaloneEpochs, seed) }, genome);
          save();
          process.stderr.write(`standalone seed ${seed} ${name}: ${(100 * done[name]).toFixed(2)}% (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
        }
      }
      if (flags.shard) {
        // A shard trains only its share; the scoring and the summary are the unsharded rerun's job.
        console.log(JSON.stringify({ backend, shard: `${flags.shard.index}/${flags.shard.count}`, standalone: scores.standalone }, null, 2));
        return;
      }
      const missing = scores.genomes.filter((g) => Object.values(scores.standalone).some((byName) => byName[g.name] === undefined));
      if (missing.length) throw new ReparamError(`standalone scores are missing for ${missing.length} genome(s) (a shard still running?); rerun when the shards are done`);

      // The evaluator: one instance per budget (a supernet's schedule depends on its epochs), scoring
      // genome by genome so that an interrupted run keeps what it scored.
      const options = { ...flags.evaluatorOption, ...evaluatorOptionsOf(flags) };
      const proxySettings: ProxySetting[] = budgets.map((epochs) => ({ evaluator: flags.evaluator, epochs, seed: flags.evalSeed ?? flags.seed + 100, options }));
      for (const p of proxySettings) {
        const key = proxyKey(p);
        scores.proxySettings[key] = p;
        const done = (scores.proxies[key] ??= {});
        const cost = (scores.proxySeconds[key] ??= { prepare: 0, evaluate: 0 });
        if (scores.genomes.every((g) => done[g.name] !== undefined)) continue;
        const progress = new TrainProgress(`${p.evaluator} ${p.epochs} epochs`);
        const evaluator = evaluatorFactory.create({
          ...options,
          ...common,
          seed: p.seed,
          train: train(p.epochs, p.seed),
          stateDir: join(flags.out, key),
          onTrainEvent: (e) => progress.handle(e),
        });
        try {
          let started = performance.now();
          await evaluator.prepare?.();
          cost.prepare += (performance.now() - started) / 1000;
          progress.stop();
          for (const { name, genome } of scores.genomes) {
            if (done[name] !== undefined) continue;
            started = performance.now();
            [done[name]] = await evaluator.evaluate([genome]);
            cost.evaluate += (performance.now() - started) / 1000;
            save();
          }
        } finally {
          progress.stop();
          evaluator.dispose();
        }
      }

      const names = scores.genomes.map((g) => g.name);
      const seedRuns = Object.values(scores.standalone).map((byName) => names.map((n) => byName[n]));
      const meanOfRuns = (runs: number[][]) => names.map((_, i) => runs.reduce((a, r) => a + r[i], 0) / runs.length);
      const standaloneMean = meanOfRuns(seedRuns);
      const seedToSeedKendallTau = seedRuns.length >= 2 ? kendallTau(seedRuns[0], seedRuns[1]) : null;
      // With 4 or more seeds: the mean of the even-numbered seeds against the mean of the odd-numbered
      // ones, how far two half-size averages agree (the mean of all seeds is more reliable still).
      const splitHalfKendallTau =
        seedRuns.length >= 4 ? kendallTau(meanOfRuns(seedRuns.filter((_, i) => i % 2 === 0)), meanOfRuns(seedRuns.filter((_, i) => i % 2 === 1))) : null;
      const opCounts = scores.genomes.map((g) => optionalOpCount(g.genome));
      const standaloneVsOpsKendallTau = kendallTau(standaloneMean, opCounts);
      // Every setting measured so far on these genomes is reported: this run's, then the others.
      const complete = (key: string) => scores.genomes.every((g) => scores.proxies[key]?.[g.name] !== undefined);
      const thisRun = new Set(proxySettings.map(proxyKey));
      const reported: ProxySetting[] = [
        ...proxySettings,
        ...Object.entries(scores.proxySettings)
          .filter(([key]) => !thisRun.has(key) && complete(key))
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([, setting]) => setting),
      ];
      const rows: ProxyRow[] = reported.map((p) => {
        const key = proxyKey(p);
        const proxy = names.map((n) => scores.proxies[key][n]);
        return {
          evaluator: p.evaluator,
          evalEpochs: p.epochs,
          evalSeed: p.seed,
          options: p.options,
          kendallTau: kendallTau(proxy, standaloneMean),
          kendallTauInterval: kendallTauInterval(proxy, standaloneMean, { resamples: 2000, seed: 12345 }),
          spearmanRho: spearmanRho(proxy, standaloneMean),
          top5Overlap: topKOverlap(proxy, standaloneMean, 5),
          genomes: names.length,
          scoreVsOpsKendallTau: kendallTau(proxy, opCounts),
          seconds: scores.proxySeconds[key].prepare + scores.proxySeconds[key].evaluate,
        };
      });
      const result: ProxyResult = {
        command: `reparam ${process.argv.slice(2).join(' ')}`,
        backend,
        settings: { ...flags, evalEpochs: budgets },
        seedToSeedKendallTau,
        splitHalfKendallTau,
        standaloneVsOpsKendallTau,
        rows,
        scores: scores.genomes.map((g, i) => ({
          name: g.name,
          optionalOps: opCounts[i],
          standalone: seedRuns.map((r) => r[i]),
          proxies: Object.fromEntries(reported.map((p) => [proxyKey(p), scores.proxies[proxyKey(p)][g.name]])),
        })),
      };
      writeFileSync(join(flags.out, 'summary.json'), `${JSON.stringify(result, null, 2)}\n`);
      console.log(JSON.stringify({ backend, seedToSeedKendallTau, splitHalfKendallTau, standaloneVsOpsKendallTau, rows }, null, 2));
      if (flags.doc) await writeDoc(flags, result, standaloneMean, reported);
    });
}

/** What one run of the benchmark found (summary.json, and an experiment of the doc's JSON). */
interface ProxyResult {
  readonly command: string;
  readonly backend: string;
  readonly settings: Omit<ProxyFlags, 'evalEpochs'> & { evalEpochs: number[] };
  readonly seedToSeedKendallTau: number | null;
  readonly splitHalfKendallTau: number | null;
  readonly standaloneVsOpsKendallTau: number;
  readonly rows: ProxyRow[];
  readonly scores: { name: string; optionalOps: number; standalone: number[]; proxies: Record<string, number> }[];
}

async function writeDoc(flags: ProxyFlags, result: ProxyResult, standaloneMean: number[], proxySettings: readonly ProxySetting[]): Promise<void> {
  const doc = resolve(flags.doc!);
  const imgDir = join(dirname(doc), 'img');
  mkdirSync(imgDir, { recursive: true });
  // One section (and one experiment of the JSON) per backbone and dataset.
  const id = `${flags.backbone}-${flags.dataset.replace(/[^\w.-]+/g, '_')}`;
  const file = `proxy-scatter-${id}.png`;
  const label = (p: ProxySetting) => `${p.evaluator}, ${p.epochs} epochs${Object.keys(p.options).length ? ` (${Object.entries(p.options).map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`;
  const points = proxySettings.flatMap((p) => result.scores.map((s, i) => ({ x: standaloneMean[i], y: s.proxies[proxyKey(p)], series: label(p) })));
  writeFileSync(
    join(imgDir, file),
    await renderPng(
      scatterChartSpec({ title: `evaluator score against standalone accuracy, per genome (${flags.backbone})`, xTitle: 'standalone validation accuracy (mean of seeds)', yTitle: 'evaluator score', points }),
    ),
  );
  const json = doc.replace(/\.md$/, '') + '.json';
  writeGeneratedJson(json, id, result);
  const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
  const table = [
    '| evaluator | epochs | options | Kendall τ [95% interval] | Spearman ρ | top-5 overlap | τ(score, optional ops) | cost (s) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...result.rows.map(
      (r) =>
        `| ${r.evaluator} | ${r.evalEpochs} | ${Object.entries(r.options).map(([k, v]) => `${k} ${v}`).join(', ') || 'defaults'} | ${f(r.kendallTau)} [${f(r.kendallTauInterval[0])}, ${f(r.kendallTauInterval[1])}] | ` +
        `${f(r.spearmanRho)} | ${r.top5Overlap} of 5 | ${f(r.scoreVsOpsKendallTau)} | ${r.seconds.toFixed(0)} |`,
    ),
  ].join('\n');
  const rel = (p: string) => relative(dirname(doc), p);
  writeGeneratedDoc(
    doc,
    `## ${flags.backbone} on ${flags.dataset}\n\n` +
      `Made by \`${result.command}\` on the \`${result.backend}\` backend: ${flags.backbone} (width ${flags.width}) on ${flags.dataset} ` +
      `(${flags.limit ?? 'all'} images, ${100 * flags.valFraction}% held out to score genomes), \`${flags.aggregation}\` aggregation, ` +
      `${result.rows[0]?.genomes ?? 0} genomes (the presets, uniformly random ones and ones stratified by identity count), each trained alone for ${flags.standaloneEpochs} epochs ` +
      `with ${result.scores[0]?.standalone.length ?? 0} seeds on the same split. The numbers are in [${rel(json)}](${rel(json)}) (experiment \`${id}\`).\n\n` +
      `Seed-to-seed Kendall τ of standalone training, seeds ${flags.seed} and ${flags.seed + 1}: **${f(result.seedToSeedKendallTau)}**` +
      (result.splitHalfKendallTau === null ? '.' : `; between the means of the even- and the odd-numbered seeds (the ceiling for a proxy judged against the mean): **${f(result.splitHalfKendallTau)}**.`) +
      ` Standalone accuracy against the number of optional ops: τ ${f(result.standaloneVsOpsKendallTau)}.\n\n` +
      `Evaluator scores against the standalone ranking (mean of the seeds):\n\n${table}\n\n` +
      `![evaluator score against standalone accuracy](${rel(join(imgDir, file))})\n`,
    { id, title: 'How well evaluators rank genomes' },
  );
}
