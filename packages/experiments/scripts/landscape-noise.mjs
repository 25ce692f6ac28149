// node packages/experiments/scripts/landscape-noise.mjs <scores.json> [<other scores.json>] [--without a+b,c]
//
// How noisy the trainings of a `reparam bench landscape` scores file are, from its seeds 0 and 1
// (the figures docs/results.md, docs/search.md and docs/proxy.md quote):
//   - one training's seed noise: sd(seed 0 − seed 1) / √2;
//   - the genomes' true spread: the variance of the 2-seed means less the noise's share, √ of it;
//   - Pearson r and Kendall τ between the seeds;
//   - the noise of a same-seed difference between two genomes, over every pair:
//     √(mean of ((a_i − a_j) − (b_i − b_j))² / 2);
//   - the share of the 2-seed means' variance the op indicators explain (least squares);
//   - each op's effect: the mean with it less the mean without it.
// Given a second file (e.g. the same ops at 12 epochs), both are read on the genomes they share;
// --without leaves genomes out of both (e.g. one that collapsed). Also the pooled noise over every
// seed when a file holds more than two.
import { readFileSync } from 'node:fs';
import { kendallTau } from '../dist/rankAgreement.js';

const argv = process.argv.slice(2);
const without = new Set((argv.includes('--without') ? argv.splice(argv.indexOf('--without'), 2)[1] : '').split(',').filter(Boolean));
const files = argv.map((f) => ({ file: f, ...JSON.parse(readFileSync(f, 'utf8')) }));
if (files.length === 0) throw new Error('usage: landscape-noise.mjs <scores.json> [<scores.json>] [--without genome,…]');
const genomes = Object.keys(files[0].scores['seed-0']).filter((g) => !without.has(g) && files.every((f) => Object.values(f.scores).every((s) => g in s)));

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs) => {
  const m = mean(xs);
  return xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
};
const pearson = (x, y) => {
  const mx = mean(x), my = mean(y);
  const sxy = x.reduce((a, xi, i) => a + (xi - mx) * (y[i] - my), 0);
  return sxy / Math.sqrt(x.reduce((a, xi) => a + (xi - mx) ** 2, 0) * y.reduce((a, yi) => a + (yi - my) ** 2, 0));
};
/** Least-squares R² of y on an intercept and the 0/1 columns of X (normal equations, Gauss–Jordan). */
const rSquared = (X, y) => {
  const rows = X.map((r) => [1, ...r]);
  const k = rows[0].length;
  const A = Array.from({ length: k }, (_, i) => [...Array.from({ length: k }, (_, j) => rows.reduce((a, r) => a + r[i] * r[j], 0)), rows.reduce((a, r, n) => a + r[i] * y[n], 0)]);
  for (let c = 0; c < k; c++) {
    const p = A.findIndex((r, i) => i >= c && Math.abs(r[c]) > 1e-12);
    [A[c], A[p]] = [A[p], A[c]];
    for (let i = 0; i < k; i++) if (i !== c) { const f = A[i][c] / A[c][c]; for (let j = c; j <= k; j++) A[i][j] -= f * A[c][j]; }
  }
  const beta = A.map((r, i) => r[k] / r[i]);
  const fit = rows.map((r) => r.reduce((a, x, i) => a + x * beta[i], 0));
  const my = mean(y);
  return 1 - y.reduce((a, yi, n) => a + (yi - fit[n]) ** 2, 0) / y.reduce((a, yi) => a + (yi - my) ** 2, 0);
};

for (const f of files) {
  const a = genomes.map((g) => 100 * f.scores['seed-0'][g]);
  const b = genomes.map((g) => 100 * f.scores['seed-1'][g]);
  const noise = Math.sqrt(variance(a.map((x, i) => x - b[i])) / 2);
  const means = a.map((x, i) => (x + b[i]) / 2);
  const spread = Math.sqrt(Math.max(0, variance(means) - noise ** 2 / 2));
  let pairs = 0, sum = 0;
  for (let i = 0; i < a.length; i++) for (let j = i + 1; j < a.length; j++) { sum += ((a[i] - a[j]) - (b[i] - b[j])) ** 2 / 2; pairs++; }
  // Only ops that some of the read genomes have and some lack: a constant column has no effect to fit.
  const ops = f.settings.ops.filter((o) => { const n = genomes.filter((g) => g.split('+').includes(o)).length; return n > 0 && n < genomes.length; });
  const has = genomes.map((g) => ops.map((o) => (g.split('+').includes(o) ? 1 : 0)));
  console.log(`${f.file}: ${genomes.length} genomes, ${f.settings.epochs} epochs`);
  console.log(`  one training's seed noise (sd)             ${noise.toFixed(2)} points`);
  console.log(`  true spread of the genomes (sd)            ${spread.toFixed(2)} points`);
  console.log(`  seed 0 against seed 1: Pearson r / Kendall τ ${pearson(a, b).toFixed(2)} / ${kendallTau(a, b).toFixed(2)}`);
  console.log(`  noise of a same-seed difference (sd)       ${Math.sqrt(sum / pairs).toFixed(2)} points`);
  console.log(`  variance of the means the ops explain      ${(100 * rSquared(has, means)).toFixed(0)}%`);
  for (const [c, op] of ops.entries()) {
    const withOp = means.filter((_, n) => has[n][c]), withoutOp = means.filter((_, n) => !has[n][c]);
    console.log(`  ${op.padEnd(14)} with ${mean(withOp).toFixed(2)}%, without ${mean(withoutOp).toFixed(2)}%: ${(mean(withOp) - mean(withoutOp) >= 0 ? '+' : '')}${(mean(withOp) - mean(withoutOp)).toFixed(2)}`);
  }
  const seeds = Object.keys(f.scores);
  if (seeds.length > 2) console.log(`  pooled seed noise over ${seeds.length} seeds         ${Math.sqrt(mean(genomes.map((g) => variance(seeds.map((s) => 100 * f.scores[s][g]))))).toFixed(2)} points`);
}
