import { join, resolve } from 'node:path';
import {
  compareOutputs,
  compileGraph,
  countGraphParameters,
  countParameters,
  type Dataset,
  graphFlops,
  multiBranchGraph,
  type OutputAgreement,
  ReparamError,
  reparameterize,
} from '@reparam/core';
import { ONNX_OPSET } from '@reparam/deploy';
import * as tf from '@tensorflow/tfjs';
import type { Command } from 'commander';
import { ONNX_FILE, TFJS_DIR, writeJson, writeOnnxChecked, writeTfjsChecked } from '@reparam/deploy';
import { checkBatch, loadTrainedNetwork } from '@reparam/runs';
import { DEPLOY_SUMMARY_FILE, type DeploySummary, openTrainedRun } from '@reparam/runs';
import { writeThenMove } from '@reparam/deploy';
import { parsePositiveInt } from '../options.js';
import { createRuntime, type GlobalOptions } from '../runtime.js';

const fmt = (v: number) => v.toExponential(2);

/**
 * What a deployed model expects as input, for users outside reparam: NHWC float32, pixels scaled to
 * [0, 1] then normalised with the training split's per-channel statistics (when the dataset plugin
 * exposes them, as @reparam/data's do), and the class names.
 */
function inputContract(dataset: Dataset): DeploySummary['input'] {
  const extra = dataset as Dataset & { normalisation?: { mean: readonly number[]; std: readonly number[] }; classNames?: readonly string[] };
  return {
    layout: 'NHWC',
    shape: ['N' as const, ...dataset.inputShape],
    ...(extra.normalisation ? { normalisation: { formula: '(pixel / 255 - mean[c]) / std[c]', mean: extra.normalisation.mean, std: extra.normalisation.std } } : {}),
    ...(extra.classNames ? { classNames: extra.classNames } : {}),
  };
}

/**
 * `reparam fuse <run-dir>`: the trained multi-branch network → the plain deployable one (each slot
 * one conv + bias, conv+BN folded), checked on real images against the multi-branch outputs in eval
 * mode (in the tfjs graph runner, the saved tfjs model and onnxruntime), saved as a tfjs Layers
 * model, an ONNX model and deploy.json in `<run-dir>/deploy/`.
 */
export function addFuseCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('fuse')
    .description('fold a trained run (reparam train, or a finished search) into the plain network; check it and save tfjs + ONNX models in <run-dir>/deploy/')
    .argument('<run-dir>', 'run directory of reparam train, or of reparam search (uses its retrain-best/)')
    .option('--out <dir>', 'where to write (default <run-dir>/deploy)')
    .option('--images <n>', 'how many validation images to check on', parsePositiveInt, 64)
    .action(async (runDir: string, flags: { out?: string; images: number }) => {
      const run = openTrainedRun(runDir);
      const g = globals();
      const { registry, backend } = await createRuntime({ ...g, plugin: [...(g.plugin ?? []), ...(run.config.plugins ?? [])] });
      const { net, dataset } = await loadTrainedNetwork(registry, run);
      const { images, split } = checkBatch(dataset, flags.images);
      const out = resolve(flags.out ?? run.deployDir);
      try {
        const reference = tf.tidy(() => net.forward(images, false).dataSync() as Float32Array);
        const deploy = reparameterize(net);
        const training = multiBranchGraph(net);
        const compiled = compileGraph(deploy);
        const graphAgreement = compareOutputs(reference, tf.tidy(() => compiled.run(images).dataSync() as Float32Array));
        compiled.dispose();
        const summary = await writeThenMove(out, async (tmp) => {
          const tfjsAgreement = await writeTfjsChecked(deploy, join(tmp, TFJS_DIR), images, reference);
          const onnxAgreement = await writeOnnxChecked(deploy, join(tmp, ONNX_FILE), images, reference, {
            name: `${run.config.backbone} (fused)`,
            form: 'fused',
            run: run.dir,
          });
          const checks: [string, OutputAgreement][] = [
            ['tfjs graph runner', graphAgreement],
            ['saved tfjs model', tfjsAgreement],
            ['ONNX in onnxruntime-node', onnxAgreement],
          ];
          const bad = checks.find(([, a]) => !a.ok);
          if (bad) {
            throw new ReparamError(
              `the fused network disagrees with the multi-branch one (${bad[0]}): max|Δ| ${fmt(bad[1].maxAbsError)} > tolerance ${fmt(bad[1].tolerance)} on ${images.shape[0]} ${split} images; nothing was written`,
            );
          }
          const s: DeploySummary = {
            run: run.dir,
            trainRun: run.trainDir,
            backbone: run.config.backbone,
            dataset: run.config.dataset,
            aggregation: run.config.aggregation,
            genome: run.config.genome,
            backend,
            inputShape: dataset.inputShape,
            classes: dataset.classes,
            input: inputContract(dataset),
            check: {
              split,
              images: images.shape[0],
              tolerance: Math.max(graphAgreement.tolerance, tfjsAgreement.tolerance, onnxAgreement.tolerance),
              maxAbsOutput: graphAgreement.maxAbsReference,
              maxAbsError: Math.max(graphAgreement.maxAbsError, tfjsAgreement.maxAbsError, onnxAgreement.maxAbsError),
              maxAbsErrorBy: { graph: graphAgreement.maxAbsError, tfjs: tfjsAgreement.maxAbsError, onnx: onnxAgreement.maxAbsError },
            },
            parameters: { multiBranch: countParameters(net.parameters()), deployed: countGraphParameters(deploy) },
            flops: { multiBranch: graphFlops(training), deployed: graphFlops(deploy) },
            files: { tfjs: `${TFJS_DIR}/model.json`, onnx: ONNX_FILE },
            onnxOpset: ONNX_OPSET,
            createdAt: new Date().toISOString(),
          };
          writeJson(join(tmp, DEPLOY_SUMMARY_FILE), s);
          return s;
        });
        console.log(
          `fused ${run.config.backbone}: ${summary.parameters.multiBranch.toLocaleString('en-US')} → ${summary.parameters.deployed.toLocaleString('en-US')} parameters, ` +
            `${(summary.flops.multiBranch / 1e6).toFixed(1)} → ${(summary.flops.deployed / 1e6).toFixed(1)} MFLOPs per image; ` +
            `max|Δ| ${fmt(summary.check.maxAbsError)} ≤ ${fmt(summary.check.tolerance)} on ${summary.check.images} ${split} images (${backend}, tfjs model, onnxruntime); written to ${out}`,
        );
      } finally {
        images.dispose();
        net.dispose();
      }
    });
}
