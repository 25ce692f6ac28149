#!/usr/bin/env node
// node scripts/bench-inference.mjs [--root DIR] [--preset plain] [--runs 20]: inference latency of
// bench-net (batch 64, native backend) as built in the checkout DIR (default: this one), after a
// training-mode pass (BN statistics) and 3 warm-up inferences. Prints the median, 10th and 90th
// percentile in ms. To compare two versions, build the other in a worktree and run this script
// against each root alternately: the machines drift too much for runs minutes apart.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const root = resolve(arg('root', join(dirname(fileURLToPath(import.meta.url)), '..')));
const runs = Number(arg('runs', '20'));
const load = (p) => import(pathToFileURL(join(root, p)).href);
const { createRuntime } = await load('packages/cli/dist/index.js');
const core = await load('packages/core/dist/index.js');
// The checkout's own tfjs, so that tensors live on the engine its backend registered with.
const tf = await import(pathToFileURL(createRequire(join(root, 'packages/core/package.json')).resolve('@tensorflow/tfjs')).href);
const { registry } = await createRuntime({ backend: 'native' });
const factory = registry.get('backbone', 'bench-net');
const shape = { inputShape: [28, 28, 1], classes: 10 };
const genome = core.presetGenome(registry.get('preset', arg('preset', 'plain')), core.slotInfos(factory.slotDescriptors(shape), registry));
const net = factory.create({ ...shape, genome, seed: 0, ops: registry, aggregation: registry.aggregation('sum') });
const x = tf.randomNormal([64, 28, 28, 1], 0, 1, 'float32', 1);
tf.tidy(() => net.forward(tf.randomNormal([64, 28, 28, 1], 0, 1, 'float32', 2), true));
const ms = [];
for (let i = 0; i < runs + 3; i++) {
  const t0 = performance.now();
  tf.tidy(() => net.forward(x, false).dataSync());
  if (i >= 3) ms.push(performance.now() - t0);
}
ms.sort((a, b) => a - b);
const at = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
console.log(`${root}: median ${at(0.5)} ms (p10 ${at(0.1)}, p90 ${at(0.9)}) over ${runs} inferences of 64`);
