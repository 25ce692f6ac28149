import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Genome, ReparamError, type SearchSpace, type SlotInfo, TRAIN_DEFAULTS, writeFileAtomic, z } from '@reparam/core';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { createRuntime, type GlobalOptions, parseNonNegativeInt, parsePositiveInt, withExamples } from '@reparam/cli';
import { readLandscapeFile, standaloneScore, type TabulatedLandscapeFile } from '@reparam/evaluators';
import { loadSearchSetting } from '@reparam/runs';
import { addExperimentOptions } from './benchOptions.js';
import { parseShard, type Shard } from './paperBench.js';
import { whileLocked } from './whileLocked.js';
import { addMissingScores, readBenchScores } from './benchScoresFile.js';

/** The one slot of a shared-ops sub-space: its genome's ops stand for the same ops in every slot that allows them. */
export const EVERY_SLOT = 'every-slot';

/** The ops whose subsets `bench landscape` tabulates unless told otherwise: 2⁶ = 64 genomes. */
export const DEFAULT_TABULATED_OPS = ['identity', 'conv_1x1', 'conv_1xk', 'conv_kx1', 'avg', 'conv_1x1_kxk'] as const;

interface LandscapeBenchFlags {
  backbone: string;
  dataset: string;
  width: number;
  limit?: number;
  valFraction: number;
  aggregation: string;
  batch: number;
  lr: number;
  ops: string[];
  epochs: number;
  seeds: number;
  seed: number;
  out: string;
  file?: string;
  shard?: Shard;
}

/** What the trainings so far scored, kept in `<out>/scores.json` so that a rerun (or another shard) continues. */
const SCORES_SCHEMA = z.strictObject({
  /** What the scores depend on; a rerun with other values is refused rather than mixed in. */
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.null(), z.array(z.string())])),
  /** Validation accuracy per `seed-<n>`, per sub-space genome key (its ops joined by `+`, or `none`). */
  scores: z.record(z.string(), z.record(z.string(), z.number().min(0).max(1))),
});
type Scores = z.infer<typeof SCORES_SCHEMA>;

/** Every subset of `ops`, smallest first (by size, then in the order of `ops`). */
export function opSubsets(ops: readonly string[]): string[][] {
  const all: string[][] = [];
  for (let mask = 0; mask < 1 << ops.length; mask++) all.push(ops.filter((_, i) => mask & (1 << i)));
  return all.sort((a, b) => a.length - b.length);
}

/** The backbone genome a sub-space genome stands for: the ops in every slot that allows them. */
export function expandSharedOps(ops: readonly string[], slots: readonly SlotInfo[]): Genome {
  return Object.fromEntries(slots.map((s) => [s.name, s.options.filter((o) => ops.includes(o))]));
}

const subsetKey = (ops: readonly string[]) => (ops.length ? ops.join('+') : 'none');

function parseOps(value: string): string[] {
  const ops = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (ops.length === 0 || new Set(ops).size !== ops.length) throw new InvalidArgumentError(`expected distinct comma-separated ops, got '${value}'`);
  if (ops.length > 10) throw new InvalidArgumentError(`${ops.length} ops make ${2 ** ops.length} genomes to train; give at most 10`);
  return ops;
}

/**
 * `reparam bench landscape`: a tabulated real landscape. Every subset of `--ops`, used in every slot
 * of the backbone that allows each op (2ⁿ genomes), trained standalone from scratch with `--seeds`
 * seeds on one split, as `reparam train --seed` would; the validation accuracies go into a landscape
 * file (`--file`) that the `landscape` evaluator and `reparam bench strategies --landscape` read.
 * Resumable and shardable: scores are saved after each training in `<out>/scores.json`.
 */
export function addLandscapeBench(bench: Command, globals: () => GlobalOptions): void {
  const command = withExamples(bench.command('landscape'), [
    'reparam bench landscape --out runs/landscape-plain56 --file docs/landscapes/plain56-shared-ops.json',
    'reparam bench landscape --out runs/landscape-plain56 --shard 1/2   # and 2/2 in another process',
    'reparam bench strategies --landscape docs/landscapes/plain56-shared-ops.json --no-default-landscapes --budgets 8,16,24',
  ]).description(
    'tabulate a real landscape: every subset of --ops, the same ops in every slot, trained standalone over seeds; writes a landscape file that bench strategies and the landscape evaluator read',
  );
  // A deep plain net at quarter width: where train-time branches move accuracy beyond seed noise, at ~1 min a training.
  addExperimentOptions(command, { backbone: 'plain56', width: 0.25, limit: 10000, valFraction: 0.1, aggregation: 'online' })
    .addOption(
      new Option('--ops <list>', 'comma-separated ops whose every subset is a genome (2ⁿ genomes)').argParser(parseOps).default([...DEFAULT_TABULATED_OPS], DEFAULT_TABULATED_OPS.join(',')),
    )
    .option('--epochs <n>', 'epochs of each training', parsePositiveInt, 4)
    .option('--seeds <n>', 'trainings per genome (seeds --seed, --seed + 1, …; the split is --seed\'s)', parsePositiveInt, 2)
    .option('--seed <n>', 'seed of the data split and of the first training', parseNonNegativeInt, 0)
    .option('--out <dir>', 'where the scores are kept between runs', 'runs/bench-landscape')
    .option('--file <path>', 'landscape file to write once every genome has every seed (default: <out>/landscape.json)')
    .option('--shard <i/n>', 'train only every n-th (genome, seed), from the i-th, to spread them over processes sharing --out; a later run without it writes the file', parseShard)
    .option('--json', 'print the result as JSON on stdout (what this benchmark prints in any case)')
    .action(async (flags: LandscapeBenchFlags) => {
      const { registry, backend } = await createRuntime(globals());
      const setting = await loadSearchSetting(registry, { ...flags, validationFraction: flags.valFraction });
      for (const op of flags.ops) {
        if (!setting.slots.some((s) => s.options.includes(op))) throw new ReparamError(`no slot of ${flags.backbone} allows op '${op}' (see reparam ops)`);
      }
      const { backbone, dataset, width, limit, valFraction, aggregation, epochs, batch, lr, seed, ops } = flags;
      const settings: Scores['settings'] = { backbone, dataset, width, limit: limit ?? null, valFraction, aggregation, epochs, batch, lr, seed, ops };
      mkdirSync(flags.out, { recursive: true });
      const scoresFile = join(flags.out, 'scores.json');
      const scores: Scores = readBenchScores(scoresFile, SCORES_SCHEMA, settings, 'landscape') ?? { settings, scores: {} };
      // Shards write the same file: each save, under a lock, first takes in what the others saved.
      const save = () =>
        whileLocked(flags.out, () => {
          const current = readBenchScores(scoresFile, SCORES_SCHEMA, settings, 'landscape');
          if (current) addMissingScores(scores.scores, current.scores);
          writeFileAtomic(scoresFile, `${JSON.stringify(scores, null, 2)}\n`);
        });
      save();
      const subsets = opSubsets(ops);
      let index = 0;
      for (let s = 0; s < flags.seeds; s++) {
        const trainSeed = seed + s;
        const done = (scores.scores[`seed-${trainSeed}`] ??= {});
        for (const subset of subsets) {
          const name = subsetKey(subset);
          const mine = !flags.shard || index++ % flags.shard.count === flags.shard.index - 1;
          if (done[name] !== undefined || !mine) continue;
          const started = performance.now();
          const train = { ...TRAIN_DEFAULTS, epochs, batchSize: batch, lr, seed: trainSeed };
          done[name] = await standaloneScore({ dataset: setting.data, buildNetwork: setting.build, train }, expandSharedOps(subset, setting.slots));
          save();
          process.stderr.write(`seed ${trainSeed} ${name}: ${(100 * done[name]).toFixed(2)}% (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
        }
      }
      const missing = subsets.flatMap((subset) => Array.from({ length: flags.seeds }, (_, s) => scores.scores[`seed-${seed + s}`]?.[subsetKey(subset)] === undefined)).filter(Boolean).length;
      if (flags.shard || missing > 0) {
        console.log(JSON.stringify({ backend, genomes: subsets.length, seeds: flags.seeds, missing, scores: scoresFile }, null, 2));
        if (!flags.shard) throw new ReparamError(`${missing} training(s) are still missing (a shard still running?); rerun when the shards are done`);
        return;
      }
      const space = { slots: [{ name: EVERY_SLOT, options: ops }] } satisfies SearchSpace;
      const table: TabulatedLandscapeFile & { version: 1 } = {
        version: 1,
        kind: 'tabulated',
        backbone,
        recipe: { ...settings, subspace: `every subset of ${ops.join(', ')}, the same ops in every slot of ${backbone} that allows them` },
        command: `reparam ${process.argv.slice(2).join(' ')}`,
        backend,
        space,
        entries: subsets.map((subset) => ({
          genome: { [EVERY_SLOT]: subset },
          scores: Array.from({ length: flags.seeds }, (_, s) => scores.scores[`seed-${seed + s}`][subsetKey(subset)]),
        })),
      };
      const file = resolve(flags.file ?? join(flags.out, 'landscape.json'));
      mkdirSync(dirname(file), { recursive: true });
      writeFileAtomic(file, `${JSON.stringify(table, null, 2)}\n`);
      readLandscapeFile(file); // what the landscape evaluator will read: a file it refuses is a bug here
      const means = table.entries.map((e) => ({ genome: subsetKey(e.genome[EVERY_SLOT]), mean: e.scores.reduce((a, b) => a + b, 0) / e.scores.length })).sort((a, b) => b.mean - a.mean);
      console.log(JSON.stringify({ backend, file, genomes: table.entries.length, seeds: flags.seeds, best: means.slice(0, 3), worst: means.slice(-3) }, null, 2));
    });
}
