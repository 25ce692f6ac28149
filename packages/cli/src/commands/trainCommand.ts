import { readGenomeFile, ReparamError, RunDirectory, TRAIN_DEFAULTS } from '@reparam/core';
import type { Command } from 'commander';
import { aggregationOption, dataOptionsFromFlags, dataWorkersOption, imageSizeOption, parseFraction, parseNonNegativeInt, parseNonNegativeNumber, parsePositiveInt, skipBadImagesOption } from '../options.js';
import { reportTakenOverLock } from '@reparam/runs';
import { RunEventRenderer } from '../output/RunEventRenderer.js';
import { requireChoice } from '../UsageError.js';
import { createRuntime, type GlobalOptions } from '../runtime.js';
import { executeTrainRun } from '@reparam/runs';
import { readRunFile, TRAIN_RUN_CONFIG_SCHEMA, type TrainRunConfig } from '@reparam/runs';
import { withExamples } from '../examples.js';


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
  skipBadImages?: boolean;
  imageSize?: number;
  dataWorkers?: number;
  out?: string;
  resume?: boolean;
  json?: boolean;
  quiet?: boolean;
}

function defaultOut(backbone: string): string {
  return `runs/train-${backbone}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
}

/** `reparam train`: trains one genome (preset or file) on a dataset and writes a run directory. */
export function addTrainCommand(program: Command, globals: () => GlobalOptions): void {
  withExamples(program.command('train'), ['reparam train --backbone resnet20 --preset dbb --dataset fashion-mnist --epochs 10 --out runs/dbb', 'reparam train --genome runs/first-search/best-genome.json --out runs/best', 'reparam train --out runs/dbb --resume'])
    .description('train a backbone with a genome (preset or file) on a dataset; writes a run directory with results.json')
    .option('--backbone <id>', 'backbone (see `reparam backbones`); a --genome file that names one sets it unless given', 'bench-net')
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
    .addOption(aggregationOption())
    .option('--width <x>', 'width multiplier; a --genome file that names one sets it unless given', parseNonNegativeNumber, 1)
    .option('--seed <n>', 'seed (weights, split, shuffling)', parseNonNegativeInt, 0)
    .option('--limit <n>', 'use at most n training images', parsePositiveInt)
    .option('--val-fraction <x>', 'fraction of the training set held out for validation', parseFraction, 0.1)
    .addOption(imageSizeOption())
    .addOption(skipBadImagesOption())
    .addOption(dataWorkersOption())
    .option('--out <dir>', 'run directory (default runs/train-<backbone>-<time>)')
    .option('--resume', 'continue the run in --out from its checkpoint with its saved settings (other settings are refused)')
    .option('--json', 'print results.json to stdout at the end')
    .option('--quiet', 'no progress bar or progress lines on stderr (warnings and errors only)')
    .action(async (flags: TrainFlags, command: Command) => {
      const g = globals();
      if (flags.resume && !flags.out) throw new ReparamError('--resume needs --out <run directory>');
      // A train run resumes exactly as it was started: a setting given now would be silently lost.
      // (--data-workers is this machine's, not the run's: no batch depends on it.)
      const changed = flags.resume ? command.options.find((o) => !['out', 'resume', 'json', 'quiet', 'dataWorkers'].includes(o.attributeName()) && command.getOptionValueSource(o.attributeName()) === 'cli') : undefined;
      if (changed) throw new ReparamError(`${changed.long} cannot be given with --resume: a train run continues with the settings in its config.json`);
      // A genome file that says which network it was found on sets the backbone and width not given.
      const given = (option: string) => command.getOptionValueSource(option) !== 'default';
      const file = !flags.resume && flags.genome !== undefined ? readGenomeFile(flags.genome) : undefined;
      const network = {
        backbone: given('backbone') ? flags.backbone : (file?.backbone ?? flags.backbone),
        width: given('width') ? flags.width : (file?.width ?? flags.width),
      };
      const out = flags.out ?? defaultOut(network.backbone);
      const run = RunDirectory.open(out, { resume: flags.resume });
      const renderer = new RunEventRenderer(flags.quiet);
      reportTakenOverLock(run, renderer.handle);
      try {
        const saved = flags.resume ? readSavedConfig(run.file('config.json')) : undefined;
        const { registry, backend } = await createRuntime({ ...g, plugin: saved ? [...saved.plugins] : g.plugin });
        if (!saved) requireChoice('--aggregation', flags.aggregation, registry.list('aggregation').map((m) => m.id));

        const base = saved ?? configFromFlags({ ...flags, ...network }, backend, g.plugin ?? []);
        const results = await executeTrainRun(registry, backend, base, run, {
          resume: Boolean(saved),
          genomeSource: saved ? { genome: saved.genome } : { preset: flags.preset, genomeFile: flags.genome },
          onEvent: renderer.handle,
          dataWorkers: flags.dataWorkers,
        }).finally(() => renderer.stop());
        if (flags.json) console.log(JSON.stringify(results, null, 2));
        if (results.diverged) {
          const d = results.diverged;
          throw new ReparamError(`training diverged at epoch ${d.epoch}, step ${d.step} (loss ${d.loss}); results.json records it — try a lower --lr`);
        }
        if (!flags.json) {
          console.log(
            `test accuracy ${(100 * results.testAccuracy!).toFixed(2)}% (val ${(100 * (results.valAccuracy ?? 0)).toFixed(2)}%) after ` +
              `${results.epochs} epochs in ${results.seconds.toFixed(1)} s on ${backend}; results in ${run.file('results.json')}`,
          );
        }
      } finally {
        run.close();
      }
    });
}

function configFromFlags(flags: TrainFlags, backend: string, plugins: readonly string[]): Omit<TrainRunConfig, 'genome'> {
  return {
    command: 'train',
    backbone: flags.backbone,
    dataset: flags.dataset,
    ...(flags.genome === undefined ? { preset: flags.preset ?? 'plain' } : { genomeFile: flags.genome }),
    aggregation: flags.aggregation,
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
    ...dataOptionsFromFlags(flags),
    backend,
    plugins,
  };
}

function readSavedConfig(path: string): TrainRunConfig {
  try {
    return readRunFile(path, TRAIN_RUN_CONFIG_SCHEMA);
  } catch (err) {
    throw new ReparamError(`cannot resume: ${(err as Error).message}`);
  }
}
