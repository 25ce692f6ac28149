import { executeFuse, openTrainedRun } from '@reparam/runs';
import type { Command } from 'commander';
import { withExamples } from '../examples.js';
import { printResult } from '../output/printResult.js';
import { parsePositiveInt } from '../options.js';
import { createRuntime, type GlobalOptions } from '../runtime.js';

const fmt = (v: number) => v.toExponential(2);

/**
 * `reparam fuse <run-dir>`: the trained multi-branch network → the plain deployable one (each slot
 * one conv + bias, conv+BN folded), checked on real images against the multi-branch outputs in eval
 * mode (in the tfjs graph runner, the saved tfjs model and onnxruntime), saved as a tfjs Layers
 * model, an ONNX model and deploy.json in `<run-dir>/deploy/`.
 */
export function addFuseCommand(program: Command, globals: () => GlobalOptions): void {
  withExamples(program.command('fuse'), ['reparam fuse runs/first-search', 'reparam fuse runs/dbb --out deploy/dbb'])
    .description('fold a trained run (reparam train, or a finished search) into the plain network; check it and save tfjs + ONNX models in <run-dir>/deploy/')
    .argument('<run-dir>', 'run directory of reparam train, or of reparam search (uses its retrain-best/)')
    .option('--out <dir>', 'where to write (default <run-dir>/deploy)')
    .option('--images <n>', 'how many validation images to check on', parsePositiveInt, 64)
    .option('--json', 'print the result as JSON on stdout')
    .action(async (runDir: string, flags: { out?: string; images: number; json?: boolean }) => {
      const run = openTrainedRun(runDir);
      const g = globals();
      const { registry, backend } = await createRuntime({ ...g, plugin: [...(g.plugin ?? []), ...(run.config.plugins ?? [])] });
      const { summary, out } = await executeFuse(registry, backend, run, flags);
      printResult(
        flags.json,
        { out, ...summary },
        `fused ${run.config.backbone}: ${summary.parameters.multiBranch.toLocaleString('en-US')} → ${summary.parameters.deployed.toLocaleString('en-US')} parameters, ` +
          `${(summary.flops.multiBranch / 1e6).toFixed(1)} → ${(summary.flops.deployed / 1e6).toFixed(1)} MFLOPs per image; ` +
          `max|Δ| ${fmt(summary.check.maxAbsError)} ≤ ${fmt(summary.check.tolerance)} on ${summary.check.images} ${summary.check.split} images (${backend}, tfjs model, onnxruntime); written to ${out}`,
      );
    });
}
