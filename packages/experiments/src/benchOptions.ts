import { type Command, Option } from 'commander';
import { aggregationOption, parseFraction, parseNonNegativeNumber, parsePositiveInt } from '@reparam/cli';

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

/** `--calibration-images`: BN re-calibration images per supernet candidate, with one default for every benchmark. */
export function calibrationImagesOption(): Option {
  return new Option('--calibration-images <n>', 'BN re-calibration images per candidate (supernet)').argParser(parsePositiveInt).default(256);
}
