import type { Command } from 'commander';
import { aggregationOption, DEFAULT_EVALUATOR, parseFraction, parseNonNegativeNumber, parsePositiveInt } from '@reparam/cli';

/** The defaults a benchmark picks for the options every experiment benchmark shares. */
export interface ExperimentDefaults {
  readonly backbone: string;
  readonly dataset?: string;
  readonly width: number;
  /** Training images (train + validation); undefined for the whole set. */
  readonly limit?: number;
  /** Share of the training images held out; undefined when the benchmark fixes it itself. */
  readonly valFraction?: number;
  readonly aggregation?: string;
}

/**
 * Adds the options the experiment benchmarks share (backbone, dataset, width, data limit, held-out
 * share, aggregation, batch, learning rate), each with the benchmark's own default.
 */
export function addExperimentOptions(command: Command, d: ExperimentDefaults): Command {
  command
    .option('--backbone <id>', 'backbone', d.backbone)
    .option('--dataset <id[:path]>', 'dataset', d.dataset ?? 'fashion-mnist')
    .option('--width <x>', 'width multiplier', parseNonNegativeNumber, d.width)
    .option('--limit <n>', 'training images (train + validation)', parsePositiveInt, d.limit);
  if (d.valFraction !== undefined) command.option('--val-fraction <x>', 'share of the training images held out (the validation split)', parseFraction, d.valFraction);
  return command
    .addOption(aggregationOption(d.aggregation))
    .option('--batch <n>', 'batch size', parsePositiveInt, 64)
    .option('--lr <x>', 'peak learning rate', parseNonNegativeNumber, 0.1);
}

/** The evaluator flags of a benchmark (see {@link addEvaluatorOptions}). */
export interface EvaluatorFlags {
  readonly evaluator: string;
  readonly evalImages?: number;
  readonly valImages?: number;
  readonly calibrationImages?: number;
  readonly sampling?: string;
}

/**
 * Adds `--evaluator` (default: the search's) and the evaluator options `reparam search` has, with no
 * defaults of their own: an option not given is left to the evaluator's default.
 */
export function addEvaluatorOptions(command: Command): Command {
  return command
    .option('--evaluator <id>', 'evaluator (see `reparam evaluators`)', DEFAULT_EVALUATOR)
    .option('--eval-images <n>', 'standalone: training images each candidate sees per epoch (default: all)', parsePositiveInt)
    .option('--val-images <n>', 'score on the first n validation images only (default: all)', parsePositiveInt)
    .option('--calibration-images <n>', 'supernet: BN re-calibration images per candidate', parsePositiveInt)
    .option('--sampling <scheme>', 'supernet: sub-network of each step (see `reparam search --help`)');
}

/** The evaluator options the flags give, named as the evaluators read them. */
export function evaluatorOptionsOf(flags: EvaluatorFlags): Record<string, unknown> {
  return {
    ...(flags.evalImages === undefined ? {} : { trainImages: flags.evalImages }),
    ...(flags.valImages === undefined ? {} : { validationImages: flags.valImages }),
    ...(flags.calibrationImages === undefined ? {} : { calibrationImages: flags.calibrationImages }),
    ...(flags.sampling === undefined ? {} : { sampling: flags.sampling }),
  };
}
