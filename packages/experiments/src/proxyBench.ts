import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { type Genome, GenomeCodec, presetGenome, ReparamError, Rng, type SearchSpace, TRAIN_DEFAULTS, writeFileAtomic, z } from '@reparam/core';
import { renderPng, scatterChartSpec } from '@reparam/viz';
import type { Command } from 'commander';
import { parseNonNegativeInt, parsePositiveInt, withExamples } from '@reparam/cli';
import { addExperimentOptions, calibrationImagesOption } from './benchOptions.js';
import { TrainProgress } from '@reparam/cli';
import { createRuntime, type GlobalOptions } from '@reparam/cli';
import { loadSearchSetting, type SearchSetting } from '@reparam/runs';
import { writeGeneratedDoc } from './generatedDoc.js';
import { kendallTau, spearmanRho, topKOverlap } from './rankAgreement.js';
import { optionalOpCount } from './optionalOpCount.js';

interface ProxyFlags {
  backbone: string;
  dataset: string;
  width: number;
  limit?: number;
  valFraction: number;
  aggregation: string;
  genomes: number;
  supernetEpochs: string;
  standaloneEpochs: number;
  standaloneSeeds: number;
  batch: number;
  lr: number;
  calibrationImages: number;
  sampling: string;
  seed: number;
  out: string;
  doc?: string;
}

/** The scores kept between runs of the benchmark (so an interrupted one continues). */
const SCORES_SCHEMA = z.object({
  /** What the scores depend on; a rerun with other values is refused rather than mixed in. */
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  genomes: z.array(z.object({ name: z.string(), genome: z.record(z.string(), z.array(z.string()).readonly()) })),
  standalone: z.record(z.string(), z.record(z.string(), z.number())),
  supernet: z.record(z.string(), z.record(z.string(), z.number())),
});
type Scores = z.infer<typeof SCORES_SCHEMA>;

/** Where a supernet's scores are kept: its epochs, plus whatever differs from the default scheme. */
function supernetKeyOf(flags: ProxyFlags, epochs: number): string {
  return [String(epochs), flags.sampling !== 'uniform' ? flags.sampling : '', flags.calibrationImages !== 256 ? `cal${flags.calibrationImages}` : ''].filter(Boolean).join('-');
}

/** One row of the result: how well the supernet after some epochs ranks the genomes. */
export interface ProxyRow {
  readonly supernetEpochs: number;
  readonly kendallTau: number;
  readonly spearmanRho: number;
  readonly top5Overlap: number;
  readonly genomes: number;
  /** Kendall τ between the supernet scores and the genomes' numbers of optional ops (a weight-sharing bias when standalone accuracy shows none). */
  readonly scoreVsOpsKendallTau: number;
}

/** The flags every saved score depends on (supernet budgets and seed count may grow on a rerun). */
function scoreSettings(flags: ProxyFlags): Record<string, string | number | null> {
  const { backbone, dataset, width, limit, valFraction, aggregation, standaloneEpochs, batch, lr, seed } = flags;
  return { backbone, dataset, width, limit: limit ?? null, valFraction, aggregation, standaloneEpochs, batch, lr, seed };
}

function readScores(file: string, settings: Record<string, string | number | null>): Scores | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ReparamError(`${file} is not valid JSON (${(err as Error).message}); move it away to start over`);
  }
  const parsed = SCORES_SCHEMA.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ReparamError(`${file} is not a proxy benchmark's scores file (${issue?.path.join('.') || 'top level'}: ${issue?.message}); move it away to start over`);
  }
  for (const [key, value] of Object.entries(settings)) {
    if (parsed.data.settings[key] !== value) {
      throw new ReparamError(`${file} holds scores made with ${key} ${JSON.stringify(parsed.data.settings[key])}, not ${JSON.stringify(value)}; use another --out`);
    }
  }
  return parsed.data;
}

/** The presets, then uniformly random genomes (each optional op on with probability ½), all distinct. */
function sampleGenomes(setting: SearchSetting, presets: { id: string; genome: Genome }[], count: number, seed: number): { name: string; genome: Genome }[] {
  const codec = new GenomeCodec(setting.space);
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
  for (let i = 0; out.length < count && i < 100 * count; i++) add(`random-${out.length - presets.length + 1}`, uniformGenome(setting.space, rng));
  return out.slice(0, Math.max(count, presets.length));
}

function uniformGenome(space: SearchSpace, rng: Rng): Genome {
  return Object.fromEntries(space.slots.map((s) => [s.name, s.options.filter(() => rng.uniform() < 0.5)]));
}

/**
 * `reparam bench proxy`: how well the supernet ranks genomes. Scores the same genomes (the presets
 * and uniformly random ones) with the supernet evaluator after several supernet budgets and with
 * standalone training (two seeds, on the same split), and reports Kendall τ, Spearman ρ and top-5
 * overlap against the standalone ranking, beside the seed-to-seed τ of standalone training itself
 * (the ceiling any proxy can reach). Every score is saved as it is made, so a rerun continues.
 */
export function addProxyBench(bench: Command, globals: () => GlobalOptions): void {
  const command = withExamples(bench.command('proxy'), [
      'pnpm bench:proxy',
      'reparam bench proxy --aggregation online --supernet-epochs 2,10 --out runs/proxy',
    ])
    .description('how well the supernet ranks genomes: Kendall τ against standalone training, and standalone seed-to-seed τ');
  addExperimentOptions(command, { backbone: 'resnet20', width: 0.5, limit: 5000, valFraction: 0.1 })
    .option('--genomes <n>', 'genomes to rank: the presets plus random ones up to n', parsePositiveInt, 24)
    .option('--supernet-epochs <list>', 'supernet budgets to compare, comma-separated epochs', '2,5,10')
    .option('--standalone-epochs <n>', 'epochs of each standalone training', parsePositiveInt, 3)
    .option('--standalone-seeds <n>', 'standalone trainings per genome (≥ 2 gives the seed-to-seed ceiling)', parsePositiveInt, 2)
    .addOption(calibrationImagesOption())
    .option('--sampling <scheme>', 'sub-network of each supernet step: uniform, or sandwich (largest, smallest, random in turn)', 'uniform')
    .option('--seed <n>', 'seed of the data split, the supernet and the random genomes', parseNonNegativeInt, 0)
    .option('--out <dir>', 'where the supernets and scores go', 'runs/bench-proxy')
    .option('--doc <file>', 'markdown page to write (with a .json of the same name and the PNG in img/)')
    .option('--json', 'print the result as JSON on stdout (what this benchmark prints in any case)')
    .action(async (flags: ProxyFlags) => {
      const budgets = flags.supernetEpochs.split(',').map((s) => parsePositiveInt(s.trim()));
      const { registry, backend } = await createRuntime(globals());
      const evaluators = { supernet: registry.get('evaluator', 'supernet'), standalone: registry.get('evaluator', 'standalone') };
      const setting = await loadSearchSetting(registry, { ...flags, validationFraction: flags.valFraction });
      const presets = registry.list('preset').map((p) => ({ id: p.id, genome: presetGenome(p, setting.slots) }));
      mkdirSync(flags.out, { recursive: true });
      const scoresFile = join(flags.out, 'scores.json');
      const settings = scoreSettings(flags);
      const scores: Scores = readScores(scoresFile, settings) ?? { settings, genomes: sampleGenomes(setting, presets, flags.genomes, flags.seed), standalone: {}, supernet: {} };
      const save = () => writeFileAtomic(scoresFile, `${JSON.stringify(scores, null, 2)}\n`);
      save();
      const train = (epochs: number, seed: number) => ({ ...TRAIN_DEFAULTS, epochs, batchSize: flags.batch, lr: flags.lr, seed });
      const common = { space: setting.space, dataset: setting.data, buildNetwork: setting.build };

      // Standalone: every genome trained alone, per seed, on the same split; saved genome by genome.
      for (let s = 0; s < flags.standaloneSeeds; s++) {
        const seed = flags.seed + s;
        const done = (scores.standalone[`seed-${seed}`] ??= {});
        const evaluator = evaluators.standalone.create({ ...common, seed, train: train(flags.standaloneEpochs, seed) });
        for (const { name, genome } of scores.genomes) {
          if (done[name] !== undefined) continue;
          const started = performance.now();
          [done[name]] = await evaluator.evaluate([genome]);
          save();
          process.stderr.write(`standalone seed ${seed} ${name}: ${(100 * done[name]).toFixed(2)}% (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
        }
        evaluator.dispose();
      }

      // Supernet: one per budget (the schedule depends on the epochs), each scoring every genome.
      // Supernet scores are keyed by their settings too, so budgets, samplings and calibration sizes
      // can be compared on the same standalone scores.
      const supernetKey = (epochs: number) => supernetKeyOf(flags, epochs);
      for (const epochs of budgets) {
        if (scores.supernet[supernetKey(epochs)]) continue;
        const progress = new TrainProgress(`supernet ${epochs} epochs`);
        const evaluator = evaluators.supernet.create({
          ...common,
          seed: flags.seed,
          train: train(epochs, flags.seed),
          stateDir: join(flags.out, `supernet-${supernetKey(epochs)}`),
          onTrainEvent: (e) => progress.handle(e),
          calibrationImages: flags.calibrationImages,
          sampling: flags.sampling,
        });
        try {
          await evaluator.prepare?.();
          progress.stop();
          const fitness = await evaluator.evaluate(scores.genomes.map((g) => g.genome));
          scores.supernet[supernetKey(epochs)] = Object.fromEntries(scores.genomes.map((g, i) => [g.name, fitness[i]]));
          save();
        } finally {
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
      const rows: ProxyRow[] = budgets.map((epochs) => {
        const proxy = names.map((n) => scores.supernet[supernetKey(epochs)][n]);
        return {
          supernetEpochs: epochs,
          kendallTau: kendallTau(proxy, standaloneMean),
          spearmanRho: spearmanRho(proxy, standaloneMean),
          top5Overlap: topKOverlap(proxy, standaloneMean, 5),
          genomes: names.length,
          scoreVsOpsKendallTau: kendallTau(proxy, opCounts),
        };
      });
      const result = {
        command: `reparam ${process.argv.slice(2).join(' ')}`,
        backend,
        settings: { ...flags, supernetEpochs: budgets },
        seedToSeedKendallTau,
        splitHalfKendallTau,
        standaloneVsOpsKendallTau,
        rows,
        scores: scores.genomes.map((g, i) => ({
          name: g.name,
          standalone: seedRuns.map((r) => r[i]),
          supernet: Object.fromEntries(budgets.map((e) => [e, scores.supernet[supernetKey(e)][g.name]])),
        })),
      };
      writeFileSync(join(flags.out, 'summary.json'), `${JSON.stringify(result, null, 2)}\n`);
      console.log(JSON.stringify({ backend, seedToSeedKendallTau, splitHalfKendallTau, standaloneVsOpsKendallTau, rows }, null, 2));
      if (flags.doc) await writeDoc(flags, result, standaloneMean);
    });
}

async function writeDoc(
  flags: ProxyFlags,
  result: {
    command: string;
    backend: string;
    seedToSeedKendallTau: number | null;
    splitHalfKendallTau: number | null;
    standaloneVsOpsKendallTau: number;
    rows: ProxyRow[];
    scores: { name: string; supernet: Record<number, number> }[];
  },
  standaloneMean: number[],
): Promise<void> {
  const doc = resolve(flags.doc!);
  const imgDir = join(dirname(doc), 'img');
  mkdirSync(imgDir, { recursive: true });
  const file = 'proxy-scatter.png';
  const points = result.rows.flatMap((row) =>
    result.scores.map((s, i) => ({ x: standaloneMean[i], y: s.supernet[row.supernetEpochs], series: `supernet, ${row.supernetEpochs} epochs` })),
  );
  writeFileSync(
    join(imgDir, file),
    await renderPng(scatterChartSpec({ title: 'supernet score against standalone accuracy, per genome', xTitle: 'standalone validation accuracy (mean of seeds)', yTitle: 'supernet score (validation accuracy)', points })),
  );
  const json = doc.replace(/\.md$/, '') + '.json';
  const { scores: _scores, ...summary } = result;
  writeFileSync(json, `${JSON.stringify({ ...summary, scores: result.scores }, null, 2)}\n`);
  const f = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));
  const table = [
    '| supernet epochs | Kendall τ | Spearman ρ | top-5 overlap | genomes | τ(score, optional ops) |',
    '| --- | --- | --- | --- | --- | --- |',
    ...result.rows.map((r) => `| ${r.supernetEpochs} | ${f(r.kendallTau)} | ${f(r.spearmanRho)} | ${r.top5Overlap} of 5 | ${r.genomes} | ${f(r.scoreVsOpsKendallTau)} |`),
  ].join('\n');
  writeGeneratedDoc(
    doc,
    `# How well the supernet ranks genomes\n\n` +
      `Made by \`${result.command}\` on the \`${result.backend}\` backend: ${flags.backbone} (width ${flags.width}) on ${flags.dataset} ` +
      `(${flags.limit ?? 'all'} images, ${100 * flags.valFraction}% held out to score genomes), \`${flags.aggregation}\` aggregation, ` +
      `${result.rows[0]?.genomes ?? 0} genomes (the presets and uniformly random ones), each trained alone for ${flags.standaloneEpochs} epochs ` +
      `with ${flags.standaloneSeeds} seeds on the same split; supernets of ${result.rows.map((r) => r.supernetEpochs).join(', ')} epochs ` +
      `(${flags.sampling} sampling of sub-networks, ${flags.calibrationImages} BN calibration images per candidate). The numbers are in [${relative(dirname(doc), json)}](${relative(dirname(doc), json)}).\n\n` +
      `Seed-to-seed Kendall τ of standalone training, seeds ${flags.seed} and ${flags.seed + 1} (the ceiling for any proxy): **${f(result.seedToSeedKendallTau)}**` +
      (result.splitHalfKendallTau === null ? '.' : `; between the means of the even- and the odd-numbered seeds: **${f(result.splitHalfKendallTau)}**.`) +
      ` Standalone accuracy against the number of optional ops: τ ${f(result.standaloneVsOpsKendallTau)}.\n\n` +
      `Supernet scores against the standalone ranking (mean of the seeds):\n\n${table}\n\n` +
      `![supernet score against standalone accuracy](${relative(dirname(doc), join(imgDir, file))})\n`,
  );
}
