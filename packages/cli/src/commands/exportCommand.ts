import { join, resolve } from 'node:path';
import { multiBranchGraph, type NetworkGraph, type OutputAgreement, ReparamError, reparameterize } from '@reparam/core';
import * as tf from '@tensorflow/tfjs';
import { type Command, Option } from 'commander';
import { ONNX_FILE, TFJS_DIR, writeOnnxChecked, writeTfjsChecked } from '@reparam/deploy';
import { checkBatch, loadTrainedNetwork } from '@reparam/runs';
import { openTrainedRun } from '@reparam/runs';
import { writeThenMove } from '@reparam/deploy';
import { createRuntime, type GlobalOptions } from '../runtime.js';
import { withExamples } from '../examples.js';
import { printResult } from '../output/printResult.js';

const FORMATS = ['tfjs', 'onnx'] as const;
const FORMS = ['fused', 'multi-branch'] as const;
type Format = (typeof FORMATS)[number];
type Form = (typeof FORMS)[number];

interface ExportFlags {
  format: string;
  form: string;
  out?: string;
  json?: boolean;
}

const fmt = (v: number) => v.toExponential(2);

/** Default folder: `<run>/deploy/tfjs` and `<run>/deploy` (fused), the same under `deploy/multi-branch/` for the training form. */
function defaultOut(deployDir: string, format: Format, form: Form): string {
  const base = form === 'fused' ? deployDir : join(deployDir, 'multi-branch');
  return format === 'tfjs' ? join(base, TFJS_DIR) : base;
}

/**
 * `reparam export <run-dir> --format tfjs|onnx [--form fused|multi-branch]`: one model file set of
 * a trained run, checked against the multi-branch network in eval mode on real images before it is
 * moved into place. The multi-branch form keeps every branch with its BN (and pad-aware BN padding).
 */
export function addExportCommand(program: Command, globals: () => GlobalOptions): void {
  withExamples(program.command('export'), ['reparam export runs/dbb --format onnx --out model/', 'reparam export runs/dbb --format tfjs --form multi-branch --out model-train/'])
    .description('export a trained run as a tfjs Layers model (model.json + weights.bin) or an ONNX model, fused or in its multi-branch training form')
    .argument('<run-dir>', 'run directory of reparam train, or of reparam search (uses its retrain-best/)')
    .addOption(new Option('--format <format>', 'model format').choices(FORMATS).makeOptionMandatory())
    .addOption(new Option('--form <form>', 'the fused plain network, or the multi-branch training form').choices(FORMS).default('fused'))
    .option('--out <dir>', 'folder to write model.json + weights.bin (tfjs) or model.onnx into (default <run-dir>/deploy[/multi-branch][/tfjs])')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (runDir: string, flags: ExportFlags) => {
      const format = flags.format as Format;
      const form = flags.form as Form;
      const run = openTrainedRun(runDir);
      const g = globals();
      const { registry } = await createRuntime({ ...g, plugin: [...(g.plugin ?? []), ...(run.config.plugins ?? [])] });
      const { net, dataset } = await loadTrainedNetwork(registry, run);
      const { images, split } = checkBatch(dataset);
      const out = resolve(flags.out ?? defaultOut(run.deployDir, format, form));
      try {
        const graph: NetworkGraph = form === 'fused' ? reparameterize(net) : multiBranchGraph(net);
        const reference = tf.tidy(() => net.forward(images, false).dataSync() as Float32Array);
        const agreement = await writeThenMove(out, async (tmp) => {
          // tfjs writes its two files straight into the folder; ONNX its one file.
          const a: OutputAgreement =
            format === 'tfjs'
              ? await writeTfjsChecked(graph, tmp, images, reference)
              : await writeOnnxChecked(graph, join(tmp, ONNX_FILE), images, reference, { name: `${run.config.backbone} (${form})`, form, run: run.dir });
          if (!a.ok) {
            throw new ReparamError(
              `the exported ${form} ${format} model disagrees with the multi-branch network: max|Δ| ${fmt(a.maxAbsError)} > tolerance ${fmt(a.tolerance)} on ${images.shape[0]} ${split} images; nothing was written`,
            );
          }
          return a;
        });
        const files = format === 'tfjs' ? ['model.json', 'weights.bin'] : [ONNX_FILE];
        const result = { out, format, form, files: files.map((f) => join(out, f)), check: { split, images: images.shape[0], ...agreement } };
        printResult(flags.json, result, `exported ${form} ${format}: ${result.files.join(', ')} (max|Δ| ${fmt(agreement.maxAbsError)} vs the multi-branch net on ${images.shape[0]} ${split} images)`);
      } finally {
        images.dispose();
        net.dispose();
      }
    });
}
