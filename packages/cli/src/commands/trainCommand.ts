import { readFileSync } from 'node:fs';
import {
  AGGREGATIONS,
  type Aggregation,
  countFusedParameters,
  countParameters,
  evaluate,
  type EpochRecord,
  type Genome,
  measureForwardFlops,
  measureFusedForwardFlops,
  parseAggregation,
  ReparamError,
  RunDirectory,
  TRAIN_DEFAULTS,
  Trainer,
} from '@reparam/core';
import type { Command } from 'commander';
import { buildNetwork, loadDataset, resolveGenome } from '../experiment.js';
import { parseFraction, parseNonNegativeInt, parseNonNegativeNumber, parsePositiveInt } from '../options.js';
import { TrainProgress } from '../output/TrainProgress.js';
import { createRuntime, type GlobalOptions } from '../runtime.js';

/** Default slot aggregation (see docs/optimization-fix.md for the measurement behind it). */
export const DEFAULT_AGGREGATION: Aggregation = 'sum';

/** Everything a training run is defined by; saved as the run's config.json. */
export interface TrainRunConfig {
  readonly command: 'train';
  readonly backbone: string;
  readonly dataset: string;
  readonly preset?: string;
  readonly genomeFile?: string;
  readonly genome: Genome;
  readonly aggregation: Aggregation;
  readonly width: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly momentum: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  readonly warmupEpochs: number;
  readonly labelSmoothing: number;
  readonly augment: boolean;
  readonly seed: number;
  readonly limit?: number;
  readonly validationFraction: number;
  readonly backend: string;
  readonly plugins: readonly string[];
}

interface TrainFlags {
  backbone: string;
  preset?: string;
  genome?: string;
  dataset: string;
  epochs: number;
  batch: number;
  lr: number;
  momentum: number;
  nesterov?: boolean;
  wd: number;
  warmup: number;
  labelSmoothing: number;
  augment: boolean;
  aggregation: string;
  width: number;
  seed: number;
  limit?: number;
  valFraction: number;
  out?: string;
  resume?: boolean;
  json?: boolean;
}

function defaultOut(backbone: string): string {
  return `runs/train-${backbone}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
}

/** `reparam train`: trains one genome (preset or file) on a dataset and writes a run directory. */
export function addTrainCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('train')
    .description('train a backbone with a genome (preset or file) on a dataset; writes a run directory with results.json')
    .option('--backbone <id>', 'backbone (see `reparam backbones`)', 'bench-net')
    .option('--preset <name>', 'genome preset: plain, repvgg, acnet, dbb, full (default plain)')
    .option('--genome <file>', 'genome JSON file (slot → optional op ids), e.g. a search’s best-genome.json')
    .option('--dataset <id[:path]>', 'dataset (see `reparam datasets`); a path after ":" where the loader takes one', 'mnist')
    .option('--epochs <n>', 'epochs', parsePositiveInt, 10)
    .option('--batch <n>', 'batch size', parsePositiveInt, 64)
    .option('--lr <x>', 'peak learning rate (cosine schedule)', parseNonNegativeNumber, 0.1)
    .option('--momentum <x>', 'SGD momentum', parseNonNegativeNumber, TRAIN_DEFAULTS.momentum)
    .option('--nesterov', 'Nesterov momentum')
    .option('--wd <x>', 'weight decay (conv and dense weights only)', parseNonNegativeNumber, TRAIN_DEFAULTS.weightDecay)
    .option('--warmup <epochs>', 'linear warm-up epochs', parseNonNegativeNumber, TRAIN_DEFAULTS.warmupEpochs)
    .option('--label-smoothing <x>', 'label smoothing', parseFraction, TRAIN_DEFAULTS.labelSmoothing)
    .option('--no-augment', 'no pad-and-crop / flip augmentation')
    .option('--aggregation <mode>', `slot aggregation: ${AGGREGATIONS.join(', ')}`, DEFAULT_AGGREGATION)
    .option('--width <x>', 'width multiplier', parseNonNegativeNumber, 1)
    .option('--seed <n>', 'seed (weights, split, shuffling)', parseNonNegativeInt, 0)
    .option('--limit <n>', 'use at most n training images', parsePositiveInt)
    .option('--val-fraction <x>', 'fraction of the training set held out for validation', parseFraction, 0.1)
    .option('--out <dir>', 'run directory (default runs/train-<backbone>-<time>)')
    .option('--resume', 'continue the run in --out from its checkpoint (its config.json decides everything else)')
    .option('--json', 'print results.json to stdout at the end')
    .action(async (flags: TrainFlags) => {
      const g = globals();
      if (flags.resume && !flags.out) throw new ReparamError('--resume needs --out <run directory>');
      const out = flags.out ?? defaultOut(flags.backbone);
      const run = RunDirectory.open(out, { resume: flags.resume });
      const saved = flags.resume ? readSavedConfig(run.file('config.json')) : undefined;
      const { registry, backend } = await createRuntime({ ...g, plugin: saved ? [...saved.plugins] : g.plugin });

      const base = saved ?? configFromFlags(flags, backend, g.plugin ?? []);
      if (base.aggregation) parseAggregation(base.aggregation);
      const data = await loadDataset(registry, base.dataset, { seed: base.seed, limit: base.limit, validationFraction: base.validationFraction });
      const factory = registry.get('backbone', base.backbone);
      const shape = { inputShape: data.inputShape, classes: data.classes, width: base.width };
      const { genome } = resolveGenome(registry, factory, shape, saved ? { genome: saved.genome } : { preset: flags.preset, genomeFile: flags.genome });
      const config: TrainRunConfig = { ...base, genome, backend };
      const net = buildNetwork(registry, config, data, genome);
      const trainer = new Trainer(net, data, config);

      let startEpoch = 0;
      let history: EpochRecord[] = [];
      if (saved) {
        const meta = run.loadCheckpoint(trainer.stateParameters()) as { epoch: number; history: EpochRecord[] };
        startEpoch = meta.epoch;
        history = meta.history;
        run.log({ type: 'resume', epoch: startEpoch });
      } else {
        run.writeJson('config.json', config);
      }
      process.stderr.write(`reparam train: ${config.backbone} on ${config.dataset}, backend ${backend}, run ${run.path}\n`);

      const progress = new TrainProgress();
      const started = performance.now();
      const outcome = await trainer.run(
        {
          onEvent: (e) => {
            progress.handle(e);
            if (e.type !== 'step') run.log(e);
          },
          onEpochEnd: (epoch, records) => run.saveCheckpoint(trainer.stateParameters(), { epoch, history: records }),
        },
        startEpoch,
        history,
      );
      progress.stop();
      const seconds = (performance.now() - started) / 1000 + (history.reduce((s, r) => s + r.seconds, 0) || 0);
      const test = outcome.diverged ? undefined : evaluate(net, data.test);
      const flops = await measureForwardFlops(net, data.inputShape);
      const results = {
        testAccuracy: test?.accuracy ?? null,
        valAccuracy: outcome.history.at(-1)?.valAccuracy ?? null,
        epochs: outcome.epochs,
        backend,
        seconds,
        backbone: config.backbone,
        dataset: config.dataset,
        preset: config.preset ?? null,
        aggregation: config.aggregation,
        seed: config.seed,
        parameters: countParameters(net.parameters()),
        fusedParameters: countFusedParameters(net),
        flops,
        fusedFlops: await measureFusedForwardFlops(net, data.inputShape, flops),
        trainSize: data.train.size,
        validationSize: data.validation.size,
        testSize: data.test.size,
        ...(outcome.diverged ? { diverged: outcome.diverged } : {}),
        history: outcome.history,
      };
      run.writeJson('results.json', results);
      run.log({ type: 'results', testAccuracy: results.testAccuracy, valAccuracy: results.valAccuracy });
      trainer.dispose();
      net.dispose();
      if (flags.json) console.log(JSON.stringify(results, null, 2));
      if (outcome.diverged) {
        const d = outcome.diverged;
        throw new ReparamError(`training diverged at epoch ${d.epoch}, step ${d.step} (loss ${d.loss}); results.json records it — try a lower --lr`);
      }
      if (!flags.json) {
        console.log(
          `test accuracy ${(100 * results.testAccuracy!).toFixed(2)}% (val ${(100 * (results.valAccuracy ?? 0)).toFixed(2)}%) after ` +
            `${results.epochs} epochs in ${seconds.toFixed(1)} s on ${backend}; results in ${run.file('results.json')}`,
        );
      }
    });
}

function configFromFlags(flags: TrainFlags, backend: string, plugins: readonly string[]): Omit<TrainRunConfig, 'genome'> {
  return {
    command: 'train',
    backbone: flags.backbone,
    dataset: flags.dataset,
    ...(flags.genome === undefined ? { preset: flags.preset ?? 'plain' } : { genomeFile: flags.genome }),
    aggregation: parseAggregation(flags.aggregation),
    width: flags.width,
    epochs: flags.epochs,
    batchSize: flags.batch,
    lr: flags.lr,
    momentum: flags.momentum,
    nesterov: Boolean(flags.nesterov),
    weightDecay: flags.wd,
    warmupEpochs: flags.warmup,
    labelSmoothing: flags.labelSmoothing,
    augment: flags.augment,
    seed: flags.seed,
    ...(flags.limit === undefined ? {} : { limit: flags.limit }),
    validationFraction: flags.valFraction,
    backend,
    plugins,
  };
}

function readSavedConfig(path: string): TrainRunConfig {
  try {
    const c = JSON.parse(readFileSync(path, 'utf8')) as TrainRunConfig;
    if (c.command !== 'train') throw new Error('not a train run');
    return c;
  } catch (err) {
    throw new ReparamError(`cannot resume: ${path} is not a readable train config (${(err as Error).message})`);
  }
}
