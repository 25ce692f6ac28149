/**
 * The q-quantile of `xs` (0 ≤ q ≤ 1), interpolating linearly between order statistics (R's type 7,
 * numpy's default); `Infinity` values count as larger than any number, so the median of a list where
 * most values are Infinity is Infinity. NaN for an empty list.
 */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  if (lo === hi || sorted[lo] === sorted[hi]) return sorted[lo];
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}
