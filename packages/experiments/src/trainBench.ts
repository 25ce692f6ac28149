import * as tf from '@tensorflow/tfjs';
import { presetGenome, ReparamError, Rng, slotInfos, TRAIN_DEFAULTS, Trainer } from '@reparam/core';
import type { Command } from 'commander';
import { aggregationOption, parsePositiveInt, withExamples } from '@reparam/cli';
import { createRuntime, type GlobalOptions } from '@reparam/cli';

interface TrainBenchFlags {
  variant: string;
  aggregation: string;
  batch: number;
  steps: number;
  warmup: number;
  profile?: boolean;
  json?: boolean;
}

/** One kernel's share of a profiled step: total ms over its calls (tf.profile adds its own overhead). */
interface KernelShare {
  readonly kernel: string;
  readonly ms: number;
  readonly calls: number;
  readonly share: number;
}

/** Kernel times of one run of `f`, summed per kernel, largest first. */
async function kernelShares(f: () => void): Promise<KernelShare[]> {
  const info = await tf.profile(f);
  const by = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const e = by.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    e.calls++;
    by.set(k.name, e);
  }
  const total = [...by.values()].reduce((a, e) => a + e.ms, 0);
  return [...by].map(([kernel, e]) => ({ kernel, ms: e.ms, calls: e.calls, share: e.ms / total })).sort((a, b) => b.ms - a.ms);
}

const showShares = (what: string, shares: readonly KernelShare[]) =>
  `${what}: ${shares
    .slice(0, 8)
    .map((s) => `${s.kernel} ${s.ms.toFixed(1)} ms ×${s.calls} (${(100 * s.share).toFixed(0)}%)`)
    .join(', ')}`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `reparam bench train`: training throughput and inference latency of bench-net (the yardstick:
 * ResNet-20 layout on 28×28×1, batch 64, SGD momentum 0.9, lr 0.1, weight decay 5e-4) on one backend.
 */
export function addTrainBench(bench: Command, globals: () => GlobalOptions): void {
  withExamples(bench.command('train'), [
      'reparam bench train --variant plain --json',
      'reparam --backend native bench train --variant full --aggregation online --json',
    ])
    .description('bench-net training img/s and inference ms on the selected backend (--backend)')
    .option('--variant <name>', 'plain (every slot k×k alone) or full (every applicable op)', 'plain')
    .addOption(aggregationOption('sum'))
    .option('--batch <n>', 'batch size', parsePositiveInt, 64)
    .option('--steps <n>', 'timed training steps', parsePositiveInt, 5)
    .option('--warmup <n>', 'untimed training steps, and as many inferences, first (primitive caches, allocator)', parsePositiveInt, 2)
    .option('--profile', 'also profile one training step and one inference per kernel (tf.profile): ms, calls and share of each kernel')
    .option('--json', 'print {"backend","variant","aggregation","batch","train_img_per_s","infer_ms","rss_mb"[,"profile"]}')
    .action(async (flags: TrainBenchFlags) => {
      if (flags.variant !== 'plain' && flags.variant !== 'full') throw new ReparamError(`unknown variant '${flags.variant}'; expected plain or full`);
      const { registry, backend } = await createRuntime(globals());
      const factory = registry.get('backbone', 'bench-net');
      const shape = { inputShape: [28, 28, 1] as const, classes: 10 };
      const genome = presetGenome(registry.get('preset', flags.variant), slotInfos(factory.slotDescriptors(shape), registry));
      const net = factory.create({ ...shape, genome, seed: 0, ops: registry, aggregation: registry.aggregation(flags.aggregation) });
      const trainer = new Trainer(net, { train: { size: flags.batch } } as never, { ...TRAIN_DEFAULTS, epochs: 1, batchSize: flags.batch, lr: 0.1, seed: 0 });
      const rng = new Rng(1);
      const x = tf.tensor4d(rng.normalArray(flags.batch * 28 * 28), [flags.batch, 28, 28, 1]);
      const y = tf.tensor1d(Int32Array.from({ length: flags.batch }, () => rng.int(10)), 'int32');
      for (let i = 0; i < flags.warmup; i++) trainer.trainStep(x, y, 0.1);
      const stepMs: number[] = [];
      for (let i = 0; i < flags.steps; i++) {
        const t0 = performance.now();
        trainer.trainStep(x, y, 0.1);
        stepMs.push(performance.now() - t0);
      }
      // Inference builds its own primitives (eval-mode kernels): warm it up too, then time as many
      // passes as the PyTorch peer does (10).
      for (let i = 0; i < flags.warmup; i++) tf.tidy(() => net.forward(x, false).dataSync());
      const inferMs: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t0 = performance.now();
        tf.tidy(() => net.forward(x, false).dataSync());
        inferMs.push(performance.now() - t0);
      }
      const result = {
        backend,
        variant: flags.variant,
        aggregation: flags.aggregation,
        batch: flags.batch,
        train_img_per_s: (flags.batch * 1000) / median(stepMs),
        infer_ms: median(inferMs),
        rss_mb: process.resourceUsage().maxRSS / 1024,
        ...(flags.profile
          ? {
              profile: {
                train: await kernelShares(() => trainer.trainStep(x, y, 0.1)),
                infer: await kernelShares(() => tf.tidy(() => void net.forward(x, false).dataSync())),
              },
            }
          : {}),
      };
      tf.dispose([x, y]);
      trainer.dispose();
      net.dispose();
      if (flags.json) console.log(JSON.stringify(result));
      else
        console.log(
          `bench-net ${result.variant} (${result.aggregation}) on ${backend}: ${result.train_img_per_s.toFixed(1)} img/s training (median step of ${flags.steps}), ` +
            `${result.infer_ms.toFixed(1)} ms inference of ${flags.batch}, peak RSS ${result.rss_mb.toFixed(0)} MB` +
            (result.profile ? `\n${showShares('training step', result.profile.train)}\n${showShares('inference', result.profile.infer)}` : ''),
        );
    });
}
