import { Rng } from '@reparam/core';

/**
 * Kendall's τ-b between two scorings of the same items: (concordant − discordant) pairs over the
 * pairs not tied in both, with ties counted as tau-b does (1 for identical rankings, −1 for reversed).
 */
export function kendallTau(a: readonly number[], b: readonly number[]): number {
  checkPaired(a, b);
  let concordant = 0;
  let discordant = 0;
  let tiedA = 0;
  let tiedB = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const da = Math.sign(a[i] - a[j]);
      const db = Math.sign(b[i] - b[j]);
      if (da === 0 && db === 0) continue;
      if (da === 0) tiedA++;
      else if (db === 0) tiedB++;
      else if (da === db) concordant++;
      else discordant++;
    }
  }
  const denominator = Math.sqrt((concordant + discordant + tiedA) * (concordant + discordant + tiedB));
  return denominator === 0 ? 0 : (concordant - discordant) / denominator;
}

/** Spearman's ρ: Pearson correlation of the ranks (ties share their average rank). */
export function spearmanRho(a: readonly number[], b: readonly number[]): number {
  checkPaired(a, b);
  const ra = ranks(a);
  const rb = ranks(b);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const ma = mean(ra);
  const mb = mean(rb);
  let num = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < ra.length; i++) {
    num += (ra[i] - ma) * (rb[i] - mb);
    va += (ra[i] - ma) ** 2;
    vb += (rb[i] - mb) ** 2;
  }
  return va === 0 || vb === 0 ? 0 : num / Math.sqrt(va * vb);
}

/** How many of the k best items by `a` are also among the k best by `b` (ties broken by index). */
export function topKOverlap(a: readonly number[], b: readonly number[], k: number): number {
  checkPaired(a, b);
  const top = (xs: readonly number[]) => new Set(xs.map((x, i) => [x, i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1]).slice(0, k).map(([, i]) => i));
  const ta = top(a);
  return [...top(b)].filter((i) => ta.has(i)).length;
}

/** 1-based ranks, ascending, ties sharing their average rank. */
function ranks(xs: readonly number[]): number[] {
  const order = xs.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let t = i; t <= j; t++) out[order[t][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

function checkPaired(a: readonly number[], b: readonly number[]): void {
  if (a.length !== b.length || a.length < 2) throw new Error(`rank agreement needs two scorings of the same ≥ 2 items (got ${a.length} and ${b.length})`);
}

/**
 * Bootstrap interval of Kendall τ between two scorings: the genomes (items) are resampled with
 * replacement `resamples` times from a seeded stream, and the 2.5th and 97.5th percentiles of τ are
 * returned (a 95% interval; `level` changes it). Resamples where τ is undefined are skipped.
 */
export function kendallTauInterval(
  a: readonly number[],
  b: readonly number[],
  options: { readonly resamples: number; readonly seed: number; readonly level?: number },
): [number, number] {
  checkPaired(a, b);
  const rng = new Rng(options.seed);
  const taus: number[] = [];
  for (let r = 0; r < options.resamples; r++) {
    const idx = a.map(() => rng.int(a.length));
    if (idx.every((i) => i === idx[0])) continue;
    taus.push(kendallTau(idx.map((i) => a[i]), idx.map((i) => b[i])));
  }
  taus.sort((x, y) => x - y);
  const tail = (1 - (options.level ?? 0.95)) / 2;
  const at = (q: number) => taus[Math.min(taus.length - 1, Math.max(0, Math.floor(q * taus.length)))];
  return [at(tail), at(1 - tail)];
}
