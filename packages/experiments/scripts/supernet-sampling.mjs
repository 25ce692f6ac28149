// node packages/experiments/scripts/supernet-sampling.mjs [scheme=uniform|every-op|shrinking] [epochs=2] [scores=runs/proxy-plain56/scores.json]
//
// How a weight-sharing supernet trains on plain56 (width 0.5, Fashion-MNIST, 10,000 images, online)
// under three sub-network schemes, and how its scores rank the genomes of a `reparam bench proxy`
// scores file against their standalone mean:
//   uniform   — each optional op on with probability ½ every step (the supernet evaluator's default);
//   every-op  — every op always on (the every-op network, trained alone; sub-networks are scored by
//               switching ops off);
//   shrinking — every op on at first, then each op on with a probability falling linearly to ½ over
//               the first three quarters of training (progressive shrinking).
// Prints the training accuracy of each epoch (with the sampled sub-networks) and Kendall τ.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { createRuntime } from '@reparam/cli';
import { loadSearchSetting } from '@reparam/runs';
import { activateGenome, evaluate, everyOpGenome, recalibrateBatchNorms, Rng, Trainer, TRAIN_DEFAULTS } from '@reparam/core';
import { kendallTau } from '../dist/rankAgreement.js';

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.split('=')));
const scheme = args.scheme ?? 'uniform';
const epochs = Number(args.epochs ?? 2);
const scores = JSON.parse(readFileSync(args.scores ?? 'runs/proxy-plain56/scores.json', 'utf8'));
const { registry } = await createRuntime({});
registry.aggregation('online');
const setting = await loadSearchSetting(registry, { backbone: 'plain56', dataset: 'fashion-mnist', width: 0.5, aggregation: 'online', seed: 0, limit: 10000, validationFraction: 0.1 });
const net = setting.build(everyOpGenome(setting.space), 0);
const trainer = new Trainer(net, setting.data, { ...TRAIN_DEFAULTS, epochs, batchSize: 64, lr: 0.1, seed: 0 });
const total = trainer.stepsPerEpoch * epochs;
const sample = (rng, p) => Object.fromEntries(setting.space.slots.map((s) => [s.name, s.options.filter(() => rng.uniform() < p)]));
const subnet = (epoch, step) => {
  const rng = new Rng((epoch * 100003 + step * 7919 + 17) >>> 0);
  const t = ((epoch - 1) * trainer.stepsPerEpoch + step) / total;
  if (scheme === 'uniform') return sample(rng, 0.5);
  if (scheme === 'every-op') return undefined;
  if (scheme === 'shrinking') return sample(rng, 1 - 0.5 * Math.min(1, t / 0.75));
  throw new Error(`unknown scheme ${scheme}`);
};
await trainer.run({
  beforeStep: (e, s) => activateGenome(net, subnet(e, s)),
  onEvent: (e) => e.type === 'epoch' && console.log(`epoch ${e.epoch}: training accuracy ${(100 * e.trainAccuracy).toFixed(1)}% (sampled sub-networks)`),
});
trainer.dispose();
const calibration = [];
let n = 0;
for (const b of setting.data.train.batches(64, { rng: new Rng(0x5f3759df), augment: false })) {
  if (n < 256) calibration.push(b), (n += b.y.shape[0]);
  else tf.dispose([b.x, b.y]);
}
const score = [];
const mean = [];
for (const g of scores.genomes) {
  activateGenome(net, g.genome);
  await recalibrateBatchNorms(net, () => calibration.forEach((b) => tf.tidy(() => void net.forward(b.x, true))));
  score.push(evaluate(net, setting.data.validation).accuracy);
  const runs = Object.values(scores.standalone).map((s) => s[g.name]);
  mean.push(runs.reduce((a, b) => a + b, 0) / runs.length);
}
console.log(`${scheme}, ${epochs} epochs: scores ${(100 * Math.min(...score)).toFixed(1)}–${(100 * Math.max(...score)).toFixed(1)}%; Kendall τ against the standalone mean ${kendallTau(score, mean).toFixed(2)} over ${score.length} genomes`);
