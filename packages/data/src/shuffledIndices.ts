import type { Rng } from '@reparam/core';

/** `0 … n−1` in an order drawn from `rng` (Fisher–Yates: every order equally likely, n − 1 draws). */
export function shuffledIndices(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInPlace(order, rng);
  return order;
}

/** Shuffles `values` in place with `rng` (Fisher–Yates). */
export function shuffleInPlace(values: Int32Array, rng: Rng): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = values[i];
    values[i] = values[j];
    values[j] = t;
  }
}
