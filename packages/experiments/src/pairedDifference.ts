/** Two-sided 97.5% quantiles of Student's t for 1–30 degrees of freedom (beyond: the normal 1.96). */
const T_975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08,
  2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The mean of `a − b` over paired samples (same seeds) with its 95% confidence interval. */
export interface PairedDifference {
  readonly n: number;
  readonly mean: number;
  /** 95% interval (t distribution, n − 1 degrees of freedom); equal to `mean` when n < 2. */
  readonly low: number;
  readonly high: number;
  /** `better` / `worse` when the interval excludes 0, otherwise `no difference` (inside the noise). */
  readonly verdict: 'better' | 'worse' | 'no difference';
}

/** Paired difference of `a` and `b` (equal lengths, index i of both from the same seed). */
export function pairedDifference(a: readonly number[], b: readonly number[]): PairedDifference {
  if (a.length !== b.length || a.length === 0) throw new Error(`paired samples need equal, non-zero lengths (got ${a.length} and ${b.length})`);
  const d = a.map((x, i) => x - b[i]);
  const n = d.length;
  const mean = d.reduce((s, x) => s + x, 0) / n;
  if (n < 2) return { n, mean, low: mean, high: mean, verdict: 'no difference' };
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  const half = (T_975[n - 2] ?? 1.96) * (sd / Math.sqrt(n));
  const low = mean - half;
  const high = mean + half;
  return { n, mean, low, high, verdict: low > 0 ? 'better' : high < 0 ? 'worse' : 'no difference' };
}

const points = (x: number) => `${x >= 0 ? '+' : ''}${(100 * x).toFixed(2)}`;

/** A markdown table of paired differences of accuracies (a − b, in percentage points, with the 95% interval). */
export function pairedDifferenceTable(comparisons: readonly ({ readonly a: string; readonly b: string } & PairedDifference)[]): string {
  return [
    '| comparison | mean difference (points) | 95% interval | verdict |',
    '| --- | --- | --- | --- |',
    ...comparisons.map((c) => `| ${c.a} − ${c.b} | ${points(c.mean)} | [${points(c.low)}, ${points(c.high)}] | ${c.verdict} |`),
  ].join('\n');
}
