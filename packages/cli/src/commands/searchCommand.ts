import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ReparamError, RunDirectory, TRAIN_DEFAULTS, type TrainConfig } from '@reparam/core';
import { type Command, InvalidArgumentError } from 'commander';
import { aggregationOption, collectEvaluatorOption, dataOptionsFromFlags, dataWorkersOption, imageSizeOption, parseFraction, parseNonNegativeInt, parseNonNegativeNumber, parsePositiveInt, skipBadImagesOption } from '../options.js';
import { reportTakenOverLock } from '@reparam/runs';
import { RunEventRenderer } from '../output/RunEventRenderer.js';
import { requireChoice } from '../UsageError.js';
import { createRuntime, type GlobalOptions } from '../runtime.js';
import { executeSearch } from '@reparam/runs';
import { readRunFile, resumedSearchConfig, SEARCH_RUN_CONFIG_SCHEMA, SEARCH_STATE_FILE, type SearchRunConfig } from '@reparam/runs';
import { withExamples } from '../examples.js';
import { DEFAULT_BUDGET, DEFAULT_EVALUATOR, DEFAULT_POPULATION, DEFAULT_RECHECK } from './searchDefaults.js';
import { DEFAULT_CALIBRATION_IMAGES } from '@reparam/evaluators';
import { parseRedisUrl, QueueEvaluator } from '@reparam/queue';
import { type QueueEvaluatorFactory, requireDistributable } from '@reparam/runs';
import { randomBytes } from 'node:crypto';

interface SearchFlags {
  backbone: string;
  dataset: string;
  strategy: string;
  evaluator: string;
  budget: number;
  population: number;
  recheck: number;
  seed: number;
  width: number;
  limit?: number | 'all';
  valFraction: number;
  skipBadImages?: boolean;
  imageSize?: number;
  dataWorkers?: number;
  aggregation: string;
  evalEpochs?: number;
  retrainEpochs: number;
  batch: number;
  lr: number;
  calibrationImages?: number;
  valImages?: number;
  evalImages?: number;
  sampling?: string;
  landscape?: string;
  evaluatorOption?: Record<string, unknown>;
  maxOpsPerSlot?: number;
  flopsBudget?: number;
  baselines: string;
  out?: string;
  resume?: boolean;
  queue?: string;
  json?: boolean;
  quiet?: boolean;
}

/** `reparam search`: searches each slot's Rep ops, then retrains the best genome beside the baselines. */
export function addSearchCommand(program: Command, globals: () => GlobalOptions): void {
  withExamples(program.command('search'), [
    'reparam search --out runs/first-search',
    'reparam search --backbone resnet20 --dataset fashion-mnist --aggregation online --budget 48 --out runs/s1',
    'reparam search --evaluator standalone --queue redis://localhost:6379 --out runs/s2',
  ])
    .description('search which Rep ops each slot trains with (ask/tell strategy + evaluator), then retrain the best genome and the baselines from scratch')
    .option('--backbone <id>', 'backbone (see `reparam backbones`)', 'resnet8')
    .option('--dataset <id[:path]>', 'dataset (see `reparam datasets`)', 'mnist')
    .option('--strategy <id>', 'search strategy: directional-es, regularized-evolution, random, or a plugin’s', 'directional-es')
    .option('--evaluator <id>', 'evaluator: standalone, supernet or landscape, or a plugin’s (see `reparam evaluators`)', DEFAULT_EVALUATOR)
    .option('--budget <n>', 'genomes to evaluate', parseBudget, DEFAULT_BUDGET)
    .option('--population <n>', 'genomes per generation', parsePositiveInt, DEFAULT_POPULATION)
    .option('--recheck <k>', 'score the k best genomes once more with another seed and pick the best mean of two scores (0: the best single score)', parseNonNegativeInt, DEFAULT_RECHECK)
    .option('--seed <n>', 'seed (split, weights, search)', parseNonNegativeInt, 0)
    .option('--width <x>', 'width multiplier', parseNonNegativeNumber, 1)
    .option('--limit <n|all>', 'training images (train + validation) the search and the retraining use; `all` for the whole training set', parseLimit, 5000)
    .option('--val-fraction <x>', 'fraction of the training set held out for validation (the fitness)', parseFraction, 0.1)
    .addOption(imageSizeOption())
    .addOption(skipBadImagesOption())
    .addOption(dataWorkersOption())
    .addOption(aggregationOption())
    .option('--eval-epochs <n>', 'epochs of each candidate (standalone) or of the supernet (supernet) (default: --retrain-epochs)', parsePositiveInt)
    .option('--retrain-epochs <n>', 'epochs of the final retraining of the best genome and the baselines', parsePositiveInt, 3)
    .option('--batch <n>', 'batch size', parsePositiveInt, 64)
    .option('--lr <x>', 'peak learning rate', parseNonNegativeNumber, 0.1)
    .option('--calibration-images <n>', `supernet: training images for BN re-calibration per candidate (default: ${DEFAULT_CALIBRATION_IMAGES})`, parsePositiveInt)
    .option('--val-images <n>', 'score each candidate on the first n validation images only (default: all)', parsePositiveInt)
    .option('--eval-images <n>', 'standalone: training images each candidate sees per epoch, a fresh sample each epoch (default: all)', parsePositiveInt)
    .option('--sampling <scheme>', 'supernet: sub-network of each step, uniform (default) or sandwich (largest, smallest, random in turn)')
    .option('--landscape <spec|file>', 'landscape evaluator: additive[:seed=1,noise=4.5], rugged[:seed=1,k=2,strength=1,noise=4.5], or a landscape .json file (docs/searching.md)')
    .option('--evaluator-option <key=value>', "any other option of the evaluator, e.g. a plugin evaluator's or lookup=mean for a landscape table (repeatable; a JSON value is parsed)", collectEvaluatorOption)
    .option('--max-ops-per-slot <n>', 'never evaluate a genome with more optional ops in a slot', parseNonNegativeInt)
    .option('--flops-budget <mflops>', 'never evaluate a genome whose training-form forward pass costs more (MFLOPs per image)', parseNonNegativeNumber)
    .option('--baselines <presets>', 'presets retrained beside the best genome (comma-separated; the first is results.json’s baseline)', 'plain')
    .option('--out <dir>', 'run directory (default runs/search-<time>)')
    .option('--queue <redis-url>', 'evaluate on `reparam worker`s through the Redis work queue at this URL (standalone evaluator); on --resume, re-attaches to the jobs already sent')
    .option('--resume', 'continue the search in --out with its saved settings; --budget (to extend), --recheck, --retrain-epochs and --baselines may change, other flags must match')
    .option('--json', 'print results.json to stdout at the end')
    .option('--quiet', 'no progress bar or progress lines on stderr (warnings and errors only)')
    .action(async (flags: SearchFlags, command: Command) => {
      const g = globals();
      if (flags.resume && !flags.out) throw new ReparamError('--resume needs --out <run directory>');
      const out = flags.out ?? `runs/search-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      const saved = flags.resume ? readSavedSearchConfig(out) : undefined;
      const { registry, backend } = await createRuntime({ ...g, plugin: saved ? [...saved.plugins] : g.plugin });
      const requested = configFromFlags(flags, backend, g.plugin ?? []);
      const given = (option: string) => command.getOptionValueSource(option) === 'cli';
      const flag = (option: string) => `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      const config = saved ? resumedSearchConfig(saved, requested, given, flag) : requested;
      // Refuse unknown ids before anything is written.
      requireChoice('--aggregation', config.aggregation, registry.list('aggregation').map((m) => m.id));
      registry.get('strategy', config.strategy);
      registry.get('evaluator', config.evaluator);
      registry.get('backbone', config.backbone);
      for (const p of config.baselines) registry.get('preset', p);
      if (config.queue) {
        parseRedisUrl(config.queue.url);
        requireDistributable(registry, config.evaluator);
      }
      const run = RunDirectory.open(out, { resume: Boolean(saved), resumeFrom: SEARCH_STATE_FILE });
      const renderer = new RunEventRenderer(flags.quiet);
      reportTakenOverLock(run, renderer.handle);
      const queueEvaluator: QueueEvaluatorFactory = (queue, setting, space, onEvent) => new QueueEvaluator({ url: queue.url, runId: queue.runId, setting, space, onEvent });
      const results = await executeSearch(registry, config, run, Boolean(saved), { onEvent: renderer.handle, queueEvaluator, dataWorkers: flags.dataWorkers }).finally(() => {
        renderer.stop();
        run.close();
      });
      if (flags.json) {
        console.log(JSON.stringify(results, null, 2));
        return;
      }
      const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(2)}%`);
      if (registry.get('evaluator', config.evaluator).synthetic) {
        console.log(`best genome: fitness ${pct(results.bestValAccuracy)} (${config.evaluator}; nothing retrained); ${results.evaluations} evaluations, ${results.seconds.toFixed(1)} s; results in ${run.file('results.json')}`);
        return;
      }
      console.log(
        `best genome (val ${pct(results.bestValAccuracy)} in the search) retrained: test ${pct(results.testAccuracy)}; ` +
          `${config.baselines[0]}: test ${pct(results.baselineTestAccuracy)}; ${results.evaluations} evaluations, ` +
          `${results.seconds.toFixed(0)} s on ${backend}; results in ${run.file('results.json')}`,
      );
    });
}

/** `--limit`: a positive number of images, or `all`. */
function parseLimit(value: string): number | 'all' {
  return value === 'all' ? 'all' : parsePositiveInt(value);
}

/** `--budget`: a positive number of evaluations (a usage error, exit 2, otherwise). */
function parseBudget(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new InvalidArgumentError(`--budget must be a positive number of evaluations, got '${value}'`);
  return Number(value);
}

function configFromFlags(flags: SearchFlags, backend: string, plugins: readonly string[]): SearchRunConfig {
  const train = (epochs: number): TrainConfig => ({
    ...TRAIN_DEFAULTS,
    epochs,
    batchSize: flags.batch,
    lr: flags.lr,
    seed: flags.seed,
  });
  const baselines = flags.baselines.split(',').map((s) => s.trim()).filter(Boolean);
  if (baselines.length === 0) throw new ReparamError('--baselines needs at least one preset, e.g. plain');
  return {
    command: 'search',
    backbone: flags.backbone,
    dataset: flags.dataset,
    width: flags.width,
    ...(flags.limit === undefined || flags.limit === 'all' ? {} : { limit: flags.limit }),
    validationFraction: flags.valFraction,
    ...dataOptionsFromFlags(flags),
    aggregation: flags.aggregation,
    strategy: flags.strategy,
    evaluator: flags.evaluator,
    budget: flags.budget,
    population: flags.population,
    recheck: flags.recheck,
    seed: flags.seed,
    constraint: {
      ...(flags.maxOpsPerSlot === undefined ? {} : { maxOpsPerSlot: flags.maxOpsPerSlot }),
      ...(flags.flopsBudget === undefined ? {} : { flopsBudget: flags.flopsBudget }),
    },
    evaluatorOptions: {
      ...(flags.evaluatorOption ?? {}),
      ...(flags.calibrationImages === undefined ? {} : { calibrationImages: flags.calibrationImages }),
      ...(flags.valImages === undefined ? {} : { validationImages: flags.valImages }),
      ...(flags.evalImages === undefined ? {} : { trainImages: flags.evalImages }),
      ...(flags.sampling === undefined ? {} : { sampling: flags.sampling }),
      ...(flags.landscape === undefined ? {} : { landscape: flags.landscape }),
    },
    evaluation: train(flags.evalEpochs ?? flags.retrainEpochs),
    retrain: train(flags.retrainEpochs),
    baselines,
    backend,
    plugins,
    // The run id names this search's jobs; it is kept across --resume (see resumedSearchConfig).
    ...(flags.queue === undefined ? {} : { queue: { url: flags.queue, runId: `search-${randomBytes(6).toString('hex')}` } }),
  };
}

function readSavedSearchConfig(out: string): SearchRunConfig {
  const path = join(resolve(out), 'config.json');
  if (!existsSync(path)) throw new ReparamError(`cannot resume: ${path} does not exist (not a search run directory)`);
  try {
    return readRunFile(path, SEARCH_RUN_CONFIG_SCHEMA);
  } catch (err) {
    throw new ReparamError(`cannot resume: ${(err as Error).message}`);
  }
}
