/**
 * Learning rate at step `t` of `total`: linear warm-up over `warmup` steps to `base`, then cosine
 * decay to 0 at the last step.
 */
export function cosineSchedule(base: number, t: number, total: number, warmup = 0): number {
  if (warmup > 0 && t < warmup) return (base * (t + 1)) / warmup;
  const span = Math.max(1, total - warmup);
  const progress = Math.min(1, (t - warmup) / span);
  return 0.5 * base * (1 + Math.cos(Math.PI * progress));
}
