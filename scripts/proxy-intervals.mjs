// node scripts/proxy-intervals.mjs [runs/…/scores.json]: a hand analysis of `reparam bench proxy`'s
// saved scores. For every supernet variant in the file: Kendall τ against the mean of all standalone
// seeds (with a bootstrap 95% interval over genomes, 2,000 resamples) and against seeds 0-1, τ against
// the number of optional ops, and the difference to the uniform supernet of the same epochs and
// 256 calibration images (bootstrap interval of the paired difference). Also the seed-to-seed τ of
// every pair of standalone seeds and the split-half ceiling.
import { readFileSync } from 'node:fs';
import { kendallTau } from '../packages/experiments/dist/rankAgreement.js';
const s = JSON.parse(readFileSync(process.argv[2] ?? 'runs/bench-proxy/scores.json', 'utf8'));
const names = s.genomes.map((g) => g.name);
const ops = s.genomes.map((g) => Object.values(g.genome).reduce((n, o) => n + o.length, 0));
const seeds = Object.keys(s.standalone).sort();
const runs = seeds.map((k) => names.map((n) => s.standalone[k][n]));
const mean = (rs) => names.map((_, i) => rs.reduce((a, r) => a + r[i], 0) / rs.length);
const all = mean(runs);
const first2 = mean(runs.slice(0, 2));
console.log('seeds', seeds.join(','), 'split-half', runs.length >= 4 ? kendallTau(mean([runs[0], runs[2]]), mean([runs[1], runs[3]])).toFixed(3) : '-');
console.log('pairwise seed taus', runs.flatMap((a, i) => runs.slice(i + 1).map((b) => kendallTau(a, b).toFixed(2))).join(' '));
console.log('standalone vs ops', kendallTau(all, ops).toFixed(3));
let seed = 12345;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const boot = (f) => {
  const xs = [];
  for (let b = 0; b < 2000; b++) {
    const idx = names.map(() => Math.floor(rand() * names.length));
    const v = f(idx);
    if (Number.isFinite(v)) xs.push(v);
  }
  xs.sort((a, b) => a - b);
  return `[${xs[Math.floor(0.025 * xs.length)].toFixed(2)}, ${xs[Math.floor(0.975 * xs.length)].toFixed(2)}]`;
};
const pick = (arr, idx) => idx.map((i) => arr[i]);
const keys = Object.keys(s.supernet);
for (const k of keys) {
  const sc = names.map((n) => s.supernet[k][n]);
  const t = kendallTau(sc, all);
  const ci = boot((idx) => kendallTau(pick(sc, idx), pick(all, idx)));
  const base = s.supernet[k.replace(/-?sandwich/, '').replace(/-cal\d+/, '')];
  const diff = base && base !== s.supernet[k] ? boot((idx) => kendallTau(pick(sc, idx), pick(all, idx)) - kendallTau(pick(names.map((n) => base[n]), idx), pick(all, idx))) : '';
  console.log(k.padEnd(20), 'tau(4 seeds)', t.toFixed(3), ci, ' tau(seeds 0-1)', kendallTau(sc, first2).toFixed(3), ' tau(ops)', kendallTau(sc, ops).toFixed(3), diff ? ` minus uniform(same epochs) ${(t - kendallTau(names.map((n) => base[n]), all)).toFixed(3)} ${diff}` : '');
}
