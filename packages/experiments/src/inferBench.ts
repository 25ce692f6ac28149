import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Backbone,
  multiBranchGraph,
  presetGenome,
  randomizeParameters,
  recalibrateBatchNorms,
  type Registry,
  ReparamError,
  reparameterize,
  Rng,
  slotInfos,
  sumAggregation,
} from '@reparam/core';
import { loadLayersModelFile, type OnnxClassifier, openOnnxClassifier, toLayersModel, toOnnx } from '@reparam/deploy';
import * as tf from '@tensorflow/tfjs';
import type { Command } from 'commander';
import { ONNX_FILE, TFJS_DIR } from '@reparam/deploy';
import { loadTrainedNetwork } from '@reparam/runs';
import { openTrainedRun } from '@reparam/runs';
import { buildNetwork } from '@reparam/runs';
import { collectPositiveInts, parsePositiveInt, withExamples } from '@reparam/cli';
import { formatTable } from '@reparam/cli';
import { createRuntime, type GlobalOptions } from '@reparam/cli';

interface InferFlags {
  variant: string;
  batch?: number[];
  repeats: number;
  warmup: number;
  json?: boolean;
}

/** One row of `reparam bench infer`: median milliseconds of one forward pass of `batch` images. */
export interface InferRow {
  readonly runtime: string;
  readonly batch: number;
  readonly multiBranchMs: number;
  readonly fusedMs: number;
  readonly plainMs: number;
}

type Forms = Record<'multiBranch' | 'fused' | 'plain', (x: tf.Tensor4D) => Promise<void>>;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The three nets of the comparison: multi-branch (trained or random), its fused graph, the plain net of the same backbone. */
interface Nets {
  readonly source: string;
  readonly backbone: string;
  readonly inputShape: readonly [number, number, number];
  readonly multi: Backbone;
  readonly plain: Backbone;
  /** A deployed fused model to read instead of fusing `multi` (run directories). */
  readonly deployed?: { readonly tfjs: string; readonly onnx: string };
}

async function netsForRun(registry: Registry, runDir: string): Promise<Nets> {
  const run = openTrainedRun(runDir);
  const tfjsModel = join(run.deployDir, TFJS_DIR, 'model.json');
  const onnxModel = join(run.deployDir, ONNX_FILE);
  if (!existsSync(tfjsModel) || !existsSync(onnxModel)) {
    throw new ReparamError(`no deployed model in ${run.deployDir} (${TFJS_DIR}/model.json and ${ONNX_FILE}): run \`reparam fuse ${runDir}\` first`);
  }
  const { net, dataset } = await loadTrainedNetwork(registry, run);
  const factory = registry.get('backbone', run.config.backbone);
  const slots = slotInfos(factory.slotDescriptors({ inputShape: dataset.inputShape, classes: dataset.classes, width: run.config.width }), registry);
  const plain = buildNetwork(registry, run.config, dataset, presetGenome(registry.get('preset', 'plain'), slots));
  return { source: run.dir, backbone: run.config.backbone, inputShape: dataset.inputShape, multi: net, plain, deployed: { tfjs: tfjsModel, onnx: onnxModel } };
}

/**
 * Random weights, BN statistics and scales (randomizeParameters), then BN statistics recalibrated on
 * a random batch: raw random statistics make activations overflow through 19 slots, and Inf/NaN or
 * denormal arithmetic would time something other than the network.
 */
async function randomize(net: Backbone, inputShape: readonly [number, number, number], seed: number): Promise<void> {
  const rng = new Rng(seed);
  randomizeParameters(net.parameters(), rng);
  const x = tf.tensor4d(rng.normalArray(32 * inputShape[0] * inputShape[1] * inputShape[2]), [32, ...inputShape]);
  await recalibrateBatchNorms(net, () => tf.tidy(() => void net.forward(x, true)));
  x.dispose();
}

async function netsForVariant(registry: Registry, variant: string): Promise<Nets> {
  const factory = registry.get('backbone', 'bench-net');
  const shape = { inputShape: [28, 28, 1] as const, classes: 10 };
  const slots = slotInfos(factory.slotDescriptors(shape), registry);
  const build = (preset: string) => factory.create({ ...shape, genome: presetGenome(registry.get('preset', preset), slots), seed: 0, ops: registry, aggregation: sumAggregation });
  const multi = build(variant);
  const plain = build('plain');
  await randomize(multi, shape.inputShape, 0);
  await randomize(plain, shape.inputShape, 1);
  return { source: `bench-net ${variant}, random weights`, backbone: 'bench-net', inputShape: shape.inputShape, multi, plain };
}

async function tfjsForms(nets: Nets): Promise<{ forms: Forms; dispose(): void }> {
  const fused = nets.deployed ? await loadLayersModelFile(nets.deployed.tfjs) : toLayersModel(reparameterize(nets.multi));
  const plain = toLayersModel(reparameterize(nets.plain));
  const predict = (m: tf.LayersModel) => async (x: tf.Tensor4D) => {
    tf.tidy(() => (m.predict(x) as tf.Tensor).dataSync());
  };
  return {
    forms: {
      // The training-form modules in eval mode: what the trained network costs before fusion.
      multiBranch: async (x) => {
        tf.tidy(() => nets.multi.forward(x, false).dataSync());
      },
      fused: predict(fused),
      plain: predict(plain),
    },
    dispose: () => {
      fused.dispose();
      plain.dispose();
    },
  };
}

async function onnxForms(nets: Nets): Promise<{ forms: Forms; dispose(): Promise<void> }> {
  const sessions: OnnxClassifier[] = [
    await openOnnxClassifier(toOnnx(multiBranchGraph(nets.multi))),
    await openOnnxClassifier(nets.deployed ? nets.deployed.onnx : toOnnx(reparameterize(nets.multi))),
    await openOnnxClassifier(toOnnx(reparameterize(nets.plain))),
  ];
  const run = (s: OnnxClassifier) => async (x: tf.Tensor4D) => {
    const [n, h, w, c] = x.shape;
    await s.run(x.dataSync() as Float32Array, [n, h, w, c]);
  };
  return {
    forms: { multiBranch: run(sessions[0]), fused: run(sessions[1]), plain: run(sessions[2]) },
    dispose: async () => {
      for (const s of sessions) await s.release();
    },
  };
}

/** Times the three forms side by side: every repetition runs each once, in turn; medians. */
async function measure(runtime: string, forms: Forms, batch: number, shape: readonly [number, number, number], repeats: number, warmup: number): Promise<InferRow> {
  const x = tf.tensor4d(new Rng(batch).normalArray(batch * shape[0] * shape[1] * shape[2]), [batch, ...shape]);
  const names = ['multiBranch', 'fused', 'plain'] as const;
  const times: Record<(typeof names)[number], number[]> = { multiBranch: [], fused: [], plain: [] };
  try {
    for (let i = 0; i < warmup; i++) for (const n of names) await forms[n](x);
    for (let r = 0; r < repeats; r++) {
      for (const n of names) {
        const t0 = performance.now();
        await forms[n](x);
        times[n].push(performance.now() - t0);
      }
    }
  } finally {
    x.dispose();
  }
  return { runtime, batch, multiBranchMs: median(times.multiBranch), fusedMs: median(times.fused), plainMs: median(times.plain) };
}

/**
 * `reparam bench infer [run-dir]`: inference latency of the multi-branch network, its fused form and
 * the plain network of the same backbone, for batch 1 and 64, in tfjs (the selected backend) and in
 * onnxruntime-node. Without a run directory: bench-net `--variant` on random weights.
 */
export function addInferBench(bench: Command, globals: () => GlobalOptions): void {
  withExamples(bench.command('infer'), [
      'reparam bench infer runs/first-search',
      'reparam bench infer --variant full --json',
    ])
    .description('inference latency: multi-branch vs fused vs plain, batch 1 and 64, in tfjs and onnxruntime-node')
    .argument('[run-dir]', 'a run with deploy/ (reparam fuse); default: bench-net --variant on random weights')
    .option('--variant <preset>', 'genome preset of bench-net when no run is given (full, dbb, acnet, repvgg, plain)', 'full')
    .option('--batch <n>', 'batch size (repeatable; default 1 and 64)', collectPositiveInts)
    .option('--repeats <n>', 'timed repetitions per form (median)', parsePositiveInt, 10)
    .option('--warmup <n>', 'untimed repetitions first', parsePositiveInt, 2)
    .option('--json', 'print {"backend","source","repeats","rows":[{"runtime","batch","multiBranchMs","fusedMs","plainMs"}]}')
    .action(async (runDir: string | undefined, flags: InferFlags) => {
      const { registry, backend } = await createRuntime(globals());
      const nets = runDir ? await netsForRun(registry, runDir) : await netsForVariant(registry, flags.variant);
      const batches = flags.batch ?? [1, 64];
      const rows: InferRow[] = [];
      try {
        const tfjs = await tfjsForms(nets);
        try {
          for (const b of batches) rows.push(await measure(`tfjs-${backend}`, tfjs.forms, b, nets.inputShape, flags.repeats, flags.warmup));
        } finally {
          tfjs.dispose();
        }
        const ort = await onnxForms(nets);
        try {
          for (const b of batches) rows.push(await measure('onnxruntime-node', ort.forms, b, nets.inputShape, flags.repeats, flags.warmup));
        } finally {
          await ort.dispose();
        }
      } finally {
        nets.multi.dispose();
        nets.plain.dispose();
      }
      if (flags.json) {
        console.log(JSON.stringify({ backend, backbone: nets.backbone, source: nets.source, repeats: flags.repeats, rows }, null, 2));
        return;
      }
      console.log(`${nets.source}; tfjs backend ${backend}; median of ${flags.repeats}`);
      console.log(
        formatTable(
          ['runtime', 'batch', 'multi-branch ms', 'fused ms', 'plain ms', 'multi/fused', 'fused/plain'],
          rows.map((r) => [r.runtime, r.batch, r.multiBranchMs.toFixed(2), r.fusedMs.toFixed(2), r.plainMs.toFixed(2), (r.multiBranchMs / r.fusedMs).toFixed(2), (r.fusedMs / r.plainMs).toFixed(2)]),
        ),
      );
    });
}
