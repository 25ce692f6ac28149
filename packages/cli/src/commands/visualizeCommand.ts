import { ReparamError } from '@reparam/core';
import type { Command } from 'commander';
import { parseNonNegativeInt } from '../options.js';
import { describeFailures, describeSkipped } from '@reparam/report';
import { openRun } from '@reparam/runs';
import { runtimeOptions } from '../runtimeOptions.js';
import { visualizeRun } from '@reparam/report';
import { createRuntime, type GlobalOptions } from '../runtime.js';
import { withExamples } from '../examples.js';
import { printResult } from '../output/printResult.js';

interface VisualizeFlags {
  slot?: string;
  image: number;
  json?: boolean;
}

/** `reparam visualize <run-dir>`: PNG plots of a train or search run into its plots/ folder. */
export function addVisualizeCommand(program: Command, globals: () => GlobalOptions): void {
  withExamples(program.command('visualize'), ['reparam visualize runs/first-search', 'reparam visualize runs/dbb --slot layer1.0.conv1 --image 3'])
    .description('plot a train or search run into <run-dir>/plots/ (PNG): search progress, op probabilities, training curves, feature maps')
    .argument('<run-dir>', 'a run directory written by reparam train or reparam search')
    .option('--slot <name>', 'slot of the feature-map plot (default: the first slot with two or more branches)')
    .option('--image <n>', 'validation image of the feature-map plot', parseNonNegativeInt, 0)
    .option('--json', 'print the result as JSON on stdout')
    .action(async (dir: string, flags: VisualizeFlags) => {
      const run = openRun(dir);
      const { registry } = await createRuntime(runtimeOptions(globals(), run.config.plugins));
      const outcomes = await visualizeRun(run, registry, { slot: flags.slot, image: flags.image });
      const failed = describeFailures(outcomes);
      if (failed) throw new ReparamError(failed);
      const skipped = describeSkipped(outcomes);
      printResult(flags.json, { plots: outcomes }, [...outcomes.flatMap((o) => (o.file ? [`wrote ${o.file}`] : [])), ...(skipped ? [skipped] : [])].join('\n'));
    });
}
