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
  type Registry,
  ReparamError,
  reparameterize,
} from '@reparam/core';
import { ONNX_FILE, ONNX_OPSET, TFJS_DIR, writeJson, writeOnnxChecked, writeTfjsChecked, writeThenMove } from '@reparam/deploy';
import * as tf from '@tensorflow/tfjs';
import { DEPLOY_SUMMARY_FILE, type DeploySummary } from '../deploySummary.js';
import { checkBatch, loadTrainedNetwork } from '../loadTrainedNetwork.js';
import type { TrainedRun } from '../openRun.js';

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

/** Where and how {@link executeFuse} checks and writes. */
export interface FuseOptions {
  /** Folder to write (default the run's deploy folder). */
  readonly out?: string;
  /** Validation images to check the fused network on. */
  readonly images: number;
}

/**
 * Folds a trained run into its plain deployable network (each slot one conv + bias, conv+BN
 * folded), checks it on real images against the multi-branch outputs in eval mode (in the tfjs
 * graph runner, the saved tfjs model and onnxruntime) and writes a tfjs Layers model, an ONNX model
 * and deploy.json into `out` — all or nothing: a failed check leaves `out` as it was.
 */
export async function executeFuse(registry: Registry, backend: string, run: TrainedRun, options: FuseOptions): Promise<{ summary: DeploySummary; out: string }> {
  const { net, dataset } = await loadTrainedNetwork(registry, run);
  const { images, split } = checkBatch(dataset, options.images);
  const out = resolve(options.out ?? run.deployDir);
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
    return { summary, out };
  } finally {
    images.dispose();
    net.dispose();
  }
}
